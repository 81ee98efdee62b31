"""How live is the Housing prices page on the full data set? Drives the real app in Chromium.

    python benchmarks/housing_fps.py [--seconds 10] [--units 64,64]

Starts ``streamlit run playground/app.py`` on 127.0.0.1 (tests/browser/support.py), opens the
housing page with all 20,640 districts, the 8 default features and two hidden ReLU layers of
64 units (``?task=regression&units=64,64``), presses Play and measures inside the page:

- visual updates per second: new frames drawn (the frame number ``liveStats.seq`` changed
  since the last animation frame). Each frame redraws the RMSE curves, the stats line and, in
  turn, one of predicted vs actual, residuals and map (housing_view.HEAVY_PANELS);
- epochs per update: training epochs (the epoch counter) per visual update;
- frames where the map or the scatter is missing (target 0);
- the browser's time per redraw (all four figures), when the component reports it.
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

from benchmarks.live_fps import IFRAME  # noqa: E402
from tests.browser.support import launch_chromium, running_app, wait_for_run  # noqa: E402

PANELS = ("rmse", "scatter", "residuals", "map")

# Runs in the component's iframe: sample every animation frame.
SAMPLER = """
(panels) => {
  const s = {t: [], draws: [], epoch: [], missing: 0, samples: 0, stop: false,
             frames: 0, lastSeq: window.liveStats.seq};
  window.__bench = s;
  function tick() {
    if (s.stop) return;
    s.samples += 1;
    if (panels.some((p) => !document.querySelector('#panel-' + p + ' .main-svg'))) {
      s.missing += 1;
    }
    s.t.push(performance.now());
    s.draws.push(window.liveStats.draws);
    if (window.liveStats.seq !== s.lastSeq) { s.frames += 1; s.lastSeq = window.liveStats.seq; }
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
  const n = s.t.length;
  return {seconds: (s.t[n - 1] - s.t[0]) / 1000, draws: s.draws[n - 1] - s.draws[0],
          updates: s.frames,
          epochs: s.epoch[n - 1] - s.epoch[0], missing: s.missing, samples: s.samples,
          draw_ms: window.liveStats.drawMs ? window.liveStats.drawMs /
                   Math.max(1, window.liveStats.draws) : null};
}
"""


def measure(seconds: float, units: str = "64,64") -> dict:
    out: dict = {}
    with running_app() as url, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/housing?task=regression&units={units}")
        wait_for_run(page, timeout=60_000)
        frame = page.frame_locator(IFRAME)
        for panel in PANELS:
            frame.locator(f"#panel-{panel} .main-svg").first.wait_for(timeout=60_000)
        frame.locator("#epoch").wait_for()
        chart = page.locator(IFRAME).element_handle().content_frame()
        out["network"] = chart.evaluate(
            "() => document.getElementById('panel-map').data[0].x.length")
        play = page.locator(".st-key-housing_play button")
        play.click()
        time.sleep(2.0)  # warm up: the first frames carry the base figures
        chart.evaluate(SAMPLER, list(PANELS))
        time.sleep(seconds)
        s = chart.evaluate(SUMMARY)
        play.click()  # pause
        out["updates_per_s"] = s["updates"] / s["seconds"]
        out["draws_per_s"] = s["draws"] / s["seconds"]
        out["epochs_per_update"] = s["epochs"] / max(1, s["updates"])
        out["epochs_per_s"] = s["epochs"] / s["seconds"]
        out["missing"], out["samples"] = s["missing"], s["samples"]
        out["draw_ms"] = s["draw_ms"]
        out["r2"] = chart.evaluate("() => document.getElementById('test-r2').textContent")
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--units", default="64,64", help="hidden units per layer, e.g. 64,64")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    r = measure(args.seconds, args.units)
    print(f"setup: 20,640 districts, 8 features, hidden {args.units} ReLU, Adam, batch 256; "
          f"{r['network']:,} test districts on the map")
    print(f"visual updates           {r['updates_per_s']:.1f} /s      (target >= 10)")
    print(f"epochs per update        {r['epochs_per_update']:.2f}")
    print(f"component redraws        {r['draws_per_s']:.1f} /s (new frames or not)")
    print(f"training epochs          {r['epochs_per_s']:.1f} /s")
    if r["draw_ms"] is not None:
        print(f"browser time per redraw  {r['draw_ms']:.1f} ms")
    print(f"frames with map or scatter missing {r['missing']} of {r['samples']}   (target 0)")
    print(f"test R² at the end       {r['r2']}")
    print(f"machine load (1 min)     {load_before:.1f} before, {os.getloadavg()[0]:.1f} after "
          f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
