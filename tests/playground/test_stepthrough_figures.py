"""The step-through's figures: the block's layer is the one drawn strong, the units carry
the labels given, the hover tells w, dw and the new w, and the picker's points take clicks."""

from __future__ import annotations

import numpy as np

from engine import Network
from engine.stepthrough import trace_step
from playground.figures.stepthrough import FAINT, HIGHLIGHT, picker_figure, step_diagram
from playground.lessons import stepthrough as lesson


def _trace():
    rng = np.random.default_rng(4)
    net = Network([2, 3, 2, 1], ["tanh", "relu", "sigmoid"], init="xavier", seed=4)
    X, Y = rng.standard_normal((2, 1)), np.array([[1.0]])
    return net, trace_step(net, X, Y, "bce", 0.5)


def _figure(net, trace, i):
    block = trace[i]
    back = lesson.phase(block) == "backward"
    return step_diagram(net.layer_dims, lesson.unit_labels(trace, i), lesson.edge_values(trace, i),
                        layer=block.layer or trace.L, phase=lesson.phase(block),
                        params=trace.params_before, grads=trace.grads if back else None,
                        params_after=trace.params_after if block.kind == "update" else None)


def test_only_the_blocks_layer_is_drawn_strong():
    net, trace = _trace()
    fig = _figure(net, trace, 1)  # forward, layer 2: the 3 x 2 edges between layers 1 and 2
    strong = [t for t in fig.data if t.mode == "lines" and t.line.color != FAINT]
    xs = [x for t in strong for x in t.x if x is not None]
    assert xs
    assert all(1 < x < 2 for x in xs)  # every strong edge runs between columns 1 and 2
    assert sum(len([x for x in t.x if x is not None]) for t in strong) == 2 * 3 * 2
    frames = [s for s in fig.layout.shapes if s.line.color == HIGHLIGHT]
    assert len(frames) == 2  # layer 2's two units are framed


def test_units_show_the_lessons_labels_and_edges_hover_with_dw_and_the_new_w():
    net, trace = _trace()
    i = len(trace) - 1  # the last update
    fig = _figure(net, trace, i)
    labels = next(t for t in fig.data if t.name == "labels").text
    assert list(labels) == [t for layer in lesson.unit_labels(trace, i) for t in layer]
    assert labels[-1].startswith("dz = ")
    edges = next(t for t in fig.data if t.name == "edges").text
    first = edges[0]  # W[1] row 1, col 1
    assert first.startswith("W[1] row 1, col 1")
    assert f"dw = {trace.grads['dW1'][0, 0]:.4g}" in first
    assert f"new w = {trace.params_after['W1'][0, 0]:.4g}" in first


def test_forward_blocks_hide_the_gradients_not_yet_computed():
    net, trace = _trace()
    fig = _figure(net, trace, 0)
    edges = next(t for t in fig.data if t.name == "edges").text
    assert all("dw" not in text for text in edges)
    labels = next(t for t in fig.data if t.name == "labels").text
    assert labels[-1] == ""  # the output is not computed yet at layer 1's forward block


def test_the_picker_marks_the_chosen_example_and_leaves_clicks_to_the_points():
    x = np.linspace(-1, 1, 5)
    X = np.array([[0.0, 0.5, -0.5], [0.0, 0.5, 0.2]])
    Y = np.array([[0, 1, 1]])
    fig = picker_figure(x, x, np.full((5, 5), 0.5), X, Y, [2, 0])
    assert fig.data[0].hoverinfo == "skip"  # the heatmap does not take the click
    assert fig.data[1].name == "train"
    star = next(t for t in fig.data if t.name == "chosen")
    assert (list(star.x), list(star.y)) == ([-0.5], [0.2])


def test_a_large_network_gets_short_labels_except_on_the_blocks_layer():
    net, trace = _trace()
    assert not lesson.compact(net.layer_dims)
    assert lesson.compact([2, 8, 1])
    assert lesson.compact([2, 3, 3, 3, 1])
    labels = lesson.unit_labels(trace, 1, short=True)  # forward, layer 2
    assert all(t.startswith("a = ") and "z" not in t for t in labels[1])
    assert all(t.startswith("z = ") for t in labels[2])
    assert labels[2] == lesson.unit_labels(trace, 1)[2]
