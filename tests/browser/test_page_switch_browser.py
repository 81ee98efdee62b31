"""Leaving the Playground while it trains and coming back (issue 12, must-fix 1), in a real
browser: the link, the sidebar, the epoch and the cost history are where the student left
them, three times in a row, and training goes on."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

from tests.browser.support import ERRORS, wait_for_run

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"
EPOCH = "parseInt(document.getElementById('epoch').textContent.replace(/,/g, ''))"
# The cost curve as drawn: its first point and the last epoch it reaches.
CURVE = """() => {
    const d = window.liveChart.panels.cost.fig.data[0];
    return {first: [d.x[0], d.y[0]], last: d.x[d.x.length - 1]};
}"""


def _chart(page):
    page.frame_locator(IFRAME).locator("#panel-boundary canvas, #panel-boundary .main-svg") \
        .first.wait_for(timeout=60_000)
    return page.locator(IFRAME).element_handle().content_frame()


def _query(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def _sidebar_state(page) -> dict:
    """What the sidebar shows: the data set, the number of hidden layers and every
    slider's value by its label."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stSlider"]').first.wait_for(timeout=30_000)
    data_set = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Data set")
    state = {
        "Data set": data_set.inner_text().split("\n")[-1],
        "Hidden layers": sidebar.get_by_role("spinbutton", name="Hidden layers").input_value(),
    }
    sliders = sidebar.locator('[data-testid="stSlider"]')
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        label = slider.locator('[data-testid="stWidgetLabel"]').inner_text()
        state[label] = slider.locator('[data-testid="stSliderThumbValue"]').inner_text()
    return state


def _wait_for_sidebar(page, expected: dict, timeout_s: float = 30.0) -> None:
    # Under load the first read after coming back once saw every slider at its minimum
    # while the page was still being rebuilt: the student's values must be there once the
    # rebuild settles, within the timeout.
    deadline = time.monotonic() + timeout_s
    state = _sidebar_state(page)
    while state != expected and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        state = _sidebar_state(page)
    assert state == expected


def test_three_page_switches_while_playing_keep_link_controls_epoch_and_history(page, app_url):
    page.goto(f"{app_url}/?ds=xor&units=6&lr=0.5")
    wait_for_run(page, timeout=60_000)
    chart = _chart(page)
    query = _query(page)
    assert query["ds"] == "xor"
    assert query["units"] == "6"
    assert query["lr"] == "0.5"
    controls = _sidebar_state(page)
    assert controls["Hidden layers"] == "1"
    assert controls["Units n[1]"] == "6"
    assert controls["Learning rate α"] == "0.5"
    assert controls["Examples m"] == "400"

    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for()
    chart.wait_for_function(f"{EPOCH} > 100", timeout=60_000)
    curve = chart.evaluate(CURVE)

    for other in ("Activations", "Shapes and equations", "Initialization"):
        left_at = chart.evaluate(EPOCH)
        page.get_by_role("link", name=other).click()
        page.wait_for_url(lambda url: urlparse(url).path.strip("/") != "", timeout=30_000)
        wait_for_run(page, timeout=60_000)
        page.get_by_role("link", name="Playground").click()
        # Still playing: the script keeps running its live loop, so wait for the page's
        # parts rather than for the end of the run.
        page.get_by_role("button", name="Pause").wait_for(timeout=60_000)
        chart = _chart(page)
        page.wait_for_url(lambda url: "ds=xor" in url, timeout=30_000)
        assert _query(page) == query                         # the link is the student's
        _wait_for_sidebar(page, controls)                     # so are the controls
        # Training goes on from where it was (never from epoch 0) ...
        chart.wait_for_function(f"{EPOCH} > {left_at}", timeout=60_000)
        # ... and the cost curve is the same run's: same first point, reaching further.
        chart.wait_for_function(f"window.liveChart.panels.cost && "
                                f"({CURVE})().last > {curve['last']}", timeout=60_000)
        now = chart.evaluate(CURVE)
        assert now["first"] == curve["first"]
        curve = now
        assert not page.locator(ERRORS).count()

    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
