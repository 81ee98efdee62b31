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


# ---------------------------------------------------------------------- tiny hostile inputs
def _refused_fast(call, *args):
    # A dict of a few bytes must be refused at once with a short message (never a list of
    # millions of missing names). Timed generously: the bug took seconds to minutes.
    import time

    start = time.perf_counter()
    with pytest.raises(ValueError, match=r".") as error:
        call(*args)
    seconds = time.perf_counter() - start
    message = str(error.value)
    assert len(message) < 500, message[:600]
    assert seconds < 0.5, seconds
    return message


@pytest.mark.parametrize("key", ["W10000000", "W999999999", "b3000000", "W10",
                                 "W" + "9" * 5000], ids=["W1e7", "W1e9", "b3e6", "W10", "W9x5000"])
def test_a_layer_number_beyond_the_apps_maximum_is_refused_at_once(key):
    from engine.serialize import MAX_LAYERS

    message = _refused_fast(check_params, {key: [[1.0]]})
    assert f"at most {MAX_LAYERS} layers" in message
    message = _refused_fast(params_from_json, json.dumps({key: [[1.0]]}))
    assert f"at most {MAX_LAYERS} layers" in message
    message = _refused_fast(params_from_npz_bytes, _npz(**{key[:200]: np.ones((1, 1))}))
    assert f"at most {MAX_LAYERS} layers" in message


def test_the_engines_layer_limit_is_the_apps():
    from engine.serialize import MAX_LAYERS, MAX_WIDTH
    from playground.fields import MAX_HIDDEN_LAYERS, MAX_UNITS

    assert MAX_LAYERS == MAX_HIDDEN_LAYERS + 1  # hidden layers and the output layer
    assert MAX_UNITS <= MAX_WIDTH
    # The largest network the app builds is saved and loaded back.
    dims = [8] + [MAX_UNITS] * MAX_HIDDEN_LAYERS + [1]
    big = Network(dims, ["relu"] * MAX_HIDDEN_LAYERS + ["linear"], init="he", seed=0).params
    assert check_params(params_from_npz_bytes(params_to_npz_bytes(big))) == dims


def test_missing_and_unexpected_names_are_listed_shortly():
    message = _refused_fast(check_params, {"W9": [[1.0]]})
    assert message.startswith("Missing W1, b1, W2, b2, W3, b3 and 11 more")
    odd = {f"x{i:03d}" + "y" * 300: [[1.0]] for i in range(300)}
    message = _refused_fast(check_params, odd)
    assert "and 294 more" in message
    message = _refused_fast(check_params, {f"W{i}": [[1.0]] for i in range(1, 200)})
    assert "at most 9 layers" in message


def test_huge_shapes_are_refused_before_any_array_is_expanded():
    # A zero-stride view: a few bytes that claim a trillion entries (np.isfinite on it
    # would allocate terabytes).
    huge = np.broadcast_to(np.float64(1.0), (1_000_000, 1_000_000))
    message = _refused_fast(check_params, {"W1": huge, "b1": np.zeros((1_000_000, 1))})
    assert "W1" in message
    assert "1000000" in message.replace(",", "")
    message = _refused_fast(check_params, {"W1": np.ones((1, 5000)), "b1": np.zeros((1, 1))})
    assert "W1" in message


def _npz_declaring(shape, name="W1") -> bytes:
    # A .npz whose W1 header declares ``shape`` of float64 while it holds 8 bytes of data:
    # NumPy would allocate the whole array before finding the data short.
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": shape})
    member = b"\x93NUMPY\x01\x00" + header.getvalue()[8:] + b"\0" * 8
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{name}.npy", member)
        archive.writestr("b1.npy", _npy(np.zeros((1, 1))))
    return buffer.getvalue()


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def test_an_npz_that_declares_huge_arrays_is_refused_from_its_headers():
    message = _refused_fast(params_from_npz_bytes, _npz_declaring((100_000, 100_000)))
    assert "W1" in message
    message = _refused_fast(params_from_npz_bytes, _npz_declaring((2**40,)))
    assert "W1" in message


def test_a_zip_bomb_npz_is_refused_unopened():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("W1.npy", _npy(np.zeros((1, 1))))
        archive.writestr("b1.npy", b"\0" * 20_000_000)  # deflates to about 20 kB
    message = _refused_fast(params_from_npz_bytes, buffer.getvalue())
    assert "b1" in message or "unpacks" in message


@pytest.mark.parametrize("value", [1e308, -1e308, 1e7])
def test_weights_of_absurd_size_are_refused_naming_the_array(params, value):
    document = json.loads(params_to_json(params))
    document["W2"][0][0] = value
    message = _refused_fast(params_from_json, json.dumps(document))
    assert message.startswith("W2 holds a weight of"), message
    message = _refused_fast(params_from_npz_bytes, _npz(**dict(params, W2=np.full((2, 4), value))))
    assert message.startswith("W2 holds a weight of"), message


def test_an_integer_with_hundreds_of_digits_is_refused_naming_the_array(params):
    document = json.loads(params_to_json(params))
    text = json.dumps(document).replace('"b1": [[0.0', '"b1": [[1' + "0" * 400, 1)
    assert "0" * 400 in text
    message = _refused_fast(params_from_json, text)
    assert message == "b1 holds a number too large for a weight."
