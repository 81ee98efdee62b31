"""playground.lessons: the experiments behind the teaching pages show what the lectures claim."""

from __future__ import annotations

import numpy as np
import pytest

from engine.activations import HIDDEN_ACTIVATIONS, get_activation
from engine.network import Network
from playground.lessons import activations as act_page
from playground.lessons import initialization as init_page
from playground.lessons import linear_collapse as collapse_page
from playground.lessons import training


@pytest.mark.parametrize("name", list(HIDDEN_ACTIVATIONS))  # the curves the page draws
def test_activation_curves_come_from_the_engine(name):
    (curve,) = act_page.activation_curves((name,), -4.0, 4.0, alpha=0.2, n=81)
    act = get_activation(name, alpha=0.2)
    z = np.linspace(-4.0, 4.0, 81)
    np.testing.assert_array_equal(curve["z"], z)
    np.testing.assert_array_equal(curve["a"], act.forward(z))
    np.testing.assert_array_equal(curve["da"], act.derivative(z, act.forward(z)))
    assert curve["formula"] == act.formula
    assert curve["label"] == act.label
    assert curve["color"] == act.color
    assert curve["note"] == act.note.format(
        max=curve["max_derivative"], zero=curve["value_at_zero"], **act.values())
    # Shaded as "saturated" exactly where the record says it saturates: sigmoid and tanh
    # (on [-4, 4] both reach |g'| < 0.05), not ReLU's dead side.
    assert bool(curve["saturation"]) == bool(act.saturates) == (name in ("sigmoid", "tanh"))


def test_activation_curves_derivative_matches_finite_differences():
    # An independent check of the derivative the page draws (central differences of g).
    curves = act_page.activation_curves(("sigmoid", "tanh"), -5.0, 5.0, n=1001)
    for c in curves:
        z, a, da = c["z"], c["a"], c["da"]
        fd = (a[2:] - a[:-2]) / (z[2:] - z[:-2])
        np.testing.assert_allclose(da[1:-1], fd, atol=1e-4)


def test_activation_curves_key_numbers():
    sig, tanh, leaky = act_page.activation_curves(("sigmoid", "tanh", "leaky_relu"), -6, 6, 0.3)
    assert sig["max_derivative"] == pytest.approx(0.25)
    assert sig["value_at_zero"] == pytest.approx(0.5)
    assert tanh["value_at_zero"] == 0.0  # tanh is centred at 0
    assert tanh["max_derivative"] == pytest.approx(1.0)
    assert leaky["da"][0] == pytest.approx(0.3)  # leaky's slope for z < 0 is alpha


def test_largest_slope_is_the_activations_own_whatever_the_z_range():
    # On z in [19.5, 20] the page said "sigmoid's slope is at most 0.00 (at z = 0)".
    far = act_page.activation_curves(("sigmoid", "tanh", "relu"), 19.5, 20.0)
    assert [c["max_derivative"] for c in far] == pytest.approx([0.25, 1.0, 1.0])


def test_activation_curves_reject_an_empty_range():
    with pytest.raises(ValueError, match="z range"):
        act_page.activation_curves(("relu",), 1.0, 1.0)


def test_relu_trains_much_faster_than_sigmoid_in_the_demo():
    res = act_page.relu_vs_sigmoid()
    sig, relu = res["runs"]
    assert (sig["key"], relu["key"]) == ("sigmoid", "relu")
    target = act_page.RELU_DEMO_TARGET
    e_sig = training.epochs_to_reach(sig["epoch"], sig["cost"], target)
    e_relu = training.epochs_to_reach(relu["epoch"], relu["cost"], target)
    assert e_relu is not None
    assert e_sig is not None
    assert e_relu * 10 < e_sig  # measured: 51 vs about 2,660 epochs
    # The difference is speed, not what can be learned: both end up fitting the circle.
    # No overshoot in the picture: neither cost ever climbs back more than 0.02 above the
    # lowest cost it has reached (at learning rate 0.8 ReLU's jumped from 0.22 back to 0.69).
    for run in (sig, relu):
        cost = np.asarray(run["cost"])
        assert np.max(cost - np.minimum.accumulate(cost)) < 0.02
    assert sig["final_metric"] > 0.9
    assert relu["final_metric"] > 0.9
    assert len(sig["cost"]) == len(relu["cost"]) == act_page.RELU_DEMO["epochs"]


