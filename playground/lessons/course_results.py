"""The work behind the page "The course's results": the planar notebook ("Planar data
classification with one hidden layer") run again by the engine, and compared, printed digit
by printed digit, with what the notebook printed.

The engine starts from the notebook's own weights: ``init="course"`` draws them as the
notebook's ``np.random.seed(2)`` then ``np.random.randn(...) * 0.01`` does, bit for bit.

What we found comparing (the page says it too): every printed cost agrees up to iteration
7,000, and so do the accuracies of 4 units and of the 1 to 5 unit sweep. From about iteration
7,500 the rate 1.2 makes gradient descent oscillate (the cost goes *up* from 0.2175 to 0.2195),
and there a difference in the last bit of one weight grows until it shows in the 4th decimal:
the notebook's own code run on this machine prints 0.219506 at 8,000, not its 0.219454, and
W1 nudged by one unit in the last place (``nudge``) moves this engine's 0.219406 by as much.
The printed digits there depend on the machine's rounding (its BLAS, its exp), not on the
method; the same holds for the 20 and 50 unit sweeps. No Streamlit, no plotting here.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from engine.datasets import make_2d, plane_grid
from engine.metrics import accuracy
from engine.network import Network
from engine.trainer import Trainer

# ------------------------------------------------------------------ what the notebook printed
#: "Accuracy of logistic regression: %d %" and "Accuracy: %d%": truncated to a whole percent.
COURSE_LOGISTIC_ACCURACY = 47.0
COURSE_PLANAR_ACCURACY = 90.0
#: "Accuracy for {} hidden units: {} %": the exact values (5,000 iterations each).
COURSE_SWEEP: dict[int, float] = {1: 67.5, 2: 67.25, 3: 90.75, 4: 90.5, 5: 91.25, 20: 90.0,
                                  50: 90.25}
#: "Cost after iteration %i: %f" (4 tanh units, learning rate 1.2).
COURSE_COSTS: dict[int, float] = {
    0: 0.693048, 1000: 0.288083, 2000: 0.254385, 3000: 0.233864, 4000: 0.226792,
    5000: 0.222644, 6000: 0.219731, 7000: 0.217504, 8000: 0.219454, 9000: 0.218607,
}
SWEEP_SIZES: tuple[int, ...] = tuple(COURSE_SWEEP)
PLANAR_ITERATIONS = 10_000
SWEEP_ITERATIONS = 5_000
PLANAR_LEARNING_RATE = 1.2
WEIGHT_SEED = 2          # the notebook's np.random.seed(2)
INIT = "course"          # the notebook's draw (engine/initializers.py)
PRINT_EVERY = 1000       # the notebook prints the cost every 1,000 iterations
NUDGES = (-1, 1)         # W1 moved by this many units in the last place, for the study
GRID_RESOLUTION = 120
COST_POINTS = 200  # the cost curve is sent with at most this many points


@dataclass(frozen=True)
class CourseRun:
    """One training run of the course's experiment on the 400 flower points (no split:
    the course trains and measures on all of them)."""

    hidden_units: int          # 0 = logistic regression (no hidden layer)
    architecture: str          # the network's one-line description
    iterations: int            # asked for
    iterations_done: int       # done (fewer only if training diverged)
    learning_rate: float
    seed: int
    accuracy: float            # percent, on all 400 points, exact
    final_cost: float
    cost_iterations: list[int]
    costs: list[float]
    x1s: np.ndarray
    x2s: np.ndarray
    probs: np.ndarray          # (len(x2s), len(x1s)): ŷ over the plane
    seconds: float
    diverged: str | None
    printed_costs: dict[int, float] = field(default_factory=dict)  # J at 0, 1000, 2000, ...


def printed_percent(value: float) -> int:
    """What the notebook's ``'%d' % value`` shows: the value truncated (90.75 prints 90)."""
    return int("%d" % value)  # noqa: UP031 -- the notebook's own formatting, on purpose


def agrees(ours: float, printed: float, digits: int = 6) -> bool:
    """True when ``ours`` printed with the notebook's ``%f`` (6 decimals) reads ``printed``."""
    return f"{ours:.{digits}f}" == f"{printed:.{digits}f}"


def flower() -> tuple[np.ndarray, np.ndarray]:
    """The course's planar data set: X (2, 400), Y (1, 400), bit for bit the notebook's."""
    return make_2d("flower")


def course_network(hidden_units: int, activation: str = "tanh", seed: int = WEIGHT_SEED
                   ) -> Network:
    """The notebook's model and starting weights: 2 -> n_h tanh -> 1 sigmoid, W[l] drawn as
    its np.random.seed(seed); randn(n[l], n[l-1]) * 0.01, biases 0. hidden_units = 0 gives
    logistic regression (2 -> 1 sigmoid)."""
    if hidden_units < 0:
        raise ValueError("The number of hidden units cannot be negative.")
    if hidden_units == 0:
        return Network([2, 1], ["sigmoid"], init=INIT, init_scale=0.01, seed=seed)
    return Network([2, int(hidden_units), 1], [activation, "sigmoid"], init=INIT,
                   init_scale=0.01, seed=seed)


