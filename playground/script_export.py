"""The run as a standalone script: one .py file that needs only NumPy and re-trains the
Playground's network from epoch 0, written as the course writes it (initialize, forward with
linear_forward / activation / cache, compute_cost, backward, update_parameters).

The script holds the training data and the initial parameters as exact literals (``repr`` of
a float reads back as the same float), and draws its mini-batch shuffles with the same calls
as the Trainer (``np.random.default_rng(seed).permutation(m)`` once per epoch, only when the
batch is smaller than the set), so its printed costs are the app's to rounding (a test runs
it and compares with the Trainer to 1e-9).

What changes from one setup to another is written from the tables below, one entry per
registry name (a test checks every activation, loss, optimizer and initializer has one); the
fixed part of the file is ``standalone_template.txt`` beside this module.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from string import Template

import numpy as np

from engine.optimizers import get_optimizer

TEMPLATE_PATH = Path(__file__).with_name("standalone_template.txt")
FILENAME = "playground_run.py"

# g(Z) and dZ = dA * g'(Z), per ACTIVATIONS name: two functions named <name> and
# <name>_backward (the derivatives from the output where that is the lecture's form).
ACTIVATION_CODE = {
    "sigmoid": '''def sigmoid(Z):
    """g(z) = 1 / (1 + e^-z)"""
    return 1 / (1 + np.exp(-Z))


def sigmoid_backward(dA, Z, A):
    """g'(z) = a (1 - a)"""
    return dA * (A * (1 - A))''',
    "tanh": '''def tanh(Z):
    """g(z) = (e^z - e^-z) / (e^z + e^-z)"""
    return np.tanh(Z)


def tanh_backward(dA, Z, A):
    """g'(z) = 1 - a^2"""
    return dA * (1 - A * A)''',
    "relu": '''def relu(Z):
    """g(z) = max(0, z)"""
    return np.maximum(0, Z)


def relu_backward(dA, Z, A):
    """g'(z) = 1 if z > 0 else 0"""
    return dA * (Z > 0)''',
    "leaky_relu": '''def leaky_relu(Z):
    """g(z) = max(leaky_alpha z, z)"""
    return np.maximum(leaky_alpha * Z, Z)


def leaky_relu_backward(dA, Z, A):
    """g'(z) = 1 if z > 0 else leaky_alpha"""
    return dA * np.where(Z > 0, 1.0, leaky_alpha)''',
    "linear": '''def linear(Z):
    """g(z) = z"""
    return Z


def linear_backward_(dA, Z, A):
    """g'(z) = 1"""
    return dA''',
    "softmax": '''def softmax(Z):
    """a_k = e^(z_k) / sum_j e^(z_j), down each column; z - max z changes nothing but
    keeps e^z from overflowing"""
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return E / np.sum(E, axis=0, keepdims=True)


def softmax_backward(dA, Z, A):
    """dz_j = a_j (da_j - sum_k a_k da_k): softmax mixes the units of a column"""
    return A * (dA - np.sum(A * dA, axis=0, keepdims=True))''',
}
# linear_backward is the course's name for the step through W: the identity's is renamed.
_BACKWARD_NAME = {"linear": "linear_backward_"}

# The cost J of one batch (m examples, ZL = Z[L]) and dZ[L], per LOSSES name; the value is
# (cost lines, dZ[L] lines, output activation required or None).
_LOSS_CODE = {
    "bce": (
        """    # The course writes J = -(1/m) sum(Y log(AL) + (1 - Y) log(1 - AL)). The same number
    # computed from the log-odds Z[L] never takes log(0), however sure the network gets:
    ZL = caches[-1][1]
    cost = np.sum(np.maximum(ZL, 0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL)))) / m""",
        """    dZ = AL - Y  # dZ[L] of the cross-entropy on a sigmoid output""",
        "sigmoid",
    ),
    "mse": (
        """    cost = np.sum((AL - Y) ** 2) / (2 * m)  # J = (1/2m) sum (a - y)^2""",
        """    # dZ[L] = (A[L] - Y) * g[L]'(Z[L])
    ZL = caches[-1][1]
    dZ = BACKWARD[activations[-1]](AL - Y, ZL, AL)""",
        None,
    ),
    "cross_entropy": (
        """    # J = -(1/m) sum_i sum_k y_k log a_k, with log a_k computed from Z[L] (log-sum-exp),
    # which never takes log(0), however sure the network gets:
    ZL = caches[-1][1]
    shifted = ZL - np.max(ZL, axis=0, keepdims=True)
    log_AL = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    cost = -np.sum(Y * log_AL) / m""",
        """    dZ = AL - Y  # dZ[L] of the cross-entropy on a softmax output (Y one-hot)""",
        "softmax",
    ),
}
# "sigmoid_mse" is the same formulas on a sigmoid output.
LOSS_CODE = {**_LOSS_CODE, "sigmoid_mse": _LOSS_CODE["mse"]}

# initialize_optimizer and update_parameters, per OPTIMIZERS name, and the hyperparameters
# (attributes of the engine's optimizer) they read as module constants.
OPTIMIZER_CODE = {
    "gd": ((), '''def initialize_optimizer(parameters):
    """Gradient descent keeps no memory."""
    return {}


