"""The page "Why deep" in real Chromium: its chart of units against n is drawn, no error."""

from __future__ import annotations

from tests.browser.support import ERRORS, open_page

# The first visit replays the shipped n = 2..6 results (assets/measured.json): no training.
FIRST_RUN_MS = 60_000


def test_why_deep_draws_its_chart(page, app_url):
    open_page(page, app_url, "why_deep", timeout=FIRST_RUN_MS)
    page.get_by_role("heading", name="Why deep").first.wait_for(timeout=30_000)
    # Five lines (two trained counts, the hand-set network, the two gate counts), n = 2..6.
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 5",
        timeout=FIRST_RUN_MS,
    )
    assert page.locator(".js-plotly-plot .scatterlayer .trace .point").count() >= 25
    page.get_by_role("button", name="Extend to n = 7").wait_for(timeout=30_000)
    assert page.locator(ERRORS).count() == 0
