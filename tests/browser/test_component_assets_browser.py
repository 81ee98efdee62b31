"""The live component's files come from the installed packages, never from a folder that
someone else could have planted in the shared temporary directory (issue 13, item 3)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import plotly

from playground import live_chart
from tests.browser.support import running_app, wait_for_run

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
HOSTILE = "window.parent.planted = true; window.planted = true;\n"


def _old_cache_name() -> str:
    # Where the app used to look for a ready folder (and trusted whatever it found there).
    digest = hashlib.sha256()
    for name in ("index.html", "live_chart.js"):
        digest.update((live_chart.SOURCE_DIR / name).read_bytes())
    return f"nn-playground-live-{plotly.__version__}-{digest.hexdigest()[:12]}"


def test_a_planted_folder_in_the_temporary_directory_is_not_served(tmp_path, chromium):
    tmp = tmp_path / "shared-tmp"
    planted = tmp / _old_cache_name()
    planted.mkdir(parents=True)
    (planted / "index.html").write_bytes((live_chart.SOURCE_DIR / "index.html").read_bytes())
    (planted / "live_chart.js").write_text(HOSTILE)
    (planted / "plotly.min.js").write_text(HOSTILE)

    with running_app(env={"TMPDIR": str(tmp)}) as url:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.goto(url)
            wait_for_run(page, timeout=60_000)
            page.locator(IFRAME).wait_for(state="attached", timeout=60_000)
            chart = page.locator(IFRAME).element_handle().content_frame()
            chart.wait_for_function("window.liveStats !== undefined || window.planted === true",
                                    timeout=60_000)
            assert chart.evaluate("window.planted === true") is False
            assert page.evaluate("window.planted === true") is False

            # Plotly too comes from the plotly package: load it (pointer over a panel).
            panel = page.frame_locator(IFRAME).locator("#panel-boundary")
            panel.wait_for(timeout=60_000)
            box = panel.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            chart.wait_for_function("window.liveStats.plotly === 'ready'", timeout=60_000)
            assert page.evaluate("window.planted === true") is False

            # The bytes the server hands out are the packages' own.
            base = chart.url.split("?")[0].rsplit("/", 1)[0]
            served = page.request.get(f"{base}/live_chart.js")
            assert served.ok
            assert served.body() == (live_chart.SOURCE_DIR / "live_chart.js").read_bytes()
            plotly_src = chart.evaluate(
                "document.querySelector('script[src*=\"plotly\"]').src")
            served = page.request.get(plotly_src)
            assert served.ok
            assert served.body() == PLOTLY_JS.read_bytes()
        finally:
            context.close()

    # Starting the app copied nothing into the temporary directory.
    assert [p.name for p in tmp.glob("nn-playground-live-*")] == [planted.name]
