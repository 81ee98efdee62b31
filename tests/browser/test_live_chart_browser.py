"""The live chart in a real browser (issue 12): the picture stops with the counter at Pause
and shows the paused epoch; the layout does not jump; the page is usable by keyboard and
screen reader."""

from __future__ import annotations

import time

from tests.browser.support import wait_for_run

IFRAME = "iframe[title*='live_chart'], iframe[title*='Live training chart']"

# In the iframe: record every change of the boundary's picture (the href of its layout
# image: a PNG data URL) and of the epoch counter, with their times.
WATCH = """
() => {
  const box = document.getElementById('panel-boundary');
  const href = () => {
    const im = box.querySelector('.imagelayer image');
    return im ? (im.getAttribute('href') || im.getAttribute('xlink:href')) : null;
  };
  let last = href();
  window.__picture = [];
  window.__epoch = [];
  new MutationObserver(() => {
    const now = href();
    if (now !== last) { last = now; window.__picture.push(performance.now()); }
  }).observe(box, {childList: true, attributes: true, subtree: true,
                   attributeFilter: ['href', 'xlink:href']});
  new MutationObserver(() => window.__epoch.push(performance.now()))
    .observe(document.getElementById('epoch'),
             {childList: true, characterData: true, subtree: true});
}
"""


def _open(page, url):
    page.goto(url)
    wait_for_run(page, timeout=60_000)
    page.frame_locator(IFRAME).locator("#panel-boundary .main-svg").first.wait_for(
        timeout=60_000)
    return page.locator(IFRAME).element_handle().content_frame()


def _epoch(chart) -> int:
    return int(chart.inner_text("#epoch").replace(",", ""))


def test_after_pause_the_picture_stops_with_the_counter_on_the_paused_epoch(page, app_url):
    chart = _open(page, app_url)
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for()
    chart.wait_for_function("window.liveStats.draws > 10", timeout=30_000)
    for _ in range(2):  # twice: the second Pause follows a Play of a paused page
        chart.evaluate(WATCH)
        page.get_by_role("button", name="Pause").click()
        page.get_by_role("button", name="Play").wait_for()
        time.sleep(2.0)
        epoch, picture = chart.evaluate("[window.__epoch, window.__picture]")
        # Nothing re-draws the picture once the counter has stopped: no stale base picture
        # put back, no repaint of the same frame.
        last_count = epoch[-1] if epoch else 0.0
        assert [t for t in picture if t > last_count + 1] == []
        # The picture is that of the epoch the counter shows.
        assert chart.evaluate("window.liveStats.pictureEpoch") == _epoch(chart) > 0
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for()
        time.sleep(1.0)
    page.get_by_role("button", name="Pause").click()