def update_parameters(parameters, grads, state, learning_rate):
    """W[l] := W[l] - alpha dW[l],  b[l] := b[l] - alpha db[l]"""
    for key in parameters:
        parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters'''),
    "momentum": (("beta",), '''def initialize_optimizer(parameters):
    """The velocities v, one per parameter, start at zero."""
    return {"v": {key: np.zeros_like(p) for key, p in parameters.items()}}


def update_parameters(parameters, grads, state, learning_rate):
    """v := beta v + (1 - beta) dW;  W := W - alpha v  (the same for b)"""
    v = state["v"]
    for key in parameters:
        v[key] = beta * v[key] + (1 - beta) * grads["d" + key]
        parameters[key] = parameters[key] - learning_rate * v[key]
    return parameters'''),
    "rmsprop": (("beta", "epsilon"), '''def initialize_optimizer(parameters):
    """The running averages s of the squared gradients start at zero."""
    return {"s": {key: np.zeros_like(p) for key, p in parameters.items()}}


def update_parameters(parameters, grads, state, learning_rate):
    """s := beta s + (1 - beta) dW^2;  W := W - alpha dW / (sqrt(s) + epsilon)"""
    s = state["s"]
    for key in parameters:
        g = grads["d" + key]
        s[key] = beta * s[key] + (1 - beta) * g ** 2
        parameters[key] = parameters[key] - learning_rate * g / (np.sqrt(s[key]) + epsilon)
    return parameters'''),
    "adam": (("beta1", "beta2", "epsilon"), '''def initialize_optimizer(parameters):
    """v and s start at zero; t counts the steps (for the bias correction)."""
    return {"t": 0, "v": {key: np.zeros_like(p) for key, p in parameters.items()},
            "s": {key: np.zeros_like(p) for key, p in parameters.items()}}


