"""AppTest of the Playground page's additions: own data (CSV upload), weights import, presets,
the large learning-rate hint, and a seeded "monkey" that pokes every control.

The upload tests drive the real st.file_uploader through AppTest's ``set_value``; the upload
handling is also a pure function (``state.read_upload``), tested directly.
"""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.datasets import make_2d, train_test_split
from engine.upload import UploadError
from playground import controls, exports, state, widgets
from playground import fields as S
from playground.fields import Setup
from playground.presets import apply_preset, preset_explanation
from playground.urlstate import setup_to_query

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _session(at: AppTest) -> state.Session:
    return at.session_state["pg_session"]


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def _csv(rows: int = 40, *, seed: int = 0, label=lambda i: "dog" if i % 2 else "cat",
         header: str = "height,weight,kind", extra=lambda i: None) -> bytes:
    """A small two-class table: height (cm), weight (kg), a text label."""
    rng = np.random.default_rng(seed)
    lines = [header]
    for i in range(rows):
        h, w = rng.normal(170, 10), rng.normal(70, 12)
        cells = [f"{h:.1f}", f"{w:.1f}", str(label(i))]
        if extra(i) is not None:
            cells.append(str(extra(i)))
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


GOOD = _csv()


def _upload(at: AppTest, data: bytes, name: str = "data.csv") -> AppTest:
    return at.file_uploader(key="pg_upload").set_value((name, data, "text/csv")).run()


def _use(at: AppTest, **choices) -> AppTest:
    for key, value in choices.items():
        if key == "missing":
            at.radio(key="pg_up_missing").set_value(value)
        else:
            at.selectbox(key=f"pg_up_{key}").set_value(value)
    return _button(at, "pg_up_use").click().run()


# --------------------------------------------------------------------------- pure function
def test_read_upload_guesses_the_columns_and_maps_the_two_classes():
    up = state.read_upload(GOOD, "pets.csv")
    assert up.columns == ("height", "weight", "kind")
    assert up.X.shape == (2, 40)
    assert up.Y.shape == (1, 40)
    # 'cat' < 'dog' sorted: cat -> 0 (even rows), dog -> 1 (odd rows)
    np.testing.assert_array_equal(up.Y[0], np.arange(40) % 2)
    assert "'cat' → 0 (20 rows), 'dog' → 1 (20 rows)" in up.report
    assert up.X[0, 0] == pytest.approx(float(GOOD.split(b"\n")[1].split(b",")[0]))


def test_uploaded_features_are_standardized_with_the_training_split_and_gridded():
    up = state.read_upload(GOOD, "pets.csv")
    setup = state.Setup(dataset="upload", test_ratio=0.25, data_seed=3)
    d = state.make_plane_data(setup, up)
    raw_train, _, raw_test, _ = train_test_split(up.X, up.Y, 0.25, 3)
    mu = raw_train.mean(axis=1, keepdims=True)
    sd = raw_train.std(axis=1, keepdims=True)
    np.testing.assert_allclose(d.X_train, (raw_train - mu) / sd)
    np.testing.assert_allclose(d.X_test, (raw_test - mu) / sd)
    all_std = (up.X - mu) / sd
    # plane_grid: the data's range plus a margin of 0.5 on each side
    assert d.x1s[0] == pytest.approx(all_std[0].min() - 0.5)
    assert d.x2s[-1] == pytest.approx(all_std[1].max() + 0.5)
    assert d.extra["uploaded"] is up


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty"),
    (b"\x00\x01\x02binary\xff" * 20, "binary"),
    (b"height,weight,kind\n", "a header but no data rows"),
    (_csv(5), "only 5 data rows; at least 10 are needed"),
    (_csv(20, extra=lambda i: "=cmd|' /C calc'!A0" if i == 3 else "ok",
          header="height,weight,kind,note"), "looks like a spreadsheet formula"),
])
def test_read_upload_refuses_bad_files_with_the_message(data, message):
    with pytest.raises(UploadError, match=message):
        state.read_upload(data, "x.csv")


