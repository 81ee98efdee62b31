"""A small deep-learning library in pure NumPy, written in the notation of the course
"Neural Networks and Deep Learning": X is (n_x, m), W[l] is (n[l], n[l-1]), b[l] is (n[l], 1).

It never imports streamlit or plotly.

    from engine import Network, Trainer
    net = Network([2, 4, 1], activations=["tanh", "sigmoid"], init="normal", seed=0)
    trainer = Trainer(net, X, Y, loss="bce", optimizer="gd", learning_rate=1.2)
    trainer.run(1000)
"""

from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS, get_activation
from engine.collapse import collapse_linear
from engine.gradcheck import gradient_check
from engine.initializers import INITIALIZERS, initialize_parameters
from engine.losses import LOSSES, TASK_LOSSES
from engine.network import Network
from engine.optimizers import OPTIMIZERS
from engine.trainer import Trainer

__all__ = [
    "ACTIVATIONS",
    "HIDDEN_ACTIVATIONS",
    "INITIALIZERS",
    "LOSSES",
    "OPTIMIZERS",
    "TASK_LOSSES",
    "Network",
    "Trainer",
    "collapse_linear",
    "get_activation",
    "gradient_check",
    "initialize_parameters",
]
