"""How smooth is the live Playground page? Drives the real app in headless Chromium.

    python benchmarks/live_fps.py [--seconds 5] [--mode push|pull]

Starts ``streamlit run playground/app.py`` on 127.0.0.1 (tests/browser/support.py), opens the
page, presses Play with the default network on "flower", and measures inside the page:

- visual updates per second: redraws of the boundary + cost curve (the component counts its
  draws; each draws both), sampled against requestAnimationFrame;
- frames with the chart missing: at every animation frame, is the boundary's plot there?
- zoom kept: a zoom set with Plotly.relayout, is it the same after 20 more updates?
- Pause latency: from the click to the last change of the epoch counter, and to the last
  change of the boundary's picture (the href of its layout image, or the preview canvas
  repainted with other pixels), over ``--pauses`` Play/Pause cycles;
- training epochs per second while drawing (the epoch counter over the measured window);
- time to interactive: from navigation to the Play button and the first picture on screen,
  in a fresh browser context, for the server's first visit and for a visit to a running
  server; then Play is pressed at once: when the epoch counter moves ("answered"); then the
  pointer goes over the boundary: when Plotly (loaded then) has taken over ("Plotly ready").
The figures after the time to interactive come from the second visit.

``--diagnostics N``: then N rounds of the updates and epochs per second with the "Watch the
gradients flow" panel closed and open in turn (same server, same page, one after the other),
so a busy machine's noise shows as the spread between rounds of the same state.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.support import launch_chromium, running_app  # noqa: E402

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"

# Runs in the component's iframe: sample every animation frame.
SAMPLER = """
() => {
  const s = {t: [], draws: [], missing: 0, samples: 0, epoch: [], stop: false};
  window.__bench = s;
  function tick() {
    if (s.stop) return;
    s.samples += 1;
    const plot = document.querySelector('#panel-boundary .main-svg');
    const heat = document.querySelector('#panel-boundary .imagelayer image');
    if (!plot || !heat) s.missing += 1;
    s.t.push(performance.now());
    s.draws.push(window.liveStats.draws);
    const e = document.getElementById('epoch');
    s.epoch.push(e ? parseInt(e.textContent.replace(/,/g, ''), 10) : NaN);
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
}
"""

SUMMARY = """
() => {
  const s = window.__bench; s.stop = true;
  const n = s.t.length, secs = (s.t[n - 1] - s.t[0]) / 1000;
  return {seconds: secs, updates: s.draws[n - 1] - s.draws[0], missing: s.missing,
          draw_ms: window.liveStats.drawMs / Math.max(1, window.liveStats.draws),
          panel_ms: Object.fromEntries(Object.entries(window.liveStats.panelMs).map(
              ([k, v]) => [k, v / Math.max(1, window.liveStats.draws)])),
          samples: s.samples, epochs: s.epoch[n - 1] - s.epoch[0]};
}
"""

# Runs in the iframe: watch the epoch counter's changes with their times.
WATCH_EPOCH = """
() => {
  const el = document.getElementById('epoch');
  window.__epochChanges = [];
  new MutationObserver(() => window.__epochChanges.push(performance.now()))
    .observe(el, {childList: true, characterData: true, subtree: true});
}
"""

# Runs in the iframe: watch the boundary's picture. Plotly shows it as an <image> whose href
# is a PNG data URL; a change of that URL (or a new <image>) is a change of the picture.
WATCH_PICTURE = """
() => {
  const box = document.getElementById('panel-boundary');
  const href = () => {
    const im = box.querySelector('.imagelayer image');
    return im ? (im.getAttribute('href') || im.getAttribute('xlink:href')) : null;
  };
  let last = href();
  window.__pictureChanges = [];
  new MutationObserver(() => {
    const now = href();
    if (now !== last) { last = now; window.__pictureChanges.push(performance.now()); }
  }).observe(box, {childList: true, attributes: true, subtree: true,
                   attributeFilter: ['href', 'xlink:href']});
}
"""

# In the component's iframe: the boundary is on screen (Plotly's, or the preview drawn while
# plotly.js loads) and the stats line holds the epoch counter.
DRAWN = """
() => !!document.querySelector('#panel-boundary .main-svg, #panel-boundary canvas')
      && !!document.getElementById('epoch')
"""


def open_page(browser, url: str) -> tuple:
    """Open the page in a fresh browser context (nothing cached) and time its start.

    Returns (page, chart frame, figures) with figures: ``interactive_s`` from navigation to
    the Play button and the first picture on screen; ``play_answered_s``: Play pressed at
    that moment, until the epoch counter moves; ``plotly_ready_s``: until Plotly has taken
    over the boundary (hover, zoom). The page is left playing.
    """
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.get_by_role("button", name="Play").wait_for(timeout=60_000)
    page.locator(IFRAME).wait_for(timeout=60_000)
    chart = page.locator(IFRAME).element_handle().content_frame()
    chart.wait_for_function(DRAWN, timeout=60_000, polling=10)
    figures = {"interactive_s": time.perf_counter() - t0}
    page.get_by_role("button", name="Play").click()
    chart.wait_for_function(
        "() => document.getElementById('epoch').textContent !== '0'", timeout=60_000,
        polling=10)
    figures["play_answered_s"] = time.perf_counter() - t0
    # Plotly loads when the pointer comes over the boundary (or the page is idle).
    box = page.frame_locator(IFRAME).locator("#panel-boundary").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.frame_locator(IFRAME).locator("#panel-boundary .main-svg").first.wait_for(
        timeout=60_000)
    figures["plotly_ready_s"] = time.perf_counter() - t0
    return page, chart, figures


def pause_once(page, chart) -> tuple[float, float, int]:
    """Press Pause (the page is playing); return the ms from the click to the last change of
    the epoch counter and to the last change of the boundary's picture, and the epoch shown
    in the picture's frame minus the counter's (0: the picture shows the paused epoch)."""
    chart.evaluate(WATCH_EPOCH)
    chart.evaluate(WATCH_PICTURE)
    page.get_by_role("button", name="Pause").wait_for()
    # Click from inside the page (no automation delay); the iframe shares its clock
    # origin with us only roughly, so take the time in the iframe just before.
    t_click = chart.evaluate("performance.now()")
    page.evaluate("""() => [...document.querySelectorAll('button')]
        .find(b => b.innerText.includes('Pause')).click()""")
    time.sleep(2.0)
    epoch = [t for t in chart.evaluate("window.__epochChanges") if t >= t_click]
    picture = [t for t in chart.evaluate("window.__pictureChanges") if t >= t_click]
    lag = chart.evaluate("window.liveStats.pictureEpoch - parseInt(document"
                         ".getElementById('epoch').textContent.replace(/,/g, ''), 10)")
    return ((epoch[-1] - t_click) if epoch else 0.0,
            (picture[-1] - t_click) if picture else 0.0, lag)


def sample(chart, seconds: float) -> dict:
    """Visual updates and training epochs per second over ``seconds`` (the page plays)."""
    chart.evaluate(SAMPLER)
    time.sleep(seconds)
    s = chart.evaluate(SUMMARY)
    return {"updates_per_s": s["updates"] / s["seconds"],
            "epochs_per_s": s["epochs"] / s["seconds"]}


def diagnostics_rounds(page, seconds: float, rounds: int) -> list[dict]:
    """The page is paused. Per round: play with the panel closed, then open; each sampled
    for ``seconds``. Returns [{"closed": sample, "open": sample}, ...]."""
    out = []
    toggle = page.get_by_text("Watch the gradients flow")
    for _ in range(rounds):
        row = {}
        for state in ("closed", "open"):
            if (state == "open") != page.get_by_role("switch").first.is_checked():
                toggle.click()
                page.wait_for_selector(APP_IDLE, timeout=60_000)
            chart = page.locator(IFRAME).element_handle().content_frame()
            if state == "open":  # the panel is a figure of the live chart, drawn by Plotly
                chart.locator("#panel-diagnostics .main-svg").first.wait_for(timeout=60_000)
            page.get_by_role("button", name="Play").click()
            page.get_by_role("button", name="Pause").wait_for()
            time.sleep(1.0)
            row[state] = sample(chart, seconds)
            page.get_by_role("button", name="Pause").click()
            page.get_by_role("button", name="Play").wait_for()
            page.wait_for_selector(APP_IDLE, timeout=60_000)
        out.append(row)
    return out


APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def measure(seconds: float, pauses: int = 3, diagnostics: int = 0,
            port: int | None = None) -> dict:
    out: dict = {}
    with running_app(port) as url, sync_playwright() as p:
        browser = launch_chromium(p)
        # First visit: the server runs the page for the first time (imports, first data).
        page, _, first = open_page(browser, url)
        out["cold"] = first
        page.context.close()
        # A student opening the page of a running server, with nothing in the browser cache.
        page, chart, warm = open_page(browser, url)
        out["warm"] = warm
        page.get_by_role("button", name="Pause").wait_for()
        time.sleep(1.0)  # the first frames carry the base figures
        chart.evaluate(SAMPLER)
        time.sleep(seconds)
        s = chart.evaluate(SUMMARY)
        out["updates_per_s"] = s["updates"] / s["seconds"]
        out["missing_frames"] = s["missing"]
        out["samples"] = s["samples"]
        out["draw_ms"] = s["draw_ms"]
        out["panel_ms"] = s["panel_ms"]
        out["epochs_per_s"] = s["epochs"] / s["seconds"]

        # Zoom while training, then wait for 20 more updates.
        zoom = [-1.0, 1.0]
        chart.evaluate(
            "(r) => Plotly.relayout(document.getElementById('panel-boundary'),"
            " {'xaxis.range': r, 'yaxis.range': r})", zoom)
        start = chart.evaluate("window.liveStats.draws")
        deadline = time.perf_counter() + 30
        while chart.evaluate("window.liveStats.draws") < start + 20:
            if time.perf_counter() > deadline:
                break
            time.sleep(0.05)
        got = chart.evaluate(
            "() => document.getElementById('panel-boundary')._fullLayout.xaxis.range")
        out["zoom_updates"] = chart.evaluate("window.liveStats.draws") - start
        out["zoom_kept"] = all(abs(a - b) < 1e-9 for a, b in zip(got, zoom, strict=True))

        # Pause: click, then find the last change of the epoch counter and of the picture;
        # then Play again for a second of training and the next Pause.
        out["pause_latency_ms"], out["pause_picture_ms"], out["pause_lag"] = [], [], []
        for k in range(pauses):
            if k:
                page.get_by_role("button", name="Play").click()
                page.get_by_role("button", name="Pause").wait_for()
                time.sleep(1.0)
            counter, picture, lag = pause_once(page, chart)
            out["pause_latency_ms"].append(counter)
            out["pause_picture_ms"].append(picture)
            out["pause_lag"].append(lag)
        if diagnostics:
            out["diagnostics"] = diagnostics_rounds(page, seconds, diagnostics)
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--pauses", type=int, default=3, help="Play/Pause cycles timed")
    parser.add_argument("--mode", choices=["pull", "push"], default="push",
                        help="the live loop (playground/live.py LOOP_MODE)")
    parser.add_argument("--diagnostics", type=int, default=0, metavar="N",
                        help="then N rounds with the gradients panel closed and open")
    parser.add_argument("--port", type=int, default=None, help="the server's (default: free)")
    args = parser.parse_args()
    os.environ["NN_PLAYGROUND_LIVE_LOOP"] = args.mode  # read by the app server we start
    r = measure(args.seconds, args.pauses, args.diagnostics, args.port)
    print(f"live loop mode           {args.mode}")
    for visit, label in (("cold", "first visit, fresh server"), ("warm", "running server")):
        v = r[visit]
        print(f"time to interactive      {v['interactive_s']:.2f} s      (target <= 3; {label})")
        print(f"  Play pressed then, answered at {v['play_answered_s']:.2f} s; Plotly's hover and"
              f" zoom ready at {v['plotly_ready_s']:.2f} s")
    print(f"visual updates           {r['updates_per_s']:.1f} /s      (target >= 24)")
    print(f"browser time per redraw  {r['draw_ms']:.1f} ms  (per panel: "
          + ", ".join(f"{k} {v:.1f}" for k, v in r["panel_ms"].items()) + ")")
    print(f"frames with chart missing {r['missing_frames']} of {r['samples']}   (target 0)")
    print(f"zoom kept over updates   {r['zoom_kept']} ({r['zoom_updates']} updates)"
          "  (target True over 20)")
    ms = lambda values: "/".join(f"{v:.0f}" for v in values)  # noqa: E731
    print(f"Pause latency            {ms(r['pause_latency_ms'])} ms  (target <= 250; counter)")
    print(f"  last picture change    {ms(r['pause_picture_ms'])} ms  (target: <= 100 and no later"
          " than the counter)")
    print(f"  picture's epoch - counter {'/'.join(str(v) for v in r['pause_lag'])}"
          "  (target 0: the picture shows the paused epoch)")
    print(f"training epochs          {r['epochs_per_s']:.0f} /s      (target >= 1000)")
    for k, row in enumerate(r.get("diagnostics", []), start=1):
        c, o = row["closed"], row["open"]
        share = o["updates_per_s"] / max(c["updates_per_s"], 1e-9)
        print(f"gradients panel, round {k}: updates {c['updates_per_s']:.1f} /s closed, "
              f"{o['updates_per_s']:.1f} /s open ({share:.0%});"
              f" epochs {c['epochs_per_s']:.0f} /s closed, {o['epochs_per_s']:.0f} /s open")


if __name__ == "__main__":
    main()
