"""The Playground page in a real browser: Play trains live, Pause stops, the chart stays,
a zoom survives training, a shared link reproduces the setup."""

from __future__ import annotations

import time

from tests.browser.support import wait_for_run

IFRAME = "iframe[title*='live_chart']"


def _open(page, url):
    page.goto(url)
    wait_for_run(page, timeout=60_000)
    page.frame_locator(IFRAME).locator("#panel-boundary .main-svg").first.wait_for(
        timeout=60_000)
    return page.locator(IFRAME).element_handle().content_frame()


def _epoch(chart) -> int:
    return int(chart.inner_text("#epoch").replace(",", ""))


def test_play_trains_live_keeps_the_chart_and_the_zoom_and_pause_stops(page, app_url):
    chart = _open(page, app_url)
    assert _epoch(chart) == 0
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for()
    chart.wait_for_function("window.liveStats.draws > 3", timeout=30_000)
    chart.evaluate("Plotly.relayout(document.getElementById('panel-boundary'),"
                   " {'xaxis.range': [-1, 1], 'yaxis.range': [-1, 1]})")
    samples = []
    for _ in range(12):
        time.sleep(0.25)
        samples.append(chart.evaluate("""() => ({
            epoch: parseInt(document.getElementById('epoch').textContent.replace(/,/g, '')),
            cost: parseFloat(document.getElementById('train-cost').textContent),
            chart: !!document.querySelector('#panel-boundary .imagelayer image'),
            draws: window.liveStats.draws,
            xrange: document.getElementById('panel-boundary')._fullLayout.xaxis.range})"""))
    assert all(s["chart"] for s in samples)                  # never a frame without it
    assert samples[-1]["epoch"] > samples[0]["epoch"] > 0    # the counter rises
    assert samples[-1]["cost"] < 0.69                        # below log 2: it learned
    assert samples[-1]["draws"] - samples[0]["draws"] >= 5   # redrawn in place
    assert samples[-1]["xrange"] == [-1, 1]                  # the user's zoom is kept

    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    time.sleep(0.5)
    stopped = _epoch(chart)
    time.sleep(1.0)
    assert _epoch(chart) == stopped                          # Pause stopped training
    assert chart.inner_text("#status") == "Paused"


def test_a_shared_link_reproduces_the_setup(page, app_url):
    chart = _open(page, f"{app_url}/?ds=xor&units=6,3&act=relu&lr=0.1")
    sidebar = page.locator('[data-testid="stSidebar"]')
    data_set = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Data set")
    assert "Exclusive or" in (data_set.text_content() or "") + data_set.locator(
        "input").first.input_value()
    layers = sidebar.get_by_role("spinbutton", name="Hidden layers")
    assert layers.input_value() == "2"
    # The diagram draws the two hidden layers: 2 inputs + 6 + 3 + 1 output pictures.
    n_pictures = chart.evaluate(
        "document.getElementById('panel-diagram').layout.images.length")
    assert n_pictures == 2 + 6 + 3 + 1
    assert not page.locator('[data-testid="stAlert"]').count()   # no notice: all valid
