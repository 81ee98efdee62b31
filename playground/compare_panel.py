"""Compare mode on the Playground page: the switch, the runs' row of controls, the live panel.

The page calls, in this order::

    compare_panel.read_link("pg")          # before page_session: the link's runs=, b=...
    session = controls.page_session("pg", ...)
    comparing = compare_panel.sync("pg")   # after it: shared fields, the address bar
    compare_panel.bar("pg")                # the switch and, when on, the runs' controls
    compare_panel.live("pg")               # instead of live.live_panel, when comparing

The sidebar edits one run, the one picked in the row ("The sidebar edits: A | B"): the
page's Session (``st.session_state["pg_session"]``) *is* that run, so every control of the
sidebar, the upload panel and the notices work as on the single page. The group
(``compare.CompareRuns``) lives in ``st.session_state["cmp_session"]``, where
``live.live_panel`` finds it under the prefix "cmp".
"""

from __future__ import annotations

import re

import streamlit as st

from playground import assignment_panel, live
from playground.compare import (
    LINK_KEYS,
    MAX_RUNS,
    MIN_RUNS,
    NAMES,
    CompareRuns,
    from_query,
    sweep_fields,
)
from playground.compare_view import CompareView
from playground.controls import load_setup
from playground.fairshare import SHARE
from playground.fields import PLAYGROUND
from playground.state import sentence
from playground.text import plain
from playground.urlstate import setup_to_query

KEY = "cmp"                 # st.session_state: the group under "cmp_session"
ON = f"{KEY}_on"            # the switch
EDIT = f"{KEY}_edit"        # which run the sidebar edits (its index)
COUNT = f"{KEY}_count"      # the number of runs
LINK = f"{KEY}_link"        # the link's compare part, read on the page's first run
PENDING = f"{KEY}_pending"  # a lab page's "Open as a comparison": the query to open
# One label and help wherever the switch is drawn (on its own, or in the runs' row): the
# same widget, so it keeps its value.
SWITCH = "Compare runs"
SWITCH_HELP = ("Train two to four setups together, on the same data and seed: their "
               "pictures side by side, their curves in one chart. Off: back to run A alone.")


def _group() -> CompareRuns | None:
    return st.session_state.get(f"{KEY}_session")


def read_link(prefix: str) -> None:
    """Before ``page_session``: on the page's first run (or after "Open as a comparison"),
    take the link's compare keys out of the address bar (so the setup's reader does not
    call them unknown) and keep them for ``sync``."""
    ss = st.session_state
    pending = ss.pop(PENDING, None)
    if pending is not None:
        # A lab page's comparison: the Playground starts again from that link.
        for key in (f"{prefix}_session", f"{KEY}_session", LINK, ON, EDIT, COUNT):
            ss.pop(key, None)
        st.query_params.from_dict(pending)
    if ss.pop(f"{KEY}_reload", False) and f"{prefix}_session" in ss:
        load_setup(prefix, ss[f"{prefix}_session"].setup)  # the run bound on the last run
    if f"{prefix}_session" in ss:
        return
    found = {k: st.query_params.get_all(k) for k in LINK_KEYS if k in st.query_params}
    for k in found:
        del st.query_params[k]
    ss[LINK] = found
    if found:
        ss[ON] = True


def open_comparison(query: dict[str, str]) -> None:
    """From a lab page: open the Playground on the next run with this comparison (call
    ``st.switch_page`` after it)."""
    st.session_state[PENDING] = dict(query)


def _bind(prefix: str, group: CompareRuns, reload: bool = False,
          drawn: bool = False) -> None:
    # The page's Session is the run the sidebar edits; its widgets show that run's setup
    # (``reload``: also when it is that run already, but its setup was changed here).
    # ``drawn``: the sidebar is drawn already (after page_session), so its widgets cannot
    # be written: the page runs again and read_link writes them first.
    ss = st.session_state
    run = group.runs[min(int(ss.get(EDIT) or 0), group.count - 1)]
    if reload or ss.get(f"{prefix}_session") is not run:
        ss[f"{prefix}_session"] = run
        ss[f"{prefix}_notices"] = []
        if drawn:
            ss[f"{KEY}_reload"] = True
            st.rerun()
        load_setup(prefix, run.setup)


