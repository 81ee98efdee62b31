"""The live Playground's gradients panel and unit hover in a real browser.

Open "Watch the gradients flow", press Play: the panel is a figure of the live chart and it
moves while training runs (the ‖dW[1]‖ curve gains points, its last epoch grows, as the
epoch counter does), without Pause."""

from __future__ import annotations

import time

from tests.browser.support import ERRORS, LIVE_IFRAME, chart_epoch, open_page, wait_for_run

SLOW = 120_000  # ms: a run can take long on a machine shared by many test processes

# What the chart holds of the panel's ‖dW[1]‖ curve, and what Plotly drew of it.
CURVE = """() => {
  const slot = window.liveChart.panels.diagnostics, t = slot.fig.data[1];
  const drawn = document.querySelector('#panel-diagnostics .main-svg') !== null;
  return {points: t.x.length, last: t.x[t.x.length - 1], drawn: drawn,
          status: document.getElementById('status').className};
}"""


def test_the_gradients_panel_moves_during_play(page, app_url):
    open_page(page, app_url, "")
    page.get_by_text("Watch the gradients flow").click()
    wait_for_run(page, SLOW)
    chart = page.locator(LIVE_IFRAME).element_handle().content_frame()
    chart.locator("#panel-diagnostics .main-svg").first.wait_for(timeout=SLOW)
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=SLOW)
    seen, epochs = [], []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len({s["last"] for s in seen}) < 4:
        state = chart.evaluate(CURVE)
        if state["status"] == "playing" and state["drawn"]:
            seen.append(state)
            epochs.append(chart_epoch(chart))
        time.sleep(0.3)
    # Still playing: it changed with the frames, not with a Pause.
    assert page.get_by_role("button", name="Pause").is_visible()
    lasts = [s["last"] for s in seen]
    assert len(set(lasts)) >= 4, lasts
    assert lasts == sorted(lasts)
    assert seen[-1]["points"] > seen[0]["points"]
    assert epochs[-1] > epochs[0]
    page.screenshot(path="/tmp/shots/diag/panel-play-1400x1000.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    time.sleep(1.5)
    page.screenshot(path="/tmp/shots/diag/panel-play-1280x800.png", full_page=True)
    page.get_by_role("button", name="Pause").click()
    wait_for_run(page, SLOW)
    assert page.locator(ERRORS).count() == 0
