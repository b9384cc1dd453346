"""The house rules of thaw_cli (README "Architecture"), checked on the code itself.

`lint-imports` (contracts in pyproject.toml) checks the layers, that output depends on core
only, that only cli and output import typer/click/rich, and that no import cycle exists; these
tests run it too, show that it counts imports inside functions, and check what it cannot: SQL
only in store, stdout/stderr only from output, no module taking another's `_private` name,
dependencies' private APIs only in their quarantine files, and a comment on every first-party
import made inside a function.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT / "thaw_cli"
LAYERS = ["cli", "app", "queries", "store", "analysis", "ingest", "core"]
# Files allowed to use a dependency's private API, each with the pin that fences it.
QUARANTINE = {
    "thaw_cli/cli/typer_compat.py": "typer",
    "thaw_cli/store/pool_compat.py": "python",
    "thaw_cli/analysis/langid_compat.py": "py3langid",
}


def _modules() -> dict[str, ast.Module]:
    return {str(p.relative_to(PROJECT)): ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(PACKAGE.rglob("*.py"))}


def _in(path: str, package: str) -> bool:
    return path.startswith(f"thaw_cli/{package}/")


def _lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "importlinter.cli"]
    return subprocess.run([*cmd, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_packages_are_the_layers() -> None:
    found = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert found == sorted([*LAYERS, "output"])
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]  # every other module lives in a layer


def test_import_linter_contracts_hold() -> None:
    result = _lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "Contracts: 5 kept, 0 broken" in result.stdout


def test_import_linter_sees_a_forbidden_import_inside_a_function(tmp_path: Path) -> None:
    """The same contracts on a copy of the package with one edge added inside a function
    (analysis -> store, the edge the old `find_entities` had): lint-imports must fail."""
    shutil.copytree(PACKAGE, tmp_path / "thaw_cli", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "thaw_cli" / "analysis" / "entities.py"
    target.write_text(target.read_text(encoding="utf-8") + (
        "\n\ndef _reads_the_index() -> object:\n"
        "    from thaw_cli.store.index import Index  # a forbidden edge, inside a function\n\n"
        "    return Index\n"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = _lint_imports(tmp_path, env)
    assert result.returncode != 0
    assert "thaw_cli.analysis.entities -> thaw_cli.store.index" in result.stdout


def test_no_import_cycle_counting_imports_inside_functions() -> None:
    import grimp

    graph = grimp.build_graph("thaw_cli", exclude_type_checking_imports=False)
    # imports inside functions are in the graph (this one exists only inside _parse_file)
    assert graph.direct_import_exists(importer="thaw_cli.store.index", imported="thaw_cli.analysis.pipeline")
    edges = {m: graph.find_modules_directly_imported_by(m) - {"thaw_cli"} for m in graph.modules}
    # Tarjan's strongly connected components: a component of two or more modules is a cycle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in edges.get(v, ()):
                cycles.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for m in sorted(edges):
        if m not in index:
            visit(m)
    assert cycles == []


def test_only_store_runs_sql() -> None:
    offenders = []
    for path, tree in _modules().items():
        if _in(path, "store"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("conn", "execute", "executemany", "executescript", "cursor"):
                offenders.append(f"{path}:{node.lineno} .{node.attr}")
    assert offenders == []


def test_only_output_writes_to_the_terminal() -> None:
    offenders = []
    for path, tree in _modules().items():
        # __main__ prints one line when Ctrl-C arrives while thaw's own modules are loading
        if _in(path, "output") or path == "thaw_cli/__main__.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr") and \
                    isinstance(node.value, ast.Name) and node.value.id == "sys":
                offenders.append(f"{path}:{node.lineno} sys.{node.attr}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                offenders.append(f"{path}:{node.lineno} print()")
            if isinstance(node, ast.Attribute) and node.attr in ("echo", "secho") and \
                    isinstance(node.value, ast.Name) and node.value.id in ("typer", "click"):
                offenders.append(f"{path}:{node.lineno} {node.value.id}.{node.attr}")
    assert offenders == []


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_module_imports_another_modules_private_name() -> None:
    offenders = []
    for path, tree in _modules().items():
        thaw_aliases: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("thaw_cli"):
                for alias in node.names:
                    if _private(alias.name):
                        offenders.append(f"{path}:{node.lineno} from {node.module} import {alias.name}")
                    thaw_aliases.add(alias.asname or alias.name)
                if any(_private(part) for part in node.module.split(".")):
                    offenders.append(f"{path}:{node.lineno} from {node.module}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("thaw_cli"):
                        thaw_aliases.add((alias.asname or alias.name).split(".")[0])
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr) and \
                    isinstance(node.value, ast.Name) and node.value.id in thaw_aliases:
                offenders.append(f"{path}:{node.lineno} {node.value.id}.{node.attr}")
    assert offenders == []


def test_dependencies_private_apis_only_in_quarantine_files() -> None:
    offenders = []
    for path, tree in _modules().items():
        if path in QUARANTINE:
            continue
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("thaw_cli") and node.level == 0:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if not a.name.startswith("thaw_cli")]
            for name in names:
                if any(_private(part) for part in name.split(".")):
                    offenders.append(f"{path}:{node.lineno} {name}")
    assert offenders == []


def test_each_quarantine_file_is_fenced_by_an_upper_pin() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for path, dependency in QUARANTINE.items():
        text = (PROJECT / path).read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text)) or ""
        for part in ("Why it exists", "Checked on", "How to delete it"):
            assert part in doc, (path, part)
        if dependency == "python":
            spec = project["requires-python"]
        else:
            spec = next(d for d in project["dependencies"] if re.match(rf"{dependency}\b", d, re.I))
        assert "<" in spec, (path, spec)


def test_first_party_imports_inside_functions_say_what_they_save() -> None:
    """Allowed only for start-up time, with a comment (on the import, or just above its block)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").split("\n")
        tree = ast.parse("\n".join(lines))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            bodies = [b for x in ast.walk(fn) for b in (getattr(x, "body", None), getattr(x, "orelse", None),
                                                         getattr(x, "finalbody", None)) if isinstance(b, list)]
            for body in bodies:
                group: list[ast.stmt] = []
                for stmt in [*body, None]:
                    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                        group.append(stmt)
                        continue
                    first_party = [s for s in group if isinstance(s, ast.ImportFrom) and (s.module or "").startswith("thaw_cli")
                                   or isinstance(s, ast.Import) and any(a.name.startswith("thaw_cli") for a in s.names)]
                    if first_party:
                        start, end = group[0].lineno, group[-1].end_lineno or group[-1].lineno
                        if not any("#" in line for line in lines[start - 2:end]):
                            offenders += [f"{path.relative_to(PROJECT)}:{s.lineno}" for s in first_party]
                    group = []
    assert offenders == []


@pytest.mark.parametrize("package", [*LAYERS, "output"])
def test_each_package_says_what_it_is(package: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc) > 40
