"""The fields both live pages share (the network, its initialization, its training), the
sidebar groups they sit in, and the engine registries they offer.

Choices are read from the engine's registries (``HIDDEN_ACTIVATIONS``, ``INITIALIZERS``,
``LOSSES``, ``OPTIMIZERS``, ``DATASETS``, housing ``FEATURES``) when a widget or a parser asks,
so a newly registered name is offered everywhere at once. A page that needs another default
takes a shared spec with ``dataclasses.replace(spec, default=...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from engine.datasets import DATASETS
from engine.features import PLANE_FEATURES
from engine.initializers import DEFAULT_SCALE, INITIALIZERS
from engine.losses import LOSSES, TASK_LOSSES
from engine.optimizers import OPTIMIZERS
from engine.registry import Param
from engine.serialize import MAX_LAYERS
from playground.fields.core import FieldSpec, Group, Setup

MAX_HIDDEN_LAYERS = MAX_LAYERS - 1  # 8: a weights file holds at most MAX_LAYERS layers
MAX_UNITS = 64
INIT_SCALE_MIN, INIT_SCALE_MAX = 0.001, 10.0
SEED_MAX = 2**31 - 1


# --------------------------------------------------------------------------- registries
def _housing_features() -> tuple[str, ...]:
    # engine.housing pulls in pandas: imported only when a feature list is needed.
    from engine.housing import FEATURES

    return tuple(FEATURES)


def registry_names(kind: str) -> tuple[str, ...]:
    """The valid names of one family, in the engine registry's order: kind is one of
    "activations", "initializers", "losses", "optimizers", "datasets", "features" (the housing
    table's columns), "inputs" (the plane's input features, x1, x2, x1², ...)."""
    # "activations" are the hidden layers' choices: an output-only record (softmax) is left out.
    registries = {"activations": HIDDEN_ACTIVATIONS, "initializers": INITIALIZERS, "losses": LOSSES,
                  "optimizers": OPTIMIZERS, "datasets": DATASETS, "inputs": PLANE_FEATURES}
    if kind == "features":
        return _housing_features()
    if kind not in registries:
        raise ValueError(f"unknown registry {kind!r}; valid: {', '.join(registries)}, features")
    return tuple(registries[kind])


def names_of(kind: str):
    """A ``FieldSpec.choices`` reading one registry when called."""
    return lambda: registry_names(kind)


def losses_for(task: str):
    """A ``FieldSpec.choices`` giving the losses that fit a task (the engine's TASK_LOSSES)."""
    return lambda: tuple(n for n in TASK_LOSSES.get(task, ()) if n in LOSSES)


def declared_param(name: str) -> Param:
    """An activation parameter as the first record declaring it (registry order) states it:
    label, range, default, help. The engine's Network takes one value per parameter name and
    gives it to every chosen activation that declares it, so one field serves them all."""
    for record in ACTIVATIONS.values():
        for param in record.params:
            if param.name == name:
                return param
    raise KeyError(f"no activation declares a parameter {name!r}")


def declares_param(name: str) -> Callable[[dict], bool]:
    """A ``FieldSpec.shown``: whether any chosen activation declares that parameter."""
    def shown(raw: dict) -> bool:
        chosen = (ACTIVATIONS[a] for a in raw.get("activations", []) if a in ACTIVATIONS)
        return any(p.name == name for record in chosen for p in record.params)

    return shown


def activation_param_field(field_name: str, param: str, key: str) -> FieldSpec:
    """The sidebar field of an activation parameter, read from its declaration: drawn only
    when a chosen activation declares it; a new value is a new network."""
    p = declared_param(param)
    return FieldSpec(
        field_name, "float", p.default, "network", p.label, p.help, key, "retrain",
        low=lambda: declared_param(param).low, high=lambda: declared_param(param).high,
        log=p.log, shown=declares_param(param))


def default_init_scale(init: str) -> float:
    """The scale that goes with an initialization scheme (the engine's DEFAULT_SCALE),
    kept inside the slider's range [0.001, 10]."""
    scale = float(DEFAULT_SCALE.get(init, 0.01))
    return min(max(scale, INIT_SCALE_MIN), INIT_SCALE_MAX)


# --------------------------------------------------------------------------- live effects
# How a live field reaches the running Session: the engine Trainer's settable attributes, or
# a redraw for what only changes the pictures.
def set_learning_rate(session: Any, value: float) -> None:
    session.trainer.learning_rate = value


def set_l2(session: Any, value: float) -> None:
    session.trainer.l2 = value


def set_batch_size(session: Any, value: int) -> None:
    session.trainer.batch_size = value or None  # 0: the whole training set


def set_optimizer(session: Any, value: str) -> None:
    session.trainer.set_optimizer(value)  # keeps the weights, starts the optimizer's memory


def redraw(session: Any, value: Any) -> None:
    session.version += 1  # the live chart rebuilds its figures from scratch


# --------------------------------------------------------------------------- groups
DATA = Group("data", "Data",
             "The training set: examples x with their labels y, and a test set kept aside.")
NETWORK = Group(
    "network", "Network: hyperparameters",
    "The hidden layers: how many units n[l] in each, and their activation g[l].",
    note=("Parameters vs hyperparameters",
          "The **parameters** W[l], b[l] are learned by gradient descent. The "
          "**hyperparameters** are chosen by you, and they decide which parameters it ends "
          "with: the learning rate α, the number of iterations, the number of hidden layers, "
          "the hidden units n[l], the activation g[l]. Good ones are found by trying: change "
          "one, watch the cost J."))
INIT = Group("init", "Initialization",
             "How the weights W[l] start. Random weights break the symmetry; the biases b[l] "
             "start at zero.")
TRAINING = Group("training", "Training: hyperparameters",
                 "Gradient descent on the cost J: the step size α, the batch, the "
                 "regularization, the speed.")
DISPLAY = Group("display", "Display", "What the pictures show.")


# --------------------------------------------------------------------------- shared fields
def _one_per_layer(spec: FieldSpec, setup: Setup) -> list[str]:
    first = spec.default[0] if spec.default else registry_names("activations")[0]
    return [first] * len(setup.hidden_units)


def _scale_of_init(spec: FieldSpec, setup: Setup) -> float:
    return default_init_scale(setup.init)


def _has_scale(raw: dict) -> bool:
    return raw.get("init") != "zeros"


TEST_RATIO = FieldSpec(
    "test_ratio", "float", 0.3, "data", "Test share",
    "The share of examples kept aside as the test set, never used to train.",
    "test", "data", low=0.1, high=0.9, step=0.05)
DATA_SEED = FieldSpec(
    "data_seed", "int", 1, "data", "Data seed",
    "The random seed of the data: Regenerate draws a new set.",
    "dseed", "data", low=0, high=SEED_MAX)
HIDDEN_UNITS = FieldSpec(
    "hidden_units", "int_list", [4], "network", "Hidden units",
    "n[l], the number of units in each hidden layer (no hidden layer: logistic regression).",
    "units", "retrain", low=1, high=MAX_UNITS, item="units", count="hidden layers",
    max_items=MAX_HIDDEN_LAYERS, widget="layers")
ACTIVATIONS_FIELD = FieldSpec(
    "activations", "per_layer", ["tanh"], "network", "Activations",
    "g[l], the activation of each hidden layer. The output unit is a sigmoid for "
    "classification, linear for regression.",
    "act", "retrain", choices=names_of("activations"), item="activation",
    widget="with_layers", follows=_one_per_layer)
# The Setup's name and URL key stay those of the days when only leaky ReLU had an "alpha".
LEAKY_ALPHA = activation_param_field("leaky_alpha", "alpha", key="alpha")
INIT_FIELD = FieldSpec(
    "init", "choice", "normal", "init", "Initialization",
    "How W[l] starts; the biases b[l] start at 0.",
    "init", "retrain", choices=names_of("initializers"))
INIT_SCALE = FieldSpec(
    "init_scale", "float", 0.01, "init", "Scale",
    "The factor on the random weights: the course uses 0.01.",
    "scale", "retrain", low=INIT_SCALE_MIN, high=INIT_SCALE_MAX, log=True,
    follows=_scale_of_init, shown=_has_scale,
    hidden_note="Zeros: every weight starts at 0, so there is no scale.")
OPTIMIZER = FieldSpec(
    "optimizer", "choice", "gd", "training", "Optimizer",
    "What each step does with the gradients dW[l], db[l].",
    "opt", "live", choices=names_of("optimizers"), on_live=set_optimizer)
LEARNING_RATE = FieldSpec(
    "learning_rate", "float", 1.2, "training", "Learning rate α",
    "α in W := W − α dW. Too large and the cost diverges.",
    "lr", "live", low=1e-5, high=100.0, log=True, on_live=set_learning_rate)
BATCH_SIZE = FieldSpec(
    "batch_size", "int", 0, "training", "Batch size",
    "Examples per gradient step: 0 means the whole training set (batch gradient descent).",
    "batch", "live", low=0, high=100_000, on_live=set_batch_size)
L2 = FieldSpec(
    "l2", "float", 0.0, "training", "L2 λ",
    "λ, the L2 regularization: the cost adds λ/(2m) Σ‖W[l]‖².",
    "l2", "live", low=0.0, high=10.0, step=0.001, on_live=set_l2)
EPOCHS_PER_FRAME = FieldSpec(
    "epochs_per_frame", "int", 50, "training", "Epochs per frame",
    "How many epochs run between two pictures: the speed.",
    "speed", "live", low=1, high=1000)  # read by each frame
SEED = FieldSpec(
    "seed", "int", 0, "training", "Seed",
    "The random seed of the weights and of the mini-batch order: same seed, same run.",
    "seed", "retrain", low=0, high=SEED_MAX)
LOG_COST = FieldSpec(
    "log_cost", "bool", False, "display", "Log scale", "Draw the cost on a log scale.",
    "log_cost", "live", on_live=redraw)


def loss_field(task: str, default: str) -> FieldSpec:
    """The cost J of a page: the losses of its task (a new loss changes the gradients the
    network was trained with, so it starts again)."""
    return FieldSpec(
        "loss", "choice", default, "training", "Loss",
        "The cost J that gradient descent makes smaller.", "loss", "retrain",
        choices=losses_for(task))
