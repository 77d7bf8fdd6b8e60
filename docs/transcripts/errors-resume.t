docs/reliability.md: a journal whose continued trial does not hold its
parent's configuration is refused on resume, with both values in full
precision. A small Hyperband search (R = 3: trial 3 continues trial 2), then
the journal's trial 3 moved by a relative 1e-6 (its line's checksum
recomputed, as a real change would leave it), then the same command again.
Regenerate after changing the message: scripts/regen_docs.sh BUILD_DIR errors-resume

  $ . "$TESTDIR/setup.sh" fashion
  $ search() {
  >   build/bin/tunet tune examples/fashion_mlp_hyperband.json --set search.R=3 \
  >     --set data.subset.train=1000 --set data.subset.test=200 --set repo_dir=runs/a
  > }
  $ search > /dev/null
  $ python3 - runs/a/journal.jsonl <<'EOF'
  > import json, sys, zlib
  > lines = open(sys.argv[1]).read().splitlines()
  > for i, line in enumerate(lines):
  >     event = json.loads(line.split("\t")[0])
  >     if event["event"] == "started" and event["trial"] == 3:
  >         event["params"]["dropout"] *= 1 + 1e-6
  >         text = json.dumps(event, separators=(",", ":"))
  >         lines[i] = text + "\t" + format(zlib.crc32(text.encode()), "08x")
  > open(sys.argv[1], "w").write("\n".join(lines) + "\n")
  > EOF

#> mismatch output-only
  $ search 2>&1 >/dev/null
  tunet: error: the journal in runs/a does not match this search at trial 3:
    recorded: {learning_rate=0.00189247, activation="relu", dropout=0.0908596} budget 3 bracket 1 rung 1 continuing trial 2
    this run: {learning_rate=0.00189247, activation="relu", dropout=0.0908595} budget 3 bracket 1 rung 1 continuing trial 2
    dropout: recorded 0.090859623411654267, this run 0.090859532552121716
  [1]