def test_epochs_to_reach():
    assert training.epochs_to_reach([0, 1, 2], [0.9, 0.5, 0.2], 0.5) == 1
    assert training.epochs_to_reach([0, 1, 2], [0.9, 0.8, 0.7], 0.5) is None


def test_compare_training_runs_share_data_and_seed():
    specs = (
        training.RunSpec("tanh", "tanh", "tanh", init="xavier"),
        training.RunSpec("relu", "ReLU", "relu", init="xavier"),
    )
    res = training.compare_training(specs, "xor", (4,), 20, 0.5, n_samples=100,
                                    grid_resolution=11, n_records=4)
    a, b = res["runs"]
    assert res["X"].shape == (2, 100)
    assert res["Y"].shape == (1, 100)
    assert a["P"].shape == b["P"].shape == (11, 11)
    assert a["epoch"] == list(range(20))
    assert a["grad_epoch"] == [0, 5, 10, 15, 20]
    assert len(a["grad_norms"]) == 2
    assert len(a["grad_norms"][0]) == 5
    # Same seed and init: the two networks start from the very same weights.
    W1_a = Network([2, 4, 1], ["tanh", "sigmoid"], init="xavier", seed=0).params["W1"]
    W1_b = Network([2, 4, 1], ["relu", "sigmoid"], init="xavier", seed=0).params["W1"]
    np.testing.assert_array_equal(W1_a, W1_b)
    # The first recorded gradient norm is the engine's gradient at the start.
    net = Network([2, 4, 1], ["tanh", "sigmoid"], init="xavier", seed=0)
    _, grads = net.cost_and_grads(res["X"], res["Y"])
    assert a["grad_norms"][0][0] == pytest.approx(np.linalg.norm(grads["dW1"]))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_zero_init_keeps_every_hidden_unit_identical(activation):
    # tanh(0) = 0 and relu'(0) = 0: no gradient ever reaches W[1], which stays exactly 0.
    res = init_page.compare_inits(("zeros", "xavier"), activation, "flower", (6,), 300, 1.2)
    zeros, xavier = res["runs"]
    assert zeros["row_spread"] == 0.0
    np.testing.assert_array_equal(zeros["W1"], np.zeros((6, 2)))
    assert zeros["final_cost"] == pytest.approx(np.log(2))  # a coin flip, forever
    assert xavier["row_spread"] > 0.5


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("dataset", ["circle", "xor", "flower"])
def test_zero_init_on_balanced_data_does_not_start(activation, dataset):
    # By hand: W[2] = 0 gives dA[1] = W[2]^T dZ[2] = 0, so dW[1] = 0; and with every a = 1/2
    # on data with half the labels 1, db[2] = mean(a - y) = 0 and dW[2] = dZ[2] A[1]^T / m = 0.
    # With tanh and ReLU, A[1] = 0 exactly, so that stays true however long one trains; with
    # sigmoid (A[1] = 1/2) rounding can grow, so it is checked after a few epochs only.
    epochs = 20 if activation == "sigmoid" else 300
    res = init_page.compare_inits(("zeros", "xavier"), activation, dataset, (6,), epochs, 1.2)
    zeros, xavier = res["runs"]
    assert np.mean(res["Y"]) == 0.5
    for name, value in zeros["params"].items():
        assert np.abs(value).max() < 1e-12, name  # rounding at most
    assert zeros["row_spread"] < 1e-12  # every hidden unit identical
    assert zeros["final_cost"] == pytest.approx(np.log(2), abs=1e-12)
    assert xavier["row_spread"] > 0.5


def test_large_init_saturates_tanh_and_learning_stalls():
    res = init_page.compare_inits(("large", "xavier"), "tanh", "flower", (8, 8), 1500, 0.5,
                                 large_scale=10.0)
    large, xavier = res["runs"]
    assert large["label"] == "Random × 10"
    # At the start nearly every hidden unit sits on a flat part of tanh: tiny slopes.
    assert large["saturated_at_start"][0] > 0.6
    assert large["slope_at_start"][0] < 1e-3
    assert xavier["slope_at_start"][0] > 0.3
    # ... and after the same training it is clearly behind.
    assert large["final_cost"] > 2 * xavier["final_cost"]
    assert large["final_metric"] < xavier["final_metric"] - 0.1


