"""The step-through: its numbers are the engine's, its blocks walk the course's order, its
update is one Trainer step, and its gradient check catches a broken backward pass."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine import ACTIVATIONS, HIDDEN_ACTIVATIONS, LOSSES, Network, Trainer
from engine import activations as activations_module
from engine.stepthrough import check_affordable, simplified_output, trace_step


def _problem(dims, hidden: str, output: str, m: int, seed: int, loss: str = "bce"):
    rng = np.random.default_rng(seed)
    net = Network(dims, [hidden] * (len(dims) - 2) + [output], init="xavier", seed=seed)
    X = rng.standard_normal((dims[0], m))
    if loss == "mse" and output != "sigmoid":
        Y = rng.standard_normal((dims[-1], m))
    elif loss == "cross_entropy":  # one-hot labels, one 1 per column
        Y = np.eye(dims[-1])[:, rng.integers(0, dims[-1], m)]
    else:
        Y = (rng.random((dims[-1], m)) > 0.5).astype(float)
    return net, X, Y


def _all_values(trace):
    # Every array a block computes, by name (an update block's W, b are the new ones: skipped).
    values = {}
    for block in trace:
        if block.kind != "update":
            values.update(block.computes)
    return values


CASES = [(act, out, loss) for act in HIDDEN_ACTIVATIONS
         for out in ("sigmoid", "linear", "tanh", "softmax") for loss in LOSSES]


@pytest.mark.parametrize(("hidden", "output", "loss"), CASES)
@pytest.mark.parametrize("m", [1, 7])
def test_numbers_equal_the_engines_cache_cost_and_gradients(hidden, output, loss, m):
    seed = (sum(map(ord, hidden + output + loss)) + m) % 1000
    net, X, Y = _problem([3, 4, 3, 2], hidden, output, m, seed, loss)
    trace = trace_step(net, X, Y, loss, learning_rate=0.1, check=False)
    values = _all_values(trace)
    _, cache = net.forward_cache(X)
    for name, A in cache.items():
        if name != "A0":
            np.testing.assert_allclose(values[name], A, rtol=1e-12, atol=1e-15)
    J, grads = net.cost_and_grads(X, Y, loss)
    assert trace.cost_before == pytest.approx(J, rel=1e-12)
    assert values["J"] == pytest.approx(J, rel=1e-12)
    for name, g in grads.items():
        np.testing.assert_allclose(values[name], g, rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(trace.grads[name], g, rtol=1e-9, atol=1e-13)
    # dZ[L] is the engine's output error, and the one simplification is named.
    delta = LOSSES[loss].output_delta(cache["A3"], Y, cache["Z3"], ACTIVATIONS[output])
    np.testing.assert_allclose(values["dZ3"], delta, rtol=1e-12, atol=1e-15)
    assert ("dA3" not in values) == simplified_output(loss, output)


def test_l2_enters_the_cost_and_the_weight_gradients():
    net, X, Y = _problem([2, 3, 1], "tanh", "sigmoid", 5, seed=3)
    trace = trace_step(net, X, Y, "bce", learning_rate=0.5, l2=0.7)
    J, grads = net.cost_and_grads(X, Y, "bce", l2=0.7)
    assert trace.cost_before == pytest.approx(J, rel=1e-12)
    for name, g in grads.items():
        np.testing.assert_allclose(trace.grads[name], g, rtol=1e-10, atol=1e-14)
    assert "W1" in trace[2].reads  # the cost block names the weights its L2 term reads
    assert trace.check_passed


@pytest.mark.parametrize(("m", "l2"), [(1, 0.0), (9, 0.0), (9, 0.3)])
def test_the_update_is_one_trainer_step_of_gradient_descent(m, l2):
    net, X, Y = _problem([2, 5, 3, 1], "relu", "sigmoid", m, seed=11)
    trace = trace_step(net, X, Y, "bce", learning_rate=0.8, l2=l2)
    twin = net.copy()
    trainer = Trainer(twin, X, Y, loss="bce", optimizer="gd", learning_rate=0.8, l2=l2)
    assert trainer.run(1) == 1
    for key, theta in twin.params.items():
        np.testing.assert_allclose(trace.params_after[key], theta, rtol=1e-12, atol=1e-15)
    # The cost after is the cost of the moved network on the same examples; on this small
    # step it went down.
    assert trace.cost_after == pytest.approx(twin.cost(X, Y, "bce", l2), rel=1e-12)
    assert trace.cost_after < trace.cost_before
    assert trainer.history["train_cost"][0] == pytest.approx(trace.cost_before, rel=1e-12)


def test_the_network_passed_in_is_never_changed():
    net, X, Y = _problem([2, 3, 1], "tanh", "sigmoid", 4, seed=5)
    before = {k: v.copy() for k, v in net.params.items()}
    trace = trace_step(net, X, Y, "bce", learning_rate=2.0)
    for k, v in net.params.items():
        np.testing.assert_array_equal(v, before[k])
    # Nor is it changed through the trace's arrays later on.
    trace[0].reads["W1"][:] = 99.0
    trace.params_after["W1"][:] = 99.0
    np.testing.assert_array_equal(net.params["W1"], before["W1"])


@pytest.mark.parametrize("hidden", list(HIDDEN_ACTIVATIONS))
@pytest.mark.parametrize("m", [1, 6])
def test_the_gradient_check_of_the_step_passes(hidden, m):
    net, X, Y = _problem([2, 3, 1], hidden, "sigmoid", m, seed=21)
    trace = trace_step(net, X, Y, "bce", learning_rate=0.1)
    assert trace.grad_check is not None
    assert trace.grad_check < 1e-7
    assert trace.check_passed is True


def test_the_gradient_check_fails_on_a_broken_backward(monkeypatch):
    # tanh' given as 1 - a instead of 1 - a^2, for the step-through only: the network was
    # built with the right tanh (its cost, which the check differentiates, stays right), and
    # the step-through reads the registry when it runs.
    net, X, Y = _problem([2, 3, 1], "tanh", "sigmoid", 6, seed=2)
    right = trace_step(net, X, Y, "bce", learning_rate=0.1)
    broken = dataclasses.replace(ACTIVATIONS["tanh"], derivative=lambda z, a: 1.0 - a)
    monkeypatch.setitem(activations_module.ACTIVATIONS, "tanh", broken)
    wrong = trace_step(net, X, Y, "bce", learning_rate=0.1)
    assert right.check_passed
    assert wrong.grad_check > 1e-3
    assert wrong.check_passed is False
    assert (right.check_verdict, wrong.check_verdict) == ("right", "bug")
    # Only the hidden layer's gradients are wrong: the output layer's do not pass through tanh'.
    np.testing.assert_array_equal(wrong.grads["dW2"], right.grads["dW2"])
    assert not np.allclose(wrong.grads["dW1"], right.grads["dW1"])


def test_blocks_walk_forward_then_backward_in_order():
    net, X, Y = _problem([2, 4, 3, 1], "tanh", "sigmoid", 3, seed=0)
    trace = trace_step(net, X, Y, "bce", learning_rate=0.1, check=False)
    L = 3
    assert [(b.kind, b.layer, b.equation) for b in trace] == [
        ("forward", 1, "forward"), ("forward", 2, "forward"), ("forward", 3, "forward"),
        ("cost", None, "cost"),
        ("backward", 3, "output_delta"),
        ("backward", 3, "backward"), ("backward", 2, "backward"), ("backward", 1, "backward"),
        ("update", 1, "update"), ("update", 2, "update"), ("update", 3, "update"),
    ]
    assert len(trace) == 3 * L + 2
    # A block reads only what an earlier block computed (or the data and the parameters).
    known = {"Y", "A0", *net.params}
    for block in trace:
        assert set(block.reads) <= known, (block.label, set(block.reads) - known)
        known |= set(block.computes)
    # Each backward block reads the cache its forward block saved.
    saved = {b.layer: set(b.cache) for b in trace if b.kind == "forward"}
    for b in trace:
        if b.equation == "backward":
            assert f"A{b.layer - 1}" in saved[b.layer]
            assert f"A{b.layer - 1}" in b.reads


def test_shapes_are_the_courses():
    net, X, Y = _problem([2, 4, 3, 1], "relu", "sigmoid", 5, seed=0)
    trace = trace_step(net, X, Y, "bce", learning_rate=0.1, check=False)
    dims, m = net.layer_dims, 5
    for block in trace:
        for name, shape in block.shapes().items():
            stem, l = name.rstrip("0123456789"), name[len(name.rstrip("0123456789")):]
            if stem in ("W", "dW"):
                assert shape == (dims[int(l)], dims[int(l) - 1]), name
            elif stem in ("b", "db"):
                assert shape == (dims[int(l)], 1), name
            elif stem in ("Z", "A", "dZ", "dA"):
                assert shape == (dims[int(l)], m), name
            elif name == "Y":
                assert shape == (1, m)
            else:
                assert name == "J"
                assert shape == ()


def test_bad_settings_are_refused_with_a_message():
    net, X, Y = _problem([2, 1], "tanh", "sigmoid", 3, seed=0)
    with pytest.raises(ValueError, match="learning rate"):
        trace_step(net, X, Y, "bce", learning_rate=0.0)
    with pytest.raises(ValueError, match="lambda"):
        trace_step(net, X, Y, "bce", learning_rate=0.1, l2=-1.0)
    with pytest.raises(ValueError, match="shape"):
        trace_step(net, X[:, :2], Y, "bce", learning_rate=0.1)


def test_the_check_is_affordable_on_the_playground_but_not_on_a_huge_network():
    assert check_affordable(Network([2, 4, 1], ["tanh", "sigmoid"]), 400)
    assert not check_affordable(Network([2] + [64] * 8 + [1], ["relu"] * 8 + ["sigmoid"]), 400)
