"""The training step's tuned path (engine/tuned.py) against the lecture's plain path: to the last
bit where its docstring says so, within rounding elsewhere; every activation, loss, dtype, and
batch sizes 1 and many."""

from __future__ import annotations

import numpy as np
import pytest

from engine import ACTIVATIONS, HIDDEN_ACTIVATIONS, Network
from engine.losses import get_loss
from engine.tuned import TunedPath

# (loss, output activation) pairs: every loss, and the squared error on every kind of output.
PAIRS = [("bce", "sigmoid"), ("sigmoid_mse", "sigmoid"), ("cross_entropy", "softmax")] + [
    ("mse", out) for out in ("linear", "tanh", "relu", "leaky_relu", "softmax")
]


def _problem(hidden, output, loss, dtype, m, seed=4):
    net = Network([3, 6, 5, 2], [hidden, hidden, output], init="xavier", seed=seed, dtype=dtype)
    rng = np.random.default_rng(seed + m)
    for key in net.params:  # nonzero biases, so that layers differ from a plain product
        if key.startswith("b"):
            net.params[key] = rng.uniform(-0.5, 0.5, net.params[key].shape).astype(dtype)
    X = rng.standard_normal((3, m))
    Y = (rng.random((2, m)) > 0.5).astype(float)
    if loss == "cross_entropy":  # one-hot labels: one 1 per column
        Y = np.eye(2)[:, rng.integers(0, 2, m)]
    return net, net.as_input(X), net.as_target(Y, m)


def _plain(net, X, Y, loss, l2):
    AL, cache = net.forward_cache(X)
    return net.cost(X, Y, loss, l2), AL, net.backward(cache, Y, loss, l2)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(("loss", "output"), PAIRS)
@pytest.mark.parametrize("hidden", sorted(HIDDEN_ACTIVATIONS))
def test_one_example_gives_the_plain_paths_numbers_to_the_last_bit(hidden, output, loss, dtype):
    net, X, Y = _problem(hidden, output, loss, dtype, m=1)
    J, AL, grads = net.train_step(X, Y, loss, l2=0.3)
    J_plain, AL_plain, grads_plain = _plain(net, X, Y, loss, 0.3)
    assert J == J_plain
    np.testing.assert_array_equal(AL, AL_plain)
    assert list(grads) == list(grads_plain)
    for key in grads:
        assert grads[key].dtype == np.dtype(dtype)
        np.testing.assert_array_equal(grads[key], grads_plain[key], err_msg=key)


@pytest.mark.parametrize("m", [2, 40, 300])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(("loss", "output"), PAIRS)
@pytest.mark.parametrize("hidden", sorted(HIDDEN_ACTIVATIONS))
def test_a_batch_gives_the_plain_paths_numbers_up_to_rounding(hidden, output, loss, dtype, m):
    # The forward pass and the cost are the same bits; the gradients differ only where the
    # tuned path sums in another order (db by a matrix product) and applies 1/m to dZ[L]:
    # a few units in the last place of each gradient's size (measured: at most ~5).
    net, X, Y = _problem(hidden, output, loss, dtype, m)
    J, AL, grads = net.train_step(X, Y, loss, l2=0.05)
    J_plain, AL_plain, grads_plain = _plain(net, X, Y, loss, 0.05)
    assert J == J_plain
    np.testing.assert_array_equal(AL, AL_plain)
    eps = np.finfo(dtype).eps
    for key, plain in grads_plain.items():
        assert grads[key].dtype == plain.dtype
        assert np.max(np.abs(grads[key] - plain)) <= 16 * eps * np.max(np.abs(plain)), key
    if m == 2:  # 1/m is exact and a sum of two numbers has one order: the same bits
        assert all(np.array_equal(grads[k], grads_plain[k]) for k in grads)


@pytest.mark.parametrize("m", [1, 40])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("hidden", sorted(HIDDEN_ACTIVATIONS))
def test_writing_a_over_z_changes_no_bit(hidden, dtype, m):
    net, X, Y = _problem(hidden, "sigmoid", "bce", dtype, m)
    tuned = TunedPath([ACTIVATIONS[name] for name in net.activations])
    bce = get_loss("bce")
    J_over, AL_over, over = tuned.step(net.params, X, Y, bce, 0.05, overwrite=True)
    J_kept, AL_kept, kept = tuned.step(net.params, X, Y, bce, 0.05, overwrite=False)
    assert J_over == J_kept
    np.testing.assert_array_equal(AL_over, AL_kept)
    for key in kept:
        np.testing.assert_array_equal(over[key], kept[key], err_msg=key)
    # ... and it is really done where g' can be read off A (ReLU, tanh), and only there.
    Zs, As = tuned.forward(net.params, X, overwrite=True)
    in_place = ACTIVATIONS[hidden].in_place
    assert [Z is None for Z in Zs[1:]] == [in_place, in_place, False]
    if in_place:
        np.testing.assert_array_equal(As[1], net.forward_cache(X)[1]["A1"])


def test_evaluate_is_the_plain_cost_and_output():
    net, X, Y = _problem("relu", "sigmoid", "bce", "float32", 50)
    J, AL = net.evaluate(X, Y, "bce", l2=0.2)
    AL_plain, _ = net.forward_cache(X)
    assert J == net.cost(X, Y, "bce", l2=0.2)
    np.testing.assert_array_equal(AL, AL_plain)
