"""Adding a control is one FieldSpec in one page's table (README, "Extending: a control"):
here a toy display switch is added to the Playground's table at test time, and the sidebar,
the link, the setup file and the Session all know it, while the Housing page refuses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.fields import PLAYGROUND, FieldSpec, default_setup, validate
from playground.fields.common import redraw

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "playground" / "app.py")
HOUSING_PAGE = str(ROOT / "playground" / "views" / "housing.py")

SHOW_GRID = FieldSpec("show_grid", "bool", False, "display", "Show grid",
                      "Draw grid lines over the plane.", "grid", "live", on_live=redraw)


@pytest.fixture
def toy_field(monkeypatch):
    monkeypatch.setattr(PLAYGROUND, "fields", (*PLAYGROUND.fields, SHOW_GRID))
    return SHOW_GRID


def _run(path: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(path, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def test_the_new_field_gets_a_widget_in_its_sidebar_group(toy_field):
    at = _run(APP)
    box = at.sidebar.checkbox(key="pg_show_grid")
    assert box.label == "Show grid"
    assert box.value is False
    assert at.session_state["pg_session"].setup.show_grid is False
    # In the Display group: after the fields before it in the table.
    keys = [w.key for w in at.sidebar.checkbox]
    assert keys.index("pg_show_grid") > keys.index("pg_log_cost")


def test_a_link_sets_it_and_a_click_changes_it_live(toy_field):
    at = _run(APP, {"grid": "1"})
    assert not at.warning
    session = at.session_state["pg_session"]
    assert session.setup.show_grid is True
    assert at.sidebar.checkbox(key="pg_show_grid").value is True
    at.button(key="pg_step").click().run()
    assert session.epoch == 1
    at.sidebar.checkbox(key="pg_show_grid").uncheck().run()
    session = at.session_state["pg_session"]
    assert session.setup.show_grid is False
    assert session.epoch == 1                  # live: the training goes on
    assert "grid" not in at.query_params       # back to its default: not in the link


def test_the_setup_file_carries_it(toy_field):
    from playground.exports import setup_from_json, setup_to_json

    setup = default_setup().replace(show_grid=True)
    assert json.loads(setup_to_json(setup))["setup"]["show_grid"] is True
    assert setup_from_json(setup_to_json(setup)) == (setup, [])


def test_the_housing_page_refuses_it_with_a_notice(toy_field):
    setup, notices = validate({"show_grid": "1"}, task="regression")
    assert setup == default_setup("regression")
    assert notices == ["show_grid=1 is not a control of the Housing page: ignored"]
    at = _run(HOUSING_PAGE, {"grid": "1"})
    text = " ".join(w.value for w in at.warning)
    assert "show_grid=1 is not a control of the Housing page: ignored" in text
    assert "housing_show_grid" not in {w.key for w in at.sidebar.checkbox}
    assert "grid" not in at.query_params
