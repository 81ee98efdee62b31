"""Network: the shapes of the course, a step worked by hand, backprop against gradient checks
for every activation, loss and depth, float32, prediction and the parameter dict."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from engine import ACTIVATIONS, HIDDEN_ACTIVATIONS, Network, Trainer, gradient_check


def _data(n_x: int, n_y: int, m: int, seed: int):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((n_y, m)) > 0.5).astype(float)
    return X, Y


# A 2-2-1 network (ReLU hidden layer, linear output, squared error), two examples, worked by
# hand, then one gradient-descent step with alpha = 0.1.
#
#   W1 = [[1, -1], [0.5, 2]]   b1 = [[0], [1]]   W2 = [[1, -2]]   b2 = [[0.5]]
#   X = [[1, 0], [2, 0]]  (x(1) = (1, 2), x(2) = (0, 0))       Y = [[3, 0]]
#
# Forward:
#   Z1 = W1 X + b1 = [[1 - 2 + 0, 0], [0.5 + 4 + 1, 1]] = [[-1, 0], [5.5, 1]]
#   A1 = relu(Z1)  = [[0, 0], [5.5, 1]]
#   Z2 = W2 A1 + b2 = [[0 - 11 + 0.5, 0 - 2 + 0.5]] = [[-10.5, -1.5]] = A2 (linear)
#   J  = 1/(2m) sum (a - y)^2 = ((-13.5)^2 + (-1.5)^2) / 4 = (182.25 + 2.25) / 4 = 46.125
# Backward:
#   dZ2 = A2 - Y = [[-13.5, -1.5]]
#   dW2 = (1/m) dZ2 A1^T = [[0, (-74.25 - 1.5) / 2]] = [[0, -37.875]]
#   db2 = (1/m) sum dZ2 = -15 / 2 = -7.5
#   dA1 = W2^T dZ2 = [[-13.5, -1.5], [27, 3]]
#   dZ1 = dA1 * relu'(Z1) = [[0, 0], [27, 3]]     (relu'(0) = 0 for the second example)
#   dW1 = (1/m) dZ1 X^T = [[0, 0], [27, 54]] / 2 = [[0, 0], [13.5, 27]]
#   db1 = (1/m) sum dZ1 = [[0], [30 / 2]] = [[0], [15]]
# Update (alpha = 0.1):
#   W1 = [[1, -1], [0.5 - 1.35, 2 - 2.7]] = [[1, -1], [-0.85, -0.7]]   b1 = [[0], [-0.5]]
#   W2 = [[1, -2 + 3.7875]] = [[1, 1.7875]]   b2 = [[0.5 + 0.75]] = [[1.25]]
HAND_PARAMS = {
    "W1": np.array([[1.0, -1.0], [0.5, 2.0]]),
    "b1": np.array([[0.0], [1.0]]),
    "W2": np.array([[1.0, -2.0]]),
    "b2": np.array([[0.5]]),
}
HAND_X = np.array([[1.0, 0.0], [2.0, 0.0]])
HAND_Y = np.array([[3.0, 0.0]])


def _hand_network() -> Network:
    net = Network([2, 2, 1], ["relu", "linear"])
    net.params = HAND_PARAMS
    return net


def test_hand_worked_2_2_1_forward_and_backward():
    net = _hand_network()
    AL, cache = net.forward_cache(HAND_X)
    np.testing.assert_array_equal(cache["Z1"], [[-1.0, 0.0], [5.5, 1.0]])
    np.testing.assert_array_equal(cache["A1"], [[0.0, 0.0], [5.5, 1.0]])
    np.testing.assert_array_equal(AL, [[-10.5, -1.5]])
    cost, grads = net.cost_and_grads(HAND_X, HAND_Y, loss="mse")
    assert cost == 46.125
    np.testing.assert_array_equal(grads["dW2"], [[0.0, -37.875]])
    np.testing.assert_array_equal(grads["db2"], [[-7.5]])
    np.testing.assert_array_equal(grads["dW1"], [[0.0, 0.0], [13.5, 27.0]])
    np.testing.assert_array_equal(grads["db1"], [[0.0], [15.0]])


def test_hand_worked_2_2_1_gradient_descent_step():
    net = _hand_network()
    trainer = Trainer(net, HAND_X, HAND_Y, loss="mse", learning_rate=0.1)
    assert trainer.run(1) == 1
    assert trainer.history["train_cost"] == [46.125]
    np.testing.assert_allclose(net.params["W1"], [[1.0, -1.0], [-0.85, -0.7]], atol=1e-15)
    np.testing.assert_allclose(net.params["b1"], [[0.0], [-0.5]], atol=1e-15)
    np.testing.assert_allclose(net.params["W2"], [[1.0, 1.7875]], atol=1e-15)
    np.testing.assert_allclose(net.params["b2"], [[1.25]], atol=1e-15)


def test_l2_adds_lambda_over_2m_to_the_cost_and_lambda_over_m_w_to_dw():
    net = _hand_network()
    lam, m = 0.6, 2
    cost, grads = net.cost_and_grads(HAND_X, HAND_Y, loss="mse", l2=lam)
    squares = 1 + 1 + 0.25 + 4 + 1 + 4  # ||W1||^2 + ||W2||^2; the biases do not count
    assert cost == pytest.approx(46.125 + lam / (2 * m) * squares, rel=1e-15)
    np.testing.assert_allclose(grads["dW2"], [[0.0, -37.875]] + lam / m * HAND_PARAMS["W2"])
    np.testing.assert_allclose(grads["db1"], [[0.0], [15.0]])


@pytest.mark.parametrize("hidden", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("l2", [0.0, 0.7])
@pytest.mark.parametrize("loss", ["bce", "mse", "sigmoid_mse"])
@pytest.mark.parametrize("activation", sorted(HIDDEN_ACTIVATIONS))
def test_backward_matches_gradient_check(activation, loss, l2, hidden):
    output = "linear" if loss == "mse" else "sigmoid"
    dims = [3, *[4, 3, 4, 3][:hidden], 2]
    net = Network(dims, [activation] * hidden + [output], init="xavier", seed=hidden)
    rng = np.random.default_rng(10 + hidden)
    for key in net.params:
        if key.startswith("b"):  # nonzero biases keep every Z off the ReLU kink at 0
            net.params[key] = rng.uniform(-0.5, 0.5, size=net.params[key].shape)
    X, Y = _data(3, 2, 5, seed=hidden)
    assert gradient_check(net, X, Y, loss=loss, l2=l2) < 1e-7


@pytest.mark.parametrize("hidden", [0, 1, 4])
def test_shapes_follow_the_course(hidden):
    dims = [3] + [5] * hidden + [1]
    net = Network(dims, ["tanh"] * hidden + ["sigmoid"])
    X, Y = _data(3, 1, 7, seed=0)
    AL, cache = net.forward_cache(X)
    assert AL.shape == (1, 7)
    np.testing.assert_array_equal(cache["A0"], X)
    for l in range(1, hidden + 2):
        assert cache[f"Z{l}"].shape == cache[f"A{l}"].shape == (dims[l], 7)
    grads = net.backward(cache, Y)
    assert list(grads) == [k for l in range(1, hidden + 2) for k in (f"dW{l}", f"db{l}")]
    for key, value in net.params.items():
        assert grads["d" + key].shape == value.shape
    assert [A.shape for A in net.layer_outputs(X)] == [(n, 7) for n in dims[1:]]


@pytest.mark.parametrize("hidden", sorted(HIDDEN_ACTIVATIONS))
def test_the_cache_holds_what_its_names_say(hidden):
    # Every Z[l] is W[l] A[l-1] + b[l] and every A[l] is g[l](Z[l]), bit for bit, also for
    # the activations whose training step writes A[l] over Z[l].
    net = Network([3, 6, 5, 1], [hidden, hidden, "sigmoid"], init="xavier", seed=4)
    X, _ = _data(3, 1, 40, seed=4)
    AL, cache = net.forward_cache(X)
    assert list(cache) == ["A0", "Z1", "A1", "Z2", "A2", "Z3", "A3"]
    for l in range(1, 4):
        W, b = net.params[f"W{l}"], net.params[f"b{l}"]
        g = ACTIVATIONS[net.activations[l - 1]]
        np.testing.assert_array_equal(cache[f"Z{l}"], W @ cache[f"A{l - 1}"] + b)
        np.testing.assert_array_equal(cache[f"A{l}"], g.forward(cache[f"Z{l}"]))
    assert AL is cache["A3"]
    if hidden != "linear":
        assert not np.array_equal(cache["Z1"], cache["A1"])


def test_backward_is_the_lecture_transcribed():
    # The course's equations typed out independently of the engine, on a 3-layer network
    # (tanh, relu, sigmoid output, cross-entropy, L2): the plain backward gives the same bits.
    net = Network([3, 5, 4, 1], ["tanh", "relu", "sigmoid"], init="xavier", seed=2)
    X, Y = _data(3, 1, 11, seed=2)
    lam, m = 0.3, 11
    _, cache = net.forward_cache(X)
    grads = net.backward(cache, Y, loss="bce", l2=lam)
    P, A = net.params, cache
    dZ = A["A3"] - Y
    expected = {}
    for l in (3, 2, 1):
        expected[f"dW{l}"] = (1 / m) * (dZ @ A[f"A{l - 1}"].T) + (lam / m) * P[f"W{l}"]
        expected[f"db{l}"] = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dA = P[f"W{l}"].T @ dZ
            g_prime = (1 - A["A1"] ** 2) if l == 2 else (A["Z2"] > 0).astype(float)
            dZ = dA * g_prime
    assert list(grads) == ["dW1", "db1", "dW2", "db2", "dW3", "db3"]
    for key, value in expected.items():
        np.testing.assert_array_equal(grads[key], value, err_msg=key)


def test_train_step_and_evaluate_give_the_cost_output_and_gradients():
    net = Network([2, 4, 1], ["tanh", "sigmoid"], init="xavier", seed=3)
    X, Y = _data(2, 1, 9, seed=3)
    J, AL, grads = net.train_step(X, Y, loss="bce", l2=0.1)
    assert J == net.cost(X, Y, loss="bce", l2=0.1)
    np.testing.assert_array_equal(AL, net.forward(X))
    J_again, grads_again = net.cost_and_grads(X, Y, "bce", 0.1)
    assert J_again == J
    assert list(grads) == list(grads_again) == ["dW1", "db1", "dW2", "db2"]
    assert all(np.array_equal(grads[k], grads_again[k]) for k in grads)
    J_eval, AL_eval = net.evaluate(X, Y, loss="bce", l2=0.1)
    assert J_eval == J
    np.testing.assert_array_equal(AL_eval, AL)
    with pytest.raises(ValueError, match=r"Y must have shape"):
        net.train_step(X, Y[:, :3])
    with pytest.raises(ValueError, match=r"Unknown loss"):
        net.evaluate(X, Y, loss="hinge")


def test_no_module_calls_the_networks_private_methods():
    # Trainer, gradient check and pages go through the public methods only.
    root = Path(__file__).resolve().parents[2]
    private = re.compile(r"\._(cost_and_grads|forward_cache|cost|as_input|as_target|backward)\b")
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("engine", "playground", "benchmarks")
        for path in sorted((root / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if private.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize("hidden", ["relu", "tanh", "leaky_relu"])
def test_one_example_gradients_equal_those_of_that_example_twice(hidden):
    # Batch size 1 takes its own path (outer products by broadcasting, db = dZ): the mean over
    # two copies of the example must give the same gradients, and the gradient check agrees.
    net = Network([3, 5, 4, 1], [hidden, hidden, "sigmoid"], init="xavier", seed=6)
    X, Y = _data(3, 1, 1, seed=6)
    _, one = net.cost_and_grads(X, Y, loss="bce")
    _, twice = net.cost_and_grads(np.hstack([X, X]), np.hstack([Y, Y]), loss="bce")
    for key in one:
        np.testing.assert_allclose(one[key], twice[key], rtol=1e-14, atol=1e-17)
    assert gradient_check(net, X, Y, loss="bce", l2=0.3) < 1e-7


def test_logistic_regression_gradient_is_the_textbook_formula():
    # No hidden layer: dw = (1/m) X (A - Y)^T, db = (1/m) sum (A - Y).
    net = Network([3, 1], ["sigmoid"], init="xavier", seed=1)
    X, Y = _data(3, 1, 8, seed=1)
    A = 1 / (1 + np.exp(-(net.params["W1"] @ X + net.params["b1"])))
    _, grads = net.cost_and_grads(X, Y)
    np.testing.assert_allclose(grads["dW1"], ((A - Y) @ X.T) / 8, rtol=1e-13)
    np.testing.assert_allclose(grads["db1"], [[np.mean(A - Y)]], rtol=1e-13)


def test_float32_network_stays_float32_and_agrees_with_float64():
    net64 = Network([2, 8, 1], ["relu", "sigmoid"], init="he", seed=0)
    net32 = Network([2, 8, 1], ["relu", "sigmoid"], init="he", seed=0, dtype="float32")
    X, Y = _data(2, 1, 50, seed=0)
    cost32, grads32 = net32.cost_and_grads(X, Y)
    cost64, grads64 = net64.cost_and_grads(X, Y)
    assert net32.forward(X).dtype == np.float32
    assert {g.dtype for g in grads32.values()} == {np.dtype(np.float32)}
    assert cost32 == pytest.approx(cost64, rel=1e-5)
    for key, g in grads64.items():
        np.testing.assert_allclose(grads32[key], g, rtol=1e-4, atol=1e-6)


def test_predict_thresholds_a_sigmoid_at_one_half_and_passes_regression_through():
    net = Network([1, 1], ["sigmoid"])
    net.params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    np.testing.assert_array_equal(net.predict([[-2.0, -0.1, 0.0, 0.1, 2.0]]), [[0, 0, 0, 1, 1]])
    reg = Network([1, 1], ["linear"])
    reg.params = {"W1": np.array([[2.0]]), "b1": np.array([[1.0]])}
    np.testing.assert_array_equal(reg.predict([[0.0, 3.0]]), [[1.0, 7.0]])


def test_repr_and_parameter_count():
    net = Network([2, 4, 1], ["tanh", "sigmoid"])
    assert repr(net) == "Network 2 -> 4 tanh -> 1 sigmoid (17 parameters)"
    assert net.n_params == sum(v.size for v in net.params.values())


def test_copy_is_independent():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=1)
    twin = net.copy()
    twin.params["W1"] += 1.0
    assert not np.array_equal(twin.params["W1"], net.params["W1"])


def test_assigning_parameters_of_the_wrong_shape_is_refused():
    net = Network([2, 3, 1], ["tanh", "sigmoid"])
    wrong = {
        "W1": np.zeros((4, 2)),
        "b1": np.zeros((4, 1)),
        "W2": np.zeros((1, 4)),
        "b2": np.zeros((1, 1)),
    }
    with pytest.raises(
        ValueError, match=r"layer sizes \[2, 4, 1\], but the network has \[2, 3, 1\]"
    ):
        net.params = wrong


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"layer_dims": [2], "activations": []}, "at least two positive whole numbers"),
        ({"layer_dims": [2, 0, 1], "activations": ["tanh", "sigmoid"]}, "positive whole"),
        ({"layer_dims": [2, 3, 1], "activations": "tanh"}, "one activation per layer"),
        ({"layer_dims": [2, 3, 1], "activations": ["tanh"]}, "one activation per layer"),
        ({"layer_dims": [2, 1], "activations": ["swish"]}, "Unknown activation"),
        ({"layer_dims": [2, 1], "activations": ["sigmoid"], "dtype": "int32"}, "float64 or"),
    ],
)
def test_bad_construction_is_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Network(**kwargs)


def test_inputs_of_the_wrong_shape_are_refused():
    net = Network([2, 3, 1], ["tanh", "sigmoid"])
    with pytest.raises(ValueError, match=r"X must have shape \(n_x, m\) = \(2, m\)"):
        net.forward(np.zeros((3, 5)))
    with pytest.raises(ValueError, match=r"Y must have shape"):
        net.cost(np.zeros((2, 5)), np.zeros((1, 4)))
