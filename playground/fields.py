"""The playground's setup: every choice a user makes, in one dataclass and one table.

`FIELDS` is the single table of the setup's fields (name, kind, default, bounds or choices,
group, label, help text in the course's words, short URL key). The controls, the URL
(`playground.urlstate`), the JSON import (`playground.exports`) and `validate` all read it,
so a field is described once.

Choices come from the engine's registries (`ACTIVATIONS`, `INITIALIZERS`, `LOSSES`,
`OPTIMIZERS`, `DATASETS`, housing `FEATURES`): a new activation appears everywhere at once.

`validate(raw)` never raises: every bad value is clamped or replaced by its default, with a
short notice naming the field (for the page to show with `st.warning`).

This module imports neither streamlit nor plotly.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.activations import ACTIVATIONS
from engine.datasets import DATASETS, NOISE_MAX
from engine.initializers import DEFAULT_SCALE, INITIALIZERS
from engine.losses import LOSSES, TASK_LOSSES
from engine.optimizers import OPTIMIZERS
from engine.serialize import MAX_LAYERS

# ---------------------------------------------------------------------------------------------
# The engine's registries, read in ONE place (the select boxes are filled from them, so a new
# activation appears everywhere at once).


def _housing_features() -> tuple[list[str], dict[str, str]]:
    # engine.housing pulls in pandas: imported only when a feature list is needed.
    from engine.housing import FEATURE_LABELS, FEATURES

    return list(FEATURES), dict(FEATURE_LABELS)


def registry_names(kind: str) -> tuple[str, ...]:
    """The valid names of one family, in the engine registry's order: kind is one of
    "activations", "initializers", "losses", "optimizers", "datasets", "features"."""
    registries = {"activations": ACTIVATIONS, "initializers": INITIALIZERS, "losses": LOSSES,
                  "optimizers": OPTIMIZERS, "datasets": DATASETS}
    if kind == "features":
        return tuple(_housing_features()[0])
    if kind not in registries:
        raise ValueError(f"unknown registry {kind!r}; valid: {', '.join(registries)}, features")
    return tuple(registries[kind])


# The housing page's default inputs: with these, the default network reaches a test R² above
# 0.7 after 3 epochs and 0.77 after 20 (one feature, median income, stays below 0.5).
HOUSING_FEATURES = (
    "median_income", "housing_median_age", "latitude", "longitude", "rooms_per_household",
    "bedrooms_per_room", "population_per_household", "ocean_inland",
)


def _default_features() -> list[str]:
    return list(HOUSING_FEATURES)  # all in engine.housing.FEATURES (a test checks it)


def default_init_scale(init: str) -> float:
    """The scale that goes with an initialization scheme (the engine's DEFAULT_SCALE),
    kept inside the slider's range [0.001, 10]."""
    scale = float(DEFAULT_SCALE.get(init, 0.01))
    return min(max(scale, INIT_SCALE_MIN), INIT_SCALE_MAX)


# ---------------------------------------------------------------------------------------------
# Limits

TASKS = ("classification", "regression")
MAX_HIDDEN_LAYERS = MAX_LAYERS - 1  # 8: a weights file holds at most MAX_LAYERS layers
MAX_UNITS = 64
INIT_SCALE_MIN, INIT_SCALE_MAX = 0.001, 10.0
HOUSING_ROWS = 20_640
REGRESSION_DATASETS = ("housing", "size_price", "upload")
OUTPUT_ACTIVATION = {"classification": "sigmoid", "regression": "linear"}
MAX_NOTICES = 12          # more notices than this are summarised in one line
_MAX_TEXT = 200           # a longer string is refused without being parsed
_SHOW = 40                # at most this many characters of a bad value are echoed back


def dataset_choices(task: str = "classification") -> tuple[str, ...]:
    if task == "regression":
        return REGRESSION_DATASETS
    return (*registry_names("datasets"), "upload")


def loss_choices(task: str = "classification") -> tuple[str, ...]:
    names = TASK_LOSSES.get(task, TASK_LOSSES["classification"])
    return tuple(n for n in names if n in LOSSES)


# ---------------------------------------------------------------------------------------------
# The table


@dataclass(frozen=True)
class FieldSpec:
    """One field of the setup.

    kind: "choice", "float", "int", "bool", "int_list" (hidden_units),
    "choice_list" (activations, features).
    low/high: bounds of a number, or of each item of an int_list.
    choices(task) -> valid names. The default is `default(task)`, from the Setup dataclass.
    """

    name: str
    kind: str
    group: str
    label: str
    help: str
    key: str
    low: float | Callable[[], float] | None = None
    high: float | Callable[[], float] | None = None
    choices: Callable[[str], tuple[str, ...]] | None = None
    log: bool = False
    step: float | None = None

    def bounds(self) -> tuple[float, float]:
        low = self.low() if callable(self.low) else self.low
        high = self.high() if callable(self.high) else self.high
        return low, high

    def valid_choices(self, task: str = "classification") -> tuple[str, ...]:
        return self.choices(task) if self.choices else ()

    def default(self, task: str = "classification") -> Any:
        """The field's default for a task (the defaults live in the Setup dataclass and
        REGRESSION_DEFAULTS)."""
        return _copy(getattr(default_setup(task), self.name))


def _fixed(kind: str) -> Callable[[str], tuple[str, ...]]:
    return lambda task: registry_names(kind)


GROUPS = ("data", "network", "init", "training", "display")
GROUP_LABELS = {
    "data": "Data",
    "network": "Network",
    "init": "Initialization",
    "training": "Training",
    "display": "Display",
}
GROUP_HELP = {
    "data": "The training set: examples x with their labels y, and a test set kept aside.",
    "network": "The hidden layers: how many units n[l] in each, and their activation g[l].",
    "init": "How the weights W[l] start. Random weights break the symmetry; "
            "the biases b[l] start at zero.",
    "training": "Gradient descent on the cost J: the step size α, the batch, "
                "the regularization, the speed.",
    "display": "What the pictures show.",
}

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("task", "choice", "data", "Task",
              "Classification (sigmoid output, labels 0 or 1) or regression "
              "(linear output, a number).", "task", choices=lambda task: TASKS),
    FieldSpec("dataset", "choice", "data", "Data set",
              "The examples (x, y) the network learns from.", "ds", choices=dataset_choices),
    FieldSpec("noise", "float", "data", "Noise",
              "How much the two classes overlap: 0 is clean, more noise is harder.",
              "noise", low=0.0, high=float(NOISE_MAX), step=0.01),
    FieldSpec("n_samples", "int", "data", "Examples m",
              "m, the number of examples (training and test together).",
              "n", low=50, high=2000, step=10),
    FieldSpec("test_ratio", "float", "data", "Test share",
              "The share of examples kept aside as the test set, never used to train.",
              "test", low=0.1, high=0.9, step=0.05),
    FieldSpec("data_seed", "int", "data", "Data seed",
              "The random seed of the data: Regenerate draws a new set.",
              "dseed", low=0, high=2**31 - 1),
    FieldSpec("features", "choice_list", "data", "Features",
              "The inputs x of the network, standardized with the training set's statistics.",
              "feat", choices=_fixed("features")),
    FieldSpec("housing_samples", "int", "data", "Districts",
              "How many districts to use: fewer train faster, all 20,640 is the real set.",
              "hn", low=100, high=HOUSING_ROWS, step=100),
    FieldSpec("hidden_units", "int_list", "network", "Hidden units",
              "n[l], the number of units in each hidden layer (no hidden layer: "
              "logistic regression).", "units", low=1, high=MAX_UNITS),
    FieldSpec("activations", "choice_list", "network", "Activations",
              "g[l], the activation of each hidden layer. The output unit is a sigmoid "
              "for classification, linear for regression.", "act",
              choices=_fixed("activations")),
    FieldSpec("leaky_alpha", "float", "network", "Leaky slope",
              "The slope of Leaky ReLU for z < 0: g(z) = max(αz, z).",
              "alpha", low=0.001, high=0.5, log=True),
    FieldSpec("init", "choice", "init", "Initialization",
              "How W[l] starts: random normal × scale, zeros (every unit learns the same "
              "thing), Xavier (× √(1/n[l-1])) or He (× √(2/n[l-1])).",
              "init", choices=_fixed("initializers")),
    FieldSpec("init_scale", "float", "init", "Scale",
              "The factor on the random weights: the course uses 0.01.",
              "scale", low=INIT_SCALE_MIN, high=INIT_SCALE_MAX, log=True),
    FieldSpec("loss", "choice", "training", "Loss",
              "The cost J: cross-entropy for classification (the course's choice), "
              "squared error for regression.", "loss", choices=loss_choices),
    FieldSpec("optimizer", "choice", "training", "Optimizer",
              "Gradient descent, or with momentum, RMSprop or Adam.",
              "opt", choices=_fixed("optimizers")),
    FieldSpec("learning_rate", "float", "training", "Learning rate α",
              "α in W := W − α dW. Too large and the cost diverges.",
              "lr", low=1e-5, high=100.0, log=True),
    FieldSpec("batch_size", "int", "training", "Batch size",
              "Examples per gradient step: 0 means the whole training set "
              "(batch gradient descent).", "batch", low=0, high=100_000),
    FieldSpec("l2", "float", "training", "L2 λ",
              "λ, the L2 regularization: the cost adds λ/(2m) Σ‖W[l]‖².",
              "l2", low=0.0, high=10.0, step=0.001),
    FieldSpec("epochs_per_frame", "int", "training", "Epochs per frame",
              "How many epochs run between two pictures: the speed.",
              "speed", low=1, high=1000),
    FieldSpec("seed", "int", "training", "Seed",
              "The random seed of the weights and of the mini-batch order: "
              "same seed, same run.", "seed", low=0, high=2**31 - 1),
    FieldSpec("show_test", "bool", "display", "Show test data",
              "Draw the test examples too (hollow points).", "show_test"),
    FieldSpec("threshold_only", "bool", "display", "Threshold only",
              "Colour only the side of the 0.5 threshold instead of the probability.",
              "threshold"),
    FieldSpec("log_cost", "bool", "display", "Log scale",
              "Draw the cost on a log scale.", "log_cost"),
)
FIELD: dict[str, FieldSpec] = {f.name: f for f in FIELDS}

