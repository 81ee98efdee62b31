"""The Playground's "Watch the gradients flow": a folded panel that shows, per layer of the
current network, the distribution of A[l] with its saturated or dead share, ||dW[l]|| over
the epochs (log scale) and the distribution of W[l].

``panel(prefix)`` is drawn inside the live fragment (``live.live_panel(..., after=panel)``):
the toggle, and while it is on a line saying what is shown. The figure itself is one more
panel of the live chart (``playground.diagnostics_live``), fed by the frames while training
plays, so it moves with the other figures; the gradient-norm curve is recorded all the time
by the Session (``Session.grad_log``), so it covers the whole run from the moment it opens.
"""

from __future__ import annotations

import streamlit as st

from engine.diagnostics import SATURATION_THRESHOLD
from playground import diagnostics_live
from playground.state import Session

TOGGLE = "Watch the gradients flow"


def panel(prefix: str) -> None:
    """The toggle (off by default); it opens the live chart's diagnostics panel for
    st.session_state[f"{prefix}_session"]. Widget key f"{prefix}_diag_on"."""
    on = st.toggle(
        TOGGLE, key=f"{prefix}_diag_on",
        help="Per layer: how the outputs a are spread, how large the gradient ‖dW[l]‖ is "
             "over the epochs, how the weights are spread.",
    )
    session: Session = st.session_state[f"{prefix}_session"]
    diagnostics_live.set_on(session, on)
    if on:
        m = diagnostics_live.examples(session)
        st.caption(
            f"Above, under the curves, live while training (about once a second): per layer, "
            f"a[l] over {m:,} training examples (saturated: |g′(z)| < "
            f"{SATURATION_THRESHOLD:g}; dead: g′(z) = 0), ‖dW[l]‖ over the epochs (log scale: "
            "vanishing gradients fall, exploding ones climb), W[l]."
        )