def train_course_model(
    hidden_units: int,
    iterations: int = PLANAR_ITERATIONS,
    learning_rate: float = PLANAR_LEARNING_RATE,
    seed: int = WEIGHT_SEED,
    grid_resolution: int = GRID_RESOLUTION,
    nudge: int = 0,
) -> CourseRun:
    """Train the course's model with full-batch gradient descent on the flower data and
    measure it the course's way (accuracy on all 400 training points).

    ``nudge`` multiplies W1 by (1 + nudge * machine epsilon) before training: the same start
    but for the last bit, to measure how much the printed digits depend on rounding.
    """
    X, Y = flower()
    net = course_network(hidden_units, seed=seed)
    if nudge:
        net.params["W1"] *= 1.0 + nudge * np.finfo(net.dtype).eps
    trainer = Trainer(net, X, Y, loss="bce", optimizer="gd", learning_rate=learning_rate,
                      batch_size=None, seed=seed)
    start = time.perf_counter()
    done = trainer.run(int(iterations))
    seconds = time.perf_counter() - start
    epochs = trainer.history["epoch"]
    costs = trainer.history["train_cost"]
    # The history keeps every multiple of 1,000 (engine/history.py thins to round epochs).
    printed = {int(e): float(c) for e, c in zip(epochs, costs, strict=True)
               if e % PRINT_EVERY == 0}
    stride = max(1, len(costs) // COST_POINTS)
    x1s, x2s, G = plane_grid(X, resolution=grid_resolution, margin=0.5)
    probs = net.forward(G).reshape(len(x2s), len(x1s))
    return CourseRun(
        hidden_units=int(hidden_units),
        architecture=repr(net),
        iterations=int(iterations),
        iterations_done=int(done),
        learning_rate=float(learning_rate),
        seed=int(seed),
        accuracy=100.0 * float(accuracy(net.predict(X), Y)),
        final_cost=float(net.cost(X, Y)),
        cost_iterations=[int(e) for e in epochs[::stride]],
        costs=[float(c) for c in costs[::stride]],
        x1s=x1s,
        x2s=x2s,
        probs=probs,
        seconds=seconds,
        diverged=trainer.diverged,
        printed_costs=printed,
    )


def notebook_costs(n_h: int = 4, iterations: int = PLANAR_ITERATIONS,
                   learning_rate: float = PLANAR_LEARNING_RATE, seed: int = WEIGHT_SEED
                   ) -> dict[int, float]:
    """The notebook's own code, line for line (its sigmoid 1 / (1 + e^-z), its cost
    -1/m sum(Y log A2 + (1 - Y) log(1 - A2)), its update), run on this machine: the cost
    every 1,000 iterations. Only its random stream is private (RandomState, not the global)."""
    X, Y = flower()
    rs = np.random.RandomState(seed)
    W1 = rs.randn(n_h, X.shape[0]) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = rs.randn(1, n_h) * 0.01
    b2 = np.zeros((1, 1))
    m = X.shape[1]
    printed = {}
    for i in range(int(iterations)):
        A1 = np.tanh(np.dot(W1, X) + b1)
        A2 = 1 / (1 + np.exp(-(np.dot(W2, A1) + b2)))
        if i % PRINT_EVERY == 0:
            logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
            printed[i] = float(-np.sum(logprobs) / m)
        dZ2 = A2 - Y
        dW2 = 1 / m * np.dot(dZ2, A1.T)
        db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
        dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
        dW1 = 1 / m * np.dot(dZ1, X.T)
        db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
        W1, b1 = W1 - learning_rate * dW1, b1 - learning_rate * db1
        W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
    return printed


# ------------------------------------------------------------------ tables for the page
def cost_rows(run: CourseRun, notebook_here: dict[int, float] | None = None,
              nudged: Mapping[int, CourseRun] | None = None) -> list[dict[str, object]]:
    """One row per printed iteration: the notebook's cost, this app's (6 decimals, as the
    notebook's %f), whether they read the same, and optionally the notebook's code run here
    and the runs with W1 nudged by a few units in the last place ({nudge: run})."""
    rows = []
    for i, theirs in COURSE_COSTS.items():
        ours = run.printed_costs.get(i)
        row: dict[str, object] = {
            "iteration": i,
            "the notebook printed": f"{theirs:.6f}",
            "this app": None if ours is None else f"{ours:.6f}",
            "same digits": ours is not None and agrees(ours, theirs),
        }
        if notebook_here is not None:
            row["the notebook's code, run here"] = f"{notebook_here[i]:.6f}"
        for nudge, other in (nudged or {}).items():
            cost = other.printed_costs.get(i)
            row[f"this app, W1 {nudge:+d} ulp"] = None if cost is None else f"{cost:.6f}"
        rows.append(row)
    return rows


def sweep_rows(runs: Sequence[CourseRun]) -> list[dict[str, object]]:
    """The sweep as a table: hidden units, the notebook's printed accuracy, ours, whether the
    two read the same, the difference."""
    rows = []
    for run in runs:
        course = COURSE_SWEEP.get(run.hidden_units)
        rows.append({
            "hidden units n_h": run.hidden_units,
            "course accuracy (%)": course,
            "this app (%)": round(run.accuracy, 2),
            "same": course is not None and round(run.accuracy, 2) == course,
            "difference (points)": None if course is None else round(run.accuracy - course, 2),
            "training time (s)": round(run.seconds, 2),
        })
    return rows
