"""reader: a keyboard-driven terminal reader with extractive summaries and entity marks."""

__version__ = "0.1.0"
