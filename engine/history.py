"""A training history that stays small however long a session trains.

The Trainer's history is a dict of equal-length lists, one row per epoch. Kept whole, a
session that trains for an hour would keep millions of rows (about 190 bytes each). So the
rows are kept in two parts:

- the most recent ``RECENT`` rows: every epoch;
- the rows before them: only the epochs that are multiples of a *stride* (1, 2, 10, 20, 100,
  200, 1000, ...), the smallest stride that leaves at most ``OLDER`` of them. Each stride
  divides the next, so thinning again only drops rows, and the kept epochs are round
  numbers (a CSV reads 0, 100, 200, ... for the old part). The first row (epoch 0, the
  cost the divergence guard compares with) is always kept; the last one is in the recent
  part.

``thin`` runs only when the history holds ``SLACK`` rows more than its bound, so its cost
(one pass over at most a few thousand rows) is shared by hundreds of epochs.
"""

from __future__ import annotations

# The columns of every training history, in this order: the Trainer's dict, the CSV download,
# the checkpoints and the live curves all read this one tuple.
HISTORY_KEYS = ("epoch", "train_cost", "test_cost", "train_metric", "test_metric")

RECENT = 2000
OLDER = 2000
SLACK = 500
MAX_ROWS = RECENT + OLDER + SLACK  # the most rows a history ever holds


def strides():
    """1, 2, 10, 20, 100, 200, ...: each divides the next."""
    step = 1
    while True:
        yield step
        yield 2 * step
        step *= 10


def thin(history: dict[str, list], key: str = "epoch", recent: int | None = None,
         older: int | None = None, slack: int | None = None) -> bool:
    """Thin ``history`` (a dict of equal-length lists, ``key`` holding the epoch numbers) in
    place when it holds more than ``recent + older + slack`` rows (by default this module's
    RECENT, OLDER and SLACK); True if it did."""
    recent = RECENT if recent is None else recent
    older = OLDER if older is None else older
    slack = SLACK if slack is None else slack
    epochs = history[key]
    n = len(epochs)
    if n <= recent + older + slack:
        return False
    cut = n - recent  # rows [cut:] are the recent part, kept whole
    # Never a finer stride than the last thinning's (the gap after epoch 0), so the older
    # part stays evenly spaced.
    least = epochs[1] - epochs[0]
    for stride in strides():
        if stride < least:
            continue
        keep = [i for i in range(cut) if i == 0 or epochs[i] % stride == 0]
        if len(keep) <= older:
            break
    for column in history.values():
        column[:] = [column[i] for i in keep] + column[cut:]
    return True
