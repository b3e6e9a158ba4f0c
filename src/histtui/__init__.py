"""histtui: revise O-level History (Elective) from the terminal."""

__version__ = "0.1.0"
