"""Losses: the textbook formulas, numerical safety, and dZ[L] = m dJ/dZ[L]."""

from __future__ import annotations

import numpy as np
import pytest

from engine.activations import ACTIVATIONS
from engine.losses import LOSSES, TASK_LOSSES, bce_cost, cross_entropy_cost, get_loss, mse_cost


def _textbook_bce(a, y):
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def test_bce_from_logits_equals_the_textbook_formula():
    rng = np.random.default_rng(0)
    Z = rng.uniform(-6, 6, size=(1, 50))
    Y = (rng.random((1, 50)) > 0.5).astype(float)
    A = 1 / (1 + np.exp(-Z))
    assert bce_cost(A, Y, Z) == pytest.approx(_textbook_bce(A, Y), rel=1e-13)
    assert bce_cost(A, Y) == pytest.approx(_textbook_bce(A, Y), rel=1e-12)  # clipped path


def test_bce_is_zero_not_nan_for_a_confident_correct_prediction():
    Z = np.array([[800.0, -800.0]])
    Y = np.array([[1.0, 0.0]])
    A = ACTIVATIONS["sigmoid"].forward(Z)  # exactly 1 and 0
    assert bce_cost(A, Y, Z) == 0.0
    assert np.isfinite(bce_cost(A, Y))  # clipped, without the logits


def test_bce_of_a_confident_wrong_prediction_grows_like_the_logit():
    Z = np.array([[800.0]])
    assert bce_cost(np.ones((1, 1)), np.zeros((1, 1)), Z) == pytest.approx(800.0)


def test_mse_is_half_the_mean_squared_error():
    A = np.array([[1.0, 2.0, 4.0]])
    Y = np.array([[0.0, 2.0, 1.0]])
    assert mse_cost(A, Y) == pytest.approx((1 + 0 + 9) / (2 * 3))


@pytest.mark.parametrize(
    ("loss", "output"),
    [
        ("bce", "sigmoid"),
        ("bce", "tanh"),  # not a sensible pair, but the general formula must still be right
        ("mse", "linear"),
        ("mse", "relu"),
        ("sigmoid_mse", "sigmoid"),
        ("cross_entropy", "softmax"),
        ("cross_entropy", "sigmoid"),  # K independent units: the general chain
        ("mse", "softmax"),  # softmax mixes the units: its Jacobian, not a diagonal
        ("bce", "softmax"),
    ],
)
def test_output_delta_is_m_times_the_derivative_of_the_cost(loss, output):
    rng = np.random.default_rng(3)
    m = 6
    Z = rng.uniform(-2, 2, size=(2, m))
    Z[np.abs(Z) < 1e-3] = 0.5
    if output == "tanh":
        Z = np.abs(Z)  # keep a = tanh(z) inside (0, 1), where the cross-entropy is defined
    Y = (rng.random((2, m)) > 0.5).astype(float)
    if loss == "cross_entropy":
        Y = np.eye(2)[:, rng.integers(0, 2, m)]  # one-hot: one 1 per column
    act, fn = ACTIVATIONS[output], get_loss(loss)

    def J(Z):
        return fn.cost(act.forward(Z), Y, fn.logits(act, Z))

    h = 1e-6
    numeric = np.zeros_like(Z)
    for index in np.ndindex(Z.shape):
        step = np.zeros_like(Z)
        step[index] = h
        numeric[index] = (J(Z + step) - J(Z - step)) / (2 * h)
    delta = fn.output_delta(act.forward(Z), Y, Z, act)
    np.testing.assert_allclose(delta / m, numeric, rtol=1e-6, atol=1e-9)


def test_bce_on_a_sigmoid_sends_back_a_minus_y():
    A = np.array([[0.2, 0.9]])
    Y = np.array([[0.0, 1.0]])
    delta = LOSSES["bce"].output_delta(A, Y, np.zeros_like(A), ACTIVATIONS["sigmoid"])
    np.testing.assert_allclose(delta, [[0.2, -0.1]])


