// Widget 2: a Gaussian process step by step on explain_gp's 1-D function
// (tunet's GpAskTell, the engine of gp_minimize and BayesianSearch).
"use strict";
function gpWidget() {
  const root = document.getElementById("gp");
  const $ = (name) => root.querySelector(`[name="${name}"]`);
  const message = root.querySelector(".message"), canvas = root.querySelector("canvas.model");
  const acqCanvas = root.querySelector("canvas.acquisition"), info = root.querySelector(".info");
  $("acq").value = urlSetting("gp.acq", "EI");
  $("initial").value = urlSetting("gp.initial", "3");
  $("seed").value = urlSetting("gp.seed", "1");
  let id = null, state = null, run = null;
  const history = [];

  function draw() {
    const s = state;
    const ys = [...s.f, ...(s.low || []), ...(s.high || []), ...s.observations.map((o) => o[1])];
    const a = plotArea(canvas, -2, 2, Math.max(-3, Math.min(...ys)), Math.min(3, Math.max(...ys)));
    if (s.mean) {  // the 95% band, then the mean
      const c = a.ctx;
      c.fillStyle = "#c6dbef"; c.beginPath();
      s.x.forEach((x, i) => (i ? c.lineTo(a.px(x), a.py(s.high[i])) : c.moveTo(a.px(x), a.py(s.high[i]))));
      for (let i = s.x.length - 1; i >= 0; --i) c.lineTo(a.px(s.x[i]), a.py(s.low[i]));
      c.fill();
      polyline(a, s.x, s.mean, "#1f77b4");
    }
    a.ctx.setLineDash([5, 4]); polyline(a, s.x, s.f, "#555", 1.5); a.ctx.setLineDash([]);
    for (const [x, y] of s.observations) dot(a, x, y, "#000");
    drawAxes(a, "x", "f(x)");
    a.ctx.strokeStyle = "#d62728"; a.ctx.setLineDash([4, 3]); a.ctx.beginPath();
    a.ctx.moveTo(a.px(s.next_x), 8); a.ctx.lineTo(a.px(s.next_x), a.h - a.margin); a.ctx.stroke(); a.ctx.setLineDash([]);
    const b = plotArea(acqCanvas, -2, 2, s.acquisition ? Math.min(...s.acquisition) : 0,
                       s.acquisition ? Math.max(...s.acquisition) + 1e-12 : 1);
    if (s.acquisition) polyline(b, s.x, s.acquisition, "#e6550d");
    drawAxes(b, "x", s.acquisition ? s.acquisition_used : "acquisition");
    b.ctx.strokeStyle = "#d62728"; b.ctx.beginPath(); b.ctx.moveTo(b.px(s.next_x), 8); b.ctx.lineTo(b.px(s.next_x), b.h - b.margin); b.ctx.stroke();
    const n = s.observations.length, best = Math.min(...s.observations.map((o) => o[1]));
    info.textContent = s.mean
      ? `${n} observations, best f = ${best.toFixed(4)}; kernel length scale ${s.length_scale.toPrecision(3)} (in x), ` +
        `noise variance ${s.noise.toPrecision(3)} (of the normalised y); next x = ${s.next_x.toFixed(4)} (by ${s.acquisition_used})`
      : `${n} observations: initial design (a Latin hypercube), no model yet; next x = ${s.next_x.toFixed(4)}`;
  }

  function reset() {
    if (run) run.stop();
    message.textContent = "";
    if (id !== null) tunetCall({ call: "delete", id });
    id = null; history.length = 0;
    const initial = readNumber($("initial"), 1, 20, message, true), seed = readNumber($("seed"), 0, 1e9, message, true);
    if (initial === null || seed === null) return false;
    try {
      id = tunetCall({ call: "gp_new", acq: $("acq").value, initial, seed }).id;
      state = tunetCall({ call: "gp_state", id });
    } catch (e) { message.textContent = e.message; return false; }
    draw();
    return true;
  }
  function step(request) {
    if (id === null) return false;
    try { state = tunetCall({ ...request, id }); } catch (e) { message.textContent = e.message; return false; }
    history.push(state);
    draw();
    return true;
  }

  canvas.addEventListener("click", (e) => {
    const r = canvas.getBoundingClientRect();
    const x = plotArea(canvas, -2, 2, 0, 1, false).fromPixel((e.clientX - r.left) * canvas.width / r.width, 0)[0];
    if (x >= -2 && x <= 2) step({ call: "gp_observe", x });
  });
  root.querySelector(".next").addEventListener("click", () => step({ call: "gp_next" }));
  root.querySelector(".reset").addEventListener("click", reset);
  $("acq").addEventListener("change", reset);
  root.querySelector(".play").addEventListener("click", () => {
    if (run) run.stop();
    let left = 8;
    run = runFrames(() => { step({ call: "gp_next" }); return --left > 0; }, null, 1);
  });
  root.querySelector(".stop").addEventListener("click", () => run && run.stop());

  widgetBusy("gp");
  if (!reset()) { widgetDone("gp", { error: message.textContent }); return; }
  // ?gp.steps=N presses "next" N times after the initial design, one step per frame.
  const steps = Number(urlSetting("gp.steps", "0")), total = Number($("initial").value) + steps;
  let done = 0;
  if (steps > 0) run = runFrames(() => step({ call: "gp_next" }) && ++done < total, () => widgetDone("gp", { steps: history }));
  else widgetDone("gp", { steps: history });
}
