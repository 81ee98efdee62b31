"""AppTest of the Playground page: the controls, Step, Reset, the URL and the setup file.

(Play is not pressed here: its loop runs until Pause, which needs a browser; see
tests/browser/test_playground_browser.py.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground import exports

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture(scope="module")
def fresh() -> AppTest:
    return _app()


def _session(at: AppTest):
    return at.session_state["pg_session"]


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_default_page_is_the_courses_planar_model(fresh):
    assert not fresh.exception
    s = _session(fresh)
    assert repr(s.network) == "Network 2 -> 4 tanh -> 1 sigmoid (17 parameters)"
    assert s.setup.dataset == "flower"
    assert s.setup.learning_rate == pytest.approx(1.2)
    assert s.epoch == 0
    assert not fresh.warning


def test_step_trains_exactly_one_epoch_and_reset_keeps_the_data():
    at = _app()
    X_before = _session(at).data.X_train.copy()
    W_start = _session(at).network.params["W1"].copy()
    _button(at, "pg_step").click().run()
    assert _session(at).epoch == 1
    assert len(_session(at).trainer.history["epoch"]) == 1
    assert not np.array_equal(_session(at).network.params["W1"], W_start)
    _button(at, "pg_reset").click().run()
    s = _session(at)
    assert s.epoch == 0
    np.testing.assert_array_equal(s.data.X_train, X_before)   # same data
    np.testing.assert_array_equal(s.network.params["W1"], W_start)  # same seed, same start
    assert not at.exception


def test_learning_rate_applies_live_and_units_reset_the_weights():
    at = _app()
    _button(at, "pg_step").click().run()
    _button(at, "pg_step").click().run()
    at.select_slider(key="pg_learning_rate").set_value(0.5).run()
    s = _session(at)
    assert s.trainer.learning_rate == pytest.approx(0.5)
    assert s.epoch == 2                          # no reset
    assert "without a reset" in s.notice
    at.slider(key="pg_units_0").set_value(7).run()
    s = _session(at)
    assert s.network.layer_dims == [2, 7, 1]
    assert s.epoch == 0                          # reset
    assert "new weights" in s.notice
    assert at.query_params["units"] == "7"     # the URL follows
    assert at.query_params["lr"] == "0.5"


def test_data_controls_make_new_data():
    at = _app()
    x_before = _session(at).data.X_train.copy()
    at.selectbox(key="pg_dataset").set_value("xor").run()
    s = _session(at)
    assert s.setup.dataset == "xor"
    assert s.data.X_train.shape != x_before.shape or not np.array_equal(s.data.X_train, x_before)
    assert "New data" in s.notice
    _button(at, "pg_regenerate").click().run()
    assert _session(at).setup.data_seed == 2


def test_same_activation_for_all_layers():
    at = _app()
    at.number_input(key="pg_layers").set_value(3).run()
    at.selectbox(key="pg_act_all").set_value("relu").run()
    s = _session(at)
    assert s.setup.activations == ["relu", "relu", "relu"]
    assert s.network.activations[-1] == "sigmoid"


def test_url_with_bad_values_shows_notices_and_clamps():
    at = _app({"lr": "banana", "units": "4,999", "act": "tanh,relu", "zzz": "1"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "learning_rate" in text
    assert "units" in text
    assert "zzz" in text
    s = _session(at)
    assert s.setup.learning_rate == pytest.approx(1.2)
    assert s.setup.hidden_units == [4, 64]


def test_url_reproduces_a_setup():
    at = _app({"ds": "spiral", "units": "8,6", "act": "relu", "lr": "0.03"})
    s = _session(at)
    assert (s.setup.dataset, s.setup.hidden_units, s.setup.activations) == (
        "spiral", [8, 6], ["relu", "relu"])
    assert s.setup.learning_rate == pytest.approx(0.03)
    assert at.slider(key="pg_units_1").value == 6
    assert not at.warning


def test_setup_json_export_then_import_restores_every_control():
    at = _app()
    at.select_slider(key="pg_learning_rate").set_value(0.05).run()
    at.number_input(key="pg_layers").set_value(2).run()
    at.checkbox(key="pg_show_test").check().run()
    saved = _session(at).setup
    text = exports.setup_to_json(saved)

    other = _app()
    other.session_state["pg_import_text"] = ("setup.json", text.encode())
    other.run()
    assert not other.exception
    assert _session(other).setup == saved
    assert other.number_input(key="pg_layers").value == 2
    assert "Loaded setup.json" in _session(other).notice


def test_a_broken_setup_file_is_refused_with_a_message():
    at = _app()
    at.session_state["pg_import_text"] = ("bad.json", b"{not json")
    at.run()
    assert not at.exception
    assert any("bad.json could not be loaded" in w.value for w in at.warning)
    assert _session(at).setup.learning_rate == pytest.approx(1.2)
