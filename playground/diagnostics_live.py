"""Watch the gradients flow, live: the diagnostics figure as one more panel of the live chart.

While the panel is open (``set_on``), ``DiagnosticsView`` wraps the page's live view: its
base figures get a full-width "diagnostics" panel (``figures.diagnostics``) under the
curves, and its frames carry that figure's new traces and titles (plain dicts,
``diagnostics_parts``) at most every ``EVERY`` seconds while training plays, preferably on
a frame that does not also carry the network diagram, and on every frame sent while paused
(after Pause, Step, Reset). Closed, the wrapper adds nothing: not one statistic is
computed and the frames are those of the page's own view.

Opening or closing it bumps ``Session.version``: the chart rebuilds its panels once (as a
new display setting does), so the browser never holds a panel the frames do not feed.
No Streamlit here.
"""

from __future__ import annotations

import time

from engine.diagnostics import layer_statistics
from playground.figures.diagnostics import diagnostics_figure, diagnostics_parts
from playground.live_chart import Panel
from playground.state import Session

PANEL = "diagnostics"
EVERY = 1.0        # seconds between frames that carry the panel while training plays
MAX_EXAMPLES = 2000  # the statistics on at most this many training examples (the first ones)
_ON, _SENT = "diag_live", "diag_sent"  # session.cache keys


def is_on(session: Session) -> bool:
    return bool(session.cache.get(_ON))


def set_on(session: Session, on: bool) -> bool:
    """Open or close the live panel; True if that changed (then the version is bumped)."""
    if is_on(session) == bool(on):
        return False
    session.cache[_ON] = bool(on)
    session.cache.pop(_SENT, None)
    session.version += 1
    return True


def _parts(session: Session, *, figure: bool):
    net = session.drawable_network()
    X = session.inputs(session.data.X_train[:, :MAX_EXAMPLES])  # what the network sees
    Y = session.data.Y_train[:, :MAX_EXAMPLES]
    # The trainer's loss: with K classes it is the categorical one, whatever the field says.
    stats = layer_statistics(net, X, Y, loss=session.trainer.loss, l2=session.setup.l2)
    epochs, norms = session.grad_log.series()
    build = diagnostics_figure if figure else diagnostics_parts
    return build(stats, epochs, norms, layer_dims=net.layer_dims,
                 epoch=session.drawable_epoch)


def examples(session: Session) -> int:
    """How many training examples the statistics are taken on."""
    return min(session.data.X_train.shape[1], MAX_EXAMPLES)


def base_figure(session: Session):
    """The panel's full figure; it needs Plotly (bars on many axes), so the chart loads
    plotly.js at once instead of drawing its own preview (``meta.needs_plotly``)."""
    fig = _parts(session, figure=True)
    fig.update_layout(meta={"needs_plotly": True})
    return fig


def frame_update(session: Session) -> dict:
    """The figure update a frame carries: all traces and the axes, titles and notes."""
    parts = _parts(session, figure=False)
    return {"data": parts["data"], "layout": parts["layout"]}


def due(session: Session, slow: bool, now: float | None = None) -> bool:
    """Does this frame carry the panel? Always while paused; while playing at most every
    EVERY seconds, and not on a diagram frame (``slow``) unless none came for 3 x EVERY."""
    if not session.playing:
        return True
    now = time.perf_counter() if now is None else now
    waited = now - session.cache.get(_SENT, float("-inf"))
    if waited < EVERY or (slow and waited < 3 * EVERY):
        return False
    session.cache[_SENT] = now
    return True


class DiagnosticsView:
    """A page's live view with the diagnostics panel added while it is open."""

    def __init__(self, view) -> None:
        self.view = view

    def __getattr__(self, name):  # heights, plotly_loading...: the page's view's
        return getattr(self.view, name)

    def base_figures(self, session: Session) -> list[Panel]:
        panels = self.view.base_figures(session)
        if is_on(session):
            panels = [*panels, Panel(PANEL, 1.0, base_figure(session))]
        return panels

    def frame(self, session: Session, slow: bool) -> dict:
        frame = self.view.frame(session, slow)
        if is_on(session) and due(session, slow):
            frame["figures"] = {**frame["figures"], PANEL: frame_update(session)}
        return frame
