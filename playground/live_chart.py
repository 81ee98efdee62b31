"""The live chart component's Python side, and the one definition of what it is sent.

The component (``components/live_chart``: an index.html and a hand-written JS file, no build)
draws the base figures once and applies each frame in place: no remount, no blank frame.
Panels of kind "curve" (the training curves) it draws on a canvas of its own. Plotly panels
use the plotly.min.js that the ``plotly`` package ships (no CDN), with ``Plotly.react`` and a
constant ``layout.uirevision`` so the user's zoom is kept; a view with ``plotly_loading =
"lazy"`` (the Playground) starts with the component's own drawings of its Plotly panels and
loads plotly.js (about a second of the browser's main thread) only when the pointer comes
over one or the page is idle, so the page answers Play at once. Frames are coalesced with
``requestAnimationFrame``: a slow browser draws the latest frame and skips the rest.

What the component is sent (``render``), each time:

- ``spec``: the Session's version (new data, weights or display);
- ``base`` (``base_payload``), only when the figures change:
  ``{"spec", "plotly": "lazy"|"eager", "plotly_src", "panels": [{"name", "width", "kind",
  "figure"}]}``, each figure a Plotly figure as plain JSON (a ``Panel``);
- ``frame`` (``frame_message``), every frame: what the view's ``frame`` returns,
  ``{"figures": {name: {"traces": {index: {prop: value}}} | {"data": [...]} |
  {"image": grid}}, "stats": [stat(...)], "epoch"}``, plus what the loop adds: ``spec``,
  ``seq`` (grows across runs; the browser skips a number it holds), ``ack`` (answer once
  drawn: the pull loop), ``paced`` (None, "browser" or "server"), ``sent`` (server time in
  ms: the browser measures how late frames arrive), ``status`` and ``status_text``.

What it sends back (its value, ``st.session_state[key]``): ``{"spec", "ack": seq, "late"}``
after drawing a frame that asked for it (``late``: ms it was drawn later than the quickest
frame arrived, or null), ``{"behind": seq}`` when frames reach it more than 2.5 s
late, ``{"need_base": n}`` when a frame names a spec it does not hold, and, after a zoom of
the boundary, ``"view": [x0, x1, y0, y1]`` (read with ``zoom_view``).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import plotly
import plotly.graph_objects as go
import streamlit.components.v1 as components

from playground.state import Session
from playground.streamlit_private import render_again

SOURCE_DIR = Path(__file__).resolve().parent / "components" / "live_chart"

# Both folders are served straight from the installed packages (nothing is copied, no
# temporary folder is trusted): our index.html and live_chart.js, and the plotly.min.js that
# the ``plotly`` package ships, through a second v1 component that is declared only so that
# Streamlit serves its folder and is never rendered. v1 components are served side by side
# under Streamlit's component path, so the chart's iframe reaches plotly.js by a relative URL.
chart = components.declare_component("live_chart", path=str(SOURCE_DIR))
plotly_files = components.declare_component(
    "plotly_js", path=str(Path(plotly.__file__).resolve().parent / "package_data"))
PLOTLY_SRC = f"../{plotly_files.name}/plotly.min.js"


@dataclass
class Panel:
    """One figure of the live chart: its name, its width (fraction of the row), the figure.

    ``kind`` says who draws it in the browser: "plotly" (Plotly, with its hover, zoom and
    pan), or "curve" for a line chart of a few traces (a training curve), which the component
    draws on a canvas of its own from the same figure JSON (title, axis titles and type,
    range, trace names, colours, dashes), with a hover that reads the values under the
    cursor. A curve redraws in well under a millisecond where Plotly.react takes 10-15 ms,
    and it is redrawn every frame.
    """

    name: str
    width: float
    figure: go.Figure
    kind: str = "plotly"


def stat(id_: str, label: str, value: str) -> dict:
    """One item of the stats line; ``id_`` becomes the HTML id (e.g. ``#epoch``)."""
    return {"id": id_, "label": label, "value": value}


class LiveView(Protocol):
    """What a page draws live (``plane_view.PlaneView``, ``housing_view.HousingView``).

    - ``base_figures(session) -> list[Panel]``: the full Plotly figures (from the pure
      builders), sent once per script run, or when the browser asks for them.
    - ``frame(session, slow) -> dict``: only the numbers that move (the ``frame`` format
      above). ``slow`` is True about every ``live.SLOW_EVERY`` seconds: the time to refresh
      costly parts (the network diagram). Every number must be finite: the session stops
      at divergence before a frame is built.
    """

    # "lazy": the component draws its Plotly panels itself until the pointer comes over one
    # or the page is idle, then loads plotly.js (about a second of the browser's main
    # thread); "eager": it loads plotly.js right after the first paint.
    plotly_loading: str

    def base_figures(self, session: Session) -> list[Panel]: ...

    def frame(self, session: Session, slow: bool) -> dict: ...


def to_json(fig: go.Figure) -> dict:
    # Plain lists (no numpy) so Streamlit can json.dumps the component's arguments.
    return json.loads(fig.to_json(validate=False))


def base_payload(view: LiveView, session: Session) -> dict:
    """The ``base`` argument: built once per session.version and kept on the session (the
    frame sent with it brings the current numbers anyway)."""
    cached = session.cache.get("live_base")
    if cached is not None and cached[0] == session.version:
        return cached[1]
    panels = view.base_figures(session)
    payload = {"spec": session.version,
               "plotly": getattr(view, "plotly_loading", "eager"), "plotly_src": PLOTLY_SRC,
               "panels": [{"name": p.name, "width": p.width, "kind": p.kind,
                           "figure": to_json(p.figure)} for p in panels]}
    session.cache["live_base"] = (session.version, payload)
    return payload


def frame_message(view_frame: dict, session: Session, *, seq: int, ack: bool, paced,
                  status: tuple[str, str]) -> dict:
    """The ``frame`` argument: the view's frame and what the loop adds to it."""
    frame = dict(view_frame)
    frame.setdefault("epoch", session.epoch)  # the epoch the pictures show
    frame["spec"] = session.version
    frame["seq"] = seq
    frame["ack"] = ack
    frame["paced"] = paced
    frame["sent"] = round(time.time() * 1000)
    frame["status"], frame["status_text"] = status
    return frame


def render(slot, key: str, session: Session, base: dict | None, frame: dict) -> None:
    """Send one frame (and the base, if given) to the component ``key`` in ``slot``: an
    in-place update, as often as needed within one script run."""
    render_again(key)
    with slot:
        chart(spec=session.version, base=base, frame=frame, key=key, default=None)


def zoom_view(raw) -> list[float] | None:
    """The browser's visible range of the picture [x0, x1, y0, y1] after a zoom, checked
    (four finite numbers, each span positive and not absurdly large), or None."""
    try:
        view = [float(v) for v in raw]
    except (TypeError, ValueError):
        return None
    if len(view) != 4 or not all(np.isfinite(view)):
        return None
    if not (0 < view[1] - view[0] < 1e6 and 0 < view[3] - view[2] < 1e6):
        return None
    return view
