"""Files a user downloads and uploads: the setup as JSON, the weights as .npz or JSON, the
training history as CSV.

Reading a file never unpickles anything and never raises anything but a ValueError whose
message can be shown to the user as it is (`st.error(str(error))`). The weights themselves are
read and checked by `engine.serialize`; this module picks the format, refuses what is plainly
something else (a pickle, a lone .npy array, a zip bomb) and compares the layer sizes with the
current network in the course's notation.

This module imports neither streamlit nor plotly.
"""

from __future__ import annotations

import csv
import io
import json
import math
import numbers
import zipfile
from typing import Any

from engine.history import HISTORY_KEYS
from playground.fields import MAX_HIDDEN_LAYERS, MAX_UNITS, PAGES, Setup, validate

APP_NAME = "nn-playground"
# 2: "page" names the page and "setup" holds only that page's controls. 1 held every field
# of one shared table (and "task" in "setup"); it is still read, its other-page values
# dropped, with a notice where one was not what the page holds anyway.
FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)
MAX_SETUP_BYTES = 100_000               # a setup is well under 2 kB
MAX_WEIGHTS_BYTES = 5 * 1024 * 1024     # 8 x 64 units in float64 is about 250 kB
MAX_WEIGHTS_UNPACKED = 50 * 1024 * 1024  # a .npz that unpacks to more is refused unopened
MAX_ARRAYS = 64

# ---------------------------------------------------------------------------------------------
# Setup


def setup_to_json(setup: Setup) -> str:
    """The setup as a small, readable JSON document: the app's name, the format version, the
    page, and the page's controls (those of its field table, nothing else)."""
    values = setup.to_dict()
    del values["task"]  # the page says it
    document = {"app": APP_NAME, "format": FORMAT_VERSION, "page": setup.page.name,
                "setup": values}
    return json.dumps(document, indent=2, allow_nan=False) + "\n"


def _text_of(data: str | bytes | bytearray, what: str, limit: int) -> str:
    if isinstance(data, bytes | bytearray):
        if len(data) > limit:
            raise ValueError(f"The {what} file is too large ({len(data):,} bytes; "
                             f"at most {limit:,}).")
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(f"The {what} file is not text (UTF-8): export it from the "
                             "playground and upload that file.") from None
    if not isinstance(data, str):
        raise ValueError(f"The {what} file must be text, not {type(data).__name__}.")
    if len(data) > limit:
        raise ValueError(f"The {what} file is too large ({len(data):,} characters; "
                         f"at most {limit:,}).")
    if not data.strip():
        raise ValueError(f"The {what} file is empty.")
    return data


def _loads(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"The {what} file is not valid JSON (line {error.lineno}, "
                         f"column {error.colno}: {error.msg}).") from None
    except (ValueError, RecursionError):  # a number with thousands of digits, deep nesting
        raise ValueError(f"The {what} file is not valid JSON.") from None


def setup_from_json(text: str | bytes, *, task: str | None = None) -> tuple[Setup, list[str]]:
    """The setup stored by `setup_to_json`, and notices for values that were clamped or
    replaced (as for a link). ValueError with a clear message when the file is not a setup
    file at all: not JSON, not an object, another app's file, another format version.
    `task` is the page's task (see `validate`)."""
    document = _loads(_text_of(text, "setup", MAX_SETUP_BYTES), "setup")
    if not isinstance(document, dict):
        raise ValueError("The setup file must hold a JSON object { ... }, "
                         f"not {_json_kind(document)}.")
    if "app" in document and document["app"] != APP_NAME:
        raise ValueError(f"This JSON file was not written by the playground "
                         f"(its \"app\" is {_short(document['app'])}, not {APP_NAME}).")
    if "format" not in document:
        raise ValueError("This JSON file is not a playground setup: it has no \"format\" "
                         "field. Export a setup from the playground to see the format.")
    version = document["format"]
    if version not in READ_VERSIONS or isinstance(version, bool):
        raise ValueError(f"This setup file has format version {_short(version)}; this "
                         f"playground reads versions 1 and 2.")
    setup = document.get("setup")
    if not isinstance(setup, dict):
        raise ValueError("The setup file has no \"setup\" object with the values.")
    if version == 1:  # "task" inside "setup" named the page
        return validate(setup, task=task)
    page = PAGES.get(document.get("page")) if isinstance(document.get("page"), str) else None
    if page is None:
        raise ValueError(f"This setup file is for a page this playground does not have "
                         f"(its \"page\" is {_short(document.get('page'))}).")
    notices = []
    if task is not None and task != page.task:
        notices.append(f"this setup was saved on the {page.title} page: the values of its "
                       "controls that this page does not have are ignored")
    values, more = validate(setup, task=task if task is not None else page.task)
    return values, [*notices, *more]


