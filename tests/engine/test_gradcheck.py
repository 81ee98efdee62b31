"""The gradient check itself: small for a right gradient, large for a wrong one, and harmless."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Network, gradient_check


def _problem(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2, 6))
    Y = (rng.random((1, 6)) > 0.5).astype(float)
    return X, Y


class _OffByTenPercent(Network):
    """A network whose backprop has a bug: dW1 comes out 10 % too large."""

    def backward(self, cache, Y, loss="bce", l2=0.0):
        grads = super().backward(cache, Y, loss, l2)
        grads["dW1"] = grads["dW1"] * 1.1
        return grads


def test_a_buggy_backprop_is_caught():
    X, Y = _problem()
    net = _OffByTenPercent([2, 3, 1], ["tanh", "sigmoid"], init="xavier", seed=0)
    assert gradient_check(net, X, Y) > 1e-3
    right = Network([2, 3, 1], ["tanh", "sigmoid"], init="xavier", seed=0)
    assert gradient_check(right, X, Y) < 1e-7


def test_relative_difference_against_a_hand_computed_gradient():
    # J(w) = (1/2m) sum (w x - y)^2 on one weight; with m = 1, x = 2, y = 1, w = 3, b = 0:
    # dJ/dw = (w x - y) x = 10, dJ/db = w x - y = 5. Central differences of a quadratic are
    # exact up to rounding, so the check is ~ 1e-10, far below 1e-7.
    net = Network([1, 1], ["linear"])
    net.params = {"W1": np.array([[3.0]]), "b1": np.array([[0.0]])}
    _, grads = net.cost_and_grads([[2.0]], [[1.0]], loss="mse")
    assert grads["dW1"][0, 0] == 10.0
    assert grads["db1"][0, 0] == 5.0
    assert gradient_check(net, [[2.0]], [[1.0]], loss="mse") < 1e-9


def test_the_network_is_left_untouched_and_float32_is_checked_in_float64():
    X, Y = _problem(1)
    net = Network([2, 3, 1], ["relu", "sigmoid"], init="he", seed=1, dtype="float32")
    before = {k: v.copy() for k, v in net.params.items()}
    assert gradient_check(net, X, Y, l2=0.5) < 1e-7
    assert all(np.array_equal(before[k], net.params[k]) for k in before)
    assert net.dtype == np.float32


def test_zero_gradients_agree():
    # Zero weights and a target equal to the output: every gradient is exactly 0.
    net = Network([2, 1], ["linear"], init="zeros")
    X, _ = _problem(2)
    assert gradient_check(net, X, np.zeros((1, 6)), loss="mse") == pytest.approx(0.0)
