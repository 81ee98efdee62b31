"""The Playground's live view with K >= 3 classes: what ``PlaneView`` draws instead of the
binary boundary, and the confusion matrix beside the curves.

- The picture: each region in its class's colour, the confidence as lightness
  (``figures.multiclass.region_figure``). Each frame sends the K grids of a_k as uint8
  (``encode_outputs``) and the browser paints them as ``region_rgba`` does (live_chart.js,
  ``paintClasses``): a frame stays a few kilobytes and one pass over the pixels.
- The confusion matrix of the test set (the training set when there is none), with each true
  class's accuracy on its row, refreshed with the diagram (``SLOW_EVERY``): a frame sends its
  picture and numbers, no Plotly figure.

No Streamlit here.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from engine.metrics import confusion_matrix, per_class_accuracy
from playground.classes import n_classes_of
from playground.figures import multiclass as mc
from playground.state import Session

CONFUSION = "confusion"  # the panel's name in the live chart


def is_multiclass(session: Session) -> bool:
    """Whether the session trains K >= 3 classes (a softmax output)."""
    return n_classes_of(session) >= 3


def region_figure(session: Session, P: np.ndarray, show_test: bool,
                  height: int) -> go.Figure:
    """The base picture: P (K, n2, n1) the softmax outputs on the data's grid."""
    d = session.data
    return mc.region_figure(d.x1s, d.x2s, P, d.X_train, d.Y_train,
                            d.X_test if show_test else None, d.Y_test if show_test else None,
                            height=height)


def frame_image(P: np.ndarray) -> dict:
    """A frame's picture: the K grids of a_k (see ``figures.multiclass.encode_outputs``)."""
    return mc.encode_outputs(P)


def scored_set(session: Session) -> tuple[np.ndarray, np.ndarray, str]:
    """(X, Y, name) of the set the confusion matrix counts: the test set, else training."""
    d = session.data
    if d.X_test.size:
        return d.X_test, d.Y_test, "test set"
    return d.X_train, d.Y_train, "training set"


def confusion(session: Session) -> tuple[np.ndarray, np.ndarray, str]:
    """(C (K, K) counts, per-class accuracy (K,), the set's name) of the network drawn."""
    X, Y, name = scored_set(session)
    K = n_classes_of(session)
    predicted = session.drawable_network().predict(X)
    return (confusion_matrix(predicted, Y, n_classes=K),
            per_class_accuracy(predicted, Y, n_classes=K), name)


def confusion_figure(session: Session, height: int) -> go.Figure:
    C, per_class, name = confusion(session)
    return mc.confusion_picture_figure(C, per_class, height=height,
                                       title=f"Confusion ({name})")


def confusion_update(session: Session) -> dict:
    """A frame's update of the confusion panel: its picture and annotations."""
    C, per_class, _ = confusion(session)
    return {"layout": mc.confusion_parts(C, per_class)}
