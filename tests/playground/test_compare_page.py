"""AppTest of compare mode on the Playground: the switch, the link, the sidebar editing one
run, Step for all, Copy, Swap, Sweep, and a lab's "Open as a comparison"."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def _query(at: AppTest) -> dict:
    return {k: at.query_params[k][-1] if isinstance(at.query_params[k], list)
            else at.query_params[k] for k in at.query_params}


def test_a_link_opens_two_runs_that_differ_only_where_it_says():
    at = _app({"ds": "moons", "runs": "2", "b": "act:relu;ds:xor"})
    assert not at.exception
    group = at.session_state["cmp_session"]
    a, b = group.runs
    assert (a.setup.activations, b.setup.activations) == (["tanh"], ["relu"])
    assert a.setup.dataset == b.setup.dataset == "moons"  # the data is A's
    assert [w.value for w in at.warning] == [
        "In the link: run B: Data set is the same for every run (A's)."]
    assert _query(at)["runs"] == "2"
    assert _query(at)["b"] == "act:relu"


def test_the_switch_then_the_sidebar_edits_b_and_step_trains_both():
    at = _app()
    at.toggle(key="cmp_on").set_value(True).run()
    assert not at.exception
    group = at.session_state["cmp_session"]
    assert group.count == 2
    assert at.session_state["pg_session"] is group.runs[1]  # B, a copy of A, is edited
    at.select_slider(key="pg_learning_rate").set_value(0.5).run()
    assert [r.setup.learning_rate for r in group.runs] == [1.2, 0.5]
    assert _query(at)["b"] == "lr:0.5"
    _button(at, "cmp_step").click().run()
    assert [r.epoch for r in group.runs] == [1, 1]
    _button(at, "cmp_swap").click().run()
    assert [r.setup.learning_rate for r in group.runs] == [0.5, 1.2]
    assert at.select_slider(key="pg_learning_rate").value == pytest.approx(1.2)  # B's
    _button(at, "cmp_copy").click().run()
    assert [r.setup.learning_rate for r in group.runs] == [0.5, 0.5]
    assert [r.epoch for r in group.runs] == [0, 0]
    at.toggle(key="cmp_on").set_value(False).run()
    assert "cmp_session" not in at.session_state
    assert at.session_state["pg_session"] is group.runs[0]
    assert "runs" not in _query(at)


def test_a_sweep_of_learning_rates_makes_four_runs():
    at = _app({"runs": "2"})
    at.session_state["cmp_sweep"] = "0.01 / 0.1 / 1 / 10"
    _button(at, "cmp_sweep_apply").click().run()
    assert not at.exception
    group = at.session_state["cmp_session"]
    assert [r.setup.learning_rate for r in group.runs] == [0.01, 0.1, 1.0, 10.0]
    assert _query(at)["d"] == "lr:10"
    assert at.session_state["cmp_count"] == 4


def test_the_linear_collapse_lab_opens_as_a_comparison():
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/linear_collapse.py").run()
    _button(at, "lc_compare").click().run()
    assert not at.exception
    group = at.session_state["cmp_session"]
    a, b = group.runs
    assert set(a.setup.activations) == {"linear"}
    assert set(b.setup.activations) == {"tanh"}
    assert a.setup.hidden_units == b.setup.hidden_units
