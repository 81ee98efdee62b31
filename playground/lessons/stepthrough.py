"""What the step-through shows at each block: LaTeX with shapes and values, the numbers on
the diagram's units, the cache, and the summary. Pure functions of an engine StepTrace.

Numbers are written by one function, ``num`` (4 significant digits), both in the equations and
on the diagram, so the two can be read against each other (and are, in the browser test).
Small matrices are written out; larger ones show their corner, with dots, and a summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from engine.stepthrough import Block, StepTrace

# A matrix is written out in full up to this size; beyond it, its top-left corner.
MAX_ROWS, MAX_COLS = 4, 5
CORNER_ROWS, CORNER_COLS = 3, 4
# The width of the page's equation column in em of a display equation (about 450 px at
# 1280 px wide, at KaTeX's 1.21 x 16 px).
COLUMN_EM = 22.0

_G = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\operatorname{ReLU}",
      "leaky_relu": r"\operatorname{LeakyReLU}", "linear": r"\operatorname{id}"}
_NAME = re.compile(r"^(d?[A-Za-z])(\d+)(T?)$")


def num(v: float) -> str:
    """One number as the page writes it: 4 significant digits ("0.1234", "-2.5", "1.2e-05")."""
    v = float(v)
    if not np.isfinite(v):
        return "nan" if np.isnan(v) else ("inf" if v > 0 else "-inf")
    text = f"{v:.4g}"
    return "0" if text == "-0" else text


def sym(name: str) -> str:
    """A name of the trace in LaTeX: "W1" -> W^{[1]}, "dZ2" -> dZ^{[2]}, "A0" -> A^{[0]}."""
    match = _NAME.match(name)
    if not match:
        return name
    return f"{match.group(1)}^{{[{match.group(2)}]{match.group(3)}}}"


def plain_sym(name: str) -> str:
    """A name as plain text: "W1" -> "W[1]", "dZ2" -> "dZ[2]"."""
    match = _NAME.match(name)
    return f"{match.group(1)}[{match.group(2)}]" if match else name


def _under(name: str, shape: tuple) -> str:
    if not shape:
        return sym(name)
    return r"\underbrace{" + sym(name) + r"}_{(" + r",\,".join(map(str, shape)) + ")}"


def is_small(a: np.ndarray) -> bool:
    """True when the page writes every entry of ``a`` out."""
    a = np.asarray(a)
    return a.ndim < 2 or (a.shape[0] <= MAX_ROWS and a.shape[1] <= MAX_COLS)


def matrix(a: np.ndarray) -> str:
    """``a`` as a LaTeX bmatrix: every entry when small, else the top-left corner with dots."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return num(a)
    rows, cols = a.shape
    if is_small(a):
        body = [[num(v) for v in row] for row in a]
    else:
        # Cut only the side that is too long: a (4, 400) Z keeps its 4 rows.
        r = rows if rows <= MAX_ROWS else CORNER_ROWS
        c = cols if cols <= MAX_COLS else CORNER_COLS
        body = [[num(v) for v in row[:c]] + ([r"\cdots"] if cols > c else []) for row in a[:r]]
        if rows > r:
            body.append([r"\vdots"] * c + ([r"\ddots"] if cols > c else []))
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(row) for row in body) + r"\end{bmatrix}"


def summary(a: np.ndarray) -> str:
    """A large array in one line of plain text: shape, min, mean and max."""
    a = np.asarray(a, dtype=float)
    shape = " × ".join(map(str, a.shape))
    return f"{shape}: min {num(a.min())}, mean {num(a.mean())}, max {num(a.max())}"


