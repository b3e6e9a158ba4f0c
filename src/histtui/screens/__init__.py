"""The app's screens: the Smart Guide overview, the reader and help."""
