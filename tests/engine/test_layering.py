"""The engine stays a pure NumPy library: no UI imports, no global random state; the figure
builders never import Streamlit, and the lesson computations neither Streamlit nor Plotly.

``violations(root)`` scans a module tree; the real engine must give none, and a copy of the
engine with violations planted in it must give exactly those (a check that passes on the real
engine proves nothing unless it can also fail).
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "engine"
FORBIDDEN_IMPORTS = {"streamlit", "plotly", "playground"}
# What each pure part of the app may not import (its pages do the drawing and the widgets).
APP_LAYERS = {
    ROOT / "playground" / "figures": {"streamlit"},
    ROOT / "playground" / "lessons": {"streamlit", "plotly"},
}
# Functions of np.random that draw from (or reseed) the hidden global state.
GLOBAL_RANDOM = {
    "seed", "rand", "randn", "randint", "random", "shuffle", "permutation", "normal",
    "uniform", "choice",
}


def _module_violations(tree: ast.AST, forbidden: set[str] = FORBIDDEN_IMPORTS) -> list[str]:
    found = []
    for node in ast.walk(tree):
        roots: list[str] = []
        if isinstance(node, ast.Import):
            roots = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots = [node.module.split(".")[0]]
            if node.module == "numpy.random":
                found += [f"global random: numpy.random.{a.name}" for a in node.names
                          if a.name in GLOBAL_RANDOM]
        found += [f"imports {root}" for root in roots if root in forbidden]
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in GLOBAL_RANDOM
                and ast.unparse(node.func.value) in {"np.random", "numpy.random"}):
            found.append(f"global random: {ast.unparse(node.func)}")
    return found


def violations(root: Path, forbidden: set[str] = FORBIDDEN_IMPORTS) -> dict[str, list[str]]:
    """Per module (path relative to root) what breaks the layering rules: an import of a
    ``forbidden`` package, or a draw from NumPy's global random state."""
    report = {}
    for path in sorted(root.rglob("*.py")):
        found = _module_violations(ast.parse(path.read_text()), forbidden)
        if found:
            report[path.relative_to(root).as_posix()] = sorted(found)
    return report


def test_engine_sources_are_found():
    # A wrong ENGINE path would leave nothing to scan and the check below would pass.
    assert {"network.py", "trainer.py", "activations.py"} <= {p.name for p in ENGINE.glob("*.py")}


def test_engine_keeps_its_layering():
    assert violations(ENGINE) == {}


def test_the_check_catches_violations_planted_in_a_copy_of_the_engine(tmp_path):
    copy = tmp_path / "engine"
    shutil.copytree(ENGINE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "network.py").open("a") as f:
        f.write("\nimport streamlit as st\nfrom plotly import graph_objects as go\n")
    with (copy / "trainer.py").open("a") as f:
        f.write("\n\ndef _planted():\n    np.random.seed(0)\n    return np.random.randn(2)\n")
    (copy / "sub").mkdir()
    (copy / "sub" / "page.py").write_text(
        "from numpy.random import default_rng, shuffle\nimport playground.fields\n")
    assert violations(copy) == {
        "network.py": ["imports plotly", "imports streamlit"],
        "sub/page.py": ["global random: numpy.random.shuffle", "imports playground"],
        "trainer.py": ["global random: np.random.randn", "global random: np.random.seed"],
    }


def test_figure_builders_and_lessons_keep_their_layering():
    for root, forbidden in APP_LAYERS.items():
        assert len(list(root.glob("*.py"))) >= 2, root  # the folder is there, with modules
        assert violations(root, forbidden) == {}, root


def test_the_app_check_catches_streamlit_in_a_lesson(tmp_path):
    (tmp_path / "page.py").write_text(
        "import numpy as np\n\n\ndef run():\n    import streamlit as st\n"
        "    from plotly.subplots import make_subplots\n    return np.random.rand(3)\n")
    assert violations(tmp_path, APP_LAYERS[ROOT / "playground" / "lessons"]) == {
        "page.py": ["global random: np.random.rand", "imports plotly", "imports streamlit"],
    }
    # The figure builders may draw with Plotly.
    assert violations(tmp_path, APP_LAYERS[ROOT / "playground" / "figures"]) == {
        "page.py": ["global random: np.random.rand", "imports streamlit"],
    }
