"""Every message the sidebar and the session write is a sentence: a capital first letter and
exactly one full stop at the end (issue 12, must-fix 6, the wording part)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground.exports import setup_to_json
from playground.fields import Setup
from playground.state import PlaneData, Session, read_upload, sentence

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _is_sentence(text: str) -> bool:
    return bool(text) and not text[0].islower() and text.endswith(".") and not text.endswith(
        "..") and ". ." not in text


@pytest.mark.parametrize(("raw", "shown"), [
    ("learning rate changed", "Learning rate changed."),
    ("Lower it.", "Lower it."),
    ("Pick two columns.. ", "Pick two columns."),
    ("“Zero init” applied.", "“Zero init” applied."),
    ("Really?", "Really?"),
])
def test_sentence(raw, shown):
    assert sentence(raw) == shown


def _app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _shown(at: AppTest) -> list[str]:
    return [w.value for w in at.warning] + [e.value for e in at.error]


def test_link_and_file_notices_are_sentences():
    at = _app({"lr": "banana", "units": "4,999", "act": "tanh,zzz", "zzz": "1", "init": "3"})
    shown = _shown(at)
    assert len(shown) >= 4
    assert all(_is_sentence(t) for t in shown), shown
    at.session_state["pg_import_text"] = ("bad.json", b"{not json")
    at.run()
    assert all(_is_sentence(t) for t in _shown(at)), _shown(at)
    assert any("bad.json could not be loaded" in t for t in _shown(at))
    saved = json.loads(setup_to_json(Setup(learning_rate=0.5)))
    saved["setup"]["learning_rate"] = 500
    at.session_state["pg_import_text"] = ("setup.json", json.dumps(saved).encode())
    at.run()
    assert all(_is_sentence(t) for t in _shown(at)), _shown(at)
    assert _is_sentence(at.session_state["pg_session"].notice)


def test_a_bad_weights_file_and_a_bad_csv_say_so_in_sentences():
    at = _app()
    at.file_uploader(key="pg_import_weights").set_value(
        ("w.npz", b"not a zip", "application/octet-stream")).run()
    assert _shown(at)
    assert all(_is_sentence(t) for t in _shown(at)), _shown(at)


def test_every_session_notice_is_a_sentence():
    s = Session(Setup(hidden_units=[3]), make_data=PlaneData())
    notices = []
    for change in ({"learning_rate": 0.5}, {"hidden_units": [5], "activations": ["tanh"]},
                   {"noise": 0.1}, {"show_test": True}, {"l2": 0.1, "show_test": False}):
        s.apply(s.setup.replace(**change))
        notices.append(s.notice)
    s.reset()
    notices.append(s.notice)
    s.load_params({k: v.copy() for k, v in s.network.params.items()}, "w.npz")
    notices.append(s.notice)
    csv = "a,b,y\n" + "\n".join(f"{i},{(i * 7) % 5},{i % 2}" for i in range(40))
    s.apply(s.setup.replace(dataset="upload"))
    s.use_upload(read_upload(csv.encode(), "mine.csv"))
    notices += [s.notice, s.uploaded.report]
    assert all(_is_sentence(n) for n in notices), notices
    assert notices[0].startswith("Learning rate changed without a reset")
    assert np.isfinite(s.network.params["W1"]).all()
