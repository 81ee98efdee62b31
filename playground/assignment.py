"""Assignment links: a share link that hides some controls, locks others, and sets a goal.

In the URL, next to the setup's own keys (``playground.urlstate``)::

    hide=ds:moons;noise        the data set (moons) and the noise (its default) are hidden
    lock=lr:0.3                the learning rate is shown, fixed at 0.3
    goal=test_acc>=95;units<=3 reach 95 % test accuracy with at most 3 hidden units in all

A hidden or locked field's value is the one in its entry (``key:value``), or its default
when the entry has none. A plain ``lr=1`` next to ``lock=lr:0.3`` is refused with a notice:
what the teacher fixed cannot be changed by editing the setup part of the link. The hidden
layers' units and activations are one widget, so fixing either fixes both.

The goal grammar: terms separated by ``;``. Exactly one metric term, ``test_acc``,
``train_acc`` (a percentage, at least: ``>=``), ``test_cost`` or ``train_cost`` (at most:
``<=``), and optional limits ``units<=N`` (hidden units in all layers) and ``layers<=N``
(hidden layers). ``test_acc:95`` reads like ``test_acc>=95``.

Reading never raises: what cannot be used is dropped with a notice. No Streamlit here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from playground.fields import FieldSpec, PageFields, Setup, show
from playground.urlstate import setup_to_query, url_keys

HIDE, LOCK, GOAL = "hide", "lock", "goal"
RESERVED = (HIDE, LOCK, GOAL, "present")  # "present": presenter mode (playground.presenter)
MAX_TEXT = 500            # longer hide/lock/goal values are cut (a link is not a file)
# The units and their activations are drawn by one widget (the hidden layers).
COUPLED = {"units": ("units", "act"), "act": ("units", "act")}


@dataclass(frozen=True)
class Metric:
    column: str           # the trainer's history column
    label: str            # how the page says it
    at_least: bool        # accuracy: at least the target; cost: at most
    percent: bool


METRICS: dict[str, Metric] = {
    "test_acc": Metric("test_metric", "test accuracy", True, True),
    "train_acc": Metric("train_metric", "training accuracy", True, True),
    "test_cost": Metric("test_cost", "test cost", False, False),
    "train_cost": Metric("train_cost", "training cost", False, False),
}
LIMITS = {"units": "hidden units", "layers": "hidden layers"}


@dataclass(frozen=True)
class Goal:
    """Reach ``target`` on ``metric`` (an accuracy as a fraction 0..1) within the limits."""

    metric: str
    target: float
    max_units: int | None = None
    max_layers: int | None = None

    def text(self) -> str:
        m = METRICS[self.metric]
        if m.percent:
            head = f"Reach {_number(100 * self.target)} % {m.label}"
        else:
            head = f"Bring the {m.label} down to {_number(self.target)} or less"
        limits = [f"at most {n} {LIMITS[k] if n != 1 else LIMITS[k][:-1]}"
                  for k, n in (("units", self.max_units), ("layers", self.max_layers))
                  if n is not None]
        return head + (" with " + " and ".join(limits) if limits else "") + "."

    def to_url(self) -> str:
        m = METRICS[self.metric]
        value = 100 * self.target if m.percent else self.target
        terms = [f"{self.metric}{'>=' if m.at_least else '<='}{_number(value)}"]
        terms += [f"{k}<={n}" for k, n in (("units", self.max_units),
                                            ("layers", self.max_layers)) if n is not None]
        return ";".join(terms)

    def breaks(self, setup: Setup) -> str | None:
        """Why the setup's network is outside the goal's limits, or None."""
        units, layers = sum(setup.hidden_units), len(setup.hidden_units)
        if self.max_units is not None and units > self.max_units:
            return f"the network has {units} hidden units: the goal allows {self.max_units}"
        if self.max_layers is not None and layers > self.max_layers:
            return f"the network has {layers} hidden layers: the goal allows {self.max_layers}"
        return None

    def met_by(self, value: Any) -> bool:
        if value is None or not math.isfinite(value):
            return False
        return value >= self.target if METRICS[self.metric].at_least else value <= self.target

    def reached_epoch(self, setup: Setup, history: Mapping[str, list]) -> int | None:
        """The first epoch of the history whose metric meets the target, if the setup is
        within the limits; else None."""
        if self.breaks(setup) is not None:
            return None
        column = history.get(METRICS[self.metric].column) or []
        for epoch, value in zip(history.get("epoch") or [], column, strict=False):
            if self.met_by(value):
                return int(epoch)
        return None


def _number(v: float) -> str:
    return f"{v:g}"


_TERM = re.compile(r"^\s*([a-z_]+)\s*(>=|<=|:|=)?\s*([0-9.eE+-]+)\s*(%?)\s*$")


def parse_goal(text: str, task: str = "classification") -> tuple[Goal | None, list[str]]:
    """A goal from its URL text, and notices for the terms that could not be used."""
    notices: list[str] = []
    metric, target, limits = None, None, {}
    for term in str(text)[:MAX_TEXT].split(";"):
        if not term.strip():
            continue
        match = _TERM.match(term.lower())
        if match is None:
            notices.append(f"goal term {show(term)!r} is not understood: ignored")
            continue
        name, op, raw, _ = match.groups()
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            notices.append(f"goal term {show(term)!r} needs a number of 0 or more: ignored")
        elif name in METRICS:
            m = METRICS[name]
            wrong = ">=" if not m.at_least else "<="
            if op == wrong:
                notices.append(f"the goal's {m.label} is "
                               f"{'at least' if m.at_least else 'at most'} a target: "
                               f"{show(term)!r} read as {name}{'>=' if m.at_least else '<='}"
                               f"{raw}")
            if m.percent and task != "classification":
                notices.append(f"this page has no accuracy: goal term {show(term)!r} ignored")
                continue
            if metric is not None:
                notices.append(f"the goal has two targets: using {show(term)!r}")
            if m.percent:
                if value > 100:
                    notices.append(f"an accuracy of {raw} % is not possible: using 100 %")
                value = min(value, 100.0) / 100
            metric, target = name, value
        elif name in LIMITS:
            if op in (">=",):
                notices.append(f"the goal's {LIMITS[name]} are a limit (at most): "
                               f"{show(term)!r} read as {name}<={raw}")
            limits[name] = int(value)
        else:
            notices.append(f"goal term {show(term)!r}: {show(name)!r} is not a metric "
                           f"({', '.join(METRICS)}) or a limit ({', '.join(LIMITS)}): ignored")
    if metric is None:
        if text.strip():
            notices.append("the goal names no metric (e.g. test_acc>=95): no goal is set")
        return None, notices
    return Goal(metric, target, limits.get("units"), limits.get("layers")), notices


# --------------------------------------------------------------------------- hide and lock
@dataclass(frozen=True)
class Assignment:
    """What an assignment link fixes: hidden and locked fields (URL key -> value text, ""
    for the default) and the goal."""

    hidden: dict[str, str] = field(default_factory=dict)
    locked: dict[str, str] = field(default_factory=dict)
    goal: Goal | None = None

    @property
    def active(self) -> bool:
        return bool(self.hidden or self.locked or self.goal)

    def mode(self, spec: FieldSpec) -> str | None:
        """"hidden", "locked" or None for a field of the page."""
        if spec.key in self.hidden:
            return "hidden"
        if spec.key in self.locked:
            return "locked"
        return None

    def fixed(self) -> set[str]:
        return {*self.hidden, *self.locked}

    def to_query(self, setup: Setup) -> dict[str, str]:
        """The link's parameters: the setup's own keys, except the fixed ones, whose values
        go in their hide/lock entry; then the goal."""
        values = setup_to_query(setup)
        query = {k: v for k, v in values.items() if k not in self.fixed()}
        for name, keys in ((HIDE, self.hidden), (LOCK, self.locked)):
            if keys:
                query[name] = ";".join(f"{k}:{values[k]}" if k in values else k
                                       for k in sorted(keys))
        if self.goal is not None:
            query[GOAL] = self.goal.to_url()
        return query


def make_assignment(page: PageFields, hide=(), lock=(), goal: Goal | None = None
                    ) -> Assignment:
    """An assignment from the URL keys the teacher picked (values filled by ``to_query``)."""
    keys = {spec.key for spec in page.fields}
    hidden = _couple({k for k in hide if k in keys})
    locked = _couple({k for k in lock if k in keys}) - hidden
    return Assignment({k: "" for k in hidden}, {k: "" for k in locked}, goal)


def _couple(keys: set[str]) -> set[str]:
    out = set(keys)
    for k in keys:
        out.update(COUPLED.get(k, ()))
    return out


def _last(value: Any) -> str:
    if isinstance(value, list | tuple):
        return str(value[-1]) if value else ""
    return str(value)


def _pairs(query: Any) -> list[tuple[str, Any]]:
    from playground.urlstate import _values  # the same reading of a query as the setup's

    try:
        return [(str(k), v) for k, v in _values(query)]
    except Exception:
        return []


def read_query(query: Any, page: PageFields) -> tuple[dict[str, Any], Assignment, list[str]]:
    """Split a link's parameters: (the setup's parameters for ``setup_from_query``, with
    the fixed fields' values put in, the assignment, notices). Never raises."""
    notices: list[str] = []
    specs = url_keys()
    by_key = {spec.key: spec for spec in page.fields}
    pairs = _pairs(query)
    entries: dict[str, dict[str, str]] = {HIDE: {}, LOCK: {}}
    goal = None
    for key, value in pairs:
        if key in entries:
            for item in _last(value)[:MAX_TEXT].split(";"):
                name, _, text = item.strip().partition(":")
                if not name:
                    continue
                spec = by_key.get(name) or next(
                    (s for s in page.fields if s.name == name), None)
                if spec is None:
                    notices.append(f"{key}={show(name)!r}: not a control of this page, ignored")
                    continue
                entries[key][spec.key] = text.strip()
        elif key == GOAL:
            goal, more = parse_goal(_last(value), page.task)
            notices += more
    hidden = entries[HIDE]
    locked = {k: v for k, v in entries[LOCK].items() if k not in hidden}
    for group, other in ((hidden, locked), (locked, hidden)):
        for k in list(group):
            for partner in COUPLED.get(k, ()):
                if partner not in group and partner not in other:
                    group[partner] = ""
    assignment = Assignment(hidden, locked, goal)
    fixed = {**hidden, **locked}
    setup_query: dict[str, Any] = {}
    for key, value in pairs:
        if key in RESERVED:
            continue
        spec = specs.get(key)
        if spec is not None and spec.key in fixed and spec.key in by_key:
            given = _last(value)
            if given != fixed[spec.key]:
                how = "hidden" if spec.key in hidden else "locked"
                notices.append(f"{spec.label} is {how} by this assignment: the link's "
                               f"{key}={show(given)} was not used")
            continue
        setup_query[key] = value
    setup_query.update({k: v for k, v in fixed.items() if v})
    return setup_query, assignment, notices


__all__ = ["METRICS", "Assignment", "Goal", "make_assignment", "parse_goal", "read_query"]
