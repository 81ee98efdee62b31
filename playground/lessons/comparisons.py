"""The labs as ready-made comparisons on the Playground ("Open as a comparison").

Each function turns a lab's current choice into the runs' setups (run A first) and the
link's query (``compare.link``): the same data, seed and network, one run per thing the lab
compares. Values go through ``validate``, so a lab's choice outside the Playground's ranges
is clamped, never refused. No Streamlit here.
"""

from __future__ import annotations

from playground.compare import MAX_RUNS, link
from playground.fields import Setup, validate
from playground.lessons.initialization import INIT_CHOICES


def _setup(**values) -> Setup:
    setup, _ = validate(values, task="classification")
    return setup


def _common(dataset: str, hidden: tuple[int, ...], learning_rate: float) -> dict:
    # What the labs' compare_training fixes: 400 examples, noise 0.2, data seed 1, seed 0,
    # gradient descent on the cross-entropy.
    return {"dataset": dataset, "noise": 0.2, "n_samples": 400, "data_seed": 1, "seed": 0,
            "hidden_units": list(hidden), "loss": "bce", "optimizer": "gd",
            "learning_rate": float(learning_rate), "batch_size": 0, "l2": 0.0}


def collapse_setups(dataset: str, depth: int, width: int, other: str,
                    learning_rate: float) -> list[Setup]:
    """Why linear collapses: A linear hidden layers, B the other activation; Xavier."""
    hidden = (int(width),) * int(depth)
    base = {**_common(dataset, hidden, learning_rate), "init": "xavier", "init_scale": 1.0}
    return [_setup(**base, activations=[act] * len(hidden)) for act in ("linear", other)]


def initialization_setups(keys: list[str], activation: str, dataset: str,
                          hidden: tuple[int, ...], learning_rate: float,
                          large_scale: float) -> list[Setup]:
    """Initialization: one run per chosen initialization (the first four)."""
    base = {**_common(dataset, hidden, learning_rate),
            "activations": [activation] * len(hidden)}
    setups = []
    for key in list(keys)[:MAX_RUNS]:
        init, scale, _ = INIT_CHOICES[key]
        if key == "large":
            scale = large_scale
        setups.append(_setup(**base, init=init, init_scale=float(scale or 1.0)))
    return setups


def query(setups: list[Setup]) -> dict[str, str]:
    """The Playground link of these runs (one run alone is still compared with a copy)."""
    return link(setups if len(setups) > 1 else [*setups, *setups])
