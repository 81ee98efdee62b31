"""AppTest of the input-features picker on the Playground: choosing features changes n[0]
and the link, a link sets them, and an empty choice keeps the features in use with a
message."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from engine.features import PLANE_FEATURES

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")
ALL = list(PLANE_FEATURES)


def _app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def test_choosing_features_changes_n0_and_the_link_and_emptying_keeps_them():
    at = _app()
    picker = at.multiselect(key="pg_inputs")
    assert picker.value == ["x1", "x2"]
    assert picker.format_func("x1_sq") == "x1²"
    assert picker.format_func("sin_x2") == "sin x2"
    at.multiselect(key="pg_inputs").set_value(ALL).run()
    assert not at.exception
    session = at.session_state["pg_session"]
    assert session.network.layer_dims == [7, 4, 1]
    assert at.query_params["in"] == ",".join(ALL)
    at.multiselect(key="pg_inputs").set_value(["x1_sq", "x2_sq"]).run()
    at.multiselect(key="pg_inputs").set_value([]).run()
    assert not at.exception
    session = at.session_state["pg_session"]
    assert session.setup.inputs == ["x1_sq", "x2_sq"]  # kept, not the default
    assert at.multiselect(key="pg_inputs").value == ["x1_sq", "x2_sq"]
    text = _warnings(at)
    assert "Choose at least one input feature" in text
    assert "Still using x1², x2²" in text
    assert session.network.layer_dims == [2, 4, 1]


def test_a_link_sets_the_features_and_a_link_without_any_says_so():
    at = _app({"in": "x1_sq,x2_sq,x1x2", "units": "none"})
    assert not at.exception
    assert at.multiselect(key="pg_inputs").value == ["x1_sq", "x2_sq", "x1x2"]
    assert at.session_state["pg_session"].network.layer_dims == [3, 1]
    at = _app({"in": "none"})
    assert at.session_state["pg_session"].setup.inputs == ["x1", "x2"]
    assert "none chosen" in _warnings(at)


def test_the_shapes_page_offers_the_playgrounds_network_with_its_n0():
    at = _app({"in": ",".join(ALL), "units": "5"})
    at.switch_page("views/shapes.py").run()
    assert not at.exception
    button = next(b for b in at.button if b.key == "shapes_playground")
    assert button.label == "Your Playground network n = [7, 5, 1]"
    button.click().run()
    assert at.number_input(key="shapes_nx").value == 7
    assert at.number_input(key="shapes_units_0").value == 5
    table = at.table[0].value
    assert "(5, 7)" in table.to_string()  # W[1] is (n[1], n[0]) = (5, 7)
