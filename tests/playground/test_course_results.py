"""The planar notebook run again by the engine from the notebook's own starting weights: the
numbers it printed, pinned (playground/lessons/course_results.py)."""

from __future__ import annotations

import numpy as np
import pytest

from playground.lessons import course_results as cr

# Iterations whose printed cost agrees to every digit. After 7,000 gradient descent at rate
# 1.2 oscillates and the last bit of rounding shows in the 5th decimal (see the module).
EXACT_UP_TO = 7000


@pytest.fixture(scope="module")
def planar():
    return cr.train_course_model(4, cr.PLANAR_ITERATIONS, cr.PLANAR_LEARNING_RATE, 2)


def test_flower_is_the_course_planar_data():
    X, Y = cr.flower()
    assert X.shape == (2, 400)
    assert Y.shape == (1, 400)
    assert Y.sum() == 200  # the notebook's 200 red and 200 blue points


def test_course_network_starts_from_the_notebooks_weights():
    net = cr.course_network(4)
    assert net.layer_dims == [2, 4, 1]
    assert net.activations == ["tanh", "sigmoid"]
    rs = np.random.RandomState(2)  # the notebook's np.random.seed(2), then W1, then W2
    assert np.array_equal(net.params["W1"], rs.randn(4, 2) * 0.01)
    assert np.array_equal(net.params["W2"], rs.randn(1, 4) * 0.01)
    assert not net.params["b1"].any()
    with pytest.raises(ValueError, match="negative"):
        cr.course_network(-1)


def test_printed_costs_agree_to_every_digit_up_to_7000(planar):
    assert planar.iterations_done == cr.PLANAR_ITERATIONS
    assert set(planar.printed_costs) == set(cr.COURSE_COSTS)
    for i, printed in cr.COURSE_COSTS.items():
        if i <= EXACT_UP_TO:
            assert f"{planar.printed_costs[i]:.6f}" == f"{printed:.6f}", i
        else:  # the oscillating part: the same to 4 decimals
            assert planar.printed_costs[i] == pytest.approx(printed, abs=1e-4), i
    rows = cr.cost_rows(planar)
    assert [r["same digits"] for r in rows] == [i <= EXACT_UP_TO for i in cr.COURSE_COSTS]


def test_four_tanh_units_give_90_75_which_the_notebook_prints_as_90(planar):
    assert planar.accuracy == 90.75
    assert cr.printed_percent(planar.accuracy) == cr.COURSE_PLANAR_ACCURACY
    assert planar.probs.shape == (len(planar.x2s), len(planar.x1s))
    assert len(planar.costs) <= 201


def test_the_late_digits_depend_on_rounding_not_on_the_method(planar):
    # The notebook's own code, run here, agrees with the engine through 7,000 and then
    # drifts as the engine does; one ulp on W1 moves the engine's 8,000 cost as much.
    here = cr.notebook_costs()
    nudged = cr.train_course_model(4, nudge=1, grid_resolution=10)
    for i in cr.COURSE_COSTS:
        if i <= EXACT_UP_TO:
            assert f"{here[i]:.6f}" == f"{cr.COURSE_COSTS[i]:.6f}"
            assert f"{nudged.printed_costs[i]:.6f}" == f"{planar.printed_costs[i]:.6f}"
    assert f"{here[8000]:.6f}" != f"{cr.COURSE_COSTS[8000]:.6f}"
    assert nudged.printed_costs[8000] != planar.printed_costs[8000]
    assert abs(nudged.printed_costs[8000] - planar.printed_costs[8000]) > 1e-6


def test_logistic_regression_prints_the_notebooks_47_percent():
    run = cr.train_course_model(0, grid_resolution=10)
    assert run.architecture.startswith("Network 2 -> 1 sigmoid")
    assert cr.printed_percent(run.accuracy) == cr.COURSE_LOGISTIC_ACCURACY


@pytest.mark.slow
def test_the_sweep_gives_the_notebooks_accuracies():
    runs = [cr.train_course_model(n, cr.SWEEP_ITERATIONS, grid_resolution=10)
            for n in cr.SWEEP_SIZES]
    got = {r.hidden_units: r.accuracy for r in runs}
    for n in (1, 2, 3, 4, 5):  # exactly as printed
        assert got[n] == cr.COURSE_SWEEP[n], n
    for n in (20, 50):  # rounding-sensitive runs (as the costs after 7,000): within a point
        assert got[n] == pytest.approx(cr.COURSE_SWEEP[n], abs=1.0), n
    rows = cr.sweep_rows(runs)
    assert [r["same"] for r in rows] == [n <= 5 for n in cr.SWEEP_SIZES]


def test_printed_percent_truncates_as_percent_d():
    assert cr.printed_percent(90.75) == 90
    assert cr.printed_percent(47.99) == 47
    assert cr.agrees(0.2884, 0.288400)
    assert not cr.agrees(0.2194061, 0.219454)
