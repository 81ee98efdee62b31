"""A killed server costs a reconnect, not the work: the page finds its checkpoint on the
restarted server, says "Restored at epoch N", shows the same setup and picture, and trains on.
A link copied from the address bar carries the setup, never the work."""

from __future__ import annotations

import os
import re
import signal
import time

from tests.browser.support import (
    ERRORS,
    RESTORED,
    free_port,
    start_app,
    stop_process,
    wait_for_run,
    wait_restored,
)

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"
# A quick setup that shows a setup change in the URL (a learning rate of 0.5, 3 units).
QUERY = "?lr=0.5&units=3"


def _chart(page):
    page.frame_locator(IFRAME).locator("#panel-boundary .main-svg").first.wait_for(
        timeout=60_000)
    return page.locator(IFRAME).element_handle().content_frame()


def _epoch(chart) -> int:
    return int(chart.inner_text("#epoch").replace(",", ""))


def _boundary(chart) -> str:
    # The picture of the decision boundary, as the data URL the component painted.
    return chart.evaluate(
        "document.querySelector('#panel-boundary .imagelayer image').getAttribute('href')")




def test_a_killed_server_is_restarted_and_the_page_gets_its_work_back(chromium, tmp_path):
    env = {"NN_PLAYGROUND_CHECKPOINTS": f"sqlite://{tmp_path}/checkpoints.sqlite3",
           "NN_PLAYGROUND_CHECKPOINT_EVERY": "0.5"}
    port = free_port()
    proc, url = start_app(port, env=env)
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(url + "/" + QUERY)
        wait_for_run(page, timeout=60_000)
        chart = _chart(page)
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for()
        chart.wait_for_function(
            "parseInt(document.getElementById('epoch').textContent.replace(/,/g, '')) > 100",
            timeout=30_000)
        page.get_by_role("button", name="Pause").click()
        page.get_by_role("button", name="Play").wait_for()
        time.sleep(0.5)
        paused_at, picture = _epoch(chart), _boundary(chart)
        assert paused_at > 0
        # The shareable link holds the setup and nothing else.
        assert "lr=0.5" in page.url
        assert not re.search(r"[A-Za-z0-9_-]{43}", page.url)

        os.killpg(proc.pid, signal.SIGKILL)  # the server dies without a chance to save
        proc.wait(timeout=10)
        stop_process(proc)  # closes its log pipe
        proc, _ = start_app(port, env=env)

        restored = wait_restored(page)
        assert restored == paused_at                    # saved on Pause: nothing lost
        chart = _chart(page)
        chart.wait_for_function(
            f"document.getElementById('epoch').textContent.replace(/,/g, '') == '{restored}'",
            timeout=30_000)
        assert _boundary(chart) == picture              # the same weights, the same picture
        sidebar = page.locator("[data-testid='stSidebar']")
        units = sidebar.locator("input[aria-label='Units n[1]']")
        assert units.get_attribute("value") == "3"      # the same setup in the sidebar
        assert "lr=0.5" in page.url
        assert page.locator(ERRORS).count() == 0

        # Training goes on from there (the optimizer state and the history came back too).
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for()
        chart.wait_for_function(
            f"parseInt(document.getElementById('epoch').textContent.replace(/,/g, '')) > "
            f"{restored + 100}", timeout=30_000)
        page.get_by_role("button", name="Pause").click()

        # A new tab opened with the address bar's link is a new session: no restore.
        other = context.new_page()
        other.goto(page.url)
        wait_for_run(other, timeout=60_000)
        other_chart = _chart(other)
        time.sleep(1.5)
        assert _epoch(other_chart) == 0
        assert not RESTORED.search(other.inner_text("body"))
    finally:
        context.close()
        stop_process(proc)


def test_a_reloaded_housing_page_gets_its_setup_and_weights_back(page, app_url):
    # The Housing page uses the same Session: a reload of the tab (its sessionStorage stays)
    # brings back the epoch, the setup and the weights (the same test RMSE).
    page.goto(f"{app_url}/housing?hn=2000&units=6")
    wait_for_run(page, timeout=60_000)
    chart = _chart_named(page, "rmse")
    for n in range(1, 4):
        page.locator(".st-key-housing_step button").first.click()
        chart.wait_for_function(
            f"document.getElementById('epoch').textContent.trim() === '{n}'", timeout=30_000)
    rmse = chart.inner_text("#test-rmse")
    page.reload()
    wait_for_run(page, timeout=60_000)
    assert wait_restored(page) == 3
    chart = _chart_named(page, "rmse")
    chart.wait_for_function("document.getElementById('epoch').textContent.trim() === '3'",
                            timeout=30_000)
    assert chart.inner_text("#test-rmse") == rmse
    assert "hn=2000" in page.url
    assert page.locator(ERRORS).count() == 0


def _chart_named(page, panel: str):
    page.frame_locator(IFRAME).locator(f"#panel-{panel} .main-svg").first.wait_for(
        timeout=60_000)
    return page.locator(IFRAME).element_handle().content_frame()
