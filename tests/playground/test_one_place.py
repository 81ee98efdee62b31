"""The app uses the engine's one definition of the standardization, the history columns,
the pickle test and the test split size, so these facts cannot drift apart again."""

from __future__ import annotations

import csv
import io
import pickle

import numpy as np
import pytest

from engine import history
from engine.datasets import train_test_split
from engine.preprocess import standardize, test_count
from engine.serialize import is_pickle
from engine.trainer import HISTORY_KEYS
from playground.fields import default_setup


def test_an_upload_is_standardized_with_the_training_split_statistics():
    from playground.state import make_plane_data

    rng = np.random.default_rng(3)
    X = rng.normal(size=(2, 60)) * np.array([[7.0], [0.01]]) + np.array([[2.0], [-40.0]])
    Y = (rng.random((1, 60)) > 0.5).astype(float)
    setup = default_setup("classification").replace(dataset="upload")
    data = make_plane_data(setup, (X, Y))
    X_train, _, X_test, _ = train_test_split(X, Y, setup.test_ratio, setup.data_seed)
    expected = standardize(X_train, X_test)
    np.testing.assert_array_equal(data.X_train, expected[0])
    np.testing.assert_array_equal(data.X_test, expected[1])
    np.testing.assert_array_equal(data.extra["means"], expected[2])
    np.testing.assert_array_equal(data.extra["stds"], expected[3])


def test_one_list_of_history_keys_in_the_csv():
    from playground.exports import history_csv

    assert HISTORY_KEYS is history.HISTORY_KEYS
    rows = {key: [i * 10 + k for i in range(3)] for k, key in enumerate(HISTORY_KEYS)}
    table = list(csv.reader(io.StringIO(history_csv(rows))))
    # Each column of the file holds its key's values, in HISTORY_KEYS order.
    for k, key in enumerate(HISTORY_KEYS):
        assert table[0][k].startswith(key.split("_")[0])
        assert [float(row[k]) for row in table[1:]] == rows[key]


@pytest.mark.parametrize("data", [pickle.dumps([1]), pickle.dumps([1], protocol=2),
                                  pickle.dumps({"W1": 1}, protocol=5)])
def test_the_weights_loader_refuses_what_the_engine_calls_a_pickle(data):
    from playground.exports import load_weights

    assert is_pickle(data)
    with pytest.raises(ValueError, match="pickle"):
        load_weights(data, "weights.npz")


@pytest.mark.parametrize(("m", "ratio"), [(2, 0.5), (7, 0.3), (400, 0.3), (401, 0.25), (10, 0.0)])
def test_the_two_d_split_holds_the_shared_test_count(m, ratio):
    X = np.arange(2 * m, dtype=float).reshape(2, m)
    Y = (np.arange(m) % 2).astype(float).reshape(1, m)
    _, _, X_test, _ = train_test_split(X, Y, ratio, seed=4, stratify=False)
    assert X_test.shape[1] == test_count(m, ratio)
