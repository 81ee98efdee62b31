"""Is an engine change faster? One case of engine_speed.py, two checkouts, alternating processes.

A change to the engine worth a few percent is smaller than the drift of a shared machine over a
minute, so the two versions take turns: each round starts one process per checkout (its own
``engine`` first on the path, the case definitions from this folder), which trains the case's
network for a while and prints its median step time. Usage, from the repository root:

    git worktree add /tmp/before HEAD~1
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \\
        python benchmarks/engine_ab.py /tmp/before . --case 2-512 --rounds 6

``--case`` picks the first case of engine_speed.CASES whose label starts with it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Runs in the child: time one case's engine step with the checkout's engine.
CHILD = """
import json, sys
checkout, here, prefix, blocks = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path[:0] = [checkout, here]
import engine
import engine_speed as es
from engine.allocator import keep_freed_memory
keep_freed_memory()
case = next(c for c in es.CASES if c.label.startswith(prefix))
X, Y = es.problem(case)
median = es.median_step_time(es.engine_step(case, X, Y), blocks)
print(json.dumps({"engine": engine.__file__, "case": case.label, "median": median}))
"""


def run_once(checkout: Path, prefix: str, steps: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(checkout), str(HERE), prefix, str(steps)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="checkout with the engine as it was")
    parser.add_argument("after", type=Path, help="checkout with the change")
    parser.add_argument("--case", default="2-512", help="label prefix of an engine_speed case")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--steps", type=int, default=100, help="timed blocks per process")
    args = parser.parse_args()
    results: dict[str, list[float]] = {"before": [], "after": []}
    for r in range(args.rounds):
        order = ("before", "after") if r % 2 == 0 else ("after", "before")
        for name in order:
            out = run_once(getattr(args, name).resolve(), args.case, args.steps)
            results[name].append(out["median"])
            print(f"round {r + 1}: {name:6s} {out['median'] * 1e6:10,.1f} us  ({out['engine']})")
    before, after = (statistics.median(results[k]) for k in ("before", "after"))
    ratios = [a / b for a, b in zip(results["after"], results["before"], strict=True)]
    print(
        f"\n{out['case']}: before {before * 1e6:,.1f} us, after {after * 1e6:,.1f} us; "
        f"after / before per round: median {statistics.median(ratios):.3f}, "
        f"range {min(ratios):.3f}-{max(ratios):.3f}"
    )


if __name__ == "__main__":
    main()
