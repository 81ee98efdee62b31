"""The housing page's numbers in dollars: its metrics and how they read on the page.

The network predicts in units of $100,000 (``engine.housing``); what users read is dollars,
rounded to the dollar, never a "-$0". No Plotly here: the figures (``figures.housing``,
``figures.housing_map``) and the page's stats line share these.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from engine.housing import to_dollars
from engine.metrics import mae, r2, rmse

MONEY_FORMAT = "$,.0f"  # the axes' and colour bars' tick format (d3)


def flat(values) -> np.ndarray:
    """Any array-like as a flat float array (a (1, m) row or a list)."""
    return np.asarray(values, dtype=float).ravel()


def dollars_list(values) -> list[float]:
    """Dollar amounts as a plain list rounded to the dollar (what a live frame sends)."""
    return np.round(np.asarray(values, dtype=float).ravel()).tolist()


class DollarMetrics(NamedTuple):
    """Regression metrics with the errors in dollars: RMSE and MAE in $, R² without unit."""

    rmse: float
    mae: float
    r2: float


def dollar_metrics(A: np.ndarray, Y: np.ndarray) -> DollarMetrics:
    """RMSE and MAE in dollars and R² of predictions A against targets Y.

    A and Y are (1, m) arrays in the network's unit, $100,000 (the engine's ``HousingData``
    keeps prices in that unit). RMSE and MAE scale with the unit, so they are computed in it
    and converted; R² has no unit.
    """
    return DollarMetrics(
        rmse=float(to_dollars(rmse(A, Y))),
        mae=float(to_dollars(mae(A, Y))),
        r2=float(r2(A, Y)),
    )


def fixed(v: float, digits: int = 3) -> str:
    """A number with ``digits`` decimals, never a negative zero: -0.0004 is "0.000"."""
    text = f"{v:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def money(d: float) -> str:
    """A dollar amount for the UI: "$48,210" (and "-$1,200" for a negative amount; never
    "-$0")."""
    if not math.isfinite(d):
        return "n/a"
    sign = "-" if round(d) < 0 else ""
    return f"{sign}${abs(d):,.0f}"


def metrics_text(name: str, m: DollarMetrics | None) -> str:
    """One line for a split: "Test: RMSE $48,210 · MAE $33,100 · R² 0.712"."""
    if m is None:
        return f"{name}: no data yet"
    r2 = fixed(m.r2, 3) if math.isfinite(m.r2) else "n/a"
    return f"{name}: RMSE {money(m.rmse)} · MAE {money(m.mae)} · R² {r2}"


def rmse_title(train: DollarMetrics | None, test: DollarMetrics | None,
               has_test: bool = True) -> dict:
    """The RMSE figure's title: one line per split with RMSE, MAE and R²."""
    lines = [metrics_text("Train", train)]
    if has_test:
        lines.append(metrics_text("Test", test))
    return {"text": "<br>".join(lines), "font": {"size": 13}, "x": 0.01, "xanchor": "left"}
