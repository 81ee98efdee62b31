"""The Playground page's table: a 2-D data set, a network and its training, what is drawn.

Its task is classification: labels 0 or 1, a sigmoid output unit, the cross-entropy cost.
"""

from __future__ import annotations

import dataclasses

from engine.datasets import DATASETS, NOISE_MAX
from engine.features import DEFAULT_FEATURES
from playground import classes
from playground.fields import common as c
from playground.fields.core import FieldSpec, PageFields, Setup

UPLOAD = "upload"  # the user's own CSV file (playground.upload_panel)
DEFAULT_DATASET = "flower"


def dataset_choices() -> tuple[str, ...]:
    """The 2-D sets of the engine's registry (the Playground offers every record; a record's
    ``pages`` are the teaching pages offering it too), and the user's own CSV file."""
    return (*c.registry_names("datasets"), UPLOAD)


def _noise_of_dataset(spec: FieldSpec, setup: Setup) -> float:
    # A link or file without a noise gets its data set's own (the field's for an upload).
    record = DATASETS.get(setup.dataset)
    return float(record.default_noise) if record is not None else spec.default


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("dataset", "choice", DEFAULT_DATASET, "data", "Data set",
              "The examples (x, y) the network learns from.", "ds", "data",
              choices=dataset_choices, labels=((UPLOAD, "Upload a CSV…"),)),
    FieldSpec("n_classes", "int", 2, "data", "Classes K",
              "K, the number of classes. 3 or more: the output layer has K softmax units, "
              "Y is one-hot (K, m) and the loss is the categorical cross-entropy.",
              "classes", "data", low=2, high=classes.MAX_CLASSES, step=1,
              shown=classes.offers_classes,
              hidden_note="Two classes here: the spiral and the Gaussian clusters take 2 to "
                          "5, an uploaded file's labels set K."),
    FieldSpec("noise", "float", DATASETS[DEFAULT_DATASET].default_noise, "data", "Noise",
              "How much the two classes overlap: 0 is clean, more noise is harder.",
              "noise", "data", low=0.0, high=float(NOISE_MAX), step=0.01,
              follows=_noise_of_dataset),
    FieldSpec("n_samples", "int", 400, "data", "Examples m",
              "m, the number of examples (training and test together).",
              "n", "data", low=50, high=2000, step=10),
    c.TEST_RATIO,
    c.DATA_SEED,
    # What the network sees of each point (TF Playground's features): n[0] = how many.
    FieldSpec("inputs", "choice_set", DEFAULT_FEATURES, "data", "Input features",
              "What the network sees of each point (x1, x2): one input unit each, so n[0] is "
              "how many you choose. With x1² and x2² a circle needs no hidden layer.",
              "in", "retrain", choices=c.names_of("inputs"), item="input feature",
              widget="inputs"),
    c.HIDDEN_UNITS,
    c.ACTIVATIONS_FIELD,
    c.LEAKY_ALPHA,
    c.INIT_FIELD,
    c.INIT_SCALE,
    # K >= 3 holds the categorical cross-entropy (playground.classes): no choice to make.
    dataclasses.replace(
        c.loss_field("classification", "bce"), choices=classes.playground_losses,
        offered=classes.binary_losses, follows=classes.loss_for,
        shown=classes.binary_loss_shown,
        hidden_note="Loss: the categorical cross-entropy, the one cost of a softmax output."),
    c.OPTIMIZER,
    c.LEARNING_RATE,
    c.BATCH_SIZE,
    c.L2,
    c.EPOCHS_PER_FRAME,
    c.SEED,
    FieldSpec("show_test", "bool", False, "display", "Show test data",
              "Draw the test examples too (hollow points).", "show_test", "live",
              on_live=c.redraw),
    FieldSpec("threshold_only", "bool", False, "display", "Discretize output",
              "Colour each picture by its side of the threshold only (the output's 0.5, a "
              "unit's 0) instead of by its value, as TensorFlow Playground does.",
              "threshold", "live", on_live=c.redraw),
    c.LOG_COST,
)

PLAYGROUND = PageFields(
    name="playground", title="Playground", task="classification", output="sigmoid",
    groups=(c.DATA, c.NETWORK, c.INIT, c.TRAINING, c.DISPLAY), fields=FIELDS,
    settle=classes.settle,
)
