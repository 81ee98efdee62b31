"""The look every figure shares: class colours, colour scales, fonts, margins, template.

One place, so the Playground, the housing page and the teaching pages draw class 0 in the
same blue and class 1 in the same orange, and a projector-sized font is one number. The
colours follow TensorFlow Playground: blue for class 0 / negative, orange for class 1 /
positive, white in between. Activation and initialization colours are not here: they belong
to the registry records (``engine.activations``) and the teaching palette.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

# ------------------------------------------------------------------ classes and signs
BLUE = "#1f6fb4"          # class 0, negative values
ORANGE = "#f28e2b"        # class 1 on the live boundary's saturated colours
# Class 1 drawn over light tints (the teaching pages' regions): #f28e2b vanished on light
# orange, this deeper orange keeps a dot visible (contrast ratio >= 2.5 on a projector).
DEEP_ORANGE = "#d9700f"
CLASS_COLORS = (BLUE, DEEP_ORANGE)  # y = 0, y = 1 over light regions
NEG_EDGE = "#2f7fc1"      # a negative weight in the network diagram
POS_EDGE = "#f0861f"      # a positive weight
BOUNDARY_LINE = "#222222"  # the 0.5 line of a decision boundary
INK = "#333333"           # text and neutral curves

# ------------------------------------------------------------------ colour scales
# The live boundary: probability 0 -> blue, 0.5 -> white, 1 -> orange (saturated ends).
DIVERGING = [[0.0, "#0f5fa8"], [0.25, "#8cbbe0"], [0.5, "#f7f7f7"], [0.75, "#f9c48f"],
             [1.0, "#d9700f"]]
# Only the side of the 0.5 threshold: a two-colour step scale.
THRESHOLD = [[0.0, "#a9cbe8"], [0.5, "#a9cbe8"], [0.5, "#fbd2a6"], [1.0, "#fbd2a6"]]
# Unit pictures in the network diagram: activation -1 -> blue, 0 -> white, +1 -> orange.
UNIT_SCALE = [[0.0, "#0f5fa8"], [0.5, "#f7f7f7"], [1.0, "#d9700f"]]
# K classes (softmax output), Okabe-Ito's colour-blind-safe set: blue, orange, vermillion,
# reddish purple, bluish green; and the confusion matrix's counts, white to that blue.
MULTICLASS_COLORS = ("#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#009E73")
CONFUSION_SCALE = [[0.0, "#f7fbff"], [1.0, "#0072B2"]]
# Compare mode's runs A..D (their curves and picture titles), also Okabe-Ito: blue,
# vermillion, bluish green, reddish purple, told apart with any colour vision.
RUN_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
# The cost J(w1, w2) drawn as a surface (logistic-regression page): light where J is low.
COST_SURFACE_SCALE = [[0.0, "#f7fbff"], [0.35, "#c6dbef"], [0.7, "#6baed6"], [1.0, "#2171b5"]]
# Decision regions under dots (teaching pages): ŷ = 0 -> light blue, 0.5 -> white,
# 1 -> light orange, light enough that each class's dots stay visible on their own side.
PROBABILITY_SCALE = [[0.0, "#c6dbef"], [0.5, "#f7f7f7"], [1.0, "#fde0c5"]]

# ------------------------------------------------------------------ type and layout
TEMPLATE = "plotly_white"
FONT_SIZE = 16            # teaching pages: read on a projector from the back of a room
TITLE_SIZE = 20
LIVE_FONT_SIZE = 15       # the live pages put three figures side by side
# Margins (px) around the plot area; a title needs room above it.
PAGE_MARGIN = {"l": 60, "r": 20, "b": 55}
PAGE_TOP = {"title": 70, "none": 40}
LIVE_MARGIN = {"l": 50, "r": 15, "t": 40, "b": 45}
HOUSING_MARGIN = {"l": 70, "r": 20, "t": 60, "b": 50}  # dollar tick labels are wide


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """'#RRGGBB' -> (r, g, b)."""
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def tint(colour: str, alpha: float) -> str:
    """'#RRGGBB' -> 'rgba(r, g, b, alpha)' (a see-through version of a colour)."""
    r, g, b = hex_rgb(colour)
    return f"rgba({r}, {g}, {b}, {alpha})"


def page_layout(fig: go.Figure, title: str | None = None, height: int = 420,
                **extra) -> go.Figure:
    """The teaching pages' look: projector fonts, a white template, room for the title.
    ``extra``: more layout (a legend's place, annotations...), merged over this."""
    margin = {**PAGE_MARGIN, "t": PAGE_TOP["title" if title else "none"]}
    fig.update_layout(
        title={"text": title, "font": {"size": TITLE_SIZE}} if title else None,
        font={"size": FONT_SIZE}, height=height, margin=margin,
        legend={"font": {"size": FONT_SIZE}}, template=TEMPLATE,
    )
    if extra:
        fig.update_layout(**extra)
    return fig


def live_layout(fig: go.Figure, height: int, *, margin: dict | None = None,
                font_size: int | None = LIVE_FONT_SIZE, **extra) -> go.Figure:
    """The live pages' look. uirevision stays constant: a live update (Plotly.react) keeps
    the user's zoom and pan. ``font_size`` None leaves Plotly's default font."""
    if font_size is not None:
        extra.setdefault("font", {"size": font_size})
    fig.update_layout(height=height, uirevision="keep", template=TEMPLATE,
                      margin=margin or LIVE_MARGIN, **extra)
    return fig


def png_data_uri(rgba: np.ndarray) -> str:
    """An RGBA array as a PNG data URI (for a Plotly layout image)."""
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba), "RGBA").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