# --------------------------------------------------------------------------- equations
def equations(block: Block, trace: StepTrace) -> list[str]:
    """The block's equations in the course's notation, the shape of every term under it."""
    s = block.shapes()
    l = block.layer
    if block.equation == "forward":
        g = _G.get(trace.activations[l - 1], "g")
        return [
            _under(f"Z{l}", s[f"Z{l}"]) + " = " + _under(f"W{l}", s[f"W{l}"]) + r"\,"
            + _under(f"A{l - 1}", s[f"A{l - 1}"]) + " + " + _under(f"b{l}", s[f"b{l}"]),
            _under(f"A{l}", s[f"A{l}"]) + f" = g^{{[{l}]}}({sym(f'Z{l}')}) = {g}({sym(f'Z{l}')})",
        ]
    if block.equation == "cost":
        L = trace.L
        if trace.loss == "bce":
            line = (r"J = -\frac{1}{m}\sum_{i=1}^{m}\left[y^{(i)}\log a^{[" + str(L)
                    + r"](i)} + (1-y^{(i)})\log(1-a^{[" + str(L) + r"](i)})\right]")
        else:
            line = (r"J = \frac{1}{2m}\sum_{i=1}^{m}\left(a^{[" + str(L)
                    + r"](i)} - y^{(i)}\right)^2")
        lines = [line + rf"\qquad m = {trace.m}"]
        if trace.l2:
            lines.append(r"\quad + \frac{\lambda}{2m}\sum_{l}\lVert W^{[l]}\rVert_F^2"
                         rf"\qquad \lambda = {num(trace.l2)}")
        return lines
    if block.equation == "output_delta":
        dz = _under(f"dZ{l}", s[f"dZ{l}"])
        if trace.simplified:
            why = ("sigmoid output, cross-entropy" if trace.activations[-1] == "sigmoid"
                   else "linear output, squared error")
            return [dz + " = " + _under(f"A{l}", s[f"A{l}"]) + " - " + _under("Y", s["Y"])
                    + rf"\quad\text{{({why})}}"]
        if trace.loss == "bce":
            da = (r" = -\left(\frac{Y}{" + sym(f"A{l}") + r"} - \frac{1 - Y}{1 - " + sym(f"A{l}")
                  + r"}\right)")
        else:
            da = " = " + sym(f"A{l}") + " - Y"
        return [_under(f"dA{l}", s[f"dA{l}"]) + da,
                dz + " = " + sym(f"dA{l}") + r" \ast g^{[" + str(l) + r"]\prime}("
                + sym(f"Z{l}") + ")"]
    if block.equation == "backward":
        dw = (_under(f"dW{l}", s[f"dW{l}"]) + r" = \frac{1}{m}\,"
              + _under(f"dZ{l}", s[f"dZ{l}"]) + r"\," + _under(f"A{l - 1}T", s[f"A{l - 1}"][::-1]))
        if trace.l2:
            dw += r" + \frac{\lambda}{m}" + sym(f"W{l}")
        lines = [dw, _under(f"db{l}", s[f"db{l}"]) + r" = \frac{1}{m}\sum_{i=1}^{m} "
                 + f"dZ^{{[{l}](i)}}"]
        if l > 1:
            lines.append(_under(f"dA{l - 1}", s[f"dA{l - 1}"]) + " = "
                         + _under(f"W{l}T", s[f"W{l}"][::-1]) + r"\,"
                         + _under(f"dZ{l}", s[f"dZ{l}"]))
            lines.append(_under(f"dZ{l - 1}", s[f"dZ{l - 1}"]) + " = " + sym(f"dA{l - 1}")
                         + r" \ast g^{[" + str(l - 1) + r"]\prime}(" + sym(f"Z{l - 1}") + ")")
        return lines
    # update
    alpha = num(trace.learning_rate)
    return [_under(f"W{l}", s[f"W{l}"]) + r" := " + sym(f"W{l}") + r" - \alpha\, "
            + sym(f"dW{l}") + rf"\qquad \alpha = {alpha}",
            _under(f"b{l}", s[f"b{l}"]) + r" := " + sym(f"b{l}") + r" - \alpha\, "
            + sym(f"db{l}")]


def value_lines(block: Block, trace: StepTrace) -> list[str]:
    """The block's equations with this step's numbers put in, one LaTeX block per array it
    computes, its last line "= <its values>" (``matrix``; the page's column is narrow). A term
    too large to write out stays a symbol with its shape under it."""
    return [_fitted(_aligned(line)) for line in _value_lines(block, trace)]


