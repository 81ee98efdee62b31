"""Optimizers: each update rule against the formula worked by hand, and each one learning."""

from __future__ import annotations

import numpy as np
import pytest

from engine import OPTIMIZERS, Network
from engine.optimizers import get_optimizer


def _single(theta: float, grad: float):
    return {"W1": np.array([[theta]])}, {"dW1": np.array([[grad]])}


def test_gradient_descent_step():
    params, grads = _single(1.0, 0.5)
    get_optimizer("gd", 0.1).step(params, grads)
    assert params["W1"][0, 0] == pytest.approx(1.0 - 0.1 * 0.5)


def test_momentum_averages_the_gradients():
    # v1 = 0.1 * 2 = 0.2, W = 1 - 0.5 * 0.2 = 0.9;  v2 = 0.9 * 0.2 + 0.1 * 4 = 0.58, W = 0.9 - 0.29
    opt = get_optimizer("momentum", 0.5, beta=0.9)
    params, _ = _single(1.0, 0.0)
    opt.step(params, {"dW1": np.array([[2.0]])})
    assert params["W1"][0, 0] == pytest.approx(0.9)
    opt.step(params, {"dW1": np.array([[4.0]])})
    assert params["W1"][0, 0] == pytest.approx(0.61)


def test_rmsprop_divides_by_the_root_mean_square():
    # s1 = 0.1 * 4 = 0.4, W = 1 - 0.01 * 2 / (sqrt(0.4) + 1e-8)
    opt = get_optimizer("rmsprop", 0.01, beta=0.9)
    params, grads = _single(1.0, 2.0)
    opt.step(params, grads)
    assert params["W1"][0, 0] == pytest.approx(1.0 - 0.01 * 2.0 / (np.sqrt(0.4) + 1e-8), rel=1e-15)


def test_adam_first_step_moves_every_parameter_by_the_learning_rate():
    # After bias correction, v_corr = g and s_corr = g^2, so the step is alpha g / |g|.
    opt = get_optimizer("adam", 0.01)
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros((2, 1))}
    grads = {"dW1": np.array([[3.0, -1e-3], [50.0, -7.0]]), "db1": np.array([[0.2], [-9.0]])}
    opt.step(params, grads)
    np.testing.assert_allclose(params["W1"], -0.01 * np.sign(grads["dW1"]), rtol=1e-5)
    np.testing.assert_allclose(params["b1"], -0.01 * np.sign(grads["db1"]), rtol=1e-7)


def test_adam_second_step_follows_the_formula():
    b1, b2, eps, alpha = 0.9, 0.999, 1e-8, 0.1
    opt = get_optimizer("adam", alpha, beta1=b1, beta2=b2, epsilon=eps)
    params, _ = _single(0.0, 0.0)
    g1, g2 = 1.0, 3.0
    opt.step(params, {"dW1": np.array([[g1]])})
    after_one = params["W1"][0, 0]
    opt.step(params, {"dW1": np.array([[g2]])})
    v = b1 * (1 - b1) * g1 + (1 - b1) * g2
    s = b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2
    step = alpha * (v / (1 - b1**2)) / (np.sqrt(s / (1 - b2**2)) + eps)
    assert params["W1"][0, 0] == pytest.approx(after_one - step, rel=1e-12)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_optimizer_lowers_the_cost_of_logistic_regression(name):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 100))
    Y = (X[0:1] + 0.5 * X[1:2] > 0).astype(float)
    net = Network([2, 1], ["sigmoid"])
    opt = get_optimizer(name, 0.05)
    start = net.cost(X, Y)
    for _ in range(100):
        _, grads = net.cost_and_grads(X, Y)
        opt.step(net.params, grads)
    assert net.cost(X, Y) < 0.6 * start


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_float32_parameters_stay_float32(name):
    params = {"W1": np.ones((2, 2), dtype=np.float32)}
    grads = {"dW1": np.full((2, 2), 0.5, dtype=np.float32)}
    opt = get_optimizer(name, np.float64(0.1))  # a NumPy float64 must not promote the update
    opt.step(params, grads)
    assert params["W1"].dtype == np.float32
    assert (params["W1"] < 1).all()


def test_learning_rate_can_change_between_steps():
    opt = get_optimizer("gd", 0.1)
    params, grads = _single(1.0, 1.0)
    opt.step(params, grads)
    opt.learning_rate = 0.5
    opt.step(params, grads)
    assert params["W1"][0, 0] == pytest.approx(1.0 - 0.1 - 0.5)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: get_optimizer("sgd"), "Unknown optimizer 'sgd'.*gd, momentum, rmsprop, adam"),
        (lambda: get_optimizer("adam", 0.1, beta=0.9), "Unknown option for Adam: beta"),
        (lambda: get_optimizer("momentum", 0.1, beta=1.0), r"beta must be in \[0, 1\)"),
        (lambda: get_optimizer("gd", -1.0), "learning rate must be a number > 0"),
        (lambda: get_optimizer("gd", float("nan")), "learning rate must be a number > 0"),
    ],
)
def test_bad_settings_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_declared_hyperparameters_are_the_constructors_defaults(name):
    import inspect

    cls = OPTIMIZERS[name]
    signature = inspect.signature(cls.__init__).parameters
    declared = {p.name: p.default for p in cls.hyperparameters}
    assert declared == {k: v.default for k, v in signature.items()
                        if k not in ("self", "learning_rate")}
    assert all(p.low <= p.default <= p.high for p in cls.hyperparameters)
    assert cls.label
    assert cls.help.endswith(".")
