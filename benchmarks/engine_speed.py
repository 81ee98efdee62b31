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

Each time is the median over many repeats of a block of steps. PyTorch runs with as many
threads as NumPy's BLAS. PyTorch and scikit-learn are optional (the "bench" extra); a missing
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
def median_step_time(step, repeats: int, block_seconds: float = 0.01) -> float:
    """Median seconds per call of ``step()``, over ``repeats`` blocks of calls."""
    step()  # warm-up: first-call allocations, lazy initializations
    start = time.perf_counter()
    step()
    once = max(time.perf_counter() - start, 1e-7)
    calls = max(1, int(block_seconds / once))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            step()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


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


def engine_epoch_time(case: Case, X, Y, repeats: int) -> float:
    trainer = Trainer(new_network(case), X, Y, loss=case.loss, learning_rate=LEARNING_RATE)
    epochs = 200 if case.m * max(case.dims) < 100_000 else 2
    seconds = median_step_time(lambda: trainer.run(epochs), repeats) / epochs
    assert trainer.diverged is None, trainer.diverged
    return seconds


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


def ratio(ours: float, theirs: float | None) -> str:
    return "n/a" if theirs is None else f"{ours / theirs:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats: check, don't quote")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads for NumPy's BLAS and PyTorch alike (default: NumPy's current count)",
    )
    parser.add_argument("--system-malloc", action="store_true",
                        help="leave glibc's allocator as it is (the app tunes it)")
    args = parser.parse_args()
    tuned = False if args.system_malloc else keep_freed_memory()
    repeats = 5 if args.quick else 31

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
    print(f"median of {repeats} repeats; one step = forward + cost + backward + GD update\n")

    header = (
        "| case | engine step | engine epoch (Trainer) | PyTorch | engine / PyTorch "
        "| scikit-learn | engine / sklearn | target |"
    )
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for case in CASES:
        X, Y = problem(case)
        ours = median_step_time(engine_step(case, X, Y), repeats)
        epoch = engine_epoch_time(case, X, Y, repeats)
        theirs = median_step_time(torch_step(case, X, Y, torch), repeats) if torch else None
        sk = median_step_time(sklearn_step(case, X, Y), repeats) if sklearn else None
        print(
            f"| {case.label} | {microseconds(ours)} | {microseconds(epoch)} "
            f"| {microseconds(theirs)} | {ratio(ours, theirs)} | {microseconds(sk)} "
            f"| {ratio(ours, sk)} | {case.target} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
