"""How fast does the engine train? One training step against PyTorch and scikit-learn.

One step = forward propagation, the cost, backward propagation and a gradient-descent update,
on one batch. Every framework gets the same architecture, batch, dtype, loss and learning rate:

    engine   net.cost_and_grads(X, Y, loss) then optimizer.step(params, grads)   (public API)
    epoch    Trainer.run(n) / n: the same step plus what the app also gets every epoch
             (accuracy or RMSE, a history row, the divergence check)
    PyTorch  CPU, eager: zero_grad, model(X), loss, backward, SGD step; the cross-entropy is
             BCEWithLogitsLoss (the sigmoid folded into the loss, as PyTorch users write it)
             and the squared error is 0.5 * MSELoss, the engine's J = (1/2m) sum (a - y)^2
    sklearn  MLPClassifier / MLPRegressor.partial_fit, solver "sgd", batch_size = m,
             no momentum, no L2: one pass over the batch = one step

The libraries take turns, round after round, each block of steps after a pause that lets the
previous library's threads fall asleep; a time is the median over the rounds and a ratio the
median of the round-by-round ratios, with its quartiles. PyTorch runs with as many threads as
NumPy's BLAS. PyTorch and scikit-learn are optional (the "bench" extra); a missing
one is reported, not fatal.

Run it on a quiet machine, without OpenBLAS overrides that slow NumPy down:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/engine_speed.py

``--quick`` takes fewer repeats (to check that the script works, not to quote figures);
``--threads N`` gives NumPy's BLAS and PyTorch N threads each (1 is the fair choice on a busy
machine, where two spinning threads per process can make a step 10 to 100 times slower).
Large batches allocate arrays of several MB per step; glibc returns that memory to the system
after each step and faults it back in on the next one. The app tells glibc to keep it
(engine.allocator.keep_freed_memory), and so does this script, unless ``--system-malloc``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from dataclasses import dataclass

import numpy as np

from engine import Network, Trainer
from engine.allocator import keep_freed_memory
from engine.optimizers import get_optimizer

LEARNING_RATE = 0.01


@dataclass(frozen=True)
class Case:
    label: str
    dims: tuple[int, ...]
    hidden: str  # activation of every hidden layer
    output: str  # "sigmoid" (cross-entropy) or "linear" (squared error)
    m: int
    dtype: str
    target: str  # what the issue asks for

    @property
    def loss(self) -> str:
        return "bce" if self.output == "sigmoid" else "mse"


CASES = [
    Case(
        "2-8-8-1 tanh, batch 500",
        (2, 8, 8, 1),
        "tanh",
        "sigmoid",
        500,
        "float64",
        "<= 0.33 x PyTorch",
    ),
    Case(
        "2-(8 x 6)-1 ReLU, batch 500",
        (2, 8, 8, 8, 8, 8, 8, 1),
        "relu",
        "sigmoid",
        500,
        "float64",
        "<= 0.33 x PyTorch",
    ),
    Case(
        "8-64-64-1 ReLU, batch 20,640, float32",
        (8, 64, 64, 1),
        "relu",
        "linear",
        20640,
        "float32",
        "<= 1.0 x PyTorch",
    ),
    Case(
        "2-512-512-512-1 ReLU, batch 1,000, float32",
        (2, 512, 512, 512, 1),
        "relu",
        "sigmoid",
        1000,
        "float32",
        "<= 1.0 x PyTorch",
    ),
    Case(
        "2-1-1 tanh, batch 1 (fixed cost)", (2, 1, 1), "tanh", "sigmoid", 1, "float64", "<= 25 us"
    ),
]


# ----------------------------------------------------------------------------- timing
# After a matrix product, OpenBLAS's worker threads spin for about 0.1 s before they sleep, and
# PyTorch's OpenMP threads do the same: a library timed right after another one shares the two
# cores with the other's spinning threads. Each block therefore starts after this pause.
SETTLE_SECONDS = 0.15


def block_calls(step, block_seconds: float) -> int:
    """How many calls of ``step()`` fill ``block_seconds`` (after one untimed first call)."""
    step()  # first-call allocations, lazy initializations
    start = time.perf_counter()
    step()
    return max(1, int(block_seconds / max(time.perf_counter() - start, 1e-7)))


def median_step_time(step, blocks: int, block_seconds: float = 0.02) -> float:
    """Median seconds per call of ``step()`` over ``blocks`` blocks, timed back to back (one
    library alone, as benchmarks/engine_ab.py times one engine per process)."""
    n = block_calls(step, block_seconds)
    for _ in range(n):  # untimed: caches and threads up to speed
        step()
    times = []
    for _ in range(blocks):
        start = time.perf_counter()
        for _ in range(n):
            step()
        times.append((time.perf_counter() - start) / n)
    return statistics.median(times)


def interleaved_times(steps: dict, rounds: int, block_seconds: float = 0.05) -> dict:
    """Seconds per call of each ``steps[name]()``: one timed block per name and round.

    The names take turns within every round (the order rotates from round to round), so a
    slow spell of the machine, which on a shared host can last seconds, falls on all of them
    alike instead of on whichever was being timed then; ratios are then taken round by round.
    Each block is a pause (SETTLE_SECONDS), half a block of untimed calls, then enough timed
    calls to fill ``block_seconds``.
    """
    calls = {name: block_calls(step, block_seconds) for name, step in steps.items()}
    times = {name: [] for name in steps}
    names = list(steps)
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            step, n = steps[name], calls[name]
            time.sleep(SETTLE_SECONDS)
            for _ in range(max(1, n // 2)):  # untimed: caches, clock and threads back up to speed
                step()
            start = time.perf_counter()
            for _ in range(n):
                step()
            times[name].append((time.perf_counter() - start) / n)
    return times


def paired_ratio(ours: list[float], theirs: list[float] | None):
    """(median, lower quartile, upper quartile) of ours / theirs, round by round."""
    if theirs is None:
        return None
    q1, q2, q3 = statistics.quantiles([a / b for a, b in zip(ours, theirs, strict=True)], n=4)
    return q2, q1, q3


def problem(case: Case):
    """Inputs X (n0, m) and targets Y (1, m) of the case's dtype, seeded."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((case.dims[0], case.m)).astype(case.dtype)
    if case.loss == "bce":
        Y = (X[:1] * X[-1:] > 0).astype(case.dtype)
    else:
        Y = (X.sum(axis=0, keepdims=True) / case.dims[0]).astype(case.dtype)
    return X, Y


