// The live chart: a Streamlit (components v1) component written by hand, no build step.
//
// Protocol (postMessage with the Streamlit app that holds this iframe):
//   we send    {isStreamlitMessage: true, type: "streamlit:componentReady", apiVersion: 1}
//   we receive {type: "streamlit:render", args: {spec, base, frame, ...}}
//   we send    "streamlit:setFrameHeight" {height} and "streamlit:setComponentValue" {value}
//
// args.base  (only when the figures change): {spec, panels: [{name, width, figure}]}, each
//            figure a Plotly figure as JSON. Drawn once with Plotly.newPlot.
// args.frame (every frame): {spec, seq, status, stats: [{id, label, value}],
//            figures: {name: {traces: {index: {prop: value}}, data: [...], layout: {...}}}}
//            Only the numbers that move. Applied to the held figures and redrawn in place
//            with Plotly.react; layout.uirevision stays constant, so a user's zoom stays.
// Frames are coalesced with requestAnimationFrame: only the latest one is drawn.
// If a frame names a spec we do not hold (e.g. this iframe was reloaded), we ask Python for
// the base by setting our value {need_base: n}.
(function () {
  "use strict";
  const CONFIG = { displaylogo: false, responsive: true,
                   modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  const held = { spec: null, panels: {}, order: [] };
  let pending = null;       // the latest frame not yet drawn
  let rafId = 0;
  let needBase = 0;
  let lastHeight = -1;
  let lastFrameKey = null;  // spec:seq of the last frame received
  // Counters read by the browser tests and the benchmark.
  window.liveStats = { renders: 0, repeats: 0, frames: 0, draws: 0, seq: -1, spec: null, errors: 0,
                       drawMs: 0 };

  function send(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
  }

  function setHeight() {
    const h = Math.ceil(document.getElementById("root").getBoundingClientRect().height) + 4;
    if (h !== lastHeight) { lastHeight = h; send("streamlit:setFrameHeight", { height: h }); }
  }

  function installBase(base) {
    const box = document.getElementById("panels");
    const names = base.panels.map(function (p) { return p.name; });
    const sameLayout = names.join("|") === held.order.join("|");
    if (!sameLayout) {
      box.textContent = "";
      held.panels = {};
      base.panels.forEach(function (p) {
        const div = document.createElement("div");
        div.className = "panel";
        div.id = "panel-" + p.name;
        box.appendChild(div);
        held.panels[p.name] = { div: div, fig: null };
      });
      held.order = names;
    }
    base.panels.forEach(function (p) {
      const slot = held.panels[p.name];
      slot.div.style.width = (100 * p.width) + "%";
      slot.div.style.height = ((p.figure.layout && p.figure.layout.height) || 400) + "px";
      slot.fig = { data: p.figure.data || [], layout: p.figure.layout || {} };
      Plotly.react(slot.div, slot.fig.data, slot.fig.layout, CONFIG);
    });
    held.spec = base.spec;
    window.liveStats.spec = base.spec;
    setHeight();
  }

  // Paint a uint8 grid (row 0 = bottom) into a PNG data URL, exactly as figures.py's
  // boundary_rgba does: bilinear upsampling, colour stops, the 0.5 line drawn dark.
  const canvas = document.createElement("canvas");
  function paintGrid(grid, spec) {
    const bytes = Uint8Array.from(atob(grid.b64), function (c) { return c.charCodeAt(0); });
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

  function applyFigureUpdate(slot, upd, seq) {
    const spec = slot.fig.layout.meta && slot.fig.layout.meta.live_image;
    if (upd.image && spec) {
      const url = paintGrid(upd.image, spec);
      slot.fig.layout.images[spec.index].source = url;
      if (!upd.data && !upd.traces && !upd.layout) {
        // Only the picture changed: a relayout of one image, no trace is recomputed.
        const change = {};
        change["images[" + spec.index + "].source"] = url;
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
    slot.fig.layout.datarevision = seq;
    Plotly.react(slot.div, slot.fig.data, slot.fig.layout, CONFIG);
  }

  function drawStats(frame) {
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
           { value: { spec: held.spec, need_base: needBase }, dataType: "json" });
      return;
    }
    const t0 = performance.now();
    try {
      const figs = frame.figures || {};
      Object.keys(figs).forEach(function (name) {
        const slot = held.panels[name];
        if (slot && slot.fig) { applyFigureUpdate(slot, figs[name], frame.seq); }
      });
      drawStats(frame);
      window.liveStats.draws += 1;
      window.liveStats.seq = frame.seq;
      window.liveStats.drawMs += performance.now() - t0;
    } catch (err) {
      window.liveStats.errors += 1;
      console.error(err);
    }
    if (frame.ack) {  // pull mode: drawn, ask for the next frame
      send("streamlit:setComponentValue",
           { value: { ack: frame.seq, spec: held.spec }, dataType: "json" });
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
      pending = args.frame;
      if (!rafId) { rafId = window.requestAnimationFrame(draw); }
    }
  });
  window.addEventListener("resize", setHeight);
  send("streamlit:componentReady", { apiVersion: 1 });
})();
