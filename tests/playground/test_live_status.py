"""The live panel's notice line says what is true now (issue 12, must-fix 6): a notice
gives way to the status once training has moved on, and the status follows Play, Pause and
a divergence stop."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from playground import live
from playground.fields import Setup
from playground.state import Session

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _line(at: AppTest) -> str:
    # The caption next to Play / Step / Reset (the fragment's first caption).
    return " ".join(c.value for c in at.caption)


def test_a_notice_gives_way_to_the_status_once_training_moves_on():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.slider(key="pg_units_0").set_value(6).run()
    assert "starts again at epoch 0" in _line(at)          # just happened: said
    at.button(key="pg_step").click().run()
    at.button(key="pg_step").click().run()
    line = _line(at)
    assert "starts again at epoch 0" not in line            # epoch 2 now: no longer true
    assert "Paused at epoch 2" in line
    assert "Press Play to train" not in line


def test_the_status_says_training_while_playing_and_stopped_after_a_divergence():
    s = Session(Setup())
    assert "Press Play" in live.note_text(s)
    s.playing = True
    assert live.note_text(s).startswith("Training")
    assert "Press Play" not in live.note_text(s)
    s.notice = "Preset “x” applied: new weights, epoch 0. Press Play."
    assert live.note_text(s) == s.notice                  # new: shown, even while playing
    s.run_frame(time_budget=1.0)                          # trained on: the status again
    assert live.note_text(s).startswith("Training")
    s.playing = False
    s.trainer.learning_rate = 10.0
    s.notice = "Preset “y” applied: new weights, epoch 0. Press Play."
    live.note_text(s)
    while not s.diverged:
        s.run_frame(time_budget=1.0)
    text = live.note_text(s)
    assert "Press Play" not in text
    assert "stopped" in text.lower()


def test_after_a_divergence_on_the_page_the_line_no_longer_says_press_play():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lr"] = "10"
    at.run()
    for _ in range(60):
        at.button(key="pg_step").click().run()
        if at.session_state["pg_session"].diverged:
            break
    assert at.session_state["pg_session"].diverged
    assert "Press Play" not in _line(at)
