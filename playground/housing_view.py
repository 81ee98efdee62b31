"""The housing page's plug-in for the live machinery (``playground.live``).

- ``make_housing_data(setup, frame)``: the California set the setup asks for (features,
  number of districts, test share, data seed) as a ``state.Data``, with the test districts'
  longitude/latitude and, for a single feature, the grid the fitted curve is drawn on.
- ``HousingView``: the ``live_chart.LiveView`` of the page: the full figures once
  (``base_figures``), then each frame only the numbers that move (``frame``): the RMSE
  curves in dollars, predicted vs actual, the residuals, the map and the fitted curve.
- ``explain_features(names)``: the line that says what the network predicts from.

Prices: the network's output and Y are in units of $100,000; everything shown is in dollars.
No Streamlit here: the page (``views/housing.py``) wires it up.
"""

from __future__ import annotations

import re
from functools import partial

import numpy as np
import pandas as pd

from engine.housing import FEATURE_LABELS, ONE_HOT_FEATURES, prepare_housing, to_dollars
from playground.figures import dollars as dl
from playground.figures import housing as hf
from playground.figures import housing_map as hmap
from playground.live_chart import Panel, stat
from playground.state import Data, Session

CURVE_POINTS = 200        # points of the fitted curve over a single feature
FIT_SCATTER_MAX = 3_000   # districts drawn under the fitted curve (the picture, not the fit)
HEAVY_PANELS = ("scatter", "residuals", "map")  # redrawn one per frame, in turn
# Kept in Session.cache between frames and runs:
_TRAIN_KEY, _TURN_KEY, _COLOR_KEY = "housing_train_metrics", "housing_turn", "housing_map"


def make_housing_data(setup, frame: pd.DataFrame) -> Data:
    """The housing set for ``setup`` (a Housing page's playground.fields.Setup) from the
    raw table ``frame``.

    Data.extra holds: "housing" (the engine's HousingData: names, statistics, notes),
    "lon" and "lat" (m_test,) of the test districts, and with one feature "grid" (1, k) in
    the network's standardized units and "grid_raw" (k,) in the feature's own unit.
    Raises ValueError (with a message for the user) for a setup that cannot be built.
    """
    n = int(setup.housing_samples)
    hd = prepare_housing(
        list(setup.features), n_samples=None if n >= len(frame) else n,
        test_ratio=setup.test_ratio, seed=setup.data_seed, frame=frame,
    )
    extra: dict = {
        "housing": hd,
        "lon": frame["longitude"].to_numpy(dtype=float)[hd.test_rows],
        "lat": frame["latitude"].to_numpy(dtype=float)[hd.test_rows],
    }
    if hd.n_x == 1:
        both = np.concatenate([hd.X_train, hd.X_test], axis=1)
        grid = np.linspace(both.min(), both.max(), CURVE_POINTS).reshape(1, -1)
        extra["grid"] = grid
        extra["grid_raw"] = hd.unstandardize(grid).ravel()
    return Data(hd.X_train, hd.Y_train, hd.X_test, hd.Y_test, extra=extra)


def housing_data_maker(frame: pd.DataFrame):
    """``make_data`` for a ``Session``: setup -> Data, reading from ``frame``."""
    return partial(make_housing_data, frame=frame)


def short_label(name: str) -> str:
    """A feature's label for a sentence: "median income", "rooms per household"."""
    label = FEATURE_LABELS.get(name, name.replace("_", " "))
    label = re.sub(r"\s*\(.*?\)", "", label).strip()
    if name in ONE_HOT_FEATURES:
        return f"whether it is {label[0].lower()}{label[1:]}"
    return label[0].lower() + label[1:]


def explain_features(names) -> str:
    """One line: what the network predicts from, for the chosen features."""
    names = list(names)
    if not names:
        return "Choose at least one feature."
    labels = [short_label(n) for n in names]
    if len(labels) == 1:
        return (f"The network predicts a district's median house value from one number, its "
                f"**{labels[0]}**: its prediction is a curve over that feature (drawn below). "
                "With ReLU units that curve is made of straight pieces, one bend per unit; "
                "one unit gives the lecture's price that rises past a threshold (the preset "
                "“One ReLU unit” in the sidebar). A flat line means the unit died (z < 0 for "
                "every district, so its gradient is 0): start the weights smaller or try "
                "another seed.")
    listed = ", ".join(f"**{x}**" for x in labels[:-1]) + f" and **{labels[-1]}**"
    return (f"The network predicts a district's median house value from {len(labels)} numbers: "
            f"{listed}. Each is standardized (mean 0, spread 1 on the training set) before "
            "it enters x.")


def _dollars_or_none(values) -> list:
    return [None if v is None else float(to_dollars(v)) for v in values]


def housing_view(session: Session, color_by: str = "predicted") -> HousingView:
    """The page's view for this run. A new map colouring bumps ``session.version`` (as a
    display option in the sidebar does), so the live chart rebuilds its figures."""
    view = HousingView(color_by)
    if session.cache.get(_COLOR_KEY, color_by) != color_by:
        session.version += 1
    session.cache[_COLOR_KEY] = color_by
    return view