DATA_FIELDS = frozenset(f.name for f in FIELDS if f.group == "data")
RESET_FIELDS = frozenset(
    ("hidden_units", "activations", "leaky_alpha", "init", "init_scale", "seed", "loss")
)
DISPLAY_FIELDS = frozenset(f.name for f in FIELDS if f.group == "display")


# ---------------------------------------------------------------------------------------------
# The dataclass


@dataclass
class Setup:
    """Everything a user chose. Build one with `validate(raw)` to have it checked."""

    task: str = "classification"
    dataset: str = "flower"
    noise: float = 0.2
    n_samples: int = 400
    test_ratio: float = 0.3
    data_seed: int = 1
    features: list[str] = field(default_factory=_default_features)
    housing_samples: int = HOUSING_ROWS
    hidden_units: list[int] = field(default_factory=lambda: [4])
    activations: list[str] = field(default_factory=lambda: ["tanh"])
    leaky_alpha: float = 0.01
    init: str = "normal"
    init_scale: float = 0.01
    loss: str = "bce"
    optimizer: str = "gd"
    learning_rate: float = 1.2
    batch_size: int = 0
    l2: float = 0.0
    epochs_per_frame: int = 50
    seed: int = 0
    show_test: bool = False
    threshold_only: bool = False
    log_cost: bool = False

    @property
    def n_hidden_layers(self) -> int:
        return len(self.hidden_units)

    @property
    def output_activation(self) -> str:
        return OUTPUT_ACTIVATION.get(self.task, "sigmoid")

    def layer_dims(self, n_x: int, n_out: int = 1) -> list[int]:
        """[n[0], n[1], ..., n[L]]: the input size, the hidden units, the output size."""
        return [int(n_x), *self.hidden_units, int(n_out)]

    def all_activations(self, output: str | None = None) -> list[str]:
        """One activation per layer, L of them: the hidden ones, then the output unit's
        (sigmoid for classification, linear for regression, unless given)."""
        return [*self.activations, output or self.output_activation]

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (lists copied), field name -> value."""
        return {f.name: _copy(getattr(self, f.name)) for f in FIELDS}

    def replace(self, **changes: Any) -> Setup:
        """A copy with some fields changed (not validated: use `validate` for user input)."""
        values = self.to_dict()
        values.update(changes)
        return Setup(**values)

    def changed_fields(self, other: Setup) -> set[str]:
        """Names of the fields whose values differ between self and other."""
        return {f.name for f in FIELDS if getattr(self, f.name) != getattr(other, f.name)}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


# What differs from the dataclass defaults on the housing page (trains well there).
REGRESSION_DEFAULTS: dict[str, Any] = {
    "task": "regression",
    "dataset": "housing",
    "test_ratio": 0.2,
    "data_seed": 0,
    "hidden_units": [16, 8],
    "activations": ["relu", "relu"],
    "init": "he",
    "init_scale": 1.0,
    "loss": "mse",
    "optimizer": "adam",
    "learning_rate": 0.01,
    "batch_size": 256,
    "epochs_per_frame": 2,  # an epoch of the 16,512 training districts takes about 15 ms
}


def default_setup(task: str = "classification") -> Setup:
    """The default setup of a task: the course's planar flower for classification,
    the California housing prices for regression."""
    if task == "regression":
        return Setup(**{**Setup().to_dict(), **REGRESSION_DEFAULTS})
    return Setup()


def contextual_default(name: str, setup: Setup) -> Any:
    """The default of a field given the fields before it (its task, its init scheme):
    what a missing value becomes, and what the URL may leave out."""
    if name == "init_scale":
        base = default_setup(setup.task)
        if setup.init == base.init:
            return base.init_scale
        return default_init_scale(setup.init)
    if name == "activations":
        base = default_setup(setup.task).activations
        return [base[0] if base else "tanh"] * len(setup.hidden_units)
    return _copy(getattr(default_setup(setup.task), name))


# ---------------------------------------------------------------------------------------------
# Validation


def show(value: Any) -> str:
    """A bad value as text for a notice, cut short (never echo a huge value back)."""
    if isinstance(value, str):
        text = value
    else:
        try:  # str: 0.5 and nan, also for NumPy scalars (not np.float32(nan))
            text = str(value) if isinstance(value, numbers.Number) else repr(value)
        except ValueError:  # an int with more digits than Python will print
            text = "a number too long to show"
    if len(text) > _SHOW:
        return text[:_SHOW] + f"… ({len(text)} characters)"
    return text


def fmt(value: Any) -> str:
    """A valid value as the notices write it: 1.2, 0.0001, 64, tanh, true, 4,4."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list):
        return ",".join(fmt(v) for v in value) if value else "none"
    return show(value)


