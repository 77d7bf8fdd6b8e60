docs/tutorials/1-hyperband-first-steps.md: the reduced search killed with
SIGKILL in the middle of trial 16 (TUNET_CRASH_AT: the same point every run),
then the same command again.

  $ . "$TESTDIR/setup.sh" fashion kernel

#> kill
  $ TUNET_CRASH_AT=epoch_journal:32 build/bin/tunet tune examples/fashion_mlp_hyperband.json \
  >   --set search.R=9 --set data.subset.train=5000 --set data.subset.test=1000 --set repo_dir=runs/kr > kill.log
  /bin/bash: line * Killed                  TUNET_CRASH_AT=epoch_journal:32 build/bin/tunet tune examples/fashion_mlp_hyperband.json --set search.R=9 --set data.subset.train=5000 --set data.subset.test=1000 --set repo_dir=runs/kr > kill.log (glob)
  [137]
  $ tail -n 3 kill.log
    -> completed, val_loss = 1.0383 (epoch 3) [*]; best so far 0.5988 (trial 12); elapsed *; Estimated time left: * (39 epochs at * s each) (glob)
  Trial 16 (bracket s=1, rung 0): {learning_rate=0.00053519, activation="tanh", dropout=0.048185}
    Epoch 1/3 - loss: 1.1967 - accuracy: 0.6216 - val_loss: 0.9740 - val_accuracy: 0.6900 - * (glob)
  $ build/bin/tunet tune examples/fashion_mlp_hyperband.json \
  >   --set search.R=9 --set data.subset.train=5000 --set data.subset.test=1000 --set repo_dir=runs/kr |
  >   sed -n '/^Resuming/p; /^Trial 16 /,/^Trial 17 /p'
  Resuming the search in runs/kr (17 trials recorded)
  Trial 16 (bracket s=1, rung 0): {learning_rate=0.00053519, activation="tanh", dropout=0.048185}, resuming after an interruption
    Epoch 2/3 - loss: 0.7776 - accuracy: 0.7467 - val_loss: 0.7714 - val_accuracy: 0.7360 - * (glob)
    Epoch 3/3 - loss: 0.6636 - accuracy: 0.7804 - val_loss: 0.6848 - val_accuracy: 0.7800 - * (glob)
    -> completed, val_loss = 0.6848 (epoch 3) [*]; best so far 0.5988 (trial 12); elapsed *; Estimated time left: * (36 epochs at * s each) (glob)
  Trial 17 (bracket s=1, rung 0): {learning_rate=0.000166529, activation="sigmoid", dropout=0.648845}
