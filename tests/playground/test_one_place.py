"""The app's copies of engine facts agree with the engine's one definition.

playground/state.py and playground/exports.py still hold their own copies of the
standardization, the history columns and the pickle test (another helper owns those files);
until they import the engine's, these tests fail as soon as a copy drifts.
"""

from __future__ import annotations

import pickle

import numpy as np

from engine import history
from engine.preprocess import standardize
from engine.serialize import is_pickle
from engine.trainer import HISTORY_KEYS


def test_the_playground_standardizes_as_the_shared_rule():
    from playground.state import _standardize

    rng = np.random.default_rng(3)
    train, test = rng.normal(size=(2, 30)) * 7 + 2, rng.normal(size=(2, 5))
    train[1] = 4.0  # a constant row
    for a, b in zip(_standardize(train, test), standardize(train, test), strict=True):
        np.testing.assert_array_equal(a, b)


def test_one_list_of_history_keys():
    from playground.exports import HISTORY_COLUMNS

    assert HISTORY_KEYS is history.HISTORY_KEYS
    assert tuple(HISTORY_COLUMNS) == HISTORY_KEYS


def test_the_weights_loader_reads_pickles_as_the_engine_does():
    from playground.exports import _is_pickle

    for data in (pickle.dumps([1]), pickle.dumps([1], protocol=2), b"\x80\x01", b"PK", b""):
        assert _is_pickle(data) == is_pickle(data)
