// Widget 1: the nn optimizers on the 2-D surfaces of `tunet optimizers`
// (tuner/teaching/optimizer_paths.hpp), paths computed by tunet, animated step by step.
"use strict";
function optimizersWidget() {
  const root = document.getElementById("optimizers");
  const $ = (name) => root.querySelector(`[name="${name}"]`);
  const message = root.querySelector(".message");
  const surfaceCanvas = root.querySelector("canvas.surface"), lossCanvas = root.querySelector("canvas.loss");
  const surfaces = tunetCall({ call: "surfaces", grid: 81 });
  const names = Object.keys(tunetCall({ call: "optimizers" }));
  const boxes = root.querySelector(".optimizer-boxes");
  const chosen = urlSetting("opt.optimizers", "sgd,momentum,rmsprop,adam").split(",");
  for (const name of names) {
    const label = document.createElement("label");
    label.innerHTML = `<input type="checkbox" value="${name}"${chosen.includes(name) ? " checked" : ""}> ${name}`;
    boxes.appendChild(label);
  }
  for (const s of surfaces) $("surface").add(new Option(`${s.name}: ${s.formula}`, s.name));
  $("surface").value = urlSetting("opt.surface", "rosenbrock");
  $("learning_rate").value = urlSetting("opt.lr", "");
  $("settings").value = urlSetting("opt.set", "");
  $("steps").value = urlSetting("opt.steps", "");
  let start = urlParams.has("opt.start") ? urlSetting("opt.start").split(",").map(Number) : null;
  let run = null, paths = [], shown = 0;
  const surface = () => surfaces.find((s) => s.name === $("surface").value) || surfaces[0];

  const backgrounds = {};
  function background(s) {  // log(f - min + 1e-3) as grey levels: valleys dark
    if (backgrounds[s.name]) return backgrounds[s.name];
    const canvas = backgrounds[s.name] = document.createElement("canvas");
    canvas.width = canvas.height = s.grid;
    const ctx = canvas.getContext("2d"), img = ctx.createImageData(s.grid, s.grid);
    const low = Math.min(...s.values), logs = s.values.map((v) => Math.log(v - low + 1e-3));
    const lmin = Math.min(...logs), lmax = Math.max(...logs);
    for (let j = 0; j < s.grid; ++j)
      for (let i = 0; i < s.grid; ++i) {
        const t = (logs[j * s.grid + i] - lmin) / (lmax - lmin), k = 4 * ((s.grid - 1 - j) * s.grid + i);
        const band = Math.floor(t * 14) % 2 ? 0 : 14;  // contour-like bands
        img.data[k] = 120 + 120 * t + band; img.data[k + 1] = 140 + 100 * t + band; img.data[k + 2] = 190 + 60 * t; img.data[k + 3] = 255;
      }
    ctx.putImageData(img, 0, 0);
    return canvas;
  }

  function draw() {
    const s = surface(), [x0, x1, y0, y1] = s.view;
    const a = plotArea(surfaceCanvas, x0, x1, y0, y1);
    a.ctx.imageSmoothingEnabled = true;
    a.ctx.drawImage(background(s), a.px(x0), a.py(y1), a.px(x1) - a.px(x0), a.py(y0) - a.py(y1));
    drawAxes(a, "x", "y");
    for (const m of s.minima) dot(a, m[0], m[1], "#ffd700", 6);
    const from = start || s.start;
    dot(a, from[0], from[1], "#000", 5);
    let lossMax = -Infinity, lossMin = Infinity;
    paths.forEach((p, k) => {
      const pts = p.points.slice(0, shown + 1);
      polyline(a, pts.map((q) => q[0]), pts.map((q) => q[1]), palette[k % palette.length]);
      for (const q of p.points) { lossMax = Math.max(lossMax, q[2]); lossMin = Math.min(lossMin, q[2]); }
    });
    const steps = Math.max(1, ...paths.map((p) => p.points.length - 1));
    const positive = lossMin > 0, tr = (v) => (positive ? Math.log10(v) : v);
    const b = plotArea(lossCanvas, 0, steps, paths.length ? tr(lossMin) : 0, paths.length ? tr(lossMax) + 1e-9 : 1);
    drawAxes(b, "step", positive ? "log10 loss" : "loss");
    paths.forEach((p, k) => {
      const pts = p.points.slice(0, shown + 1);
      polyline(b, pts.map((_, i) => i), pts.map((q) => tr(q[2])), palette[k % palette.length]);
      const last = pts[pts.length - 1];
      b.ctx.fillStyle = palette[k % palette.length];
      b.ctx.textAlign = "right";
      b.ctx.fillText(`${p.optimizer} (lr ${p.settings.learning_rate}): loss ${last[2].toPrecision(4)}${p.diverged ? ", diverged" : ""}`,
                     b.w - 12, 22 + 14 * k);
    });
  }

  function settings() {  // "beta_1=0.5, momentum=0.8" -> {beta_1: 0.5, momentum: 0.8}
    const out = {};
    for (const part of $("settings").value.split(/[,;]/).map((t) => t.trim()).filter(Boolean)) {
      const [k, v] = part.split("=");
      if (!k || v === undefined || !Number.isFinite(Number(v))) throw new Error(`settings: expected NAME=VALUE, got "${part}"`);
      out[k.trim()] = Number(v);
    }
    return out;
  }

  function start_run() {
    if (run) run.stop();
    message.textContent = "";
    const s = surface(), picked = [...boxes.querySelectorAll("input:checked")].map((b) => b.value);
    const unknown = chosen.filter((n) => n && !names.includes(n));
    paths = [];
    let request;
    try {
      if (unknown.length) { chosen.length = 0; throw new Error(`unknown optimizer "${unknown[0]}" (expected one of ${names.join(", ")})`); }
      if (!picked.length) throw new Error("choose at least one optimizer");
      const extra = settings();
      if ($("learning_rate").value.trim() !== "") {
        const lr = readNumber($("learning_rate"), 1e-9, 100, message);
        if (lr === null) throw new Error(message.textContent);
        extra.learning_rate = lr;
      }
      const steps = $("steps").value.trim() === "" ? s.steps : readNumber($("steps"), 1, 5000, message, true);
      if (steps === null) throw new Error(message.textContent);
      request = { call: "optimizer_path", surface: s.name, settings: extra, start: start || s.start, steps };
    } catch (e) {
      message.textContent = e.message;
      draw();
      widgetDone("optimizers", { error: e.message });
      return;
    }
    shown = 0;
    widgetBusy("optimizers");
    const waiting = picked.slice();
    let total = 0;
    // One optimizer's path per frame, then the animation; an optimizer's error (a setting it lacks) stops the run.
    run = runFrames(() => {
      if (waiting.length) {
        try { paths.push(tunetCall({ ...request, optimizer: waiting.shift() })); } catch (e) { message.textContent = e.message; return false; }
        total = Math.max(...paths.map((p) => p.points.length - 1));
        draw();
        return true;
      }
      shown = Math.min(total, shown + Math.max(1, Math.round(total / 200)));
      draw();
      return shown < total;
    }, () => widgetDone("optimizers", message.textContent ? { error: message.textContent } : { paths }));
  }

  surfaceCanvas.addEventListener("click", (e) => {
    const s = surface(), [x0, x1, y0, y1] = s.view, r = surfaceCanvas.getBoundingClientRect();
    const p = plotArea(surfaceCanvas, x0, x1, y0, y1, false).fromPixel((e.clientX - r.left) * surfaceCanvas.width / r.width,
                                                               (e.clientY - r.top) * surfaceCanvas.height / r.height);
    start = p;
    start_run();
  });
  $("surface").addEventListener("change", () => { start = null; start_run(); });
  root.querySelector(".run").addEventListener("click", start_run);
  root.querySelector(".stop").addEventListener("click", () => run && run.stop());
  widgetBusy("optimizers");
  setTimeout(start_run, 0);  // the first run after the page is interactive
}
