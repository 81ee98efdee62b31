"""playground.exports: setup JSON, weights files (and their refusals), history CSV."""

from __future__ import annotations

import io
import json
import pickle
import re
import zipfile

import numpy as np
import pandas as pd
import pytest

from engine.datasets import make_2d
from engine.network import Network
from engine.trainer import Trainer
from playground.exports import (
    APP_NAME,
    FORMAT_VERSION,
    history_csv,
    load_weights,
    setup_from_json,
    setup_to_json,
    weights_json,
    weights_npz,
)
from playground.fields import HOUSING, PLAYGROUND, Setup, default_setup
from tests.playground.test_fields import random_setup

# ---------------------------------------------------------------------------------------------
# Setup JSON


def test_setup_json_names_the_app_and_the_format():
    document = json.loads(setup_to_json(Setup(learning_rate=0.5)))
    assert document["app"] == APP_NAME
    assert document["format"] == FORMAT_VERSION == 2
    assert document["page"] == "playground"
    assert document["setup"]["learning_rate"] == 0.5
    assert document["setup"]["hidden_units"] == [4]
    assert set(document["setup"]) == set(PLAYGROUND.names)  # this page's controls only
    housing = json.loads(setup_to_json(default_setup("regression")))
    assert housing["page"] == "housing"
    assert set(housing["setup"]) == set(HOUSING.names)


def test_a_format_1_file_is_still_read_and_a_moved_value_gets_a_notice():
    # Format 1 held every field of the one shared table, "task" among them.
    old = {**Setup().to_dict(), "features": ["latitude"], "housing_samples": 20_640,
           "learning_rate": 0.5}
    setup, notices = setup_from_json(_document(**old))
    assert setup == Setup(learning_rate=0.5)
    assert notices == ["features=['latitude'] is not a control of the Playground page: "
                       "ignored"]
    housing = {**default_setup("regression").to_dict(), "dataset": "housing", "noise": 0.2,
               "show_test": False, "l2": 0.01}
    setup, notices = setup_from_json(_document(**housing), task="regression")
    assert (setup, notices) == (default_setup("regression").replace(l2=0.01), [])


def test_random_setups_round_trip_through_json():
    rng = np.random.default_rng(11)
    for _ in range(200):
        setup = random_setup(rng)
        assert setup_from_json(setup_to_json(setup)) == (setup, [])
        assert setup_from_json(setup_to_json(setup).encode("utf-8"),
                               task=setup.task) == (setup, [])


def test_a_byte_order_mark_is_accepted():
    text = setup_to_json(default_setup("regression"))
    assert setup_from_json(b"\xef\xbb\xbf" + text.encode()) == (default_setup("regression"), [])


def _document(**setup_values):
    return json.dumps({"app": APP_NAME, "format": 1, "setup": setup_values})


def test_bad_values_in_a_setup_file_are_clamped_with_notices():
    setup, notices = setup_from_json(_document(learning_rate="abc", hidden_units=[500, 2],
                                               foo=1))
    assert setup.learning_rate == 1.2
    assert setup.hidden_units == [64, 2]
    assert notices == ["units 500 is more than 64: using 64",
                       "learning_rate=abc is not a number: using 1.2",
                       "unknown parameter 'foo' ignored"]


def test_nan_in_a_setup_file_is_replaced():
    text = '{"app": "nn-playground", "format": 1, "setup": {"noise": NaN, "l2": Infinity}}'
    setup, notices = setup_from_json(text)
    assert (setup.noise, setup.l2) == (0.2, 0.0)
    assert notices == ["noise=nan is not a finite number: using 0.2",
                       "l2=inf is not a finite number: using 0"]


def test_a_setup_file_for_another_page_takes_the_page_task():
    setup, notices = setup_from_json(setup_to_json(Setup(noise=0.3)), task="regression")
    assert setup.task == "regression"
    assert notices[0] == ("this setup was saved on the Playground page: the values of its "
                          "controls that this page does not have are ignored")
    assert "noise=0.3 is not a control of the Housing page: ignored" in notices
    setup, notices = setup_from_json(_document(**Setup().to_dict()), task="regression")
    assert notices[0] == "task=classification does not apply on this page: using regression"


