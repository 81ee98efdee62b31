"""engine_ab.py for a loaded machine: both checkouts' engines in ONE process, short blocks in turn.

When other jobs share the cores, a process-per-checkout comparison (engine_ab.py) swings by
a factor of 2-3 from round to round. Here the BEFORE engine is imported, set aside (its objects
keep their own module globals), and the AFTER engine imported next to it; then blocks of a few
milliseconds alternate between the two, hundreds of times. A block that nobody preempted is
the step's own cost, so the figure is the 10th percentile of the block times (wall and thread
CPU time), and the ratio after / before of those. Usage, from the repository root:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \\
        python benchmarks/engine_ab_same_process.py /tmp/before . --case 2-1-1 --what epoch

``--what step`` times net.cost_and_grads + a GD update (engine_speed's "engine step"),
``--what epoch`` Trainer.run (its "engine epoch"), with ``--batch-size`` for mini-batches.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_engine(checkout: Path) -> dict:
    """The checkout's engine modules, imported afresh and then removed from sys.modules."""
    for name in [k for k in sys.modules if k == "engine" or k.startswith("engine.")]:
        del sys.modules[name]
    sys.path.insert(0, str(checkout))
    try:
        names = ("engine", "engine.optimizers", "engine.allocator")
        return {name: importlib.import_module(name) for name in names}
    finally:
        sys.path.remove(str(checkout))


def workload(mods: dict, case, X, Y, what: str, batch_size: int | None):
    """(call, epochs per call) for the case with this engine."""
    L = len(case.dims) - 1
    net = mods["engine"].Network(
        list(case.dims),
        [case.hidden] * (L - 1) + [case.output],
        init="he" if case.hidden == "relu" else "xavier",
        seed=0,
        dtype=case.dtype,
    )
    if what == "step":
        optimizer = mods["engine.optimizers"].get_optimizer("gd", 0.01)

        def step():
            _, grads = net.cost_and_grads(X, Y, loss=case.loss)
            optimizer.step(net.params, grads)

        return step, 1
    trainer = mods["engine"].Trainer(
        net, X, Y, loss=case.loss, learning_rate=0.01, batch_size=batch_size
    )
    n = 1 if batch_size or case.m * max(case.dims) >= 100_000 else 20
    return (lambda: trainer.run(n)), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--case", default="2-1-1", help="label prefix of an engine_speed case")
    parser.add_argument("--what", choices=("step", "epoch"), default="step")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--pairs", type=int, default=400, help="blocks per engine")
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    import engine_speed as es  # the cases and their data only

    engines = {"before": load_engine(args.before.resolve())}
    engines["after"] = load_engine(args.after.resolve())
    engines["after"]["engine.allocator"].keep_freed_memory()  # process-wide, as in the app
    case = next(c for c in es.CASES if c.label.startswith(args.case))
    X, Y = es.problem(case)
    calls = {k: workload(m, case, X, Y, args.what, args.batch_size) for k, m in engines.items()}
    repeat = {k: es.block_calls(call, 0.002) for k, (call, _) in calls.items()}
    wall = {k: [] for k in calls}
    cpu = {k: [] for k in calls}
    for i in range(args.pairs):
        for name in ("before", "after") if i % 2 == 0 else ("after", "before"):
            (call, per), n = calls[name], repeat[name]
            call()
            c0, t0 = time.thread_time(), time.perf_counter()
            for _ in range(n):
                call()
            wall[name].append((time.perf_counter() - t0) / (n * per))
            cpu[name].append((time.thread_time() - c0) / (n * per))

    def p10(values):
        return statistics.quantiles(values, n=10)[0]

    what = args.what + (f", batch size {args.batch_size}" if args.batch_size else "")
    for label, times in (("wall", wall), ("CPU", cpu)):
        b, a = p10(times["before"]), p10(times["after"])
        print(
            f"{case.label} [{what}], {label} 10th percentile of {args.pairs} blocks each: "
            f"before {b * 1e6:,.2f} us, after {a * 1e6:,.2f} us, after / before {a / b:.3f}"
        )
    for name, mods in engines.items():
        print(f"  {name}: {mods['engine'].__file__}")


if __name__ == "__main__":
    main()