def _fitted(line: str) -> str:
    # A line too wide for the page's column (a row vector times a row vector, say) is set
    # smaller instead of being cut off. Its width in em is guessed from its widest line: 0.55
    # em a digit (measured: a little more than KaTeX's half em), an em between two columns
    # of a matrix, and its brackets.
    widest = 0.0
    for part in line.split(r"&="):
        rows = re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", part)
        em = 2.0 + 0.5 * len(re.sub(r"\\begin\{bmatrix\}.*?\\end\{bmatrix\}", "", part)) / 8
        for body in rows:
            longest = max(body.split(r" \\ "), key=len)
            cells = longest.split("&")
            em += 0.55 * sum(len(c.strip()) for c in cells) + 1.0 * (len(cells) - 1) + 1.0
        widest = max(widest, em)
    for size, scale in (("", 1.0), (r"\small ", 0.9), (r"\footnotesize ", 0.8)):
        if widest * scale <= COLUMN_EM:
            return size + line
    return r"\scriptsize " + line


def _aligned(line: str) -> str:
    # "X = terms \\ &= values" -> an aligned block, the equals signs one under the other.
    if r"\\ &=" not in line:
        return line
    first = line.split(r" \\ ")[0]
    sep = " := " if " := " in first else " = "
    head, _, rest = line.partition(sep)
    return r"\begin{aligned}" + head + " &" + sep.strip() + " " + rest + r"\end{aligned}"


def _value_lines(block: Block, trace: StepTrace) -> list[str]:
    r, c = block.reads, block.computes
    l = block.layer

    def t(name: str, transpose: bool = False) -> str:
        a = r[name]
        if is_small(a):
            return matrix(a.T if transpose else a)
        shape = a.T.shape if transpose else a.shape
        return _under(name + ("T" if transpose else ""), shape)

    def ends(name: str) -> str:  # "= <values>" of a computed array, on a line of its own
        return r" \\ &= " + matrix(c[name])

    def prime(k: int) -> str:  # g[k]'(Z[k]), without a second superscript (KaTeX refuses it)
        return r"g^{[" + str(k) + r"]\prime}(" + sym(f"Z{k}") + ")"

    if block.equation == "forward":
        g = _G.get(trace.activations[l - 1], "g")
        return [sym(f"Z{l}") + " = " + t(f"W{l}") + r"\," + t(f"A{l - 1}") + " + " + t(f"b{l}")
                + ends(f"Z{l}"),
                sym(f"A{l}") + f" = {g}(" + sym(f"Z{l}") + ")" + ends(f"A{l}")]
    if block.equation == "cost":
        return ["J = " + num(c["J"])]
    if block.equation == "output_delta":
        if trace.simplified:
            return [sym(f"dZ{l}") + " = " + t(f"A{l}") + " - " + t("Y") + ends(f"dZ{l}")]
        return [sym(f"dA{l}") + " = " + matrix(c[f"dA{l}"]),
                sym(f"dZ{l}") + " = " + sym(f"dA{l}") + r" \ast " + prime(l) + ends(f"dZ{l}")]
    if block.equation == "backward":
        m = trace.m
        frac = "" if m == 1 else r"\frac{1}{" + str(m) + r"}\,"
        l2 = (r" + \frac{" + num(trace.l2) + "}{" + str(m) + "}" + t(f"W{l}")) if trace.l2 else ""
        lines = [sym(f"dW{l}") + " = " + frac + t(f"dZ{l}") + r"\," + t(f"A{l - 1}", True) + l2
                 + ends(f"dW{l}"),
                 sym(f"db{l}") + " = " + frac + r"\textstyle\sum_{i} " + sym(f"dZ{l}")
                 + ends(f"db{l}")]
        if l > 1:
            lines.append(sym(f"dA{l - 1}") + " = " + t(f"W{l}", True) + r"\," + t(f"dZ{l}")
                         + ends(f"dA{l - 1}"))
            lines.append(sym(f"dZ{l - 1}") + " = " + sym(f"dA{l - 1}") + r" \ast "
                         + prime(l - 1) + ends(f"dZ{l - 1}"))
        return lines
    alpha = num(trace.learning_rate)
    return [sym(f"W{l}") + " := " + t(f"W{l}") + f" - {alpha}" + r"\," + t(f"dW{l}")
            + ends(f"W{l}"),
            sym(f"b{l}") + " := " + t(f"b{l}") + f" - {alpha}" + r"\," + t(f"db{l}")
            + ends(f"b{l}")]


