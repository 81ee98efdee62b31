"""Pages A in real Chromium: each renders its title, its Plotly figures and no error."""

from __future__ import annotations

import pytest

from tests.browser.support import ERRORS, open_page, wait_for_run

PLOTS = ".js-plotly-plot .main-svg"



def _wait_for_plots(page, n: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot').length >= {n}", timeout=60_000
    )


@pytest.mark.parametrize(
    ("path", "title", "charts"),
    [
        ("activations", "Activations and their derivatives", 2),
        ("linear_collapse", "Why linear activations collapse", 3),
        ("initialization", "Initialization", 3),
    ],
)
def test_page_renders_without_error(page, app_url, path, title, charts):
    open_page(page, app_url, path)
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    _wait_for_plots(page, charts)
    assert page.locator(PLOTS).count() >= charts
    assert page.locator(".katex-error").count() == 0  # every formula typeset
    assert page.locator(ERRORS).count() == 0


def test_activations_overlay_and_collapse_retrain_stay_error_free(page, app_url):
    open_page(page, app_url, "activations")
    page.get_by_text("Overlaid", exact=True).click()
    wait_for_run(page, timeout=60_000)
    _wait_for_plots(page, 2)
    assert page.locator(ERRORS).count() == 0

    open_page(page, app_url, "linear_collapse")
    page.get_by_role("button", name="Train both networks").click()
    wait_for_run(page, timeout=120_000)
    _wait_for_plots(page, 3)
    page.get_by_text("Largest |deep network − (W′x + b′)|").first.wait_for(timeout=30_000)
    assert page.locator(ERRORS).count() == 0