@pytest.mark.parametrize(("data", "message"), [
    ("not json", "The setup file is not valid JSON (line 1, column 1: Expecting value)."),
    ('{"app": "nn-playground",', "The setup file is not valid JSON (line 1, column 25: "
                                 "Expecting property name enclosed in double quotes)."),
    ("", "The setup file is empty."),
    (b"\xff\xfe\x00junk", "The setup file is not text (UTF-8): export it from the playground "
                          "and upload that file."),
    ("[1, 2]", "The setup file must hold a JSON object { ... }, not a list."),
    ('"flower"', "The setup file must hold a JSON object { ... }, not a string."),
    ('{"app": "tf-playground", "format": 1, "setup": {}}',
     'This JSON file was not written by the playground (its "app" is "tf-playground", '
     'not nn-playground).'),
    ('{"learning_rate": 0.1}', 'This JSON file is not a playground setup: it has no "format" '
                               'field. Export a setup from the playground to see the format.'),
    ('{"app": "nn-playground", "format": 3, "setup": {}}',
     "This setup file has format version 3; this playground reads versions 1 and 2."),
    ('{"app": "nn-playground", "format": "1", "setup": {}}',
     'This setup file has format version "1"; this playground reads versions 1 and 2.'),
    ('{"app": "nn-playground", "format": true, "setup": {}}',
     "This setup file has format version true; this playground reads versions 1 and 2."),
    ('{"app": "nn-playground", "format": 2, "page": "mnist", "setup": {}}',
     'This setup file is for a page this playground does not have (its "page" is "mnist").'),
    ('{"app": "nn-playground", "format": 1, "setup": [1]}',
     'The setup file has no "setup" object with the values.'),
    ("[" * 100_000 + "]" * 100_000, "The setup file is too large (200,000 characters; "
                                    "at most 100,000)."),
    ("[" * 40_000 + "]" * 40_000, "The setup file is not valid JSON."),
    ('{"format": ' + "9" * 5000 + "}", "The setup file is not valid JSON."),
])
def test_files_that_are_not_setups_are_refused_with_a_message(data, message):
    with pytest.raises(ValueError, match=re.escape(message)) as error:
        setup_from_json(data)
    assert str(error.value) == message


# ---------------------------------------------------------------------------------------------
# Weights


def _network(dims=(2, 4, 3, 1), seed=3):
    acts = ["tanh"] * (len(dims) - 2) + ["sigmoid"]
    return Network(list(dims), acts, init="xavier", seed=seed)


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _refusal(data, filename="w.npz", **kwargs) -> str:
    """The message of the ValueError that load_weights must raise."""
    try:
        load_weights(data, filename, **kwargs)
    except ValueError as error:
        return str(error)
    pytest.fail("load_weights accepted the file")


@pytest.mark.parametrize(("export", "filename"), [(weights_npz, "w.npz"),
                                                  (weights_json, "w.json")])
def test_weights_round_trip_bit_for_bit(export, filename):
    net = _network()
    data = export(net)
    loaded = load_weights(data if isinstance(data, bytes) else data.encode(), filename,
                          layer_dims=[2, 4, 3, 1])
    assert sorted(loaded) == sorted(net.params)
    for key, value in net.params.items():
        np.testing.assert_array_equal(loaded[key], value)


def test_the_npz_holds_plain_arrays_readable_without_pickle():
    net = _network()
    with np.load(io.BytesIO(weights_npz(net)), allow_pickle=False) as archive:
        assert sorted(archive.files) == ["W1", "W2", "W3", "b1", "b2", "b3"]
        np.testing.assert_array_equal(archive["W2"], net.params["W2"])


def test_the_content_decides_the_format_not_the_name():
    net = _network()
    from_json = load_weights(weights_json(net).encode(), "weights.npz")
    from_npz = load_weights(weights_npz(net), "weights.json")
    np.testing.assert_array_equal(from_json["W1"], from_npz["W1"])
    assert sorted(load_weights(weights_json(net), "")) == sorted(net.params)  # str accepted


