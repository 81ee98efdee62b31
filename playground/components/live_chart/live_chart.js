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
  // Counters read by the browser tests and the benchmark.
  window.liveStats = { renders: 0, frames: 0, draws: 0, seq: -1, spec: null, errors: 0 };

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
      slot.fig = { data: p.figure.data || [], layout: p.figure.layout || {} };
      Plotly.react(slot.div, slot.fig.data, slot.fig.layout, CONFIG);
    });
    held.spec = base.spec;
    window.liveStats.spec = base.spec;
    setHeight();
  }

  function applyFigureUpdate(slot, upd, seq) {
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
      send("streamlit:setComponentValue", { value: { need_base: needBase }, dataType: "json" });
      return;
    }
    try {
      const figs = frame.figures || {};
      Object.keys(figs).forEach(function (name) {
        const slot = held.panels[name];
        if (slot && slot.fig) { applyFigureUpdate(slot, figs[name], frame.seq); }
      });
      drawStats(frame);
      window.liveStats.draws += 1;
      window.liveStats.seq = frame.seq;
    } catch (err) {
      window.liveStats.errors += 1;
      console.error(err);
    }
    setHeight();
  }

  window.addEventListener("message", function (event) {
    const msg = event.data;
    if (!msg || msg.type !== "streamlit:render") { return; }
    const args = msg.args || {};
    window.liveStats.renders += 1;
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
