"""Loaded weights are scored at once (issue 12, must-fix 5): the cost and the accuracy of the
loaded network appear before any Step, and training then goes on with one row per epoch."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Network
from engine.housing import load_housing_frame
from playground.fields import Setup, default_setup
from playground.housing_view import housing_data_maker
from playground.state import Session


def _trained_params(setup: Setup, make_data=None, epochs: int = 40) -> dict:
    s = Session(setup, make_data=make_data) if make_data else Session(setup)
    s.step(epochs)
    return {k: v.copy() for k, v in s.network.params.items()}


def _scores(net: Network, X, Y, loss: str) -> tuple[float, float]:
    AL = net.forward(X)
    return net.cost(X, Y, loss=loss), float(np.mean((AL > 0.5) == Y))


@pytest.mark.parametrize("batch", [0, 32])
def test_loaded_weights_show_cost_and_accuracy_at_once(batch):
    setup = Setup(dataset="moons", hidden_units=[5], batch_size=batch, learning_rate=0.5)
    params = _trained_params(setup)
    s = Session(setup)
    s.step(3)
    s.load_params(params, "w.npz")
    assert s.epoch == 0
    last = s.trainer.last
    assert last["epoch"] == 0
    cost, acc = _scores(s.network, s.data.X_train, s.data.Y_train, "bce")
    test_cost, test_acc = _scores(s.network, s.data.X_test, s.data.Y_test, "bce")
    assert last["train_cost"] == pytest.approx(cost, rel=1e-9)
    assert last["train_metric"] == pytest.approx(acc)
    assert last["test_cost"] == pytest.approx(test_cost, rel=1e-9)
    assert last["test_metric"] == pytest.approx(test_acc)
    assert acc > 0.8  # trained weights: clearly better than a coin
    assert "cost" in s.notice.lower()
    # Training from them: the epoch-0 row is measured again (not a second row for epoch 0).
    s.step(2)
    assert s.trainer.history["epoch"] == [0, 1]
    assert s.epoch == 2
    if batch == 0:  # in batch mode the training's own epoch-0 row is the same measurement
        assert s.trainer.history["train_cost"][0] == pytest.approx(cost, rel=1e-9)


def test_loaded_housing_weights_show_the_rmse_at_once():
    frame = load_housing_frame()
    setup = default_setup("regression").replace(housing_samples=2000,
                                                features=["median_income"])
    make = housing_data_maker(frame)
    params = _trained_params(setup, make, epochs=5)
    s = Session(setup, make_data=make)
    s.load_params(params)
    last = s.trainer.last
    diff = s.network.forward(s.data.X_test) - s.data.Y_test
    assert last["test_metric"] == pytest.approx(float(np.sqrt(np.mean(diff ** 2))), rel=1e-9)
    assert last["epoch"] == 0
