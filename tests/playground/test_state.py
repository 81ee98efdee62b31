"""Session: what a setup change does (new data, new weights, or live), divergence, Reset."""

from __future__ import annotations

import numpy as np
import pytest

from engine.datasets import make_2d
from playground.fields import Setup
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


# ---------------------------------------------------------------------- a bounded Step
def _large_session(m=50_000, **setup):
    # A set as large as a big upload (in-process, no file), a deep network and batch size 1:
    # one epoch is far more than a Step may take.
    from playground.state import Data

    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, m))
    Y = (X[0:1] * X[1:2] > 0).astype(float)
    cut = m * 9 // 10

    def make(_setup):
        return Data(X[:, :cut], Y[:, :cut], X[:, cut:], Y[:, cut:])

    fields = dict(hidden_units=[64] * 4, activations=["relu"] * 4, batch_size=1)
    return Session(Setup(**{**fields, **setup}), make_data=make)


def test_step_stops_partway_through_a_long_epoch_says_so_and_the_next_step_goes_on():
    s = _large_session()
    assert s.step(time_budget=0.0) == 0  # one mini-batch, then the budget is spent
    assert s.epoch == 0
    first = s.trainer.epoch_progress
    assert 0 < first < 0.001
    assert "Step stopped after 0 s, 0 % of the way through epoch 1" in s.notice
    assert "press Step again, or Play, to go on" in s.notice
    assert s.trainer.history["epoch"] == []
    assert s.step(time_budget=0.0) == 0
    assert s.trainer.epoch_progress == pytest.approx(2 * first)  # went on, not restarted
    s.trainer.batch_size = 5000  # finish the epoch quickly
    while s.epoch == 0:
        s.step(time_budget=0.0)
    assert s.trainer.history["epoch"] == [0]
    assert s.notice == "Step finished epoch 1: its cost is on the curve."


def test_a_frame_on_the_worst_setup_comes_back_after_one_piece_of_work():
    # Play trains a frame at a time with a budget of a few ms: with batch size 0 on a large
    # set, the budget cuts the one big batch into chunks (engine.epoch.CHUNK_WORK).
    s = _large_session(batch_size=0)
    s.playing = True
    assert s.run_frame(time_budget=0.0) == 0
    assert s.playing
    assert 0 < s.trainer.epoch_progress < 0.99  # partway: the epoch is not done
    assert s.drawable_network() is s.network  # the picture shows the weights as they are