class HousingView:
    """The housing page's live figures (``playground.live_chart.LiveView``).

    color_by: what colours the map, "predicted" price or "error" (predicted − actual).
    Train metrics (which need a pass over every training district) are refreshed on the
    slow frames only; the test metrics every frame. What is kept between frames (those train
    metrics, whose turn it is) lives in ``session.cache``, so it survives a fragment rerun.
    """

    # Every panel here is a Plotly figure (scatter, histogram, map): load plotly.js at once.
    plotly_loading = "eager"

    def __init__(self, color_by: str = "predicted") -> None:
        if color_by not in hmap.MAP_COLOR_BY:
            raise ValueError(f"color_by must be one of {', '.join(hmap.MAP_COLOR_BY)}")
        self.color_by = color_by

    # ------------------------------------------------------------------ numbers
    def _numbers(self, session: Session, train: bool) -> dict:
        net = session.drawable_network()
        d = session.data
        A_test = net.forward(d.X_test)
        out = {
            "pred": to_dollars(A_test).ravel(),
            "actual": to_dollars(d.Y_test).ravel(),
            "test": dl.dollar_metrics(A_test, d.Y_test),
        }
        cache = session.cache
        if train or cache.get(_TRAIN_KEY, (None,))[0] != session.version:
            cache[_TRAIN_KEY] = (session.version,
                                 dl.dollar_metrics(net.forward(d.X_train), d.Y_train))
        out["train"] = cache[_TRAIN_KEY][1]
        if "grid" in d.extra:
            out["grid_pred"] = to_dollars(net.forward(d.extra["grid"])).ravel()
        return out

    def _map_values(self, n: dict) -> np.ndarray:
        return n["pred"] if self.color_by == "predicted" else n["pred"] - n["actual"]

    @staticmethod
    def _curves(session: Session, n: dict) -> tuple[list, list, list]:
        h = session.trainer.history
        if not h["epoch"]:
            # Before the first epoch: the RMSE the stats show, at epoch 0, so the axis starts
            # on the curve's range (not $0-$4 around no data).
            return [session.epoch], [n["train"].rmse], [n["test"].rmse]
        return h["epoch"], _dollars_or_none(h["train_metric"]), _dollars_or_none(
            h["test_metric"])

    # ------------------------------------------------------------------ LiveView
    def base_figures(self, session: Session) -> list[Panel]:
        d = session.data
        n = self._numbers(session, train=True)
        epochs, tr, te = self._curves(session, n)
        panels = []
        if "grid" in d.extra:
            hd = d.extra["housing"]
            k = min(FIT_SCATTER_MAX, d.X_train.shape[1])
            fit = hf.fitted_curve_figure(
                hd.unstandardize(d.X_train[:, :k]).ravel(), to_dollars(d.Y_train[:, :k]),
                d.extra["grid_raw"], n["grid_pred"],
                feature_label=FEATURE_LABELS.get(hd.feature_names[0], hd.feature_names[0]),
            )
            panels.append(Panel("fit", 1.0, fit))  # the one-feature story, first and wide
        rmse = hf.rmse_curve_figure(epochs, tr, te, train_metrics=n["train"],
                                    test_metrics=n["test"], log_y=session.setup.log_cost)
        panels.append(Panel("rmse", 0.5, rmse))
        panels.append(Panel("scatter", 0.5, hf.predicted_vs_actual_figure(n["pred"],
                                                                          n["actual"])))
        panels.append(Panel("residuals", 0.5, hf.residual_histogram_figure(
            n["pred"] - n["actual"])))
        panels.append(Panel("map", 0.5, hmap.district_map_figure(
            d.extra["lon"], d.extra["lat"], self._map_values(n), color_by=self.color_by)))
        return panels

    def frame(self, session: Session, slow: bool) -> dict:
        """The curves, the fitted curve and the stats every frame; of the three costly
        pictures (scatter, residuals, map: thousands of points each) one per frame, in turn,
        while playing, so a frame costs the browser about a third of a full redraw; all
        three when not playing (after Step or Pause)."""
        n = self._numbers(session, train=slow)
        epochs, tr, te = self._curves(session, n)
        figs = {
            "rmse": {"traces": hf.rmse_curve_update(epochs, tr, te),
                     "layout": {"title": dl.rmse_title(n["train"], n["test"])}},
        }
        if "grid_pred" in n:
            figs["fit"] = {"traces": hf.fitted_curve_update(n["grid_pred"])}
        if session.playing:
            count = session.cache.get(_TURN_KEY, 0)
            session.cache[_TURN_KEY] = count + 1
            costly = (HEAVY_PANELS[count % len(HEAVY_PANELS)],)
        else:  # a single frame (Step, Pause): everything shows the current network
            costly = HEAVY_PANELS
        if "scatter" in costly:
            figs["scatter"] = {"traces": hf.predicted_vs_actual_update(n["pred"], n["actual"])}
        if "residuals" in costly:
            res_traces, res_layout = hf.residual_histogram_update(n["pred"] - n["actual"])
            figs["residuals"] = {"traces": res_traces, "layout": res_layout}
        if "map" in costly:
            figs["map"] = {"traces": hmap.district_map_update(self._map_values(n),
                                                            color_by=self.color_by)}
        return {"figures": figs, "stats": self.stats(session, n)}

    @staticmethod
    def stats(session: Session, n: dict) -> list[dict]:
        test = n["test"]
        return [
            stat("epoch", "Epoch", f"{session.epoch:,}"),
            stat("train-rmse", "Train RMSE", dl.money(n["train"].rmse)),
            stat("test-rmse", "Test RMSE", dl.money(test.rmse)),
            stat("test-mae", "Test MAE", dl.money(test.mae)),
            stat("test-r2", "Test R²", dl.fixed(test.r2, 3)),
        ]
