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

from engine.divergence import EXPLODED

_KEY = re.compile(r"^([Wb])([1-9][0-9]*)$")

# The largest network a weights file may hold: the playground's (8 hidden layers and the
# output layer; playground/fields/common.py derives MAX_HIDDEN_LAYERS from this). Checked before
# anything is built from the names, so a file naming "W999999999" costs nothing.
MAX_LAYERS = 9
# Units in one layer: the playground's hidden layers have at most 64, its inputs a few.
MAX_WIDTH = 1024
# Numbers in all the arrays together (8 x 64 units: about 30,000).
MAX_VALUES = 1_000_000
# A weight beyond this size is what the Trainer calls exploded: such weights are refused.
MAX_MAGNITUDE = EXPLODED
_SHOW = 6  # names listed in a message, then "and N more"


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[:limit] + "…"


def _names(names: list[str]) -> str:
    """The first few names (each cut short), then how many more: a message stays short."""
    shown = ", ".join(_short(k) for k in names[:_SHOW])
    more = len(names) - _SHOW
    return f"{shown} and {more} more" if more > 0 else shown


def _layer_count(names) -> int:
    """L, the number of layers the names W1, b1, ..., WL, bL describe; ValueError for a name
    that is not of that form or a layer beyond MAX_LAYERS (before any list of L is built)."""
    names = [k if isinstance(k, str) else f"<{type(k).__name__}>" for k in names]
    matches = [(k, _KEY.match(k)) for k in names]
    odd = [k for k, match in matches if not match]
    if odd:
        raise ValueError(
            f"Unexpected entries {_names(sorted(odd))}: the weights file may only hold "
            "arrays named W1, b1, W2, b2, ..."
        )
    # More than 3 digits is beyond any limit (and int() of thousands of digits is refused).
    layers = {k: int(m.group(2)) if len(m.group(2)) <= 3 else MAX_LAYERS + 1
              for k, m in matches}
    deep = sorted((k for k, l in layers.items() if l > MAX_LAYERS), key=len)
    if deep:
        raise ValueError(
            f"{_names(deep)}: the playground's networks have at most {MAX_LAYERS} layers "
            f"(W1, b1, ..., W{MAX_LAYERS}, b{MAX_LAYERS})."
        )
    return max(layers.values())


def _check_size(name: str, shape: tuple) -> None:
    # Before an array is expanded or scanned: no layer wider than MAX_WIDTH, no array
    # larger than MAX_VALUES numbers.
    count = 1
    for n in shape:
        count *= int(n)
    if count > MAX_VALUES or any(int(n) > MAX_WIDTH for n in shape):
        raise ValueError(
            f"{_short(name)} has shape {_shape(shape)}: far larger than any network of the "
            f"playground (at most {MAX_WIDTH:,} units in a layer)."
        )


def _shape(shape: tuple) -> str:
    text = str(tuple(int(n) for n in shape))
    return text if len(text) <= 60 else text[:60] + "…)"


def check_params(params, layer_dims=None) -> list[int]:
    """The layer sizes [n0, n1, ..., nL] of valid parameters; ValueError otherwise.

    Valid means: a dict with exactly the keys W1, b1, ..., WL, bL with L at most
    MAX_LAYERS; W[l] a 2-D array of shape (n[l], n[l-1]) with at most MAX_WIDTH units a
    layer; b[l] of shape (n[l], 1); all entries finite real numbers no larger than
    MAX_MAGNITUDE; and, when ``layer_dims`` is given, the same layer sizes. Every message is
    short (a few names, then how many more), and sizes are checked before any array is
    scanned.
    """
    if not isinstance(params, dict) or not params:
        raise ValueError("The weights must be a set of arrays named W1, b1, W2, b2, ...")
    L = _layer_count(list(params))
    expected = [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]
    missing = [k for k in expected if k not in params]
    if missing:
        raise ValueError(
            f"Missing {_names(missing)}: a network with {L} layers needs W1, b1, ..., "
            f"W{L}, b{L}."
        )
    arrays = {}
    for k in expected:
        value = params[k]
        try:
            a = np.asarray(value)
        except (ValueError, TypeError, OverflowError):
            a = None
        if a is None or a.dtype.kind not in "iuf":
            raise ValueError(f"{k} must hold real numbers only.")
        _check_size(k, a.shape)
        arrays[k] = a
    dims = []
    for l in range(1, L + 1):
        W, b = arrays[f"W{l}"], arrays[f"b{l}"]
        if W.ndim != 2 or W.shape[0] < 1 or W.shape[1] < 1:
            raise ValueError(
                f"W{l} must be a 2-D array (n[{l}], n[{l - 1}]); got {_shape(W.shape)}.")
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
                f"b{l} must have shape (n[{l}], 1) = ({W.shape[0]}, 1); got {_shape(b.shape)}."
            )
    for k in expected:
        a = arrays[k]
        if not np.isfinite(a).all():
            raise ValueError(f"{k} contains NaN or infinite values: these weights cannot be used.")
        biggest = float(np.max(np.abs(a)))
        if biggest > MAX_MAGNITUDE:
            raise ValueError(
                f"{k} holds a weight of {biggest:.3g}: weights beyond ±{MAX_MAGNITUDE:g} mean "
                "training exploded, so these weights cannot be used."
            )
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


