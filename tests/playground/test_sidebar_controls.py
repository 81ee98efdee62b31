"""The sidebar shows only the controls that apply (issue 12, must-fix 8, sidebar part)."""

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


def _keys(at: AppTest, kind: str) -> set[str]:
    return {w.key for w in getattr(at, kind)}


def test_no_hidden_layer_hides_the_hidden_activation_and_it_comes_back():
    at = _app({"act": "relu"})
    assert "pg_act_all" in _keys(at, "selectbox")
    at.number_input(key="pg_layers").set_value(0).run()
    assert not at.exception
    assert "pg_act_all" not in _keys(at, "selectbox")
    assert at.session_state["pg_session"].setup.activations == []
    assert any("logistic regression" in c.value for c in at.sidebar.caption)
    at.run()  # a second run: the hidden control's state is gone by now
    at.number_input(key="pg_layers").set_value(2).run()
    assert "pg_act_all" in _keys(at, "selectbox")
    # The layers come back with the activation that was in use before.
    assert at.session_state["pg_session"].setup.activations == ["relu", "relu"]
    assert at.query_params["act"] == "relu"


def test_zeros_init_hides_the_scale_and_another_scheme_shows_it_again():
    at = _app({"init": "he", "scale": "0.5"})
    assert at.select_slider(key="pg_init_scale").value == pytest.approx(0.5)
    at.selectbox(key="pg_init").set_value("zeros").run()
    assert not at.exception
    assert "pg_init_scale" not in _keys(at, "select_slider")
    assert any("no scale" in c.value for c in at.sidebar.caption)
    s = at.session_state["pg_session"]
    assert s.setup.init == "zeros"
    assert not s.network.params["W1"].any()
    assert "scale" not in at.query_params            # the URL does not carry it
    at.run()
    at.selectbox(key="pg_init").set_value("normal").run()
    # The scheme's own scale, as when it is chosen in the menu.
    assert at.select_slider(key="pg_init_scale").value == pytest.approx(0.01)
    assert at.session_state["pg_session"].setup.init_scale == pytest.approx(0.01)


def test_a_zeros_link_keeps_the_setup_and_shows_no_scale():
    at = _app({"init": "zeros", "units": "3"})
    assert not at.warning
    assert "pg_init_scale" not in _keys(at, "select_slider")
    assert at.session_state["pg_session"].setup.hidden_units == [3]
    at.button(key="pg_step").click().run()
    assert at.session_state["pg_session"].epoch == 1
    assert at.session_state["pg_session"].setup.init == "zeros"


def test_the_share_link_holds_the_current_setup():
    at = _app({"ds": "xor", "units": "6"})
    at.select_slider(key="pg_learning_rate").set_value(0.5).run()
    (code,) = [c for c in at.code if "ds=xor" in c.value]
    assert "units=6" in code.value
    assert "lr=0.5" in code.value
    assert code.value.split("?")[1] == "&".join(f"{k}={v}" for k, v in at.query_params.items()
                                                  ).replace(",", "%2C")


def test_the_regenerate_button_and_data_set_names_fit_the_sidebar():
    at = _app()
    assert at.button(key="pg_regenerate").label == "Regenerate the data"
    box = at.selectbox(key="pg_dataset")
    assert all(len(box.format_func(o)) <= 28 for o in box.options)  # no "Flower (the co…"
    assert "planar data set" in box.help
