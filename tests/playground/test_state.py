"""Session: what a setup change does (new data, new weights, or live), divergence, Reset."""

from __future__ import annotations

import numpy as np
import pytest

from engine.datasets import make_2d
from playground.setup import Setup
from playground.state import Session


@pytest.fixture
def session() -> Session:
    return Session(Setup())


def test_default_session_is_the_courses_flower_split(session):
    X, _ = make_2d("flower")
    d = session.data
    assert d.X_train.shape[1] + d.X_test.shape[1] == X.shape[1] == 400
    assert d.X_test.shape[1] == 120                         # test share 0.3
    assert d.G.shape == (2, len(d.x1s) * len(d.x2s))
    assert repr(session.network) == "Network 2 -> 4 tanh -> 1 sigmoid (17 parameters)"


def test_live_change_keeps_weights_and_epoch(session):
    session.step(5)
    W = session.network.params["W1"].copy()
    kind = session.apply(session.setup.replace(learning_rate=0.3, l2=0.1, optimizer="adam"))
    assert kind == "live"
    assert session.epoch == 5
    np.testing.assert_array_equal(session.network.params["W1"], W)
    assert session.trainer.learning_rate == pytest.approx(0.3)
    assert session.trainer.l2 == pytest.approx(0.1)
    assert "without a reset" in session.notice


def test_display_change_rebuilds_figures_only(session):
    session.step(3)
    version = session.version
    assert session.apply(session.setup.replace(show_test=True)) == "live"
    assert session.version == version + 1
    assert session.epoch == 3


def test_architecture_change_resets_weights_not_data(session):
    X = session.data.X_train.copy()
    session.step(3)
    assert session.apply(session.setup.replace(hidden_units=[5, 3],
                                               activations=["relu", "relu"])) == "reset"
    assert session.network.layer_dims == [2, 5, 3, 1]
    assert session.epoch == 0
    np.testing.assert_array_equal(session.data.X_train, X)
    assert "new weights" in session.notice


def test_data_change_makes_new_data_and_weights(session):
    session.step(3)
    assert session.apply(session.setup.replace(dataset="moons", noise=0.1)) == "data"
    assert session.epoch == 0
    assert "New data" in session.notice
    assert session.apply(session.setup) is None


def test_divergence_stops_playing_keeps_a_finite_picture_and_reset_recovers():
    s = Session(Setup(learning_rate=50.0, init_scale=1.0, hidden_units=[8],
                      activations=["relu"]))
    s.playing = True
    for _ in range(200):
        s.run_frame(time_budget=0.5)
        if s.diverged:
            break
    assert s.diverged
    assert not s.playing
    assert f"epoch {s.trainer.diverged_epoch}" in s.diverged
    assert "learning rate" in s.diverged
    net = s.drawable_network()
    assert all(np.all(np.isfinite(p)) for p in net.params.values())
    assert np.all(np.isfinite(net.forward(s.data.G)))
    assert s.run_frame(time_budget=0.1) == 0                 # stays stopped
    s.apply(s.setup.replace(learning_rate=0.5))
    s.reset()
    assert s.diverged is None
    assert s.epoch == 0
    assert s.step(10) == 10
