"""Compares the playground's numbers (window.tunetResults, dumped by
scripts/check_web.sh) with the native build's: tunet optimizers / explain-gp /
schedule output, and tunet_web_reference given the page's own requests.
    python3 scripts/check_web_compare.py WORK_DIR TUNET_WEB_REFERENCE"""
import csv, html, json, math, os, re, subprocess, sys

work, reference = sys.argv[1], sys.argv[2]
problems, counts = [], {"exact": 0, "close": 0}
REL = 1e-6
# The native build's arithmetic differs from WebAssembly's in two ways: GCC
# contracts a * b + c into fused multiply-adds under -march=native (WebAssembly
# has none), and glibc's libm is not musl's. So numbers agree within REL
# relative, measured against:
# - a curve's largest magnitude for the GP's curves (mean, band, acquisition:
#   EI's tail reaches 1e-200, where one rounding is a large relative change);
# - max(|v|, 1) for an optimizer's path, compared over its first PATH_STEPS
#   steps: a float32 path in Rosenbrock's valley (y - x^2 cancels) or under
#   adadelta's ratio of running means turns one rounding apart into a visibly
#   different path after tens of steps; where each path first leaves REL is printed.
PATH_STEPS = 10
largest = {}


def results(name):
    dom = open(os.path.join(work, name + ".html"), encoding="utf-8").read()
    m = re.search(r'<pre id="tunet-results"[^>]*>(.*?)</pre>', dom, re.S)
    if not m or not m.group(1).strip():
        problems.append(f"{name}: the page did not finish (no results in the DOM)")
        return None, dom
    return json.loads(html.unescape(m.group(1))), dom


def close(a, b, what, rel=REL, floor=0.0, kind="other"):
    if a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)):
        counts["exact"] += 1
        return True
    scale = max(abs(a), abs(b), floor)
    largest[kind] = max(largest.get(kind, 0.0), abs(a - b) / scale)
    if abs(a - b) <= rel * scale + 1e-300:
        counts["close"] += 1
        return True
    problems.append(f"{what}: page {a!r}, native {b!r}")
    return False


def same(page, native, what, kind):
    """Every number of two JSON values equal (within the kind's tolerance), every other value identical."""
    if isinstance(page, bool) or isinstance(native, bool) or isinstance(page, str):
        if page != native:
            problems.append(f"{what}: page {page!r}, native {native!r}")
    elif isinstance(page, (int, float)) and isinstance(native, (int, float)):
        if kind == "optimizer path":
            close(float(page), float(native), what, floor=1.0, kind=kind)
        else:
            close(float(page), float(native), what, kind=kind)
    elif isinstance(page, list) and isinstance(native, list) and len(page) == len(native):
        curve = kind == "gp" and what.rsplit(".", 1)[-1] in ("mean", "low", "high", "acquisition")
        scale = max((abs(v) for v in page + native), default=0.0) if curve else 0.0
        for k, (a, b) in enumerate(zip(page, native)):
            if len(problems) > 20:
                return
            if curve:
                close(float(a), float(b), f"{what}[{k}]", floor=scale, kind="gp curve")
            elif kind == "optimizer path" and what.endswith(".points") and k >= PATH_STEPS + 1:
                if not diverged_from(what, k, a, b):
                    break
            else:
                same(a, b, f"{what}[{k}]", kind)
    elif isinstance(page, dict) and isinstance(native, dict) and page.keys() == native.keys():
        for k in page:
            same(page[k], native[k], f"{what}.{k}", kind)
    elif page is None and native is None:
        pass
    else:
        problems.append(f"{what}: page {json.dumps(page)[:80]}, native {json.dumps(native)[:80]}")


first_apart = {}


def diverged_from(what, k, a, b):
    """Past PATH_STEPS: notes the first step where a path leaves REL; False once it has."""
    if all(abs(x - y) <= REL * max(abs(x), abs(y), 1.0) for x, y in zip(a, b)):
        return True
    first_apart[what] = k
    return False


def csv_rows(path):
    with open(path) as f:
        return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]


pages = {}
for name in ["optimizers", "optimizers_beale", "gp", "gp_hedge", "hyperband", "network"]:
    r, _ = results(name)
    if r is None:
        continue
    pages[name] = r
    if r["errors"]:
        problems.append(f"{name}: console errors: {r['errors']}")
    # Every answer the page got, against the native twin given the same requests.
    requests = [c["request"] for c in r["calls"]]
    native = json.loads(subprocess.run([reference], input=json.dumps(requests), capture_output=True, text=True,
                                       check=True).stdout)
    for c, n in zip(r["calls"], native):
        if c["request"]["call"] != "build_info":
            call = c["request"]["call"]
            label = f"{name}: {call}" + (f" {c['request'].get('optimizer')}" if call == "optimizer_path" else "")
            same(c["answer"], n, label, {"optimizer_path": "optimizer path"}.get(call, call.split("_")[0]))