def test_init_specs_labels_and_scales():
    specs = init_page.init_specs(("zeros", "small", "large", "he"), "relu", large_scale=5.0)
    assert [s.init for s in specs] == ["zeros", "normal", "normal", "he"]
    assert [s.init_scale for s in specs] == [0.0, 0.01, 5.0, 1.0]
    assert specs[2].label == "Random × 5"
    assert all(s.activation == "relu" for s in specs)


@pytest.mark.parametrize(("dataset", "depth", "width"), [("circle", 4, 6), ("xor", 2, 16)])
def test_linear_network_collapses_to_one_straight_line(dataset, depth, width):
    res = collapse_page.collapse_experiment(dataset, depth, width, "tanh", 300, 0.5, n_samples=200)
    col = res["collapse"]
    assert col["agreement"] < 1e-12
    assert col["W"].shape == (1, 2)
    assert col["b"].shape == (1, 1)
    # The deep network's output on the whole grid is sigmoid(W'x + b'): a straight boundary.
    lin = res["runs"][0]
    xx, yy = np.meshgrid(res["x1s"], res["x2s"])
    z = col["W"][0, 0] * xx + col["W"][0, 1] * yy + col["b"][0, 0]
    np.testing.assert_allclose(lin["P"], 1 / (1 + np.exp(-z)), atol=1e-12)
    # The non-linear twin does what no line can.
    assert res["runs"][1]["final_metric"] > lin["final_metric"] + 0.2


@pytest.mark.parametrize(("dataset", "depth", "width", "other", "epochs"),
                         [("circle", 4, 6, "tanh", 1000), ("xor", 8, 16, "tanh", 300)])
def test_collapse_page_learning_rate_trains_both_networks_without_blowing_up(
    dataset, depth, width, other, epochs
):
    # At 0.2 the tanh twin's cost spiked from about 0.1 to 2.4 on the page's default setup.
    res = collapse_page.collapse_experiment(dataset, depth, width, other, epochs,
                                       collapse_page.COLLAPSE_LEARNING_RATE)
    for run in res["runs"]:
        assert run["diverged"] is None
        assert max(run["cost"]) <= 2 * run["cost"][0]
    assert res["runs"][1]["final_metric"] > 0.9  # the twin still fits what a line cannot


def test_a_diverged_linear_network_is_reported_not_drawn():
    # Learning rate 0.5 on the flower data blows up 4 x 16 linear layers within 10 epochs.
    res = collapse_page.collapse_experiment("flower", 4, 16, "tanh", 100, 0.5)
    lin = res["runs"][0]
    assert "diverged" in lin["diverged"]
    assert lin["P"] is None
    assert res["collapse"] is None


@pytest.mark.parametrize("bottleneck", [1, 2, 3, 6])
def test_rank_of_collapsed_map_is_at_most_the_narrowest_layer(bottleneck):
    res = collapse_page.rank_experiment(6, 3, 5, bottleneck, seed=3)
    narrowest = min(5, bottleneck)
    assert res["narrowest"] == narrowest
    assert res["rank"] == narrowest  # random weights reach the bound exactly
    s = res["singular_values"]
    assert np.all(s[narrowest:] < 1e-10 * s[0])
    assert np.linalg.matrix_rank(res["W"]) == narrowest


def test_regression_needs_a_linear_output_unit():
    res = collapse_page.regression_output_demo(epochs=1500)
    linear, sig = res["runs"]
    assert (linear["key"], sig["key"]) == ("linear", "sigmoid")
    assert res["price"].max() > 3  # prices well above $100,000
    assert sig["fit_y"].max() < 1.0  # a sigmoid can never leave (0, 1)
    assert linear["fit_y"].max() > 3
    assert linear["final_metric"] < 0.3 < 1.0 < sig["final_metric"]  # RMSE, $100,000 units
    assert np.all(np.diff(linear["fit_x"]) > 0)
    assert linear["fit_x"].min() >= 500
