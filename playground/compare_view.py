"""Compare mode's live view: the runs' pictures and diagrams side by side, their curves
overlaid.

``CompareView`` is a ``live_chart.LiveView`` over a ``compare.CompareRuns`` (which the live
loop drives like one Session). Run A's panels keep the single page's names ("boundary",
"diagram"), the others' carry their letter ("boundary_b"); the cost and accuracy charts
hold two traces per run (``figures.compare``). Each picture's title is the run's letter
in its colour and what sets it apart ("B · α 0.1"). No Streamlit here.
"""

from __future__ import annotations

import numpy as np

from playground.compare import CompareRuns
from playground.figures import plane as figures
from playground.figures import style
from playground.figures.compare import compare_curves_figure, run_traces
from playground.live_chart import Panel, stat
from playground.plane_view import PlaneView, history_row
from playground.state import Session

# Row heights (px) by number of runs (picture, diagram): two runs share one row of
# pictures and diagrams, over the curves; three or four have a row of pictures, the curves,
# then a row of diagrams (under the fold at 1280 x 800: the pictures and the curves are
# what a sweep compares).
HEIGHTS = {2: (245, 245), 3: (215, 160), 4: (215, 160)}
CURVE_HEIGHT = 215
PICTURE_MARGIN = {"l": 46, "r": 6, "t": 36, "b": 42}


def panel_name(kind: str, index: int) -> str:
    """"boundary", "diagram" for run A (as on the single page), "boundary_b"... after."""
    return kind if index == 0 else f"{kind}_{'abcd'[index]}"


class _RunView(PlaneView):
    """One run's picture and diagram at compare mode's sizes."""

    def __init__(self, picture: int, diagram: int) -> None:
        self.PICTURE_HEIGHT, self.diagram_height = picture, diagram

    def picture(self, run: Session, title: str, colour: str):
        d, s = run.data, run.setup
        show_test = s.show_test and d.X_test.size > 0
        fig = figures.boundary_figure(
            d.x1s, d.x2s, self._boundary(run), d.X_train, d.Y_train,
            d.X_test if show_test else None, d.Y_test if show_test else None,
            threshold_only=s.threshold_only, height=self.PICTURE_HEIGHT)
        # Small pictures: no colour bar (the page says what the colours mean), no legend.
        fig.update_traces(showscale=False, selector={"type": "heatmap"})
        fig.update_layout(title={"text": title, "font": {"color": colour}}, showlegend=False,
                          margin=PICTURE_MARGIN)
        return fig

    def diagram(self, run: Session, title: str, colour: str):
        net = self._network(run)
        fig = figures.network_figure(net.layer_dims, net.params, self._pictures(run),
                                     net.activations, height=self.diagram_height)
        fig.update_layout(title={"text": title, "font": {"color": colour}})
        return fig

    def grid(self, run: Session) -> dict:
        """The picture's frame: the output over the data's plane, as a uint8 grid."""
        return figures.encode_grid(figures.quantize(self._boundary(run)))

    def diagram_update(self, run: Session) -> dict:
        return self._diagram_update(run)


class CompareView:
    """Runs A..D: pictures, diagrams, and the cost and accuracy of all in two charts."""

    plotly_loading = "lazy"

    def _run_view(self, group: CompareRuns) -> _RunView:
        return _RunView(*HEIGHTS.get(group.count, HEIGHTS[4]))

    def base_figures(self, group: CompareRuns) -> list[Panel]:
        view, n = self._run_view(group), group.count
        labels = group.labels()
        colours = style.RUN_COLORS
        pictures = [Panel(panel_name("boundary", i),
                          1 / n if n > 2 else 0.25, view.picture(run, labels[i], colours[i]))
                    for i, run in enumerate(group.runs)]
        diagrams = [Panel(panel_name("diagram", i), 1 / n if n > 2 else 0.25,
                          view.diagram(run, f"{group.names[i]} · network", colours[i]))
                    for i, run in enumerate(group.runs)]
        s = group.setup
        cost = compare_curves_figure(self._curves(group, "train_cost", "test_cost"),
                                     title="Cost", y_title="cost J", log_y=s.log_cost,
                                     height=CURVE_HEIGHT)
        acc = compare_curves_figure(self._curves(group, "train_metric", "test_metric"),
                                    title="Accuracy", y_title="accuracy", y_range=(0, 1.02),
                                    height=CURVE_HEIGHT)
        curves = [Panel("cost", 0.5, cost, kind="curve"),
                  Panel("accuracy", 0.5, acc, kind="curve")]
        if n == 2:
            return [*pictures, *diagrams, *curves]
        return [*pictures, *curves, *diagrams]

    @staticmethod
    def _curves(group: CompareRuns, train: str, test: str) -> list[dict]:
        return [{"name": name, "epoch": r.trainer.history["epoch"],
                 "train": r.trainer.history[train], "test": r.trainer.history[test]}
                for name, r in zip(group.names, group.runs, strict=True)]

    @staticmethod
    def _curve_update(group: CompareRuns, train: str, test: str) -> dict:
        traces = {}
        for i, run in enumerate(group.runs):
            h = run.trainer.history
            x, tr, x_test, te = run_traces(h["epoch"], h[train], h[test])
            traces[str(2 * i)] = {"x": x, "y": tr}
            traces[str(2 * i + 1)] = {"x": x_test, "y": te}
        return {"traces": traces}

    def frame(self, group: CompareRuns, slow: bool) -> dict:
        view = self._run_view(group)
        figs: dict = {}
        for i, run in enumerate(group.runs):
            # A zoom is not followed here: each picture keeps its data's whole plane.
            figs[panel_name("boundary", i)] = {"image": view.grid(run)}
            if slow:
                figs[panel_name("diagram", i)] = view.diagram_update(run)
        figs["cost"] = self._curve_update(group, "train_cost", "test_cost")
        figs["accuracy"] = self._curve_update(group, "train_metric", "test_metric")
        epoch = group.drawable_epoch
        stats = [stat("epoch", "Epoch", f"{group.epoch:,}")]
        for name, run in zip(group.names, group.runs, strict=True):
            stats.append(stat(f"run-{name.lower()}", name, run_summary(run)))
        return {"figures": figs, "stats": stats, "epoch": epoch}


def run_summary(run: Session) -> str:
    """A run's numbers in the stats line, short enough for four runs on one line at 1280 px:
    its cost and test accuracy (training accuracy without a test set), "J 0.231, 91.0 %",
    or where it stopped."""
    if run.diverged:
        return f"diverged at epoch {run.trainer.diverged_epoch:,}"
    last = history_row(run.trainer.history, run.drawable_epoch)
    cost = last.get("train_cost")
    test = last.get("test_metric")
    acc = test if test is not None else last.get("train_metric")
    if cost is None or not np.isfinite(cost):
        return "–"
    text = f"J {cost:.3f}"
    if acc is not None and np.isfinite(acc):
        text += f", {100 * acc:.1f} %"
    return text
