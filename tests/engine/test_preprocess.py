"""The shared preparation rules: the test split's size and the standardization."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from engine.datasets import train_test_split
from engine.preprocess import standardize, test_count
from engine.serialize import is_pickle, params_from_npz_bytes
from engine.upload import UploadError, read_csv_upload


@pytest.mark.parametrize(("m", "ratio", "expected"), [
    (100, 0.2, 20), (10, 0.25, 2), (3, 0.01, 1), (3, 0.99, 2), (1, 0.5, 0), (0, 0.5, 0),
    (50, 0.0, 0),
])
def test_test_count_rounds_but_never_empties_a_split(m, ratio, expected):
    assert test_count(m, ratio) == expected


@pytest.mark.parametrize("ratio", [-0.1, 1.0, float("nan"), float("inf")])
def test_test_count_refuses_a_bad_share(ratio):
    with pytest.raises(ValueError, match="test share"):
        test_count(20, ratio)


def test_the_2d_split_holds_as_many_test_points_as_the_rule_says():
    # engine.datasets.train_test_split (unstratified, and per class when stratified) and the
    # housing loader must agree on the split size.
    for m in (2, 3, 7, 40, 401):
        for ratio in (0.0, 0.05, 0.2, 0.5, 0.9):
            X = np.arange(2 * m, dtype=float).reshape(2, m)
            Y = (np.arange(m) % 2).reshape(1, m).astype(float)
            _, _, X_test, _ = train_test_split(X, Y, ratio, seed=1, stratify=False)
            assert X_test.shape[1] == test_count(m, ratio), (m, ratio)
            _, _, _, Y_test = train_test_split(X, Y, ratio, seed=1)
            per_class = sum(test_count(int((Y[0] == c).sum()), ratio) for c in (0.0, 1.0))
            assert Y_test.shape[1] == per_class, (m, ratio)


def test_standardize_uses_the_training_statistics_only():
    rng = np.random.default_rng(0)
    train = rng.normal(5.0, 3.0, size=(3, 50))
    train[2] = (np.arange(50) % 2)  # a 0/1 row
    test = rng.normal(-4.0, 1.0, size=(3, 10))
    Xtr, Xte, means, stds = standardize(train, test, keep=[False, False, True])
    np.testing.assert_allclose(Xtr[:2].mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Xtr[:2].std(axis=1), 1.0)
    np.testing.assert_array_equal(Xtr[2], train[2])  # kept as it is
    np.testing.assert_allclose(Xte[:2], (test[:2] - train[:2].mean(1, keepdims=True))
                               / train[:2].std(1, keepdims=True))
    assert means.shape == stds.shape == (3, 1)
    assert (means[2, 0], stds[2, 0]) == (0.0, 1.0)


def test_a_constant_row_stays_constant_instead_of_dividing_by_zero():
    train = np.vstack([np.full(8, 3.0), np.arange(8.0)])
    Xtr, _, stds = standardize(train)
    assert np.array_equal(Xtr[0], np.zeros(8))
    assert stds[0, 0] == 1.0


def test_pickles_are_recognized_by_their_first_bytes():
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert is_pickle(pickle.dumps({"W1": [1.0]}, protocol=protocol))
    assert not is_pickle(b"x1,x2,y\n1,2,0\n")
    assert not is_pickle(b"PK\x03\x04")
    assert not is_pickle(b"\x80")


def test_a_pickle_is_refused_as_weights_and_as_a_csv():
    data = pickle.dumps({"W1": np.ones((2, 2))})
    with pytest.raises(ValueError, match="pickled"):
        params_from_npz_bytes(data)
    with pytest.raises(UploadError, match="Python pickle, not a CSV"):
        read_csv_upload(data, "data.csv")