def update_parameters(parameters, grads, state, learning_rate):
    """v := beta1 v + (1 - beta1) dW,  s := beta2 s + (1 - beta2) dW^2,
    v_corrected = v / (1 - beta1^t),  s_corrected = s / (1 - beta2^t),
    W := W - alpha v_corrected / (sqrt(s_corrected) + epsilon)"""
    state["t"] += 1
    t, v, s = state["t"], state["v"], state["s"]
    for key in parameters:
        g = grads["d" + key]
        v[key] = beta1 * v[key] + (1 - beta1) * g
        s[key] = beta2 * s[key] + (1 - beta2) * g ** 2
        v_corrected = v[key] / (1 - beta1 ** t)
        s_corrected = s[key] / (1 - beta2 ** t)
        parameters[key] = parameters[key] - learning_rate * v_corrected / (
            np.sqrt(s_corrected) + epsilon)
    return parameters'''),
}

# The course's line that draws W[l] (n rows, p columns) at ``scale``, per INITIALIZERS name.
INIT_DRAW = {
    "normal": "W{l} = np.random.randn({n}, {p}) * {scale}",
    "zeros": "W{l} = np.zeros(({n}, {p}))",
    "xavier": "W{l} = np.random.randn({n}, {p}) * np.sqrt(1 / {p}){times}",
    "he": "W{l} = np.random.randn({n}, {p}) * np.sqrt(2 / {p}){times}",
    # The notebooks' own draw: np.random.seed(seed) once, then W1, W2, ... in order.
    "course": "W{l} = np.random.randn({n}, {p}) * {scale}",
}

# Numbers per line in a literal array (each up to ~24 characters: lines stay readable).
_PER_LINE = 4


def _number(x: float) -> str:
    return repr(float(x))  # the shortest text that reads back as the same float


def _chunks(numbers: list[str], width: int) -> list[str]:
    # At most _PER_LINE numbers a line, fewer where long ones would pass ``width`` (a 7-input
    # W1 of ~24-character numbers, indented).
    lines: list[list[str]] = [[]]
    for text in numbers:
        line = lines[-1]
        if line and (len(line) == _PER_LINE or len(", ".join([*line, text])) + 1 > width):
            lines.append(line := [])
        line.append(text)
    return [", ".join(line) for line in lines]


def array_literal(a: np.ndarray, indent: str = "") -> str:
    """``np.array([[...], ...])`` source for a 2-D array that reads back bit for bit."""
    a = np.asarray(a, dtype=np.float64)
    if not a.any():  # e.g. the biases at the start: zero, and exactly so
        return f"np.zeros({a.shape})"
    rows = []
    for row in a:
        chunks = _chunks([_number(x) for x in row], 100 - len(indent) - 6)
        body = (",\n" + indent + "     ").join(chunks)
        rows.append(f"{indent}    [{body}],")
    return "np.array([\n" + "\n".join(rows) + f"\n{indent}])"


def _draw_line(init: str, scale: float, l: int, n: int, p: int) -> str:
    times = "" if scale == 1.0 else f" * {scale!r}"
    return INIT_DRAW[init].format(l=l, n=n, p=p, scale=repr(float(scale)), times=times)


def _data_note(setup, m: int) -> str:
    name = getattr(setup, "dataset", "the data")
    if name == "upload":
        note = (f"Your file's training split (standardized as the app did): {m} examples, "
                "one column each.")
    else:
        note = (f"The {name} set (noise {setup.noise:g}, {setup.n_samples} points, data seed "
                f"{setup.data_seed}), its training split: {m} examples, one column each.")
    if _features(setup) is not None:
        note += (" The literal holds the points (x1, x2); X_train is their input features, "
                 "one row each.")
    return note


def _features(setup) -> tuple[str, ...] | None:
    # The setup's input features when they are not the point itself (x1, x2), else None.
    from engine.features import is_plain
    from playground.inputs import input_names

    names = input_names(setup) if hasattr(setup, "page") else None
    return None if names is None or is_plain(names) else names


def _features_code(setup) -> str:
    """The function that turns the points into the network's inputs (TF Playground's
    features), with each feature's own NumPy expression: "" when X is the points."""
    from engine.features import get_feature

    names = _features(setup)
    if names is None:
        return ""
    rows = "".join(f"        {get_feature(n).code},  # {get_feature(n).label}\n"
                   for n in names)
    return (
        "# ---------------------------------------------------------------------------- "
        "the inputs\n"
        "def input_features(P):\n"
        f'    """X = A[0], ({len(names)}, m): the chosen features of each point (x1, x2) '
        'of P (2, m)."""\n'
        "    x1, x2 = P[0], P[1]\n"
        f"    return np.vstack([\n{rows}    ])\n\n\n")


def _inputs_literal(setup, P) -> str:
    # The training points as an exact literal, passed through input_features when the
    # network sees features of them.
    literal = array_literal(P)
    return literal if _features(setup) is None else f"input_features({literal})"


def standalone_script(setup, network0, data, epochs: int, print_every: int = 100) -> str:
    """The text of a Python file that trains ``network0`` (a Network holding the initial
    parameters) on ``data.X_train`` (n_x, m), ``data.Y_train`` (1, m) for ``epochs`` epochs
    with the setup's loss, optimizer, learning rate, L2 and mini-batch size, printing the
    cost every ``print_every`` epochs and at the last one.

    ValueError if the loss needs another output unit than the network has."""
    epochs, print_every = int(epochs), max(1, int(print_every))
    if epochs < 1:
        raise ValueError(f"The script needs at least one epoch; got {epochs}.")
    acts = list(network0.activations)
    dims = list(network0.layer_dims)
    cost_code, delta_code, needs = LOSS_CODE[setup.loss]
    if needs is not None and acts[-1] != needs:
        raise ValueError(f"The {setup.loss} cost is written for a {needs} output unit; "
                         f"this network's is {acts[-1]}.")
    optimizer = get_optimizer(setup.optimizer, setup.learning_rate)
    names, optimizer_code = OPTIMIZER_CODE[setup.optimizer]
    hyper = [f"{name} = {getattr(optimizer, name)!r}" for name in names]
    if "leaky_relu" in acts:
        hyper.append(f"leaky_alpha = {float(network0.leaky_alpha)!r}  # the leaky ReLU's slope")
    used = list(dict.fromkeys(acts))
    init = network0.init
    scale = network0.init_scale
    if scale is None:
        from engine.initializers import DEFAULT_SCALE
        scale = DEFAULT_SCALE[init]
    draws, params = [], []
    for l in range(1, len(dims)):
        n, p = dims[l], dims[l - 1]
        draws.append(f"        {_draw_line(init, scale, l, n, p)}")
        draws.append(f"        b{l} = np.zeros(({n}, 1))")
        W, b = network0.params[f"W{l}"], network0.params[f"b{l}"]
        params.append(f'    parameters["W{l}"] = {array_literal(W, "    ")}')
        params.append(f'    parameters["b{l}"] = {array_literal(b, "    ")}')
    batch = setup.batch_size or None
    m = int(data.X_train.shape[1])
    if batch is not None and batch >= m:
        batch = None  # the Trainer too takes the whole set in one batch then
    if acts[-1] == "sigmoid":
        final = ('    print(f"Train accuracy: {np.mean((AL > 0.5) == Y_train):.4f}")')
    elif acts[-1] == "softmax":  # K classes: the largest a_k against the one-hot label
        final = ('    print("Train accuracy: "\n'
                 '          f"{np.mean(AL.argmax(axis=0) == Y_train.argmax(axis=0)):.4f}")')
    else:
        final = ('    print(f"Train RMSE: {np.sqrt(np.mean((AL - Y_train) ** 2)):.6g}")')
    arch = " -> ".join([str(dims[0])] + [f"{n} {g}" for n, g in zip(dims[1:], acts,
                                                                      strict=True)])
    values = {
        "title": f"A Playground run: {arch}, {setup.optimizer}, {epochs} epochs.",
        "filename": FILENAME,
        "print_every": str(print_every),
        "layer_dims": repr(dims),
        "activations": json.dumps(acts),
        "learning_rate": repr(float(setup.learning_rate)),
        "lambd": repr(float(setup.l2)),
        "mini_batch_size": repr(batch),
        "num_epochs": str(epochs),
        "seed": str(int(setup.seed)),
        "hyperparameters": "".join(line + "\n" for line in hyper),
        "data_note": "\n# ".join(textwrap.wrap(_data_note(setup, m), 90)),
        "X_train": _inputs_literal(setup, data.X_train),
        "features_code": _features_code(setup),
        "Y_train": array_literal(data.Y_train),
        "activation_code": "\n\n\n".join(ACTIVATION_CODE[name] for name in used),
        "forward_table": ", ".join(f'"{g}": {g}' for g in used),
        "backward_table": ", ".join(f'"{g}": {_BACKWARD_NAME.get(g, g + "_backward")}'
                                    for g in used),
        "draw_lines": "\n".join(draws),
        "param_lines": "\n".join(params),
        "cost_code": cost_code,
        "delta_code": delta_code,
        "optimizer_code": optimizer_code,
        "final_metric": final,
    }
    return Template(TEMPLATE_PATH.read_text(encoding="utf-8")).substitute(values)


def session_script(session, epochs: int | None = None, print_every: int | None = None) -> str:
    """The script for a Playground session: its setup and data, the initial weights drawn
    again from the setup's seed, as many epochs as the session has trained (at least 1)."""
    from engine import Network

    s = session.setup
    net = session.network
    network0 = Network(net.layer_dims, net.activations, init=s.init, init_scale=s.init_scale,
                       seed=s.seed, leaky_alpha=s.leaky_alpha)
    epochs = max(1, session.epoch if epochs is None else int(epochs))
    if print_every is None:
        print_every = max(1, epochs // 20)
    return standalone_script(s, network0, session.data, epochs, print_every)
