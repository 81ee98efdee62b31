"""Presenter mode on the Playground: the URL flag, the learning rate in reach, the way out."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from playground import presenter

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def test_the_flag_turns_it_on_and_its_learning_rate_is_the_sidebars():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1080"
    at.query_params["lr"] = "0.3"
    at.run()
    assert not at.exception
    assert at.toggle(key="presenter").value
    assert not at.title  # no title or introduction over the picture
    assert at.selectbox(key="presenter_screen").value == "1080"
    buttons = {b.key: b for b in at.button}
    assert {"pg_play", "pg_step", "pg_reset", "pg_present_exit"} <= set(buttons)
    at.select_slider(key="pg_present_lr").set_value(0.1).run()
    assert at.session_state["pg_session"].setup.learning_rate == 0.1
    assert at.select_slider(key="pg_learning_rate").value == 0.1
    assert at.query_params["present"] == "1080"
    assert at.query_params["lr"] == "0.1"
    at.button(key="pg_present_exit").click().run()
    assert not at.toggle(key="presenter").value
    assert "present" not in at.query_params
    assert [t.value for t in at.title] == ["Playground"]


def test_the_views_rows_are_larger_on_the_larger_screen():
    small, large = presenter.PresenterView("720"), presenter.PresenterView("1080")
    assert small.PICTURE_HEIGHT < large.PICTURE_HEIGHT
    assert small.CURVE_HEIGHT < large.CURVE_HEIGHT
    assert set(presenter.SHORTCUTS) == {"play", "step", "reset"}
    assert not {k.upper() for k in presenter.SHORTCUTS.values()} & {"R", "C"}  # reserved
