"""The recorded run as an animated GIF: the picture and the cost curve, epoch by epoch.

Drawn with NumPy and Pillow directly (no Plotly, no browser), in palette mode from the start:
the picture's colours are the app's diverging scale (``figures.plane.colour_stops``) sampled
at PICTURE_LEVELS levels, plus a few fixed colours for the points, the curves and the text, so
no frame has to be quantized and a frame is one array lookup, a few lines and a caption.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from playground.figures.plane import colour_stops
from playground.figures.style import BLUE, ORANGE
from playground.figures.style import hex_rgb as _hex_rgb
from playground.recording import Recording

PICTURE_LEVELS = 200
# Palette indices after the picture's levels.
WHITE, BLACK, GREY, LIGHT, BLUE_DOT, ORANGE_DOT, TRAIN, TEST, EDGE = range(
    PICTURE_LEVELS, PICTURE_LEVELS + 9)
_FIXED = [(255, 255, 255), (20, 20, 20), (120, 120, 120), (225, 225, 225), _hex_rgb(BLUE),
          _hex_rgb(ORANGE), (51, 51, 51), (217, 112, 15), (40, 40, 40)]

PANEL = 300        # the picture and the curve are PANEL x PANEL pixels
MARGIN = 16
TOP = 50           # room for the caption
LEFT_AXIS = 46     # room for the cost axis labels
BOTTOM = 30


def palette() -> list[int]:
    """The GIF's 256-colour palette as a flat [r, g, b, ...] list."""
    stops = colour_stops()
    pos = np.array([p for p, _ in stops])
    v = np.linspace(0.0, 1.0, PICTURE_LEVELS)
    levels = np.stack([np.interp(v, pos, [c[k] for _, c in stops]) for k in range(3)], -1)
    colours = [tuple(round(x) for x in row) for row in levels] + _FIXED
    colours += [(0, 0, 0)] * (256 - len(colours))
    return [x for c in colours for x in c]


@functools.lru_cache(maxsize=8)
def _font(size: int):
    # Loading the built-in font costs more than drawing with it: once per size.
    return ImageFont.load_default(size)


