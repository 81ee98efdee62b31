"""The assignment links on a page: what a student sees, and the teacher's link maker.

- ``setup_from_link``: the first run's setup from the URL, with the hidden and locked
  fields' values taken from the assignment (``playground.assignment``); kept in
  ``st.session_state[f"{prefix}_assignment"]``.
- ``hidden_field`` / ``locked_field``: the sidebar's filter (``controls.sidebar``): a hidden
  field gets no widget, a locked one a line with its value; both keep the session's value.
- ``link_query``: the address bar keeps the assignment while the student works.
- ``goal_box`` states the goal; ``GoalView`` adds its live check to the stats line.
- ``maker``: "Make an assignment link" (pick controls to hide or lock, a goal, copy).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from playground import fields as S
from playground import presenter
from playground.assignment import METRICS, Assignment, Goal, make_assignment, read_query
from playground.fields import FieldSpec
from playground.live_chart import stat
from playground.state import Session
from playground.urlstate import setup_from_query


def current(prefix: str, task: str = "classification") -> Assignment:
    """The page's assignment: read from the URL on the first run, then kept."""
    ss = st.session_state
    key = f"{prefix}_assignment"
    if key not in ss:
        _, assignment, notices = read_query(st.query_params, S.page_for(task))
        ss[key], ss[f"{key}_notices"] = assignment, notices
    return ss[key]


def setup_from_link(prefix: str, task: str):
    """The setup of the link and its notices (``controls.page_session``'s first run)."""
    query, assignment, notices = read_query(st.query_params, S.page_for(task))
    st.session_state[f"{prefix}_assignment"] = assignment
    setup, more = setup_from_query(query, task=task)
    return setup, [*notices, *more]


def _value(prefix: str, spec: FieldSpec, raw: dict) -> None:
    # The session's value: the link's on the first run, and nothing the page can change.
    setup = st.session_state[f"{prefix}_session"].setup
    raw[spec.name] = getattr(setup, spec.name)
    if spec.widget == "layers":
        raw["activations"] = list(setup.activations)


def hidden_field(prefix: str, spec: FieldSpec, raw: dict) -> bool:
    """True (and its value in ``raw``) for a field the assignment hides."""
    assignment = st.session_state.get(f"{prefix}_assignment")
    if assignment is None or assignment.mode(spec) != "hidden":
        return False
    _value(prefix, spec, raw)
    return True


def locked_field(prefix: str, spec: FieldSpec, raw: dict) -> bool:
    """True for a locked field: drawn as one line with its value instead of a widget."""
    assignment = st.session_state.get(f"{prefix}_assignment")
    if assignment is None or assignment.mode(spec) != "locked":
        return False
    _value(prefix, spec, raw)
    if spec.widget != "with_layers":  # the activations are said with the units
        value = raw[spec.name]
        if spec.widget == "layers":
            text = (", ".join(f"{n} {g}" for n, g in zip(value, raw["activations"],
                                                          strict=False)) or "none")
        elif spec.widget == "inputs":  # the features as students read them: x1², sin x2
            from engine.features import feature_labels

            text = ", ".join(feature_labels(value))
        elif isinstance(value, list):
            text = ", ".join(map(str, value)) or "none"
        elif isinstance(value, bool):
            text = "on" if value else "off"
        else:
            text = S.fmt(value) if isinstance(value, float) else str(value)
        st.caption(f":material/lock: **{spec.label}**: {text} (locked by the assignment)")
    return True


def link_query(prefix: str, query: dict[str, str]) -> dict[str, str]:
    """What the address bar holds: the setup's query, or with an assignment its link; on
    the Playground, ``present=1`` while presenter mode is on."""
    assignment = st.session_state.get(f"{prefix}_assignment")
    if assignment is not None and assignment.active:
        query = assignment.to_query(st.session_state[f"{prefix}_session"].setup)
    return presenter.keep_flag(query) if prefix == "pg" else query


# --------------------------------------------------------------------------- the goal
def goal_state(session: Session, goal: Goal) -> tuple[int | None, str | None]:
    """(epoch the goal was reached, or None; why it cannot be, or None). The epoch is kept
    per trainer (a Reset or a new network makes a new one), so it is found once."""
    why = goal.breaks(session.setup)
    if why is not None:
        return None, why
    kept = session.cache.get("goal_reached")
    if kept is not None and kept[0] is session.trainer and kept[1] == goal:
        return kept[2], None
    epoch = goal.reached_epoch(session.setup, session.trainer.history)
    if epoch is not None:
        session.cache["goal_reached"] = (session.trainer, goal, epoch)
    if METRICS[goal.metric].column.startswith("test") and session.data.X_test.size == 0:
        return None, "there is no test set (the test share is 0)"
    return epoch, None


def goal_text(session: Session, goal: Goal) -> str:
    epoch, why = goal_state(session, goal)
    if why is not None:
        return f"not yet: {why}"
    return f"✓ reached at epoch {epoch:,}" if epoch is not None else "not yet"


