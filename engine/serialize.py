"""Saving and loading a network's parameters {"W1", "b1", ..., "WL", "bL"}.

Two formats: NumPy's .npz (one array per key) and JSON (one nested list per key). Loading
never unpickles anything (a .npz is read with ``allow_pickle=False``) and checks everything a
network needs before returning: the exact keys, shapes W[l] (n[l], n[l-1]) and b[l] (n[l], 1)
that chain from layer to layer, and finite real numbers. Every refusal is a ValueError whose
message can be shown to the user as it is.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import numpy as np

_KEY = re.compile(r"^([Wb])([1-9][0-9]*)$")


def check_params(params, layer_dims=None) -> list[int]:
    """The layer sizes [n0, n1, ..., nL] of valid parameters; ValueError otherwise.

    Valid means: a dict with exactly the keys W1, b1, ..., WL, bL; W[l] a 2-D array of shape
    (n[l], n[l-1]); b[l] of shape (n[l], 1); all entries finite real numbers; and, when
    ``layer_dims`` is given, the same layer sizes.
    """
    if not isinstance(params, dict) or not params:
        raise ValueError("The weights must be a set of arrays named W1, b1, W2, b2, ...")
    names = [str(k) for k in params]
    odd = [k for k in names if not _KEY.match(k)]
    if odd:
        raise ValueError(
            f"Unexpected entries {', '.join(sorted(odd))}: the weights file may only hold "
            "arrays named W1, b1, W2, b2, ..."
        )
    L = max(int(_KEY.match(k).group(2)) for k in names)
    expected = [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]
    missing = [k for k in expected if k not in params]
    if missing:
        raise ValueError(
            f"Missing {', '.join(missing)}: a network with {L} layers needs W1, b1, ..., "
            f"W{L}, b{L}."
        )
    arrays = {}
    for k in expected:
        value = params[k]
        try:
            a = np.asarray(value)
        except (ValueError, TypeError):
            a = None
        if a is None or a.dtype.kind not in "iuf":
            raise ValueError(f"{k} must hold real numbers only.")
        arrays[k] = a
    dims = []
    for l in range(1, L + 1):
        W, b = arrays[f"W{l}"], arrays[f"b{l}"]
        if W.ndim != 2 or W.shape[0] < 1 or W.shape[1] < 1:
            raise ValueError(f"W{l} must be a 2-D array (n[{l}], n[{l - 1}]); got {W.shape}.")
        if l == 1:
            dims.append(W.shape[1])
        elif W.shape[1] != dims[-1]:
            raise ValueError(
                f"W{l} has shape {W.shape} but layer {l - 1} has {dims[-1]} units: "
                f"W{l} must be (n[{l}], n[{l - 1}]) = ({W.shape[0]}, {dims[-1]})."
            )
        dims.append(W.shape[0])
        if b.shape != (W.shape[0], 1):
            raise ValueError(
                f"b{l} must have shape (n[{l}], 1) = ({W.shape[0]}, 1); got {b.shape}."
            )
    for k in expected:
        if not np.isfinite(arrays[k]).all():
            raise ValueError(f"{k} contains NaN or infinite values: these weights cannot be used.")
    if layer_dims is not None and list(layer_dims) != dims:
        raise ValueError(
            f"These weights are for layer sizes {dims}, but the network has {list(layer_dims)}."
        )
    return dims


def params_to_npz_bytes(params) -> bytes:
    """The parameters as the bytes of a .npz file (checked first, so the file will load)."""
    check_params(params)
    buffer = io.BytesIO()
    np.savez(buffer, **{k: np.asarray(v) for k, v in params.items()})
    return buffer.getvalue()


def params_from_npz_bytes(data: bytes) -> dict[str, np.ndarray]:
    """The parameters stored in the bytes of a .npz file, checked by ``check_params``."""
    not_npz = (
        "This is not a NumPy .npz weights file (a zip of arrays W1, b1, ...). "
        "Upload a file saved by this app."
    )
    pickled = (
        "This file holds Python objects (pickled data), which are never loaded for safety. "
        "Upload plain weight arrays saved by this app."
    )
    if isinstance(data, bytes | bytearray) and data[:1] == b"\x80":
        raise ValueError(pickled)  # the first byte of every pickle since protocol 2
    if not isinstance(data, bytes | bytearray) or not data.startswith(b"PK"):
        # A .npz is a zip archive; anything else (a pickle renamed .npz, a CSV...) stops here,
        # before NumPy looks at it.
        raise ValueError(not_npz)
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            params = {name: archive[name] for name in archive.files}
    except ValueError as error:
        if "pickle" in str(error):
            raise ValueError(pickled) from None
        raise ValueError(not_npz) from None
    except (OSError, EOFError, zipfile.BadZipFile, KeyError):
        raise ValueError(not_npz) from None
    check_params(params)
    return params


def params_to_json(params) -> str:
    """The parameters as JSON: {"W1": [[...], ...], "b1": [[...], ...], ...}."""
    check_params(params)
    return json.dumps({k: np.asarray(v).tolist() for k, v in params.items()})


def params_from_json(text: str | bytes) -> dict[str, np.ndarray]:
    """The parameters from JSON written by ``params_to_json``, checked by ``check_params``."""
    try:
        raw = json.loads(text)
    except (ValueError, TypeError):
        raise ValueError(
            "This is not valid JSON: upload a weights file saved by this app."
        ) from None
    if not isinstance(raw, dict):
        raise ValueError("The JSON must be an object with entries W1, b1, W2, b2, ...")
    params = {}
    for k, v in raw.items():
        try:
            params[k] = np.array(v, dtype=np.float64)
        except (ValueError, TypeError):
            raise ValueError(
                f"{k} must be a table of numbers (a list of equal-length lists)."
            ) from None
    check_params(params)
    return params
