"""engine.experiments: the measurements behind the teaching pages, on hand-worked arrays."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import experiments
from engine.activations import sigmoid, sigmoid_derivative, tanh, tanh_derivative


def test_saturation_intervals_finds_each_run_below_threshold():
    z = np.arange(8.0)
    d = np.array([0.0, 0.01, 0.5, 0.9, 0.02, 0.6, 0.0, 0.0])
    assert experiments.saturation_intervals(z, d, 0.05) == [(0.0, 1.0), (4.0, 4.0), (6.0, 7.0)]


def test_saturation_intervals_empty_when_nothing_is_flat():
    z = np.linspace(-1, 1, 11)
    assert experiments.saturation_intervals(z, np.ones_like(z), 0.05) == []


@pytest.mark.parametrize(
    ("forward", "derivative", "edge"),
    [
        # sigmoid' = a(1-a) = 0.05  ->  a = (1 - sqrt(0.8)) / 2,  z = log(a / (1 - a)) = -2.887
        (sigmoid, sigmoid_derivative,
         -math.log((1 - (1 - math.sqrt(0.8)) / 2) / ((1 - math.sqrt(0.8)) / 2))),
        # tanh' = 1 - a^2 = 0.05  ->  a = sqrt(0.95),  z = -atanh(sqrt(0.95)) = -2.178
        (tanh, tanh_derivative, -math.atanh(math.sqrt(0.95))),
    ],
)
def test_saturation_intervals_of_sigmoid_and_tanh_match_hand_worked_edges(
    forward, derivative, edge
):
    z = np.linspace(-8, 8, 16001)  # step 0.001
    left, right = experiments.saturation_intervals(z, derivative(z, forward(z)), 0.05)
    assert left[0] == -8.0
    assert right[1] == 8.0
    assert left[1] == pytest.approx(edge, abs=2e-3)
    assert right[0] == pytest.approx(-edge, abs=2e-3)


def test_saturation_intervals_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        experiments.saturation_intervals(np.zeros(3), np.zeros(4))


def test_layer_gradient_norms_are_frobenius_norms_in_layer_order():
    grads = {
        "dW1": np.array([[3.0, 4.0]]),  # sqrt(9 + 16) = 5
        "db1": np.array([[100.0]]),  # biases are not counted
        "dW2": np.array([[1.0], [2.0], [2.0]]),  # sqrt(1 + 4 + 4) = 3
        "db2": np.zeros((3, 1)),
    }
    assert experiments.layer_gradient_norms(grads) == [5.0, 3.0]


def test_row_spread_is_zero_only_for_identical_rows():
    assert experiments.row_spread(np.tile([[0.3, -1.2, 5.0]], (4, 1))) == 0.0
    W = np.array([[0.0, 1.0], [0.5, 1.0], [0.2, -2.0]])
    assert experiments.row_spread(W) == pytest.approx(3.0)  # column 2: 1 - (-2)
    assert experiments.row_spread(np.array([[7.0, 8.0]])) == 0.0


def test_saturated_fraction_and_typical_slope():
    d = np.array([[0.0, 0.01, 0.2], [0.9, -0.04, 1.0]])
    assert experiments.saturated_fraction(d, 0.05) == pytest.approx(3 / 6)
    assert experiments.typical_slope(d) == pytest.approx((0.04 + 0.2) / 2)  # median of |d|


def test_linear_map_gap_is_the_largest_absolute_difference():
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    W = np.array([[2.0, 1.0]])
    b = np.array([[0.5]])
    # W X + b = [[2.5, 3.5]]
    assert experiments.linear_map_gap(np.array([[2.5, 3.25]]), W, b, X) == pytest.approx(0.25)


def test_singular_values_count_the_rank():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((5, 2)) @ rng.standard_normal((2, 5))  # rank 2
    s = experiments.singular_values(W)
    assert s.shape == (5,)
    assert np.all(np.diff(s) <= 0)
    assert np.sum(s > 1e-10 * s[0]) == 2
