"""playground.figures.diagnostics draws exactly the statistics it is given."""

from __future__ import annotations

import numpy as np

from engine.datasets import make_2d
from engine.diagnostics import GradientNormLog, layer_statistics
from engine.network import Network
from engine.trainer import Trainer
from playground.figures.diagnostics import diagnostics_figure


def _trained(init="xavier", act="tanh", epochs=30):
    X, Y = make_2d("flower", n_samples=120, seed=1)
    net = Network([2, 5, 4, 1], [act, act, "sigmoid"], init=init, seed=0)
    trainer, log = Trainer(net, X, Y, learning_rate=0.5), GradientNormLog(capacity=50)
    for _ in range(epochs):
        trainer.run(1)
        log.record(trainer.epoch, trainer.last_grads)
    return net, layer_statistics(net, X, Y), log


def test_three_panels_per_layer_with_the_shares_and_a_log_axis():
    net, stats, log = _trained()
    epochs, norms = log.series()
    fig = diagnostics_figure(stats, epochs, norms, layer_dims=net.layer_dims, epoch=30)
    assert len(fig.data) == 3 * net.L
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].startswith("A[1] Tanh, 5 units · saturated ")
    assert titles[3 * 2].startswith("A[3] Sigmoid, 1 unit · saturated")
    for row in range(net.L):
        a_bars, grads, w_bars = fig.data[3 * row: 3 * row + 3]
        np.testing.assert_allclose(np.sum(a_bars.y), 1.0)  # shares of all entries
        np.testing.assert_allclose(a_bars.y, stats[row].a_counts / stats[row].a_counts.sum())
        assert list(grads.x) == epochs
        np.testing.assert_allclose(grads.y, norms[row])
        np.testing.assert_allclose(np.sum(w_bars.y), 1.0)
    assert fig.layout.yaxis2.type == "log"
    assert fig.layout.xaxis.range == (-1.0, 1.0)  # tanh's fixed range


def test_zero_gradients_are_said_not_drawn():
    _, stats, log = _trained(init="zeros", epochs=3)
    fig = diagnostics_figure(stats, *log.series())
    titles = [a.text for a in fig.layout.annotations]
    assert "dW[1] = 0" in titles  # W[2] = 0 sends nothing back to layer 1
    assert len(fig.data[1].x) == 0  # nothing on a log axis for 0
    assert any("no gradient reaches" in t for t in titles[3 * len(stats):])


def test_a_single_point_without_a_history():
    _, stats, _ = _trained(epochs=1)
    fig = diagnostics_figure(stats, epoch=7)
    assert list(fig.data[1].x) == [7]
    assert fig.data[1].y[0] == stats[0].grad_norm
