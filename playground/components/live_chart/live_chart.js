// The live chart: a Streamlit (components v1) component written by hand, no build step.
//
// Protocol (postMessage with the Streamlit app that holds this iframe):
//   we send    {isStreamlitMessage: true, type: "streamlit:componentReady", apiVersion: 1}
//   we receive {type: "streamlit:render", args: {spec, base, frame, ...}}
//   we send    "streamlit:setFrameHeight" {height} and "streamlit:setComponentValue" {value}
//
// args.base  (only when the figures change): {spec, panels: [{name, width, kind, figure}]},
//            each figure a Plotly figure as JSON. Kind "plotly" is drawn with Plotly, kind
//            "curve" (training curves) on a canvas of our own (drawCurve), from the same JSON.
// args.frame (every frame): {spec, seq, status, stats: [{id, label, value}],
//            figures: {name: {traces: {index: {prop: value}}, data: [...], layout: {...}}}}
//            Only the numbers that move. Applied to the held figures and redrawn in place
//            (Plotly.react, layout.uirevision constant so a user's zoom stays; or drawCurve).
//            A figure with layout.meta.live_image gets {image: grid}: a uint8 grid painted
//            here into its layout image, and read by the picture's hover.
// Frames are coalesced with requestAnimationFrame: only the latest one is drawn.
// If a frame names a spec we do not hold (e.g. this iframe was reloaded), we ask Python for
// the base by setting our value {need_base: n}.
(function () {
  "use strict";
  const CONFIG = { displaylogo: false, responsive: true,
                   modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  const held = { spec: null, panels: {}, order: [] };
  window.liveChart = held;  // what is drawn, for the browser tests to read
  let pending = null;       // the latest frame not yet drawn
  let rafId = 0;
  let needBase = 0;
  let lastHeight = -1;
  let lastFrameKey = null;  // spec:seq of the last frame received
  // Counters read by the browser tests and the benchmark.
  window.liveStats = { renders: 0, repeats: 0, frames: 0, draws: 0, seq: -1, spec: null, errors: 0,
                       drawMs: 0, panelMs: {}, plotly: "no", lateMs: 0, behind: null,
                       acks: 0, paced: null };

  // Frames carry the server's send time (ms). The smallest arrival - sent seen so far is the
  // clocks' offset plus the network; what a frame shows above it is time it waited in a queue
  // (the server's, the network's, this page's). A page that falls BEHIND_MS behind (a slow or
  // busy computer) says so once (again only after the server pushed it again), and the server
  // then sends each frame only after the previous one is drawn (frame.ack), so a click such
  // as Pause never waits behind a backlog. Above a second: plotly.js's first evaluation
  // alone holds the page for about one.
  const BEHIND_MS = 2500;
  let minLag = Infinity;
  let lastTimedSeq = -1;
  let saidBehind = false;
  let wasPaced = false;

  function checkLate(frame) {
    // The server pushes again after pacing (this page kept up): it may fall behind again.
    if (frame.paced) { wasPaced = true; } else if (wasPaced) { wasPaced = saidBehind = false; }
    if (typeof frame.sent !== "number" || frame.ack || frame.seq <= lastTimedSeq) { return; }
    lastTimedSeq = frame.seq;
    const lag = Date.now() - frame.sent;
    minLag = Math.min(minLag, lag);
    window.liveStats.lateMs = lag - minLag;
    if (lag - minLag > BEHIND_MS && !saidBehind) {
      saidBehind = true;
      window.liveStats.behind = frame.seq;
      send("streamlit:setComponentValue",
           { value: withView({ behind: frame.seq, spec: held.spec }), dataType: "json" });
    }
  }

  // The boundary's visible range after a zoom ([x0, x1, y0, y1], null at full range): the
  // server then evaluates the picture's grid over it, so a zoom shows the boundary in
  // detail instead of the full-range grid's cells blown up. Every value we send carries it
  // (Streamlit keeps only the latest value).
  held.view = null;
  function withView(value) { return Object.assign(value, { view: held.view }); }

  function watchZoom(slot) {
    slot.div.on("plotly_relayout", function (ev) {
      const keys = Object.keys(ev || {});
      if (!keys.some(function (k) { return k.indexOf("axis") >= 0; })) { return; }
      const full = slot.div._fullLayout, xr = full.xaxis.range, yr = full.yaxis.range;
      const f = slot.fullRange, view = [+xr[0], +xr[1], +yr[0], +yr[1]];
      // Whole plane (or more) in sight: the data's own grid, no zoomed one.
      const whole = !f || (view[0] <= f[0] + 1e-9 && view[1] >= f[1] - 1e-9 &&
                           view[2] <= f[2] + 1e-9 && view[3] >= f[3] - 1e-9);
      if (whole) { view.length = 0; }
      const next = view.length ? view : null;
      if (JSON.stringify(next) === JSON.stringify(held.view)) { return; }
      held.view = next;
      send("streamlit:setComponentValue",
           { value: withView({ spec: held.spec, zoom: true }), dataType: "json" });
    });
  }

  function send(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
  }

  function setHeight() {
    const h = Math.ceil(document.getElementById("root").getBoundingClientRect().height) + 4;
    if (h !== lastHeight) { lastHeight = h; send("streamlit:setFrameHeight", { height: h }); }
  }

  function installBase(base) {
    const box = document.getElementById("panels");
    const names = base.panels.map(function (p) { return p.name + ":" + (p.kind || "plotly"); });
    const sameLayout = names.join("|") === held.order.join("|");
    if (sameLayout && base.spec === held.spec) {
      // The figures we hold, sent again (the server sends the base at the start of every
      // run of its loop, e.g. after Pause). Installing them again would put back the
      // pictures of when they were built until the frame that comes with them is drawn: a
      // picture that moves after Pause. The frame brings the moving parts.
      return;
    }
    if (!sameLayout) {
      box.textContent = "";
      held.panels = {};
      base.panels.forEach(function (p) {
        const div = document.createElement("div");
        div.className = "panel";
        div.id = "panel-" + p.name;
        box.appendChild(div);
        const slot = { div: div, fig: null, kind: p.kind || "plotly" };
        if (slot.kind === "curve") { makeCurve(slot); }
        held.panels[p.name] = slot;
      });
      held.order = names;
    }
    base.panels.forEach(function (p) {
      const slot = held.panels[p.name];
      slot.div.style.width = (100 * p.width) + "%";
      slot.div.style.height = ((p.figure.layout && p.figure.layout.height) || 400) + "px";
      slot.fig = { data: p.figure.data || [], layout: p.figure.layout || {} };
      slot.painted = null;  // the base's own picture now: the next frame's is painted
      slot.home = null;
      // The full range, copied before Plotly (which writes a zoom into this layout) sees it.
      const lx = slot.fig.layout.xaxis || {}, ly = slot.fig.layout.yaxis || {};
      slot.fullRange = lx.range && ly.range ? [+lx.range[0], +lx.range[1], +ly.range[0],
                                               +ly.range[1]] : null;
      if (slot.kind === "curve") {
        drawCurve(slot);
      } else {
        if (slot.fig.layout.meta && slot.fig.layout.meta.live_image) { takeOverHover(slot); }
        if (plotly === "ready") { showPlotly(slot); } else { drawPreview(slot); }
      }
    });
    held.spec = base.spec;
    window.liveStats.spec = base.spec;
    plotlySrc = base.plotly_src || plotlySrc;
    setHeight();
    if (plotly === "no" && (base.plotly === "eager" || base.panels.some(function (p) {
      return needsPlotly(p.figure); }))) {
      // After the first picture is on screen (rAF runs before the paint, the timeout after).
      window.requestAnimationFrame(function () { setTimeout(loadPlotly, 0); });
    }
  }

  // ---------------------------------------------------------------- Plotly, loaded late
  // plotly.min.js (4.8 MB) takes about a second to evaluate in a browser without a GPU, on
  // the main thread that the whole Streamlit page shares: a click in that second waits. So
  // the page starts without it: each Plotly panel is drawn on a canvas of our own (the
  // boundary's picture, points, axes and colour bar; the network diagram's pictures, edges
  // and labels), live like the rest. Plotly (hover, zoom, pan, download) is loaded when the
  // pointer comes over one of those panels, or once the page has been idle (not playing)
  // for IDLE_LOAD_MS; a base with plotly "eager" (the Housing page) loads it right after
  // the first paint.
  const IDLE_LOAD_MS = 1200;
  let plotly = "no";  // "no", "loading", "ready" or "failed"
  let plotlySrc = "";  // base.plotly_src: where Streamlit serves the plotly package's file
  let idleTimer = 0;

  // A figure our preview cannot draw (layout.meta.needs_plotly: the gradients panel's bars
  // on many axes) loads plotly.js at once; until then it says "Drawing…".
  function needsPlotly(fig) {
    const meta = fig && fig.layout && fig.layout.meta;
    return !!(meta && meta.needs_plotly);
  }

  function loadPlotly() {
    if (plotly !== "no") { return; }
    plotly = window.liveStats.plotly = "loading";
    clearTimeout(idleTimer);
    const script = document.createElement("script");
    script.src = plotlySrc;
    script.onload = function () {
      plotly = window.liveStats.plotly = "ready";
      Object.keys(held.panels).forEach(function (name) {
        const slot = held.panels[name];
        if (slot.kind !== "curve" && slot.fig) { showPlotly(slot); }
      });
      setHeight();
    };
    script.onerror = function () {
      plotly = window.liveStats.plotly = "failed";
      Object.keys(held.panels).forEach(function (name) {
        const slot = held.panels[name];
        if (slot.preview) { drawPreview(slot); }
      });
    };
    document.head.appendChild(script);
  }

  // Called with each drawn frame: while training plays, Plotly waits; once it stops, a
  // timer loads it.
  function plotlyWhenIdle(playing) {
    if (plotly !== "no") { return; }
    clearTimeout(idleTimer);
    idleTimer = playing ? 0 : setTimeout(loadPlotly, IDLE_LOAD_MS);
  }

  function showPlotly(slot) {
    if (slot.preview) { slot.preview.remove(); slot.preview = null; }
    Plotly.react(slot.div, slot.fig.data, slot.fig.layout, CONFIG);
    const live = slot.fig.layout.meta && slot.fig.layout.meta.live_image;
    if (live && !slot.hoverBound) { bindPictureHover(slot); watchZoom(slot); }
  }

  // A figure's array as numbers: a list, or plotly.py's {dtype, bdata} (base64) encoding.
  const TYPED = { f8: Float64Array, f4: Float32Array, i1: Int8Array, u1: Uint8Array,
                  i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array };
  function numbers(v) {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) { return v; }
    if (v && typeof v.bdata === "string" && TYPED[v.dtype]) {
      const bin = atob(v.bdata), bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
      return new TYPED[v.dtype](bytes.buffer);
    }
    return [];
  }
  function pick(v, i) { return Array.isArray(v) || ArrayBuffer.isView(v) ? v[i] : v; }

  const pictures = new Map();  // data URL -> decoded Image, for the diagram's unit pictures
  function picture(source, slot) {
    let img = pictures.get(source);
    if (!img) {
      if (pictures.size > 500) { pictures.clear(); }
      img = new Image();
      img.onload = function () { if (slot.preview) { drawPreview(slot); } };
      img.src = source;
      pictures.set(source, img);
    }
    return img.complete && img.naturalWidth ? img : null;
  }

  function drawPreview(slot) {
    if (!slot.preview) {
      slot.preview = document.createElement("canvas");
      slot.preview.style.display = "block";
      slot.div.appendChild(slot.preview);
      slot.div.addEventListener("pointerenter", loadPlotly);
    }
    const layout = slot.fig.layout || {};
    const { ctx, W, H, size, margin } = startCanvas(slot.preview, slot.div, layout);
    drawTitle(ctx, layout, W, margin, size);
    const xr = (layout.xaxis || {}).range, yr = (layout.yaxis || {}).range;
    const failed = plotly === "failed";
    if (!xr || !yr || needsPlotly(slot.fig)) {
      ctx.fillStyle = "#8a8fa0";
      ctx.font = size + "px " + FACE;
      ctx.textAlign = "center";
      ctx.fillText(failed ? "This figure could not be loaded: reload the page." : "Drawing…",
                   W / 2, H / 2);
    } else {
      if (layout.meta && layout.meta.live_image) {
        previewBoundary(ctx, slot, layout, W, H, margin, size, xr, yr);
      } else {
        previewFigure(ctx, slot, layout, W, H, margin, xr, yr);
      }
      if (failed) {
        ctx.fillStyle = "#a01818";
        ctx.font = (size - 2) + "px " + FACE;
        ctx.textAlign = "center";
        ctx.textBaseline = "bottom";
        ctx.fillText("plotly.js did not load: no hover or zoom (reload the page)", W / 2, H - 2);
      }
    }
  }

  // The boundary as Plotly lays it out: a square plot (x1 and x2 on one scale) left of a
  // colour bar, the picture under the data points, ticks and axis titles.
  function previewBoundary(ctx, slot, layout, W, H, margin, size, xr, yr) {
    // No colour bar when the heatmap hides its scale (compare mode's small pictures).
    const bar = (slot.fig.data[0] || {}).showscale === false ? 0 : 90;
    const spec = layout.meta.live_image;
    const side = Math.min(W - margin.l - margin.r - bar, H - margin.t - margin.b);
    const left = margin.l + (W - margin.l - margin.r - bar - side) / 2;
    const top = margin.t + (H - margin.t - margin.b - side) / 2;
    const X = function (x) { return left + (x - xr[0]) / (xr[1] - xr[0]) * side; };
    const Y = function (y) { return top + (yr[1] - y) / (yr[1] - yr[0]) * side; };
    if (slot.picture && slot.picture.width) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(slot.picture, left, top, side, side);
    }
    ctx.font = size + "px " + FACE;
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ticksFor(xr[0], xr[1], 5, false).forEach(function (x) {
      ctx.fillText(tickLabel(x), X(x), top + side + 6);
    });
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ticksFor(yr[0], yr[1], 5, false).forEach(function (y) {
      ctx.fillText(tickLabel(y), left - 6, Y(y));
    });
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(textOf((layout.xaxis || {}).title), left + side / 2, top + side + size + 14);
    ctx.save();
    ctx.translate(left - 44, top + side / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(textOf((layout.yaxis || {}).title), 0, 0);
    ctx.restore();
    if (spec.classes) {
      previewClassLegend(ctx, spec, left + side + 18, top + side * 0.1, size);
    } else if (bar) {
      previewColourBar(ctx, spec, left, top, side);
    }
    previewPoints(ctx, slot, X, Y);
  }

  // K classes: one square of each class's colour with its name, where the bar would be.
  function previewClassLegend(ctx, spec, bx, by, size) {
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    spec.classes.forEach(function (rgb, k) {
      const y = by + k * (size + 8);
      ctx.fillStyle = "rgb(" + rgb.join(",") + ")";
      ctx.fillRect(bx, y - 6, 12, 12);
      ctx.fillStyle = INK;
      ctx.fillText("class " + k, bx + 18, y);
    });
  }

  function previewColourBar(ctx, spec, left, top, side) {
    // The colour bar: the stops from 0 (bottom) to 1 (top).
    const bx = left + side + 18, bh = side * 0.8, by = top + side * 0.1;
    const gradient = ctx.createLinearGradient(0, by + bh, 0, by);
    spec.stops.forEach(function (st) {
      gradient.addColorStop(st[0], "rgb(" + st[1].join(",") + ")");
    });
    ctx.fillStyle = gradient;
    ctx.fillRect(bx, by, 12, bh);
    ctx.fillStyle = INK;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    [0, 0.2, 0.4, 0.6, 0.8, 1].forEach(function (v) {
      ctx.fillText(tickLabel(v), bx + 18, by + bh * (1 - v));
    });
    ctx.textBaseline = "bottom";
    ctx.fillText("output", bx - 4, by - 6);
  }

  function previewPoints(ctx, slot, X, Y) {
    // The data points: train (and test when shown), as Plotly draws them.
    for (let t = 1; t < slot.fig.data.length; t++) {
      const tr = slot.fig.data[t], xs = numbers(tr.x), ys = numbers(tr.y);
      const mk = tr.marker || {}, open = String(mk.symbol || "").endsWith("-open");
      for (let i = 0; i < xs.length; i++) {
        const colour = pick(mk.color, i) || INK;
        ctx.beginPath();
        if (open) {
          const r = 4;
          ctx.moveTo(X(xs[i]), Y(ys[i]) - r); ctx.lineTo(X(xs[i]) + r, Y(ys[i]));
          ctx.lineTo(X(xs[i]), Y(ys[i]) + r); ctx.lineTo(X(xs[i]) - r, Y(ys[i]));
          ctx.closePath();
          ctx.strokeStyle = colour;
          ctx.lineWidth = 2;
        } else {
          ctx.arc(X(xs[i]), Y(ys[i]), (mk.size || 7) / 2, 0, 2 * Math.PI);
          ctx.fillStyle = colour;
          ctx.fill();
          ctx.strokeStyle = "white";
          ctx.lineWidth = 1;
        }
        ctx.stroke();
      }
    }
  }

  // Any figure with fixed ranges and hidden axes (the network diagram): its layout images,
  // line and marker traces and annotations, placed as Plotly places them.
  function previewFigure(ctx, slot, layout, W, H, margin, xr, yr) {
    const pw = W - margin.l - margin.r, ph = H - margin.t - margin.b;
    const X = function (x) { return margin.l + (x - xr[0]) / (xr[1] - xr[0]) * pw; };
    const Y = function (y) { return margin.t + (yr[1] - y) / (yr[1] - yr[0]) * ph; };
    slot.fig.data.forEach(function (tr) {
      const xs = numbers(tr.x), ys = numbers(tr.y), mode = tr.mode || "lines";
      ctx.globalAlpha = tr.opacity === undefined ? 1 : tr.opacity;
      if (mode.indexOf("lines") >= 0) {
        const line = tr.line || {};
        ctx.strokeStyle = line.color || INK;
        ctx.lineWidth = line.width || 2;
        ctx.beginPath();
        let pen = false;
        for (let i = 0; i < xs.length; i++) {
          if (xs[i] === null || ys[i] === null) { pen = false; continue; }
          if (pen) { ctx.lineTo(X(xs[i]), Y(ys[i])); } else { ctx.moveTo(X(xs[i]), Y(ys[i])); }
          pen = true;
        }
        ctx.stroke();
      }
      const mk = tr.marker || {};
      if (mode.indexOf("markers") >= 0 && mk.opacity !== 0) {
        for (let i = 0; i < xs.length; i++) {
          const r = (pick(mk.size, i) || 6) / 2, x = X(xs[i]), y = Y(ys[i]);
          ctx.fillStyle = pick(mk.color, i) || INK;
          ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
          if (mk.line && mk.line.width) {
            ctx.strokeStyle = mk.line.color || INK;
            ctx.lineWidth = mk.line.width;
            ctx.strokeRect(x - r, y - r, 2 * r, 2 * r);
          }
        }
      }
    });
    ctx.globalAlpha = 1;
    (layout.images || []).forEach(function (im) {
      const img = im.xref === "x" && im.yref === "y" ? picture(im.source, slot) : null;
      if (img) {
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(img, X(im.x), Y(im.y), X(im.x + im.sizex) - X(im.x),
                      Y(im.y - im.sizey) - Y(im.y));
      }
    });
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    (layout.annotations || []).forEach(function (a) {
      const px = ((a.font && a.font.size) || 13);
      ctx.font = px + "px " + FACE;
      ctx.textAlign = a.xanchor === "left" || a.xanchor === "right" ? a.xanchor : "center";
      const lines = String(a.text || "").split("<br>");
      lines.forEach(function (text, k) {
        ctx.fillText(text, X(a.x), Y(a.y) - (a.yshift || 0) - (lines.length - 1 - k) * (px + 2));
      });
    });
  }

  // Paint a uint8 grid (row 0 = bottom) into a PNG data URL, exactly as figures.py's
  // boundary_rgba does: bilinear upsampling, colour stops, the 0.5 line drawn dark.
  const canvas = document.createElement("canvas");
  function paintGrid(grid, spec, slot) {
    if (spec.classes) { return paintClasses(grid, spec, slot); }
    const bytes = Uint8Array.from(atob(grid.b64), function (c) { return c.charCodeAt(0); });
    slot.grid = { bytes: bytes, rows: grid.rows, cols: grid.cols, extent: grid.extent || null };
    const n2 = grid.rows, n1 = grid.cols, up = spec.up, H = n2 * up, W = n1 * up;
    canvas.width = W; canvas.height = H;
    const ctx = canvas.getContext("2d");
    const img = ctx.createImageData(W, H);
    const px = img.data, stops = spec.stops, line = spec.line;
    const V = new Float32Array(W * H);
    for (let i = 0; i < H; i++) {
      const r = Math.min(Math.max((H - 1 - i + 0.5) / up - 0.5, 0), n2 - 1);  // flip rows
      const r0 = Math.floor(r), r1 = Math.min(r0 + 1, n2 - 1), fr = r - r0;
      for (let j = 0; j < W; j++) {
        const c = Math.min(Math.max((j + 0.5) / up - 0.5, 0), n1 - 1);
        const c0 = Math.floor(c), c1 = Math.min(c0 + 1, n1 - 1), fc = c - c0;
        const top = bytes[r0 * n1 + c0] * (1 - fc) + bytes[r0 * n1 + c1] * fc;
        const bot = bytes[r1 * n1 + c0] * (1 - fc) + bytes[r1 * n1 + c1] * fc;
        V[i * W + j] = (top * (1 - fr) + bot * fr) / 255;
      }
    }
    for (let k = 0; k < W * H; k++) {
      const v = V[k];
      let rgb;
      if (spec.step) {
        rgb = v >= 0.5 ? stops[stops.length - 1][1] : stops[0][1];
      } else {
        let s = 1;
        while (s < stops.length - 1 && v > stops[s][0]) { s++; }
        const a = stops[s - 1], b = stops[s];
        const t = b[0] > a[0] ? Math.min(Math.max((v - a[0]) / (b[0] - a[0]), 0), 1) : 0;
        rgb = [a[1][0] + t * (b[1][0] - a[1][0]), a[1][1] + t * (b[1][1] - a[1][1]),
               a[1][2] + t * (b[1][2] - a[1][2])];
      }
      const j = k % W, above = v >= 0.5;
      if ((j < W - 1 && above !== (V[k + 1] >= 0.5)) ||
          (k + W < W * H && above !== (V[k + W] >= 0.5))) { rgb = line; }
      px[4 * k] = Math.round(rgb[0]); px[4 * k + 1] = Math.round(rgb[1]);
      px[4 * k + 2] = Math.round(rgb[2]); px[4 * k + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    return canvas.toDataURL("image/png");
  }

  // K classes (spec.classes: their colours): the grid holds K uint8 grids of a_k, one after
  // the other. Painted as figures/multiclass.py's region_rgba does: each a_k upsampled
  // bilinearly, the pixel takes the largest one's class, its confidence (from 1/K to 1)
  // sets how much of the class colour is mixed into white (spec.tints), and a dark line
  // marks where the class changes.
  function paintClasses(grid, spec, slot) {
    const bytes = Uint8Array.from(atob(grid.b64), function (c) { return c.charCodeAt(0); });
    const n2 = grid.rows, n1 = grid.cols, K = grid.channels || spec.classes.length;
    slot.grid = { bytes: bytes, rows: n2, cols: n1, channels: K, extent: grid.extent || null };
    const up = spec.up, H = n2 * up, W = n1 * up, cell = n1 * n2;
    canvas.width = W; canvas.height = H;
    const ctx = canvas.getContext("2d");
    const img = ctx.createImageData(W, H);
    const px = img.data, pal = spec.classes, line = spec.line;
    const lo = spec.tints[0], hi = spec.tints[1];
    const cls = new Uint8Array(W * H), share = new Float32Array(W * H);
    // The interpolation's rows and columns, once per axis.
    const cr0 = new Int32Array(W), cr1 = new Int32Array(W), cf = new Float32Array(W);
    for (let j = 0; j < W; j++) {
      const c = Math.min(Math.max((j + 0.5) / up - 0.5, 0), n1 - 1);
      cr0[j] = Math.floor(c); cr1[j] = Math.min(cr0[j] + 1, n1 - 1); cf[j] = c - cr0[j];
    }
    for (let i = 0; i < H; i++) {
      const r = Math.min(Math.max((H - 1 - i + 0.5) / up - 0.5, 0), n2 - 1);  // flip rows
      const r0 = Math.floor(r), r1 = Math.min(r0 + 1, n2 - 1), fr = r - r0;
      for (let j = 0; j < W; j++) {
        const c0 = cr0[j], c1 = cr1[j], fc = cf[j];
        let best = -1, top = -1;
        for (let k = 0; k < K; k++) {
          const o = k * cell;
          const a = (bytes[o + r0 * n1 + c0] * (1 - fc) + bytes[o + r0 * n1 + c1] * fc) * (1 - fr) +
            (bytes[o + r1 * n1 + c0] * (1 - fc) + bytes[o + r1 * n1 + c1] * fc) * fr;
          if (a > top) { top = a; best = k; }
        }
        const conf = Math.min(Math.max((top / 255 - 1 / K) / (1 - 1 / K), 0), 1);
        cls[i * W + j] = best;
        share[i * W + j] = lo + (hi - lo) * conf;
      }
    }
    for (let k = 0; k < W * H; k++) {
      const j = k % W, c = cls[k], t = share[k];
      let rgb = pal[c] || pal[0];
      rgb = [255 * (1 - t) + rgb[0] * t, 255 * (1 - t) + rgb[1] * t, 255 * (1 - t) + rgb[2] * t];
      if ((j < W - 1 && c !== cls[k + 1]) || (k + W < W * H && c !== cls[k + W])) { rgb = line; }
      px[4 * k] = Math.round(rgb[0]); px[4 * k + 1] = Math.round(rgb[1]);
      px[4 * k + 2] = Math.round(rgb[2]); px[4 * k + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    return canvas.toDataURL("image/png");
  }

  // The class and its a_k under the pointer, from a K-class grid (see paintClasses).
  function classAt(g, row, col) {
    const cell = g.rows * g.cols;
    let best = 0, top = -1;
    for (let k = 0; k < g.channels; k++) {
      const a = g.bytes[k * cell + row * g.cols + col];
      if (a > top) { top = a; best = k; }
    }
    return "class " + best + ", a = " + (top / 255).toFixed(2);
  }

  // ---------------------------------------------------------------- canvas curves
  // Panels of kind "curve" (the training curves) are drawn on a canvas of our own: a
  // Plotly.react of even a two-trace line chart costs 10-15 ms in a browser without a GPU,
  // this well under one. What to draw comes from the same Plotly figure JSON: the title,
  // the axis titles, the y axis type ("log") and range, and each trace's x, y, name and line
  // (color, width, dash). Hovering shows the values at the nearest epoch.
  const INK = "#2a3f5f", GRID = "#ebf0f8", FACE = '"Open Sans", verdana, arial, sans-serif';

  function textOf(v) { return v && typeof v === "object" ? (v.text || "") : (v || ""); }

  // Size a panel's canvas to its div (sharp on high-DPI screens), clear it, and read what
  // every drawing needs from the figure's layout: font size and margins (Plotly's defaults).
  function startCanvas(c, div, layout) {
    const W = Math.max(div.clientWidth - 4, 100), H = (layout.height || 400) - 4;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(W * dpr) || c.height !== Math.round(H * dpr)) {
      c.width = Math.round(W * dpr);
      c.height = Math.round(H * dpr);
      c.style.width = W + "px";
      c.style.height = H + "px";
    }
    const ctx = c.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    return { ctx: ctx, W: W, H: H, size: (layout.font && layout.font.size) || 13,
             margin: Object.assign({ l: 50, r: 15, t: 40, b: 45 }, layout.margin || {}) };
  }

  // The figure's title (its first line) where Plotly's template puts it: top left.
  function drawTitle(ctx, layout, W, margin, size) {
    // In the title's own colour if it has one (compare mode: each run's), as Plotly does.
    const font = ((layout.title || {}).font || {});
    ctx.fillStyle = font.color || INK;
    ctx.font = Math.round(size * 1.4) + "px " + FACE;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(textOf(layout.title).split("<br>")[0], Math.round(0.05 * W), margin.t / 2);
  }

  function niceStep(span, count) {
    const raw = span / Math.max(count, 1);
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  }

  // Ticks in axis units (log10 of the value on a log axis) between lo and hi.
  function ticksFor(lo, hi, count, log) {
    if (log) {
      for (const mults of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
        const out = [];
        for (let e = Math.floor(lo) - 1; e <= Math.ceil(hi); e++) {
          mults.forEach(function (m) {
            const u = e + Math.log10(m);
            if (u >= lo - 1e-9 && u <= hi + 1e-9) { out.push(u); }
          });
        }
        if (out.length >= 2 && out.length <= 2 * count) { return out; }
        if (out.length > 2 * count) { break; }
      }
      return ticksFor(Math.pow(10, lo), Math.pow(10, hi), count, false).filter(function (v) {
        return v > 0;
      }).map(Math.log10);
    }
    const step = niceStep(hi - lo, count), out = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
      out.push(k * step);
    }
    return out;
  }

  // A log axis's ends (log10 units) moved out to the nearest ticks of the kind ticksFor
  // will draw on that span: a curve reaching 0.24 gets a 0.2 tick, not a lowest tick of 0.3.
  function logEnds(lo, hi) {
    const span = hi - lo;
    const mults = span > 2 ? [1] : span > 0.7 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
    let a = -Infinity, b = Infinity;
    for (let e = Math.floor(lo) - 1; e <= Math.ceil(hi) + 1; e++) {
      mults.forEach(function (m) {
        const u = e + Math.log10(m);
        if (u <= lo + 1e-9) { a = Math.max(a, u); }
        if (u >= hi - 1e-9) { b = Math.min(b, u); }
      });
    }
    return [isFinite(a) ? a : lo, isFinite(b) ? b : hi];
  }

  function tickLabel(v) {
    const a = Math.abs(v);
    if (a >= 10000) { return +(v / 1000).toPrecision(4) + "k"; }
    if (a === 0) { return "0"; }
    return String(+v.toPrecision(4));
  }

  function valueLabel(v) {
    if (v === null || v === undefined || !isFinite(v)) { return "–"; }
    return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : v.toFixed(4);
  }

  // The epoch axis of a curve, a display choice of this page: all epochs (linear), a log
  // scale of the epochs (the first hundred epochs get as much room as the next thousands),
  // or the last WINDOW epochs (what happens now, not squashed to the left edge).
  const WINDOW = 500;
  const X_MODES = [["all", "all epochs"], ["log", "log epochs"],
                   ["window", "last " + WINDOW + " epochs"]];

  function makeCurve(slot) {
    const canvas = document.createElement("canvas");
    canvas.style.display = "block";
    slot.div.appendChild(canvas);
    slot.canvas = canvas;
    slot.hoverX = null;
    slot.xmode = "all";
    const pick = document.createElement("select");
    pick.className = "xmode";
    pick.setAttribute("aria-label", "Epoch axis");
    X_MODES.forEach(function (m) {
      const o = document.createElement("option");
      o.value = m[0]; o.textContent = m[1];
      pick.appendChild(o);
    });
    pick.addEventListener("change", function () { slot.xmode = pick.value; drawCurve(slot); });
    slot.div.style.position = "relative";
    slot.div.appendChild(pick);
    canvas.addEventListener("mousemove", function (ev) {
      const box = canvas.getBoundingClientRect(), g = slot.geometry;
      if (!g) { return; }
      const px = ev.clientX - box.left, py = ev.clientY - box.top;
      const inside = px >= g.left && px <= g.right && py >= g.top && py <= g.bottom;
      slot.hoverX = inside ? g.fromPx(px) : null;
      slot.hoverY = py;
      drawCurve(slot);
    });
    canvas.addEventListener("mouseleave", function () { slot.hoverX = null; drawCurve(slot); });
  }

  function nearestIndex(xs, x) {
    let lo = 0, hi = xs.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < x) { lo = mid; } else { hi = mid; }
    }
    return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
  }

  function drawCurve(slot) {
    const fig = slot.fig, layout = fig.layout || {}, yaxis = layout.yaxis || {};
    const { ctx, W, H, size, margin } = startCanvas(slot.canvas, slot.div, layout);
    const font = function (px) { return px + "px " + FACE; };
    const log = yaxis.type === "log";
    const traces = (fig.data || []).filter(function (t) { return t.visible !== false; });
    const usable = function (y) {
      return y !== null && y !== undefined && isFinite(y) && (!log || y > 0);
    };

    // Ranges: x over the epochs (in the epoch axis's units: xu); y over the values (5 %
    // padding) or the figure's own range.
    const xmode = slot.xmode || "all", xlog = xmode === "log";
    const xu = xlog ? function (x) { return Math.log10(Math.max(x, 1)); }
      : function (x) { return x; };
    let last = -Infinity;
    traces.forEach(function (t) {
      (t.x || []).forEach(function (x) { if (isFinite(x)) { last = Math.max(last, x); } });
    });
    const first = xmode === "window" ? last - WINDOW : -Infinity;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    traces.forEach(function (t) {
      const xs = t.x || [], ys = t.y || [];
      for (let i = 0; i < ys.length; i++) {
        if (!usable(ys[i]) || xs[i] < first) { continue; }
        const u = log ? Math.log10(ys[i]) : ys[i];
        x0 = Math.min(x0, xu(xs[i])); x1 = Math.max(x1, xu(xs[i]));
        y0 = Math.min(y0, u); y1 = Math.max(y1, u);
      }
    });
    if (!isFinite(x0)) { x0 = 0; x1 = 1; }
    if (x1 <= x0) { x1 = x0 + 1; }
    if (Array.isArray(yaxis.range) && yaxis.range.length === 2) {
      y0 = yaxis.range[0]; y1 = yaxis.range[1];
    } else if (!isFinite(y0)) {
      y0 = 0; y1 = 1;
    } else {
      const pad = (y1 - y0) * 0.05 || Math.max(Math.abs(y1) * 0.05, 0.05);
      y0 -= pad; y1 += pad;
      if (log) {  // out to the next tick, so the lowest value always has a tick below it
        const ends = logEnds(y0, y1);
        y0 = ends[0]; y1 = ends[1];
      }
    }

    // Layout: tick labels decide the left margin; the title and legend sit above the plot.
    const yTicks = ticksFor(y0, y1, Math.max(2, Math.floor((H - margin.t - margin.b) / 40)), log);
    ctx.font = font(size);
    const labelW = Math.max.apply(null, yTicks.map(function (u) {
      return ctx.measureText(tickLabel(log ? Math.pow(10, u) : u)).width;
    }).concat([0]));
    const g = { left: Math.max(margin.l, Math.ceil(labelW + size * 1.6 + 10)),
                right: W - margin.r, top: margin.t, bottom: H - margin.b,
                x0: x0, x1: x1 };
    g.fromPx = function (px) {
      const u = x0 + (px - g.left) / (g.right - g.left) * (x1 - x0);
      return xlog ? Math.pow(10, u) : u;
    };
    slot.geometry = g;
    slot.yTicks = yTicks.map(function (u) { return log ? Math.pow(10, u) : u; });
    const X = function (x) { return g.left + (xu(x) - x0) / (x1 - x0) * (g.right - g.left); };
    const Y = function (u) { return g.bottom - (u - y0) / (y1 - y0) * (g.bottom - g.top); };

    // Grid and tick labels.
    ctx.lineWidth = 1;
    ctx.strokeStyle = GRID;
    ctx.fillStyle = INK;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    yTicks.forEach(function (u) {
      const y = Math.round(Y(u)) + 0.5;
      ctx.beginPath(); ctx.moveTo(g.left, y); ctx.lineTo(g.right, y); ctx.stroke();
      ctx.fillText(tickLabel(log ? Math.pow(10, u) : u), g.left - 6, y);
    });
    const xTicks = ticksFor(x0, x1, Math.max(2, Math.floor((g.right - g.left) / 90)), xlog)
      .map(function (u) { return xlog ? Math.pow(10, u) : u; });
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    xTicks.forEach(function (x) {
      const px = Math.round(X(x)) + 0.5;
      ctx.beginPath(); ctx.moveTo(px, g.top); ctx.lineTo(px, g.bottom); ctx.stroke();
      ctx.fillText(tickLabel(x), px, g.bottom + 5);
    });

    // Axis titles, the figure's title (top left) and the legend (top right).
    const xTitle = textOf((layout.xaxis || {}).title), yTitle = textOf(yaxis.title);
    ctx.textBaseline = "bottom";
    ctx.fillText(xTitle, (g.left + g.right) / 2, H - 2);
    ctx.save();
    ctx.translate(size * 0.2, (g.top + g.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "top";
    ctx.fillText(yTitle, 0, 0);
    ctx.restore();
    drawTitle(ctx, layout, W, margin, size);
    ctx.font = font(size);
    let lx = g.right;
    // A figure may list its own legend (layout.meta.legend: [{name, line}]), e.g. compare
    // mode's one entry per run and one per line style instead of one per trace.
    const legend = layout.meta && layout.meta.legend;
    (legend || traces).slice().reverse().forEach(function (t) {
      if (!legend && !(t.y || []).some(usable)) { return; }
      const label = t.name || "";
      lx -= ctx.measureText(label).width;
      ctx.fillText(label, lx, margin.t / 2);
      lx -= 36;
      strokeLine(ctx, t.line || {}, [[lx + 4, margin.t / 2], [lx + 30, margin.t / 2]]);
      lx -= 16;
    });

    // The curves, clipped to the plot area.
    ctx.save();
    ctx.beginPath();
    ctx.rect(g.left, g.top, g.right - g.left, g.bottom - g.top);
    ctx.clip();
    traces.forEach(function (t) {
      const xs = t.x || [], ys = t.y || [], points = [];
      for (let i = 0; i < ys.length; i++) {
        if (usable(ys[i])) {
          points.push([X(xs[i]), Y(log ? Math.log10(ys[i]) : ys[i])]);
        } else if (points.length) {
          strokeLine(ctx, t.line || {}, points.splice(0));
        }
      }
      strokeLine(ctx, t.line || {}, points);
    });
    ctx.restore();

    if (slot.hoverX !== null && traces.length && (traces[0].x || []).length) {
      drawHover(ctx, slot, traces, X, Y, log, g, size, font, usable);
    }
  }

  function strokeLine(ctx, line, points) {
    if (!points.length) { return; }
    const w = line.width || 2;
    ctx.save();
    ctx.strokeStyle = line.color || INK;
    ctx.lineWidth = w;
    ctx.lineJoin = "round";
    ctx.setLineDash(line.dash === "dot" ? [w, 1.5 * w] :
                    line.dash === "dash" ? [3 * w, 2 * w] : []);
    ctx.beginPath();
    ctx.moveTo(points[0][0], points[0][1]);
    for (let i = 1; i < points.length; i++) { ctx.lineTo(points[i][0], points[i][1]); }
    if (points.length === 1) { ctx.lineTo(points[0][0] + 0.01, points[0][1]); }
    ctx.stroke();
    ctx.restore();
  }

  function drawHover(ctx, slot, traces, X, Y, log, g, size, font, usable) {
    const xs = traces[0].x, i = nearestIndex(xs, slot.hoverX), x = xs[i], px = X(x);
    ctx.save();
    ctx.strokeStyle = "#9aa3b5";
    ctx.setLineDash([4, 3]);
    ctx.beginPath(); ctx.moveTo(px, g.top); ctx.lineTo(px, g.bottom); ctx.stroke();
    ctx.setLineDash([]);
    const lines = [["epoch " + Math.round(x).toLocaleString("en-US"), null]];
    traces.forEach(function (t) {
      const y = (t.y || [])[i];
      if (!usable(y) || (t.x || [])[i] !== x) { return; }
      ctx.fillStyle = (t.line || {}).color || INK;
      ctx.beginPath(); ctx.arc(px, Y(log ? Math.log10(y) : y), 4, 0, 2 * Math.PI); ctx.fill();
      lines.push([(t.name || "") + "  " + valueLabel(y), (t.line || {}).color || INK]);
    });
    ctx.font = font(size - 1);
    const w = Math.max.apply(null, lines.map(function (l) {
      return ctx.measureText(l[0]).width;
    })) + 16;
    const h = lines.length * (size + 3) + 8;
    let bx = px + 12;
    if (bx + w > g.right) { bx = px - 12 - w; }
    const by = Math.min(Math.max(slot.hoverY - h / 2, g.top), g.bottom - h);
    ctx.fillStyle = "rgba(255, 255, 255, 0.94)";
    ctx.strokeStyle = "#c8cdd8";
    ctx.fillRect(bx, by, w, h);
    ctx.strokeRect(bx + 0.5, by + 0.5, w - 1, h - 1);
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    lines.forEach(function (l, k) {
      ctx.fillStyle = l[1] || INK;
      ctx.fillText(l[0], bx + 8, by + 5 + k * (size + 3));
    });
    ctx.restore();
  }

  // ---------------------------------------------------------------- the picture's hover
  // The boundary's trace 0 is an invisible heatmap of the output, there for the hover. Its z
  // would have to be sent and re-plotted to stay current (Plotly.react of the whole figure,
  // ~30 ms); instead Plotly only reports where the pointer is (hoverinfo "none" still fires
  // plotly_hover) and we read the output from the grid of the latest frame.
  function takeOverHover(slot) {
    const heat = slot.fig.data[0];
    if (!heat || heat.type !== "heatmap") { return; }
    heat.hoverinfo = "none";
    delete heat.hovertemplate;
    slot.grid = null;
  }

  function bindPictureHover(slot) {
    slot.hoverBound = true;
    const tip = document.createElement("div");
    tip.className = "tip";
    slot.div.style.position = "relative";
    slot.div.appendChild(tip);
    slot.div.on("plotly_hover", function (ev) {
      const pt = ev.points && ev.points[0];
      if (!pt || pt.curveNumber !== 0 || !Array.isArray(pt.pointNumber)) {
        tip.style.display = "none";
        return;
      }
      let row = pt.pointNumber[0], col = pt.pointNumber[1];  // row: along x2
      const g = slot.grid;
      if (g && g.extent) {  // a zoomed grid: find the cell under the point
        const e = g.extent;
        col = Math.floor((pt.x - e[0]) / (e[1] - e[0]) * g.cols);
        row = Math.floor((pt.y - e[2]) / (e[3] - e[2]) * g.rows);
      }
      const inside = g && row >= 0 && col >= 0 && row < g.rows && col < g.cols;
      const value = inside ? g.bytes[row * g.cols + col] / 255 : undefined;
      tip.textContent = "";
      ["x1 = " + pt.x.toFixed(2), "x2 = " + pt.y.toFixed(2),
       inside && g.channels ? classAt(g, row, col)
         : "output = " + (value === undefined ? "–" : value.toFixed(2))].forEach(function (line) {
        const div = document.createElement("div");
        div.textContent = line;
        tip.appendChild(div);
      });
      const box = slot.div.getBoundingClientRect(), e = ev.event || {};
      const x = (e.clientX || 0) - box.left, y = (e.clientY || 0) - box.top;
      tip.style.display = "block";
      tip.style.left = (x + 14 + 130 > box.width ? x - 14 - 130 : x + 14) + "px";
      tip.style.top = Math.max(0, y - 30) + "px";
    });
    slot.div.on("plotly_unhover", function () { tip.style.display = "none"; });
    slot.div.addEventListener("mouseleave", function () { tip.style.display = "none"; });
  }

  function applyFigureUpdate(slot, upd, seq, epoch) {
    const spec = slot.fig.layout.meta && slot.fig.layout.meta.live_image;
    if (upd.image && spec) {
      window.liveStats.pictureEpoch = epoch;
      const key = upd.image.b64 + String(upd.image.extent || "");
      if (key === slot.painted && !upd.data && !upd.traces && !upd.layout) {
        return;  // the picture on screen already (e.g. the frame sent again after Pause)
      }
      slot.painted = key;
      const url = paintGrid(upd.image, spec, slot);
      if (plotly !== "ready") {  // the preview keeps its own copy of the picture
        slot.picture = slot.picture || document.createElement("canvas");
        slot.picture.width = canvas.width;
        slot.picture.height = canvas.height;
        slot.picture.getContext("2d").drawImage(canvas, 0, 0);
      }
      const image = slot.fig.layout.images[spec.index];
      image.source = url;
      // Where the picture lies: over the grid's extent (a zoomed grid), else the base's.
      if (!slot.home) { slot.home = { x: image.x, y: image.y, sizex: image.sizex,
                                      sizey: image.sizey }; }
      const e = upd.image.extent;
      const place = e ? { x: e[0], y: e[3], sizex: e[1] - e[0], sizey: e[3] - e[2] }
        : slot.home;
      const moved = place.x !== image.x || place.y !== image.y ||
        place.sizex !== image.sizex || place.sizey !== image.sizey;
      Object.assign(image, place);
      if (!upd.data && !upd.traces && !upd.layout && plotly === "ready") {
        // Only the picture changed: a relayout of one image, no trace is recomputed.
        const change = {};
        change["images[" + spec.index + "].source"] = url;
        if (moved) {
          ["x", "y", "sizex", "sizey"].forEach(function (k) {
            change["images[" + spec.index + "]." + k] = place[k];
          });
        }
        Plotly.relayout(slot.div, change);
        return;
      }
    }
    if (upd.data) { slot.fig.data = upd.data; }
    if (upd.traces) {
      Object.keys(upd.traces).forEach(function (i) {
        const trace = slot.fig.data[+i];
        if (trace) { Object.assign(trace, upd.traces[i]); }
      });
    }
    if (upd.copy) {  // {to: from}: e.g. a contour drawn from the heatmap's z
      Object.keys(upd.copy).forEach(function (to) {
        const src = slot.fig.data[+upd.copy[to]], dst = slot.fig.data[+to];
        if (src && dst) { dst.z = src.z; }
      });
    }
    if (upd.layout) { Object.assign(slot.fig.layout, upd.layout); }
    if (slot.kind === "curve") { drawCurve(slot); return; }
    if (plotly !== "ready") { drawPreview(slot); return; }
    slot.fig.layout.datarevision = seq;
    Plotly.react(slot.div, slot.fig.data, slot.fig.layout, CONFIG);
  }

  // The text alternative of the charts for screen readers: status and numbers in a polite
  // live region, rewritten when the status changes, and while training at most every
  // SPEAK_MS (a reader that spoke every frame would never finish a sentence).
  const SPEAK_MS = 5000;
  let spokenAt = 0, spokenStatus = null;
  function speak(frame) {
    const playing = frame.status === "playing", now = Date.now();
    if (playing && frame.status === spokenStatus && now - spokenAt < SPEAK_MS) { return; }
    const parts = [frame.status_text || frame.status || ""];
    (frame.stats || []).forEach(function (s) {
      if (s.value !== "–") { parts.push(s.label + " " + s.value); }
    });
    const text = parts.join(". ") + ".";
    const box = document.getElementById("live-text");
    if (box && box.textContent !== text) { box.textContent = text; }
    spokenAt = now;
    spokenStatus = frame.status;
  }

  function drawStats(frame) {
    speak(frame);
    const box = document.getElementById("stats");
    const status = document.getElementById("status");
    status.textContent = frame.status_text || frame.status || "";
    status.className = frame.status || "";
    (frame.stats || []).forEach(function (s) {
      let value = document.getElementById(s.id);
      if (!value) {
        const span = document.createElement("span");
        span.className = "stat";
        const label = document.createElement("span");
        label.className = "label";
        label.textContent = s.label;
        value = document.createElement("b");
        value.id = s.id;
        span.appendChild(label);
        span.appendChild(value);
        box.appendChild(span);
      }
      if (value.textContent !== s.value) { value.textContent = s.value; }
    });
  }

  function draw() {
    rafId = 0;
    const frame = pending;
    pending = null;
    if (!frame) { return; }
    if (frame.spec !== held.spec) {
      needBase += 1;
      send("streamlit:setComponentValue",
           { value: withView({ spec: held.spec, need_base: needBase }), dataType: "json" });
      return;
    }
    const t0 = performance.now();
    try {
      const figs = frame.figures || {};
      Object.keys(figs).forEach(function (name) {
        const slot = held.panels[name];
        if (slot && slot.fig) {
          const t1 = performance.now();
          applyFigureUpdate(slot, figs[name], frame.seq, frame.epoch);
          const ms = window.liveStats.panelMs;
          ms[name] = (ms[name] || 0) + performance.now() - t1;
        }
      });
      drawStats(frame);
      plotlyWhenIdle(frame.status === "playing");
      window.liveStats.draws += 1;
      window.liveStats.seq = frame.seq;
      window.liveStats.drawMs += performance.now() - t0;
    } catch (err) {
      window.liveStats.errors += 1;
      console.error(err);
    }
    if (frame.ack) {  // pull mode: drawn, ask for the next frame
      window.liveStats.acks += 1;
      // How late it is drawn (ms over the quickest frame's lag): the server pushes again
      // once frames are drawn on time.
      const late = typeof frame.sent === "number" && isFinite(minLag)
        ? Math.max(0, Date.now() - frame.sent - minLag) : null;
      send("streamlit:setComponentValue",
           { value: withView({ ack: frame.seq, spec: held.spec, late: late }),
             dataType: "json" });
    }
    setHeight();
  }

  window.addEventListener("message", function (event) {
    const msg = event.data;
    if (!msg || msg.type !== "streamlit:render") { return; }
    const args = msg.args || {};
    window.liveStats.renders += 1;
    // Streamlit re-delivers a render with unchanged arguments (e.g. when the script's state
    // changes): a frame we already hold is not drawn twice.
    const frameKey = args.frame ? args.frame.spec + ":" + args.frame.seq : null;
    if (frameKey !== null && frameKey === lastFrameKey &&
        (!args.base || args.base.spec === held.spec)) {
      window.liveStats.repeats += 1;
      return;
    }
    lastFrameKey = frameKey;
    if (args.base) { installBase(args.base); }
    if (args.frame) {
      window.liveStats.frames += 1;
      window.liveStats.paced = args.frame.paced || null;
      checkLate(args.frame);
      pending = args.frame;
      if (!rafId) { rafId = window.requestAnimationFrame(draw); }
    }
  });
  window.addEventListener("resize", function () {
    Object.keys(held.panels).forEach(function (name) {
      const slot = held.panels[name];
      if (slot.kind === "curve" && slot.fig) { drawCurve(slot); }
      if (slot.preview && slot.fig) { drawPreview(slot); }
    });
    setHeight();
  });
  // Streamlit titles our iframe with the component's module path; give it a title and a
  // name a screen reader can say (the frame is same-origin). Tests find the frame by either.
  try {
    if (window.frameElement) {
      window.frameElement.title = "Live training chart";
      window.frameElement.setAttribute("aria-label", "Live training chart: the decision " +
        "boundary, the network, the cost and the accuracy, with their numbers as text");
    }
  } catch (err) { /* another origin: keep Streamlit's title */ }
  send("streamlit:componentReady", { apiVersion: 1 });
})();