# --------------------------------------------------------------------------- the page
def test_a_link_with_upload_and_no_file_says_so_and_shows_flower():
    at = _app({"ds": "upload"})
    assert not at.exception
    assert any("no CSV file is loaded" in i.value and "flower" in i.value for i in at.info)
    X, Y = make_2d("flower")
    X_train, _, _, _ = train_test_split(X, Y, 0.3, 1)
    np.testing.assert_array_equal(_session(at).data.X_train, X_train)
    assert {k: at.query_params[k] for k in at.query_params} == {"ds": "upload"}


@pytest.fixture(scope="module")
def loaded() -> AppTest:
    """The page with GOOD loaded as the data and one epoch trained."""
    at = _app({"ds": "upload"})
    _upload(at, GOOD, "pets.csv")
    assert [s.value for s in at.selectbox if s.key.startswith("pg_up_")] == [
        "height", "weight", "kind"]
    _use(at)
    _button(at, "pg_step").click().run()
    return at


def test_a_good_file_becomes_the_training_data(loaded):
    at = loaded
    assert not at.exception
    assert not _errors(at)
    s = _session(at)
    assert s.epoch == 1
    assert s.uploaded.filename == "pets.csv"
    assert s.data.X_train.shape == (2, 28)                        # 40 rows, 30% kept aside
    np.testing.assert_allclose(s.data.X_train.mean(axis=1), 0, atol=1e-12)
    assert np.isfinite(s.trainer.last["train_cost"])
    captions = " ".join(c.value for c in at.caption)
    assert "x1 = height, x2 = weight, y = kind" in captions
    assert "'cat' → 0 (20 rows)" in captions
    assert "pets" not in str(dict(at.query_params))              # the file is not in the link


