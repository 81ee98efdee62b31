"""The Playground's "Watch the gradients flow": a folded panel under the live figures that
shows, per layer of the current network, the distribution of A[l] with its saturated or dead
share, ||dW[l]|| over the epochs (log scale) and the distribution of W[l].

``panel(prefix)`` is drawn inside the live fragment (``live.live_panel(..., after=panel)``),
before its frame loop: the panel is redrawn after Play, Pause, Step, Reset and any rerun,
and the loop itself never pays for it. While training runs it keeps the picture of the moment
Play was pressed and says so; the gradient-norm curve is recorded all the time by the
Session (``Session.grad_log``), so on Pause it covers the whole run.
"""

from __future__ import annotations

import streamlit as st

from engine.diagnostics import SATURATION_THRESHOLD, layer_statistics
from playground.figures.diagnostics import diagnostics_figure
from playground.live import LOOP_MODE
from playground.state import Session

TOGGLE = "Watch the gradients flow"
MAX_EXAMPLES = 2000  # the statistics on at most this many training examples (the first ones)


def panel(prefix: str) -> None:
    """The toggle (off by default) and, when it is on, the figure for
    st.session_state[f"{prefix}_session"]. Widget key f"{prefix}_diag_on"."""
    on = st.toggle(
        TOGGLE, key=f"{prefix}_diag_on",
        help="Per layer: how the outputs a are spread, how large the gradient ‖dW[l]‖ is "
             "over the epochs, how the weights are spread.",
    )
    if on:
        _draw(st.session_state[f"{prefix}_session"], prefix)


def _figure(session: Session) -> tuple[int, int, object]:
    """(epoch, examples, figure) for the session's drawable network, built once per epoch
    shown. While training runs the figure of the last Pause, Step or Play is reused: in the
    pull loop (a paced session) every frame reruns the fragment, and rebuilding would make
    each frame pay for the statistics and the figure."""
    epoch, cached = session.drawable_epoch, session.cache.get("diag_fig")
    if cached is not None and cached[0] == session.version and (
            session.playing or cached[1] == epoch):
        return cached[1:]
    net = session.drawable_network()
    X = session.inputs(session.data.X_train[:, :MAX_EXAMPLES])  # what the network sees
    Y = session.data.Y_train[:, :MAX_EXAMPLES]
    stats = layer_statistics(net, X, Y, loss=session.setup.loss, l2=session.setup.l2)
    epochs, norms = session.grad_log.series()
    fig = diagnostics_figure(stats, epochs, norms, layer_dims=net.layer_dims, epoch=epoch)
    session.cache["diag_fig"] = (session.version, epoch, X.shape[1], fig)
    return epoch, X.shape[1], fig


def _draw(session: Session, prefix: str) -> None:
    if session.playing and (session.cache.get("paced") or LOOP_MODE == "pull"):
        # The pull loop reruns the fragment for every frame: the figure would be sent again
        # with each one (measured: about half the frame rate of a busy machine).
        st.caption("Training… this connection is slow, so the panel waits: Pause (or Step) "
                   "shows it.")
        return
    epoch, m, fig = _figure(session)
    when = (
        f"Shown for epoch {epoch:,}, as it was when Play was pressed: Pause (or Step) "
        "refreshes it, so the live pictures above keep their speed."
        if session.playing else f"Epoch {epoch:,}: Step or Play and Pause to see it change."
    )
    st.caption(
        f"{when} Per layer: a[l] over {m:,} training examples (saturated: |g′(z)| < "
        f"{SATURATION_THRESHOLD:g}; dead: g′(z) = 0), ‖dW[l]‖ over the epochs (log scale: "
        "vanishing gradients fall, exploding ones climb), W[l]."
    )
    st.plotly_chart(fig, key=f"{prefix}_diag_fig", theme=None,
                    config={"displayModeBar": False})
