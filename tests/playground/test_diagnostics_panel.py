"""The Playground's "Watch the gradients flow" panel: closed by default (nothing computed,
the frames are the page's own), and when open one more panel of the live chart that shows
the engine's statistics of the current network, in the base and in the frames (every frame
while paused, at most every EVERY seconds while playing)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from engine.diagnostics import layer_statistics
from playground import diagnostics_live
from playground.diagnostics_live import DiagnosticsView
from playground.plane_view import PlaneView
from playground.state import Session, Setup

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def _base_panel(s: Session) -> dict | None:
    payload = s.cache["live_base"][1]
    assert payload["spec"] == s.version
    return next((p for p in payload["panels"] if p["name"] == "diagnostics"), None)


def test_panel_is_closed_by_default_then_follows_the_network():
    at = AppTest.from_file(APP, default_timeout=90).run()
    toggle = at.toggle(key="pg_diag_on")
    assert toggle.value is False
    s = at.session_state["pg_session"]
    assert _base_panel(s) is None  # nothing computed or drawn while closed
    version = s.version

    toggle.set_value(True).run()
    assert not at.exception
    s = at.session_state["pg_session"]
    assert s.version == version + 1  # the chart rebuilds its panels once
    panel = _base_panel(s)
    assert panel["width"] == 1.0
    assert panel["figure"]["layout"]["meta"]["needs_plotly"]
    titles = [a["text"] for a in panel["figure"]["layout"]["annotations"]]
    stats = layer_statistics(s.network, s.data.X_train, s.data.Y_train)
    assert titles[0] == f"A[1] Tanh, 4 units · {stats[0].share_label}"
    assert len(titles) == 3 * s.network.L
    assert any("live while training" in c.value for c in at.caption)

    for _ in range(3):
        _button(at, "pg_step").click().run()
    s = at.session_state["pg_session"]
    epochs, norms = s.grad_log.series()
    assert epochs == [1, 2, 3]  # one row per Step, fed by the trainer's own gradients
    # The frame sent after the Step carries the panel's new curve.
    update = DiagnosticsView(PlaneView()).frame(s, slow=False)["figures"]["diagnostics"]
    assert update["data"][1]["x"] == [1, 2, 3]
    assert update["data"][1]["y"] == norms[0]

    at.toggle(key="pg_diag_on").set_value(False).run()
    s = at.session_state["pg_session"]
    assert _base_panel(s) is None
    assert not diagnostics_live.is_on(s)
    assert not at.exception


def test_frames_carry_the_panel_only_when_open_and_sparsely_while_playing():
    s = Session(Setup())
    view = DiagnosticsView(PlaneView())
    assert "diagnostics" not in view.frame(s, slow=False)["figures"]
    assert [p.name for p in view.base_figures(s)] == ["boundary", "diagram", "cost",
                                                     "accuracy"]
    diagnostics_live.set_on(s, True)
    assert [p.name for p in view.base_figures(s)][-1] == "diagnostics"
    assert "diagnostics" in view.frame(s, slow=True)["figures"]  # paused: always
    s.playing = True
    t = 1000.0
    assert diagnostics_live.due(s, slow=False, now=t)
    assert not diagnostics_live.due(s, slow=False, now=t + 0.5 * diagnostics_live.EVERY)
    # A diagram frame waits for the next one, unless the panel has waited too long.
    assert not diagnostics_live.due(s, slow=True, now=t + 1.5 * diagnostics_live.EVERY)
    assert diagnostics_live.due(s, slow=False, now=t + 1.5 * diagnostics_live.EVERY)
    assert diagnostics_live.due(s, slow=True, now=t + 5 * diagnostics_live.EVERY)