BAD_FILES = {
    "empty": (b"", {}, "The file is empty. Upload a CSV with a header row and data rows."),
    "binary": (bytes(range(256)) * 4, {}, "binary"),
    "header only": (b"height,weight,kind\n", {},
                    "The file has a header but no data rows. Add at least 10 rows under the "
                    "column names."),
    "9 rows": (_csv(9), {}, "The file has only 9 data rows; at least 10 are needed. Add more "
                            "rows."),
    "formula": (_csv(20, extra=lambda i: "=1+2" if i == 4 else "fine",
                     header="height,weight,kind,note"), {},
                "Column 'note', line 6 holds '=1+2', which looks like a spreadsheet formula"),
    "non-numeric feature": (_csv(20, extra=lambda i: f"n{i}", header="height,weight,kind,tag"),
                            {"x2": "tag"}, "The feature column is not numeric: 'tag' (e.g. 'n0')"),
    "6 classes": (_csv(30, label=lambda i: "abcdef"[i % 6]), {"label": "kind"},
                  "The label column 'kind' has 6 classes ('a', 'b', 'c', 'd', 'e', ...); "
                  "it needs 2 to 5."),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_shows_its_message_and_changes_nothing(loaded, case):
    data, choices, message = BAD_FILES[case]
    at = loaded
    s = _session(at)
    data_before, net_before, epoch = s.data, s.network, s.epoch
    W1 = s.network.params["W1"].copy()
    _upload(at, data, f"{case}.csv")
    if choices:
        _use(at, **choices)
    assert not at.exception
    assert any(message in e for e in _errors(at)), _errors(at)
    s = _session(at)
    assert s.data is data_before
    assert s.network is net_before
    assert s.epoch == epoch
    np.testing.assert_array_equal(s.network.params["W1"], W1)
    assert s.uploaded.filename == "pets.csv"
    assert any("Still in use: pets.csv." in c.value for c in at.caption)


def test_missing_values_are_dropped_or_imputed_and_counted():
    text = _csv(30, extra=lambda i: "", header="height,weight,kind,blank").decode().splitlines()
    for row in (3, 7, 11):  # empty the weight of three rows
        cells = text[row].split(",")
        cells[1] = ""
        text[row] = ",".join(cells)
    data = ("\n".join(text) + "\n").encode()
    at = _app({"ds": "upload"})
    _upload(at, data, "gaps.csv")
    _use(at, missing="drop")
    assert not _errors(at)
    assert _session(at).uploaded.X.shape == (2, 27)
    assert any("3 rows with missing feature values dropped." in c.value for c in at.caption)
    _use(at, missing="impute")
    assert _session(at).uploaded.X.shape == (2, 30)
    assert any("3 missing feature values filled with the column median." in c.value
               for c in at.caption)
    assert not at.exception


def test_the_file_stays_when_another_set_is_chosen_and_back():
    at = _app({"ds": "upload"})
    _upload(at, GOOD, "pets.csv")
    _use(at)
    X_up = _session(at).data.X_train.copy()
    at.selectbox(key="pg_dataset").set_value("xor").run()
    assert _session(at).data.X_train.shape != X_up.shape
    at.selectbox(key="pg_dataset").set_value("upload").run()
    np.testing.assert_array_equal(_session(at).data.X_train, X_up)
    assert not at.exception


# --------------------------------------------------------------------------- weights import
def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _import_weights(at: AppTest, data: bytes, name: str) -> AppTest:
    return at.file_uploader(key="pg_import_weights").set_value(
        (name, data, "application/octet-stream")).run()


@pytest.fixture(scope="module")
def trained_weights() -> dict:
    """Weights of the default network (2 -> 4 tanh -> 1) after 5 epochs."""
    at = _app()
    for _ in range(5):
        _button(at, "pg_step").click().run()
    net = _session(at).network
    return {"npz": exports.weights_npz(net), "json": exports.weights_json(net).encode(),
            "params": {k: v.copy() for k, v in net.params.items()}}


@pytest.mark.parametrize("fmt", ["npz", "json"])
def test_imported_weights_become_the_network_at_epoch_0(trained_weights, fmt):
    at = _app()
    _button(at, "pg_step").click().run()
    _import_weights(at, trained_weights[fmt], f"weights.{fmt}")
    assert not at.exception
    assert not _errors(at)
    s = _session(at)
    assert s.epoch == 0
    assert s.trainer.history["epoch"] == [0]  # the loaded weights' own scores, at once
    for key, value in trained_weights["params"].items():
        np.testing.assert_allclose(s.network.params[key], value, rtol=0, atol=1e-15)
    assert s.notice == (f"Loaded the weights from weights.{fmt}: their cost is shown at "
                        "epoch 0, and training starts from them (the earlier history was "
                        "cleared).")
    (chart,) = [c for c in at.get("component_instance") if "live_chart" in c.proto.component_name]
    stats = {x["id"]: x["value"] for x in json.loads(chart.proto.json_args)["frame"]["stats"]}
    assert float(stats["train-cost"]) == pytest.approx(s.trainer.last["train_cost"], abs=1e-3)
    assert stats["test-acc"][0].isdigit()     # a percentage, not "–"
    _button(at, "pg_step").click().run()     # and training goes on from them
    assert _session(at).epoch == 1
    assert _session(at).trainer.history["epoch"] == [0]


BAD_WEIGHTS = {
    "wrong shapes": (lambda w: w["npz"], "weights.npz", {"units": "7"},
                     "These weights are for a network 2 → 4 → 1 (layer sizes n[0] … n[L]); "
                     "the current network is 2 → 7 → 1. Set the hidden layers to 4 to load "
                     "them."),
    "pickle as npz": (lambda w: pickle.dumps(w["params"]), "weights.npz", {},
                      "This file is a Python pickle, not a weights file."),
    "NaN weights": (lambda w: _npz(**{**w["params"], "W1": np.full((4, 2), np.nan)}),
                    "weights.npz", {},
                    "W1 contains NaN or infinite values: these weights cannot be used."),
}


@pytest.mark.parametrize("case", list(BAD_WEIGHTS))
def test_bad_weights_show_the_message_and_change_nothing(trained_weights, case):
    make, name, query, message = BAD_WEIGHTS[case]
    at = _app(query)
    _button(at, "pg_step").click().run()
    s = _session(at)
    net, W1 = s.network, s.network.params["W1"].copy()
    _import_weights(at, make(trained_weights), name)
    assert not at.exception
    assert len(_errors(at)) == 1
    assert _errors(at)[0].startswith(f"The file {name} was not loaded: ")
    assert message in _errors(at)[0]
    s = _session(at)
    assert s.network is net
    assert s.epoch == 1
    np.testing.assert_array_equal(s.network.params["W1"], W1)


# --------------------------------------------------------------------------- presets
def _apply_preset(at: AppTest, name: str) -> AppTest:
    at.selectbox(key="pg_preset").set_value(name).run()
    return _button(at, "pg_preset_apply").click().run()


def _infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def test_a_preset_sets_the_setup_the_widgets_and_the_url_and_resets():
    name = "XOR needs a hidden layer"
    at = _app()
    _button(at, "pg_step").click().run()
    assert not any(name in i for i in _infos(at))
    _apply_preset(at, name)
    assert not at.exception
    s = _session(at)
    assert s.setup == apply_preset(Setup(), name)
    assert (s.setup.dataset, s.setup.hidden_units) == ("xor", [])
    assert repr(s.network) == "Network 2 -> 1 sigmoid (3 parameters)"
    assert s.epoch == 0
    assert s.notice == f"Preset “{name}” applied: new data and new weights, epoch 0. Press Play."
    assert at.number_input(key="pg_layers").value == 0          # the widgets follow
    assert at.selectbox(key="pg_dataset").value == "xor"
    assert at.query_params["ds"] == "xor"                       # the URL follows
    assert at.query_params["units"] == "none"
    assert f"**{name}.** {preset_explanation(name)}" in _infos(at)
    # Changing a control leaves the preset: its explanation goes.
    at.select_slider(key="pg_learning_rate").set_value(0.5).run()
    assert not any(name in i for i in _infos(at))


def test_applying_the_same_preset_again_still_resets():
    name = "The course's planar model"
    at = _apply_preset(_app(), name)
    _button(at, "pg_step").click().run()
    assert _session(at).epoch == 1
    _button(at, "pg_preset_apply").click().run()
    assert _session(at).epoch == 0
    assert _session(at).notice == f"Preset “{name}” applied: new weights, epoch 0. Press Play."
    assert f"**{name}.** {preset_explanation(name)}" in _infos(at)


def test_a_link_to_a_presets_setup_shows_its_explanation():
    name = "Zero init keeps symmetry"
    query = setup_to_query(apply_preset(Setup(), name))
    at = _app(query)
    assert not at.exception
    assert f"**{name}.** {preset_explanation(name)}" in _infos(at)


# --------------------------------------------------------------------------- large α hint
HINT = "A large step: with α ≥ 3 the cost can jump up and training diverge."


def _hint_shown(at: AppTest) -> bool:
    return any(HINT in c.value for c in at.sidebar.caption)


def test_a_large_learning_rate_shows_the_hint_and_divergence_is_stopped():
    assert _hint_shown(_app({"lr": "3"}))                       # the threshold itself
    at = _app({"lr": "2"})
    assert not _hint_shown(at)
    at.select_slider(key="pg_learning_rate").set_value(5.0).run()
    assert _hint_shown(at)
    _apply_preset(at, "Learning rate too large diverges")       # α = 10 on the course's net
    assert _hint_shown(at)
    for _ in range(20):                                          # it stops at epoch 14
        _button(at, "pg_step").click().run()
    assert not at.exception
    message = _session(at).diverged
    assert message.startswith("Training diverged at epoch ")
    assert "Try a smaller learning rate (now 10)." in message
    assert len(_errors(at)) == 1
    assert _errors(at)[0].startswith(message)                   # said on the page
    at.select_slider(key="pg_learning_rate").set_value(0.05).run()
    assert not _hint_shown(at)


# --------------------------------------------------------------------------- the monkey
def _poke(at: AppTest, kind: str, key: str, value) -> None:
    """Set a widget as a browser would; a widget not drawn yet (a new layer's units) gets its
    value in the session state, where the page reads it when it draws the widget."""
    try:
        getattr(at, kind)(key=key).set_value(value)
    except KeyError:
        at.session_state[key] = value


def _pick(rng: np.random.Generator, values):
    return values[int(rng.integers(len(values)))]


def test_a_student_poking_every_control_never_sees_a_traceback():
    rng = np.random.default_rng(20_261_126)
    acts = list(S.registry_names("activations"))
    page = S.PLAYGROUND
    # The log sliders' stops a student can drag to: 1, 2, 5 per decade.
    lrs = [float(v) for v in widgets.log_options(1e-5, 100.0, 1e-5)]
    scales = [float(v) for v in widgets.log_options(0.001, 10.0, 0.001)]
    at = _app()
    for round_ in range(30):
        layers = int(_pick(rng, [0, 1, 2, 8, int(rng.integers(0, 9))]))
        units = [int(_pick(rng, [1, 64, int(rng.integers(1, 65))])) for _ in range(layers)]
        same = _pick(rng, [controls.PER_LAYER, *acts])
        names = [_pick(rng, acts) if same == controls.PER_LAYER else same for _ in units]
        batch = int(_pick(rng, [0, 1, int(rng.integers(2, 300)), 5_000, 100_000]))
        # Batch size 1 is one step per example: on a small set, to keep the test quick.
        n_samples = int(_pick(rng, [50, 2000, 10 * int(rng.integers(5, 201))]))
        n_samples = min(n_samples, 200) if batch == 1 else n_samples
        values = {
            ("selectbox", "pg_dataset"): _pick(rng, list(page.field("dataset").widget_choices())),
            ("slider", "pg_noise"): round(float(_pick(rng, [0.0, 0.5, rng.uniform(0, 0.5)])), 2),
            ("slider", "pg_n_samples"): n_samples,
            ("slider", "pg_test_ratio"): float(_pick(rng, [0.1, 0.9, 0.5])),
            ("number_input", "pg_data_seed"): int(rng.integers(0, 2**31 - 1)),
            ("number_input", "pg_layers"): layers,
            ("selectbox", "pg_act_all"): same,
            ("selectbox", "pg_init"): _pick(rng, list(S.registry_names("initializers"))),
            ("select_slider", "pg_init_scale"): _pick(rng, [0.001, 10.0, *scales]),
            ("selectbox", "pg_optimizer"): _pick(rng, list(S.registry_names("optimizers"))),
            ("selectbox", "pg_loss"): _pick(rng, list(page.field("loss").widget_choices())),
            ("select_slider", "pg_learning_rate"): _pick(rng, [1e-5, 100.0, *lrs]),
            ("number_input", "pg_batch_size"): batch,
            ("number_input", "pg_l2"): float(_pick(rng, [0.0, 10.0, rng.uniform(0, 10)])),
            ("number_input", "pg_epochs_per_frame"): int(rng.integers(1, 1001)),
            ("number_input", "pg_seed"): int(rng.integers(0, 2**31 - 1)),
            ("checkbox", "pg_show_test"): bool(rng.integers(2)),
            ("checkbox", "pg_threshold_only"): bool(rng.integers(2)),
            ("checkbox", "pg_log_cost"): bool(rng.integers(2)),
        }
        for (kind, key), value in values.items():
            _poke(at, kind, key, value)
        for i, (n, g) in enumerate(zip(units, names, strict=True)):
            _poke(at, "slider", f"pg_units_{i}", n)
            if same == controls.PER_LAYER:
                _poke(at, "selectbox", f"pg_act_{i}", g)
        if "leaky_relu" in names:
            _poke(at, "select_slider", "pg_leaky_alpha", _pick(rng, [0.001, 0.01, 0.5]))
        at.run()
        assert not at.exception, (round_, at.exception)
        s = _session(at)
        where = f"round {round_}: {s.setup}"
        assert s.setup.hidden_units == units, where              # the setup follows the widgets
        assert s.setup.activations == names, where
        assert s.setup.learning_rate == pytest.approx(values[("select_slider",
                                                              "pg_learning_rate")]), where
        before = s.epoch
        if rng.integers(4) == 0:
            _button(at, "pg_reset").click().run()
            before = 0
        _button(at, "pg_step").click().run()
        assert not at.exception, (where, at.exception)
        s = _session(at)
        if s.diverged:
            assert any("Training diverged" in e for e in _errors(at)), where
        else:
            assert s.epoch == before + 1, where