def read_lines(block: Block) -> list[str]:
    """The values the block reads, one LaTeX line each (the forward cache among them)."""
    return [f"{sym(name)} = {matrix(a)}" for name, a in block.reads.items()]


def large_notes(block: Block) -> list[str]:
    """A plain-text summary of each array too large to write out (computed ones)."""
    return [f"{plain_sym(name)} is {summary(a)}" for name, a in block.computes.items()
            if not is_small(a)]


# --------------------------------------------------------------------------- the diagram
def known(trace: StepTrace, index: int) -> dict[str, np.ndarray]:
    """Every array computed up to and including block ``index`` (the new W[l], b[l] of an
    update as "W1_new", "b1_new"), with X as "A0" and the parameters as they were."""
    values = {"A0": trace.blocks[0].reads["A0"], **trace.params_before}
    for block in trace.blocks[: index + 1]:
        for name, a in block.computes.items():
            values[f"{name}_new" if block.kind == "update" else name] = a
    return values


def phase(block: Block) -> str:
    """"forward" for the forward blocks and the cost; "backward" for the rest."""
    return "forward" if block.kind in ("forward", "cost") else "backward"


def compact(layer_dims) -> bool:
    """True for a network too large to draw beside the equations with two numbers a unit:
    more than 3 layers or more than 6 units in one."""
    return len(layer_dims) - 1 > 3 or max(layer_dims) > 6


def unit_labels(trace: StepTrace, index: int, column: int = 0,
                short: bool = False, inputs: Sequence[str] | None = None) -> list[list[str]]:
    """The text on each unit of the diagram at block ``index``, for example ``column`` of the
    batch: [layer 0 .. L][unit]. Inputs show x; going forward a computed unit shows z and a
    (``short``: a alone, except on the block's own layer); going backward a unit whose dZ is
    known shows dz (the others keep their a). ``inputs`` names the input units (x1², sin x2,
    ...: the Playground's input features; x1, x2, ... when None)."""
    current = trace.blocks[index].layer
    values = known(trace, index)
    back = phase(trace.blocks[index]) == "backward"
    X = values["A0"]
    names = list(inputs) if inputs else [f"x{j + 1}" for j in range(X.shape[0])]
    labels = [[f"{names[j]} = {num(X[j, column])}" for j in range(X.shape[0])]]
    for l in range(1, trace.L + 1):
        Z, A, dZ = values.get(f"Z{l}"), values.get(f"A{l}"), values.get(f"dZ{l}")
        n = trace.params_before[f"b{l}"].shape[0]
        layer = []
        for j in range(n):
            if back and dZ is not None:
                layer.append(f"dz = {num(dZ[j, column])}")
            elif Z is not None and short and l != current:
                layer.append(f"a = {num(A[j, column])}")
            elif Z is not None:
                layer.append(f"z = {num(Z[j, column])}<br>a = {num(A[j, column])}")
            else:
                layer.append("")
        labels.append(layer)
    return labels


def edge_values(trace: StepTrace, index: int) -> dict[int, tuple[np.ndarray, str]]:
    """What colours each layer's edges at block ``index``: {l: (array, "w" or "dw")}: dW[l]
    once the backward pass has computed it, W[l] before."""
    values = known(trace, index)
    back = phase(trace.blocks[index]) == "backward"
    out = {}
    for l in range(1, trace.L + 1):
        dW = values.get(f"dW{l}")
        out[l] = (dW, "dw") if back and dW is not None else (trace.params_before[f"W{l}"], "w")
    return out


