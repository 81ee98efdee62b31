"""playground.urlstate: short links that round-trip, and any query gives a valid setup."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, parse_qsl, urlencode

import numpy as np
import pytest

from playground.fields import HOUSING, MAX_NOTICES, PAGES, PLAYGROUND, Setup, default_setup
from playground.urlstate import setup_from_query, setup_to_query, url_keys
from tests.playground.test_fields import GARBAGE, assert_valid, random_setup


def test_the_default_setup_is_an_empty_query():
    assert setup_to_query(Setup()) == {}
    assert setup_from_query({}) == (Setup(), [])


def test_the_housing_defaults_are_an_empty_query_too():
    assert setup_to_query(default_setup("regression")) == {}
    assert setup_from_query({}, task="regression") == (default_setup("regression"), [])
    # An old link named its page: read silently there.
    assert setup_from_query({"task": "regression"}) == (default_setup("regression"), [])
    assert setup_from_query({"task": "regression"}, task="regression") == (
        default_setup("regression"), [])


def test_an_old_housing_link_still_opens_its_setup():
    # What the one-table days wrote for the housing page's defaults plus two changes: every
    # value that differed from the Playground's, the data set and the task included.
    old = ("task=regression&ds=housing&test=0.2&dseed=0&units=16%2C8&act=relu&init=he"
           "&scale=1&loss=mse&opt=adam&lr=0.05&batch=256&speed=2&feat=median_income")
    setup, notices = setup_from_query(parse_qs(old), task="regression")
    assert notices == []
    assert setup == default_setup("regression").replace(learning_rate=0.05,
                                                        features=["median_income"])


def test_another_pages_value_in_a_link_is_ignored_with_a_notice():
    setup, notices = setup_from_query({"noise": "0.4", "lr": "0.1"}, task="regression")
    assert setup == default_setup("regression").replace(learning_rate=0.1)
    assert notices == ["noise=0.4 is not a control of the Housing page: ignored"]
    assert "noise" not in setup_to_query(setup, full=True)


def test_only_changed_values_are_written_with_short_keys():
    setup = Setup(dataset="spiral", hidden_units=[8, 8], activations=["relu", "relu"],
                  learning_rate=0.03, show_test=True)
    assert setup_to_query(setup) == {
        "ds": "spiral", "units": "8,8", "act": "relu", "lr": "0.03", "show_test": "1"}


def test_mixed_activations_are_listed_and_no_hidden_layer_is_none():
    setup = Setup(hidden_units=[3, 2], activations=["relu", "sigmoid"])
    assert setup_to_query(setup) == {"units": "3,2", "act": "relu,sigmoid"}
    assert setup_to_query(Setup(hidden_units=[], activations=[])) == {"units": "none"}


def test_the_scale_that_goes_with_the_init_is_left_out():
    assert setup_to_query(Setup(init="he", init_scale=1.0)) == {"init": "he"}
    assert setup_to_query(Setup(init="he", init_scale=0.5)) == {"init": "he", "scale": "0.5"}
    assert setup_to_query(Setup(init="he", init_scale=0.01)) == {"init": "he", "scale": "0.01"}


def test_keys_are_short_unique_and_name_every_field():
    names = {f.name for page in PAGES.values() for f in page.fields}
    keys = {f.key: f.name for page in PAGES.values() for f in page.fields}
    assert set(keys.values()) == names            # one key per field, shared ones alike
    assert all(len(key) <= 10 for key in keys)
    assert {url_keys()[k].name for k in keys} == names
    assert url_keys()["lr"].name == url_keys()["learning_rate"].name == "learning_rate"
    assert url_keys()["units"].name == "hidden_units"
    assert url_keys()["act"].name == "activations"
    assert set(setup_to_query(Setup(), full=True)) == {f.key for f in PLAYGROUND.fields}
    assert set(setup_to_query(default_setup("regression"), full=True)) == {
        f.key for f in HOUSING.fields}


def _through_a_real_url(query: dict[str, str]) -> dict[str, list[str]]:
    """Encode as a browser would, and decode as a server does (blank values kept)."""
    return parse_qs(urlencode(query), keep_blank_values=True)


@pytest.mark.parametrize("full", [False, True])
def test_random_setups_round_trip_through_the_url(full):
    rng = np.random.default_rng(2 + full)
    for _ in range(400):
        setup = random_setup(rng)
        query = setup_to_query(setup, full=full)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in query.items())
        assert set(query) <= {f.key for f in setup.page.fields}
        assert setup_from_query(query, task=setup.task) == (setup, [])
        assert setup_from_query(_through_a_real_url(query), task=setup.task) == (setup, [])


def test_a_full_url_stays_short_enough_to_share():
    big = Setup(hidden_units=[64] * 8, activations=["leaky_relu", "relu"] * 4,
                learning_rate=0.0123456789012345)
    text = urlencode(setup_to_query(big, full=True))
    assert len(text) < 1000


def test_long_field_names_work_too():
    setup, notices = setup_from_query({"learning_rate": "0.5", "hidden_units": "2,2"})
    assert (setup.learning_rate, setup.hidden_units, notices) == (0.5, [2, 2], [])


# ---------------------------------------------------------------------------------------------
# Bad queries


def test_bad_values_give_the_notices():
    setup, notices = setup_from_query(parse_qs("lr=abc&units=500&foo=1&noise=",
                                               keep_blank_values=True))
    assert (setup.learning_rate, setup.hidden_units, setup.noise) == (1.2, [64], 0.2)
    assert notices == [
        "noise is empty: using 0.2",
        "units 500 is more than 64: using 64",
        "learning_rate=abc is not a number: using 1.2",
        "unknown parameter 'foo' ignored",
    ]


def test_a_repeated_parameter_uses_the_last_value():
    setup, notices = setup_from_query(parse_qs("lr=0.1&lr=0.7"))
    assert setup.learning_rate == 0.7
    assert notices == ["learning_rate was given 2 times: using the last value"]
    setup, notices = setup_from_query(parse_qs("units=2&units=3,3"))
    assert setup.hidden_units == [3, 3]
    assert notices == ["hidden_units was given 2 times: using the last value"]


def test_a_list_of_pairs_keeps_the_repetition():
    setup, notices = setup_from_query(parse_qsl("ds=xor&ds=moons"))
    assert setup.dataset == "moons"
    assert notices == ["dataset was given twice: using moons"]


def test_short_and_long_key_together():
    setup, notices = setup_from_query({"lr": "0.1", "learning_rate": "0.2"})
    assert setup.learning_rate == 0.2
    assert notices == ["learning_rate was given twice: using 0.2"]


class _QueryParamsLike(Mapping):
    """Like st.query_params: a mapping whose __getitem__ gives the last value and get_all
    gives every value of a repeated key."""

    def __init__(self, pairs):
        self._pairs = pairs

    def __iter__(self):
        return iter(dict.fromkeys(k for k, _ in self._pairs))

    def __len__(self):
        return len(set(k for k, _ in self._pairs))

    def __getitem__(self, key):
        return [v for k, v in self._pairs if k == key][-1]

    def get_all(self, key):
        return [v for k, v in self._pairs if k == key]



def test_streamlit_query_params_with_get_all_are_read():
    query = _QueryParamsLike([("lr", "0.3"), ("seed", "5"), ("seed", "6")])
    setup, notices = setup_from_query(query)
    assert (setup.learning_rate, setup.seed) == (0.3, 6)
    assert notices == ["seed was given 2 times: using the last value"]


def test_a_huge_value_and_a_huge_key_are_not_echoed():
    huge = "1" * 1_000_000
    setup, notices = setup_from_query({"lr": huge, huge: "1", "units": huge})
    assert setup.learning_rate == 1.2
    assert setup.hidden_units == [4]
    assert len(notices) == 3
    assert all(len(n) < 200 for n in notices)


def test_too_many_parameters_are_cut():
    query = [(f"k{i}", "1") for i in range(150)]
    _, notices = setup_from_query(query)
    assert notices[0] == "the link has 150 parameters: reading the first 100"
    assert len(notices) == MAX_NOTICES


def test_many_bad_values_and_unknown_keys_are_summed_up_once():
    query = {key: "???" for key in url_keys()} | {f"x{i}": "1" for i in range(20)}
    setup, notices = setup_from_query(query)
    assert_valid(setup)
    assert len(notices) == MAX_NOTICES
    assert sum(n.startswith("…") for n in notices) == 1
    assert notices[-1].startswith("… and ")


def test_something_that_is_not_a_query_gives_the_defaults():
    assert setup_from_query(None) == (Setup(), [])
    assert setup_from_query(42) == (Setup(), [])


def test_fuzzed_queries_always_give_a_valid_setup():
    rng = np.random.default_rng(7)
    keys = [*url_keys(), "task", "foo", "", "lr ", "LR"]
    texts = [g for g in GARBAGE if isinstance(g, str)] + ["-1", "1e-300", "64,64", "8,0,9"]
    for _ in range(500):
        query: dict[str, object] = {}
        for key in rng.choice(keys, int(rng.integers(1, 10)), replace=False):
            if rng.random() < 0.2:  # a repeated parameter
                query[str(key)] = [texts[int(i)] for i in rng.integers(len(texts), size=3)]
            else:
                query[str(key)] = texts[int(rng.integers(len(texts)))]
        page_task = str(rng.choice(["classification", "regression"]))
        setup, notices = setup_from_query(query, task=page_task)
        assert setup.task == page_task
        assert_valid(setup)
        assert len(notices) <= MAX_NOTICES
        assert all(isinstance(n, str) and len(n) < 300 for n in notices)
        assert setup_from_query(setup_to_query(setup), task=page_task) == (setup, [])
