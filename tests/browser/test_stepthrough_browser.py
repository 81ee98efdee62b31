"""The step-through in a real browser: click a point of the picture to choose the example,
walk with the arrow keys to the update, and read the diagram's numbers against the values
the page's equations show (KaTeX keeps each equation's source in its MathML annotation)."""

from __future__ import annotations

import re
import time

from tests.browser.support import ERRORS, open_page, wait_for_run

HEADING = "text=/^Block \\d+ of \\d+|^Summary:/"
NUMBER = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"
POINT = 17  # the training example to click
SLOW = 120_000  # ms: a run can take long on a machine shared by many test processes


def _heading(page) -> str:
    return page.locator(HEADING).first.inner_text()


def _equation_values(page, name: str) -> list[str]:
    # The numbers of the last matrix of the page's value line "name &= ... &= [values]".
    for tex in page.locator('annotation[encoding="application/x-tex"]').all_text_contents():
        size = r"^(\\[a-z]+size |\\small )?"  # a long line is set smaller
        if re.match(size + r"\\begin\{aligned\}" + re.escape(name) + " &", tex):
            last = tex.rsplit("&= ", 1)[1]
            body = last.split(r"\begin{bmatrix}")[1].split(r"\end{bmatrix}")[0]
            return re.findall(NUMBER, body.replace("&", " "))
    raise AssertionError(f"no value line for {name} on the page")


def _diagram_labels(page) -> list[str]:
    diagram = page.locator('[data-testid="stPlotlyChart"]').nth(1)
    return [t for t in diagram.locator("g.textpoint").all_text_contents() if t]


def _wait_heading(page, start: str, timeout: float = 120.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = _heading(page)
        if text.startswith(start):
            return text
        time.sleep(0.2)
    raise AssertionError(f"the page never reached {start!r}; it shows {_heading(page)!r}")


def _press(page, key: str, expect: str) -> None:
    page.keyboard.press(key)
    _wait_heading(page, expect)
    wait_for_run(page, SLOW)


def test_click_a_point_then_step_with_the_keys_to_the_update(page, app_url):
    open_page(page, app_url, "?units=3")
    page.get_by_text("Step through one example, block by block").click()
    page.get_by_text("Block 1 of 8").wait_for(timeout=SLOW)
    wait_for_run(page, SLOW)

    # Click training point POINT on the picture: its pixel position from Plotly's own axes.
    picker = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first
    picker.locator(".scatterlayer .trace").nth(0).wait_for(timeout=SLOW)
    picker.scroll_into_view_if_needed()
    x, y = picker.evaluate(
        """(g, i) => {
            const d = g._fullData[1], xa = g._fullLayout.xaxis, ya = g._fullLayout.yaxis;
            return [xa._offset + xa.l2p(d.x[i]), ya._offset + ya.l2p(d.y[i])];
        }""", POINT)
    box = picker.bounding_box()
    # Plotly takes the clicked point from its hover, computed on the next animation frame
    # after the mouse moves: hover first, then click.
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.locator(".hoverlayer .hovertext").first.wait_for(timeout=SLOW)
    page.mouse.click(box["x"] + x, box["y"] + y)
    index = page.get_by_label(re.compile(r"^Example \(0 to"))
    deadline = time.monotonic() + SLOW / 1000
    while index.input_value() != str(POINT) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert index.input_value() == str(POINT)
    wait_for_run(page, SLOW)
    assert page.get_by_text(f"Example {POINT}: x = (").count() == 1

    # The keys work once the focus is on the page, not in a field.
    page.locator("h1").first.click()
    _press(page, "ArrowRight", "Block 2 of 8: Forward, layer 2")
    labels = _diagram_labels(page)
    # Units: x1, x2, then layer 1's three "z = .. a = ..", then the output's.
    assert len(labels) == 6
    z_out, a_out = re.findall(NUMBER, labels[5].split("=", 1)[1])
    assert [z_out] == _equation_values(page, "Z^{[2]}")
    assert [a_out] == _equation_values(page, "A^{[2]}")
    layer1 = [re.findall(NUMBER, t.split("a =")[1])[0] for t in labels[2:5]]
    page.keyboard.press("ArrowLeft")
    _wait_heading(page, "Block 1 of 8")
    wait_for_run(page, SLOW)
    assert layer1 == _equation_values(page, "A^{[1]}")

    _press(page, "ArrowRight", "Block 2 of 8")
    for expect in ("Block 3 of 8: Cost", "Block 4 of 8: Output error", "Block 5 of 8: Backward"):
        _press(page, "ArrowRight", expect)
    # Backward, layer 2 computes dZ[1]: the diagram now shows dz on layers 1 and 2.
    labels = _diagram_labels(page)
    dz = [re.findall(NUMBER, t)[0] for t in labels if t.startswith("dz")]
    assert dz[:3] == _equation_values(page, "dZ^{[1]}")
    assert len(dz) == 4
    output_dz = dz[3]

    _press(page, "ArrowRight", "Block 6 of 8: Backward, layer 1")
    _press(page, "ArrowRight", "Block 7 of 8: Update, layer 1")
    labels = _diagram_labels(page)
    assert [re.findall(NUMBER, t)[0] for t in labels if t.startswith("dz")][3] == output_dz
    # The update's values are the old weights moved by alpha times the gradient.
    W_new = [float(v) for v in _equation_values(page, "W^{[1]}")]
    assert len(W_new) == 6
    diagram = page.locator('[data-testid="stPlotlyChart"]').nth(1)
    assert "dW[1]" in diagram.inner_text()  # the edges are coloured by the gradient now
    assert page.locator(ERRORS).count() == 0
    assert page.locator(".katex-error").count() == 0
