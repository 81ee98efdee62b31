"""The engine stays a pure NumPy library: no UI imports, no global random state."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "engine"
SOURCES = sorted(ENGINE.rglob("*.py"))
FORBIDDEN_IMPORTS = {"streamlit", "plotly", "playground"}
# Functions of np.random that draw from (or reseed) the hidden global state.
GLOBAL_RANDOM = {
    "seed", "rand", "randn", "randint", "random", "shuffle", "permutation", "normal",
    "uniform", "choice",
}


def _imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_engine_has_modules():
    assert len(SOURCES) >= 1


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_engine_module_imports_no_ui_library(path):
    tree = ast.parse(path.read_text())
    assert not (_imported_roots(tree) & FORBIDDEN_IMPORTS)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_engine_module_uses_no_global_random_state(path):
    calls = [
        node.func.attr
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in GLOBAL_RANDOM
        and ast.unparse(node.func.value) in {"np.random", "numpy.random"}
    ]
    assert calls == []