def test_wrong_shapes_for_the_current_network_name_both_architectures():
    data = weights_npz(_network((2, 5, 1)))
    assert _refusal(data, layer_dims=[2, 4, 1]) == (
        "These weights are for a network 2 → 5 → 1 (layer sizes n[0] … n[L]); the current "
        "network is 2 → 4 → 1. Set the hidden layers to 5 to load them.")
    assert _refusal(data, layer_dims=[8, 5, 1]).endswith(
        "The weights take 2 inputs and the data has 8: choose the same data or features.")


def test_weights_too_big_for_the_playground_say_so():
    rng = np.random.default_rng(0)
    data = _npz(W1=rng.normal(size=(100, 2)), b1=np.zeros((100, 1)),
                W2=rng.normal(size=(1, 100)), b2=np.zeros((1, 1)))
    with pytest.raises(ValueError, match="at most 8 hidden layers of 64 units"):
        load_weights(data, "w.npz", layer_dims=[2, 4, 1])


def test_wrong_keys_are_refused():
    good = _network((2, 3, 1)).params
    message = _refusal(_npz(weights=good["W1"], bias=good["b1"]))
    assert message.startswith("Unexpected entries bias, weights:")
    message = _refusal(_npz(W1=good["W1"], b1=good["b1"], W2=good["W2"]))
    assert message == "Missing b2: a network with 2 layers needs W1, b1, ..., W2, b2."


def test_shapes_that_do_not_chain_are_refused():
    rng = np.random.default_rng(1)
    message = _refusal(_npz(W1=rng.normal(size=(3, 2)), b1=np.zeros((3, 1)),
                            W2=rng.normal(size=(1, 4)), b2=np.zeros((1, 1))))
    assert message.startswith("W2 has shape (1, 4) but layer 1 has 3 units")


def test_nan_weights_are_refused():
    params = {k: v.copy() for k, v in _network((2, 3, 1)).params.items()}
    params["W2"][0, 1] = np.nan
    assert _refusal(_npz(**params)) == (
        "W2 contains NaN or infinite values: these weights cannot be used.")
    document = json.loads(weights_json(_network((2, 3, 1))))
    document["b1"][2][0] = float("nan")
    assert _refusal(json.dumps(document).encode(), "w.json") == (
        "b1 contains NaN or infinite values: these weights cannot be used.")


_EVIDENCE: list[str] = []


def _record_unpickling(tag):
    _EVIDENCE.append(tag)
    return {}


class _Trap:
    """Unpickling this object runs _record_unpickling: proof that a pickle was opened."""

    def __reduce__(self):
        return (_record_unpickling, ("opened",))


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_a_pickle_disguised_as_npz_is_refused_unopened(protocol):
    _EVIDENCE.clear()
    message = _refusal(pickle.dumps(_Trap(), protocol=protocol), "weights.npz")
    assert message.startswith("This file is a Python pickle, not a weights file. A pickle "
                              "can run code when it is opened")
    assert _EVIDENCE == []


def test_an_old_protocol_pickle_is_refused_unopened():
    _EVIDENCE.clear()
    message = _refusal(pickle.dumps(_Trap(), protocol=0), "weights.npz")
    assert message.startswith("This .npz file is not a NumPy archive")
    assert _EVIDENCE == []


def test_an_object_array_inside_an_npz_is_refused_unopened():
    _EVIDENCE.clear()
    trap = np.empty(1, dtype=object)
    trap[0] = _Trap()
    data = _npz(W1=trap, b1=np.zeros((1, 1)))
    message = _refusal(data)
    assert "pickled data" in message
    assert _EVIDENCE == []


