#!/usr/bin/env python3
"""The docs' console blocks and the transcripts they are generated from.

A transcript (docs/transcripts/NAME.t) is a cram test (Debian: python3-cram):
`  $ command` lines, `  > ` continuation lines, and the output indented by two
spaces; a line ending in ` (glob)` matches with `*` and `?` (the parts that
change from run to run: times, durations, the compiler), ` (re)` with a
regular expression, ` (esc)` is a line with tabs or other bytes outside
printable ASCII, `[N]` a non-zero exit status. A line `#> NAME` starts the
part of the transcript that the docs show as NAME (`#> NAME output-only`:
without its commands and exit statuses, for excerpts); lines before the
first `#>` and under `#> -` run but are not shown (setup, preparing a file).
Commands run in one bash, from a fresh folder: docs/transcripts/setup.sh.

In a .md file, a fenced block right after `<!-- output: docs/transcripts/NAME.t#PART -->`
shows that part: `$ command` lines and the output of a real run, the one the
transcript was last regenerated from.

  docs_transcripts.py regen [NAME...]   run the transcripts (all, or the named
                                        ones), rewrite them and the blocks that show them
  docs_transcripts.py run NAME          run one transcript with cram (exit 77 when it skips)
  docs_transcripts.py check             every marked block matches its transcript; every
                                        other fenced block names its language (sh, text, cpp,
                                        json, c) and shows no line of tunet's output

regen and run need TUNET_BIN (the tunet to run) and, for the tutorials' C++
programs, TUNET_EXAMPLES_DIR; scripts/regen_docs.sh sets them from a build folder.
"""
import codecs
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRANSCRIPTS = os.path.join(ROOT, "docs", "transcripts")
DOCS = ["README.md"] + sorted(glob.glob("docs/*.md", root_dir=ROOT)) + \
    sorted(glob.glob("docs/tutorials/*.md", root_dir=ROOT))
MARKER = re.compile(r"^<!-- output: docs/transcripts/([\w.-]+)\.t#([\w-]+) -->$")
PART = re.compile(r"^#> ([\w-]+)( output-only)?$")
EXIT = re.compile(r"^\[(\d+)\]$")
CRAM = ["cram3", "--shell=/bin/bash", "--indent=2"]


# ---- reading a transcript -------------------------------------------------

class Part:
    def __init__(self, name, output_only):
        self.name, self.output_only, self.items = name, output_only, []  # items: (command lines, output lines)


def parse(lines):
    """The shown parts of a transcript's lines (without newlines), by name."""
    parts, current, item = {}, None, None
    for line in lines:
        if line.startswith("  $ "):
            item = ([line[4:]], [])
            if current is not None:
                current.items.append(item)
        elif line.startswith("  > ") and item:
            item[0].append(line[4:])
        elif line.startswith("  ") and item:
            item[1].append(line[2:])
        elif PART.match(line):
            name, output_only = PART.match(line).groups()
            current = None if name == "-" else parts.setdefault(name, Part(name, bool(output_only)))
            item = None
    return parts


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")[:-1]


def shown(part):
    """The block's lines: `$ ` + each command (unless output-only), then its output."""
    lines = []
    for command, output in part.items:
        if not part.output_only:
            lines.append("$ " + command[0])
            lines += command[1:]
        for line in output:
            m = EXIT.match(line)
            if m and part.output_only:
                continue  # the transcript checks it; an excerpt shows the output only
            lines.append(f"[exit status {m.group(1)}]" if m else line)
    return lines


# ---- matching, as cram matches ----------------------------------------------

def unescape(line):
    if line.endswith(" (esc)"):
        return codecs.escape_decode(line[:-6].encode())[0].decode()
    return line


def needs_escape(line):
    return re.search(r"[\x00-\x09\x0b-\x1f\x7f-\U0010ffff]", line) is not None


