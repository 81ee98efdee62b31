"""The teaching pages' shipped measurements (playground/lessons/measured.py, assets/measured.json):
a first visit of "Scale drives deep learning" or "Why deep" trains nothing, the stored numbers
are what the lessons' code gives today, and a stale or broken file is never used."""

from __future__ import annotations

import pytest

from playground.lessons import measured
from playground.lessons import scale as sc
from playground.lessons import why_deep as wd


def _refuse(*args):
    raise AssertionError(f"the first visit trained {args}: scripts/make_measured.py is stale")


def test_the_file_holds_every_run_of_both_pages_first_visit():
    store = measured.Store.load()
    rows = sc.sweep(sc.split(), train=measured.replaying("scale", sc.constants(), _refuse, store))
    assert len(rows) == len(sc.MODELS) * len(sc.M_VALUES)
    train = measured.replaying("why_deep", wd.constants(), _refuse, store)
    for n in wd.DEFAULT_NS:
        for family in ("shallow", "deep"):
            found = wd.fewest_units(n, family, train=train)
            assert found.units is not None, (n, family)


def test_stored_runs_are_what_the_lessons_train_today():
    # A sample cheap enough for the suite: two housing runs, every parity run of n = 2 and 3.
    store = measured.Store.load()
    runs = store.runs("scale", sc.constants())
    data = sc.split()
    for hidden, m in (((), 200), ((4,), 500)):
        stored = runs[measured.run_key((hidden, m, sc.STEPS))]
        fresh = sc.train_one(data, hidden, m, sc.STEPS)
        assert stored.keys() == fresh.keys()
        for k in fresh:
            assert fresh[k] == pytest.approx(stored[k], abs=1e-6), (hidden, m, k)
    runs = store.runs("why_deep", wd.constants())
    sample = [k for k in runs if k.startswith(("[2,", "[3,"))]
    assert len(sample) >= 4
    for key in sample:
        n, hidden, seed, epochs = measured.json.loads(key)
        assert wd.train_to_target(n, hidden, seed, epochs) == runs[key], key


def test_runs_of_other_constants_are_ignored_and_trained_again():
    store = measured.Store()
    store.record("scale", {"learning_rate": 0.003}, ((4,), 200, 10), {"test_r2": 0.5})
    calls = []
    train = measured.replaying("scale", {"learning_rate": 0.01},
                               lambda *a: calls.append(a) or {"test_r2": 0.1}, store)
    assert train((4,), 200, 10) == {"test_r2": 0.1}
    assert calls == [((4,), 200, 10)]
    same = measured.replaying("scale", {"learning_rate": 0.003}, _refuse, store)
    assert same((4,), 200, 10) == {"test_r2": 0.5}


def test_a_missing_broken_or_foreign_file_is_an_empty_store(tmp_path):
    assert measured.Store.load(tmp_path / "none.json").pages == {}
    (tmp_path / "bad.json").write_text("{not json")
    assert measured.Store.load(tmp_path / "bad.json").pages == {}
    (tmp_path / "old.json").write_text('{"format": 99, "pages": {"scale": {}}}')
    assert measured.Store.load(tmp_path / "old.json").pages == {}


def test_a_saved_store_loads_back_with_none_results(tmp_path):
    store = measured.Store()
    store.record("why_deep", wd.constants(), (5, [2, 2, 2], 0, 600), None)
    store.save(tmp_path / "m.json")
    back = measured.Store.load(tmp_path / "m.json")
    train = measured.replaying("why_deep", wd.constants(), _refuse, back)
    assert train(5, [2, 2, 2], 0, 600) is None
