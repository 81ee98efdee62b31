"""Pages B in real Chromium: each renders its title, its Plotly figures and no error."""

from __future__ import annotations

import pytest

from tests.browser.support import ERRORS, open_page, wait_for_run


@pytest.mark.parametrize(
    ("path", "title", "charts"),
    [
        ("course_results", "The course's results", 2),
        ("shapes", "Shapes and equations", 0),
        ("vectorization", "Vectorization and the computation graph", 2),
    ],
)
def test_page_renders_without_error(page, app_url, path, title, charts):
    open_page(page, app_url, path)
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    if charts:
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
            timeout=30_000,
        )
    else:
        page.locator('[data-testid="stTable"]').first.wait_for(timeout=30_000)
        # The layer's 6 equations are typeset by KaTeX, none refused as bad LaTeX.
        page.wait_for_function(
            "document.querySelectorAll('.stMarkdown .katex-display').length >= 6",
            timeout=30_000,
        )
        assert page.locator(".katex-error").count() == 0
    assert page.locator(ERRORS).count() == 0


def test_vectorization_button_shows_the_timings(page, app_url):
    open_page(page, app_url, "vectorization")
    page.get_by_role("button", name="Time the forward pass on this machine").click()
    page.get_by_text("Loops are slower by").wait_for(timeout=30_000)
    wait_for_run(page, timeout=30_000)
    assert page.locator('[data-testid="stMetric"]').count() == 3
    assert page.locator(ERRORS).count() == 0
