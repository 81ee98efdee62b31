"""AppTest of the Initialization page's deep-network section: its figure shows the engine's
per-layer diagnostics for the chosen initialization and activation."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from playground.lessons import initialization as init_page

APP = Path(__file__).resolve().parents[2] / "playground" / "app.py"


def _deep_titles(at: AppTest) -> list[str]:
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)  # the section's chart is last
    return [a["text"] for a in spec["layout"]["annotations"]]


def test_deep_section_shows_saturation_symmetry_and_healthy_relu():
    at = AppTest.from_file(str(APP), default_timeout=240).run()
    at.switch_page("views/initialization.py").run()
    at.button_group(key="init_keys").set_value(["xavier"]).run()  # keep the top part short
    assert not at.exception
    titles = _deep_titles(at)  # the default: random × 10, tanh, before training
    expected = init_page.deep_diagnostics("large", "tanh")
    assert len(titles) == 3 * len(expected["before"])
    for s, title in zip(expected["before"], titles[::3], strict=True):
        assert title.endswith(s.share_label)
    shares = [s.saturated for s in expected["before"][1:-1]]
    assert min(shares) > 0.9  # piled up at ±1

    at.button_group(key="init_deep_key").set_value("zeros").run()
    titles = _deep_titles(at)
    assert "dW[1] = 0" in titles
    assert any("the same number" in c.value for c in at.caption)

    at.button_group(key="init_deep_act").set_value("relu").run()
    at.button_group(key="init_deep_key").set_value("he").run()
    assert not at.exception
    he = init_page.deep_diagnostics("he", "relu")
    titles = _deep_titles(at)
    for s, title in zip(he["before"][:-1], titles[::3], strict=False):
        assert "dead" in title
        assert 0.3 < s.dead < 0.8
    assert all(title.startswith("‖dW[") for title in titles[1::3])  # no zero gradient
