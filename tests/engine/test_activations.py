"""Activations: each derivative against finite differences, the course's values at 0, a
sigmoid that neither overflows nor warns, dtypes kept, and one registry lookup."""

from __future__ import annotations

import numpy as np
import pytest

from engine.activations import (
    ACTIVATIONS,
    HIDDEN_ACTIVATIONS,
    get_activation,
    sigmoid,
    softmax,
    softmax_backward,
)


def _points(rng: np.random.Generator) -> np.ndarray:
    # Random z away from the kink of ReLU / leaky ReLU at 0, where no derivative exists.
    z = rng.uniform(-4.0, 4.0, size=(3, 200))
    return z[np.abs(z) > 1e-3].reshape(1, -1)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_finite_difference(name):
    act = ACTIVATIONS[name]
    z = _points(np.random.default_rng(0))
    h = 1e-6
    numeric = (act.forward(z + h) - act.forward(z - h)) / (2 * h)
    analytic = act.derivative(z, act.forward(z))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


def test_leaky_relu_derivative_matches_finite_difference_for_another_slope():
    act = get_activation("leaky_relu", alpha=0.3)
    z = _points(np.random.default_rng(1))
    h = 1e-6
    numeric = (act.forward(z + h) - act.forward(z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(z, act.forward(z)), numeric, rtol=1e-7)
    assert act.forward(np.array([-2.0]))[0] == pytest.approx(-0.6)


def test_relu_derivative_is_zero_at_zero_and_leaky_is_alpha():
    z = np.zeros((1, 1))
    relu, leaky = ACTIVATIONS["relu"], get_activation("leaky_relu", alpha=0.05)
    assert relu.derivative(z, relu.forward(z))[0, 0] == 0.0
    assert leaky.derivative(z, leaky.forward(z))[0, 0] == 0.05


@pytest.mark.parametrize(
    ("name", "z", "expected"),
    [
        ("sigmoid", [-np.log(3.0), 0.0, np.log(3.0)], [0.25, 0.5, 0.75]),
        ("tanh", [0.0, np.log(2.0)], [0.0, 0.6]),  # (2 - 1/2) / (2 + 1/2)
        ("relu", [-2.0, 0.0, 3.0], [0.0, 0.0, 3.0]),
        ("leaky_relu", [-2.0, 0.0, 3.0], [-0.02, 0.0, 3.0]),
        ("linear", [-2.0, 0.0, 3.0], [-2.0, 0.0, 3.0]),
    ],
)
def test_forward_gives_hand_computed_values(name, z, expected):
    np.testing.assert_allclose(ACTIVATIONS[name].forward(np.array(z)), expected, atol=1e-15)


def test_sigmoid_is_exact_and_quiet_for_huge_inputs():
    z = np.array([-1e4, -800.0, -30.0, 0.0, 30.0, 800.0, 1e4])
    a = sigmoid(z)  # warnings are errors in this suite: an overflow in exp would fail here
    assert a[0] == 0.0
    assert a[-1] == 1.0
    assert np.all(np.diff(a) >= 0)
    moderate = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(
        sigmoid(moderate), 1 / (1 + np.exp(-moderate)), rtol=1e-13, atol=1e-16
    )


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_float32_stays_float32(name):
    act = ACTIVATIONS[name]
    z = np.linspace(-2, 2, 9, dtype=np.float32)
    a = act.forward(z)
    assert a.dtype == np.float32
    assert act.derivative(z, a).dtype == np.float32


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_registry_entry_describes_itself(name):
    act = ACTIVATIONS[name]
    assert act.name == name
    assert act.formula.startswith("g(z)")
    assert act.derivative_formula.startswith("g'(z)")
    assert act.label


def test_unknown_activation_names_the_valid_ones():
    with pytest.raises(ValueError, match=r"Unknown activation 'swish'.*sigmoid, tanh, relu"):
        get_activation("swish")


def test_leaky_slope_must_be_below_one():
    with pytest.raises(ValueError, match=r"slope must be in \[0, 1\)"):
        get_activation("leaky_relu", alpha=1.5)


@pytest.mark.parametrize("name", sorted(HIDDEN_ACTIVATIONS))  # elementwise ones
def test_backward_is_da_times_the_derivative(name):
    act = get_activation(name, alpha=0.2) if name == "leaky_relu" else ACTIVATIONS[name]
    rng = np.random.default_rng(2)
    z = np.concatenate([rng.uniform(-3, 3, size=(2, 50)), np.zeros((2, 1))], axis=1)  # and z = 0
    a = act.forward(z)
    dA = rng.standard_normal(z.shape)
    expected = dA * act.derivative(z, a)
    np.testing.assert_allclose(act.backward(dA.copy(), z, a), expected, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("name", [n for n, act in ACTIVATIONS.items() if act.in_place])
def test_in_place_activations_compute_over_z_and_never_read_z_backward(name):
    # What lets training write A[l] over Z[l]: forward(z, out=z) is forward(z), and backward
    # gives the same dZ when z is garbage (it reads a only).
    act = ACTIVATIONS[name]
    rng = np.random.default_rng(5)
    z = np.concatenate([rng.uniform(-3, 3, size=(3, 40)), np.zeros((3, 1))], axis=1)
    a = act.forward(z)
    over = z.copy()
    assert act.forward(over, out=over) is over
    np.testing.assert_array_equal(over, a)
    dA = rng.standard_normal(z.shape)
    garbage = np.full_like(z, np.nan)
    expected = act.backward(dA.copy(), z, a)
    np.testing.assert_array_equal(act.backward(dA.copy(), garbage, a), expected)


def test_in_place_is_claimed_exactly_by_relu_and_tanh():
    assert sorted(n for n, act in ACTIVATIONS.items() if act.in_place) == ["relu", "tanh"]


@pytest.mark.parametrize("name", sorted(HIDDEN_ACTIVATIONS))  # elementwise ones
def test_scalar_version_is_the_array_function(name):
    act = get_activation(name, alpha=0.2)
    z = np.array([-7.5, -1.0, -1e-3, 0.0, 2e-3, 0.5, 3.0, 40.0])
    np.testing.assert_allclose([act.scalar(float(x)) for x in z], act.forward(z),
                               rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_saturates_says_where_the_slope_goes_to_zero(name):
    # A record that says it saturates has |g'| near 0 far out on both sides; one that does
    # not (ReLU: a dead zone on one side only) keeps a slope of at least 1 for large z.
    act = ACTIVATIONS[name]
    far = np.array([-30.0, 30.0])
    slope = np.abs(act.derivative(far, act.forward(far)))
    if act.saturates:
        assert slope.max() < 1e-6
    else:
        assert slope[1] >= 1.0


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_note_and_colour_are_filled_in(name):
    act = ACTIVATIONS[name]
    text = act.note.format(max=0.25, zero=0.5, **act.values())
    assert text.endswith(".")
    assert "{" not in text
    assert len(act.color) == 7
    assert act.color.startswith("#")


def test_leaky_slope_is_a_declared_parameter_with_its_default():
    leaky = ACTIVATIONS["leaky_relu"]
    (alpha,) = leaky.params
    assert (alpha.name, alpha.default, alpha.low, alpha.high) == ("alpha", 0.01, 0.001, 0.5)
    assert get_activation("leaky_relu") is leaky
    bound = get_activation("leaky_relu", alpha=0.3)
    assert bound.values() == {"alpha": 0.3}
    assert "0.3" in bound.formula
    assert get_activation("relu", alpha=0.3) is ACTIVATIONS["relu"]  # no slope: ignored


def test_a_record_without_backward_or_scalar_gets_them_from_its_functions():
    from engine.activations import Activation

    soft = Activation("softsign", "Softsign", lambda z: z / (1 + np.abs(z)),
                      lambda z, a: 1 / (1 + np.abs(z)) ** 2, "g(z)", "g'(z)", "#000000")
    z = np.array([[-2.0, 0.0, 1.0]])
    np.testing.assert_allclose(soft.backward(np.ones_like(z), z, soft.forward(z)),
                               [[1 / 9, 1.0, 0.25]])
    assert soft.scalar(1.0) == 0.5


# ----------------------------------------------------------------------------- softmax
def test_softmax_columns_are_probabilities_and_shift_invariant():
    rng = np.random.default_rng(7)
    Z = rng.uniform(-5, 5, size=(4, 30))
    A = softmax(Z)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-15)
    assert (A > 0).all()
    np.testing.assert_allclose(A, np.exp(Z) / np.exp(Z).sum(axis=0), rtol=1e-14)
    np.testing.assert_allclose(softmax(Z + 123.0), A, rtol=1e-12)  # e^c cancels


def test_softmax_of_huge_logits_is_exact_and_quiet():
    # Warnings are errors in this suite: an overflow in exp would fail here.
    Z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0], [0.0, 0.0, 0.0]])
    A = softmax(Z)
    np.testing.assert_array_equal(A[:, 0], [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(A[:, 1], [0.0, 1.0, 0.0])
    np.testing.assert_allclose(A[:, 2], 1 / 3, rtol=1e-15)
    assert softmax(Z.astype(np.float32)).dtype == np.float32


def test_softmax_backward_is_the_jacobian_transposed_times_da():
    rng = np.random.default_rng(8)
    Z = rng.uniform(-3, 3, size=(5, 4))
    dA = rng.standard_normal(Z.shape)
    A = softmax(Z)
    h = 1e-6
    for i in range(Z.shape[1]):
        J = np.zeros((5, 5))  # J[k, j] = da_k / dz_j, by central differences
        for j in range(5):
            step = np.zeros(5)
            step[j] = h
            J[:, j] = (softmax((Z[:, i] + step)[:, None]) - softmax((Z[:, i] - step)[:, None]))[
                :, 0] / (2 * h)
        np.testing.assert_allclose(softmax_backward(dA, Z, A)[:, i], J.T @ dA[:, i],
                                   rtol=1e-7, atol=1e-9)
    # Its "derivative" is the Jacobian's diagonal, a_k (1 - a_k).
    np.testing.assert_allclose(ACTIVATIONS["softmax"].derivative(Z, A), A * (1 - A))


def test_softmax_is_the_only_output_only_record_and_hidden_layers_never_see_it():
    assert [n for n, act in ACTIVATIONS.items() if act.output_only] == ["softmax"]
    assert list(HIDDEN_ACTIVATIONS) == [n for n in ACTIVATIONS if n != "softmax"]
    assert "softmax" not in HIDDEN_ACTIVATIONS
    with pytest.raises(KeyError):
        HIDDEN_ACTIVATIONS["softmax"]
    assert HIDDEN_ACTIVATIONS["tanh"] is ACTIVATIONS["tanh"]
    assert len(HIDDEN_ACTIVATIONS) == len(ACTIVATIONS) - 1
