"""A run's report as one PNG for a student to hand in: the setup, the final numbers, the
picture with its cost curve (drawn as the animation's last frame) and the accuracy curve.

``build_report`` returns the PNG's bytes and its layout (every text line with its position,
and the boxes of the figures), so a test can check what is where without reading pixels.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from playground import fields
from playground.animation import Layout, _font, palette
from playground.recording import Recording

WIDTH = 1040
PAD = 24
LINE = 20
SIDE_CHARS = 38  # characters per line in the side column (13 px type, 270 px wide)
CURVE = (694, 220)  # the accuracy panel's size
TRAIN, TEST, GREY, DARK, LIGHT = (51, 51, 51), (217, 112, 15), (120, 120, 120), (20, 20, 20), (
    225, 225, 225)
# Setup fields the Playground's report leaves out: the housing page's, and the speed.
_NOT_SHOWN = {"features", "housing_samples", "epochs_per_frame"}
# Pillow's built-in font has no Greek letters (and a server may have no other font).
_SPELLED = str.maketrans({"α": "alpha", "λ": "lambda"})


@dataclass
class ReportLayout:
    size: tuple[int, int]
    texts: list[tuple[int, int, str]] = field(default_factory=list)  # (x, y, line)
    boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # name: x0..y1

    def text(self) -> str:
        return "\n".join(t for _, _, t in self.texts)




def setup_lines(setup) -> list[str]:
    """'Label: value' for every setup field that shapes the run (the field table's labels)."""
    lines = []
    for spec in fields.PLAYGROUND.fields:
        if spec.group == "display" or spec.name in _NOT_SHOWN:
            continue
        label = spec.label.translate(_SPELLED)
        lines.append(f"{label}: {fields.fmt(getattr(setup, spec.name))}")
    return lines


def metric_lines(session) -> list[str]:
    """The final numbers: epoch, costs, accuracies (or RMSE), and a divergence if any."""
    last = session.trainer.last
    metric = "accuracy" if session.trainer.metric_name == "accuracy" else "RMSE"
    lines = [f"Epochs trained: {session.epoch:,}"]
    if not last:
        return [*lines, "Not trained yet."]

    def show(value, percent):
        if value is None:
            return "n/a"
        return f"{100 * value:.1f} %" if percent else f"{value:.4f}"

    percent = metric == "accuracy"
    lines += [f"Train cost J: {show(last['train_cost'], False)}",
              f"Test cost: {show(last['test_cost'], False)}",
              f"Train {metric}: {show(last['train_metric'], percent)}",
              f"Test {metric}: {show(last['test_metric'], percent)}"]
    if session.diverged:
        lines.append("Stopped: " + session.diverged)
    return lines


def history_snapshot(history: dict) -> dict:
    """A copy of a Trainer's history with every list cut to one length: the report is built
    on the download thread, maybe while training appends a row."""
    copied = {k: list(v) for k, v in history.items()}
    n = min((len(v) for v in copied.values()), default=0)
    return {k: v[:n] for k, v in copied.items()}


def session_recording(session, history: dict | None = None) -> Recording:
    """The session as it is now, as a one-frame recording (its picture, its history)."""
    data = session.data
    net = session.drawable_network()
    rec = Recording(np.asarray(data.x1s), np.asarray(data.x2s), data.X_train, data.Y_train,
                    title=repr(net).removeprefix("Network "))
    rec.add(session.drawable_epoch,
            net.forward(session.inputs(data.G)).reshape(len(data.x2s), len(data.x1s)))
    rec.set_history(history_snapshot(session.trainer.history) if history is None else history)
    return rec


def _metric_panel(draw: ImageDraw.ImageDraw, box, history: dict, label: str) -> None:
    x0, y0, x1, y1 = box
    font = _font(12)
    draw.rectangle(box, outline=LIGHT)
    epochs = np.asarray(history["epoch"], dtype=float)
    series = [("train", history["train_metric"], TRAIN), ("test", history["test_metric"], TEST)]
    values = [v for _, vs, _ in series for v in vs if v is not None and np.isfinite(v)]
    top = 1.0 if label == "accuracy" else (1.05 * max(values) if values else 1.0)
    for k in range(5):
        y = y1 - k * (y1 - y0) / 4
        draw.line((x0, y, x1, y), fill=LIGHT)
        tick = f"{100 * top * k / 4:.0f} %" if label == "accuracy" else f"{top * k / 4:.3g}"
        draw.text((x0 - 6, y), tick, fill=GREY, font=font, anchor="rm")
    last = max(1.0, float(epochs[-1])) if len(epochs) else 1.0
    for k in range(5):
        draw.text((x0 + k * (x1 - x0) / 4, y1 + 4), f"{round(last * k / 4):,}", fill=GREY,
                  font=font, anchor="ma")
    for _, vs, colour in series:
        if len(vs) < 2 or vs[0] is None:
            continue
        v = np.asarray(vs, dtype=float)
        xs = x0 + epochs / last * (x1 - x0)
        ys = y1 - np.clip(v / top, 0.0, 1.0) * (y1 - y0)
        draw.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=colour, width=2)


def build_report(session, title: str = "Neural Network Playground: my run"):
    """(PNG bytes, ReportLayout) of the session's run as it is now."""
    history = history_snapshot(session.trainer.history)
    rec = session_recording(session, history)
    frame = Layout(rec).frame(0)
    frame.putpalette(palette())
    setup_text = setup_lines(session.setup)
    metric_text = metric_lines(session)
    side_x = PAD + frame.width + PAD
    wrapped = sum(len(textwrap.wrap(t, SIDE_CHARS)) for t in setup_text + metric_text)
    text_height = LINE * (wrapped + 4)
    top = PAD + 40
    height = top + max(frame.height + 30 + CURVE[1], text_height) + PAD
    img = Image.new("RGB", (WIDTH, height), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    layout = ReportLayout((WIDTH, height))

    def write(x, y, text, size=15, fill=DARK):
        draw.text((x, y), text, fill=fill, font=_font(size))
        layout.texts.append((int(x), int(y), text))

    write(PAD, PAD, title, size=22)
    img.paste(frame.convert("RGB"), (PAD, top))
    layout.boxes["picture_and_cost"] = (PAD, top, PAD + frame.width, top + frame.height)
    label = "accuracy" if session.trainer.metric_name == "accuracy" else "RMSE"
    cy = top + frame.height + 30
    write(PAD, cy - 22, f"{label}: train (dark), test (orange)", size=12, fill=GREY)
    box = (PAD + 46, cy, PAD + CURVE[0] - 16, cy + CURVE[1] - 30)
    _metric_panel(draw, box, history, label)
    layout.boxes["metric"] = box
    y = top
    for heading, lines in (("Setup", setup_text), ("Final", metric_text)):
        write(side_x, y, heading, size=17)
        for line in lines:
            for part in textwrap.wrap(line, SIDE_CHARS, subsequent_indent="  "):
                y += LINE
                write(side_x, y, part, size=13)
        y += LINE * 2
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue(), layout
