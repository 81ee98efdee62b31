"""The 2-D classification data sets: one registry, one signature.

Every record draws with ``DATASETS[name].draw(n_samples, noise, rng) -> (X, Y)``: X has shape
(2, m) (one column per example, the course's layout) and Y has shape (1, m) holding the labels
0.0 and 1.0, with the two classes balanced (their sizes differ by at most one). The generators
below share the signature ``(n_samples, noise, rng)``; those of jittered sets draw clean points
and leave the noise to ``draw``.

More than two classes: a record with ``max_classes`` K_max > 2 (the spiral: K arms; the
Gaussians: K clusters) also has a ``generate_k(n_samples, noise, rng, K) -> (X, labels)``,
labels 0..K-1 of shape (m,), classes balanced; ``make_2d(..., n_classes=K)`` then returns Y
one-hot, shape (K, m), as a softmax output needs it. K = 2 is always the binary set above, bit
for bit.

``DATASETS`` is the one registry, name -> ``DataSet`` record: the generator and everything the
pages show (label, help, default noise, which teaching pages offer it), so adding a data set
is adding one record (README, "Extending").

What "noise" means: 0 gives clean data (the classes do not overlap); NOISE_MAX gives data that
is hard but still learnable. Each record has its own jitter scale (its difficulty
calibration), chosen so that the same noise level makes every set about equally hard: at
NOISE_MAX a 15-nearest-neighbour reference classifier scores roughly 75-85 % on fresh points
of every set (see tests/engine/test_datasets.py). The jitter is Gaussian, with standard
deviation ``noise * jitter`` in each coordinate, added to the generator's clean points.

``flower`` is the course's "planar" data set, bit for bit: with the defaults (noise 0.2,
400 points, seed 1) ``make_2d("flower")`` draws from a private legacy ``RandomState(1)`` in
exactly the notebook's order. The global ``np.random`` state is never used.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from engine.preprocess import test_count

NOISE_MAX = 0.5
DEFAULT_NOISE = 0.2
DEFAULT_SAMPLES = 400
DEFAULT_SEED = 1
MAX_SAMPLES = 100_000

Rng = np.random.Generator | np.random.RandomState


def _class_sizes(n_samples: int) -> tuple[int, int]:
    """Sizes of class 0 and class 1: balanced, differing by at most one."""
    n0 = n_samples // 2
    return n0, n_samples - n0


def _normal(rng: Rng, size) -> np.ndarray:
    """Standard normal draws from either a Generator or a legacy RandomState."""
    if isinstance(rng, np.random.RandomState):
        return rng.randn(*np.atleast_1d(size))
    return rng.standard_normal(size)


def _uniform(rng: Rng, low: float, high: float, size) -> np.ndarray:
    return rng.uniform(low, high, size)


def _stack(parts0: tuple[np.ndarray, np.ndarray], parts1: tuple[np.ndarray, np.ndarray]):
    """Class 0 columns first, then class 1: X (2, m), Y (1, m) of 0.0/1.0."""
    X = np.vstack([np.concatenate([parts0[0], parts1[0]]), np.concatenate([parts0[1], parts1[1]])])
    Y = np.concatenate([np.zeros(parts0[0].size), np.ones(parts1[0].size)]).reshape(1, -1)
    return X, Y


def circle(n_samples: int, noise: float, rng: Rng):
    """A disc (label 1, radius 0 to 0.5) inside a ring (label 0, radius 0.7 to 1).

    Points are uniform over the area of the disc and of the ring.
    """
    n0, n1 = _class_sizes(n_samples)
    # Uniform over an annulus r0 <= r <= r1: r = sqrt(r0^2 + u (r1^2 - r0^2)).
    r_out = np.sqrt(_uniform(rng, 0.7**2, 1.0, n0))
    t_out = _uniform(rng, 0.0, 2 * np.pi, n0)
    r_in = np.sqrt(_uniform(rng, 0.0, 0.5**2, n1))
    t_in = _uniform(rng, 0.0, 2 * np.pi, n1)
    return _stack(
        (r_out * np.cos(t_out), r_out * np.sin(t_out)),
        (r_in * np.cos(t_in), r_in * np.sin(t_in)),
    )


def xor(n_samples: int, noise: float, rng: Rng):
    """Exclusive or: label 1 where x1 and x2 have the same sign (quadrants 1 and 3).

    Points are uniform in the square [-1, 1]^2 minus a band of 0.1 around the axes, so that the
    clean set has a margin.
    """
    n0, n1 = _class_sizes(n_samples)

    def quadrant_points(n: int, same_sign: bool):
        a = _uniform(rng, 0.1, 1.0, n) * rng.choice([-1.0, 1.0], n)
        b = _uniform(rng, 0.1, 1.0, n) * (np.sign(a) if same_sign else -np.sign(a))
        return a, b

    return _stack(quadrant_points(n0, False), quadrant_points(n1, True))


def gauss(n_samples: int, noise: float, rng: Rng):
    """Two Gaussian clusters of standard deviation 0.2: label 0 around (-0.6, -0.6), label 1
    around (0.6, 0.6). Noise widens both clusters until they overlap."""
    n0, n1 = _class_sizes(n_samples)
    c0 = -0.6 + 0.2 * _normal(rng, (2, n0))
    c1 = 0.6 + 0.2 * _normal(rng, (2, n1))
    return _stack((c0[0], c0[1]), (c1[0], c1[1]))


def spiral(n_samples: int, noise: float, rng: Rng):
    """Two interleaved spiral arms of 1.75 turns each, radius growing from 0 to 1."""
    n0, n1 = _class_sizes(n_samples)

    def arm(n: int, delta: float):
        s = _uniform(rng, 0.0, 1.0, n)
        r = s
        t = 1.75 * 2 * np.pi * s + delta
        return r * np.sin(t), r * np.cos(t)

    return _stack(arm(n0, 0.0), arm(n1, np.pi))


def _sizes_of(n_samples: int, K: int) -> list[int]:
    """K balanced class sizes (differing by at most one), the larger ones last."""
    return [(n_samples + k) // K for k in range(K)]


def spiral_k(n_samples: int, noise: float, rng: Rng, K: int):
    """K interleaved spiral arms, radius growing from 0 to 1, arm k turned by 2 pi k / K.

    Each arm makes 3.5 / K turns (1.75 for K = 2, as the binary spiral): so neighbouring arms
    stay 1 / 3.5 = 0.29 apart in radius whatever K, and five arms are no more crowded than two.
    """
    turns = 3.5 / K
    xs, ys, labels = [], [], []
    for k, n in enumerate(_sizes_of(n_samples, K)):
        s = _uniform(rng, 0.0, 1.0, n)
        t = turns * 2 * np.pi * s + 2 * np.pi * k / K
        xs.append(s * np.sin(t))
        ys.append(s * np.cos(t))
        labels.append(np.full(n, k))
    return np.vstack([np.concatenate(xs), np.concatenate(ys)]), np.concatenate(labels)


def gauss_k(n_samples: int, noise: float, rng: Rng, K: int):
    """K Gaussian clusters of standard deviation 0.2, centred on a circle at angles
    pi/4 + 2 pi k / K. Its radius 0.85 / sin(pi / K) keeps neighbouring centres 1.7 apart,
    as the binary set's two at +-(0.6, 0.6) are (K = 2 gives exactly those): the same noise
    makes K clusters about as hard to tell apart as two."""
    radius = 0.85 / math.sin(math.pi / K)
    parts, labels = [], []
    for k, n in enumerate(_sizes_of(n_samples, K)):
        angle = np.pi / 4 + 2 * np.pi * k / K
        centre = radius * np.array([[np.cos(angle)], [np.sin(angle)]])
        parts.append(centre + 0.2 * _normal(rng, (2, n)))
        labels.append(np.full(n, k))
    return np.hstack(parts), np.concatenate(labels)


def moons(n_samples: int, noise: float, rng: Rng):
    """Two interleaving half circles of radius 1 (label 0 on top, label 1 below), centred on
    the origin."""
    n0, n1 = _class_sizes(n_samples)
    t0 = _uniform(rng, 0.0, np.pi, n0)
    t1 = _uniform(rng, 0.0, np.pi, n1)
    return _stack(
        (np.cos(t0) - 0.5, np.sin(t0) - 0.25),
        (1.0 - np.cos(t1) - 0.5, 0.5 - np.sin(t1) - 0.25),
    )


def flower(n_samples: int, noise: float, rng: Rng):
    """The course's planar "flower": two classes of petals of r = 4 sin(4t).

    For class j = 0 then 1 (N_j points each): e_t = randn(N_j), then e_r = randn(N_j);
    t = linspace(3.12 j, 3.12 (j + 1), N_j) + noise * e_t; r = 4 sin(4 t) + noise * e_r;
    x1 = r sin t, x2 = r cos t; columns of class 0 first (no shuffle). With a legacy
    RandomState(1), noise 0.2 and 400 points this is the notebook's data set, bit for bit.
    Unlike the other sets, noise here jitters the angle and the radius (in the notebook's units).
    """
    sizes = _class_sizes(n_samples)
    a = 4
    x1_parts, x2_parts = [], []
    for j, n in enumerate(sizes):
        # Same expression order as the notebook (randn(N) * 0.2), so the bits match.
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + _normal(rng, n) * noise
        r = a * np.sin(4 * t) + _normal(rng, n) * noise
        x1_parts.append(r * np.sin(t))
        x2_parts.append(r * np.cos(t))
    return _stack((x1_parts[0], x2_parts[0]), (x1_parts[1], x2_parts[1]))


@dataclass(frozen=True)
class DataSet:
    """One 2-D data set: its generator and what the pages show about it.

    ``generate(n_samples, noise, rng) -> (X, Y)`` draws the points; ``jitter`` is the set's
    difficulty calibration, the standard deviation (data units) of the Gaussian noise added to
    every coordinate at noise = 1 (see the module docstring). A generator that applies the
    noise its own way (the flower's jitters angle and radius) has ``jitter`` 0.
    ``legacy_rng``: an int seed becomes a legacy ``RandomState`` (the course notebook's stream)
    instead of ``default_rng``. ``label`` and ``help`` are what users read (a name for the
    sidebar's select box, one line for its help), ``short`` a name of at most 15 characters
    for the narrow boxes of the teaching pages; ``default_noise`` the noise it starts with;
    ``pages`` the teaching pages that offer it besides the Playground (which offers all).

    ``max_classes``: the most classes the set can be drawn with (2: binary only); above 2,
    ``generate_k(n_samples, noise, rng, K) -> (X, labels (m,))`` draws K balanced classes
    (clean points: ``draw_k`` adds the same jitter as ``draw``).
    """

    name: str
    label: str
    help: str
    generate: Callable[[int, float, Rng], tuple[np.ndarray, np.ndarray]] = field(repr=False)
    jitter: float = 0.0
    default_noise: float = DEFAULT_NOISE
    pages: tuple[str, ...] = ()
    legacy_rng: bool = False
    short: str = ""
    max_classes: int = 2
    generate_k: Callable[[int, float, Rng, int], tuple[np.ndarray, np.ndarray]] | None = field(
        default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.short:
            object.__setattr__(self, "short", self.label)

    def draw(self, n_samples: int, noise: float, rng: Rng) -> tuple[np.ndarray, np.ndarray]:
        """X (2, m) and Y (1, m): the generator's points, then the jitter (same rng, after)."""
        X, Y = self.generate(n_samples, noise, rng)
        if self.jitter:
            X = X + noise * self.jitter * _normal(rng, X.shape)
        return X, Y

    def draw_k(self, n_samples: int, noise: float, rng: Rng, K: int):
        """X (2, m) and Y one-hot (K, m) of K balanced classes (3 <= K <= max_classes)."""
        X, labels = self.generate_k(n_samples, noise, rng, K)
        if self.jitter:
            X = X + noise * self.jitter * _normal(rng, X.shape)
        return X, np.eye(K)[:, labels.astype(np.int64)]


# The teaching pages a set can be offered on (their view modules' names).
INITIALIZATION_PAGE, COLLAPSE_PAGE = "initialization", "linear_collapse"
_LABS = (INITIALIZATION_PAGE, COLLAPSE_PAGE)

DATASETS: dict[str, DataSet] = {
    "circle": DataSet(
        "circle", "Circle",
        "A disc of one class inside a ring of the other: no straight line separates them.",
        circle, jitter=0.50, pages=_LABS,
    ),
    "xor": DataSet(
        "xor", "Exclusive or (XOR)",
        "Opposite corners share a class: the classic set a single neuron cannot learn.",
        xor, jitter=0.65, pages=_LABS, short="XOR",
    ),
    "gauss": DataSet(
        "gauss", "Two Gaussian clusters",
        "Two round clouds: a straight line (logistic regression) is enough.",
        gauss, jitter=1.80, short="Two clusters", max_classes=5, generate_k=gauss_k,
    ),
    "spiral": DataSet(
        "spiral", "Spiral",
        "Two arms winding around each other: needs several layers or many units.",
        spiral, jitter=0.18, max_classes=5, generate_k=spiral_k,
    ),
    "moons": DataSet(
        "moons", "Two moons",
        "Two interleaving half circles: a gently curved boundary.",
        moons, jitter=1.00,
    ),
    "flower": DataSet(
        # Short enough for the sidebar's select box at 1280 px (the long name is in the help).
        "flower", "Flower (the course's data)",
        "The course's planar data set, from its week 3 notebook (400 points, seed 1).",
        flower, pages=_LABS, legacy_rng=True, short="Flower (course)",
    ),
}


def datasets_for(page: str) -> list[str]:
    """The names of the sets a teaching page offers, in the registry's order."""
    return [name for name, record in DATASETS.items() if page in record.pages]


def make_2d(
    name: str,
    n_samples: int | None = None,
    noise: float | None = None,
    seed: int | np.random.Generator | None = None,
    n_classes: int = 2,
) -> tuple[np.ndarray, np.ndarray]:
    """Generate a 2-D set by name: X (2, m) and Y (1, m) of 0.0/1.0; with ``n_classes`` K >= 3,
    Y one-hot (K, m) of K balanced classes (up to the record's ``max_classes``).

    Defaults: n_samples = DEFAULT_SAMPLES (400), noise = the record's default_noise (0.2)
    and seed = DEFAULT_SEED (1), so ``make_2d("flower")`` is the course's planar data set. An
    int seed gives the same set every time; a record with legacy_rng ("flower") draws from a
    legacy RandomState(seed) (the notebook's stream), the others from default_rng(seed).
    Raises ValueError for an unknown name, a bad size, a noise outside [0, NOISE_MAX] or a
    number of classes the set does not offer (or more classes than points).
    """
    if name not in DATASETS:
        raise ValueError(f"Unknown data set {name!r}. Choose one of: {', '.join(DATASETS)}.")
    record = DATASETS[name]
    n = DEFAULT_SAMPLES if n_samples is None else n_samples
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 2 <= n <= MAX_SAMPLES:
        raise ValueError(f"The number of points must be a whole number from 2 to {MAX_SAMPLES}.")
    level = record.default_noise if noise is None else float(noise)
    if not (math.isfinite(level) and 0.0 <= level <= NOISE_MAX):
        raise ValueError(f"The noise must be between 0 and {NOISE_MAX}.")
    if isinstance(seed, np.random.Generator | np.random.RandomState):
        rng = seed
    else:
        s = DEFAULT_SEED if seed is None else int(seed)
        rng = np.random.RandomState(s) if record.legacy_rng else np.random.default_rng(s)
    K = _n_classes(record, n_classes, int(n))
    return record.draw(int(n), level, rng) if K == 2 else record.draw_k(int(n), level, rng, K)


def _n_classes(record: DataSet, n_classes, n: int) -> int:
    # K as an int, checked against the record (2 is every set's) and the number of points.
    K = n_classes
    if isinstance(K, bool) or not isinstance(K, int | np.integer) or K < 2:
        raise ValueError(f"The number of classes must be a whole number from 2; got {K!r}.")
    top = record.max_classes if record.generate_k is not None else 2
    if K > top:
        offered = [r.label for r in DATASETS.values()
                   if r.generate_k is not None and r.max_classes >= K]
        raise ValueError(f"{record.label} has at most {top} classes; sets with {K}: "
                         f"{', '.join(offered) or 'none'}.")
    if K > n:
        raise ValueError(f"{K} classes need at least {K} points; got {n}.")
    return int(K)


def train_test_split(
    X: np.ndarray,
    Y: np.ndarray,
    test_ratio: float,
    seed: int | np.random.Generator = 0,
    *,
    stratify: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split the columns of X (n_x, m) and Y (1, m) or one-hot (K, m) into a shuffled training
    and test part.

    Returns (X_train, Y_train, X_test, Y_test). The test part holds round(test_ratio * m)
    columns (at least 1 and at most m - 1 when 0 < test_ratio < 1; none when test_ratio = 0).
    With stratify (the default) and labels of exactly two values, or a one-hot Y of K classes,
    each class is split in the same ratio, so a small test set is not all one class (nor
    missing one of K). Same seed, same split.
    """
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1]:
        raise ValueError("X must be (n_x, m) and Y (n_y, m) with the same number of columns m.")
    ratio = float(test_ratio)
    if not (math.isfinite(ratio) and 0.0 <= ratio < 1.0):
        raise ValueError("The test share must be at least 0 and less than 1.")
    m = X.shape[1]
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(int(seed))

    # The class of each column: the label of a (1, m) Y, the row of the 1 of a one-hot (K, m).
    if Y.shape[0] == 1:
        labels = Y[0]
        classes = np.unique(labels)
        by_class = classes.size == 2
    else:
        labels = Y.argmax(axis=0)
        classes = np.unique(labels)
        by_class = classes.size >= 2
    if stratify and by_class:
        test_parts, train_parts = [], []
        for c in classes:
            idx = rng.permutation(np.flatnonzero(labels == c))
            k = test_count(idx.size, ratio)
            test_parts.append(idx[:k])
            train_parts.append(idx[k:])
        test_idx = rng.permutation(np.concatenate(test_parts))
        train_idx = rng.permutation(np.concatenate(train_parts))
    else:
        perm = rng.permutation(m)
        k = test_count(m, ratio)
        test_idx, train_idx = perm[:k], perm[k:]
    return X[:, train_idx], Y[:, train_idx], X[:, test_idx], Y[:, test_idx]


def plane_grid(
    X: np.ndarray, resolution: int = 60, margin: float = 0.5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The grid on which the app evaluates the network to draw the decision boundary.

    X is (2, m). Returns (x1s, x2s, G): x1s and x2s are the `resolution` grid coordinates
    along each axis, covering the data's range widened by `margin` (data units) on each side;
    G is (2, resolution**2), the grid points as columns, x1 varying fastest. So the network's
    output on G, reshaped to (resolution, resolution), has row i for x2s[i] and column j for
    x1s[j] (the layout of a heat map or contour plot's z).
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != 2 or X.shape[1] == 0:
        raise ValueError("X must have shape (2, m) with at least one point.")
    if isinstance(resolution, bool) or not 2 <= int(resolution) <= 1000:
        raise ValueError("The grid resolution must be from 2 to 1000.")
    res = int(resolution)
    axes = []
    for row in X:
        finite = row[np.isfinite(row)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
        if hi - lo < 1e-9:  # all points on one line: still draw a visible window
            lo, hi = lo - 1.0, hi + 1.0
        axes.append(np.linspace(lo - margin, hi + margin, res))
    x1s, x2s = axes
    g1, g2 = np.meshgrid(x1s, x2s)
    G = np.vstack([g1.ravel(), g2.ravel()])
    return x1s, x2s, G
