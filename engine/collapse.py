"""Why a deep network of linear layers is no deeper than one layer.

If every g[l] is the identity, then A[l] = W[l] A[l-1] + b[l] for every l, and composing the
layers gives a single affine map of the input X (n[0], m):

    A[L] = W' X + b'    with   W' = W[L] W[L-1] ... W[1]              (n[L], n[0])
                               b' = W[L] (... (W[2] b[1] + b[2]) ...) + b[L]   (n[L], 1)

So the network can only draw a straight decision boundary, however deep it is; and the rank of
W' is at most the narrowest layer, min over l of n[l].
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from engine.serialize import check_params


class Collapsed(NamedTuple):
    """The one-layer equivalent of a linear network: W (n[L], n[0]), b (n[L], 1), rank of W."""

    W: np.ndarray
    b: np.ndarray
    rank: int


def collapse_linear(network_or_params) -> Collapsed:
    """The single W', b' that a network of linear layers equals, and the rank of W'.

    Pass a Network or its parameter dict {"W1", "b1", ...} (a dict is taken to be all-linear).
    For a Network, every hidden layer must be "linear"; the output layer may be linear too
    (then A[L] = W' X + b' exactly) or not (then A[L] = g[L](W' X + b'): the output
    activation is applied on top of the collapsed layer, e.g. a sigmoid for logistic
    regression). Raises ValueError if a hidden layer is not linear.
    """
    if isinstance(network_or_params, dict):
        params = network_or_params
        check_params(params)
    else:
        network = network_or_params
        params = network.params
        hidden = network.activations[:-1]
        bent = [f"layer {l} ({name})" for l, name in enumerate(hidden, start=1) if name != "linear"]
        if bent:
            raise ValueError(
                "Only a network whose hidden layers are all linear collapses into one layer; "
                f"not linear: {', '.join(bent)}."
            )
    L = len(params) // 2
    W = np.array(params["W1"], dtype=np.float64)
    b = np.array(params["b1"], dtype=np.float64)
    for l in range(2, L + 1):
        W_l = np.asarray(params[f"W{l}"], dtype=np.float64)
        W = W_l @ W  # W' <- W[l] W'
        b = W_l @ b + params[f"b{l}"]  # b' <- W[l] b' + b[l]
    return Collapsed(W=W, b=b, rank=int(np.linalg.matrix_rank(W)))
