Config errors (docs/reliability.md, docs/nn.md): each names the field by its
JSON path and the value found, before any data is read; exit status 1.
Regenerate after changing a message: scripts/regen_docs.sh BUILD_DIR errors-config

  $ . "$TESTDIR/setup.sh"
  $ sed 's/"units": 100/"units": "$classes"/' examples/fashion_mlp_hyperband.json > reference.json
  $ printf '{"seed": 21e308}\n' > overflow.json
  $ printf '{\n  "seed": 1,\n}\n' > comma.json

#> config output-only
  $ build/bin/tunet tune examples/fashion_mlp_hyperband.json --set 'space.learning_rate.low="abc"' 2>&1 >/dev/null
  tunet: error: space.learning_rate.low: expected a number, got "abc"
  [1]
  $ build/bin/tunet tune examples/fashion8x8_random.json --set search.n_trials=0 2>&1 >/dev/null
  tunet: error: search.n_trials: expected an integer in [1, 2147483647], got 0
  [1]
  $ build/bin/tunet tune examples/fashion_mlp_hyperband.json --set data.validation_split=1.5 2>&1 >/dev/null
  tunet: error: data.validation_split: expected a fraction in [0, 1), got 1.5
  [1]
  $ build/bin/tunet tune examples/fashion8x8_random.json --set fit.shuffle=3 2>&1 >/dev/null
  tunet: error: fit: unknown field 'shuffle' (expected batch_size, epochs, steps_per_epoch, validation_steps)
  [1]
  $ build/bin/tunet tune reference.json 2>&1 >/dev/null
  tunet: error: model[1].units: unknown hyperparameter reference '$classes' (the space has: learning_rate, activation, dropout)
  [1]
  $ build/bin/tunet tune overflow.json 2>&1 >/dev/null
  tunet: error: overflow.json: malformed JSON: number overflow parsing '21e308'
  [1]
  $ build/bin/tunet tune comma.json 2>&1 >/dev/null
  tunet: error: comma.json:3:1: malformed JSON: syntax error while parsing object key - unexpected '}'; expected string literal
  [1]

#> layer
  $ sed 's/"units": 100/"unit": 100/' examples/fashion_mlp_hyperband.json > typo.json
  $ build/bin/tunet tune typo.json 2>&1 >/dev/null
  tunet: error: model[1]: unknown field 'unit' (did you mean 'units'?)
  [1]