class _Bad(Exception):
    """A value that cannot be used; the message says why (without the 'using ...' part)."""


_TRUE = frozenset(("1", "true", "yes", "on", "t", "y"))
_FALSE = frozenset(("0", "false", "no", "off", "f", "n"))


def _text(name: str, value: str) -> str:
    if len(value) > _MAX_TEXT:
        raise _Bad(f"{name} is too long ({len(value)} characters)")
    value = value.strip()
    if not value:
        raise _Bad(f"{name} is empty")
    return value


def _parse_float(name: str, value: Any) -> float:
    if _is_bool(value) or not isinstance(value, numbers.Real | str):
        raise _Bad(f"{name}={show(value)} is not a number")
    if isinstance(value, str):
        value = _text(name, value)
        try:
            number = float(value)
        except (ValueError, OverflowError):
            raise _Bad(f"{name}={show(value)} is not a number") from None
    else:
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            number = math.inf if value > 0 else -math.inf
    if not math.isfinite(number):
        raise _Bad(f"{name}={show(value)} is not a finite number")
    return number


def _parse_int(name: str, value: Any, notices: list[str]) -> int:
    if isinstance(value, numbers.Integral) and not _is_bool(value):
        return int(value)
    if isinstance(value, str):
        text = _text(name, value)
        try:
            return int(text)
        except ValueError:
            pass
    number = _parse_float(name, value)
    if not number.is_integer():
        rounded = round(number)
        notices.append(f"{name}={show(value)} is not a whole number: using {rounded}")
        return rounded
    return int(number)


