"""Presenter mode: the Playground sized for a projector (1280 x 720 and 1920 x 1080).

A switch at the top of the sidebar, or ``?present=1`` in the link (kept in the address
bar while it is on). In presenter mode the page drops its title and introduction, the
sidebar starts collapsed, the picture, the diagram and the two curves fill the screen under
one row of what a presenter needs (the learning rate, the shortcuts' "?" and the way out),
and Play/Pause, Step and Reset answer the keyboard (``SHORTCUTS``). The CSS is
``PRESENTER_CSS``, injected by ``app.py`` next to the app's own (the one place CSS is set).
"""

from __future__ import annotations

import streamlit as st

from playground.plane_view import PlaneView
from playground.widgets import log_options

KEY = "presenter"          # the switch's session-state key (app.py reads it too)
FLAG = "present"           # ?present=1
# Streamlit reserves "R" (rerun) and "C" (clear cache) even with modifiers, so Reset is
# "0" (back to epoch 0).
SHORTCUTS = {"play": "Space", "step": "S", "reset": "0"}
SHORTCUT_TEXT = (("Space", "Play / Pause"), ("S", "Step: one epoch"),
                 ("0", "Reset: new weights, epoch 0"),
                 ("← →", "the step-through's previous and next block (when it is open)"))

# The page draws no title or introduction (views/playground.py); Streamlit's header keeps
# only its buttons (the sidebar's, the menu), over the row's empty ends. ``LARGE_CSS``: the
# type 1.3 times larger on a 1920 x 1080 screen. (CSS zoom would scale everything at once,
# but the live chart's iframe then lays out wider than its column.)
PRESENTER_CSS = """
<style>
[data-testid="stHeader"] { background: transparent !important; height: 0 !important;
  pointer-events: none; }
[data-testid="stHeader"] * { pointer-events: none !important; }
[data-testid="stHeader"] button, [data-testid="stHeader"] button *,
[data-testid="stHeader"] a { pointer-events: auto !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1.2rem 1rem 1.2rem !important; }
[data-testid="stMain"] p, [data-testid="stMain"] label p,
[data-testid="stMain"] button p { font-size: 1.1rem !important; }
</style>
"""
LARGE_CSS = "<style>html { font-size: 21px !important; }</style>"

# The rows' pixel heights (picture and diagram; each curve) that fill each screen.
SCREENS = {"720": ("1280 × 720", 300, 188), "1080": ("1920 × 1080", 500, 300)}
FONT = {"720": None, "1080": 20}  # the figures' type (None: as on the page)


def css() -> str:
    """The presenter's CSS for app.py (the one place CSS is set), for the chosen screen."""
    return PRESENTER_CSS + (LARGE_CSS if screen() == "1080" else "")


def from_link() -> None:
    """On a session's first run, ``?present=1`` turns the switch on (before it is drawn)."""
    ss = st.session_state
    if f"{KEY}_read" not in ss:
        ss[f"{KEY}_read"] = True
        flag = st.query_params.get(FLAG)
        if flag in ("1", *SCREENS):  # present=1 (a 1280 x 720 screen) or present=1080
            ss[KEY] = True
            ss[f"{KEY}_screen"] = "1080" if flag == "1080" else "720"


def active() -> bool:
    return bool(st.session_state.get(KEY))


def screen() -> str:
    """The screen the page is sized for: "720" or "1080"."""
    value = st.session_state.get(f"{KEY}_screen")
    return value if value in SCREENS else "720"


def keep_flag(query: dict[str, str]) -> dict[str, str]:
    """The address bar's query with ``present=1`` while presenter mode is on."""
    flag = "1" if screen() == "720" else screen()
    return {**query, FLAG: flag} if active() else query


def switch() -> None:
    """The switch, at the top of the sidebar."""
    st.sidebar.toggle("Presenter mode", key=KEY,
                      help="For a projector: a bigger picture and curves, the sidebar "
                           "folded away, keyboard shortcuts (Space, S, 0).")


class PresenterView(PlaneView):
    """The Playground's view with the rows that fill the chosen screen, larger type."""

    def __init__(self, size: str = "720") -> None:
        _, self.PICTURE_HEIGHT, self.CURVE_HEIGHT = SCREENS[size]
        self.font = FONT[size]

    def base_figures(self, session):
        panels = super().base_figures(session)
        for panel in panels if self.font else ():
            panel.figure.update_layout(font={"size": self.font},
                                       title={"font": {"size": self.font + 6}})
        return panels


def _on_rate(prefix: str) -> None:
    # The sidebar's widget is the field's one widget: this one only writes into it.
    st.session_state[f"{prefix}_learning_rate"] = st.session_state[f"{prefix}_present_lr"]


def _on_exit() -> None:
    st.session_state[KEY] = False


def bar(prefix: str) -> None:
    """The presenter's row over the live panel: the learning rate, "?" and Exit."""
    ss = st.session_state
    from playground.fields import page_for

    spec = next(s for s in page_for("classification").fields if s.name == "learning_rate")
    low, high = spec.bounds()
    rate = float(ss[f"{prefix}_session"].setup.learning_rate)
    ss[f"{prefix}_present_lr"] = rate  # follows the sidebar (drawn before this)
    # The outer columns keep clear of Streamlit's header buttons (the sidebar's, the menu).
    _, c0, c1, c4, c2, c3, _ = st.columns([0.3, 1.3, 4, 1.5, 0.6, 1.7, 0.4],
                                          vertical_alignment="center")
    c0.markdown(f"**{spec.label}**")
    c1.select_slider(spec.label, log_options(low, high, rate), key=f"{prefix}_present_lr",
                     on_change=_on_rate, args=(prefix,), format_func=lambda v: f"{v:g}",
                     label_visibility="collapsed")
    c4.selectbox("Screen", list(SCREENS), key=f"{KEY}_screen", label_visibility="collapsed",
                 format_func=lambda k: SCREENS[k][0], help="The projector's size.")
    with c2.popover("?", use_container_width=True):  # the keyboard shortcuts
        st.markdown("**Keyboard shortcuts**\n\n" + "\n".join(
            f"- **{k}**: {what}" for k, what in SHORTCUT_TEXT))
        st.caption("The keys work while the page (not the picture) has the focus. The "
                   "learning rate next to them is the sidebar's α.")
    c3.button("Exit presenter mode", key=f"{prefix}_present_exit", on_click=_on_exit,
              icon=":material/close_fullscreen:", use_container_width=True)


__all__ = ["PRESENTER_CSS", "SHORTCUTS", "PresenterView", "active", "bar", "from_link",
           "keep_flag", "switch"]
