"""Computations of the page "Images as vectors": the 8x8 digits unrolled into X (64, m), and
a binary task ("is it a 3?", the course's cat-vs-non-cat in miniature) learned by logistic
regression and by a deep network, on one fixed, seeded train/test split.

All the learning is the engine's (Network + Trainer, batch gradient descent on the
cross-entropy). Images are kept by their index in the data set, so the page can show the
very pictures a model got wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.datasets import train_test_split
from engine.digits import is_digit, load_digits, unroll
from engine.network import Network
from engine.trainer import Trainer

TEST_SHARE, SPLIT_SEED, WEIGHT_SEED = 0.25, 0, 1
LOGISTIC_RATE, DEEP_RATE = 0.5, 0.1
# The hidden layers of the deep network: the course's 4-layer model [n_x, 20, 7, 5, 1] first.
ARCHITECTURES = {"20, 7, 5 (the course's 4-layer model)": (20, 7, 5), "16": (16,),
                 "32, 16": (32, 16)}
ITERATIONS = (100, 250, 500, 1000, 2000)


def dataset() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(images (m, 8, 8) of 0..16, labels (m,), X (64, m) in [0, 1])."""
    images, labels = load_digits()
    return images, labels, unroll(images)


def split_indices(labels, digit: int) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) indices into the data set: a quarter for the test, each class (the digit
    and the rest) split in the same ratio, the same for every run."""
    labels = np.asarray(labels)
    index = np.arange(labels.size, dtype=float)[None, :]
    tr, _, te, _ = train_test_split(index, is_digit(labels, digit), TEST_SHARE, SPLIT_SEED)
    return tr[0].astype(int), te[0].astype(int)


@dataclass(frozen=True)
class DigitsResult:
    digit: int
    test_index: np.ndarray     # (m_test,) indices of the test images in the data set
    y_test: np.ndarray         # (m_test,) 0/1: is it the digit?
    predictions: dict          # model name -> (m_test,) 0/1 predictions on the test images
    accuracy: dict             # model name -> test accuracy in [0, 1]
    train_accuracy: dict       # model name -> training accuracy in [0, 1]
    costs: dict                # model name -> the training cost per iteration
    baseline: float            # test accuracy of always answering "no"
    w: np.ndarray              # (64,) logistic regression's learned weights
    b: float
    m_train: int


def train_models(digit: int = 3, iterations: int = 500, hidden=(20, 7, 5)) -> DigitsResult:
    """Train logistic regression (zeros init, as the course) and a deep ReLU network with
    ``hidden`` layers (He init, seeded) on "is it ``digit``?"; score both on the test set."""
    _images, labels, X = dataset()
    train, test = split_indices(labels, digit)
    Y = is_digit(labels, digit)
    models = {
        "Logistic regression": (Network([X.shape[0], 1], ["sigmoid"], init="zeros"),
                                LOGISTIC_RATE),
        "Deep network": (Network([X.shape[0], *hidden, 1], ["relu"] * len(hidden) + ["sigmoid"],
                                 init="he", seed=WEIGHT_SEED), DEEP_RATE),
    }
    predictions, accuracy, train_acc, costs = {}, {}, {}, {}
    for name, (net, rate) in models.items():
        trainer = Trainer(net, X[:, train], Y[:, train], learning_rate=rate)
        trainer.run(int(iterations))
        costs[name] = np.array(trainer.history["train_cost"])
        train_acc[name] = float(trainer.last["train_metric"])
        predictions[name] = net.predict(X[:, test])[0]
        accuracy[name] = float(np.mean(predictions[name] == Y[0, test]))
    logistic = models["Logistic regression"][0]
    return DigitsResult(
        digit=int(digit), test_index=test, y_test=Y[0, test].astype(int),
        predictions=predictions, accuracy=accuracy, train_accuracy=train_acc, costs=costs,
        baseline=float(np.mean(Y[0, test] == 0)), w=logistic.params["W1"][0].copy(),
        b=float(logistic.params["b1"][0, 0]), m_train=int(train.size),
    )


def misclassified(result: DigitsResult, model: str) -> np.ndarray:
    """Indices (into the data set) of the test images ``model`` got wrong."""
    wrong = result.predictions[model] != result.y_test
    return result.test_index[wrong]