def _json_kind(value: Any) -> str:
    kinds = {list: "a list", str: "a string", bool: "true or false", type(None): "null",
             int: "a number", float: "a number"}
    return kinds.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = json.dumps(value) if isinstance(value, str | int | float | bool | None) else "?"
    return text if len(text) <= 40 else text[:40] + "…"


# ---------------------------------------------------------------------------------------------
# Weights


def _params(network_or_params: Any) -> dict:
    params = getattr(network_or_params, "params", network_or_params)
    if not isinstance(params, dict):
        raise TypeError("expected a Network or its params dict")
    return params


def weights_npz(network: Any) -> bytes:
    """The network's weights {W1, b1, ..., WL, bL} as the bytes of a .npz file (no pickle)."""
    from engine.serialize import params_to_npz_bytes

    return params_to_npz_bytes(_params(network))


def weights_json(network: Any) -> str:
    """The network's weights as JSON: {"W1": [[...]], "b1": [[...]], ...}."""
    from engine.serialize import params_to_json

    return params_to_json(_params(network))


def weights_for_download(session: Any) -> tuple[dict | None, str]:
    """The weights the download buttons give for a live ``session`` (a playground Session),
    and a line for the page ("" when they are simply the current weights).

    After a divergence the current weights may be NaN or exploded (no file can hold them):
    the downloads then give the last finite weights, the ones drawn
    (``Session.drawable_network``), and the line says so. None, and why, if even those
    cannot be saved."""
    from engine.serialize import check_params

    network = session.drawable_network()
    try:
        check_params(network.params)
    except ValueError as error:
        return None, f"The weights cannot be downloaded: {error} Press Reset to start again."
    good = getattr(session, "good_epoch", None)
    if session.diverged and good is not None:
        return network.params, (
            f"Training diverged: the weight downloads hold the last finite weights, from "
            f"epoch {good:,} (the ones drawn), not those of the epoch that diverged.")
    return network.params, ""


_PICKLE = ("This file is a Python pickle, not a weights file. A pickle can run code when it "
           "is opened, so the playground never opens one. Download the weights as .npz or "
           "JSON from the playground and upload that file.")
_NPY = ("This file is a single NumPy array (.npy). The weights file is an .npz archive "
        "holding W1, b1, W2, b2, ...: download it from the playground.")
_UNKNOWN = ("This is not a weights file: upload the .npz or .json file that the playground "
            "downloads.")


