// Shared by the widgets: the call into tunet (WebAssembly), URL settings,
// runs cut into animation frames, and canvas drawing helpers.
"use strict";
window.tunetResults = { errors: [], widgets: {}, calls: [] };
const checkMode = new URLSearchParams(location.search).has("check");
// Headless Chromium under virtual time (scripts/check_web.sh) runs timers, not
// animation frames: ?check and ?shot step the runs on timers instead.
const nextFrame = checkMode || new URLSearchParams(location.search).has("shot")
  ? (f) => setTimeout(f, 0) : (f) => requestAnimationFrame(f);
for (const kind of ["error", "warn"]) {
  const original = console[kind].bind(console);
  console[kind] = (...args) => { if (kind === "error") tunetResults.errors.push(args.join(" ")); original(...args); };
}
window.addEventListener("error", (e) => tunetResults.errors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => tunetResults.errors.push(String(e.reason)));

let tunetModule = null;
// tunet.call: one request (an object) to the library, its answer; throws with the library's message on error.
function tunetCall(request) {
  const answer = JSON.parse(tunetModule.call(JSON.stringify(request)));
  if (checkMode) tunetResults.calls.push({ request, answer });
  if (answer && answer.error !== undefined) throw new Error(answer.error);
  return answer;
}

// A setting from the URL (?opt.lr=0.01), or the fallback.
const urlParams = new URLSearchParams(location.search);
function urlSetting(key, fallback) { return urlParams.has(key) ? urlParams.get(key) : fallback; }

// Reads a numeric control; null (and a message beside it) when out of [low, high].
function readNumber(input, low, high, message, integer) {
  const v = Number(input.value);
  const ok = input.value.trim() !== "" && Number.isFinite(v) && v >= low && v <= high && (!integer || Number.isInteger(v));
  input.classList.toggle("bad", !ok);
  if (!ok) message.textContent = `${input.name}: expected ${integer ? "an integer" : "a number"} in [${low}, ${high}], got "${input.value}"`;
  return ok ? v : null;
}

// Runs step() perFrame times per animation frame (default 1; 1000 in check
// mode) until it returns false or stop() is called.
function runFrames(step, onEnd, perFrame) {
  const run = { stopped: false, stop() { this.stopped = true; } };
  const frame = () => {
    if (run.stopped) { if (onEnd) onEnd(true); return; }
    let more = true;
    for (let k = 0; k < (perFrame || (checkMode ? 1000 : 1)) && more; ++k) more = step();
    if (more) nextFrame(frame); else if (onEnd) onEnd(false);
  };
  nextFrame(frame);
  return run;
}

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"];

// A drawing area mapping data (x0..x1, y0..y1) onto a canvas with margins;
// cleared unless `clear` is false (reading a click's position).
function plotArea(canvas, x0, x1, y0, y1, clear = true, margin = 34) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  const area = {
    ctx, x0, x1, y0, y1, w, h, margin,
    px: (x) => margin + (x - x0) / (x1 - x0) * (w - margin - 8),
    py: (y) => h - margin - (y - y0) / (y1 - y0) * (h - margin - 8),
    fromPixel: (px, py) => [x0 + (px - margin) / (w - margin - 8) * (x1 - x0), y0 + (h - margin - py) / (h - margin - 8) * (y1 - y0)],
  };
  if (clear) ctx.clearRect(0, 0, w, h);
  return area;
}

function drawAxes(a, xlabel, ylabel) {
  const c = a.ctx;
  c.strokeStyle = "#888"; c.lineWidth = 1; c.fillStyle = "#333"; c.font = "11px sans-serif";
  c.strokeRect(a.margin, 8, a.w - a.margin - 8, a.h - a.margin - 8);
  c.textAlign = "center";
  for (const x of niceTicks(a.x0, a.x1)) { c.fillText(fmt(x), a.px(x), a.h - a.margin + 13); }
  c.fillText(xlabel, (a.margin + a.w) / 2, a.h - 6);
  c.textAlign = "right";
  for (const y of niceTicks(a.y0, a.y1)) { c.fillText(fmt(y), a.margin - 3, a.py(y) + 4); }
  c.save(); c.translate(10, a.h / 2); c.rotate(-Math.PI / 2); c.textAlign = "center"; c.fillText(ylabel, 0, 0); c.restore();
}

function niceTicks(low, high) {
  const step = Math.pow(10, Math.floor(Math.log10((high - low) / 4)));
  const mult = [1, 2, 5, 10].find((m) => (high - low) / (m * step) <= 6) || 10;
  const s = mult * step, out = [];
  for (let v = Math.ceil(low / s) * s; v <= high + 1e-12; v += s) out.push(Math.abs(v) < 1e-12 ? 0 : v);
  return out;
}
function fmt(v) { return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(+v.toPrecision(4)); }

function polyline(a, xs, ys, colour, width = 2) {
  const c = a.ctx;
  c.strokeStyle = colour; c.lineWidth = width; c.beginPath();
  let started = false;
  for (let i = 0; i < xs.length; ++i) {
    if (!Number.isFinite(ys[i]) || !Number.isFinite(xs[i])) { started = false; continue; }
    const X = a.px(xs[i]), Y = a.py(ys[i]);
    if (started) c.lineTo(X, Y); else { c.moveTo(X, Y); started = true; }
  }
  c.stroke();
}

function dot(a, x, y, colour, r = 4) {
  a.ctx.fillStyle = colour; a.ctx.beginPath(); a.ctx.arc(a.px(x), a.py(y), r, 0, 2 * Math.PI); a.ctx.fill();
}

// Loads the WebAssembly module, then starts every widget.
async function startPlayground(widgets) {
  const t0 = performance.now();
  widgetBusy("startup");
  tunetModule = await createTunet();
  tunetResults.build = tunetCall({ call: "build_info" }).build;
  tunetResults.init_ms = {};
  for (const w of widgets) {
    const t = performance.now();
    w();
    tunetResults.init_ms[w.name] = performance.now() - t;
  }
  tunetResults.interactive_ms = performance.now();  // since navigation start
  tunetResults.module_ms = performance.now() - t0;
  document.getElementById("status").textContent =
    `tunet ready in ${tunetResults.interactive_ms.toFixed(0)} ms after the page started (${tunetResults.build})`;
  widgetDone("startup", { interactive_ms: tunetResults.interactive_ms });
  if (urlParams.has("bench")) bench();
}

// ?bench (scripts/bench_web.sh): in real time, the two-spirals network's
// epochs timed inside tunet in blocks, reported to the server's log as a request.
function bench() {
  const { epoch_ms } = tunetCall({ call: "net_bench", dataset: "spirals", epochs: Number(urlSetting("epochs", "100")),
                                   block: Number(urlSetting("block", "10")) });
  fetch(`bench-result?interactive_ms=${tunetResults.interactive_ms.toFixed(1)}&module_ms=${tunetResults.module_ms.toFixed(1)}` +
        `&init_ms=${encodeURIComponent(JSON.stringify(tunetResults.init_ms))}&epoch_ms=${epoch_ms.map((v) => v.toFixed(4)).join(",")}`);
}

// Check mode: once every widget says it is done, the results go into the page for --dump-dom.
const pendingWidgets = new Set();
function widgetBusy(name) { pendingWidgets.add(name); }
function widgetDone(name, numbers) {
  tunetResults.widgets[name] = numbers;
  pendingWidgets.delete(name);
  if (checkMode && pendingWidgets.size === 0) {
    const pre = document.getElementById("tunet-results");
    pre.textContent = JSON.stringify(tunetResults);
    pre.dataset.done = "1";
  }
}
