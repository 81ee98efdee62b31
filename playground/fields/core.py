"""The pieces every page's field table is made of, and what is built from a table.

- ``FieldSpec``: one control, stated once: its kind, range or choices, default, group, label,
  help, URL name, and its *effect* when a user changes it: ``"data"`` (new data and new
  weights), ``"retrain"`` (a fresh network on the same data) or ``"live"`` (it takes effect
  while training goes on; ``on_live`` says how it reaches the running trainer).
- ``Group``: a heading of the sidebar, with a line of help and an optional folded note.
- ``PageFields``: one page's table (its groups and fields, the values it fixes, e.g. the
  Housing page's data set), listed in ``playground.fields.PAGES``; ``page_for(task)``
  finds it.
- ``Setup``: the values a user chose, read as attributes (``setup.learning_rate``). It holds
  a value for every field of every page, so code shared by the pages can read any of them;
  the page's own fields are what it writes (``to_dict``) and what it accepts (``validate``).
- ``validate(raw, task=...)``: a valid Setup for the page of ``task`` from anything (a link,
  a JSON file, the widgets), and one notice per value it had to change. Never raises.

No Streamlit here: the sidebar (``playground.controls``), the URL (``playground.urlstate``),
the setup file (``playground.exports``) and the Session (``playground.state``) read a table
through these classes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from playground.fields.parse import (
    Bad,
    check_value,
    fmt,
    limit_notices,
    normalize_name,
    parse_choice,
    show,
)

KINDS = ("choice", "float", "int", "bool", "int_list", "per_layer", "choice_set")
EFFECTS = ("data", "retrain", "live")
_LISTS = ("int_list", "per_layer", "choice_set")


@dataclass(frozen=True)
class FieldSpec:
    """One control of a page.

    kind: "choice", "float", "int", "bool"; "int_list" (numbers, e.g. the hidden units n[l]),
    "per_layer" (one choice per hidden layer, e.g. g[l]), "choice_set" (distinct choices, e.g.
    the housing features). default: the value a page starts from (a list for the list kinds).
    key: the short name in the URL. effect: "data", "retrain" or "live" (see the module).
    low/high: bounds of a number (or of each item of an int_list), or functions giving them.
    choices: a function giving the valid names (read from the engine registries when called,
    so a registered activation is offered at once). item/count/max_items: how the notices of a
    list name one item and their number, and how many items are kept.
    on_live(session, value): how a live change reaches the running Session (None: the Session
    reads the value from its setup when it needs it). widget: "" for the widget of the kind,
    else the name of a special widget (``controls.WIDGETS``). shown(raw): whether the widget is
    drawn, given the values above it (hidden, the value is kept); hidden_note: the line shown
    instead. follows(spec, setup): the default given the fields before it (the init's scale).
    labels: (name, label) of the choices that are not engine records (the own-CSV "upload");
    the others are labelled and explained by their records. offered: the choices the widget
    offers when fewer than those a link or file may hold (the Playground's loss widget lists
    the binary losses; K >= 3 classes hold the categorical one).
    """

    name: str
    kind: str
    default: Any
    group: str
    label: str
    help: str
    key: str
    effect: str
    low: float | Callable[[], float] | None = None
    high: float | Callable[[], float] | None = None
    choices: Callable[[], tuple[str, ...]] | None = None
    log: bool = False
    step: float | None = None
    item: str = ""
    count: str = "items"
    max_items: int | None = None
    on_live: Callable[[Any, Any], None] | None = None
    widget: str = ""
    shown: Callable[[dict], bool] | None = None
    hidden_note: str = ""
    follows: Callable[[FieldSpec, Setup], Any] | None = None
    labels: tuple[tuple[str, str], ...] = ()
    offered: Callable[[], tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name}: kind {self.kind!r} is not one of {KINDS}")
        if self.effect not in EFFECTS:
            raise ValueError(f"field {self.name}: effect {self.effect!r} is not one of "
                             f"{EFFECTS}")
        if self.kind in _LISTS:  # a list default would be shared by every Setup: a tuple
            object.__setattr__(self, "default", tuple(self.default))

    def bounds(self) -> tuple[float, float]:
        low = self.low() if callable(self.low) else self.low
        high = self.high() if callable(self.high) else self.high
        return low, high

    def valid_choices(self, task: str | None = None) -> tuple[str, ...]:
        """The valid names (``task`` is accepted for callers of the one-table days: each
        page has its own spec now)."""
        return tuple(self.choices()) if self.choices else ()

    def widget_choices(self, task: str | None = None) -> tuple[str, ...]:
        """The names the widget lists: ``offered`` when set, else every valid name."""
        return tuple(self.offered()) if self.offered else self.valid_choices(task)

    @property
    def is_list(self) -> bool:
        return self.kind in _LISTS

    def value(self) -> Any:
        """The default as a Setup holds it (a fresh list for the list kinds)."""
        return list(self.default) if self.kind in _LISTS else self.default


@dataclass(frozen=True)
class Group:
    """A heading of the sidebar: its label, a line under it, and an optional folded note
    (title, text) for what the course explains once, e.g. parameters vs hyperparameters."""

    name: str
    label: str
    help: str
    note: tuple[str, str] | None = None


@dataclass
class PageFields:
    """One page's table: its groups (in sidebar order) and its fields (in table order).

    task: the page's task (its output unit: sigmoid or linear). fixed: values of fields that
    are not controls here (the Housing page's data set is always "housing").
    Lookups read ``fields`` each time, so a field added at run time (a test's toy field)
    is seen everywhere at once.
    """

    name: str
    title: str
    task: str
    output: str
    groups: tuple[Group, ...]
    fields: tuple[FieldSpec, ...]
    fixed: dict[str, Any] = field(default_factory=dict)
    # settle(setup): makes the checked fields consistent with each other (the Playground: the
    # number of classes within the data set's, the loss that fits it). Silent.
    settle: Callable[[Setup], None] | None = None

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def in_group(self, group: str) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.group == group)

    def effect(self, name: str) -> str:
        """What changing a field does here; a field that is not a control of the page (the
        task) changes everything: new data."""
        spec = self.field(name)
        return spec.effect if spec is not None else "data"

    def defaults(self) -> Setup:
        return Setup(task=self.task)


DEFAULT_TASK = "classification"  # Setup() and a setup without a task: the Playground's


def pages() -> dict[str, PageFields]:
    """The live pages' tables by name (``playground.fields.PAGES``)."""
    # The package lists them once its page modules (which import this one) are loaded.
    from playground.fields import PAGES

    return PAGES


def page_for(task: str) -> PageFields:
    """The page of a task (the default task's page for an unknown one)."""
    for page in pages().values():
        if page.task == task:
            return page
    return page_for(DEFAULT_TASK)


def tasks() -> tuple[str, ...]:
    """The tasks of the registered pages, the default first."""
    return tuple(sorted({p.task for p in pages().values()},
                        key=lambda t: (t != DEFAULT_TASK, t)))


def spec_anywhere(name: str) -> FieldSpec | None:
    """The field of that name on whichever page has it (for a value sent to another page)."""
    for page in pages().values():
        spec = page.field(name)
        if spec is not None:
            return spec
    return None


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value


def _defaults(task: str) -> dict[str, Any]:
    # The page's own defaults and fixed values first, then the other pages' fields (a value
    # for each, so code shared by the pages can read any field of any setup).
    own = page_for(task)
    values: dict[str, Any] = {"task": task if task in tasks() else own.task}
    for spec in own.fields:
        values[spec.name] = spec.value()
    for name, value in own.fixed.items():
        values.setdefault(name, _copy(value))
    for page in pages().values():
        for spec in page.fields:
            values.setdefault(spec.name, spec.value())
    return values


class Setup:
    """Everything a user chose on a page: ``Setup(**values)`` is the page's defaults (the page
    of ``values["task"]``, the Playground's when none) with those values. Not checked: build
    one with ``validate`` from user input."""

    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        base = _defaults(values.get("task", DEFAULT_TASK))
        unknown = [name for name in values if name not in base]
        if unknown:
            raise TypeError(f"Setup has no field {unknown[0]!r}")
        base.update({name: _copy(value) for name, value in values.items()})
        object.__setattr__(self, "_values", base)

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_values")[name]
        except KeyError:
            raise AttributeError(f"Setup has no field {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._values:
            raise AttributeError(f"Setup has no field {name!r}")
        self._values[name] = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Setup) and self._values == other._values

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def __repr__(self) -> str:
        return "Setup(" + ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items()) + ")"

    def __reduce__(self):
        return (_rebuild, (dict(self._values),))

    @property
    def page(self) -> PageFields:
        return page_for(self.task)

    @property
    def n_hidden_layers(self) -> int:
        return len(self.hidden_units)

    @property
    def output_activation(self) -> str:
        return self.page.output

    def layer_dims(self, n_x: int, n_out: int = 1) -> list[int]:
        """[n[0], n[1], ..., n[L]]: the input size, the hidden units, the output size."""
        return [int(n_x), *self.hidden_units, int(n_out)]

    def all_activations(self, output: str | None = None) -> list[str]:
        """One activation per layer, L of them: the hidden ones, then the output unit's
        (sigmoid for classification, linear for regression, unless given)."""
        return [*self.activations, output or self.output_activation]

    def to_dict(self) -> dict[str, Any]:
        """The task and the page's own fields, name -> value (lists copied): what a file or
        a checkpoint stores, and what ``validate`` reads back to an equal Setup."""
        values = self._values
        return {"task": values["task"],
                **{name: _copy(values[name]) for name in self.page.names}}

    def replace(self, **changes: Any) -> Setup:
        """A copy with some fields changed (not validated: use ``validate`` for user input)."""
        return Setup(**{**self._values, **changes})

    def changed_fields(self, other: Setup) -> set[str]:
        """Names of the fields whose values differ between self and other."""
        a, b = self._values, other._values
        return {name for name in a.keys() | b.keys() if a.get(name) != b.get(name)}


def _rebuild(values: dict[str, Any]) -> Setup:
    setup = Setup(task=values.get("task", DEFAULT_TASK))
    setup._values.update(values)
    return setup


def default_setup(task: str = DEFAULT_TASK) -> Setup:
    """The default setup of a task's page: the course's planar flower for classification,
    the California housing prices for regression."""
    return Setup(task=task)


def contextual_default(name: str, setup: Setup) -> Any:
    """The default of a field given the fields before it (its page, its init scheme): what a
    missing value becomes, and what the URL may leave out."""
    spec = setup.page.field(name)
    if spec is None:
        return _copy(_defaults(setup.task).get(name))
    if spec.follows is not None:
        return spec.follows(spec, setup)
    return spec.value()


# --------------------------------------------------------------------------- validation
def _same(spec: FieldSpec, value: Any, held: Any, partial: Setup) -> bool:
    # Whether a value sent for another page's field is what this page holds anyway (an old
    # link or a format-1 file carries every field): then it is dropped without a notice.
    if value == held:
        return True
    if isinstance(value, str) and normalize_name(value) == normalize_name(fmt(held)):
        return True
    try:
        return check_value(spec, value, partial, held, []) == held
    except Exception:  # whatever the value is, it is not this page's
        return False


def validate(raw: Any, *, task: str | None = None,
             limit: bool = True) -> tuple[Setup, list[str]]:
    """A valid Setup from raw values (field name -> value, e.g. from JSON or the URL), and
    human-readable notices for every value that was clamped, replaced or ignored.

    The page is the one of ``task`` (the page's task: kept over a different one in raw), or
    of raw's "task" when no task is given. Only that page's fields are read: a value for
    another page's field is ignored, with a notice unless it is what this page holds anyway.
    Missing fields take their default (the page's; the init scheme's scale).
    At most MAX_NOTICES notices (unless limit=False). Never raises, whatever raw is.
    """
    notices: list[str] = []
    if isinstance(raw, Setup):
        raw = raw.to_dict()
    if not isinstance(raw, Mapping):
        notices.append(f"the setup is not a set of named values ({type(raw).__name__}): "
                       "using the defaults")
        raw = {}
    raw = dict(raw)
    given_task = raw.pop("task", None)
    if task is not None:
        if task not in tasks():
            task = DEFAULT_TASK
        if given_task is not None and given_task != task:
            notices.append(f"task={show(given_task)} does not apply on this page: using {task}")
    elif given_task is None:
        task = DEFAULT_TASK
    else:
        try:
            task = parse_choice("task", given_task, tasks())
        except Bad as bad:
            task = DEFAULT_TASK
            notices.append(f"{bad}: using {task}")
    page = page_for(task)
    partial = page.defaults()
    for spec in page.fields:
        if spec.name not in raw:
            setattr(partial, spec.name, contextual_default(spec.name, partial))
            continue
        fallback = contextual_default(spec.name, partial)
        try:
            value = check_value(spec, raw[spec.name], partial, fallback, notices)
        except Bad as bad:
            value = fallback
            notices.append(f"{bad}: using {fmt(value)}")
        except Exception as error:  # never raise: an odd type we did not think of
            value = fallback
            notices.append(f"{spec.name}: {type(error).__name__}: using {fmt(value)}")
        setattr(partial, spec.name, value)
    if page.settle is not None:
        page.settle(partial)
    for key, value in raw.items():
        if page.field(key) is not None:
            continue
        other = spec_anywhere(key) if isinstance(key, str) else None
        if other is None:
            notices.append(f"unknown parameter {show(str(key))!r} ignored")
        elif not _same(other, value, getattr(partial, key), partial):
            notices.append(f"{key}={show(value)} is not a control of the {page.title} page: "
                           "ignored")
    return partial, limit_notices(notices) if limit else notices