def new_network(case: Case) -> Network:
    L = len(case.dims) - 1
    init = "he" if case.hidden == "relu" else "xavier"
    return Network(
        list(case.dims),
        [case.hidden] * (L - 1) + [case.output],
        init=init,
        seed=0,
        dtype=case.dtype,
    )


# ----------------------------------------------------------------------------- the engine
def engine_step(case: Case, X, Y):
    net = new_network(case)
    optimizer = get_optimizer("gd", LEARNING_RATE)

    def step():
        _, grads = net.cost_and_grads(X, Y, loss=case.loss)
        optimizer.step(net.params, grads)

    return step


def engine_epochs(case: Case, X, Y):
    """(run, n): ``run()`` trains n epochs with the Trainer, the app's training loop."""
    trainer = Trainer(new_network(case), X, Y, loss=case.loss, learning_rate=LEARNING_RATE)
    n = 200 if case.m * max(case.dims) < 100_000 else 2

    def run():
        trainer.run(n)
        assert trainer.diverged is None, trainer.diverged

    return run, n


# ----------------------------------------------------------------------------- PyTorch
def torch_step(case: Case, X, Y, torch):
    dtype = getattr(torch, case.dtype)
    layers = []
    for l in range(1, len(case.dims)):
        layers.append(torch.nn.Linear(case.dims[l - 1], case.dims[l], dtype=dtype))
        if l < len(case.dims) - 1:
            layers.append(torch.nn.Tanh() if case.hidden == "tanh" else torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)

    # The same problem: copy the engine's initial weights, and check that both see the same
    # cost (PyTorch wants one example per row, so X and Y are transposed).
    net = new_network(case)
    with torch.no_grad():
        linears = [layer for layer in layers if isinstance(layer, torch.nn.Linear)]
        for l, linear in enumerate(linears, start=1):
            linear.weight.copy_(torch.from_numpy(net.params[f"W{l}"]))
            linear.bias.copy_(torch.from_numpy(net.params[f"b{l}"].ravel()))
    Xt = torch.from_numpy(np.ascontiguousarray(X.T))
    Yt = torch.from_numpy(np.ascontiguousarray(Y.T))
    if case.loss == "bce":
        criterion = torch.nn.BCEWithLogitsLoss()
    else:
        mse = torch.nn.MSELoss()

        def criterion(output, target):
            return 0.5 * mse(output, target)

    with torch.no_grad():
        theirs, ours = float(criterion(model(Xt), Yt)), net.cost(X, Y, loss=case.loss)
    tolerance = 1e-4 if case.dtype == "float32" else 1e-10
    assert abs(theirs - ours) <= tolerance * max(1.0, abs(ours)), (theirs, ours)

    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)

    def step():
        optimizer.zero_grad()
        loss = criterion(model(Xt), Yt)
        loss.backward()
        optimizer.step()

    return step


