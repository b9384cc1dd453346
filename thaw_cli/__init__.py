"""thaw: a command-line news-digest tool."""

__version__ = "0.1.0"