def _check_zip(data: bytes) -> None:
    """Refuse a zip that unpacks to too much (a zip bomb) before NumPy opens it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ValueError("This .npz file is damaged: it is not a readable zip archive.") from None
    if len(members) > MAX_ARRAYS:
        raise ValueError(f"This .npz file holds {len(members)} arrays; a network of at most "
                         f"{MAX_HIDDEN_LAYERS + 1} layers has at most "
                         f"{2 * MAX_HIDDEN_LAYERS + 2} (W1, b1, ...).")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_WEIGHTS_UNPACKED:
        raise ValueError(f"This .npz file unpacks to {unpacked:,} bytes, far more than any "
                         "network of the playground: refused.")


def _arrow(dims: list[int]) -> str:
    return " → ".join(str(n) for n in dims)


def load_weights(data: bytes, filename: str = "",
                 layer_dims: list[int] | None = None) -> dict:
    """The weights {W1, b1, ..., WL, bL} in the bytes of an uploaded .npz or .json file.

    The format is read from the content (a .npz is a zip; JSON starts with "{"), the file
    name only breaks ties. Everything is checked (keys, shapes that chain, finite numbers) and,
    when `layer_dims` is given, the layer sizes must be the current network's.
    Raises ValueError with a message for the user; never unpickles.
    """
    from engine.serialize import (
        check_params,
        is_pickle,
        params_from_json,
        params_from_npz_bytes,
    )

    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes | bytearray):
        raise ValueError(_UNKNOWN)
    data = bytes(data)
    if not data.strip():
        raise ValueError("The weights file is empty.")
    if len(data) > MAX_WEIGHTS_BYTES:
        raise ValueError(f"The weights file is too large ({len(data):,} bytes; at most "
                         f"{MAX_WEIGHTS_BYTES:,}).")
    name = (filename or "").lower()
    head = data.lstrip()[:1]
    try:
        if is_pickle(data):
            raise ValueError(_PICKLE)
        if data.startswith(b"\x93NUMPY"):
            raise ValueError(_NPY)
        if data.startswith(b"PK"):
            _check_zip(data)
            params = params_from_npz_bytes(data)
        elif head in (b"{", b"[") or data.startswith(b"\xef\xbb\xbf") or name.endswith(".json"):
            params = params_from_json(_text_of(data, "weights", MAX_WEIGHTS_BYTES))
        elif name.endswith(".npz"):
            raise ValueError("This .npz file is not a NumPy archive (a .npz is a zip file): "
                             "download the weights from the playground and upload that file.")
        else:
            raise ValueError(_UNKNOWN)
        dims = check_params(params)
    except ValueError:
        raise
    except Exception as error:  # whatever else a damaged file triggers: still a clear message
        raise ValueError(f"The weights file could not be read ({type(error).__name__}).") from None
    if layer_dims is not None and list(layer_dims) != dims:
        raise ValueError(_mismatch(dims, list(layer_dims)))
    return params


def _mismatch(found: list[int], expected: list[int]) -> str:
    text = (f"These weights are for a network {_arrow(found)} (layer sizes n[0] … n[L]); "
            f"the current network is {_arrow(expected)}.")
    if found[0] != expected[0]:
        return text + (f" The weights take {found[0]} inputs and the data has {expected[0]}: "
                       "choose the same data or features.")
    hidden = found[1:-1]
    if len(hidden) > MAX_HIDDEN_LAYERS or any(n > MAX_UNITS for n in hidden):
        return text + (f" The playground has at most {MAX_HIDDEN_LAYERS} hidden layers of "
                       f"{MAX_UNITS} units: these weights do not fit it.")
    return text + (f" Set the hidden layers to {','.join(str(n) for n in found[1:-1]) or 'none'}"
                   " to load them.")


# ---------------------------------------------------------------------------------------------
# History


def history_csv(history: dict | list, *, loss: str = "bce", unit: str = "$100,000") -> str:
    """The training history as CSV, one row per epoch, units in the header.

    `history` is the Trainer's dict of lists (keys epoch, train_cost, test_cost,
    train_metric, test_metric) or its `history_rows()`. The metric is the accuracy (a
    fraction from 0 to 1) for classification losses, the RMSE in `unit` for "mse".
    A missing value (no test set) is an empty cell; a diverged cost is written nan / inf.
    """
    if isinstance(history, list):
        history = {key: [row.get(key) if isinstance(row, dict) else None for row in history]
                   for key in HISTORY_KEYS}
    if not isinstance(history, dict):
        raise TypeError("history must be the Trainer's history dict")
    metric = f"rmse ({unit})" if loss == "mse" else "accuracy (0 to 1)"
    header = ["epoch", f"train_cost ({loss})", f"test_cost ({loss})",
              f"train_{metric}", f"test_{metric}"]
    columns = [list(history.get(key) or []) for key in HISTORY_KEYS]
    n_rows = len(columns[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for i in range(n_rows):
        writer.writerow([_cell(column[i] if i < len(column) else None) for column in columns])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    """A number as CSV text: ints as they are, floats in full precision, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""  # never write text from elsewhere into a spreadsheet cell
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return repr(number)


__all__ = [
    "APP_NAME",
    "FORMAT_VERSION",
    "history_csv",
    "load_weights",
    "setup_from_json",
    "setup_to_json",
    "weights_for_download",
    "weights_json",
    "weights_npz",
]
