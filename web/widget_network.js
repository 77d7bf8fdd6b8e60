// Widget 4: a network (nn::Sequential) trained on two spirals or Gaussian
// blobs, one epoch per animation frame; the decision boundary and the loss curves.
"use strict";
function networkWidget() {
  const root = document.getElementById("network");
  const $ = (name) => root.querySelector(`[name="${name}"]`);
  const message = root.querySelector(".message"), info = root.querySelector(".info");
  const boundaryCanvas = root.querySelector("canvas.boundary"), lossCanvas = root.querySelector("canvas.losses");
  const optimizers = Object.keys(tunetCall({ call: "optimizers" }));
  for (const name of optimizers) $("optimizer").add(new Option(name, name));
  const defaults = { dataset: "spirals", layers: "3", units: "32", activation: "relu", optimizer: "adam",
                     learning_rate: "0.01", dropout: "0", epochs: "200", seed: "1" };
  for (const [k, v] of Object.entries(defaults)) $(k).value = urlSetting(`net.${k}`, v);
  let id = null, run = null, data = null, epochs = [];
  const colours = ["#1f77b4", "#d62728", "#2ca02c"];

  function drawBoundary(b) {
    const [x0, x1, y0, y1] = b.box, a = plotArea(boundaryCanvas, x0, x1, y0, y1);
    const cw = (a.px(x1) - a.px(x0)) / b.n, ch = (a.py(y0) - a.py(y1)) / b.n;
    for (let j = 0; j < b.n; ++j)
      for (let i = 0; i < b.n; ++i) {
        const k = j * b.n + i;
        a.ctx.globalAlpha = 0.15 + 0.45 * (b.confidence[k] - 1 / data.classes) / (1 - 1 / data.classes);
        a.ctx.fillStyle = colours[b.class[k]];
        a.ctx.fillRect(a.px(x0) + i * cw, a.py(y0) - (j + 1) * ch, cw + 0.5, ch + 0.5);
      }
    a.ctx.globalAlpha = 1;
    for (const [x, y, c] of data.train) dot(a, x, y, colours[c], 3);
    for (const [x, y, c] of data.validation) { dot(a, x, y, "#fff", 4); dot(a, x, y, colours[c], 2.5); }
    drawAxes(a, "x1", "x2");
  }
  function drawLosses() {
    const n = Math.max(2, epochs.length), top = Math.max(...epochs.flatMap((e) => [e.loss, e.val_loss]), 0.1);
    const a = plotArea(lossCanvas, 1, n, 0, top);
    drawAxes(a, "epoch", "loss");
    polyline(a, epochs.map((e) => e.epoch), epochs.map((e) => e.loss), "#1f77b4");
    polyline(a, epochs.map((e) => e.epoch), epochs.map((e) => e.val_loss), "#ff7f0e");
    a.ctx.fillStyle = "#1f77b4"; a.ctx.fillText("train", a.w - 20, 24);
    a.ctx.fillStyle = "#ff7f0e"; a.ctx.fillText("validation", a.w - 20, 38);
  }

  function readSettings() {
    message.textContent = "";
    const r = { dataset: $("dataset").value, activation: $("activation").value, optimizer: $("optimizer").value };
    const limits = { layers: [1, 6, true], units: [1, 256, true], learning_rate: [1e-6, 10], dropout: [0, 0.95],
                     epochs: [1, 5000, true], seed: [0, 1e9, true] };
    for (const [k, [lo, hi, integer]] of Object.entries(limits)) {
      r[k] = readNumber($(k), lo, hi, message, integer);
      if (r[k] === null) return null;
    }
    if (!optimizers.includes(r.optimizer)) { message.textContent = `unknown optimizer "${urlSetting("net.optimizer")}"`; return null; }
    return r;
  }

  function train() {
    if (run) run.stop();
    const s = readSettings();
    widgetBusy("network");
    if (!s) { widgetDone("network", { error: message.textContent }); return; }
    if (id !== null) tunetCall({ call: "delete", id });
    try {
      id = tunetCall({ call: "net_new", ...s }).id;
      data = tunetCall({ call: "net_data", id });
    } catch (e) { message.textContent = e.message; id = null; widgetDone("network", { error: e.message }); return; }
    epochs = [];
    const times = [];
    drawBoundary(tunetCall({ call: "net_boundary", id, n: 50 }));
    drawLosses();
    run = runFrames(() => {  // one epoch per frame: the tab stays responsive, stop works between epochs
      const t0 = performance.now();
      let e;
      try { e = tunetCall({ call: "net_epoch", id }); } catch (err) { message.textContent = err.message; return false; }
      times.push(performance.now() - t0);
      epochs.push(e);
      drawBoundary(tunetCall({ call: "net_boundary", id, n: 50 }));
      drawLosses();
      info.textContent = `epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, accuracy ${(100 * e.accuracy).toFixed(1)}%; ` +
        `validation loss ${e.val_loss.toFixed(4)}, accuracy ${(100 * e.val_accuracy).toFixed(1)}% ` +
        `(${times[times.length - 1].toFixed(1)} ms for the epoch)`;
      return epochs.length < s.epochs;
    }, () => widgetDone("network", { settings: s, epochs, epoch_ms: times }), 1);
  }
  root.querySelector(".train").addEventListener("click", train);
  root.querySelector(".stop").addEventListener("click", () => run && run.stop());
  widgetBusy("network");
  setTimeout(train, 0);  // the first run after the page is interactive
}