# --------------------------------------------------------------------------- the cache
def cache_rows(trace: StepTrace, index: int) -> list[dict[str, str]]:
    """The caches the forward blocks have saved up to block ``index``: one row per layer,
    what it holds (with shapes) and whether the backward pass has used it yet."""
    rows = []
    current = trace.blocks[index]
    used = {b.layer for b in trace.blocks[: index + 1] if b.equation == "backward"}
    for block in trace.blocks[: index + 1]:
        if block.kind != "forward":
            continue
        l = block.layer
        holds = ", ".join(f"{plain_sym(n)} {block.shapes()[n]}" for n in block.cache)
        if current.equation == "backward" and current.layer == l:
            status = "read now by backward layer " + str(l)
        elif l in used:
            status = "used by backward layer " + str(l)
        elif current is block:
            status = "saved now, for backward layer " + str(l)
        else:
            status = "waiting for backward layer " + str(l)
        rows.append({"cache": f"cache[{l}]", "holds": holds, "status": status})
    return rows


def note(block: Block, trace: StepTrace) -> str:
    """One sentence saying what this block does, in the course's words."""
    l, m = block.layer, trace.m
    batch = "one example (m = 1)" if m == 1 else f"m = {m} examples at once, one per column"
    if block.equation == "forward":
        return (f"Forward, layer {l}: the linear part then the activation, for {batch}. "
                f"The cache keeps A[{l - 1}], W[{l}], b[{l}] and Z[{l}] for the backward pass.")
    if block.equation == "cost":
        return "The cost J of the output A[L] against the labels Y: how wrong the network is."
    if block.equation == "output_delta":
        if trace.simplified:
            return (f"The backward pass starts at the output: dZ[{l}] = A[{l}] − Y, the "
                    "error of each prediction (the derivative of the loss and of the output "
                    "activation cancel into this).")
        return (f"The backward pass starts at the output: dA[{l}] is the derivative of the "
                f"loss, times g[{l}]'(Z[{l}]) (the chain rule) gives dZ[{l}].")
    if block.equation == "backward":
        tail = (f" and sends the error back: dA[{l - 1}], then dZ[{l - 1}] through "
                f"g[{l - 1}]'" if l > 1 else ": the input layer needs no dA[0]")
        return f"Backward, layer {l}: the gradients dW[{l}] and db[{l}] from its cache{tail}."
    return (f"Update, layer {l}: one step of gradient descent, each weight moved against its "
            f"gradient by α = {num(trace.learning_rate)}.")


def summary_lines(trace: StepTrace) -> dict[str, str]:
    """The end of the walk: cost before and after, and the gradient check's verdict."""
    change = trace.cost_after - trace.cost_before
    out = {
        "cost": (f"Cost before the update J = {num(trace.cost_before)}, after "
                 f"J = {num(trace.cost_after)} ({'+' if change > 0 else '−'}"
                 f"{num(abs(change))}) on the same {trace.m} example"
                 f"{'s' if trace.m > 1 else ''}."),
    }
    if trace.grad_check is None:
        out["check"] = ("The gradient check was not run: this network has too many "
                        "parameters for two forward passes each.")
    else:
        verdict = {
            "right": "below 1e-7: backpropagation agrees with the numeric derivative",
            "unclear": "between 1e-7 and 1e-3: most likely rounding in the numeric "
                       "derivative (largest next to gradients as small as these) or, with "
                       "ReLU, an example whose z sits within ε of the kink at 0; a bug in "
                       "backpropagation gives 1e-3 or more",
            "bug": "1e-3 or more: backpropagation and the numeric derivative disagree",
        }[trace.check_verdict]
        out["check"] = (f"Gradient check: ||g − g_approx|| / (||g|| + ||g_approx||) = "
                        f"{trace.grad_check:.2e}, {verdict}.")
    return out


def batch_columns(m_train: int, index: int, batch_size: int | None, whole: bool) -> np.ndarray:
    """The training columns of the step: the chosen example alone, or the current batch
    starting with it (the whole set in batch mode, else ``batch_size`` examples from it on,
    wrapping round), so column 0 is always the chosen example."""
    if not whole:
        return np.array([index])
    size = m_train if not batch_size else min(int(batch_size), m_train)
    return (index + np.arange(size)) % m_train
