"""Write assets/measured.json: the results of the runs "Scale drives deep learning" and "Why
deep" draw on a first visit, so a page replays them instead of training on every new server.

    python scripts/make_measured.py

About a minute on a quiet machine. Run it again after changing a lesson's constants or the
engine's arithmetic (tests/playground/test_measured.py retrains a sample and says when).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.lessons import measured, scale, why_deep


def main() -> None:
    store = measured.Store()
    data = scale.split()
    train = measured.recording("scale", scale.constants(),
                               lambda hidden, m, steps: scale.train_one(data, hidden, m, steps),
                               store)
    scale.sweep(data, train=train)
    train = measured.recording("why_deep", why_deep.constants(), why_deep.train_to_target, store)
    for n in why_deep.DEFAULT_NS:
        for family in ("shallow", "deep"):
            why_deep.fewest_units(n, family, train=train)
    store.save()
    counts = {page: len(entry["runs"]) for page, entry in store.pages.items()}
    print(f"wrote {measured.ASSET}: {counts}")


if __name__ == "__main__":
    main()
