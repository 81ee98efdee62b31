"""Metrics against values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.metrics import accuracy, mae, r2, rmse

A = np.array([[1.0, 2.0, 4.0, 5.0]])
Y = np.array([[1.0, 3.0, 2.0, 6.0]])  # errors 0, -1, 2, -1


def test_accuracy_is_the_fraction_right():
    assert accuracy(np.array([[1, 0, 1, 1]]), np.array([[1.0, 1.0, 1.0, 0.0]])) == 0.5


def test_rmse_and_mae():
    assert rmse(A, Y) == pytest.approx(math.sqrt((0 + 1 + 4 + 1) / 4))
    assert mae(A, Y) == pytest.approx((0 + 1 + 2 + 1) / 4)


def test_r2_is_one_minus_the_ratio_of_squares():
    # mean y = 3, sum (y - 3)^2 = 4 + 0 + 1 + 9 = 14; residuals 0 + 1 + 4 + 1 = 6
    assert r2(A, Y) == pytest.approx(1 - 6 / 14)
    assert r2(Y, Y) == 1.0
    assert r2(np.full((1, 4), 3.0), Y) == 0.0  # always predicting the mean


def test_r2_with_constant_targets_stays_finite():
    assert r2(np.ones((1, 3)), np.ones((1, 3))) == 1.0
    assert r2(np.zeros((1, 3)), np.ones((1, 3))) == 0.0
