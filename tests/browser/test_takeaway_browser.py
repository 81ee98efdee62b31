"""The take-away downloads in a real browser: after a live run, the script downloaded from
the page re-runs it with plain Python, and the animation is made and downloaded."""

from __future__ import annotations

import re
import subprocess
import sys
import time

from PIL import Image

from tests.browser.support import ERRORS, chart_epoch, open_live_chart, wait_for_run


def test_the_script_and_the_animation_of_a_live_run_download(page, app_url, tmp_path):
    chart = open_live_chart(page, app_url)
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for()
    chart.wait_for_function("window.liveStats.draws > 3", timeout=30_000)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    time.sleep(0.5)
    epoch = chart_epoch(chart)
    assert epoch > 0
    shown_cost = float(chart.inner_text("#train-cost"))
    page.get_by_text("Save and share").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Run as a Python script").click()
    script = tmp_path / "playground_run.py"
    download.value.save_as(script)
    out = subprocess.run([sys.executable, "-I", str(script)], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    printed = dict(re.findall(r"Cost after epoch (\d+): (\S+)", out.stdout))
    assert max(int(e) for e in printed) == epoch - 1  # epochs 0 .. epoch-1, as the page's
    # The page shows the last row's cost rounded; the script prints it in full.
    assert abs(float(printed[str(epoch - 1)]) - shown_cost) < 1e-3

    page.get_by_role("button", name="Make the animation").click()
    gif_button = page.get_by_role("button", name=re.compile(r"Animation \(GIF, epochs 0 to"))
    gif_button.wait_for(timeout=60_000)
    wait_for_run(page)
    with page.expect_download(timeout=60_000) as download:
        gif_button.click()
    gif = tmp_path / "run.gif"
    download.value.save_as(gif)
    with Image.open(gif) as img:
        assert img.format == "GIF"
        assert img.n_frames > 20
    assert page.locator(ERRORS).count() == 0
