"""Saved weights load back bit for bit; anything unsafe or inconsistent is refused clearly."""

from __future__ import annotations

import io
import json
import pickle

import numpy as np
import pytest

from engine import Network
from engine.serialize import (
    check_params,
    params_from_json,
    params_from_npz_bytes,
    params_to_json,
    params_to_npz_bytes,
)


@pytest.fixture
def params():
    return Network([3, 4, 2, 1], ["tanh", "relu", "sigmoid"], init="xavier", seed=0).params


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def test_npz_round_trip_is_exact(params):
    loaded = params_from_npz_bytes(params_to_npz_bytes(params))
    assert list(loaded) == list(params)
    assert all(np.array_equal(loaded[k], params[k]) for k in params)


def test_json_round_trip_is_exact(params):
    loaded = params_from_json(params_to_json(params))
    assert all(np.array_equal(loaded[k], params[k]) for k in params)


def test_check_params_returns_the_layer_sizes(params):
    assert check_params(params) == [3, 4, 2, 1]


def test_a_pickle_disguised_as_npz_is_refused(params):
    with pytest.raises(ValueError, match=r"holds Python objects \(pickled data\), which are never"):
        params_from_npz_bytes(pickle.dumps(params))


def test_an_object_array_inside_an_npz_is_refused():
    data = _npz(W1=np.array([[{"evil": 1}]], dtype=object), b1=np.zeros((1, 1)))
    with pytest.raises(ValueError, match=r"holds Python objects \(pickled data\)"):
        params_from_npz_bytes(data)


def test_bytes_that_are_no_npz_are_refused():
    with pytest.raises(ValueError, match=r"not a NumPy \.npz weights file"):
        params_from_npz_bytes(b"x1,x2,y\n1,2,0\n")
    with pytest.raises(ValueError, match=r"not a NumPy \.npz weights file"):
        params_from_npz_bytes(b"PK\x03\x04 truncated zip")


def test_wrong_keys_are_refused(params):
    with pytest.raises(ValueError, match=r"Unexpected entries extra: .* only hold arrays named"):
        params_from_npz_bytes(_npz(**params, extra=np.zeros(1)))
    missing = {k: v for k, v in params.items() if k != "b2"}
    with pytest.raises(ValueError, match=r"Missing b2: a network with 3 layers needs W1, b1"):
        params_from_npz_bytes(_npz(**missing))


def test_wrong_shapes_are_refused(params):
    bad = dict(params, W2=np.zeros((2, 5)))
    with pytest.raises(ValueError, match=r"W2 has shape \(2, 5\) but layer 1 has 4 units"):
        params_from_npz_bytes(_npz(**bad))
    bad = dict(params, b1=np.zeros(4))
    with pytest.raises(ValueError, match=r"b1 must have shape \(n\[1\], 1\) = \(4, 1\)"):
        params_from_json(
            json.dumps(
                {k: np.ravel(v).tolist() if k == "b1" else v.tolist() for k, v in params.items()}
            )
        )
    with pytest.raises(ValueError, match=r"b1 must have shape"):
        check_params(bad)


def test_nan_weights_are_refused(params):
    bad = dict(params, W3=np.array([[np.nan, 0.0]]))
    with pytest.raises(ValueError, match="W3 contains NaN or infinite values"):
        params_from_npz_bytes(_npz(**bad))
    with pytest.raises(ValueError, match="W1 contains NaN or infinite values"):
        params_from_json('{"W1": [[NaN]], "b1": [[0]]}')


def test_text_that_is_no_weights_json_is_refused():
    with pytest.raises(ValueError, match="not valid JSON"):
        params_from_json("{W1: oops")
    with pytest.raises(ValueError, match="must be an object"):
        params_from_json("[1, 2]")
    with pytest.raises(ValueError, match="W1 must be a table of numbers"):
        params_from_json('{"W1": [[1, 2], [3]], "b1": [[0], [0]]}')
    with pytest.raises(ValueError, match="W1 must be a table of numbers"):
        params_from_json('{"W1": [["a"]], "b1": [[0]]}')


def test_loaded_weights_must_fit_the_network(params):
    net = Network([3, 5, 1], ["tanh", "sigmoid"])
    with pytest.raises(ValueError, match=r"weights are for layer sizes \[3, 4, 2, 1\]"):
        net.params = params_from_npz_bytes(params_to_npz_bytes(params))