def is_pickle(data: bytes) -> bool:
    """True when ``data`` starts like a Python pickle (never opened: unpickling can run code).

    Protocols 2 to 5 (every pickle Python 3 writes) start with the PROTO opcode 0x80 and the
    protocol number."""
    return (isinstance(data, bytes | bytearray) and len(data) >= 2 and data[0] == 0x80
            and 2 <= data[1] <= 5)


def _check_npz_headers(data: bytes, not_npz: str, pickled: str) -> None:
    """Read only the zip directory and each array's .npy header: refuse too many arrays,
    bad names, a file that unpacks to more than the largest network could (a zip bomb),
    and arrays that declare a huge shape (NumPy would allocate them before reading), all
    before NumPy loads anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (OSError, EOFError, ValueError, zipfile.BadZipFile):
        raise ValueError(not_npz) from None
    with archive:
        members = archive.infolist()
        if len(members) > 2 * MAX_LAYERS:
            raise ValueError(
                f"This .npz file holds {len(members):,} arrays; a network of at most "
                f"{MAX_LAYERS} layers has at most {2 * MAX_LAYERS} (W1, b1, ...)."
            )
        names = [m.filename.removesuffix(".npy") for m in members]
        _layer_count(names)
        unpacked = sum(m.file_size for m in members)
        if unpacked > 8 * MAX_VALUES + 4096 * len(members):
            raise ValueError(
                f"This .npz file unpacks to {unpacked:,} bytes, far more than any network "
                "of the playground: refused."
            )
        for member, name in zip(members, names, strict=True):
            if not member.filename.endswith(".npy"):
                raise ValueError(not_npz)
            try:
                with archive.open(member) as f:
                    version = np.lib.format.read_magic(f)
                    read = {(1, 0): np.lib.format.read_array_header_1_0,
                            (2, 0): np.lib.format.read_array_header_2_0}.get(version)
                    if read is None:
                        raise ValueError(not_npz)
                    shape, _, dtype = read(f)
            except (OSError, EOFError, ValueError, zipfile.BadZipFile, RuntimeError):
                raise ValueError(not_npz) from None
            if dtype.hasobject:
                raise ValueError(pickled)
            if dtype.kind not in "iuf":
                raise ValueError(f"{name} must hold real numbers only.")
            _check_size(name, shape)


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
    if is_pickle(data):
        raise ValueError(pickled)
    if not isinstance(data, bytes | bytearray) or not data.startswith(b"PK"):
        # A .npz is a zip archive; anything else (a pickle renamed .npz, a CSV...) stops here,
        # before NumPy looks at it.
        raise ValueError(not_npz)
    _check_npz_headers(data, not_npz, pickled)
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
    _layer_count(list(raw))  # refuse bad names before converting anything
    params = {}
    for k, v in raw.items():
        try:
            params[k] = np.array(v, dtype=np.float64)
        except OverflowError:  # an integer with hundreds of digits
            raise ValueError(f"{k} holds a number too large for a weight.") from None
        except (ValueError, TypeError):
            raise ValueError(
                f"{k} must be a table of numbers (a list of equal-length lists)."
            ) from None
    check_params(params)
    return params