def _is_bool(value: Any) -> bool:
    return type(value).__name__ in ("bool", "bool_")  # Python's or NumPy's


def _parse_bool(name: str, value: Any) -> bool:
    if _is_bool(value):
        return bool(value)
    if isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = _text(name, value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _Bad(f"{name}={show(value)} is not true or false")


def normalize_name(value: str) -> str:
    """'Leaky ReLU' -> 'leaky_relu': how a typed choice is matched against the names."""
    return "_".join(value.strip().lower().replace("-", " ").split())


def _parse_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if isinstance(value, str):
        text = _text(name, value)
        lookup = {normalize_name(c): c for c in choices}
        found = lookup.get(normalize_name(text))
        if found is not None:
            return found
    if len(choices) > 8:  # a long list is in the select box, not in the notice
        raise _Bad(f"{name}={show(value)} is not a known {name}")
    raise _Bad(f"{name}={show(value)} is not one of {', '.join(choices)}")


def _clamp(name: str, number: float, low: float, high: float, notices: list[str]) -> float:
    if number < low:
        notices.append(f"{name} {fmt(number)} is less than {fmt(low)}: using {fmt(low)}")
        return low
    if number > high:
        notices.append(f"{name} {fmt(number)} is more than {fmt(high)}: using {fmt(high)}")
        return high
    return number


def _items(name: str, value: Any) -> list[Any]:
    """A list field's items: a list/tuple as it is, a string split at commas."""
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str):
        if len(value) > 20 * _MAX_TEXT:
            raise _Bad(f"{name} is too long ({len(value)} characters)")
        text = value.strip()
        if text.lower() in ("", "none"):
            return []
        return [item.strip() for item in text.split(",")]
    if isinstance(value, numbers.Real) and not _is_bool(value):
        return [value]
    raise _Bad(f"{name}={show(value)} is not a list")


