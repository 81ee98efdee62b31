"""Initializers: shapes in the course's notation, the spread each one promises, seeds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.initializers import DEFAULT_SCALE, INITIALIZERS, initialize_parameters
from engine.network import Network


@pytest.mark.parametrize("init", sorted(INITIALIZERS))
def test_shapes_follow_the_course_and_biases_are_zero(init):
    params = initialize_parameters([3, 5, 4, 1], init, rng=0)
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for l, (n, n_prev) in enumerate([(5, 3), (4, 5), (1, 4)], start=1):
        assert params[f"W{l}"].shape == (n, n_prev)
        assert params[f"b{l}"].shape == (n, 1)
        assert not params[f"b{l}"].any()


@pytest.mark.parametrize(
    ("init", "scale", "expected_std"),
    [
        ("normal", None, 0.01),
        ("normal", 0.5, 0.5),
        ("xavier", None, math.sqrt(1 / 400)),
        ("xavier", 2.0, 2 * math.sqrt(1 / 400)),
        ("he", None, math.sqrt(2 / 400)),
    ],
)
def test_weights_have_the_promised_spread(init, scale, expected_std):
    W = initialize_parameters([400, 300], init, scale, rng=1)["W1"]  # 120,000 draws
    assert W.std() == pytest.approx(expected_std, rel=0.01)
    assert abs(W.mean()) < 0.01 * expected_std * 3


def test_zeros_are_zero_whatever_the_scale():
    params = initialize_parameters([2, 3, 1], "zeros", scale=5.0, rng=0)
    assert not params["W1"].any()
    assert not params["W2"].any()


def test_default_scales():
    assert DEFAULT_SCALE == {"normal": 0.01, "zeros": 0.0, "xavier": 1.0, "he": 1.0,
                             "course": 0.01}


def test_same_seed_same_weights_and_generator_is_accepted():
    a = initialize_parameters([2, 4, 1], "he", rng=7)
    b = initialize_parameters([2, 4, 1], "he", rng=np.random.default_rng(7))
    c = initialize_parameters([2, 4, 1], "he", rng=8)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["W1"], c["W1"])


def test_float32_parameters():
    params = initialize_parameters([2, 4, 1], "xavier", rng=0, dtype=np.float32)
    assert {v.dtype for v in params.values()} == {np.dtype(np.float32)}


def test_unknown_initializer_names_the_valid_ones():
    with pytest.raises(
        ValueError, match=r"Unknown initialization 'ones'.*normal, zeros, xavier, he, course"
    ):
        initialize_parameters([2, 1], "ones")


def test_negative_scale_is_refused():
    with pytest.raises(ValueError, match="scale must be a number >= 0"):
        initialize_parameters([2, 1], "normal", scale=-1.0)


@pytest.mark.parametrize("init", sorted(INITIALIZERS))
def test_every_initializer_record_is_described(init):
    record = INITIALIZERS[init]
    assert record.name == init
    assert record.label
    assert record.help.endswith(".")
    assert record.formula.startswith("W^{[l]}")
    assert DEFAULT_SCALE[init] == record.default_scale


@pytest.fixture
def global_random_state():
    # These tests set NumPy's global stream; put it back for the tests that follow.
    saved = np.random.get_state()  # noqa: NPY002
    yield
    np.random.set_state(saved)  # noqa: NPY002


def _notebook_weights(layer_dims, seed, scale):
    # The planar notebook's initialize_parameters, as it was written: the global stream.
    # The global stream on purpose (restored by the caller's fixture): it is what the notebook ran.
    np.random.seed(seed)  # noqa: NPY002
    weights = []
    for l in range(1, len(layer_dims)):
        weights.append(np.random.randn(layer_dims[l], layer_dims[l - 1]) * scale)  # noqa: NPY002
    return weights


@pytest.mark.parametrize(("dims", "seed"), [([2, 4, 1], 2), ([2, 50, 1], 2), ([3, 5, 4, 1], 7)])
def test_course_init_is_the_notebooks_draw_bit_for_bit(dims, seed, global_random_state):
    expected = _notebook_weights(dims, seed, 0.01)
    net = Network(dims, ["tanh"] * (len(dims) - 2) + ["sigmoid"], init="course",
                  init_scale=0.01, seed=seed)
    for l, W in enumerate(expected, start=1):
        assert net.params[f"W{l}"].tobytes() == W.tobytes()
        assert net.params[f"b{l}"].shape == (dims[l], 1)
        assert not net.params[f"b{l}"].any()


def test_course_init_leaves_numpys_global_state_alone(global_random_state):
    np.random.seed(123)  # noqa: NPY002
    initialize_parameters([2, 4, 1], "course", 0.01, rng=2)
    # The global stream goes on as if nothing had been drawn.
    assert np.random.rand() == np.random.RandomState(123).rand()  # noqa: NPY002


def test_course_init_default_scale_and_a_random_state_is_accepted():
    a = initialize_parameters([2, 4, 1], "course", rng=2)
    b = initialize_parameters([2, 4, 1], "course", 0.01, rng=np.random.RandomState(2))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert abs(a["W1"]).max() < 0.05  # scale 0.01 when none is given


def test_course_init_refuses_a_generator():
    with pytest.raises(ValueError, match="integer seed"):
        initialize_parameters([2, 4, 1], "course", rng=np.random.default_rng(2))
