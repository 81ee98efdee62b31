"""The week-1 and week-2 pages in real Chromium: each draws its main figure (Plotly's SVG inside the
chart's keyed container) and shows no error; the logistic page's path grows on Run."""

from __future__ import annotations

import pytest

from tests.browser.support import ERRORS, open_page, wait_for_run


def _drawn(key: str) -> str:
    # Streamlit gives a keyed element the class st-key-<key>; Plotly draws into .main-svg.
    return f".st-key-{key} .js-plotly-plot .main-svg"


@pytest.mark.parametrize(
    ("path", "title", "key"),
    [
        ("logistic", "Logistic regression: gradient descent on J(w1, w2)", "lgr_surface"),
        ("digits", "Images as vectors", "dig_vector"),
        ("broadcasting", "Broadcasting and vectors", "bc_calories"),
        ("scale", "Scale drives deep learning", "scl_chart"),
    ],
)
def test_page_draws_its_main_figure(page, app_url, path, title, key):
    open_page(page, app_url, path)
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    page.locator(_drawn(key)).first.wait_for(timeout=30_000)
    # A drawn heatmap or contour has its plot area: at least one trace group in the SVG.
    page.wait_for_function(
        f"document.querySelector('{_drawn(key)}').querySelectorAll('.trace, image').length > 0",
        timeout=30_000,
    )
    assert page.locator(ERRORS).count() == 0


def test_logistic_run_draws_the_path(page, app_url):
    open_page(page, app_url, "logistic")
    page.get_by_role("button", name="Run 50 steps").click()
    page.get_by_text("J fell on every one of the 50 steps.").wait_for(timeout=30_000)
    wait_for_run(page, timeout=30_000)
    # The path's 51 points are drawn as markers on the surface.
    page.wait_for_function(
        f"document.querySelector('{_drawn('lgr_surface')}')"
        ".querySelectorAll('.scatterlayer .point').length >= 51",
        timeout=30_000,
    )
    assert page.locator(ERRORS).count() == 0
