"""The Playground page at a learning rate of 10: it stops with the epoch, never draws NaN,
offers to go on, and Reset recovers (issue 7)."""

from __future__ import annotations

import math
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _step_until_stopped(at: AppTest, limit: int = 60) -> AppTest:
    for _ in range(limit):
        at.button(key="pg_step").click().run()
        if at.session_state["pg_session"].diverged:
            break
    return at


def test_learning_rate_10_stops_names_the_epoch_and_offers_to_go_on():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lr"] = "10"
    at.run()
    assert not at.exception
    session = at.session_state["pg_session"]
    assert session.trainer.learning_rate == 10
    _step_until_stopped(at)
    assert session.diverged, "lr = 10 on the flower data should trip the guard within 60 epochs"
    errors = [e.value for e in at.error]
    assert any(f"epoch {session.trainer.diverged_epoch}" in e and "learning rate" in e
               for e in errors), errors
    # The picture is drawn from finite weights only.
    drawn = session.drawable_network()
    assert all(math.isfinite(float(abs(w).max())) for w in drawn.params.values())

    at.button(key="pg_resume").click().run()
    assert not at.exception
    assert session.diverged is None
    assert not any("diverged" in e.value for e in at.error)


def test_reset_recovers_after_divergence():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lr"] = "30"
    at.run()
    _step_until_stopped(at)
    session = at.session_state["pg_session"]
    assert session.diverged
    at.button(key="pg_reset").click().run()
    assert not at.exception
    assert session.diverged is None
    assert session.epoch == 0
