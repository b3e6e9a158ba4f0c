"""Widgets that show the guide and a student's progress."""