def _check_units(value: Any, default: list[int], notices: list[str]) -> list[int]:
    spec = FIELD["hidden_units"]
    items = _items("hidden_units", value)
    if len(items) > MAX_HIDDEN_LAYERS:
        notices.append(f"hidden_units: {len(items)} hidden layers is more than "
                       f"{MAX_HIDDEN_LAYERS}: keeping the first {MAX_HIDDEN_LAYERS}")
        items = items[:MAX_HIDDEN_LAYERS]
    fallback = default[0] if default else 4
    units = []
    low, high = spec.bounds()
    for item in items:
        try:
            n = _parse_int("units", item, notices)
        except _Bad as bad:
            notices.append(f"hidden_units: {bad}: using {fallback}")
            n = fallback
        units.append(int(_clamp("units", n, low, high, notices)))
    return units


def _check_activations(value: Any, n_layers: int, default: str, notices: list[str]) -> list[str]:
    choices = registry_names("activations")
    items = _items("activations", value)
    names = []
    for item in items:
        try:
            names.append(_parse_choice("activation", item, choices))
        except _Bad as bad:
            notices.append(f"activations: {bad}: using {default}")
            names.append(default)
    if not names:
        if n_layers:
            notices.append(f"activations: none given for {n_layers} hidden layers: "
                           f"using {default}")
        return [default] * n_layers
    if len(names) == 1:  # one name: the same for all layers
        return names * n_layers
    if len(names) > n_layers:
        notices.append(f"activations: {len(names)} given for {n_layers} hidden layers: "
                       f"ignoring the extra ones")
        return names[:n_layers]
    if len(names) < n_layers:
        notices.append(f"activations: {len(names)} given for {n_layers} hidden layers: "
                       f"the last {n_layers - len(names)} use {names[-1]}")
        names += [names[-1]] * (n_layers - len(names))
    return names


def _check_features(value: Any, default: list[str], notices: list[str]) -> list[str]:
    choices = registry_names("features")
    items = _items("features", value)
    if len(items) > 4 * len(choices):
        notices.append(f"features: {len(items)} given: keeping the first {len(choices)}")
        items = items[: len(choices)]
    names: list[str] = []
    for item in items:
        try:
            name = _parse_choice("feature", item, choices)
        except _Bad as bad:
            notices.append(f"features: {bad}: ignored")
            continue
        if name not in names:
            names.append(name)
    if not names:
        notices.append(f"features: none chosen: using {fmt(default)}")
        return list(default)
    return names