def _start(prefix: str) -> CompareRuns:
    ss = st.session_state
    first = ss[f"{prefix}_session"]
    first.playing = False
    SHARE.leave(id(first))  # its own live panel is not drawn while comparing
    n, setups, notices = from_query(ss.pop(LINK, None) or {}, first.setup)
    group = CompareRuns(first, setups or None)
    if n:
        ss[f"{KEY}_notices"] = [f"In the link: {m}" for m in notices]
        group.notice = f"The link's {group.count} runs, on the same data and seed: press Play."
    else:
        group.notice = ("B is a copy of A: change B in the sidebar (pick it above), then "
                        "press Play.")
        ss[EDIT] = 1
    ss[f"{KEY}_session"] = group
    ss[COUNT] = group.count
    return group


def _stop(prefix: str, group: CompareRuns, drawn: bool = False) -> None:
    ss = st.session_state
    group.playing = False
    SHARE.leave(id(group))
    ss.pop(f"{KEY}_session", None)
    group.runs[0].notice = "Back to one run: A's setup, where it was."
    if ss.get(f"{prefix}_session") is not group.runs[0]:
        ss[f"{prefix}_session"] = group.runs[0]
        if drawn:
            ss[f"{KEY}_reload"] = True
            st.rerun()
        load_setup(prefix, group.runs[0].setup)


def _on_switch(prefix: str) -> None:
    # Before the script: the widgets can still follow the run the sidebar edits.
    group = _group()
    if st.session_state.get(ON):
        if group is None:
            _bind(prefix, _start(prefix))
    elif group is not None:
        _stop(prefix, group)


def sync(prefix: str) -> bool:
    """After ``page_session``: start or stop compare mode as the switch says; bring every
    run the shared fields of the one the sidebar just edited; write every run's setup in
    the address bar. True while comparing."""
    ss = st.session_state
    group = _group()
    if not ss.get(ON):
        if group is not None:
            _stop(prefix, group, drawn=True)
        return False
    if group is None:  # a link's runs (the switch's own callback starts the others)
        group = _start(prefix)
    edited = min(int(ss.get(EDIT) or 0), group.count - 1)
    current = ss[f"{prefix}_session"]
    if current not in group.runs:  # a restored or imported Session took its place
        group.runs[edited] = current
    group.sync(edited)
    _bind(prefix, group, drawn=True)
    query = {**assignment_panel.link_query(prefix, setup_to_query(group.runs[0].setup)),
             **group.to_query()}
    if query != {k: st.query_params.get(k) for k in st.query_params}:
        st.query_params.from_dict(query)
    return True


def link_query(prefix: str) -> dict[str, str]:
    """The share link's query while comparing: run A's setup and every run's differences."""
    group = _group()
    return {**setup_to_query(group.runs[0].setup), **group.to_query()}


# --------------------------------------------------------------------------- callbacks
def _on_count(prefix: str) -> None:
    group = _group()
    if st.session_state.get(COUNT) is None:  # the chosen number clicked off: kept
        st.session_state[COUNT] = group.count
        return
    group.set_count(int(st.session_state[COUNT]))
    if int(st.session_state.get(EDIT) or 0) >= group.count:
        st.session_state[EDIT] = 0  # the run it edited is gone: back to A
    _bind(prefix, group)


def _on_edit(prefix: str) -> None:
    if st.session_state.get(EDIT) is None:  # a segmented control can be clicked off
        st.session_state[EDIT] = 0
    _bind(prefix, _group())


def _other(group: CompareRuns) -> int:
    # Copy and Swap act between A and the run being edited (B when A is).
    index = int(st.session_state.get(EDIT) or 0)
    return index if 0 < index < group.count else 1


def _on_copy(prefix: str) -> None:
    group = _group()
    group.copy(0, _other(group))
    _bind(prefix, group, reload=True)  # the widgets follow the copied setup


def _on_swap(prefix: str) -> None:
    group = _group()
    group.swap(0, _other(group))
    _bind(prefix, group)


