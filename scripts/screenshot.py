"""Take assets/screenshot-playground.png from the real app: the default network trained on
the flower for a few seconds, as a teacher would project it.

    python scripts/screenshot.py [--seconds 4] [--out assets/screenshot-playground.png]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--out", default=str(ROOT / "assets" / "screenshot-playground.png"))
    args = parser.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with running_app() as url, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1500, "height": 1250})
        page.goto(url)
        wait_for_run(page, timeout=60_000)
        page.frame_locator("iframe[title*='live_chart']").locator(
            "#panel-boundary .main-svg").first.wait_for(timeout=60_000)
        page.get_by_role("button", name="Play").click()
        time.sleep(args.seconds)
        page.get_by_role("button", name="Pause").click()
        page.get_by_role("button", name="Play").wait_for()
        time.sleep(1.5)
        page.screenshot(path=str(out))
        browser.close()
    print(out)


if __name__ == "__main__":
    main()