def escape(text):
    """Text as cram writes a line that needs it: bytes outside printable ASCII as \\t or \\xNN."""
    def byte(b):
        return {9: "\\t", 13: "\\r", 92: "\\\\"}.get(b, chr(b) if 32 <= b < 127 else f"\\x{b:02x}")
    return "".join(byte(b) for b in text.encode())


def as_cram_sees(line):
    return escape(line) + " (esc)" if needs_escape(line) else line


def glob_regex(pattern):
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "*?\\":
            out += re.escape(pattern[i + 1])
            i += 2
            continue
        out += ".*" if c == "*" else "." if c == "?" else re.escape(c)
        i += 1
    return out


def matches(expected, actual):
    m = EXIT.match(expected)
    if m:
        return actual == f"[exit status {m.group(1)}]"
    if expected.endswith(" (glob)"):
        return re.fullmatch(glob_regex(expected[:-7]), as_cram_sees(actual), re.S) is not None
    if expected.endswith(" (re)"):
        return re.fullmatch(expected[:-5], as_cram_sees(actual)) is not None
    return unescape(expected) == actual


# ---- masking what changes from run to run ------------------------------------

def glob_escape(text):
    return re.sub(r"([*?\\])", r"\\\1", text)


# What changes from run to run (the shown commands use relative paths): each
# match, or its group "masked", becomes a `*` of a glob line.
MASKS = [
    re.compile(r"(?<= - )\d+(\.\d+)? s$"),                           # an epoch's time
    re.compile(r"(?<=\[)\d+(\.\d+)? s(?=\])"),                       # a trial's time
    re.compile(r"(?<=elapsed )[^;]+(?=;)"),                          # elapsed time
    re.compile(r"(?<=Estimated time left: )[^(]+(?= \()"),           # time left
    re.compile(r"(?<= at )\d+(\.\d+)?(?= s each)"),                  # seconds per epoch
    re.compile(r"(?<=^tunet )\d+\.\d+\.\d+ \(.*\) OpenMP (on|off).*$"),  # version, compiler, kernel
    re.compile(r"(?<=^/bin/bash: line )\d+: +\d+(?= Killed )"),      # the shell's line and process id
    re.compile(r"/tmp/[^\s):]+"),                                    # a temporary folder
    # scripts/embedded_check.sh's host timings
    re.compile(r"(?<=host time per image: )\d+(\.\d+)? us \(\d+ passes"),
    re.compile(r"(?<=\"host_us_per_image\": )\d+(\.\d+)?"),
    re.compile(r"^(float|int8) +\d+ .* (?P<masked>\d+\.\d+)$"),
]


def mask_table(lines):
    """A results table's time_s column becomes `*` (with its padding)."""
    out, column = [], None
    for line in lines:
        fields = line.split()
        if "time_s" in fields and fields[:2] == ["rank", "trial"]:
            column = fields.index("time_s")
            out.append(line)
            continue
        if column is not None and len(fields) > column and re.fullmatch(r"\d+", fields[0] or ""):
            spans = [m.span() for m in re.finditer(r"\S+", line)]
            start = spans[column - 1][1] if column else 0
            end = spans[column][1]
            out.append(glob_escape(line[:start]) + " *" + glob_escape(line[end:]) + " (glob)")
            continue
        if not fields or not re.fullmatch(r"\d+|\.\.\.", fields[0]):
            column = None
        out.append(line)
    return out


def mask(lines):
    """A run's output lines as transcript lines: tabs escaped, changing parts as globs."""
    out = []
    for line in mask_table(lines):
        if line.endswith(" (glob)"):
            out.append(line)
            continue
        spans = [m.span("masked" if "masked" in pattern.groupindex else 0)
                 for pattern in MASKS for m in pattern.finditer(line) if m.end() > m.start()]
        if spans:
            literal = escape if needs_escape(line) else (lambda text: text)
            text, last = "", 0
            for start, end in sorted(spans):
                if start < last:
                    continue
                text += glob_escape(literal(line[last:start])) + "*"
                last = end
            suffix = " (esc)" if needs_escape(line) else ""
            out.append(text + glob_escape(literal(line[last:]) + suffix) + " (glob)")
        else:
            out.append(as_cram_sees(line))
    return out


