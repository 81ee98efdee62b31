"""The per-layer diagnostics on hand-made networks, and the bounded gradient-norm log."""

from itertools import pairwise

import numpy as np
import pytest

from engine.datasets import make_2d
from engine.diagnostics import (
    BINS,
    SATURATION_THRESHOLD,
    GradientNormLog,
    activation_edges,
    layer_statistics,
)
from engine.network import Network
from engine.trainer import Trainer

DEEP = [2, 16, 16, 16, 16, 16, 16, 1]


def _deep(act, init, scale=None, seed=0):
    return Network(DEEP, [act] * 6 + ["sigmoid"], init=init, init_scale=scale, seed=seed)


@pytest.fixture(scope="module")
def data():
    return make_2d("flower", n_samples=200, seed=1)


def test_zeros_init_is_one_spike_with_identical_units(data):
    X, Y = data
    stats = layer_statistics(_deep("tanh", "zeros"), X, Y)
    assert len(stats) == 7
    for s in stats[:-1]:
        assert s.a_counts.sum() == 16 * X.shape[1]
        assert np.count_nonzero(s.a_counts) == 1  # every a = tanh(0) = 0: one bin
        centre = s.a_edges[np.argmax(s.a_counts)] + (s.a_edges[1] - s.a_edges[0]) / 2
        assert abs(centre) < 1e-12  # the bin of 0, centred on it
        assert s.unit_spread == 0.0
        assert np.count_nonzero(s.w_counts) == 1  # W = 0: one bin too
        assert s.grad_norm == 0.0  # W[l+1] = 0 sends nothing back
        assert s.saturated == 0.0  # tanh'(0) = 1
        assert s.dead is None


def test_large_tanh_saturates(data):
    X, Y = data
    stats = layer_statistics(_deep("tanh", "normal", 10.0), X, Y)
    for s in stats[1:-1]:  # past layer 1 every unit sees a huge z
        assert s.saturated > 0.9
        ends = s.a_counts[0] + s.a_counts[-1]
        assert ends / s.a_counts.sum() > 0.9  # piled up at -1 and +1
    healthy = layer_statistics(_deep("tanh", "xavier"), X, Y)
    assert all(s.saturated < 0.2 for s in healthy[:-1])
    assert all(s.a_counts[0] + s.a_counts[-1] < 0.1 * s.a_counts.sum() for s in healthy[1:-1])


def test_he_relu_is_healthy_and_zeros_relu_is_dead(data):
    X, Y = data
    he = layer_statistics(_deep("relu", "he"), X, Y)
    for s in he[:-1]:
        assert s.saturated is None
        assert 0.2 < s.dead < 0.8  # about half the entries negative, not all
        assert s.grad_norm > 1e-4
        assert s.a_edges[0] < 0 < s.a_edges[-1]
    zeros = layer_statistics(_deep("relu", "zeros"), X, Y)
    assert all(s.dead == 1.0 for s in zeros[:-1])  # z = 0: g'(0) = 0 in the course
    assert zeros[-1].share_label.startswith("saturated")  # the sigmoid output


def test_statistics_match_the_network_and_leave_it_alone(data):
    X, Y = data
    net = _deep("tanh", "he", seed=3)
    before = {k: v.copy() for k, v in net.params.items()}
    stats = layer_statistics(net, X, Y)
    _, grads = net.cost_and_grads(X, Y)
    for s in stats:
        assert s.grad_norm == pytest.approx(np.linalg.norm(grads[f"dW{s.layer}"]), rel=1e-9)
        assert s.w_counts.sum() == net.params[f"W{s.layer}"].size
        assert len(s.a_edges) == BINS + 1
    _, cache = net.forward_cache(X)
    Z1, A1 = cache["Z1"], cache["A1"]
    assert stats[0].saturated == pytest.approx(np.mean(1 - A1**2 < SATURATION_THRESHOLD))
    assert not (np.abs(Z1) > 0).all() or stats[0].a_counts.sum() == A1.size
    for k, v in before.items():
        np.testing.assert_array_equal(net.params[k], v)


def test_fixed_ranges_come_from_the_record():
    A = np.array([[0.1, 0.2]])
    np.testing.assert_allclose(activation_edges("tanh", A)[[0, -1]], [-1, 1])
    np.testing.assert_allclose(activation_edges("sigmoid", A)[[0, -1]], [0, 1])
    edges = activation_edges("relu", np.array([[0.0, 3.0]]))
    assert edges[0] < 0 < 3 < edges[-1]


def test_log_is_bounded_and_keeps_the_whole_run(data):
    X, Y = data
    net = Network([2, 4, 1], ["tanh", "sigmoid"], init="xavier", seed=0)
    trainer = Trainer(net, X, Y, learning_rate=0.5)
    log = GradientNormLog(capacity=16)
    assert not log.record(0, trainer.last_grads)  # nothing trained yet
    for _ in range(300):
        trainer.run(1)
        log.record(trainer.epoch, trainer.last_grads)
        assert len(log) < 16
    epochs, per_layer = log.series()
    assert epochs[0] == 1  # the first kept
    assert epochs[-1] == 300  # and the latest shown
    assert all(b > a for a, b in pairwise(epochs))
    assert len(per_layer) == 2
    assert len(per_layer[0]) == len(epochs)
    _, grads = net.cost_and_grads(X, Y)
    # The last row is the last step's gradient (one update before the current weights).
    assert per_layer[1][-1] == pytest.approx(np.linalg.norm(grads["dW2"]), rel=0.05)
    assert log.stride > 1


def test_log_starts_again_for_another_architecture():
    log = GradientNormLog(capacity=8)
    log.record(1, {"dW1": np.ones((2, 2)), "dW2": np.ones((1, 2))})
    log.record(2, {"dW1": np.ones((2, 2))})
    epochs, per_layer = log.series()
    assert epochs == [2]
    assert per_layer == [[2.0]]
    with pytest.raises(ValueError, match="at least 4"):
        GradientNormLog(capacity=2)
