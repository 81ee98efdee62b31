"""Does a Trainer change cost epochs? Two checkouts train the same tiny setup in turns.

    git archive <commit> engine | tar -x -C /tmp/before    # or: git worktree add /tmp/before
    python benchmarks/trainer_ab.py /tmp/before . [--case fastest|default|batch1] [--rounds 100]

One long-lived process per checkout (its ``engine`` first on the path, one BLAS thread as the
app runs) holds a Trainer; each round asks both, in alternating order, to run a block of
epochs as ``Session.run_frame`` does (with a time budget) and reports the time. Printed: the
median and quartiles of the after / before time ratios over the rounds (above 1: slower), and
each side's best block. Cases: "fastest" (no hidden layer, 45 training and 5 test examples,
the fastest setup the UI allows), "default" (2-4-1 on 320 flower points, full batch), "batch1"
(the same with batch size 1).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

CHILD = r"""
import sys, time
from engine import Network, Trainer
from engine.datasets import make_2d
X, Y = make_2d("flower", n_samples=400, noise=0.2, seed=1)
case = sys.argv[1]
if case == "fastest":
    net, cut, end, batch, n = Network([2, 1], ["sigmoid"], seed=0), 45, 50, None, 500
else:
    net, cut, end = Network([2, 4, 1], ["tanh", "sigmoid"], seed=0), 320, 400
    batch, n = (1, 2) if case == "batch1" else (None, 300)
t = Trainer(net, X[:, :cut], Y[:, :cut], X[:, cut:end], Y[:, cut:end], learning_rate=0.1,
            batch_size=batch)
t.run(n)
for line in sys.stdin:
    start = time.perf_counter()
    t.run(n, time_budget=10.0)
    print(time.perf_counter() - start, flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--case", default="fastest", choices=["fastest", "default", "batch1"])
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    procs = {
        side: subprocess.Popen(
            [sys.executable, "-c", CHILD, args.case], text=True, cwd="/",
            env={**env, "PYTHONPATH": os.path.abspath(path)},
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for side, path in (("before", args.before), ("after", args.after))
    }
    ratios, best = [], {"before": float("inf"), "after": float("inf")}
    try:
        for i in range(args.rounds):
            took = {}
            for side in (("before", "after") if i % 2 else ("after", "before")):
                procs[side].stdin.write("go\n")
                procs[side].stdin.flush()
                took[side] = float(procs[side].stdout.readline())
                best[side] = min(best[side], took[side])
            ratios.append(took["after"] / took["before"])
    finally:
        for proc in procs.values():
            proc.stdin.close()
            proc.wait(timeout=30)
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    print(f"{args.case}: after / before time, median {statistics.median(ratios):.3f} "
          f"(quartiles {q1:.3f}-{q3:.3f}) over {args.rounds} rounds; best block "
          f"{best['before'] * 1000:.1f} ms before, {best['after'] * 1000:.1f} ms after")


if __name__ == "__main__":
    main()
