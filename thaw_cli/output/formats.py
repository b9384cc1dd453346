"""Output formats for list-like commands: `--format table|json|jsonl|csv|md` and `--fields`.

The machine formats are written here, from the same JSON-ready dicts every command builds:
- json: one array, jsonl: one object per line (both keep nested values as they are);
- csv: RFC 4180 (the csv module, CRLF line ends, a header row), lists joined with "; ",
  objects as compact JSON;
- md: a GitHub pipe table, `|` escaped as `\\|`, newlines as `<br>`.
`--fields a,b,c` chooses the fields (and their order) of every format; an unknown field is an
error that lists the valid ones, as `gh --json` does.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from thaw_cli.core.errors import ThawError
from thaw_cli.core.models import FORMATS
from thaw_cli.output.text import cell


def parse_fields(text: str | None, valid: Sequence[str]) -> list[str] | None:
    """`--fields a,b,c` → ["a", "b", "c"]; ThawError naming the valid fields for a bad one."""
    if text is None:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise ThawError(f"--fields needs at least one field; valid fields: {', '.join(valid)}")
    unknown = [n for n in names if n not in valid]
    if unknown:
        which = "field" if len(unknown) == 1 else "fields"
        raise ThawError(
            f"unknown {which} {', '.join(repr(n) for n in unknown)}; valid fields: {', '.join(valid)}"
        )
    seen: dict[str, None] = {}
    for n in names:
        seen.setdefault(n, None)
    return list(seen)


def choose(formats: str | None, json_: bool, jsonl: bool, default: str = "table") -> str:
    """The format asked for: `--json`/`--jsonl` are shortcuts for `--format json|jsonl`."""
    asked = [f for f, on in (("json", json_), ("jsonl", jsonl)) if on]
    if formats is not None:
        asked.append(formats)
    if len(set(asked)) > 1:
        raise ThawError("choose one output format (--format, --json or --jsonl)")
    fmt = asked[0] if asked else default
    if fmt not in FORMATS:
        raise ThawError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    return fmt


def select(rows: Iterable[dict[str, Any]], fields: Sequence[str] | None) -> list[dict[str, Any]]:
    """Keep only `fields` (in that order) of each row; every row when `fields` is None."""
    if fields is None:
        return list(rows)
    return [{f: row.get(f) for f in fields} for row in rows]


def columns(rows: Sequence[dict[str, Any]], fields: Sequence[str] | None, valid: Sequence[str]) -> list[str]:
    if fields is not None:
        return list(fields)
    if rows:
        return list(rows[0])
    return list(valid)


def write_csv(rows: Sequence[dict[str, Any]], cols: Sequence[str], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(cols)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in cols])
    out.write(buf.getvalue())
    out.flush()


def md_cell(value: Any) -> str:
    text = cell(value).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def write_markdown(rows: Sequence[dict[str, Any]], cols: Sequence[str], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    lines = [
        "| " + " | ".join(md_cell(c) for c in cols) + " |",
        "|" + "|".join(" --- " for _ in cols) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(md_cell(row.get(c)) for c in cols) + " |")
    out.write("\n".join(lines) + "\n")
    out.flush()


def write_json(data: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    out.flush()


def write_jsonl(items: Iterable[Any], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
    out.flush()


def write(rows: list[dict[str, Any]], fmt: str, fields: Sequence[str] | None, valid: Sequence[str]) -> bool:
    """Write rows in a machine format; False when the format is the human table."""
    chosen = select(rows, fields)
    if fmt == "json":
        write_json(chosen)
    elif fmt == "jsonl":
        write_jsonl(chosen)
    elif fmt == "csv":
        write_csv(chosen, columns(chosen, fields, valid))
    elif fmt == "md":
        write_markdown(chosen, columns(chosen, fields, valid))
    else:
        return False
    return True


def emit(items: list[Any], fmt: str, fields: list[str] | None = None, valid: list[str] | None = None) -> bool:
    """Write list-like output in a machine format (json, jsonl, csv, md; see formats.py), or
    a plain table of the chosen `fields`; False when the command's own table should be shown."""
    if write(items, fmt, fields, valid or []):
        return True
    if fields is not None:
        # (lazy: the terminal views and, through them, Rich are not loaded for machine formats)
        from thaw_cli.output.terminal import fields_table

        fields_table(select(items, fields), fields)
        return True
    return False
