"""Errors the core raises for the user to read; the CLI turns them into one line and an exit status."""

from __future__ import annotations

# Exit statuses, documented in the README.
EXIT_OK = 0
EXIT_NOTHING_FOUND = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class ThawError(Exception):
    """A user error: bad id, bad query, bad date, missing file... One line, never a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class FileProblem(Exception):
    """A corpus file that cannot be read as an article; it is skipped with a warning."""
