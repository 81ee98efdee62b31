"""A deep linear network is one affine map: W' = W[L]...W[1], b' folded the same way."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Network, collapse_linear


def _X(n_x=3, m=20, seed=0):
    return np.random.default_rng(seed).standard_normal((n_x, m))


@pytest.mark.parametrize("dims", [[3, 1], [3, 5, 1], [3, 4, 6, 2, 2], [3, 8, 8, 8, 8, 1]])
def test_collapsed_layer_gives_the_same_outputs(dims):
    net = Network(dims, ["linear"] * (len(dims) - 1), init="xavier", seed=len(dims))
    rng = np.random.default_rng(5)
    for key in net.params:
        if key.startswith("b"):
            net.params[key] = rng.standard_normal(net.params[key].shape)
    W, b, _ = collapse_linear(net)
    assert W.shape == (dims[-1], dims[0])
    assert b.shape == (dims[-1], 1)
    X = _X()
    np.testing.assert_allclose(W @ X + b, net.forward(X), rtol=0, atol=1e-12)


def test_rank_is_limited_by_the_narrowest_layer():
    net = Network([4, 1, 4], ["linear", "linear"], init="xavier", seed=0)
    assert collapse_linear(net).rank == 1
    wide = Network([4, 6, 4], ["linear", "linear"], init="xavier", seed=0)
    assert collapse_linear(wide).rank == 4


def test_a_sigmoid_output_sits_on_top_of_the_collapsed_layer():
    net = Network([3, 5, 5, 1], ["linear", "linear", "sigmoid"], init="xavier", seed=2)
    W, b, _ = collapse_linear(net)
    X = _X()
    np.testing.assert_allclose(1 / (1 + np.exp(-(W @ X + b))), net.forward(X), atol=1e-12)


def test_a_parameter_dict_collapses_too():
    net = Network([3, 4, 2], ["linear", "linear"], init="xavier", seed=3)
    by_net, by_dict = collapse_linear(net), collapse_linear(net.params)
    np.testing.assert_array_equal(by_net.W, by_dict.W)
    np.testing.assert_array_equal(by_net.b, by_dict.b)


def test_a_nonlinear_hidden_layer_is_refused():
    net = Network([3, 4, 4, 1], ["linear", "relu", "linear"])
    with pytest.raises(ValueError, match=r"not linear: layer 2 \(relu\)"):
        collapse_linear(net)