# ---- running ----------------------------------------------------------------

def environment():
    if not os.environ.get("TUNET_BIN"):
        sys.exit("docs_transcripts: set TUNET_BIN to the tunet to run (scripts/regen_docs.sh does)")
    if shutil.which("cram3") is None:
        print("docs_transcripts: cram3 not found (Debian: python3-cram; scripts/install_deps.sh installs it)")
        sys.exit(77)
    os.environ["TUNET_SOURCE_DIR"] = ROOT  # for setup.sh, also when it runs from a copy


def cram_in_copy(name, lines):
    """Runs `lines` as transcript NAME with cram, in a temporary copy of docs/transcripts
    (cram writes NAME.t.err beside the file it runs): its output, and the .err's lines or None."""
    with tempfile.TemporaryDirectory(prefix="docs_transcripts.") as tmp:
        for helper in glob.glob(os.path.join(TRANSCRIPTS, "*.sh")):
            shutil.copy(helper, tmp)
        path = os.path.join(tmp, name + ".t")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        ran = subprocess.run(CRAM + [name + ".t"], cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return ran, (read_lines(path + ".err") if os.path.exists(path + ".err") else None)


def skipped(ran):
    return re.search(r"# Ran 1 tests, 1 skipped", ran.stdout) is not None


def run(name):
    """cram's exit status, or 77 (CTest: skipped) when the transcript skipped itself."""
    environment()
    ran, _ = cram_in_copy(name, read_lines(os.path.join(TRANSCRIPTS, name + ".t")))
    print(ran.stdout, end="")
    if ran.returncode != 0:
        print(f"docs_transcripts: {name}.t no longer matches what tunet prints (above: - expected, + got). "
              f"If the change is meant, regenerate the transcript and the docs that show it: "
              f"scripts/regen_docs.sh BUILD_DIR {name}")
    return 77 if ran.returncode == 0 and skipped(ran) else ran.returncode


def commands(lines):
    return [line for line in lines if line.startswith(("  $ ", "  > "))]


def run_for_output(name):
    """The transcript's lines with the output of a fresh run in place of what it expects."""
    source = read_lines(os.path.join(TRANSCRIPTS, name + ".t"))
    keep = [line for line in source if line.startswith(("  $ ", "  > ")) or not line.startswith("  ")]
    ran, got = cram_in_copy(name, keep)
    if skipped(ran):
        sys.exit(f"docs_transcripts: {name}.t skipped itself (see docs/transcripts/setup.sh), nothing regenerated")
    got = got if got is not None else keep
    if commands(got) != commands(keep):  # cram feeds the commands on standard input
        sys.exit(f"docs_transcripts: {name}.t lost commands in the run (one of them read its standard "
                 f"input: give it < /dev/null); nothing regenerated")
    return got


def regen(name):
    print(f"docs_transcripts: running {name}.t", flush=True)
    got = run_for_output(name)
    raw = [line if not line.startswith("  ") or line.startswith(("  $ ", "  > "))
           else "  " + unescape(line[2:]) for line in got]
    # The transcript: the commands and comments as they were, each output masked.
    transcript, block = [], []
    for line in raw + [None]:
        if line is not None and line.startswith("  ") and not line.startswith(("  $ ", "  > ")):
            block.append(line[2:])
            continue
        transcript += ["  " + masked if masked else "  " for masked in mask(block)]
        block = []
        if line is not None:
            transcript.append(line)
    with open(os.path.join(TRANSCRIPTS, name + ".t"), "w", encoding="utf-8") as f:
        f.write("\n".join(transcript) + "\n")
    # The docs: each block marked with one of its parts shows the raw run.
    parts = parse(raw)
    for doc in DOCS:
        rewrite_blocks(doc, lambda t, p: shown(parts[p]) if t == name and p in parts else None)


def rewrite_blocks(doc, new_lines):
    path = os.path.join(ROOT, doc)
    lines = read_lines(path)
    out, i, changed = [], 0, False
    while i < len(lines):
        out.append(lines[i])
        m = MARKER.match(lines[i])
        if m and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            end = next((j for j in range(i + 2, len(lines)) if lines[j].startswith("```")), None)
            replacement = new_lines(*m.groups())
            if end is not None and replacement is not None:
                out += [lines[i + 1]] + replacement + [lines[end]]
                changed = changed or lines[i + 2:end] != replacement
                i = end + 1
                continue
        i += 1
    if changed:
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        print(f"docs_transcripts: rewrote {doc}")


# ---- checking the docs --------------------------------------------------------

# An unmarked fenced block with one of these lines shows tunet's output (or a
# console session) and must be generated from a transcript.
OUTPUT_LINE = re.compile(r"^(\$ |Results \(best first|rank  trial|Best: trial|Test set \(|Trial \d+[: (]|"
                         r"Data: train|tunet \d+\.\d+|\s*Epoch \d+/\d+ - |\s*-> completed)")


def blocks(lines):
    """(line number of the fence, language, body, marker match or None) of each fenced block."""
    i = 0
    while i < len(lines):
        fence = re.match(r"^(\s*)```(\S*)", lines[i])
        if fence:
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith("```")), len(lines))
            marker = MARKER.match(lines[i - 1]) if i else None
            yield i + 1, fence.group(2), lines[i + 1:end], marker
            i = end
        i += 1