def test_task_losses_are_registered():
    assert {name for names in TASK_LOSSES.values() for name in names} == set(LOSSES)
    for task, names in TASK_LOSSES.items():
        assert all(LOSSES[name].task == task for name in names)


def test_unknown_loss_names_the_valid_ones():
    with pytest.raises(ValueError, match=r"Unknown loss 'hinge'.*bce, mse, sigmoid_mse"):
        get_loss("hinge")


def test_every_loss_record_is_described_and_the_cross_entropy_sum_covers_both_terms():
    for name, loss in LOSSES.items():
        assert loss.name == name
        assert loss.label
        assert loss.help.endswith(".")
        assert loss.formula.startswith("J =")
    # The sum runs over y log a AND (1 - y) log(1 - a): the brackets must hold both.
    formula = LOSSES["bce"].formula
    assert formula.index(r"\left[") < formula.index(r"y^{(i)}\log a") < formula.index(
        r"\log(1-a^{(i)})") < formula.index(r"\right]")


# ------------------------------------------------------------------- categorical cross-entropy
def _one_hot(labels, K):
    return np.eye(K)[:, labels]


def test_cross_entropy_from_logits_equals_the_textbook_formula():
    rng = np.random.default_rng(1)
    Z = rng.uniform(-6, 6, size=(4, 50))
    Y = _one_hot(rng.integers(0, 4, 50), 4)
    A = ACTIVATIONS["softmax"].forward(Z)
    textbook = float(-np.mean(np.sum(Y * np.log(A), axis=0)))
    assert cross_entropy_cost(A, Y, Z) == pytest.approx(textbook, rel=1e-13)
    assert cross_entropy_cost(A, Y) == pytest.approx(textbook, rel=1e-12)  # clipped path


@pytest.mark.parametrize("scale", [30.0, 800.0, 1e4])
def test_cross_entropy_is_finite_for_confident_logits(scale):
    # Two columns right, one wrong, by a gap of `scale`: the cost is 0 for the right ones
    # (not NaN) and grows like the gap for the wrong one; no warning (they are errors here).
    Z = np.array([[scale, -scale, scale], [-scale, scale, -scale], [0.0, 0.0, 0.0]])
    Y = _one_hot([0, 1, 1], 3)
    A = ACTIVATIONS["softmax"].forward(Z)
    J = cross_entropy_cost(A, Y, Z)
    assert np.isfinite(J)
    assert J == pytest.approx(2 * scale / 3, rel=1e-9)
    assert cross_entropy_cost(A[:, :2], Y[:, :2], Z[:, :2]) == pytest.approx(0.0, abs=1e-12)
    assert np.isfinite(cross_entropy_cost(A, Y))  # clipped, without the logits
    delta = LOSSES["cross_entropy"].output_delta(A, Y, Z, ACTIVATIONS["softmax"])
    assert np.isfinite(delta).all()


def test_cross_entropy_on_a_softmax_sends_back_a_minus_y():
    A = np.array([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]])
    Y = _one_hot([0, 2], 3)
    delta = LOSSES["cross_entropy"].output_delta(A, Y, np.zeros_like(A), ACTIVATIONS["softmax"])
    np.testing.assert_allclose(delta, [[-0.3, 0.1], [0.2, 0.3], [0.1, -0.4]])


def test_the_logits_are_used_exactly_with_the_output_the_loss_names():
    Z = np.ones((2, 3))
    assert LOSSES["cross_entropy"].logits(ACTIVATIONS["softmax"], Z) is Z
    assert LOSSES["cross_entropy"].logits(ACTIVATIONS["sigmoid"], Z) is None
    assert LOSSES["bce"].logits(ACTIVATIONS["sigmoid"], Z) is Z
    assert LOSSES["bce"].logits(ACTIVATIONS["softmax"], Z) is None
    assert LOSSES["mse"].logits(ACTIVATIONS["linear"], Z) is None
    assert TASK_LOSSES["multiclass"] == ["cross_entropy"]
    assert "cross_entropy" not in TASK_LOSSES["classification"]  # the binary pages' choices