# ----------------------------------------------------------------------------- scikit-learn
def sklearn_step(case: Case, X, Y):
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    options = dict(
        hidden_layer_sizes=case.dims[1:-1],
        activation=case.hidden,
        solver="sgd",
        learning_rate_init=LEARNING_RATE,
        momentum=0.0,
        nesterovs_momentum=False,
        alpha=0.0,
        batch_size=case.m,
        shuffle=False,
        random_state=0,
    )
    Xs, ys = np.ascontiguousarray(X.T), Y.ravel()
    if case.loss == "bce":
        model = MLPClassifier(**options)
        model.partial_fit(Xs, ys, classes=np.array([0.0, 1.0], dtype=case.dtype))
    else:
        model = MLPRegressor(**options)
        model.partial_fit(Xs, ys)
    return lambda: model.partial_fit(Xs, ys)


# ----------------------------------------------------------------------------- report
def blas_threads() -> tuple[int, str]:
    """NumPy's BLAS thread count and a one-line description (kernel, version)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return os.cpu_count() or 1, "threadpoolctl missing (comes with scikit-learn)"
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    numpy_blas = [pool for pool in blas if "numpy" in pool["filepath"]] or blas
    if not numpy_blas:
        return os.cpu_count() or 1, "no BLAS found by threadpoolctl"
    pool = numpy_blas[0]
    return pool["num_threads"], (
        f"{pool['internal_api']} {pool['version']}, kernel {pool.get('architecture', '?')}, "
        f"{pool['num_threads']} threads"
    )


def microseconds(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    us = seconds * 1e6
    return f"{us:,.0f} us" if us >= 100 else f"{us:.1f} us"


def ratio(paired) -> str:
    """The text "0.97 (0.95-0.99)": the median ratio over the rounds and its quartiles."""
    if paired is None:
        return "n/a"
    median, q1, q3 = paired
    return f"{median:.2f} ({q1:.2f}-{q3:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats: check, don't quote")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads for NumPy's BLAS and PyTorch alike (default: NumPy's current count)",
    )
    parser.add_argument(
        "--system-malloc",
        action="store_true",
        help="leave glibc's allocator as it is (the app tunes it)",
    )
    args = parser.parse_args()
    tuned = False if args.system_malloc else keep_freed_memory()
    rounds = 5 if args.quick else 31

    if args.threads:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=args.threads, user_api="blas")
    threads, blas = blas_threads()
    try:
        import torch

        torch.set_num_threads(threads)
        torch_info = f"torch {torch.__version__}, {torch.get_num_threads()} threads"
    except ImportError:
        torch = None
        torch_info = "PyTorch MISSING: pip install torch==2.13.0 (the bench extra)"
    try:
        import sklearn

        sklearn_info = f"scikit-learn {sklearn.__version__}"
    except ImportError:
        sklearn = None
        sklearn_info = "scikit-learn MISSING: pip install scikit-learn (the bench extra)"

    print(f"python {platform.python_version()}, numpy {np.__version__}, BLAS: {blas}")
    print(f"{torch_info}; {sklearn_info}; {os.cpu_count()} CPUs")
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if name in os.environ:
            print(
                f"WARNING: {name}={os.environ[name]} is set; it can slow NumPy down. Run with "
                f"env -u {name}."
            )
    print(
        f"allocator kept freed memory (as the app does): {tuned}; load average "
        f"{os.getloadavg()[0]:.1f} (figures mean little above {os.cpu_count()})"
    )
    print(
        f"{rounds} rounds, the libraries taking turns; times are medians over the rounds, "
        "ratios the median (quartiles) of the round-by-round ratios; one step = forward + "
        "cost + backward + GD update\n"
    )

    header = (
        "| case | engine step | engine epoch (Trainer) | PyTorch | engine / PyTorch "
        "| scikit-learn | engine / sklearn | target |"
    )
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for case in CASES:
        X, Y = problem(case)
        epochs, n_epochs = engine_epochs(case, X, Y)
        steps = {"engine": engine_step(case, X, Y), "epoch": epochs}
        if torch:
            steps["torch"] = torch_step(case, X, Y, torch)
        if sklearn:
            steps["sklearn"] = sklearn_step(case, X, Y)
        times = interleaved_times(steps, rounds)
        times["epoch"] = [t / n_epochs for t in times["epoch"]]
        med = {name: statistics.median(t) for name, t in times.items()}
        ours = times["engine"]
        print(
            f"| {case.label} | {microseconds(med['engine'])} | {microseconds(med['epoch'])} "
            f"| {microseconds(med.get('torch'))} | {ratio(paired_ratio(ours, times.get('torch')))} "
            f"| {microseconds(med.get('sklearn'))} "
            f"| {ratio(paired_ratio(ours, times.get('sklearn')))} | {case.target} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
