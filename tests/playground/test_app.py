"""The router: every page it lists exists and runs without an exception."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "playground" / "app.py"


def _routed_pages() -> list[str]:
    """The page files named in app.py's st.Page(_VIEWS / "...") calls, read from its source."""
    tree = ast.parse(APP.read_text())
    names = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Div)
            and isinstance(node.left, ast.Name)
            and node.left.id == "_VIEWS"
        ):
            names.append(node.right.value)
    return names


def test_router_lists_every_view_file():
    views = sorted(p.name for p in (APP.parent / "views").glob("*.py") if p.name != "__init__.py")
    assert sorted(_routed_pages()) == views


def test_default_page_runs_without_exception():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception


@pytest.mark.parametrize("page", _routed_pages())
def test_every_page_runs_without_exception(page):
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.switch_page(f"views/{page}").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
