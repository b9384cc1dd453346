"""The Typer app and its commands."""