class Layout:
    """Where everything goes, and the drawing that is the same in every frame."""

    def __init__(self, rec: Recording) -> None:
        self.rec = rec
        self.width = MARGIN + PANEL + MARGIN + LEFT_AXIS + PANEL + MARGIN
        self.height = TOP + PANEL + BOTTOM
        self.pic = (MARGIN, TOP)  # top-left corner of the picture
        self.plot = (MARGIN + PANEL + MARGIN + LEFT_AXIS, TOP)
        n2, n1 = rec.frames[0].grid.shape if rec.frames else (1, 1)
        self.dots = self._dots(n1, n2)
        self.base = self._base()
        self.curves = self._curves()

    def _dots(self, n1: int, n2: int) -> np.ndarray:
        # The training points as a layer over the picture: palette index, or 255 = none.
        layer = Image.new("L", (PANEL, PANEL), 255)
        draw = ImageDraw.Draw(layer)
        rec = self.rec
        x1s, x2s = rec.x1s, rec.x2s
        h1 = (x1s[-1] - x1s[0]) / max(1, n1 - 1) / 2
        h2 = (x2s[-1] - x2s[0]) / max(1, n2 - 1) / 2
        x0, x1, y0, y1 = x1s[0] - h1, x1s[-1] + h1, x2s[0] - h2, x2s[-1] + h2
        px = (rec.X[0] - x0) / (x1 - x0) * PANEL
        py = (y1 - rec.X[1]) / (y1 - y0) * PANEL
        for x, y, label in zip(px, py, rec.Y[0], strict=True):
            fill = ORANGE_DOT if label > 0.5 else BLUE_DOT
            draw.ellipse((x - 3, y - 3, x + 3, y + 3), fill=fill, outline=WHITE)
        return np.asarray(layer)

    def _base(self) -> Image.Image:
        img = Image.new("P", (self.width, self.height), WHITE)
        img.putpalette(palette())
        draw = ImageDraw.Draw(img)
        px, py = self.plot
        draw.rectangle((px, py, px + PANEL, py + PANEL), outline=LIGHT)
        font = _font(12)
        top = self.cost_top
        for k in range(5):  # cost ticks 0, top/4, ..., top
            y = py + PANEL - k * PANEL / 4
            draw.line((px, y, px + PANEL, y), fill=LIGHT)
            draw.text((px - 6, y), f"{top * k / 4:.3g}", fill=GREY, font=font, anchor="rm")
        last = self.last_epoch
        for k in range(5):
            x = px + k * PANEL / 4
            draw.text((x, py + PANEL + 4), f"{round(last * k / 4):,}", fill=GREY, font=font,
                      anchor="ma")
        draw.text((self.width - MARGIN, 12), self.rec.title, fill=GREY, font=_font(12),
                  anchor="ra")
        legend = "cost J: train (dark)" + (", test (orange)" if self.rec.test_cost
                                            and self.rec.test_cost[0] is not None else "")
        draw.text((px - LEFT_AXIS, py - 6), legend, fill=GREY, font=font, anchor="lb")
        return img

    @property
    def last_epoch(self) -> int:
        ends = [self.rec.frames[-1].epoch] if self.rec.frames else []
        return max([1, *ends, *(self.rec.epochs[-1:])])

    @property
    def cost_top(self) -> float:
        costs = [c for c in self.rec.train_cost + [c for c in self.rec.test_cost if c]
                 if np.isfinite(c)]
        return 1.05 * max(costs) if costs else 1.0

    def _curves(self) -> dict[str, tuple[np.ndarray, list]]:
        # (epochs, pixel points) of each curve, to cut at each frame's epoch.
        px, py = self.plot
        epochs = np.asarray(self.rec.epochs, dtype=float)
        out = {}
        for name, values in (("train", self.rec.train_cost), ("test", self.rec.test_cost)):
            if not values or values[0] is None:
                continue
            v = np.asarray(values, dtype=float)
            x = px + epochs / self.last_epoch * PANEL
            y = py + PANEL - np.clip(v / self.cost_top, 0.0, 1.0) * PANEL
            out[name] = (epochs, list(zip(x.tolist(), y.tolist(), strict=True)))
        return out

    def frame(self, k: int) -> Image.Image:
        """Frame k: the base, the picture at that epoch with its points, the curves so far."""
        f = self.rec.frames[k]
        img = self.base.copy()
        # Bilinear between the cell centres, as the app smooths its picture; row 0 at the top.
        smooth = Image.fromarray(f.grid[::-1]).resize((PANEL, PANEL), Image.Resampling.BILINEAR)
        picture = (np.asarray(smooth, dtype=np.int32) * (PICTURE_LEVELS - 1) // 255).astype(
            np.uint8)
        # The 0.5 threshold as a dark line where neighbouring pixels fall on either side.
        above = picture >= PICTURE_LEVELS // 2
        edge = np.zeros_like(above)
        edge[:, :-1] |= above[:, :-1] != above[:, 1:]
        edge[:-1, :] |= above[:-1, :] != above[1:, :]
        picture[edge] = EDGE
        picture = np.where(self.dots != 255, self.dots, picture).astype(np.uint8)
        img.paste(Image.fromarray(picture, "P"), self.pic)
        draw = ImageDraw.Draw(img)
        cost = None
        for name, (epochs, points) in self.curves.items():
            n = int(np.searchsorted(epochs, f.epoch, side="right"))
            if n >= 2:
                colour = TRAIN if name == "train" else TEST
                pts = points[:n]
                if name == "test":
                    pts = pts[:: max(1, len(pts) // 60)] if len(pts) > 120 else pts
                draw.line(pts, fill=colour, width=2 if name == "train" else 1)
            if name == "train" and n:
                cost = self.rec.train_cost[n - 1]
        caption = f"epoch {f.epoch:,}" + ("" if cost is None else f"    cost {cost:.4f}")
        draw.text((MARGIN, 8), caption, fill=BLACK, font=_font(16))
        return img


def render_gif(rec: Recording, seconds: float = 20.0,
               progress: Callable[[float], None] | None = None) -> bytes:
    """The recording as a looping GIF lasting about ``seconds`` (the last frame held 2 s
    more). ``progress(share)`` is called as frames are drawn (0 to 1)."""
    if not rec.frames:
        raise ValueError("The recording has no frames.")
    layout = Layout(rec)
    n = len(rec.frames)
    images = []
    for k in range(n):
        images.append(layout.frame(k))
        if progress is not None:
            progress((k + 1) / (n + 1))
    # GIF delays are counted in hundredths of a second.
    delay = max(20, round(seconds * 100 / n) * 10)
    durations = [delay] * (n - 1) + [delay + 2000]
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:],
                   duration=durations, loop=0, optimize=False, disposal=1)
    if progress is not None:
        progress(1.0)
    return buffer.getvalue()