def test_a_single_npy_array_is_refused():
    buffer = io.BytesIO()
    np.save(buffer, np.zeros((2, 2)))
    assert _refusal(buffer.getvalue()).startswith("This file is a single NumPy array (.npy).")


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("W1.npy", b"\x00" * (60 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 200_000  # small on disk, 60 MB unpacked
    assert _refusal(data) == ("This .npz file unpacks to 62,914,560 bytes, far more than any "
                              "network of the playground: refused.")


def test_a_damaged_zip_is_refused():
    data = weights_npz(_network())
    assert _refusal(data[:200]) == "This .npz file is damaged: it is not a readable zip archive."


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "w.npz", "The weights file is empty."),
    (b"   \n", "w.json", "The weights file is empty."),
    (b"a,b\n1,2\n", "weights.csv", "This is not a weights file: upload the .npz or .json file "
                                   "that the playground downloads."),
    (b"hello", "w.npz", "This .npz file is not a NumPy archive (a .npz is a zip file): "
                        "download the weights from the playground and upload that file."),
    (b"{oops", "w.json", "This is not valid JSON: upload a weights file saved by this app."),
    (b"[1, 2]", "w.json", "The JSON must be an object with entries W1, b1, W2, b2, ..."),
    (b"\x00" * (6 * 1024 * 1024), "w.npz", "The weights file is too large (6,291,456 bytes; "
                                           "at most 5,242,880)."),
])
def test_other_bad_weight_files_get_a_message(data, filename, message):
    assert _refusal(data, filename) == message


# ---------------------------------------------------------------------------------------------
# History CSV


def _trained_history():
    X, Y = make_2d("flower")
    trainer = Trainer(_network((2, 4, 1), seed=0), X[:, :300], Y[:, :300], X[:, 300:],
                      Y[:, 300:], learning_rate=1.2)
    trainer.run(5)
    return trainer


def test_history_csv_has_units_in_the_header_and_every_row():
    trainer = _trained_history()
    text = history_csv(trainer.history)
    frame = pd.read_csv(io.StringIO(text))
    assert list(frame.columns) == ["epoch", "train_cost (bce)", "test_cost (bce)",
                                   "train_accuracy (0 to 1)", "test_accuracy (0 to 1)"]
    assert len(frame) == len(trainer.history["epoch"])
    np.testing.assert_array_equal(frame["epoch"], trainer.history["epoch"])
    np.testing.assert_array_equal(frame["train_cost (bce)"], trainer.history["train_cost"])
    np.testing.assert_array_equal(frame["test_accuracy (0 to 1)"],
                                  trainer.history["test_metric"])
    assert history_csv(trainer.history_rows()) == text


def test_history_csv_for_regression_names_the_rmse_unit():
    history = {"epoch": [1, 2], "train_cost": [0.5, 0.25], "test_cost": [None, None],
               "train_metric": [1.0, 0.7071067811865476], "test_metric": [None, None]}
    assert history_csv(history, loss="mse") == (
        'epoch,train_cost (mse),test_cost (mse),"train_rmse ($100,000)","test_rmse ($100,000)"\n'
        "1,0.5,,1.0,\n"
        "2,0.25,,0.7071067811865476,\n")


def test_history_csv_writes_a_diverged_cost_and_nothing_but_numbers():
    history = {"epoch": [np.int64(1), 2], "train_cost": [np.float32(0.5), float("nan")],
               "test_cost": [float("inf"), "=cmd|' /C calc'!A0"],
               "train_metric": [0.5, 0.5], "test_metric": [0.5]}
    assert history_csv(history) == (
        "epoch,train_cost (bce),test_cost (bce),train_accuracy (0 to 1),test_accuracy (0 to 1)\n"
        "1,0.5,inf,0.5,0.5\n"
        "2,nan,,0.5,\n")


def test_an_empty_history_is_just_the_header():
    assert history_csv({}).count("\n") == 1