# Against `tunet optimizers`: each path's CSV (step,x,y,loss at %.10g).
for name, folder, surface in [("optimizers", "native_rosenbrock", "rosenbrock"), ("optimizers_beale", "native_beale", "beale")]:
    for path in pages.get(name, {}).get("widgets", {}).get("optimizers", {}).get("paths", []):
        rows = csv_rows(os.path.join(work, folder, f"{surface}_{path['optimizer']}.csv"))
        if len(rows) != len(path["points"]):
            problems.append(f"{name} {path['optimizer']}: {len(path['points'])} points, native {len(rows)}")
            continue
        for k, (p, row) in enumerate(zip(path["points"][:PATH_STEPS + 1], rows)):
            for v, key in zip(p, ("x", "y", "loss")):
                close(float(f"{v:.10g}"), row[key], f"{name} {path['optimizer']} step {k} {key}", floor=1.0,
                      kind="optimizer path")

# Against `tunet explain-gp`: next x per step (printed) and each step's curves (CSV).
gp = pages.get("gp", {}).get("widgets", {}).get("gp", {}).get("steps", [])
printed = [float(x) for x in re.findall(r"next x = (-?[0-9.]+)", open(os.path.join(work, "native_gp.txt")).read())]
for k in range(1, len(printed) + 1):
    if len(gp) < 3 + k - 1:
        problems.append(f"gp: the page made {len(gp)} steps")
        break
    state = gp[3 + k - 2]  # after the 3 initial points and k - 1 model steps: step k's model and proposal
    close(round(state["next_x"], 4), printed[k - 1], f"gp step {k} next x (4 decimals)", kind="gp")
    rows = csv_rows(os.path.join(work, "native_gp", f"explain_gp_step_{k}.csv"))
    for i, row in enumerate(rows):
        for key in ("mean", "low", "high", "acquisition"):
            scale = max(abs(v) for v in state[key])
            close(float(f"{state[key][i]:.10g}"), row[key], f"gp step {k} {key} at x={row['x']}", floor=scale,
                  kind="gp curve")

# Against `tunet schedule`: every bracket's n_i and r_i, and the totals.
hb = pages.get("hyperband", {}).get("widgets", {}).get("hyperband", {})
text = open(os.path.join(work, "native_schedule.txt")).read()
native_rungs = [(int(n), int(r)) for n, r in re.findall(r"n_\d+=(\d+)\s+r_\d+=(?:[0-9.]+=)?(\d+)", text)]
page_rungs = [(r["models"], r["epochs"]) for b in hb.get("schedule", {}).get("brackets", []) for r in b["rungs"]]
if page_rungs != native_rungs or not page_rungs:
    problems.append(f"hyperband schedule: page {page_rungs}, native {native_rungs}")
for key, pattern in [("total_from_scratch", r"Total epochs=(\d+)"), ("total_continued", r"with continuation=(\d+)"),
                     ("configurations", r"(\d+) configurations")]:
    m = re.search(pattern, text)
    if not m or int(m.group(1)) != hb.get("schedule", {}).get(key):
        problems.append(f"hyperband {key}: page {hb.get('schedule', {}).get(key)}, native {m.group(0) if m else None!r}")

# Network: the first epochs' losses (also in the twin comparison above).
net = pages.get("network", {}).get("widgets", {}).get("network", {})
if len(net.get("epochs", [])) != 5:
    problems.append(f"network: {len(net.get('epochs', []))} epochs, expected 5")

# Bad settings: a message beside the control, nothing run.
for name, expected in [("bad_lr", "learning_rate"), ("bad_optimizer", "bogus"), ("bad_eta", "eta"), ("bad_R", "R"),
                       ("bad_net", "learning_rate")]:
    r, dom = results(name)
    if r is None:
        continue
    messages = re.findall(r'<span class="message">([^<]+)</span>', dom)
    if not any(expected in m for m in messages):
        problems.append(f"{name}: no message naming {expected} beside the control (messages: {messages})")
    if any(c["request"]["call"] in ("optimizer_path", "hyperband_run", "net_epoch") for c in r["calls"]):
        problems.append(f"{name}: a run started despite the bad setting")
    if r["errors"]:
        problems.append(f"{name}: console errors: {r['errors']}")

print(f"check_web: {counts['exact']} numbers bit-identical, {counts['close']} within {REL:g} relative")
print("check_web: largest relative difference by kind: " +
      ", ".join(f"{k} {v:.1e}" for k, v in sorted(largest.items())))
print(f"check_web: optimizer paths past step {PATH_STEPS} first apart by more than {REL:g}: " +
      (", ".join(f"{w.rsplit('.', 1)[0]} {k}" for w, k in first_apart.items()) or "none"))
if problems:
    print("check_web: FAILED:\n  " + "\n  ".join(problems[:30]))
    sys.exit(1)
