"""Own data in a real browser: a CSV given to the sidebar's file input becomes the training
set, and the decision boundary is drawn over it."""

from __future__ import annotations

import numpy as np

from tests.browser.support import wait_for_run

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"


def _csv(rows: int = 60, seed: int = 0) -> bytes:
    # Two clusters in the file's own units (cm, kg): far from the plane of the toy sets.
    rng = np.random.default_rng(seed)
    lines = ["height,weight,kind"]
    for i in range(rows):
        k = i % 2
        lines.append(f"{rng.normal(160 + 20 * k, 5):.1f},{rng.normal(60 + 20 * k, 5):.1f},"
                     f"{'dog' if k else 'cat'}")
    return ("\n".join(lines) + "\n").encode()


def test_an_uploaded_csv_is_trained_on_and_its_boundary_drawn(page, app_url):
    page.goto(f"{app_url}/?ds=upload")
    wait_for_run(page, timeout=60_000)
    assert page.get_by_text("no CSV file is loaded in this browser yet").is_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator("input[type=file]").set_input_files(
        files=[{"name": "pets.csv", "mimeType": "text/csv", "buffer": _csv()}])
    use = sidebar.get_by_role("button", name="Use these columns")
    use.wait_for(timeout=60_000)
    use.click()
    page.get_by_text("Your data, pets.csv: x1 = height, x2 = weight, y = kind").wait_for(
        timeout=60_000)
    wait_for_run(page, timeout=60_000)
    chart = page.frame_locator(IFRAME)
    chart.locator("#panel-boundary .main-svg").first.wait_for(timeout=60_000)
    frame = page.locator(IFRAME).element_handle().content_frame()
    frame.wait_for_function(
        "() => { const g = document.getElementById('panel-boundary');"
        " return g && g._fullData && g._fullData[1]._length === 42; }",
        timeout=60_000)  # 60 rows, 30 % kept aside: 42 training points drawn
    grid = frame.evaluate(
        "() => { const g = document.getElementById('panel-boundary');"
        " return {x: Array.from(g._fullData[0].x), points: Array.from(g._fullData[1].x)}; }")
    # Standardized features: the boundary's grid spans the points (about ±2 standard
    # deviations) plus 0.5 on each side, not the file's 150-190 cm.
    assert -4.0 < grid["x"][0] < -1.0
    assert 1.0 < grid["x"][-1] < 4.0
    assert max(abs(v) for v in grid["points"]) < 3.5
    page.get_by_role("button", name="Step", exact=True).click()
    frame.wait_for_function("document.getElementById('epoch').textContent.trim() === '1'",
                            timeout=60_000)
    assert not page.locator('[data-testid="stException"]').count()
