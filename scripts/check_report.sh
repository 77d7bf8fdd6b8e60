#!/usr/bin/env bash
# Opens a search's report page (`tunet report`) in headless Chromium and checks
# that it rendered: every figure the page lists is in the rendered page as an
# SVG, and a screenshot of the whole page is not blank (enough ink, enough
# colours). Writes a screenshot of the top of the page.
#   scripts/check_report.sh REPORT.html [SCREENSHOT.png]
# Skipped (exit 0, with a message) when chromium is not installed
# (Debian: apt-get install chromium) or python3 is missing.
set -euo pipefail
if [ $# -lt 1 ]; then echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2; exit 2; fi
report=$1
shot=${2:-${report%.html}.png}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "check_report: skipped: chromium is not installed (apt-get install chromium)"
  exit 0
fi
if ! command -v python3 > /dev/null; then
  echo "check_report: skipped: python3 is not installed (it reads the screenshot)"
  exit 0
fi
[ -f "$report" ] || { echo "check_report: no such file: $report" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
url="file://$(realpath "$report")"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --disable-dev-shm-usage --no-first-run
       --disable-extensions --user-data-dir="$tmp/profile" --virtual-time-budget=10000)
"$browser" "${flags[@]}" --dump-dom "$url" > "$tmp/dom.html" 2> "$tmp/chromium.log" ||
  { cat "$tmp/chromium.log" >&2; exit 1; }
# The whole page (16,000 CSS pixels tall) at a quarter of the resolution: enough to see ink, quick to read.
"$browser" "${flags[@]}" --window-size=1280,16000 --force-device-scale-factor=0.25 --screenshot="$tmp/page.png" "$url" \
  2>> "$tmp/chromium.log" ||
  { cat "$tmp/chromium.log" >&2; exit 1; }
"$browser" "${flags[@]}" --window-size=1280,1400 --screenshot="$shot" "$url" 2>> "$tmp/chromium.log" ||
  { cat "$tmp/chromium.log" >&2; exit 1; }

python3 - "$report" "$tmp/dom.html" "$tmp/page.png" "$shot" <<'PYTHON'
import re, struct, sys, zlib

report, dom_path, page_png, shot = sys.argv[1:5]
html = open(report, encoding="utf-8").read()
dom = open(dom_path, encoding="utf-8").read()
listed = re.search(r'<meta name="tunet-figures" content="([^"]*)"', html)
figures = listed.group(1).split() if listed else []
problems = []
if "<h1>" not in dom:
    problems.append("the rendered page has no heading")
for name in figures:
    m = re.search(r'<figure[^>]*data-figure="%s"[^>]*>(.*?)</figure>' % re.escape(name), dom, re.S)
    if not m:
        problems.append("figure %s is missing from the rendered page" % name)
    elif "<svg" not in m.group(1) or len(re.findall(r"<(path|use|text|image|polygon|circle)\b", m.group(1))) < 20:
        problems.append("figure %s has no drawing in the rendered page" % name)

def pixels(path):
    """Width, height and rows of RGB(A) bytes of an 8-bit PNG (zlib, the five filters)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path + " is not a PNG"
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    assert depth == 8 and colour in (2, 6), "unexpected PNG format"
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride if f else 0):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows

for path in (page_png, shot):
    width, height, bpp, rows = pixels(path)
    ink, colours = 0, set()
    for y in range(0, height, 4):
        row = rows[y]
        for x in range(0, width * bpp, 4 * bpp):
            rgb = bytes(row[x:x + 3])
            colours.add(rgb)
            ink += rgb != b"\xff\xff\xff"
    share = ink / ((height // 4) * (width // 4))
    print("check_report: %s: %dx%d, %.1f%% not white, %d colours" % (path.split("/")[-1], width, height, 100 * share, len(colours)))
    if share < 0.02 or len(colours) < 16:
        problems.append("the screenshot %s looks blank" % path)

if problems:
    print("check_report: FAILED:\n  " + "\n  ".join(problems))
    sys.exit(1)
print("check_report: %s rendered in headless Chromium with all %d figures" % (report, len(figures)))
PYTHON
echo "check_report: screenshot: $shot"
