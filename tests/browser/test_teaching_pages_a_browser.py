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


# Every pill's right edge inside its group's box, and its text not clipped: the multiselect
# these replaced cut "Leaky ReLU" to "Leaky" and hid "He" at 1280 px.
CLIPPED_PILLS = """() => {
  const out = [];
  for (const group of document.querySelectorAll('[data-testid="stButtonGroup"]')) {
    const box = group.getBoundingClientRect();
    for (const b of group.querySelectorAll('button')) {
      const r = b.getBoundingClientRect();
      if (r.right > box.right + 0.5 || r.left < box.left - 0.5 || b.scrollWidth > b.clientWidth + 1)
        out.push(b.innerText);
    }
  }
  return out;
}"""


@pytest.mark.parametrize(("path", "names"), [
    ("activations", ["Sigmoid", "Tanh", "ReLU", "Leaky ReLU", "Linear"]),
    ("initialization", ["Zeros", "Random × 0.01", "Random × large", "Xavier", "He"]),
])
def test_every_choice_is_readable_at_1280_px(chromium, app_url, path, names):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        open_page(page, app_url, path)
        _wait_for_plots(page, 1)
        for name in names:
            assert page.get_by_role("button", name=name, exact=True).is_visible()
        assert page.evaluate(CLIPPED_PILLS) == []
        assert page.locator(ERRORS).count() == 0
    finally:
        context.close()


def test_a_changed_choice_says_its_results_are_stale_until_trained(page, app_url):
    open_page(page, app_url, "linear_collapse")
    _wait_for_plots(page, 3)
    page.get_by_role("slider", name="Hidden layers").first.focus()
    page.keyboard.press("ArrowLeft")  # 4 -> 3 hidden layers
    wait_for_run(page, timeout=60_000)
    notice = page.get_by_text("still those of the previous choice")
    notice.wait_for(timeout=30_000)
    assert "Hidden layers: 4 → 3" in notice.inner_text()
    page.get_by_role("button", name="Train both networks").click()
    notice.wait_for(state="detached", timeout=120_000)
    page.get_by_text("3 hidden layers of 6 units").first.wait_for(timeout=30_000)
    assert page.locator(ERRORS).count() == 0
