"""The start-up shortcuts of cli.py: lazy commands and coercion without pydantic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command as typer_command

from thaw_cli.cli.app import app, command
from thaw_cli.cli.typer_compat import DeferredCoercion, ParameterSource, quick_value


class _Ctx:
    """Just enough of a Click context for the coercion: where a value came from."""

    def __init__(self, source: ParameterSource) -> None:
        self.source = source

    def get_parameter_source(self, name: str) -> ParameterSource:
        return self.source


def _all_params() -> list:
    group = command()
    params = list(group.params)
    for name in group.list_commands(None):  # type: ignore[arg-type]
        params.extend(group.commands[name].params)
    return params


def test_lazy_group_has_the_same_commands_and_options_as_typer() -> None:
    lazy = command()
    eager = typer_command(app)
    assert lazy.list_commands(None) == eager.list_commands(None)  # type: ignore[arg-type]
    for name in eager.list_commands(None):  # type: ignore[arg-type]
        mine = [(p.name, p.opts, p.default) for p in lazy.commands[name].params]
        theirs = [(p.name, p.opts, p.default) for p in eager.commands[name].params]  # type: ignore[attr-defined]
        assert mine == theirs, name


@pytest.mark.parametrize("value", ["x", "", " a b ", "COVID-19", "-", "~/news", "ü/中文", "10", "0", "007", "99999999999", "none"])
def test_quick_coercion_agrees_with_typer(value: str) -> None:
    checked = 0
    for param in _all_params():
        if param.multiple or param.nargs != 1:
            continue
        quick = quick_value(value, param, _Ctx(ParameterSource.COMMANDLINE))  # type: ignore[arg-type]
        if quick is None:
            continue
        checked += 1
        assert quick == DeferredCoercion().typer_coerce(value, param, None)  # type: ignore[arg-type]
        assert type(quick) is type(DeferredCoercion().typer_coerce(value, param, None))  # type: ignore[arg-type]
    assert checked > 20  # str and Path options of many commands took the shortcut


def test_defaults_keep_their_type_and_value() -> None:
    for param in _all_params():
        if param.default is None or param.multiple or param.nargs != 1:
            continue
        quick = quick_value(param.default, param, _Ctx(ParameterSource.DEFAULT))  # type: ignore[arg-type]
        if quick is not None:
            assert quick == DeferredCoercion().typer_coerce(param.default, param, None)  # type: ignore[arg-type]


def test_search_and_list_do_not_import_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "index = sys.argv[1]\n"
        "sys.argv = ['thaw', '--index', index, 'search', 'chademo', '--json']\n"
        "from thaw_cli.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.argv = ['thaw', '--index', index, 'list', '--json', '--limit', '1']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('pydantic' in sys.modules, file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "i.sqlite3")],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "CHAdeMO" in run.stdout
    assert run.stderr.strip().splitlines()[-1] == "False", run.stderr


def test_numbers_out_of_range_or_odd_go_to_typer() -> None:
    search = command().commands["search"]
    limit = next(p for p in search.params if p.name == "limit")
    for text in ("0", "-3", " 5", "1_000", "٣", "5.0"):
        assert quick_value(text, limit, _Ctx(ParameterSource.COMMANDLINE)) is None  # type: ignore[arg-type]
    assert quick_value("5", limit, _Ctx(ParameterSource.COMMANDLINE)) == 5  # type: ignore[arg-type]