def test_the_csv_and_the_live_curves_work_on_a_thinned_history(monkeypatch):
    # A long session's history is thinned (engine.history): the CSV then holds the kept rows
    # in order, and the live curves go from epoch 0 to the last epoch.
    from engine import history as H
    from playground.live import curve_updates

    for name, value in (("RECENT", 50), ("OLDER", 30), ("SLACK", 10), ("MAX_ROWS", 90)):
        monkeypatch.setattr(H, name, value)
    trainer = _trained_history()
    trainer.run(600)
    h = trainer.history
    assert len(h["epoch"]) <= 90
    assert h["epoch"][-1] == 604
    frame = pd.read_csv(io.StringIO(history_csv(h)))
    np.testing.assert_array_equal(frame["epoch"], h["epoch"])
    assert frame["epoch"].is_monotonic_increasing
    assert frame["epoch"].iloc[0] == 0
    np.testing.assert_array_equal(frame["train_cost (bce)"], h["train_cost"])
    curve = curve_updates(h, "train_cost", "test_cost")["traces"]
    assert curve["0"]["x"][0] == 0
    assert curve["0"]["x"][-1] == 604
    assert curve["0"]["x"] == sorted(curve["0"]["x"])
    assert len(curve["1"]["y"]) == len(
        curve["0"]["x"])


# ---------------------------------------------------------------------------------------------
# Downloads after a divergence


def _diverged_session():
    from playground.state import Session

    s = Session(Setup(learning_rate=50.0, init_scale=1.0, hidden_units=[8],
                      activations=["relu"]))
    for _ in range(200):
        s.run_frame(time_budget=0.5)
        if s.trainer.resumable:
            s.trainer.resume()  # "Continue anyway", until the weights are NaN or explode
        elif s.diverged:
            break
    assert s.trainer.diverged_kind in ("nan", "exploded")
    return s


def test_after_a_divergence_the_weight_downloads_give_the_last_finite_weights():
    from playground.exports import weights_for_download

    s = _diverged_session()
    with pytest.raises(ValueError, match=r"NaN|exploded|weight of"):
        weights_npz(s.network)  # the current weights: what the buttons gave, nothing at all
    params, note = weights_for_download(s)
    assert f"from epoch {s.good_epoch:,}" in note
    assert "last finite weights" in note
    assert s.good_epoch <= s.trainer.diverged_epoch
    dims = s.network.layer_dims
    for data in (weights_npz(params), weights_json(params).encode()):
        loaded = load_weights(data, layer_dims=dims)
        for k, v in s.drawable_network().params.items():
            np.testing.assert_array_equal(loaded[k], v)


def test_before_a_divergence_the_downloads_are_the_current_weights_without_a_note():
    from playground.exports import weights_for_download
    from playground.state import Session

    s = Session(Setup())
    s.step(3)
    params, note = weights_for_download(s)
    assert note == ""
    assert params is s.network.params


def test_the_page_says_the_downloads_hold_the_last_finite_weights():
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")
    at = AppTest.from_file(app, default_timeout=60)
    for key, value in {"lr": "50", "scale": "1", "units": "8", "act": "relu"}.items():
        at.query_params[key] = value
    at.run()
    s = at.session_state["pg_session"]
    for _ in range(200):  # train in this process, as the page's frames do
        s.run_frame(time_budget=0.5)
        if s.trainer.resumable:
            s.trainer.resume()
        elif s.diverged:
            break
    at.run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(f"last finite weights, from epoch {s.good_epoch:,}" in c for c in captions), \
        captions


@pytest.mark.parametrize("text", ['{"W10000000": [[1]]}', '{"W999999999": [[1]]}',
                                  '{"W9": [[1]]}', '{"W1": [[1e308]], "b1": [[0]]}'])
def test_a_tiny_hostile_weights_file_is_refused_at_once_through_the_upload(text):
    import time

    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"at most 9 layers|Missing W1|W1 holds a weight") as info:
        load_weights(text.encode(), "weights.json", layer_dims=[2, 4, 1])
    assert time.perf_counter() - start < 0.5  # the bug: 9 s and 1.9 GB for W10000000
    assert len(str(info.value)) < 500
    buffer = io.BytesIO()
    np.savez(buffer, **{k: np.asarray(v, dtype=float) for k, v in json.loads(text).items()})
    with pytest.raises(ValueError, match=r"at most 9 layers|Missing W1|W1 holds a weight"):
        load_weights(buffer.getvalue(), "weights.npz", layer_dims=[2, 4, 1])
