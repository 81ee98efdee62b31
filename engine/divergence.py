"""When training has gone wrong: the Trainer's divergence guard, as plain checks.

Each check returns the reason (a phrase for "Training diverged at epoch N: <reason>") or None,
so the Trainer only decides what to do about it.
"""

from __future__ import annotations

import math

import numpy as np

# A parameter beyond this size means the updates are exploding (the cost may still be finite).
EXPLODED = 1e6
# A cost that climbs above BLOWUP_FACTOR times its value at epoch 0 (and by more than
# BLOWUP_MARGIN) means the steps overshoot the minimum: the network is now far worse than it
# was untrained. With a cross-entropy computed from the logits the cost never becomes NaN, so
# this is how a too-large learning rate shows up (e.g. 0.69 -> 4.5 within 25 epochs at lr = 10
# on the flower data). Such a stop can be overruled (``Trainer.resume``): a deep network
# sometimes falls off a cliff of the cost surface and climbs back.
BLOWUP_FACTOR = 3.0
BLOWUP_MARGIN = 1.0


def blowup(J: float, start: float) -> str | None:
    """Why the cost J counts as blown up against its value ``start`` at epoch 0, or None."""
    if J > max(BLOWUP_FACTOR * start, start + BLOWUP_MARGIN):
        return (f"the cost jumped to {J:.3g}, more than {BLOWUP_FACTOR:g} times its value "
                f"at the start ({start:.3g}): the steps overshoot the minimum")
    return None


def parameter_problem(params: dict[str, np.ndarray]) -> tuple[str, str] | None:
    """(reason, kind) if a parameter is NaN ("nan") or beyond EXPLODED ("exploded"), else None.

    sum(theta^2) >= max|theta|^2, so one dot product per array clears the usual case."""
    for key, theta in params.items():
        squares = float(np.vdot(theta, theta))
        if squares <= EXPLODED * EXPLODED:
            continue
        biggest = float(np.max(np.abs(theta)))
        if math.isnan(biggest) or math.isnan(squares):
            return f"the parameters became NaN (in {key})", "nan"
        if biggest > EXPLODED:
            return f"the parameters exploded (|{key}| reached {biggest:.2g} > 1e6)", "exploded"
    return None
