"""The teaching pages' colours: one place per activation, distinct for colour-blind students,
and every legend colour is a colour the chart really draws (issue 12, "Colour").

Colour-vision deficiencies are simulated with the matrices of Machado, Oliveira and Fernandes
(2009), "A physiologically-based model for simulation of color vision deficiency", severity
1.0 (a full dichromat: the hardest case), applied to linear RGB. Distances are CIE76 ΔE in
CIELAB (D65).

Threshold: ΔE76 = 2.3 is about the smallest difference one sees between two large patches
side by side. A 3 px curve on a projected chart, matched to a legend entry across the plot,
needs far more; we ask for 20 (about nine such steps). The pair a student reported as "both
grey" (tanh #009E73 and leaky ReLU #CC79A7 under deuteranopia) is 17.9 apart: below it.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from engine.activations import ACTIVATIONS, get_activation
from playground.figures import teaching as tf
from playground.lessons import activations as act_page
from playground.lessons import initialization as init_page
from playground.lessons import linear_collapse as collapse_page

MIN_DELTA_E = 20.0

# Machado et al. (2009), Table 1, severity 1.0; rows give the simulated linear R, G, B.
CVD = {
    "normal vision": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
WHITE_D65 = np.array([0.95047, 1.0, 1.08883])


def _rgb(hex_color: str) -> np.ndarray:
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", hex_color), hex_color
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]) / 255.0


def _linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    t = SRGB_TO_XYZ @ np.clip(linear_rgb, 0.0, 1.0) / WHITE_D65
    d = 6 / 29
    f = np.where(t > d ** 3, np.cbrt(t), t / (3 * d * d) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_as(hex_color: str, vision: str) -> np.ndarray:
    """CIELAB of ``hex_color`` as a person with ``vision`` sees it."""
    return _lab(CVD[vision] @ _linear(_rgb(hex_color)))


def delta_e(a: str, b: str, vision: str) -> float:
    return float(np.linalg.norm(seen_as(a, vision) - seen_as(b, vision)))


def closest_pair(colors: dict[str, str], vision: str) -> tuple[float, str, str]:
    return min((delta_e(colors[a], colors[b], vision), a, b)
               for a, b in itertools.combinations(colors, 2))


def test_the_simulation_keeps_white_and_greys_and_merges_red_with_green():
    for vision, m in CVD.items():
        np.testing.assert_allclose(m.sum(axis=1), 1.0, atol=1e-5, err_msg=vision)
        assert delta_e("#FFFFFF", "#FFFFFF", vision) == 0
        assert abs(seen_as("#777777", vision)[1:]).max() < 0.5  # a grey stays grey
    # The classic confusion: a red and a green of the same lightness.
    assert delta_e("#B35900", "#6B7A00", "deuteranopia") < 0.3 * delta_e(
        "#B35900", "#6B7A00", "normal vision")


def test_the_reported_grey_pair_fails_the_threshold():
    # What the issue saw: the old tanh and leaky ReLU colours, both grey for a deuteranope.
    assert delta_e("#009E73", "#CC79A7", "deuteranopia") < MIN_DELTA_E


def test_each_activation_has_its_colour_in_its_registry_record():
    for name, act in ACTIVATIONS.items():
        assert re.fullmatch(r"#[0-9A-F]{6}", act.color), (name, act.color)
        assert tf.color_for(name) == act.color
    # Leaky ReLU with another slope is a new record: same colour.
    assert get_activation("leaky_relu", alpha=0.2).color == ACTIVATIONS["leaky_relu"].color


@pytest.mark.parametrize("vision", list(CVD))
def test_activation_colours_stay_distinct(vision):
    colors = {name: act.color for name, act in ACTIVATIONS.items()}
    distance, a, b = closest_pair(colors, vision)
    assert distance >= MIN_DELTA_E, f"{a} and {b}: ΔE {distance:.1f} under {vision}"


@pytest.mark.parametrize("vision", list(CVD))
def test_initialization_colours_stay_distinct(vision):
    # The Initialization page draws all five in one chart.
    colors = {key: tf.color_for(key) for key in init_page.INIT_CHOICES}
    distance, a, b = closest_pair(colors, vision)
    assert distance >= MIN_DELTA_E, f"{a} and {b}: ΔE {distance:.1f} under {vision}"


# ----------------------------------------------------------------------------- legends


def _rgba(color) -> tuple | None:
    """'#RRGGBB' or 'rgba(r, g, b, a)' -> (r, g, b, a); anything else None."""
    if not isinstance(color, str):
        return None
    if color.startswith("#") and len(color) == 7:
        return (*(int(color[i:i + 2], 16) for i in (1, 3, 5)), 1.0)
    m = re.fullmatch(r"rgba?\(([^)]*)\)", color.replace(" ", ""))
    if m:
        parts = [float(p) for p in m.group(1).split(",")]
        return (*(int(p) for p in parts[:3]), parts[3] if len(parts) == 4 else 1.0)
    return None


def _colors_of(obj) -> set:
    found = set()
    for attr in ("line", "marker"):
        part = getattr(obj, attr, None)
        color = getattr(part, "color", None) if part is not None else None
        for c in (color if isinstance(color, list | tuple) else [color]):
            if _rgba(c):
                found.add(_rgba(c))
    if _rgba(getattr(obj, "fillcolor", None)):
        found.add(_rgba(obj.fillcolor))
    return found


def _drawn(trace) -> bool:
    x = trace.x if trace.x is not None else ()
    return any(v is not None for v in x) or trace.type != "scatter"


def legend_colors_missing_from_the_chart(fig) -> list[str]:
    """Legend entries whose colour nothing in the chart is drawn in (a neutral grey that only
    names a dash style is allowed)."""
    drawn = set()
    for trace in fig.data:
        if _drawn(trace):
            drawn |= _colors_of(trace)
    for shape in fig.layout.shapes:
        drawn |= _colors_of(shape)
    missing = []
    for trace in fig.data:
        if trace.showlegend is False or not trace.name:
            continue
        own = _colors_of(trace)
        neutral = all(r == g == b for r, g, b, _ in own)
        if own and not own & drawn and not neutral:
            missing.append(trace.name)
    return missing


def _page_activation_figure(names, overlay):
    curves = act_page.activation_curves(tuple(names), -6.0, 6.0, 0.05)
    shaded = {c["name"]: c["saturation"] for c in curves if c["saturation"]}
    return tf.activation_figure(curves[0]["z"], curves, overlay=overlay, saturation=shaded)


@pytest.mark.parametrize("overlay", [False, True])
@pytest.mark.parametrize("names", [["sigmoid", "tanh", "relu", "leaky_relu"],
                                   list(ACTIVATIONS), ["tanh"]])
def test_every_legend_colour_of_the_activations_chart_is_drawn(names, overlay):
    # "Sigmoid saturates" had a legend square in a colour the faint bands never showed.
    fig = _page_activation_figure(names, overlay)
    assert any(t.name.endswith("saturates") for t in fig.data)
    assert legend_colors_missing_from_the_chart(fig) == []
    # ... and each band shows its own colour, not a mixture: sigmoid's bands (|z| > 2.9) lay
    # inside tanh's (|z| > 2.2), so sigmoid's tint was only ever seen mixed with tanh's.
    shapes = list(fig.layout.shapes)
    for a, b in itertools.combinations(shapes, 2):
        if a.fillcolor == b.fillcolor or (a.xref != b.xref):
            continue
        x_overlap = min(a.x1, b.x1) > max(a.x0, b.x0)
        y_overlap = min(a.y1, b.y1) > max(a.y0, b.y0)
        assert not (x_overlap and y_overlap), (a, b)


def test_every_legend_colour_of_the_other_teaching_charts_is_drawn():
    runs = init_page.compare_inits(tuple(init_page.INIT_CHOICES), "tanh", "circle", (4,), 30,
                                  0.5)["runs"]
    figures = [
        tf.cost_curves_figure([{"key": r["key"], "label": r["label"], "epoch": r["epoch"],
                                "cost": r["cost"]} for r in runs], log_y=True),
        tf.gradient_norms_figure([{"key": r["key"], "label": r["label"],
                                   "epoch": r["grad_epoch"], "norms": r["grad_norms"]}
                                  for r in runs]),
    ]
    reg = collapse_page.regression_output_demo(epochs=20)
    figures.append(tf.regression_fit_figure(
        reg["size"], reg["price"],
        [{"key": r["key"], "label": r["label"], "x": r["fit_x"], "y": r["fit_y"]}
         for r in reg["runs"]]))
    for fig in figures:
        assert legend_colors_missing_from_the_chart(fig) == []
