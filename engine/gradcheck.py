"""Gradient checking: backpropagation against the definition of the derivative.

For every parameter theta_i (every entry of every W[l] and b[l]) the two-sided difference

    g_approx_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)

approximates dJ/dtheta_i with an error of order eps^2. The check returns the course's relative
difference between the backpropagated gradient g and g_approx, both stacked into one vector:

    ||g - g_approx|| / (||g|| + ||g_approx||)

Around 1e-7 or below, backpropagation is right; around 1e-3 or above, there is a bug.
"""

from __future__ import annotations

import numpy as np


def gradient_check(
    network, X, Y, loss: str = "bce", l2: float = 0.0, epsilon: float = 1e-7
) -> float:
    """The relative difference between backprop's gradient and central differences.

    X is (n[0], m) and Y is (n[L], m). The check runs on a float64 copy of ``network`` (float32
    cannot resolve a step of 1e-7), so the network itself is left untouched. It costs two
    forward passes per parameter: use it on small networks and few examples.
    """
    probe = network.copy(dtype=np.float64)
    X = probe.as_input(X)
    Y = probe.as_target(Y, X.shape[1])

    def J() -> float:
        return probe.cost(X, Y, loss, l2)

    _, cache = probe.forward_cache(X)
    grads = probe.backward(cache, Y, loss, l2)  # backpropagation as the lecture writes it

    g, g_approx = [], []
    for name, theta in probe.params.items():
        flat = theta.reshape(-1)  # a view: changing flat[i] changes the parameter
        for i in range(flat.size):
            saved = flat[i]
            flat[i] = saved + epsilon
            J_plus = J()
            flat[i] = saved - epsilon
            J_minus = J()
            flat[i] = saved
            g_approx.append((J_plus - J_minus) / (2.0 * epsilon))
        g.append(grads["d" + name].reshape(-1))
    g = np.concatenate(g)
    g_approx = np.array(g_approx)
    denominator = np.linalg.norm(g) + np.linalg.norm(g_approx)
    if denominator == 0.0:
        return 0.0  # both gradients are exactly zero: they agree
    return float(np.linalg.norm(g - g_approx) / denominator)
