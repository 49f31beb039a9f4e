"""The app's screens: reading, library, marks and notes, search, help."""
