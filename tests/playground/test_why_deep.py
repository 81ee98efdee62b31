"""The page "Why deep": n-bit parity data, the hand-set deep network, the search for the
fewest units (playground/lessons/why_deep.py), and the page itself (AppTest)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from playground.figures.why_deep import SERIES, units_figure
from playground.lessons import measured
from playground.lessons import why_deep as wd

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_parity_data_is_every_bit_string_and_its_parity(n):
    X, Y = wd.parity_data(n)
    assert X.shape == (n, 2 ** n)
    assert Y.shape == (1, 2 ** n)
    assert len({tuple(c) for c in X.T}) == 2 ** n  # every string once
    assert set(np.unique(X)) <= {0.0, 1.0}
    assert Y.sum() == 2 ** (n - 1)  # half the strings have odd parity
    # Hand-worked: 1 0 1 has two ones (even), 1 1 1 has three (odd).
    if n == 3:
        cols = {tuple(c): y for c, y in zip(X.T, Y[0], strict=True)}
        assert cols[(1.0, 0.0, 1.0)] == 0
        assert cols[(1.0, 1.0, 1.0)] == 1


def test_parity_data_refuses_bad_n():
    with pytest.raises(ValueError, match="from 1 to 16"):
        wd.parity_data(0)


@pytest.mark.parametrize("n", [2, 3, 4, 7, 8, 9, 12])
def test_the_hand_set_deep_relu_network_computes_parity_exactly(n):
    net = wd.deep_parity_network(n)
    X, Y = wd.parity_data(n)
    assert np.array_equal(net.predict(X), Y)
    hidden = net.layer_dims[1:-1]
    assert all(h == 2 for h in hidden)
    assert sum(hidden) == wd.deep_construction_units(n) == 2 * int(np.ceil(np.log2(n)))


def test_a_deep_narrow_network_reaches_100_percent_on_3_bit_parity():
    hidden = [4] * wd.deep_layers(3)
    epochs = [wd.train_to_target(3, hidden, seed) for seed in wd.SEEDS]
    assert any(e is not None for e in epochs)
    # ...and a single unit cannot: parity is not linearly separable.
    assert all(wd.train_to_target(3, [1], seed, epochs=300) is None for seed in wd.SEEDS)


def test_fewest_units_searches_from_two_units_up_and_reports_each_try():
    tried = []
    result = wd.fewest_units(2, "shallow", on_try=tried.append)
    assert result.units is not None
    assert result.units >= 2  # XOR needs 2 hidden units at least
    assert tried == [(k,) for k in range(2, result.units + 1)]
    assert wd.train_to_target(2, list(result.hidden), result.seed) == result.epoch
    deep = wd.fewest_units(3, "deep", train=lambda n, hidden, seed, epochs:
                           0 if hidden[0] >= 2 else None)
    assert deep.hidden == (2, 2)
    assert deep.units == 4
    with pytest.raises(ValueError, match="family"):
        wd.fewest_units(2, "wide")


def test_a_size_that_never_reaches_is_none_not_a_number():
    none = wd.fewest_units(4, "shallow", widest=2,
                           train=lambda n, hidden, seed, epochs: None)
    assert none.units is None
    assert none.widest == 2


def test_the_chart_draws_every_series_with_gaps_for_misses():
    shallow = wd.Fewest(2, "shallow", (3,), 3, 0, 25, 3)
    missed = wd.Fewest(2, "deep", None, None, None, None, 6)
    rows = [wd.row(2, shallow, missed)]
    assert rows[0]["its accuracy (%)"] == 100.0
    assert rows[0]["one layer of AND/OR (gates)"] == 2
    fig = units_figure(rows)
    assert [t.name for t in fig.data] == list(SERIES)
    assert fig.data[1].y == (None,)
    assert fig.layout.yaxis.type == "log"


@pytest.mark.slow
def test_the_page_measures_draws_and_extends(monkeypatch, request):
    # Without the shipped results (assets/measured.json): the page trains every run itself.
    monkeypatch.setattr(measured.Store, "load", classmethod(lambda cls, path=None: cls()))
    st.cache_resource.clear()
    request.addfinalizer(st.cache_resource.clear)  # later pages load the real file again
    st.cache_data.clear()
    monkeypatch.setattr(wd, "DEFAULT_NS", (2, 3))
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.switch_page("views/why_deep.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    chart = at.get("plotly_chart")
    assert len(chart) == 1
    assert chart[0].proto.theme == ""
    table = at.dataframe[0].value
    assert list(table["n bits"]) == [2, 3]
    assert list(table["its accuracy (%)"]) == [100.0, 100.0]
    at.button(key="why_deep_extend").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert list(at.dataframe[0].value["n bits"]) == [2, 3, 4]
    assert at.button(key="why_deep_extend").label == "Extend to n = 5"
