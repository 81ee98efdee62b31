"""Leaving a live page and coming back keeps everything (issue 12, must-fix 1).

Streamlit drops the state of a widget that is not drawn on a run, so a page switch used to
bring every control back at its minimum (and the URL and the network with it). The Session
is the source of truth: the widgets are filled again from ``session.setup``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _app(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_playground_keeps_setup_network_history_and_url_over_page_switches():
    at = _app({"ds": "xor", "units": "6,3", "act": "relu,tanh", "lr": "0.5"})
    at.selectbox(key="pg_act_all").set_value("per layer").run()
    at.checkbox(key="pg_show_test").check().run()
    for _ in range(3):
        _button(at, "pg_step").click().run()
    session = at.session_state["pg_session"]
    setup, network = session.setup, session.network
    history = {k: list(v) for k, v in session.trainer.history.items()}
    query = dict(at.query_params)
    assert session.epoch == 3
    assert query["ds"] == "xor"

    for page in ("activations.py", "shapes.py", "initialization.py"):
        at.switch_page(f"views/{page}").run()
        assert not at.exception
        at.switch_page("views/playground.py").run()
        assert not at.exception, [e.value for e in at.exception]
        s = at.session_state["pg_session"]
        assert s is session
        assert s.setup == setup
        assert s.network is network
        assert s.epoch == 3
        assert {k: list(v) for k, v in s.trainer.history.items()} == history
        assert dict(at.query_params) == query
        assert at.selectbox(key="pg_dataset").value == "xor"
        assert at.number_input(key="pg_layers").value == 2
        assert at.selectbox(key="pg_act_all").value == "per layer"
        assert [at.slider(key=f"pg_units_{i}").value for i in (0, 1)] == [6, 3]
        assert [at.selectbox(key=f"pg_act_{i}").value for i in (0, 1)] == ["relu", "tanh"]
        assert at.select_slider(key="pg_learning_rate").value == pytest.approx(0.5)
        assert at.checkbox(key="pg_show_test").value is True
        assert not at.warning


def test_housing_keeps_its_features_and_setup_over_page_switches():
    at = _app({})
    at.switch_page("views/housing.py").run()
    at.multiselect(key="housing_features").set_value(["median_income", "latitude"]).run()
    at.select_slider(key="housing_learning_rate").set_value(0.05).run()
    at.radio(key="housing_map_color").set_value("error").run()
    _button(at, "housing_step").click().run()
    session = at.session_state["housing_session"]
    setup = session.setup
    query = dict(at.query_params)
    for _ in range(3):
        at.switch_page("views/activations.py").run()
        at.switch_page("views/housing.py").run()
        assert not at.exception, [e.value for e in at.exception]
        s = at.session_state["housing_session"]
        assert s is session
        assert s.setup == setup
        assert s.epoch == 1
        assert dict(at.query_params) == query
        assert at.multiselect(key="housing_features").value == ["median_income", "latitude"]
        assert at.select_slider(key="housing_learning_rate").value == pytest.approx(0.05)
        assert at.radio(key="housing_map_color").value == "error"


def test_the_preset_menu_and_a_zero_layer_setup_come_back_too():
    at = _app({})
    at.selectbox(key="pg_preset").set_value("XOR needs a hidden layer").run()
    _button(at, "pg_preset_apply").click().run()
    session = at.session_state["pg_session"]
    assert session.setup.hidden_units == []
    assert session.setup.dataset == "xor"
    for _ in range(3):
        at.switch_page("views/vectorization.py").run()
        at.switch_page("views/playground.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.session_state["pg_session"].setup == session.setup
        assert at.selectbox(key="pg_preset").value == "XOR needs a hidden layer"
        assert at.number_input(key="pg_layers").value == 0
        assert at.selectbox(key="pg_dataset").value == "xor"
    # The first hidden layer added afterwards gets the page's default activation.
    at.number_input(key="pg_layers").set_value(1).run()
    assert at.session_state["pg_session"].setup.activations == ["tanh"]
