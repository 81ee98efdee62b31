"""The course's experiments reproduced by the engine, and the helpers of pages B."""

from __future__ import annotations

import numpy as np
import pytest

from engine.graph import course_graph, logistic_graph
from playground.course import (
    COURSE_LOGISTIC_ACCURACY,
    COURSE_PLANAR_ACCURACY,
    COURSE_SWEEP,
    architecture_dims,
    course_network,
    flower,
    graph_step_text,
    layer_equations,
    sweep_rows,
    train_course_model,
    vectorization_timing,
)


def test_flower_is_the_course_planar_data():
    X, Y = flower()
    assert X.shape == (2, 400)
    assert Y.shape == (1, 400)
    assert Y.sum() == 200  # the notebook's 200 red and 200 blue points


def test_logistic_regression_gets_the_course_47_percent():
    run = train_course_model(0, iterations=2000)
    assert run.architecture.startswith("Network 2 -> 1 sigmoid")
    assert run.accuracy == pytest.approx(COURSE_LOGISTIC_ACCURACY, abs=3)


def test_four_tanh_units_get_the_course_90_percent_in_10000_iterations():
    run = train_course_model(4, iterations=10_000, learning_rate=1.2)
    assert run.iterations_done == 10_000
    assert run.diverged is None
    assert run.accuracy == pytest.approx(COURSE_PLANAR_ACCURACY, abs=3)
    assert run.costs[0] == pytest.approx(np.log(2), abs=1e-3)  # weights x 0.01: J starts at ln 2
    assert run.final_cost < 0.3
    assert run.probs.shape == (len(run.x2s), len(run.x1s))
    assert 0 <= run.probs.min() <= run.probs.max() <= 1
    assert len(run.costs) <= 201


@pytest.mark.parametrize("hidden", [1, 3])
def test_sweep_sizes_match_the_course_within_a_few_points(hidden):
    run = train_course_model(hidden, iterations=5000)
    assert run.accuracy == pytest.approx(COURSE_SWEEP[hidden], abs=4)


def test_course_network_is_the_notebook_model():
    net = course_network(4)
    assert net.layer_dims == [2, 4, 1]
    assert net.activations == ["tanh", "sigmoid"]
    assert np.abs(net.params["W1"]).max() < 0.05  # randn x 0.01
    assert not net.params["b1"].any()
    with pytest.raises(ValueError, match="negative"):
        course_network(-1)


def test_sweep_rows_show_the_difference_to_the_course():
    run = train_course_model(2, iterations=50)
    (row,) = sweep_rows([run])
    assert row["hidden units n_h"] == 2
    assert row["course accuracy (%)"] == 67.25
    assert row["difference (points)"] == pytest.approx(run.accuracy - 67.25, abs=0.01)


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