def _sweep_values(text: str) -> list[str]:
    # "0.01 / 0.1 / 1 / 10" or "0.01 0.1 1 10"; "/" first, so "8,8 / 16" keeps its lists.
    text = str(text or "")
    parts = text.split("/") if "/" in text else re.split(r"[\s;]+", text)
    return [p.strip() for p in parts if p.strip()]


def _on_sweep(prefix: str) -> None:
    ss = st.session_state
    group = _group()
    notices = group.sweep(ss.get(f"{KEY}_sweep_field"), _sweep_values(ss.get(f"{KEY}_sweep")))
    ss[f"{KEY}_notices"] = notices
    ss[COUNT] = group.count
    _bind(prefix, group, reload=True)  # the widgets follow the swept setups


# --------------------------------------------------------------------------- the page
def switch(prefix: str, where=st) -> None:
    """The switch alone (``where``: a column of the title's row)."""
    where.toggle(SWITCH, key=ON, help=SWITCH_HELP, on_change=_on_switch, args=(prefix,))


def bar(prefix: str, switch_drawn: bool = False) -> None:
    """While comparing, the switch and the runs' controls in one row, and one line that
    says what the sidebar edits; else the switch, unless ``switch_drawn`` elsewhere."""
    ss = st.session_state
    group = _group()
    if group is None:
        if not switch_drawn:
            switch(prefix)
        return
    c0, c1, c2, c3, c4, c5 = st.columns([1.25, 1.05, 1.5, 0.95, 0.95, 0.8],
                                        vertical_alignment="bottom")
    c0.toggle(SWITCH, key=ON, help=SWITCH_HELP, on_change=_on_switch, args=(prefix,))
    c1.segmented_control("Runs", list(range(MIN_RUNS, MAX_RUNS + 1)), key=COUNT,
                         on_change=_on_count, args=(prefix,), selection_mode="single",
                         help="New runs start as copies of A.")
    c2.segmented_control("The sidebar edits", list(range(group.count)), key=EDIT,
                         format_func=lambda i: NAMES[i], on_change=_on_edit, args=(prefix,),
                         selection_mode="single")
    other = NAMES[_other(group)]
    c3.button(f"Copy A → {other}", key=f"{KEY}_copy", on_click=_on_copy, args=(prefix,),
              use_container_width=True, help=f"{other} becomes a copy of A (then change it).")
    c4.button(f"Swap A ↔ {other}", key=f"{KEY}_swap", on_click=_on_swap, args=(prefix,),
              use_container_width=True, help=f"A and {other} change places.")
    with c5.popover("Sweep", use_container_width=True):
        names = sweep_fields(PLAYGROUND)
        st.selectbox("Field", names, key=f"{KEY}_sweep_field",
                     index=names.index("learning_rate"),
                     format_func=lambda n: PLAYGROUND.field(n).label)
        st.text_input("2 to 4 values, one run each", key=f"{KEY}_sweep",
                      placeholder="0.01 / 0.1 / 1 / 10",
                      help="Separated by / (or spaces). Lists as in the sidebar: 8,8 for "
                           "two hidden layers of 8; relu for every hidden layer.")
        st.button("Make the runs", key=f"{KEY}_sweep_apply", on_click=_on_sweep,
                  args=(prefix,), type="primary", use_container_width=True)
    for notice in ss.pop(f"{KEY}_notices", []):
        st.warning(plain(sentence(notice)))


def intro() -> str:
    """The page's line under its title while comparing: what the sidebar edits, what is
    shared, what the numbers are."""
    edited = NAMES[int(st.session_state.get(EDIT) or 0)]
    return (f"The sidebar edits run **{edited}**; data, seed and display are A's for every "
            "run. Play, Step and Reset drive all runs. Numbers: cost J, test accuracy.")


def _after(prefix: str) -> None:
    # Under the pictures, inside the live fragment: which runs stopped, and why.
    group = _group()
    for name, run in zip(group.names, group.runs, strict=True):
        if run.diverged:
            st.caption(f":red[{name} stopped:] {plain(run.diverged)} The other runs go on; "
                       "Reset starts all again.")


def panel(prefix: str) -> None:
    """The live panel over every run: Play / Pause / Step / Reset drive them all."""
    live.live_panel(CompareView(), KEY, after=_after)
