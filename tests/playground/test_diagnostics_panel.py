"""AppTest of the Playground's "Watch the gradients flow" panel: closed by default, and when
open it shows the engine's statistics of the current network, refreshed after Step."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from engine.diagnostics import layer_statistics

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def _panel_titles(at: AppTest) -> list[str]:
    charts = [c for c in at.get("plotly_chart") if "Watch" not in c.proto.id]
    spec = json.loads(charts[-1].proto.spec)
    return [a["text"] for a in spec["layout"]["annotations"]]


def test_panel_is_closed_by_default_then_follows_the_network():
    at = AppTest.from_file(APP, default_timeout=90).run()
    toggle = at.toggle(key="pg_diag_on")
    assert toggle.value is False
    assert not at.get("plotly_chart")  # nothing computed or drawn while closed

    toggle.set_value(True).run()
    assert not at.exception
    s = at.session_state["pg_session"]
    titles = _panel_titles(at)
    stats = layer_statistics(s.network, s.data.X_train, s.data.Y_train)
    assert titles[0] == f"A[1] Tanh, 4 units · {stats[0].share_label}"
    assert len(titles) == 3 * s.network.L
    assert any("Epoch 0" in c.value for c in at.caption)

    for _ in range(3):
        _button(at, "pg_step").click().run()
    s = at.session_state["pg_session"]
    epochs, norms = s.grad_log.series()
    assert epochs == [1, 2, 3]  # one row per Step, fed by the trainer's own gradients
    assert any("Epoch 3" in c.value for c in at.caption)
    spec = json.loads([c for c in at.get("plotly_chart")][-1].proto.spec)
    grads = spec["data"][1]
    assert list(grads["x"]) == [1, 2, 3]
    assert grads["y"] == norms[0]
    assert not at.exception
