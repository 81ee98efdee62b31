"""More than two classes on the Playground: the "Classes" control's rules and the network's head.

K = 2 is the binary Playground as it always was: one sigmoid output unit, Y (1, m), the loss
the student chose (cross-entropy or the squared error on a sigmoid). K >= 3 (the spiral's K
arms, the Gaussians' K clusters, an uploaded file with 3 to 5 label values) is a softmax
output of K units, Y one-hot (K, m), and the categorical cross-entropy: no other loss fits a
softmax, so the page switches to it by itself and says so, and K back to 2 gives the binary
loss back.

One place for these rules: the field table (``fields.playground_page``) asks ``settle`` to
keep a Setup consistent (K within the data set's ``max_classes``, the loss that fits K), the
Session asks ``head`` what its output layer is, and ``head_notice`` words the change.
No Streamlit here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.datasets import DATASETS
from engine.losses import LOSSES, TASK_LOSSES
from engine.upload import MAX_CLASSES as UPLOAD_MAX_CLASSES

MULTICLASS_LOSS = "cross_entropy"
BINARY_LOSS = "bce"  # what K = 2 falls back to from the categorical cross-entropy
UPLOAD = "upload"
MAX_CLASSES = UPLOAD_MAX_CLASSES  # the most any set offers (the palette's five colours)


def max_classes(dataset: Any) -> int:
    """The most classes a data set can be drawn with: its record's ``max_classes`` (2 for a
    binary-only set), MAX_CLASSES for an upload (the file's labels decide)."""
    if dataset == UPLOAD:
        return MAX_CLASSES
    record = DATASETS.get(dataset) if isinstance(dataset, str) else None
    if record is None or record.generate_k is None:
        return 2
    return int(record.max_classes)


def effective_classes(values: Any) -> int:
    """K as the data will have it: the chosen number of classes, at most the data set's.
    ``values`` is a Setup or the sidebar's raw dict (read with getattr or get)."""
    get = values.get if isinstance(values, dict) else lambda k, d=None: getattr(values, k, d)
    try:
        k = int(get("n_classes", 2))
    except (TypeError, ValueError):
        k = 2
    return max(2, min(k, max_classes(get("dataset"))))


def offers_classes(raw: dict) -> bool:
    """A ``FieldSpec.shown``: the control is drawn for a set that has more than two classes
    (an upload's K comes from its file)."""
    return raw.get("dataset") != UPLOAD and max_classes(raw.get("dataset")) > 2


def binary_loss_shown(raw: dict) -> bool:
    """A ``FieldSpec.shown`` for the loss: a choice only with two classes."""
    return effective_classes(raw) < 3


def playground_losses() -> tuple[str, ...]:
    """The losses a Playground setup may hold: the binary ones and the categorical one."""
    return tuple(n for task in ("classification", "multiclass")
                 for n in TASK_LOSSES.get(task, ()) if n in LOSSES)


def binary_losses() -> tuple[str, ...]:
    """The losses the Playground's loss widget offers (K = 2)."""
    return tuple(n for n in TASK_LOSSES.get("classification", ()) if n in LOSSES)


def loss_for(spec: Any, setup: Any) -> str:
    """A ``FieldSpec.follows`` for the loss: the categorical cross-entropy for K >= 3."""
    return MULTICLASS_LOSS if effective_classes(setup) >= 3 else spec.default


def settle(setup: Any) -> None:
    """Make a Playground setup consistent after its fields were checked one by one (silently:
    the sidebar runs this on every rerun; the notice comes from ``head_notice``): K at most
    the data set's max_classes, and the loss that fits K."""
    k = effective_classes(setup)
    setup.n_classes = k
    if k >= 3:
        setup.loss = MULTICLASS_LOSS
    elif setup.loss == MULTICLASS_LOSS:
        setup.loss = BINARY_LOSS


def head(setup: Any, data: Any, output: str) -> tuple[int, str, str]:
    """(n[L], the output activation, the loss) of a Session's network. The data decides K
    (an uploaded file brings its own): Y one-hot (K, m) is a softmax of K units with the
    categorical cross-entropy; Y (1, m) keeps the page's output unit and the setup's loss."""
    Y = np.asarray(data.Y_train)
    rows = int(Y.shape[0]) if Y.ndim == 2 else 1
    if rows >= 2:
        return rows, "softmax", MULTICLASS_LOSS
    loss = setup.loss if setup.loss != MULTICLASS_LOSS else BINARY_LOSS
    return 1, output, loss


def n_classes_of(session: Any) -> int:
    """K of a Session's data: the rows of a one-hot Y, else 2 (binary or a number)."""
    rows = int(np.asarray(session.data.Y_train).shape[0])
    return rows if rows >= 2 else 2


def head_notice(changed: set[str], setup: Any, data: Any) -> str:
    """The words for a change of the number of classes ("" when it did not change)."""
    if "n_classes" not in changed:
        return ""
    n_out, _, loss = head(setup, data, "sigmoid")
    if n_out >= 3:
        return (f"{n_out} classes: the output layer now has {n_out} softmax units "
                f"(A[L] of shape ({n_out}, m), Y one-hot) and the loss switched to the "
                "categorical cross-entropy.")
    return ("2 classes: back to one sigmoid output unit and the "
            f"{LOSSES[loss].label.lower()}.")
