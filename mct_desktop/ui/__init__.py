"""Qt widgets of MCT Desktop; every PySide6 import of the app lives under here."""
