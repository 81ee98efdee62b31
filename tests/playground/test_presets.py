"""Every live preset is a valid setup and shows, when trained, what its explanation claims."""

from __future__ import annotations

import numpy as np
import pytest

from playground.fields import Setup, validate
from playground.presets import LIVE_PRESETS, apply_preset, preset_explanation, preset_names
from playground.state import Session


def _trained(setup: Setup, epochs: int) -> Session:
    session = Session(setup)
    session.step(epochs)
    return session


@pytest.mark.parametrize("name", list(LIVE_PRESETS))
def test_every_preset_validates_without_notices(name):
    setup = apply_preset(Setup(), name)
    again, notices = validate(setup.to_dict())
    assert notices == []
    assert again == setup
    _, overrides = LIVE_PRESETS[name]
    for field, value in overrides.items():
        assert getattr(setup, field) == value
    explanation = preset_explanation(name)
    assert 20 < len(explanation) < 240


def test_apply_preset_keeps_display_choices_and_rejects_unknown_names():
    base = Setup().replace(show_test=True, log_cost=True, epochs_per_frame=7)
    setup = apply_preset(base, "Zero init keeps symmetry")
    assert (setup.show_test, setup.log_cost, setup.epochs_per_frame) == (True, True, 7)
    assert preset_names()[0] == "The course's planar model"
    with pytest.raises(ValueError, match="Unknown preset"):
        apply_preset(base, "Make it work")


def test_course_planar_preset_reaches_the_course_accuracy():
    session = _trained(apply_preset(Setup(), "The course's planar model"), 3000)
    assert session.trainer.diverged is None
    assert session.trainer.last["train_metric"] > 0.85


def test_xor_needs_a_hidden_layer():
    setup = apply_preset(Setup(), "XOR needs a hidden layer")
    assert setup.hidden_units == []
    flat = _trained(setup, 2000).trainer.last["train_metric"]
    assert 0.4 <= flat <= 0.75
    deep = _trained(setup.replace(hidden_units=[4], activations=["tanh"]), 2000)
    assert deep.trainer.last["train_metric"] > 0.95


def test_linear_activations_collapse_to_a_straight_line():
    from engine.collapse import collapse_linear

    setup = apply_preset(Setup(), "Linear activations collapse")
    linear = _trained(setup, 1500)
    # The deep linear network is exactly one linear map followed by the sigmoid output.
    collapsed = collapse_linear(linear.network)
    X = linear.data.X_train
    z = collapsed.W @ X + collapsed.b
    np.testing.assert_allclose(1 / (1 + np.exp(-z)), linear.network.forward(X), atol=1e-10)
    assert linear.trainer.last["train_metric"] < 0.7  # a line cannot separate a circle
    bent = _trained(setup.replace(activations=["tanh"] * 3), 1500)
    assert bent.trainer.last["train_metric"] > 0.95


def test_zero_init_keeps_the_hidden_units_identical():
    session = _trained(apply_preset(Setup(), "Zero init keeps symmetry"), 1000)
    W1 = session.network.params["W1"]
    assert np.abs(W1).max() > 0.1  # they did learn something...
    np.testing.assert_array_equal(W1, np.repeat(W1[:1], W1.shape[0], axis=0))  # ...the same
    np.testing.assert_array_equal(session.network.params["W2"],
                                  np.full_like(session.network.params["W2"],
                                               session.network.params["W2"][0, 0]))


def test_too_large_a_learning_rate_diverges_and_a_small_one_does_not():
    setup = apply_preset(Setup(), "Learning rate too large diverges")
    session = _trained(setup, 500)
    assert session.trainer.diverged
    assert session.trainer.epoch < 500
    calm = _trained(setup.replace(learning_rate=0.05), 500)
    assert calm.trainer.diverged is None