def check():
    problems, parts_of = [], {}
    for doc in DOCS:
        for number, language, body, marker in blocks(read_lines(os.path.join(ROOT, doc))):
            where = f"{doc}:{number}"
            if marker is None:
                if language == "":
                    problems.append(f"{where}: a fenced block without a language: mark a run's output with "
                                    f"<!-- output: docs/transcripts/NAME.t#PART -->, else say what it is "
                                    f"(```sh for commands, ```text for a listing or a synopsis)")
                elif language not in ("cpp", "c", "json") and any(OUTPUT_LINE.match(line) for line in body):
                    problems.append(f"{where}: a block showing tunet's output without "
                                    f"<!-- output: docs/transcripts/NAME.t#PART --> (see scripts/regen_docs.sh)")
                continue
            name, part = marker.groups()
            path = os.path.join(TRANSCRIPTS, name + ".t")
            if not os.path.exists(path):
                problems.append(f"{where}: no transcript docs/transcripts/{name}.t")
                continue
            parts = parts_of.setdefault(name, parse(read_lines(path)))
            if part not in parts:
                problems.append(f"{where}: docs/transcripts/{name}.t has no part '#> {part}'")
                continue
            expected = shown(parts[part])
            for k in range(max(len(expected), len(body))):
                want = expected[k] if k < len(expected) else "(nothing)"
                got = body[k] if k < len(body) else "(nothing)"
                if k >= len(expected) or k >= len(body) or not matches(want, got):
                    problems.append(f"{where}: line {k + 1} of the block differs from {name}.t#{part}:\n"
                                    f"  transcript: {want}\n  block:      {got}")
                    break
    for problem in problems:
        print(problem)
    if problems:
        print("docs_transcripts: the docs' console blocks and docs/transcripts differ; "
              "regenerate them with scripts/regen_docs.sh BUILD_DIR [NAME...]")
        return 1
    print(f"docs_transcripts: every console block of the docs matches its transcript ({len(parts_of)} transcripts)")
    return 0


def main(argv):
    if len(argv) >= 1 and argv[0] == "check":
        return check()
    if len(argv) == 2 and argv[0] == "run":
        return run(argv[1])
    if len(argv) >= 1 and argv[0] == "regen":
        environment()
        names = argv[1:] or sorted(os.path.basename(p)[:-2] for p in glob.glob(os.path.join(TRANSCRIPTS, "*.t")))
        for name in names:
            regen(name)
        return check()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
