"""More than two classes on the Playground (issue 15): the Classes control, the switch to a
softmax output with the categorical cross-entropy and its notice, the URL, the setup file,
presets and uploads, and what the live view draws for K classes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground import exports
from playground.fields import validate
from playground.plane_view import PlaneView
from playground.presets import apply_preset, preset_names
from playground.state import Session

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _session(at: AppTest) -> Session:
    return at.session_state["pg_session"]


def _slider_keys(at: AppTest) -> set[str]:
    return {w.key for w in at.slider}


def test_the_control_is_shown_for_a_multiclass_set_and_switches_the_output_and_loss():
    at = _app({"ds": "spiral"})
    assert "pg_n_classes" in _slider_keys(at)
    assert at.slider(key="pg_n_classes").value == 2
    assert repr(_session(at).network).endswith("-> 1 sigmoid (17 parameters)")
    at.slider(key="pg_n_classes").set_value(3).run()
    assert not at.exception
    s = _session(at)
    assert s.network.layer_dims == [2, 4, 3]
    assert s.network.activations[-1] == "softmax"
    assert s.trainer.loss == "cross_entropy"
    assert s.setup.loss == "cross_entropy"
    assert s.data.Y_train.shape[0] == 3  # Y one-hot (K, m)
    # The notice says what happened; the loss is no longer a choice, a line says why.
    assert "3 classes" in s.notice
    assert "categorical cross-entropy" in s.notice
    assert "pg_loss" not in {w.key for w in at.selectbox}
    assert any("categorical cross-entropy" in c.value for c in at.sidebar.caption)
    assert at.query_params["classes"] == "3"
    assert "loss" not in at.query_params  # it follows K
    # K back to 2: one sigmoid unit and the binary cross-entropy again.
    at.slider(key="pg_n_classes").set_value(2).run()
    s = _session(at)
    assert s.network.layer_dims == [2, 4, 1]
    assert s.network.activations[-1] == "sigmoid"
    assert s.trainer.loss == "bce"
    assert "sigmoid output unit" in s.notice
    assert "classes" not in at.query_params
    assert at.selectbox(key="pg_loss").options == ["Cross-entropy", "Squared error on a sigmoid"]


def test_a_binary_only_set_hides_the_control_and_keeps_two_classes():
    at = _app()  # the flower
    assert "pg_n_classes" not in _slider_keys(at)
    assert any("Two classes here" in c.value for c in at.sidebar.caption)
    at = _app({"ds": "flower", "classes": "3"})
    assert _session(at).network.layer_dims[-1] == 1
    assert _session(at).setup.n_classes == 2
    assert "classes" not in at.query_params


def test_a_link_with_k_classes_round_trips_and_trains():
    at = _app({"ds": "gauss", "classes": "4", "units": "6"})
    assert not at.warning
    s = _session(at)
    assert s.network.layer_dims == [2, 6, 4]
    assert at.query_params["classes"] == "4"
    (code,) = [c for c in at.code if "ds=gauss" in c.value]
    assert "classes=4" in code.value
    at.button(key="pg_step").click().run()
    assert _session(at).epoch == 1
    assert np.isfinite(_session(at).trainer.history["train_cost"][-1])
    # Too many classes for the set: clamped, and the link says so.
    at = _app({"ds": "spiral", "classes": "9"})
    assert _session(at).network.layer_dims[-1] == 5
    assert any("n_classes 9 is more than 5" in w.value for w in at.warning)


def test_the_setup_file_round_trips_k_classes_and_presets_go_back_to_two():
    setup, notices = validate({"dataset": "spiral", "n_classes": 5, "hidden_units": [8]})
    assert notices == []
    text = exports.setup_to_json(setup)
    assert '"n_classes": 5' in text
    again, notices = exports.setup_from_json(text)
    assert notices == []
    assert again == setup
    assert again.loss == "cross_entropy"
    # Every preset is one of the course's binary claims: it gives a sigmoid output back.
    for name in preset_names():
        preset = apply_preset(setup, name)
        assert preset.n_classes == 2
        assert preset.loss != "cross_entropy"
        assert Session(preset).network.layer_dims[-1] == 1


def test_a_csv_with_three_labels_sets_three_classes():
    rng = np.random.default_rng(0)
    lines = ["a,b,kind"] + [f"{rng.normal():.3f},{rng.normal():.3f},{k}"
                            for k in ("cat", "dog", "emu") for _ in range(40)]
    at = _app({"ds": "upload"})
    at.file_uploader(key="pg_upload").set_value(("three.csv", "\n".join(lines).encode(),
                                                 "text/csv")).run()
    at.selectbox(key="pg_up_label").set_value("kind")
    at.button(key="pg_up_use").click().run()
    assert not at.exception
    assert not at.error
    s = _session(at)
    assert s.data.Y_train.shape[0] == 3
    assert s.network.layer_dims == [2, 4, 3]
    assert s.setup.n_classes == 3
    assert s.setup.loss == "cross_entropy"


@pytest.mark.parametrize("K", [3, 5])
def test_the_live_view_draws_k_classes_and_a_confusion_matrix(K):
    setup, _ = validate({"dataset": "spiral", "n_classes": K, "hidden_units": [8]})
    session = Session(setup)
    session.step(20)
    view = PlaneView()
    panels = view.base_figures(session)
    assert [p.name for p in panels] == ["boundary", "diagram", "cost", "accuracy", "confusion"]
    spec = panels[0].figure.layout.meta["live_image"]
    assert len(spec["classes"]) == K
    frame = view.frame(session, slow=True)
    image = frame["figures"]["boundary"]["image"]
    assert image["channels"] == K
    import base64

    raw = np.frombuffer(base64.b64decode(image["b64"]), dtype=np.uint8)
    grids = raw.reshape(K, image["rows"], image["cols"]).astype(int)
    # The K grids are the softmax outputs: each cell's a_k sum to 1 (255 up to rounding).
    assert np.all(np.abs(grids.sum(axis=0) - 255) <= K)
    # The confusion matrix counts the test set: its cells hold every test example.
    notes = frame["figures"]["confusion"]["layout"]["annotations"]
    counts = [int(n["text"]) for n in notes if n["text"].isdigit() and "xanchor" not in n
              and n.get("yshift") is None]
    assert len(counts) == K * K
    assert sum(counts) == session.data.X_test.shape[1]
