"""The live chart in a real browser (issue 12): the picture stops with the counter at Pause
and shows the paused epoch; the layout does not jump; the page is usable by keyboard and
screen reader."""

from __future__ import annotations

import itertools
import time

from tests.browser.support import chart_epoch, open_live_chart

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"

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


def test_after_pause_the_picture_stops_with_the_counter_on_the_paused_epoch(page, app_url):
    chart = open_live_chart(page, app_url)
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
        assert chart.evaluate("window.liveStats.pictureEpoch") == chart_epoch(chart) > 0
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for()
        time.sleep(1.0)
    page.get_by_role("button", name="Pause").click()


def _projector(chromium):
    return chromium.new_context(viewport={"width": 1280, "height": 800}).new_page()


def test_at_1280x800_the_stats_line_stays_one_line_and_the_curves_are_above_the_fold(
        chromium, app_url):
    page = _projector(chromium)
    try:
        chart = open_live_chart(page, app_url)
        # The Play button is within the first few Tab stops (a skip link leads to it): after
        # the 14 page links, which Streamlit draws above the sidebar's own content.
        for _ in range(22):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.innerText || ''").strip().endswith(
                    "Play"):
                break
            if page.evaluate("document.activeElement.tagName") == "A" and "Play" in (
                    page.evaluate("document.activeElement.innerText")):
                page.keyboard.press("Enter")
                page.keyboard.press("Tab")
                if "Play" in page.evaluate("document.activeElement.innerText || ''"):
                    break
        else:
            raise AssertionError("Play is not among the first 22 Tab stops")
        line = "document.getElementById('stats').getBoundingClientRect().height"
        before = chart.evaluate(line)
        page.get_by_role("button", name="Step", exact=True).click()
        chart.wait_for_function("document.getElementById('train-cost').textContent !== '–'",
                                timeout=30_000)
        after = chart.evaluate(line)
        assert after == before < 45                       # one line, no jump
        frame = page.locator(IFRAME).first.bounding_box()
        for panel in ("boundary", "diagram", "cost"):
            box = chart.evaluate(f"document.getElementById('panel-{panel}')"
                                 ".getBoundingClientRect().bottom")
            assert frame["y"] + box <= 800, panel         # above the fold
        # The chart has a name and a live text alternative.
        label = page.locator(IFRAME).first.get_attribute("aria-label") or ""
        assert "training chart" in label.lower()
        assert page.locator(IFRAME).first.get_attribute("title") == "Live training chart"
        assert chart.evaluate("document.getElementById('live-text')"
                              ".getAttribute('aria-live')") == "polite"
        assert "Epoch 1" in chart.inner_text("#live-text")
    finally:
        page.context.close()


def test_eight_hidden_layers_keep_their_labels_apart_and_inside(chromium, app_url):
    page = _projector(chromium)
    try:
        chart = open_live_chart(page, f"{app_url}/?units=64,64,64,64,64,64,64,64&act=relu&init=he")
        # The column labels ("input", "1" or "layer 1".., "output"), not the input units' names.
        boxes = chart.evaluate("""() => [...document.querySelectorAll(
            '#panel-diagram .annotation-text')].filter(
                e => /^(input|(layer )?\\d+|output)$/.test(e.textContent.trim())).map(e => {
                const r = e.getBoundingClientRect(); return [r.left, r.right]; })""")
        width = chart.evaluate("document.getElementById('panel-diagram')"
                               ".getBoundingClientRect().right")
        assert len(boxes) >= 10
        boxes.sort()
        for (_, right), (left, _) in itertools.pairwise(boxes):
            assert right <= left, boxes                   # no label runs into the next
        assert boxes[-1][1] <= width                      # "output" is not cut
    finally:
        page.context.close()


def test_the_cost_curve_has_log_ticks_below_its_lowest_value_and_an_epoch_axis_choice(
        page, app_url):
    chart = open_live_chart(page, f"{app_url}/?log_cost=1&show_test=1")
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for()
    # Past the chart's 500-epoch window too: with fewer epochs, "last 500 epochs" is "all".
    chart.wait_for_function("parseFloat(document.getElementById('test-cost').textContent)"
                            " < 0.3 && parseInt(document.getElementById('epoch').textContent"
                            ".replace(/,/g, '')) > 700", timeout=60_000)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    time.sleep(1.0)
    low = chart.evaluate("""() => Math.min(...window.liveChart.panels.cost.fig.data
        .flatMap(t => (t.y || []).filter(v => v > 0)))""")
    ticks = chart.evaluate("window.liveChart.panels.cost.yTicks")
    assert min(ticks) <= low < 0.3, (ticks, low)
    # The epoch axis: log epochs and a window of the last epochs redraw the same curve.
    canvas = page.frame_locator(IFRAME).locator("#panel-cost canvas")
    shown = {}
    for mode in ("all", "log", "window"):
        page.frame_locator(IFRAME).locator("#panel-cost select.xmode").select_option(mode)
        shown[mode] = canvas.evaluate("c => c.toDataURL()")
    assert len(set(shown.values())) == 3


def test_a_zoom_gets_a_picture_evaluated_over_the_visible_range(page, app_url):
    chart = open_live_chart(page, app_url)
    page.get_by_role("button", name="Step", exact=True).click()
    chart.wait_for_function("document.getElementById('epoch').textContent === '1'",
                            timeout=30_000)
    chart.evaluate("Plotly.relayout(document.getElementById('panel-boundary'),"
                   " {'xaxis.range': [0.5, 1.5], 'yaxis.range': [-0.5, 0.5]})")
    chart.wait_for_function("(window.liveChart.panels.boundary.grid || {}).extent",
                            timeout=30_000)
    assert chart.evaluate("window.liveChart.panels.boundary.grid.extent") == [
        0.5, 1.5, -0.5, 0.5]
    placed = chart.evaluate("""() => { const im = document.getElementById('panel-boundary')
        .layout.images[0]; return [im.x, im.y, im.sizex, im.sizey]; }""")
    assert placed == [0.5, 0.5, 1.0, 1.0]
    got = chart.evaluate("document.getElementById('panel-boundary')._fullLayout.xaxis.range")
    assert got == [0.5, 1.5]                                    # the zoom is kept
    # Back to the full range (a double click autoscales): the full-plane grid again.
    chart.evaluate("Plotly.relayout(document.getElementById('panel-boundary'),"
                   " {'xaxis.autorange': true, 'yaxis.autorange': true})")
    chart.wait_for_function("!window.liveChart.panels.boundary.grid.extent", timeout=30_000)
