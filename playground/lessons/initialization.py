"""The Initialization page's computations: the same network trained from each
initialization, with W[1] and how alike its rows are (zeros keep every unit the same); and a
deep network's per-layer diagnostics from each one (engine.diagnostics)."""

from __future__ import annotations

from engine import diagnostics, experiments
from engine.datasets import make_2d
from engine.initializers import INITIALIZERS
from engine.network import Network
from engine.trainer import Trainer
from playground.lessons.training import RunSpec, compare_training

# The initializations the Initialization page compares: key -> (engine init, scale, label;
# None: the initializer record's).
# "large" takes its scale from the page (the slider); 10 is the lecture's kind of "too big".
INIT_CHOICES: dict[str, tuple[str, float | None, str | None]] = {
    "zeros": ("zeros", 0.0, None),
    "small": ("normal", 0.01, "Random × 0.01"),
    "large": ("normal", 10.0, "Random × 10"),
    "xavier": ("xavier", 1.0, None),
    "he": ("he", 1.0, None),
}


def init_choice_label(key: str) -> str:
    """What the Initialization page calls one of its INIT_CHOICES (None: the record's label)."""
    init, _, label = INIT_CHOICES[key]
    return label or INITIALIZERS[init].label


def init_specs(keys: tuple[str, ...], activation: str, large_scale: float = 10.0):
    """RunSpecs for the chosen INIT_CHOICES keys (the "large" one with ``large_scale``)."""
    specs = []
    for key in keys:
        init, scale, _ = INIT_CHOICES[key]
        label = init_choice_label(key)
        if key == "large":
            scale = float(large_scale)
            label = f"Random × {scale:g}"
        specs.append(RunSpec(key, label, activation, init=init, init_scale=scale))
    return tuple(specs)


def compare_inits(
    keys: tuple[str, ...],
    activation: str,
    dataset: str,
    hidden_units: tuple[int, ...],
    epochs: int,
    learning_rate: float,
    *,
    large_scale: float = 10.0,
    n_samples: int = 400,
    noise: float = 0.2,
    data_seed: int = 1,
    seed: int = 0,
) -> dict:
    """compare_training over initializations, plus W[1] and how alike its rows are per run."""
    result = compare_training(
        init_specs(tuple(keys), activation, large_scale), dataset, tuple(hidden_units), epochs,
        learning_rate, n_samples=n_samples, noise=noise, data_seed=data_seed, seed=seed,
    )
    for r in result["runs"]:
        r["W1"] = r["params"]["W1"]
        r["row_spread"] = experiments.row_spread(r["W1"])
        r["first_layer_grad"] = r["grad_norms"][0][0] if r["grad_norms"] else 0.0
    return result


# The deep network of the "watch the gradients flow" section: six hidden layers, where the
# initializations differ most (a shallow one forgives a bad start).
DEEP_HIDDEN = (16,) * 6
DEEP_ACTIVATIONS = ("tanh", "relu")


def deep_diagnostics(
    key: str,
    activation: str,
    *,
    dataset: str = "flower",
    epochs: int = 300,
    learning_rate: float = 0.1,
    large_scale: float = 10.0,
    hidden_units: tuple[int, ...] = DEEP_HIDDEN,
    n_samples: int = 400,
    data_seed: int = 1,
    seed: int = 0,
) -> dict:
    """One initialization of the deep network, trained ``epochs`` epochs of batch gradient
    descent: its LayerStats (engine.diagnostics) before and after training, ||dW[l]|| at
    every epoch, and the cost."""
    (spec,) = init_specs((key,), activation, large_scale)
    X, Y = make_2d(dataset, n_samples=n_samples, noise=0.2, seed=data_seed)
    dims = [X.shape[0], *hidden_units, Y.shape[0]]
    net = Network(dims, [activation] * len(hidden_units) + ["sigmoid"], init=spec.init,
                  init_scale=spec.init_scale, seed=seed)
    before = diagnostics.layer_statistics(net, X, Y)
    trainer = Trainer(net, X, Y, learning_rate=learning_rate, seed=seed)
    trainer.blowup_guard = False  # as in the side-by-side runs: show the run to its end
    log = diagnostics.GradientNormLog(capacity=2 * epochs + 4)  # every epoch kept
    for _ in range(int(epochs)):
        if not trainer.run(1):
            break
        log.record(trainer.epoch, trainer.last_grads)
    grad_epochs, grad_norms = log.series()
    return {
        "key": key, "label": spec.label, "activation": activation, "layer_dims": dims,
        "before": before, "after": diagnostics.layer_statistics(net, X, Y),
        "grad_epochs": grad_epochs, "grad_norms": grad_norms, "epoch": trainer.epoch,
        "cost": list(trainer.history["train_cost"]), "diverged": trainer.diverged,
    }
