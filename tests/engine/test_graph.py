"""The computation graphs: forward values and backward derivatives against hand-worked values
and central finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.graph import Edge, backpropagate, course_graph, logistic_graph
from engine.losses import LOSSES


def test_course_graph_matches_the_lecture_numbers():
    # The lecture's example: a = 5, b = 3, c = 2 gives u = 6, v = 11, J = 33, and backward
    # dJ/dv = 3, dJ/du = 3, dJ/da = 3, dJ/db = 3c = 6, dJ/dc = 3b = 9.
    g = course_graph(5, 3, 2)
    assert g.values == {"a": 5, "b": 3, "c": 2, "u": 6, "v": 11, "J": 33}
    assert g.grads == {"a": 3, "b": 6, "c": 9, "u": 3, "v": 3, "J": 1}
    assert g.output == "J"
    assert g.forward_order == ["u", "v", "J"]
    assert g.backward_order[0] == "J"


@pytest.mark.parametrize(("a", "b", "c"), [(5, 3, 2), (-1.5, 0.25, 4.0), (0, -2, -7)])
def test_course_graph_derivatives_are_3_3_3_3c_3b(a, b, c):
    g = course_graph(a, b, c).grads
    assert (g["v"], g["u"], g["a"]) == (3, 3, 3)
    assert g["b"] == pytest.approx(3 * c)
    assert g["c"] == pytest.approx(3 * b)


def test_course_graph_derivatives_match_finite_differences():
    point = {"a": 0.7, "b": -1.3, "c": 2.1}
    eps = 1e-6
    grads = course_graph(**point).grads
    for name in point:
        up = course_graph(**{**point, name: point[name] + eps}).values["J"]
        down = course_graph(**{**point, name: point[name] - eps}).values["J"]
        assert grads[name] == pytest.approx((up - down) / (2 * eps), rel=1e-6)


def _logistic_loss(x1, x2, w1, w2, b, y):
    """An independent reference: the course's L = -(y log a + (1 - y) log(1 - a))."""
    a = 1.0 / (1.0 + math.exp(-(w1 * x1 + w2 * x2 + b)))
    return -(y * math.log(a) + (1 - y) * math.log(1 - a))


@pytest.mark.parametrize("y", [0, 1])
def test_logistic_graph_forward_and_the_course_backward_formulas(y):
    x1, x2, w1, w2, b = 1.5, -0.5, 0.8, 2.0, -0.3
    g = logistic_graph(x1, x2, w1, w2, b, y)
    z = w1 * x1 + w2 * x2 + b  # 0.8*1.5 + 2*(-0.5) - 0.3 = -0.1
    a = 1.0 / (1.0 + math.exp(-z))
    assert g.values["z"] == pytest.approx(-0.1)
    assert g.values["a"] == pytest.approx(a)
    assert g.values["L"] == pytest.approx(_logistic_loss(x1, x2, w1, w2, b, y))
    grads = g.grads
    dz = a - y
    assert grads["z"] == pytest.approx(dz)
    assert grads["w1"] == pytest.approx(x1 * dz)
    assert grads["w2"] == pytest.approx(x2 * dz)
    assert grads["b"] == pytest.approx(dz)
    assert grads["a"] == pytest.approx(-y / a + (1 - y) / (1 - a))


def test_logistic_graph_dz_is_the_engine_output_delta():
    g = logistic_graph(0.3, 0.9, -1.2, 0.4, 0.1, 1)
    from engine.activations import get_activation

    Z = np.array([[g.values["z"]]])
    A = np.array([[g.values["a"]]])
    dZ = LOSSES["bce"].output_delta(A, np.array([[1.0]]), Z, get_activation("sigmoid"))
    assert g.grads["z"] == pytest.approx(float(dZ[0, 0]))


def test_logistic_graph_derivatives_match_finite_differences():
    point = {"x1": 0.4, "x2": -1.1, "w1": 1.7, "w2": 0.6, "b": 0.2, "y": 1}
    eps = 1e-6
    grads = logistic_graph(**point).grads
    for name in ("x1", "x2", "w1", "w2", "b"):
        up = _logistic_loss(**{**point, name: point[name] + eps})
        down = _logistic_loss(**{**point, name: point[name] - eps})
        assert grads[name] == pytest.approx((up - down) / (2 * eps), rel=1e-6)


def test_logistic_graph_rejects_a_label_that_is_not_0_or_1():
    with pytest.raises(ValueError, match="0 or 1"):
        logistic_graph(1, 1, 1, 1, 0, 2)


def test_logistic_graph_refuses_a_saturated_sigmoid_that_would_divide_by_zero():
    with pytest.raises(ValueError, match="rounds to exactly 1"):
        logistic_graph(100, 100, 1, 1, 0, 0)
    # The other label keeps the finite term: dz = a - y = 0.
    assert logistic_graph(100, 100, 1, 1, 0, 1).grads["z"] == 0


def test_backpropagate_sums_over_every_path():
    # x feeds p and q, both feed out = p + q with p = 2x, q = 5x: d out / dx = 2 + 5.
    edges = [Edge("x", "p", 2.0, ""), Edge("x", "q", 5.0, ""), Edge("p", "out", 1.0, ""),
             Edge("q", "out", 1.0, "")]
    assert backpropagate(["x", "p", "q", "out"], edges)["x"] == 7.0


def test_unknown_node_is_a_clear_key_error():
    with pytest.raises(KeyError, match="No node"):
        course_graph(1, 2, 3).node("w")