def goal_box(prefix: str) -> None:
    """The assignment's goal and what it fixes, over the picture; the live check is in the
    stats line (``GoalView``)."""
    assignment: Assignment | None = st.session_state.get(f"{prefix}_assignment")
    if assignment is None or not assignment.active:
        return
    session: Session = st.session_state[f"{prefix}_session"]
    page = session.setup.page
    lines = []
    if assignment.goal is not None:
        # The status is not here: this box is drawn outside the live panel's fragment and
        # would go stale while training runs; the stats line (GoalView) is live.
        lines.append(f"**Goal:** {assignment.goal.text()} It is checked while you train: "
                     "see *Goal* in the line over the picture.")
    labels = {spec.key: spec.label for spec in page.fields if spec.widget != "with_layers"}
    hidden = [labels[k] for k in assignment.hidden if k in labels]
    locked = [labels[k] for k in assignment.locked if k in labels]
    if hidden or locked:
        parts = [f"hidden: {', '.join(hidden)}" if hidden else "",
                 f"locked: {', '.join(locked)}" if locked else ""]
        lines.append("This assignment fixes some controls (" + "; ".join(p for p in parts if p)
                     + "); the link cannot change them.")
    st.info("  \n".join(lines), icon=":material/assignment:")


class GoalView:
    """A page's live view with the goal's check added to its stats line."""

    def __init__(self, view, goal: Goal) -> None:
        self.view, self.goal = view, goal

    def __getattr__(self, name):  # heights, plotly_loading...: the page's view's
        return getattr(self.view, name)

    def base_figures(self, session: Session):
        return self.view.base_figures(session)

    def frame(self, session: Session, slow: bool) -> dict:
        frame = self.view.frame(session, slow)
        frame["stats"] = [*frame["stats"], stat("goal", "Goal", goal_text(session, self.goal))]
        return frame


def with_goal(prefix: str, view):
    """``view``, or with an assignment's goal a ``GoalView`` around it."""
    assignment = st.session_state.get(f"{prefix}_assignment")
    return view if assignment is None or assignment.goal is None else GoalView(
        view, assignment.goal)


# --------------------------------------------------------------------------- the maker
def _choices(page) -> dict[str, str]:
    # One entry per widget: the hidden layers' units and activations are one.
    return {spec.key: ("Hidden layers, units and activations" if spec.widget == "layers"
                       else spec.label)
            for spec in page.fields if spec.widget != "with_layers"}


def assignment_url(prefix: str, assignment: Assignment) -> str:
    session: Session = st.session_state[f"{prefix}_session"]
    parts = urlsplit(str(getattr(st.context, "url", "") or ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/",
                       urlencode(assignment.to_query(session.setup)), ""))


def maker(prefix: str) -> None:
    """"Make an assignment link": the teacher picks what to hide and lock (at the current
    values) and a goal, and copies the link."""
    session: Session = st.session_state[f"{prefix}_session"]
    page = session.setup.page
    choices = _choices(page)
    with st.popover("Make an assignment link", icon=":material/assignment:",
                    use_container_width=True):
        st.caption("The link opens this setup with the controls you pick hidden or locked "
                   "at their current values, and a goal the page checks while the student "
                   "trains.")
        hide = st.multiselect("Hide these controls", list(choices), key=f"{prefix}_as_hide",
                              format_func=choices.get)
        lock = st.multiselect("Lock these controls", [k for k in choices if k not in hide],
                              key=f"{prefix}_as_lock", format_func=choices.get)
        metrics = [m for m in METRICS if page.task == "classification"
                   or not METRICS[m].percent]
        metric = st.selectbox("Goal", [None, *metrics], key=f"{prefix}_as_metric",
                              format_func=lambda m: "No goal" if m is None else
                              METRICS[m].label.capitalize())
        goal = None
        if metric is not None:
            percent = METRICS[metric].percent
            c1, c2, c3 = st.columns(3)
            target = c1.number_input("Target, %" if percent else "Target cost",
                                     0.0, 100.0 if percent else 1e6,
                                     value=95.0 if percent else 0.1,
                                     key=f"{prefix}_as_target", format="%g")
            units = c2.number_input("At most units (0: any)", 0, 10_000, 0,
                                    key=f"{prefix}_as_units")
            layers = c3.number_input("At most layers (0: any)", 0, S.MAX_HIDDEN_LAYERS, 0,
                                     key=f"{prefix}_as_layers")
            goal = Goal(metric, target / 100 if percent else target, units or None,
                        layers or None)
            st.caption(f"The page will say: {goal.text()}")
        assignment = make_assignment(page, hide, lock, goal)
        if not assignment.active:
            st.caption("Pick controls to hide or lock, or a goal: the link appears here.")
            return
        st.code(assignment_url(prefix, assignment), language=None, wrap_lines=True)
        st.caption("Copy it with the copy icon at the right of the link.")


__all__ = ["GoalView", "current", "goal_box", "hidden_field", "link_query", "locked_field",
           "maker", "setup_from_link", "with_goal"]
