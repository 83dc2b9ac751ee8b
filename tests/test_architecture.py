"""The layers of docs/architecture.md, read from the imports themselves.

rules ← core ← apps ← api, cli: a module imports only from its own layer or
below, and no package's modules import each other in a circle. The imports are
read with `ast`, every `import` and `from` at any depth (a function-level import
is still a dependency), so nothing needs to run.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
ROOT = SRC / "madoguchi"

# The kernel: what every app may use. `madoguchi.core.clock` is the kernel's clock
# (to move into core/ with the city, issue 10).
KERNEL = {"core", "clock"}
FRONTS = {"api", "cli"}
# Whole-site composition, above every layer: the URL map, the WSGI entry point,
# the error handlers, settings.
COMPOSITION = {"urls", "wsgi", "errors", "settings"}

# Circles still to be cut. A new circle fails the test, and so does one of
# these that is gone: strike it here. (Issue 10's booking circle is cut:
# booking/services/seats.py under bookings, the waiting list and pickups, and
# queue/services/check_in.py beside tickets.)
KNOWN_CIRCLES: list[set[str]] = []


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(SRC).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """Every madoguchi module `name` imports (a `from x import y` names x, and x.y when y is a module)."""
    path, is_package = MODULES[name]
    package = name if is_package else name.rsplit(".", 1)[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets.add(module)
            targets.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
    return {t for t in targets if t in MODULES and t != name}


GRAPH = {name: _imports(name) for name in MODULES}


def _top(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(top: str) -> int:
    if top == "rules":
        return 0
    if top in KERNEL:
        return 1
    if top in FRONTS:
        return 3
    if top == "":
        return 0  # the package itself (holds nothing)
    if top in COMPOSITION:
        return 4
    return 2  # an app: booking, counter, guide, notices, queue, staff, audit, web, backup, data


def test_the_graph_is_read():
    assert "madoguchi.rules.validity" in GRAPH["madoguchi.rules.lifecycle.transitions"]
    assert "madoguchi.core.problems" in GRAPH["madoguchi.api.problems"]


def test_no_module_imports_from_a_higher_layer():
    upward = sorted(
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if _layer(_top(target)) > _layer(_top(name))
    )
    assert upward == []


def test_an_app_uses_another_app_only_through_its_public_parts():
    """`_private` names stay inside their module."""
    offenders = []
    for name, (path, _) in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("madoguchi."):
                offenders += [f"{name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_") and a.name != "__version__"]
    assert offenders == []


def _circles() -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def test_no_new_import_circle():
    circles = _circles()
    new = [sorted(c) for c in circles if c not in KNOWN_CIRCLES]
    assert new == [], "modules that import each other in a circle"


@pytest.mark.parametrize("known", KNOWN_CIRCLES, ids=lambda c: sorted(c)[0])
def test_each_known_circle_is_still_there_or_struck_from_the_list(known):
    assert known in _circles(), "this circle is gone: strike it from KNOWN_CIRCLES"
