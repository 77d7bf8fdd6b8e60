// Widget 3: Hyperband's brackets and rungs (tuner/schedulers/hyperband_schedule.hpp)
// and a search played on synthetic learning curves, against random search.
"use strict";
function hyperbandWidget() {
  const root = document.getElementById("hyperband");
  const $ = (name) => root.querySelector(`[name="${name}"]`);
  const message = root.querySelector(".message"), table = root.querySelector(".schedule");
  const canvas = root.querySelector("canvas.curves"), versus = root.querySelector("canvas.versus"), info = root.querySelector(".info");
  $("R").value = urlSetting("hb.R", "27");
  $("eta").value = urlSetting("hb.eta", "3");
  $("seed").value = urlSetting("hb.seed", "1");
  let run = null, result = null, shown = 0;

  function settings() {
    message.textContent = "";
    const R = readNumber($("R"), 1, 729, message, true);
    const eta = R === null ? null : readNumber($("eta"), 2, 10, message, true);
    const seed = eta === null ? null : readNumber($("seed"), 0, 1e9, message, true);
    return seed === null ? null : { R, eta, seed };
  }

  function drawSchedule(s, trials) {  // one row per bracket, one cell per rung: n_i configurations x r_i epochs
    const survivors = (b, i) => (trials || []).filter((t) => t.bracket === b && t.rung === i).length;
    let html = "<tr><th>bracket s</th>" + s.brackets[0].rungs.map((_, i) => `<th>rung ${i}</th>`).join("") + "</tr>";
    for (const b of s.brackets) {
      html += `<tr><td>s = ${b.s}</td>` + b.rungs.map((r, i) => {
        const done = survivors(b.s, i), cls = trials ? (done === r.models ? "done" : done ? "running" : "") : "";
        return `<td class="${cls}">${r.models} &times; ${r.epochs} ep${trials ? `<br><small>${done}/${r.models} run</small>` : ""}</td>`;
      }).join("") + "</tr>";
    }
    table.innerHTML = html + `<tr><td colspan="${s.brackets[0].rungs.length + 1}">${s.configurations} configurations, ` +
      `${s.total_continued} epochs with continuation (${s.total_from_scratch} from scratch)</td></tr>`;
  }

  function draw() {
    const trials = result.trials.slice(0, shown), R = result.schedule.R;
    drawSchedule(result.schedule, trials);
    const a = plotArea(canvas, 0, R, 0, 1);
    drawAxes(a, "epoch", "loss (synthetic learning curve)");
    const stopped = new Set(trials.map((t) => t.id));
    for (const t of trials) if (t.resumed_from >= 0) stopped.delete(t.resumed_from);  // continued: not a dead end
    trials.forEach((t, k) => {
      const xs = t.curve.map((_, i) => t.initial_epoch + i + 1), ys = t.curve;
      const alive = !stopped.has(t.id) || t.budget === R;
      polyline(a, xs, ys, k === trials.length - 1 ? "#d62728" : alive ? palette[(result.schedule.s_max - t.bracket) % 9] : "#bbb",
               k === trials.length - 1 ? 3 : 1.2);
    });
    const last = trials[trials.length - 1];
    const b = plotArea(versus, 0, result.epochs, 0, 1);
    drawAxes(b, "epochs spent", "best loss so far");
    const step = (list) => [list.map((t) => t.epochs_so_far), list.map((t) => t.best_so_far)];
    polyline(b, ...step(trials), "#1f77b4");
    polyline(b, ...step(result.random.trials.filter((t) => !last || t.epochs_so_far <= last.epochs_so_far)), "#ff7f0e");
    b.ctx.fillStyle = "#1f77b4"; b.ctx.fillText("Hyperband", b.w - 60, 24);
    b.ctx.fillStyle = "#ff7f0e"; b.ctx.fillText("random search (R epochs each)", b.w - 60, 38);
    info.textContent = last
      ? `trial ${last.id}: bracket s=${last.bracket}, rung ${last.rung}, lr ${last.params.learning_rate.toPrecision(3)}, ` +
        `units ${last.params.units}, epochs ${last.initial_epoch}..${last.budget}, loss ${last.loss.toFixed(4)}; ` +
        `${last.epochs_so_far} epochs spent, best ${last.best_so_far.toFixed(4)}` +
        (shown === result.trials.length ? `. Random search with ${result.random.epochs} epochs ` +
          `(${result.random.trials.length} configurations): best ${result.random.best.toFixed(4)}` : "")
      : "press run";
  }

  function show() {
    const s = settings();
    if (!s) return false;
    if (run) run.stop();
    try { result = tunetCall({ call: "hyperband_run", ...s }); } catch (e) { message.textContent = e.message; return false; }
    shown = 0;
    draw();
    return true;
  }
  function play() {
    widgetBusy("hyperband");
    if (!show()) { widgetDone("hyperband", { error: message.textContent }); return; }
    run = runFrames(() => { ++shown; draw(); return shown < result.trials.length; },
                    () => widgetDone("hyperband", { schedule: tunetCall({ call: "hyperband_schedule", R: result.schedule.R,
                                                                           eta: result.schedule.eta }), run: result }), 1);
  }
  root.querySelector(".run").addEventListener("click", play);
  root.querySelector(".stop").addEventListener("click", () => run && run.stop());
  for (const n of ["R", "eta"]) $(n).addEventListener("change", () => { const s = settings(); if (s) show(); });
  if (urlSetting("hb.run", "0") === "1") play(); else if (!show()) widgetDone("hyperband", { error: message.textContent });
  else widgetDone("hyperband", { schedule: result.schedule });
}
