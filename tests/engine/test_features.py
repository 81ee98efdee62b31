"""The plane's input features: values, shapes, order, and the plain (x1, x2) case."""

from __future__ import annotations

import numpy as np
import pytest

from engine.features import (
    DEFAULT_FEATURES,
    PLANE_FEATURES,
    check_features,
    feature_labels,
    feature_map,
    get_feature,
)


def _points(m: int = 5, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-3, 3, size=(2, m))


def test_every_feature_has_its_value_at_known_points():
    P = np.array([[0.0, 1.0, -2.0, np.pi / 2], [3.0, -1.0, 0.5, -np.pi / 2]])
    expected = {
        "x1": [0.0, 1.0, -2.0, np.pi / 2], "x2": [3.0, -1.0, 0.5, -np.pi / 2],
        "x1_sq": [0.0, 1.0, 4.0, np.pi ** 2 / 4], "x2_sq": [9.0, 1.0, 0.25, np.pi ** 2 / 4],
        "x1x2": [0.0, -1.0, -1.0, -np.pi ** 2 / 4],
        "sin_x1": [0.0, np.sin(1.0), np.sin(-2.0), 1.0],
        "sin_x2": [np.sin(3.0), np.sin(-1.0), np.sin(0.5), -1.0],
    }
    assert set(expected) == set(PLANE_FEATURES)  # TF Playground's seven, no more
    for name, values in expected.items():
        assert feature_map(P, [name]) == pytest.approx(np.array([values]), abs=1e-15), name


def test_the_map_stacks_the_chosen_features_in_the_order_given():
    P = _points(7)
    names = ["sin_x2", "x1", "x1x2"]
    X = feature_map(P, names)
    assert X.shape == (3, 7)  # (n_x, m): one row per feature, one column per point
    np.testing.assert_array_equal(X[0], np.sin(P[1]))
    np.testing.assert_array_equal(X[1], P[0])
    np.testing.assert_array_equal(X[2], P[0] * P[1])
    every = feature_map(P, list(PLANE_FEATURES))
    assert every.shape == (7, 7)
    np.testing.assert_array_equal(every[[4, 0]], feature_map(P, ["x1x2", "x1"]))


def test_the_plain_inputs_are_the_points_bit_for_bit_and_zero_points_work():
    P = _points(11, seed=3)
    X = feature_map(P, DEFAULT_FEATURES)
    assert X.dtype == np.float64
    assert X.shape == (2, 11)
    assert np.array_equal(X, P)
    assert feature_map(np.zeros((2, 0)), ["x1_sq", "sin_x1"]).shape == (2, 0)


def test_bad_names_and_shapes_are_refused_with_a_message():
    P = _points()
    with pytest.raises(ValueError, match="at least one"):
        feature_map(P, [])
    with pytest.raises(ValueError, match=r"Unknown input feature .x3.*x1, x2, x1_sq"):
        feature_map(P, ["x1", "x3"])
    with pytest.raises(ValueError, match="twice"):
        check_features(["x1", "x1"])
    with pytest.raises(ValueError, match=r"shape \(2, m\)"):
        feature_map(np.zeros((3, 4)), ["x1"])
    with pytest.raises(ValueError, match="Unknown"):
        get_feature(None)


def test_each_records_code_computes_what_its_function_does():
    # The exported script writes ``code``; the app trains on ``of``: the same numbers.
    x1, x2 = _points(50, seed=9)
    for name, record in PLANE_FEATURES.items():
        value = eval(record.code, {"np": np, "x1": x1, "x2": x2})
        np.testing.assert_array_equal(value, record.of(x1, x2), err_msg=name)
    assert feature_labels(["x1_sq", "x1x2", "sin_x2"]) == ["x1²", "x1·x2", "sin x2"]
