"""The dimensions table matches the arrays of a real forward and backward pass."""

from __future__ import annotations

import numpy as np
import pytest

from engine.network import Network
from engine.shapes import (
    QUANTITIES,
    format_shape,
    input_shape,
    n_parameters,
    shape_table,
    table_rows,
)


def test_the_course_example_by_hand():
    # The lecture's 5-layer example: n = [2, 3, 5, 4, 2, 1]; W[1] is (3, 2), W[2] (5, 3), ...
    rows = shape_table([2, 3, 5, 4, 2, 1], m=10)
    assert [r.W for r in rows] == [(3, 2), (5, 3), (4, 5), (2, 4), (1, 2)]
    assert [r.b for r in rows] == [(3, 1), (5, 1), (4, 1), (2, 1), (1, 1)]
    assert rows[2].Z == rows[2].A == rows[2].dZ == rows[2].dA == (4, 10)
    assert input_shape([2, 3, 1], 10) == (2, 10)


@pytest.mark.parametrize(
    ("dims", "m"), [([2, 4, 1], 400), ([2, 1], 7), ([3, 8, 5, 5, 2], 13), ([5, 64, 1], 1)]
)
def test_table_matches_a_real_forward_and_backward_pass(dims, m):
    L = len(dims) - 1
    acts = ["tanh"] * (L - 1) + ["sigmoid"]
    net = Network(dims, acts, init="normal", init_scale=0.5, seed=3)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(dims[0], m))
    Y = (rng.random((dims[-1], m)) > 0.5).astype(float)
    AL, cache = net.forward_cache(X)
    grads = net.backward(cache, Y)
    # dA[l] is what layer l+1 hands back: dA[l] = W[l+1]^T dZ[l+1]; dA[L] has the shape of AL.
    # dZ[l] = dA[l] * g'(Z[l]) has the shape of Z[l].
    rows = shape_table(dims, m)
    assert input_shape(dims, m) == cache["A0"].shape
    for row in rows:
        l = row.l
        assert net.params[f"W{l}"].shape == row.W
        assert row.b == net.params[f"b{l}"].shape
        assert cache[f"Z{l}"].shape == row.Z
        assert cache[f"A{l}"].shape == row.A
        assert row.dW == grads[f"dW{l}"].shape
        assert row.db == grads[f"db{l}"].shape
        assert row.dZ == cache[f"Z{l}"].shape
        if l < L:
            dZ_next = np.ones(rows[l].Z)  # the shape of dZ[l+1]
            assert row.dA == (net.params[f"W{l + 1}"].T @ dZ_next).shape
        else:
            assert row.dA == AL.shape
    assert n_parameters(dims) == net.n_params


def test_table_rows_are_printable():
    rows = table_rows([2, 4, 1], 400)
    assert rows[0] == {"layer l": 1, "units n[l]": 4, "W": "(4, 2)", "b": "(4, 1)",
                       "Z": "(4, 400)", "A": "(4, 400)", "dW": "(4, 2)", "db": "(4, 1)",
                       "dZ": "(4, 400)", "dA": "(4, 400)"}
    assert list(rows[1])[2:] == list(QUANTITIES)
    assert format_shape((1, 400)) == "(1, 400)"


@pytest.mark.parametrize(
    ("dims", "m", "message"),
    [([2], 5, "at least one layer"), ([2, 0, 1], 5, "at least 1"), ([2, 1.5, 1], 5, "whole"),
     ([2, 3, 1], 0, "examples m")],
)
def test_bad_architectures_are_clear_errors(dims, m, message):
    with pytest.raises(ValueError, match=message):
        shape_table(dims, m)


def test_unknown_quantity_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown quantity"):
        shape_table([2, 1], 3)[0].shape("V")
