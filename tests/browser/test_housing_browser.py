"""The Housing prices page in the real browser: train live, the test R² passes 0.6 within a
minute with the default setup, and the map and the predicted-vs-actual scatter are drawn.

The default setup (the Housing page's table, playground/fields/housing_page.py): all 20,640
districts (test share 0.2), 8 features (median income, house age, latitude, longitude, rooms
per household, bedrooms per room, people per household, inland), two hidden ReLU layers of
16 and 8 units, He initialization, Adam with learning rate 0.01, mini-batches of 256, two
epochs per frame.
"""

from __future__ import annotations

import time

from tests.browser.support import wait_for_run

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"
N_TEST = 4_128  # 20% of 20,640 districts


def _r2(chart) -> float:
    text = chart.evaluate("() => document.getElementById('test-r2').textContent")
    return float(text.replace("−", "-"))


def test_train_live_r2_passes_0_6_and_map_and_scatter_are_drawn(app_url, page):
    page.goto(f"{app_url}/housing")
    wait_for_run(page, timeout=60_000)
    frame = page.frame_locator(IFRAME)
    for panel in ("map", "scatter", "rmse", "residuals"):
        frame.locator(f"#panel-{panel} .main-svg").first.wait_for(timeout=60_000)
    frame.locator("#test-r2").wait_for(timeout=30_000)
    chart = page.locator(IFRAME).element_handle().content_frame()
    # Every test district is on the map and in the scatter (censored ones in their own trace).
    counts = chart.evaluate("""() => {
        const n = (id, i) => document.getElementById(id).data[i].x.length;
        return {map: n('panel-map', 0), scatter: n('panel-scatter', 0) + n('panel-scatter', 1),
                capped: n('panel-scatter', 1)};
    }""")
    assert counts["map"] == N_TEST
    assert counts["scatter"] == N_TEST
    assert 100 < counts["capped"] < 400  # about 4.7% of the districts sit at $500,001
    # The map shows California (about -124 to -114 degrees), not a dot in a wide box.
    chart.wait_for_function("""() => {
        const r = document.getElementById('panel-map')._fullLayout.xaxis.range;
        return r[0] > -130 && r[0] < -124 && r[1] > -114.3 && r[1] < -108;
    }""", timeout=30_000)
    assert _r2(chart) < 0.6  # untrained

    page.locator(".st-key-housing_play button").click()
    start = time.monotonic()
    r2 = _r2(chart)
    while r2 <= 0.6 and time.monotonic() - start < 60:
        time.sleep(0.5)
        r2 = _r2(chart)
    elapsed = time.monotonic() - start
    epoch = chart.evaluate("() => document.getElementById('epoch').textContent")
    page.locator(".st-key-housing_play button").click()  # pause: leave the server idle
    assert r2 > 0.6, f"test R² {r2} after {elapsed:.0f} s (epoch {epoch})"
    # The figures were redrawn from the trained network: the scatter moved with it.
    spread = chart.evaluate("""() => {
        const x = document.getElementById('panel-scatter').data[0].x;
        return Math.max(...x) - Math.min(...x);
    }""")
    assert spread > 100_000

    # Colour the map by error: the chart rebuilds the map with a diverging scale.
    page.locator(".st-key-housing_map_color").get_by_text("error").click()
    frame.locator("#panel-map .gtitle", has_text="error").wait_for(timeout=60_000)
    cmid = chart.evaluate("() => document.getElementById('panel-map').data[0].marker.cmid")
    assert cmid == 0
