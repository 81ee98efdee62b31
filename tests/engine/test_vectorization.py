"""The loop forward pass computes what the vectorized one does, and is timed fairly."""

from __future__ import annotations

import numpy as np
import pytest

from engine.activations import HIDDEN_ACTIVATIONS
from engine.initializers import initialize_parameters
from engine.vectorization import (
    forward_loops,
    forward_vectorized,
    loop_examples_within,
    multiply_adds,
    time_dot,
    time_forward,
)

ACTS = list(HIDDEN_ACTIVATIONS)  # the loop version is elementwise


def _params(dims, seed=0):
    return initialize_parameters(dims, init="normal", scale=1.0, rng=seed)


@pytest.mark.parametrize("hidden", ACTS)
def test_loops_and_vectorized_agree_for_every_activation(hidden):
    rng = np.random.default_rng(3)
    dims = [2, 5, 3, 1]
    params = _params(dims)
    X = rng.normal(size=(2, 17)) * 3
    acts = [hidden, hidden, "sigmoid"]
    looped = forward_loops(params, acts, X, leaky_alpha=0.1)
    vec = forward_vectorized(params, acts, X, leaky_alpha=0.1)
    assert looped.shape == vec.shape == (1, 17)
    np.testing.assert_allclose(looped, vec, rtol=0, atol=1e-12)


def test_forward_vectorized_is_the_network_forward():
    from engine.network import Network

    net = Network([2, 4, 1], ["tanh", "sigmoid"], init="normal", init_scale=1.0, seed=5)
    X = np.random.default_rng(1).normal(size=(2, 30))
    np.testing.assert_allclose(
        forward_vectorized(net.params, net.activations, X), net.forward(X), atol=1e-14
    )


def test_loop_version_handles_a_hand_worked_unit():
    # One tanh unit with w = (1, 2), b = -1, then a linear output 3a: x = (0.5, 0.25) gives
    # z = 0.5 + 0.5 - 1 = 0, a = tanh(0) = 0, output 0; x = (1, 1) gives 3 tanh(2).
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[-1.0]]),
              "W2": np.array([[3.0]]), "b2": np.array([[0.0]])}
    X = np.array([[0.5, 1.0], [0.25, 1.0]])
    out = forward_loops(params, ["tanh", "linear"], X)
    np.testing.assert_allclose(out, [[0.0, 3 * np.tanh(2.0)]])


def test_bad_inputs_are_clear_errors():
    params = _params([2, 3, 1])
    with pytest.raises(ValueError, match="X must be"):
        forward_loops(params, ["tanh", "sigmoid"], np.zeros((3, 4)))
    with pytest.raises(ValueError, match="Unknown activation"):
        forward_loops(params, ["swish", "sigmoid"], np.zeros((2, 4)))
    with pytest.raises(ValueError, match="params must hold"):
        forward_loops(params, ["tanh", "tanh", "sigmoid"], np.zeros((2, 4)))


def test_multiply_adds_and_the_loop_budget():
    # [2, 4, 1]: 2*4 + 4*1 = 12 multiply-adds per example.
    assert multiply_adds([2, 4, 1], 10) == 120
    assert loop_examples_within([2, 4, 1], 400, 120) == 10
    assert loop_examples_within([2, 4, 1], 5, 10**9) == 5
    assert loop_examples_within([2, 64, 64, 1], 400, 1) == 1


def test_time_forward_reports_consistent_figures():
    params = _params([2, 8, 1])
    X = np.random.default_rng(0).normal(size=(2, 300))
    t = time_forward(params, ["tanh", "sigmoid"], X, loop_budget=2400, loop_repeats=1)
    assert t.m_total == 300
    assert t.m_timed == 100  # 2400 // (2*8 + 8*1)
    assert t.layer_dims == (2, 8, 1)
    assert t.multiply_adds == 2400
    assert t.max_abs_difference < 1e-12
    assert t.loop_seconds > 0
    assert t.vectorized_seconds > 0
    assert t.ratio == pytest.approx(t.loop_seconds / t.vectorized_seconds)


def test_best_time_keeps_the_fastest_of_at_least_min_repeats_runs():
    from engine.vectorization import _best_time

    calls = []
    assert _best_time(lambda: calls.append(1), 0.0, 100, min_repeats=7) >= 0
    assert len(calls) == 7


# The speed ratio itself is not asserted here: on a shared machine a timing can be disturbed.
# The page shows it; the AppTest checks the loops are slower on a 100x margin.
def test_time_dot_computes_the_same_dot_product():
    t = time_dot(20_000, rng=1)
    assert t.n == 20_000
    assert t.loop_value == pytest.approx(t.vectorized_value, rel=1e-12)
    assert t.loop_seconds > 0
    assert t.vectorized_seconds > 0


class _CountingArray(np.ndarray):
    # Counts the element reads W[j, k]: the lecture's loop indexes NumPy arrays, one at a time.
    reads = 0

    def __getitem__(self, index):
        type(self).reads += 1
        return super().__getitem__(index)


def test_the_loop_is_the_lectures_reading_numpy_arrays_element_by_element():
    dims, m = [3, 4, 2], 5
    params = _params(dims)
    counted = {k: v.view(_CountingArray) for k, v in params.items()}
    _CountingArray.reads = 0
    X = np.random.default_rng(1).standard_normal((3, m))
    out = forward_loops(counted, ["tanh", "sigmoid"], X)
    # One read of W[l][j, k] per multiply-add (plus one of b[l][j] per unit).
    assert _CountingArray.reads >= multiply_adds(dims, m)
    np.testing.assert_allclose(out, forward_vectorized(params, ["tanh", "sigmoid"], X),
                               rtol=1e-12)
