"""The helpers of the pages "Shapes and equations" and "Vectorization and graphs"."""

from __future__ import annotations

import pytest

from engine.graph import course_graph, logistic_graph
from playground.course import (
    architecture_dims,
    graph_step_text,
    layer_equations,
    vectorization_timing,
)


def test_layer_equations_carry_the_real_shapes():
    dims = architecture_dims(2, [4])
    assert dims == [2, 4, 1]
    eq = layer_equations(dims, 400, 1, "tanh")
    assert "(4,\\,2)" in eq["forward"][0]    # W[1] is (4, 2)
    assert "(2,\\,400)" in eq["forward"][0]  # X is (2, 400)
    assert "tanh" in eq["forward"][1]
    assert "(4,\\,1)" in eq["backward"][2]  # db[1]
    assert "g^{[1]\\prime}(Z^{[1]})" in eq["backward"][0]  # not g^{[1]}' (a KaTeX error)
    out = layer_equations(dims, 400, 2, "sigmoid")
    assert "A^{[2]} - Y" in out["backward"][0]
    with pytest.raises(ValueError, match="from 1 to 2"):
        layer_equations(dims, 400, 3, "tanh")


def test_vectorization_timing_uses_the_architecture_and_stays_within_budget():
    t = vectorization_timing([8], "tanh", m=400, loop_budget=2400)
    assert t.layer_dims == (2, 8, 1)
    assert t.m_total == 400
    assert t.m_timed == 100
    assert t.max_abs_difference < 1e-12


def test_graph_step_text_walks_forward_then_backward():
    g = course_graph(5, 3, 2)
    assert "a = 5" in graph_step_text(g, 0)
    assert graph_step_text(g, 1) == "Forward, step 1: u = bc = 6."
    assert "dJ/dJ = 1" in graph_step_text(g, 4)
    # Backward visits J, v, u, c, b, a: at c, dJ/dc = dJ/du * du/dc = 3 * b = 3 * 3 = 9.
    assert graph_step_text(g, 7) == "Backward: dJ/dc = dJ/du · ∂u/∂c = 3 × 3 = 9."
    assert graph_step_text(g, 99) == "Backward: dJ/da = dJ/dv · ∂v/∂a = 3 × 1 = 3."
    lg = logistic_graph(1, 2, 0.5, -0.5, 0, 1)
    assert "dL/da = dL/dL · ∂L/∂a = 1 × (-" in graph_step_text(lg, 5)
    assert "dL/dz" in graph_step_text(lg, 6)
