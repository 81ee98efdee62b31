"""Screenshots of the live pages at a projector's size, to look at before calling a page done.

    python benchmarks/screenshots.py [--out assets] [--size 1280x800]

Starts the app on 127.0.0.1 (tests/browser/support.py), opens each page in headless
Chromium, presses Play for a few seconds, Pause, and saves one PNG per page:
playground-default, playground-8x64 (8 hidden ReLU layers of 64), housing and
playground-lr10-preset (the divergence preset, stopped). It prints, per
page, where the cost curve ends (its bottom edge, in px from the top of the window): below
the window's height means the curves need scrolling.

The teaching pages (TEACHING: logistic, digits, broadcasting, why-deep, course-results,
scale) have no Play button: each is shot once its run has ended and its charts are drawn,
after pressing the page's own button first where it has one (the logistic page's path).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.support import launch_chromium, running_app, wait_for_run  # noqa: E402

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"
PAGES = {
    "playground-default": "",
    "playground-8x64": "?units=64,64,64,64,64,64,64,64&act=relu&init=he&lr=0.01",
    "housing": "housing",
    # The "Learning rate too large diverges" preset: its explanation next to the picture,
    # and the stop (picture and numbers of one network).
    "playground-lr10-preset": "?lr=10",
}

# Teaching pages: name -> (URL path, a button to press first or None). Their first visit
# trains (Why deep, Scale: up to a minute on a busy machine), hence the long waits.
TEACHING = {
    "logistic": ("logistic", "Run 50 steps"),
    "digits": ("digits", None),
    "broadcasting": ("broadcasting", None),
    "why-deep": ("why_deep", None),
    "course-results": ("course_results", None),
    "scale": ("scale", None),
}
PLOT = ".js-plotly-plot .main-svg"


def shoot_teaching(page, url: str, out: Path, button: str | None) -> None:
    page.goto(url)
    wait_for_run(page, timeout=300_000)
    page.locator(PLOT).first.wait_for(timeout=60_000)
    if button:
        page.get_by_role("button", name=button).click()
        time.sleep(1.0)
        wait_for_run(page, timeout=120_000)
    time.sleep(1.5)  # Plotly's first draw and Streamlit's fade-in of stale elements
    page.mouse.move(5, 5)
    page.screenshot(path=str(out))


def shoot(page, url: str, out: Path, seconds: float) -> dict:
    page.goto(url)
    wait_for_run(page, timeout=120_000)
    page.locator(IFRAME).first.wait_for(timeout=60_000)
    chart = page.locator(IFRAME).element_handle().content_frame()
    chart.wait_for_function("!!document.getElementById('epoch')", timeout=60_000)
    page.get_by_role("button", name="Play").click()
    time.sleep(seconds)
    pause = page.get_by_role("button", name="Pause")
    if pause.count():  # not when training stopped by itself (a divergence)
        pause.click()
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)
    time.sleep(1.5)
    page.mouse.move(5, 5)
    page.screenshot(path=str(out))
    frame = page.locator(IFRAME).first.bounding_box()
    inner = chart.evaluate("""() => {
        const r = (id) => { const e = document.getElementById(id);
                            return e ? e.getBoundingClientRect() : null; };
        const curve = r('panel-cost') || r('panel-curves') || null;
        return {stats: r('stats').height, curve_bottom: curve ? curve.bottom : null};
    }""")
    bottom = frame["y"] + inner["curve_bottom"] if inner["curve_bottom"] else None
    return {"stats_height": inner["stats"], "iframe_top": frame["y"], "curve_bottom": bottom}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "assets"))
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--only", help="one page name (of PAGES or TEACHING)")
    parser.add_argument("--teaching-only", action="store_true",
                        help="only the teaching pages (TEACHING)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with running_app() as url, sync_playwright() as p:
        browser = launch_chromium(p)
        for name, path in PAGES.items():
            if (args.only and name != args.only) or args.teaching_only:
                continue
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            r = shoot(page, f"{url}/{path}", out / f"{name}-{args.size}.png", args.seconds)
            page.context.close()
            print(f"{name:20s} stats line {r['stats_height']:.0f} px, chart iframe at "
                  f"{r['iframe_top']:.0f} px, cost curve ends at {r['curve_bottom'] or 0:.0f} px"
                  f" (window {height})")
        for name, (path, button) in TEACHING.items():
            if args.only and name != args.only:
                continue
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            target = out / f"{name}-{args.size}.png"
            shoot_teaching(page, f"{url}/{path}", target, button)
            page.context.close()
            print(f"{name:20s} {target} ({target.stat().st_size / 1000:.0f} kB)")
        browser.close()


if __name__ == "__main__":
    main()
