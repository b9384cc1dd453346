"""The command line: the Typer app and its commands (app.py), and every use of typer's and
Click's private API in one quarantine file (typer_compat.py)."""
