"""The "Why linear collapses" page's computations: a deep network with linear hidden layers
next to its non-linear twin, the collapsed W′ and b′, the rank of a deep linear map, and the
one place a linear unit is right (a regression's output)."""

from __future__ import annotations

import numpy as np

from engine import experiments
from engine.activations import ACTIVATIONS
from engine.collapse import collapse_linear
from engine.housing import make_size_price
from engine.network import Network
from playground.lessons.training import RunSpec, compare_training, train_one

# The "Why linear collapses" page trains both networks with this learning rate. Measured on
# the default setup (circle, 4 x 6, 1,000 epochs): neither cost ever rises above its start, and
# the tanh twin still bends the boundary (97%; 72% already after 200 epochs). At 0.2 the tanh
# twin's cost spiked from about 0.1 to 2.4 (0.1: to 1.5), which a trainer that stops a cost
# blowing up reports as divergence; at 0.5 the flower's 4 x 16 linear layers diverged outright.
# (The deepest, widest tanh twin, 8 x 16, can still spike on the circle.)
COLLAPSE_LEARNING_RATE = 0.05  # "epochs to reach J = 0.3" is the number the page compares


def collapse_summary(params: dict[str, np.ndarray], activations: list[str], X: np.ndarray):
    """W′, b′, rank of a trained network with linear hidden layers, and its agreement.

    ``agreement`` is the largest |Z[L] - (W′X + b′)| over the columns of X (the output unit's
    own activation, if any, is applied on top of both, so comparing Z[L] is the whole story).
    """
    dims = [params["W1"].shape[1]] + [params[f"W{l}"].shape[0]
                                      for l in range(1, len(activations) + 1)]
    net = Network(dims, list(activations), init="zeros", seed=0)
    net.params = {k: v.copy() for k, v in params.items()}
    collapsed = collapse_linear(net)
    _, cache = net.forward_cache(X)
    gap = experiments.linear_map_gap(cache[f"Z{net.L}"], collapsed.W, collapsed.b, X)
    return {"W": collapsed.W, "b": collapsed.b, "rank": int(collapsed.rank), "agreement": gap}


def collapse_experiment(
    dataset: str,
    depth: int,
    width: int,
    other_activation: str,
    epochs: int,
    learning_rate: float,
    *,
    n_samples: int = 400,
    noise: float = 0.2,
    data_seed: int = 1,
    seed: int = 0,
) -> dict:
    """A deep network with linear hidden layers next to the same one with a non-linearity.

    Both have ``depth`` hidden layers of ``width`` units and a sigmoid output, same data, same
    seed, Xavier init. Adds ``collapse`` (W′, b′, rank, agreement on the data) for the linear
    run (None if it diverged).
    """
    hidden = (int(width),) * int(depth)
    runs = (
        RunSpec("linear", f"Linear hidden layers ({depth} × {width})", "linear"),
        RunSpec(other_activation, f"{ACTIVATIONS[other_activation].label} hidden layers "
                f"({depth} × {width})", other_activation),
    )
    result = compare_training(
        runs, dataset, hidden, epochs, learning_rate, n_samples=n_samples, noise=noise,
        data_seed=data_seed, seed=seed, n_records=2,
    )
    lin = result["runs"][0]
    result["collapse"] = (
        None if lin["diverged"] else
        collapse_summary(lin["params"], lin["activations"], result["X"])
    )
    return result


def rank_experiment(n: int, depth: int, width: int, bottleneck: int, seed: int = 0) -> dict:
    """A deep linear map R^n -> R^n whose middle hidden layer has ``bottleneck`` units.

    The weights are random (Xavier): the rank of the product W′ = W[L]...W[1] cannot exceed the
    narrowest layer, whatever the weights, so training is not needed to see it.
    """
    depth = max(1, int(depth))
    hidden = [int(width)] * depth
    hidden[depth // 2] = int(bottleneck)
    dims = [int(n), *hidden, int(n)]
    net = Network(dims, ["linear"] * (len(dims) - 1), init="xavier", seed=seed)
    collapsed = collapse_linear(net)
    return {
        "layer_dims": dims,
        "W": collapsed.W,
        "rank": int(collapsed.rank),
        "narrowest": int(min(dims)),
        "singular_values": experiments.singular_values(collapsed.W),
    }


def regression_output_demo(
    hidden: int = 8,
    epochs: int = 2000,
    learning_rate: float = 0.05,
    *,
    n_samples: int = 80,
    noise: float = 0.15,
    seed: int = 0,
) -> dict:
    """The one place a linear unit is right: the output of a regression.

    The same ReLU network (1 -> hidden ReLU -> 1) on the synthetic "size -> price" data, with a
    linear output and with a sigmoid output, both trained on the squared error. A sigmoid's
    output stays in (0, 1), i.e. below $100,000, so it cannot reach the prices.
    """
    data = make_size_price(n_samples=n_samples, noise=noise, seed=seed)
    X, Y = data.X_train, data.Y_train
    xs = np.linspace(float(X.min()), float(X.max()), 200).reshape(1, -1)
    curves = []
    for output in ("linear", "sigmoid"):
        spec = RunSpec(output, f"{ACTIVATIONS[output].label} output", "relu", init="he")
        r = train_one(spec, X, Y, (int(hidden),), epochs, learning_rate, output=output,
                       loss="mse", seed=seed, n_records=1, grid=xs)
        r["fit_x"] = data.unstandardize(xs).ravel()
        r["fit_y"] = r.pop("grid_output").ravel()
        curves.append(r)
    size = data.unstandardize(X).ravel()
    return {"size": size, "price": Y.ravel(), "runs": curves}
