"""What a teaching page remembers between its runs (the one Streamlit module of the lessons).

Two things, both in ``st.session_state``:

- its controls, when the student leaves the page and comes back: Streamlit forgets the state
  of a widget that a run did not draw, so every control would be back at its default;
  ``keep_controls`` writes the saved values back before the widgets are drawn;
- the choice its shown results were trained for: a page that trains on a button press shows
  those results until the next press, and ``stale_notice`` says so (and what changed) as soon
  as a control no longer matches them, instead of leaving old pictures under new labels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st


def keep_controls(page: str, keys: Sequence[str]) -> None:
    """Call before drawing the widgets ``keys``: give back the values they had when the
    student left the page, and remember the values they have now.

    At the start of a run a widget's state already holds what the student set, so saving
    here (not after the widgets) also covers a run that ends early with ``st.stop``.
    """
    saved = st.session_state.get(f"_{page}_controls", {})
    for key in keys:
        if key not in st.session_state and key in saved:
            st.session_state[key] = saved[key]
    st.session_state[f"_{page}_controls"] = {
        key: st.session_state[key] for key in keys if key in st.session_state
    }


def shown_choice(page: str, choice: Mapping[str, Any], train: bool) -> dict[str, Any]:
    """The choice whose results the page shows: the current one when the student presses
    the train button (``train``) or opens the page for the first time, else the last one
    trained."""
    key = f"_{page}_trained"
    if train or key not in st.session_state:
        st.session_state[key] = dict(choice)
    return dict(st.session_state[key])


def changes(shown: Mapping[str, Any], choice: Mapping[str, Any],
            describe: Callable[[str, Any], str]) -> list[str]:
    """One phrase per control that differs, e.g. "Data: Circle → XOR", or for a list of
    choices what was added and removed ("Initializations: He removed")."""
    out = []
    for name, value in choice.items():
        old = shown.get(name)
        if old == value:
            continue
        if isinstance(value, list | tuple) and isinstance(old, list | tuple):
            parts = [f"{describe(name, [v])} added" for v in value if v not in old]
            parts += [f"{describe(name, [v])} removed" for v in old if v not in value]
            out.append(f"{describe(name, None)}: {', '.join(parts) or 'new order'}")
        else:
            out.append(f"{describe(name, None)}: {describe(name, old)} → {describe(name, value)}")
    return out


def stale_notice(shown: Mapping[str, Any], choice: Mapping[str, Any],
                 describe: Callable[[str, Any], str], button: str) -> bool:
    """A warning when the shown results were trained for another choice; True if so.

    ``describe(name, None)`` is a control's label, ``describe(name, value)`` a value as the
    student reads it.
    """
    diff = changes(shown, choice, describe)
    if not diff:
        return False
    st.warning(
        "The results below are still those of the previous choice ("
        + "; ".join(diff) + f"). Press **{button}** to train with the new choice.",
        icon=":material/history:",
    )
    return True
