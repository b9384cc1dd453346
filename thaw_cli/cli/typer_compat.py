"""Every use of typer's and Click's private API, in one place (the quarantine).

Why it exists: start-up time. A thaw command runs in ~110 ms where a one-command Typer app
takes ~175 ms, because
- `LazyCommands` builds only the Click command that runs (building all fourteen costs ~40 ms);
- `DeferredCoercion` coerces a parameter's value the way typer does, without building typer's
  pydantic TypeAdapter (~75 ms to import pydantic, ~2 ms per parameter) for the common cases:
  a value left at its default, a plain string, a path, a plain-digit int; everything else goes
  to typer's own coercion;
- help labels (TEXT, N, PATH; no `<bool>` on flags) replace typer 0.29's `<str>`, `<int range>`.

What it touches: `typer._click` (typer 0.29 vendors Click there), `typer._coercion
.build_runtime_param`, `typer.main.get_command_name` / `get_command_from_info` /
`get_command`, and the attributes `_runtime_param` and `type_descriptor` of typer's Click
parameters.

Checked on: typer 0.29.0-0.29.2 (pyproject pins typer >=0.29,<0.30). The guard test
(tests/test_cli_startup.py) compares `quick_value` with typer's own coercion for every
parameter of every command and fails if any of these names is gone.

How to delete it: make `thaw_cli.cli.app.command()` return `typer.main.get_command(app)`, and
import `Context` and `ClickException` from `click` (or `typer`) wherever app.py needs them;
every command still works, only start-up is slower (tests/test_cli_startup.py's pydantic
check and the README's start-up figures will say so).
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

from typer._click import Context as ClickContext  # typer 0.29 vendors click as typer._click
from typer._click.core import ParameterSource
from typer._click.exceptions import ClickException

__all__ = ["ClickContext", "ClickException", "DeferredCoercion", "LazyCommands", "ParameterSource",
           "defer_coercion", "lazy_group", "quick_value"]


class LazyCommands(MutableMapping[str, Any]):
    """The command table of the group, each Click command built from its Typer function on first use.

    Building all fourteen commands costs ~40 ms at every start; a run needs one of them (help and
    completion, which list them all, build them all).
    """

    def __init__(self, infos: list[Any], *, pretty_exceptions_short: bool, rich_markup_mode: Any) -> None:
        from typer.main import get_command_name

        self._infos = {info.name or get_command_name(info.callback.__name__): info for info in infos}
        self._built: dict[str, Any] = {}
        self._options = {"pretty_exceptions_short": pretty_exceptions_short,
                         "rich_markup_mode": rich_markup_mode}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            from typer.main import get_command_from_info

            self._built[name] = defer_coercion(get_command_from_info(self._infos[name], **self._options))
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        self._infos.setdefault(name, None)

    def __delitem__(self, name: str) -> None:
        self._built.pop(name, None)
        del self._infos[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)


class DeferredCoercion:
    """Coerces one parameter's value the way typer 0.29 does, without pydantic for the common cases.

    Typer builds a pydantic TypeAdapter for every parameter of the command that runs (~2 ms each,
    and ~75 ms to import pydantic on the first). A value left at None, a default of the declared type
    and a plain string or path from the command line need none; anything else goes to typer's own
    coercion, built on first use. tests/test_cli_startup.py checks both agree.
    """

    def __init__(self) -> None:
        self._runtime: Any = None

    def coerce(self, value: Any, param: Any, ctx: ClickContext) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        quick = quick_value(value, param, ctx)
        if quick is not None:
            return quick
        return self.typer_coerce(value, param, ctx)

    def typer_coerce(self, value: Any, param: Any, ctx: ClickContext) -> Any:
        if self._runtime is None:
            from typer._coercion import build_runtime_param

            self._runtime = build_runtime_param(param.type_descriptor)
        return self._runtime.coerce(value, param=param, ctx=ctx)


def quick_value(value: Any, param: Any, ctx: ClickContext | None) -> Any:
    """The coerced value when it needs no validation, else None."""
    if param.multiple or param.nargs != 1:
        return None
    desc = param.type_descriptor
    info = desc.parameter_info
    ann = desc.annotation
    if info.parser is not None or desc.file_annotation is not None or not isinstance(ann, type):
        return None
    if ctx is not None and ctx.get_parameter_source(param.name) is ParameterSource.DEFAULT:
        # A default declared in this module is already of its type.
        return value if type(value) is ann else None
    if ann is str and type(value) is str:
        return value
    if ann is int and type(value) is str and value.isascii() and value.isdigit() and not info.clamp:
        number = int(value)
        in_range = (info.min is None or number >= info.min) and (info.max is None or number <= info.max)
        return number if in_range else None  # out of range: typer says why
    if ann is Path and type(value) is str and value and not (
            info.exists or info.resolve_path or info.allow_dash or info.writable
            or not info.readable or not info.file_okay or not info.dir_okay or info.path_type):
        return Path(value)
    return None


def defer_coercion(cmd: Any) -> Any:
    """Give each typer parameter of `cmd` (its --help option too) a DeferredCoercion and a
    plain help label."""
    for param in cmd.params:
        defer_param(param)
    make_help = cmd.get_help_option
    cmd.get_help_option = lambda ctx: defer_param(make_help(ctx))  # made anew for each context
    return cmd


_LABELS = {str: "TEXT", int: "N", Path: "PATH"}


def defer_param(param: Any) -> Any:
    if getattr(param, "_runtime_param", False) is None:  # typer's coercion, not built yet
        param._runtime_param = DeferredCoercion()
    if param.metavar is None and hasattr(param, "type_descriptor"):
        # typer 0.29 labels values <str>, <path>, <int range>, and flags <bool> as if they took one
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.param_type_name == "argument":
            param.metavar = param.name.upper()
        elif param.type_descriptor.annotation in _LABELS:
            param.metavar = _LABELS[param.type_descriptor.annotation]
    return param


def lazy_group(app: Any) -> Any:
    """The Click group of a Typer `app`, as `typer.main.get_command(app)` makes it but with lazy
    commands and deferred coercion."""
    from typer.main import get_command as typer_command

    infos = app.registered_commands
    app.registered_commands = []
    try:
        group = typer_command(app)  # the group: root options, completion options, no commands yet
    finally:
        app.registered_commands = infos
    defer_coercion(group)
    group.commands = LazyCommands(infos, pretty_exceptions_short=app.pretty_exceptions_short,
                                  rich_markup_mode=app.rich_markup_mode)
    return group
