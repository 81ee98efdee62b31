"""engine.divergence: the guard's checks on their own."""

from __future__ import annotations

import numpy as np

from engine.divergence import BLOWUP_FACTOR, EXPLODED, blowup, parameter_problem


def test_a_cost_far_above_its_start_is_a_blowup_and_a_small_rise_is_not():
    assert blowup(0.69 * BLOWUP_FACTOR + 0.01, 0.69) is not None
    assert blowup(1.5, 0.69) is None  # below both 3 x 0.69 and 0.69 + 1
    assert blowup(0.05 + 0.9, 0.05) is None  # tiny start: the margin of 1 applies
    assert "jumped to 4.5" in blowup(4.5, 0.69)


def test_nan_and_exploded_parameters_are_named_with_their_array():
    ok = {"W1": np.ones((3, 2)), "b1": np.zeros((3, 1))}
    assert parameter_problem(ok) is None
    nan = {**ok, "W2": np.array([[1.0, np.nan]]) * EXPLODED * 2}
    assert parameter_problem(nan) == ("the parameters became NaN (in W2)", "nan")
    big = {**ok, "b1": np.full((3, 1), 2 * EXPLODED)}
    reason, kind = parameter_problem(big)
    assert kind == "exploded"
    assert "|b1|" in reason
