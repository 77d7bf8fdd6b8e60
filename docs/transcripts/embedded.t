docs/embedded.md: the search under a 64 KB flash budget, what the budget rules
out, and the export as C (the steps of scripts/embedded_tutorial.sh before the
Cortex-M4 board).

  $ . "$TESTDIR/setup.sh" fashion kernel

#> -
  $ ./build/bin/tunet tune examples/fashion_mlp_embedded.json > tune.log

#> tune-start output-only
  $ sed -n '/^tunet /,/^Objective:/p' tune.log
  tunet * (glob)
  Data: train 54000, validation 6000, test 10000; samples (784,); 10 classes
  Search space:
    units: choice {16, 32, 64, 128, 256}
    learning_rate: real [0.0001, 0.1] log-uniform
    activation: choice {"sigmoid", "tanh", "relu"}
    dropout: real [0, 0.9]
  Objective: val_accuracy (maximize, best epoch); repo_dir: runs/fashion_mlp_embedded
  $ sed -n '/^Trial 0 /,/^  -> /p' tune.log
  Trial 0 (bracket s=2, rung 0): {units=16, learning_rate=0.000465998, activation="sigmoid", dropout=0.736405}
    Epoch 1/1 - loss: 2.0996 - accuracy: 0.2009 - val_loss: 1.6253 - val_accuracy: 0.5977 - * (glob)
    -> completed, val_accuracy = 0.5977 (epoch 1) [*]; best so far 0.5977 (trial 0); elapsed *; Estimated time left: * (68 epochs at * s each) (glob)

#> tune-end output-only
  $ sed -n '/^Results/,/^Test set/p' tune.log
  Results (best first; all trials in runs/fashion_mlp_embedded/results.csv):
  rank  trial  bracket  rung  units  learning_rate  activation    dropout  flash_bytes  ram_bytes  epochs  val_accuracy  epoch  time_s  status
     1     12        2     2     64     0.00324449     sigmoid  0.0552484        52664       1360       9      0.885833      8 *  completed (glob)
     2      9        2     1     64     0.00324449     sigmoid  0.0552484        52664       1360       3      0.864833      2 *  completed (glob)
     3     10        2     1     32     0.00796351     sigmoid  0.0664472        26968       1328       3        0.8505      3 *  completed (glob)
     4      4        2     0     64     0.00324449     sigmoid  0.0552484        52664       1360       1      0.842167      1 *  completed (glob)
     5     18        1     1     16    0.000382693        tanh   0.354804        14132       1312       9      0.834667      9 *  completed (glob)
     6      7        2     0     32     0.00796351     sigmoid  0.0664472        26968       1328       1          0.83      1 *  completed (glob)
     7     21        0     0     64      0.0236165     sigmoid    0.58927        52664       1360       9         0.814      9 *  completed (glob)
     8     16        1     0     16    0.000382693        tanh   0.354804        14132       1312       3      0.809167      3 *  completed (glob)
     9     15        1     0     16        0.03487        tanh   0.125943        14132       1312       3      0.782167      2 *  completed (glob)
    10     13        1     0     32     0.00151571        tanh   0.773729        26980       1328       3      0.769833      3 *  completed (glob)
  (12 more in results.csv)
  
  Best: trial 12 {units=64, learning_rate=0.00324449, activation="sigmoid", dropout=0.0552484}, val_accuracy = 0.885833 at epoch 8 of 9; model (that epoch's) in runs/fashion_mlp_embedded/best_model.ckpt
  Test set (10000 samples, never seen during the search): accuracy = 0.8697 loss = 0.359295

#> widths output-only
  $ ./build/bin/tunet tune examples/fashion_mlp_embedded.json --set repo_dir=runs/fashion_mlp_embedded_widths \
  >   --set 'space={"units": {"type": "choice", "values": [16, 32, 64, 128, 256]}, "learning_rate": {"type": "choice", "values": [0.003]}, "activation": {"type": "choice", "values": ["sigmoid"]}, "dropout": {"type": "choice", "values": [0.05]}}' \
  >   --set 'search={"algorithm": "grid", "epochs": 1, "objective": "val_accuracy", "constraints": {"flash_bytes": {"max": 65536}}}' |
  >   sed -n '/^Trial 3:/,/^Test set/p'
  Trial 3: {units=128, learning_rate=0.003, activation="sigmoid", dropout=0.05}
    -> infeasible: flash_bytes 104056 > max 65536 [*]; best so far 0.8412 (trial 2); elapsed *; Estimated time left: * (1 epochs at * s each) (glob)
  Trial 4: {units=256, learning_rate=0.003, activation="sigmoid", dropout=0.05}
    -> infeasible: flash_bytes 206840 > max 65536 [*]; best so far 0.8412 (trial 2); elapsed *; Estimated time left: * (0 epochs at * s each) (glob)
  
  Results (best first; all trials in runs/fashion_mlp_embedded_widths/results.csv):
  rank  trial  units  learning_rate  activation  dropout  flash_bytes  ram_bytes  epochs  val_accuracy  epoch  time_s  status
     1      2     64          0.003     sigmoid     0.05        52664       1360       1      0.841167      1 *  completed (glob)
     2      1     32          0.003     sigmoid     0.05        26968       1328       1      0.835167      1 *  completed (glob)
     3      0     16          0.003     sigmoid     0.05        14120       1312       1      0.827667      1 *  completed (glob)
     4      3    128          0.003     sigmoid     0.05       104056       1424       1             -      - *  infeasible: flash_bytes 104056 > max 65536 (glob)
     5      4    256          0.003     sigmoid     0.05       206840       1552       1             -      - *  infeasible: flash_bytes 206840 > max 65536 (glob)
  
  Best: trial 2 {units=64, learning_rate=0.003, activation="sigmoid", dropout=0.05}, val_accuracy = 0.841167 at epoch 1 of 1; model (that epoch's) in runs/fashion_mlp_embedded_widths/best_model.ckpt
  Test set (10000 samples, never seen during the search): accuracy = 0.8301 loss = 0.46944

#> export
  $ ./build/bin/tunet export runs/fashion_mlp_embedded/best_model.ckpt --format c --out runs/fashion_mlp_embedded_c/int8 \
  >   --int8 --calibration examples/fashion_mlp_embedded.json
  wrote runs/fashion_mlp_embedded_c/int8/model.h and runs/fashion_mlp_embedded_c/int8/model.c (int8, arena 848 bytes, calibrated on 1000 samples, input scale 0.00392157 zero point -128)
  $ ./build/bin/tunet export runs/fashion_mlp_embedded/best_model.ckpt --format c --out runs/fashion_mlp_embedded_c/float
  wrote runs/fashion_mlp_embedded_c/float/model.h and runs/fashion_mlp_embedded_c/float/model.c (float, arena 256 bytes)