def _check(spec: FieldSpec, value: Any, partial: Setup, notices: list[str]) -> Any:
    """The valid value of one field (raises _Bad for a value to replace by its default)."""
    name = spec.name
    if spec.kind in ("choice", "float", "int", "bool") and isinstance(value, list | tuple):
        if not value:
            raise _Bad(f"{name} is empty")
        if len(value) > 1:
            notices.append(f"{name} was given {len(value)} times: using the last value")
        value = value[-1]
    if value is None:
        raise _Bad(f"{name} is empty")
    if spec.kind == "choice":
        return _parse_choice(name, value, spec.valid_choices(partial.task))
    if spec.kind == "bool":
        return _parse_bool(name, value)
    if spec.kind in ("float", "int"):
        low, high = spec.bounds()
        if spec.kind == "float":
            return float(_clamp(name, _parse_float(name, value), low, high, notices))
        return int(_clamp(name, _parse_int(name, value, notices), low, high, notices))
    default = contextual_default(name, partial)
    if name == "hidden_units":
        return _check_units(value, default, notices)
    if name == "activations":
        base = default_setup(partial.task).activations
        return _check_activations(value, len(partial.hidden_units),
                                  base[0] if base else "tanh", notices)
    if name == "features":
        return _check_features(value, default, notices)
    raise AssertionError(f"no check for field {name!r}")  # pragma: no cover


def validate(raw: Any, *, task: str | None = None,
             limit: bool = True) -> tuple[Setup, list[str]]:
    """A valid Setup from raw values (field name -> value, e.g. from JSON or the URL), and
    human-readable notices for every value that was clamped, replaced or ignored.

    Missing fields take their default (the task's default; the init scheme's scale).
    `task` is the page's task: used when raw has none, and kept over a different one.
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
    given_task = raw.get("task")
    if task is not None:
        if task not in TASKS:
            task = "classification"
        if given_task is not None and given_task != task:
            notices.append(f"task={show(given_task)} does not apply on this page: using {task}")
        raw["task"] = task
    partial = Setup()
    for spec in FIELDS:
        if spec.name not in raw:
            setattr(partial, spec.name, contextual_default(spec.name, partial))
            continue
        try:
            value = _check(spec, raw[spec.name], partial, notices)
        except _Bad as bad:
            value = contextual_default(spec.name, partial)
            notices.append(f"{bad}: using {fmt(value)}")
        except Exception as error:  # never raise: an odd type we did not think of
            value = contextual_default(spec.name, partial)
            notices.append(f"{spec.name}: {type(error).__name__}: using {fmt(value)}")
        setattr(partial, spec.name, value)
    for key in raw:
        if key not in FIELD:
            notices.append(f"unknown parameter {show(str(key))!r} ignored")
    return partial, limit_notices(notices) if limit else notices


def limit_notices(notices: list[str]) -> list[str]:
    """At most MAX_NOTICES notices: the rest summed up in one line."""
    if len(notices) <= MAX_NOTICES:
        return notices
    extra = len(notices) - (MAX_NOTICES - 1)
    return [*notices[: MAX_NOTICES - 1], f"… and {extra} more notices"]


def fields_in_group(group: str) -> tuple[FieldSpec, ...]:
    """The fields of one control group, in table order."""
    return tuple(f for f in FIELDS if f.group == group)


__all__ = [
    "DATA_FIELDS",
    "DISPLAY_FIELDS",
    "FIELD",
    "FIELDS",
    "GROUPS",
    "GROUP_HELP",
    "GROUP_LABELS",
    "MAX_HIDDEN_LAYERS",
    "MAX_UNITS",
    "RESET_FIELDS",
    "TASKS",
    "FieldSpec",
    "Setup",
    "contextual_default",
    "default_init_scale",
    "default_setup",
    "fields_in_group",
    "registry_names",
    "validate",
]
