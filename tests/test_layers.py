"""The import layers of the package, and no circles between its modules.

Bottom to top: field reading (``_fields``), the parsing core (``_core``), conversion
(``_convert``), the Dask engine's parts (``_dask``), the public modules
(``reviewparse``, ``reviewparse.dask``, ``reviewparse.strategies``), the command
line (``_cli``) and ``__main__``. A module may import its own layer and the ones
below it, never one above; ``_fields`` imports nothing else of reviewparse. Every
import counts, also one inside a function, except those under ``if TYPE_CHECKING:``,
which never run. docs/design.md ("Layers") draws the same picture.

No module reaches for another module's private names either: a name a second
module needs moves where both can import it, and loses its underscore.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Module-name prefixes and their layer, lowest first. Every module must have one.
LAYERS: tuple[tuple[str, int], ...] = (
    ("reviewparse._version", 0),
    ("reviewparse._corpus", 0),  # the seeded page generator: imports nothing of ours
    ("reviewparse._fields", 1),
    ("reviewparse._core", 2),
    ("reviewparse._convert", 3),
    ("reviewparse._dask", 4),
    ("reviewparse.dask", 5),
    ("reviewparse.strategies", 5),
    ("reviewparse._strategies", 5),  # strategies.py's helpers
    ("reviewparse", 5),  # the package itself: the public names
    ("reviewparse._cli", 6),
    ("reviewparse.__main__", 7),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    for prefix, rank in sorted(LAYERS, key=lambda item: -len(item[0])):
        if module == prefix or module.startswith(prefix + "."):
            return rank
    raise LookupError(f"{module} is in no layer: give it one in LAYERS")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _run_time_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node that can run: the bodies of ``if TYPE_CHECKING:`` are left out."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for branch in node.orelse:
                yield branch
                yield from _run_time_nodes(branch)
            continue
        yield node
        yield from _run_time_nodes(node)


def imports(source: str, module: str, known: set[str]) -> Iterator[tuple[str, str | None]]:
    """(imported reviewparse module, the name taken from it, if a name) for each import."""
    is_package = any(other.startswith(module + ".") for other in known)
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in _run_time_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "reviewparse":
                    yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "reviewparse":
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield (submodule, None) if submodule in known else (base, alias.name)


def _tree() -> dict[str, str]:
    return {module_name(p): p.read_text("utf-8") for p in sorted(SRC.rglob("*.py"))}


def import_graph(sources: Mapping[str, str]) -> dict[str, set[str]]:
    known = set(sources)
    return {
        module: {target for target, _ in imports(text, module, known) if target != module}
        for module, text in sources.items()
    }


def layer_violations(graph: Mapping[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if layer(target) > layer(module):
                found.append(f"{module} (layer {layer(module)}) imports {target} ({layer(target)})")
            elif module.startswith("reviewparse._fields") and not target.startswith(
                "reviewparse._fields"
            ):
                found.append(f"{module} imports {target}: _fields imports only _fields")
    return found


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def private_reaches(sources: Mapping[str, str]) -> list[str]:
    """``from reviewparse.x import _name`` or ``module._name`` across modules."""
    known = set(sources)
    found = []
    for module, text in sorted(sources.items()):
        for target, name in imports(text, module, known):
            if name is not None and name.startswith("_") and not name.startswith("__"):
                found.append(f"{module} imports {target}.{name}")
        aliases = _module_aliases(text, known)
        for node in _run_time_nodes(ast.parse(text)):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"{module} uses {aliases[node.value.id]}.{node.attr}")
    return found


def _module_aliases(source: str, known: set[str]) -> dict[str, str]:
    """Local names bound to our modules: ``from reviewparse._fields import keys as _keys``."""
    aliases = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in known:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known and alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases


# -- the package --------------------------------------------------------------------------
def test_every_module_has_a_layer() -> None:
    for module in _tree():
        layer(module)


def test_no_module_imports_a_layer_above_its_own() -> None:
    assert layer_violations(import_graph(_tree())) == []


def test_no_import_circle_between_modules() -> None:
    assert cycles(import_graph(_tree())) == []


def test_no_module_uses_another_modules_private_names() -> None:
    assert private_reaches(_tree()) == []


# -- the check itself ---------------------------------------------------------------------
FAKE = {
    "reviewparse": "",
    "reviewparse._core": "",
    "reviewparse._core.parse": (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from reviewparse._cli import main\n"  # never runs: fine
        "def later():\n    from reviewparse._convert import run\n"  # runs: a violation
    ),
    "reviewparse._convert": "",
    "reviewparse._convert.run": "from reviewparse._convert.pages import _decoded_text\n",
    "reviewparse._convert.pages": "from . import run\n",
    "reviewparse._fields": "",
    "reviewparse._fields.keys": "import reviewparse._version\n",
    "reviewparse._version": "",
    "reviewparse._cli": "",
}


def test_the_checks_see_lazy_imports_and_skip_type_checking_ones() -> None:
    graph = import_graph(FAKE)
    assert graph["reviewparse._core.parse"] == {"reviewparse._convert.run"}
    assert layer_violations(graph) == [
        "reviewparse._core.parse (layer 2) imports reviewparse._convert.run (3)",
        "reviewparse._fields.keys imports reviewparse._version: _fields imports only _fields",
    ]


def test_the_checks_see_circles_and_private_names() -> None:
    assert cycles(import_graph(FAKE)) == [
        ["reviewparse._convert.pages", "reviewparse._convert.run"]
    ]
    assert private_reaches(FAKE) == [
        "reviewparse._convert.run imports reviewparse._convert.pages._decoded_text"
    ]


@pytest.mark.parametrize(
    ("module", "rank"),
    [
        ("reviewparse._strategies.text", 5),
        ("reviewparse._strategies", 5),
        ("reviewparse._cli.convert", 6),
        ("reviewparse._convert.sources.jsonl", 3),
        ("reviewparse", 5),
    ],
)
def test_layers_by_prefix(module: str, rank: int) -> None:
    assert layer(module) == rank
