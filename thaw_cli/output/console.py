"""The terminal's two streams: notes, warnings and errors on stderr (one line each), progress
bars, and plain text on stdout. Text that comes from articles is shown through `safe()`:
terminal control sequences are made visible.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from thaw_cli.core.models import RefreshReport

if TYPE_CHECKING:
    from rich.console import Console


# C0 controls except tab/newline, DEL, C1 controls, and bidirectional formatting characters.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str | None) -> str:
    """Text from an article made harmless for a terminal: control characters shown escaped."""
    if not text:
        return ""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    sys.stderr.write(f"thaw: warning: {one_line(message)}\n")


def note(message: str) -> None:
    sys.stderr.write(f"thaw: {one_line(message)}\n")


def error(message: str) -> None:
    sys.stderr.write(f"thaw: error: {one_line(message)}\n")


def report_refresh(report: RefreshReport, *, verbose: bool = False) -> None:
    """Notes and skipped-file warnings of an index refresh, on stderr."""
    for n in report.notes:
        note(n)
    for w in report.warnings:
        warn(f"{w.path}: {w.reason}")
    if verbose:
        kind = "full check" if report.full else "quick check"
        note(
            f"index up to date ({kind}): {report.added} added, {report.changed} changed, "
            f"{report.removed} removed, {report.skipped} skipped, {report.unchanged} unchanged "
            f"in {report.seconds:.2f} s"
        )


@contextmanager
def progress_bar(label: str, *, min_total: int = 0) -> Iterator[Any]:
    """Yields a callback(done, total) that shows a Rich progress bar on stderr when stderr is
    a terminal and there are at least `min_total` files to do; Rich is imported only then."""
    if not sys.stderr.isatty():
        yield None
        return
    import time
    from contextlib import ExitStack

    state: dict[str, Any] = {}
    started = time.perf_counter()

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if total < max(min_total, 1):
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            bar = stack.enter_context(Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                TextColumn("[progress.data.speed]{task.fields[rate]}"),
                TimeRemainingColumn(), console=err_console(), transient=True,
            ))
            state["bar"] = bar
            state["task"] = bar.add_task(label, total=total or None, rate="")
        elapsed = max(time.perf_counter() - started, 1e-6)
        state["bar"].update(state["task"], completed=done, total=total or None,
                            rate=f"{done / elapsed:,.0f} files/s")

    with ExitStack() as stack:
        yield update


def one_line(text: str | None) -> str:
    """`safe()` for fields that must stay on one line (ids, titles, file names): newlines and
    tabs are shown escaped too, so a file named `a\nb.md` cannot fake a second line."""
    return safe(text).replace("\n", "\\n").replace("\t", "\\t")


def write_text(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def write_file_contents(data: bytes) -> None:
    """A file as it is on disk (`thaw show --raw`): its bytes to a pipe, made safe to a terminal."""
    if sys.stdout.isatty():
        sys.stdout.write(safe(data.decode("utf-8", errors="replace")))
    else:
        sys.stdout.buffer.write(data)
    sys.stdout.flush()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def silence_stdout() -> None:
    """The reader went away (`thaw list --json | head -1`): what is still written goes nowhere,
    so Python's flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
