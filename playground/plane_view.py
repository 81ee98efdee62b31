"""The Playground page's live view: decision boundary, network diagram, cost and accuracy.

``PlaneView`` is the ``live_chart.LiveView`` that ``views/playground.py`` hands to
``live.live_panel``: the full figures once (``base_figures``), then each frame only what
moves (``frame``, in the format ``playground.live_chart`` documents). No Streamlit here.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground import multiclass_view
from playground.figures import plane as figures
from playground.figures.network import discretized
from playground.inputs import grid_points, input_labels, plane_inputs
from playground.live_chart import Panel, stat
from playground.state import Session

PICTURE_SIZE = 16         # cells per side of each unit's picture in the diagram


def _fmt(v, digits: int = 4) -> str:
    if v is None or not np.isfinite(v):
        return "–"
    return f"{v:.{digits}f}"


def curve_updates(history: dict, train_key: str, test_key: str) -> dict:
    """Trace updates for a curve figure (traces 0 train, 1 test), downsampled."""
    x, tr, te = figures.downsample(history["epoch"], history[train_key], history[test_key])
    has_test = any(v is not None for v in te)
    return {"traces": {"0": {"x": x, "y": tr}, "1": {"x": x if has_test else [], "y": te}}}


class PlaneView:
    """The Playground page: decision boundary, network diagram, cost and accuracy."""

    # Pixel heights of the two rows: at 1280 x 800 (a projector) the picture, the diagram
    # and the curves are all above the fold.
    PICTURE_HEIGHT = 325
    CURVE_HEIGHT = 225

    # The component draws the boundary and the diagram itself until plotly.js is needed:
    # the page answers Play at once instead of after a second of parsing plotly.js.
    plotly_loading = "lazy"

    def _network(self, session: Session):
        return session.drawable_network()

    def _boundary(self, session: Session, view: list | None = None) -> np.ndarray:
        # Over the data's plane grid, or with ``view`` [x0, x1, y0, y1] (a zoom) a grid of
        # the same size over the visible range: cell centres, rows along x2.
        d = session.data
        if view is None:
            A = self._network(session).forward(plane_inputs(session, d.G))
        else:
            n1, n2 = len(d.x1s), len(d.x2s)
            x1 = view[0] + (np.arange(n1) + 0.5) * (view[1] - view[0]) / n1
            x2 = view[2] + (np.arange(n2) + 0.5) * (view[3] - view[2]) / n2
            A = self._network(session).forward(plane_inputs(session, grid_points(x1, x2)))
        if A.shape[0] > 1:  # K softmax outputs: (K, n2, n1) (playground.multiclass_view)
            return A.reshape(A.shape[0], len(d.x2s), len(d.x1s))
        return A.reshape(len(d.x2s), len(d.x1s))

    def _pictures(self, session: Session) -> list[np.ndarray]:
        d = session.data
        k = PICTURE_SIZE if max(session.network.layer_dims) <= 8 else 10
        x1 = np.linspace(d.x1s[0], d.x1s[-1], k)
        x2 = np.linspace(d.x2s[0], d.x2s[-1], k)
        X = plane_inputs(session, grid_points(x1, x2))  # the input units' pictures: X's rows
        outputs = self._network(session).layer_outputs(X)
        pictures = figures.unit_pictures(outputs, X, k, probability_output=session.output
                                         == "sigmoid")
        return discretized(pictures) if session.setup.threshold_only else pictures

    def _diagram(self, session: Session) -> go.Figure:
        net = self._network(session)
        return figures.network_figure(net.layer_dims, net.params, self._pictures(session),
                                      net.activations, height=self.PICTURE_HEIGHT,
                                      input_labels=input_labels(session.setup,
                                                                net.layer_dims[0]))

    def _diagram_update(self, session: Session) -> dict:
        # What a refresh of the diagram changes (traces and pictures), as plain JSON: built
        # without Plotly's figure objects, ~10x cheaper than _diagram on the server.
        net = self._network(session)
        parts = figures.network_parts(net.layer_dims, net.params, self._pictures(session),
                                      net.activations)
        return {"data": parts["data"], "layout": {"images": parts["images"]}}

    def base_figures(self, session: Session) -> list[Panel]:
        d, s, h = session.data, session.setup, session.trainer.history
        show_test = s.show_test and d.X_test.size > 0
        multiclass = multiclass_view.is_multiclass(session)
        if multiclass:  # K >= 3 classes: regions by class, confidence as lightness
            boundary = multiclass_view.region_figure(session, self._boundary(session),
                                                     show_test, self.PICTURE_HEIGHT)
        else:
            boundary = figures.boundary_figure(
                d.x1s, d.x2s, self._boundary(session), d.X_train, d.Y_train,
                d.X_test if show_test else None, d.Y_test if show_test else None,
                threshold_only=s.threshold_only, height=self.PICTURE_HEIGHT,
            )
        cost = figures.curve_figure(h["epoch"], h["train_cost"], h["test_cost"],
                                    title="Cost", y_title="cost J", log_y=s.log_cost,
                                    height=self.CURVE_HEIGHT)
        acc = figures.curve_figure(h["epoch"], h["train_metric"], h["test_metric"],
                                   title="Accuracy", y_title="accuracy", y_range=(0, 1.02),
                                   height=self.CURVE_HEIGHT)
        if multiclass:  # the curves and the confusion matrix share the second row
            return [Panel("boundary", 0.5, boundary),
                    Panel("diagram", 0.5, self._diagram(session)),
                    Panel("cost", 1 / 3, cost, kind="curve"),
                    Panel("accuracy", 1 / 3, acc, kind="curve"),
                    Panel(multiclass_view.CONFUSION, 1 / 3, multiclass_view.confusion_figure(
                        session, self.CURVE_HEIGHT))]
        return [Panel("boundary", 0.5, boundary), Panel("diagram", 0.5, self._diagram(session)),
                Panel("cost", 0.5, cost, kind="curve"),
                Panel("accuracy", 0.5, acc, kind="curve")]

    def frame(self, session: Session, slow: bool) -> dict:
        view = session.cache.get("view")
        Z = self._boundary(session, view)
        multiclass = Z.ndim == 3  # K softmax outputs: K grids (playground.multiclass_view)
        image = (multiclass_view.frame_image(Z) if multiclass
                 else figures.encode_grid(figures.quantize(Z)))
        if view is not None:
            image["extent"] = view
        h = session.trainer.history
        figs = {
            # Every frame: the boundary picture (uint8 grid, painted in the browser) and the
            # two curves (drawn on a canvas). The rest, costlier to redraw, on the slow ticks.
            "boundary": {"image": image},
            "cost": curve_updates(h, "train_cost", "test_cost"),
            "accuracy": curve_updates(h, "train_metric", "test_metric"),
        }
        if slow:
            figs["diagram"] = self._diagram_update(session)
            if multiclass:
                figs[multiclass_view.CONFUSION] = multiclass_view.confusion_update(session)
        # The numbers of the network drawn: after a divergence, the last finite weights.
        epoch = session.drawable_epoch
        last = history_row(h, epoch)
        stats = [
            stat("epoch", "Epoch", f"{epoch:,}"),
            stat("train-cost", "Train cost", _fmt(last.get("train_cost"))),
            stat("test-cost", "Test cost", _fmt(last.get("test_cost"))),
            stat("train-acc", "Train accuracy", _pct(last.get("train_metric"))),
            stat("test-acc", "Test accuracy", _pct(last.get("test_metric"))),
        ]
        return {"figures": figs, "stats": stats, "epoch": epoch}


def history_row(history: dict, epoch: int) -> dict:
    """The history's latest row up to ``epoch`` (searched from the end), or {}.

    After N epochs of training the last row is N - 1 (the cost measured during epoch N - 1);
    after a blow-up stop it is the stopped epoch; the weights kept after NaN are those of
    the row of their epoch."""
    epochs = history["epoch"]
    for i in range(len(epochs) - 1, -1, -1):
        if epochs[i] <= epoch:
            return {key: values[i] for key, values in history.items()}
    return {}


def _pct(v) -> str:
    if v is None or not np.isfinite(v):
        return "–"
    return f"{100 * v:.1f} %"
