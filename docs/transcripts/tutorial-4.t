docs/tutorials/4-optimizers.md: the optimizers' loss curves (examples/optimizer_curves.json)
and the cross-validated grid over Adam's hyperparameters (examples/optimizer_grid.json),
both whole.

  $ . "$TESTDIR/setup.sh" fashion kernel

#> -
  $ OMP_NUM_THREADS=1 build/bin/tunet tune examples/optimizer_curves.json > curves.log

#> curves output-only
  $ sed -n '/^Results/,/^Test set/p' curves.log
  Results (best first; all trials in runs/optimizer_curves/results.csv):
  rank  trial  optimizer  epochs  val_loss  epoch  time_s  status
     1      6      nadam      10  0.431291      9 *  completed (glob)
     2      4    rmsprop      10  0.444745     10 *  completed (glob)
     3      5       adam      10  0.474907      8 *  completed (glob)
     4      2   nesterov      10   0.47557     10 *  completed (glob)
     5      8       lion      10  0.501536      3 *  completed (glob)
     6      1   momentum      10  0.519625     10 *  completed (glob)
     7      0        sgd      10  0.740619      9 *  completed (glob)
     8      3    adagrad      10    1.4612     10 *  completed (glob)
     9      7   adadelta      10   2.28674     10 *  completed (glob)
  
  Best: trial 6 {optimizer="nadam"}, val_loss = 0.431291 at epoch 9 of 10; model (that epoch's) in runs/optimizer_curves/best_model.ckpt
  Test set (2000 samples, never seen during the search): accuracy = 0.8295 loss = 0.487989

#> lion output-only
  $ sed -n '/optimizer="lion"/,/^  -> /p' curves.log
  Trial 8: {optimizer="lion"}
    Epoch 1/10 - loss: 1.1816 - accuracy: 0.5879 - val_loss: 0.6407 - val_accuracy: 0.7717 - * (glob)
    Epoch 2/10 - loss: 0.5889 - accuracy: 0.7808 - val_loss: 0.5124 - val_accuracy: 0.8067 - * (glob)
    Epoch 3/10 - loss: 0.4702 - accuracy: 0.8283 - val_loss: 0.5015 - val_accuracy: 0.8167 - * (glob)
    Epoch 4/10 - loss: 0.3844 - accuracy: 0.8604 - val_loss: 0.5086 - val_accuracy: 0.8033 - * (glob)
    Epoch 5/10 - loss: 0.3071 - accuracy: 0.8867 - val_loss: 0.5120 - val_accuracy: 0.8250 - * (glob)
    Epoch 6/10 - loss: 0.2677 - accuracy: 0.9012 - val_loss: 0.5602 - val_accuracy: 0.8250 - * (glob)
    Epoch 7/10 - loss: 0.2117 - accuracy: 0.9208 - val_loss: 0.5562 - val_accuracy: 0.8433 - * (glob)
    Epoch 8/10 - loss: 0.1672 - accuracy: 0.9350 - val_loss: 0.6135 - val_accuracy: 0.8400 - * (glob)
    Epoch 9/10 - loss: 0.1474 - accuracy: 0.9429 - val_loss: 0.6357 - val_accuracy: 0.8167 - * (glob)
    Epoch 10/10 - loss: 0.1414 - accuracy: 0.9521 - val_loss: 0.6156 - val_accuracy: 0.8267 - * (glob)
    -> completed, val_loss = 0.5015 (epoch 3) [*]; best so far 0.4313 (trial 6); elapsed *; Estimated time left: * (0 epochs at * s each) (glob)

#> -
  $ OMP_NUM_THREADS=1 build/bin/tunet tune examples/optimizer_grid.json > grid.log

#> grid output-only
  $ sed -n '/^Best:/,/^Test set/p' grid.log
  Best: trial 16 {learning_rate=0.01, beta_1=0.9, beta_2=0.9}, val_accuracy = 0.794333 at epoch 2 of 3; model (that epoch's) in runs/optimizer_grid/best_model.ckpt
  Refit: trial 16's configuration on the whole training set (3000 samples, 2 epochs)
  Test set (2000 samples, never seen during the search): accuracy = 0.782 loss = 0.606409

#> grid-table
  $ build/bin/tunet results runs/optimizer_grid --top 0
  rank  trial  learning_rate  beta_1  beta_2  epochs  val_accuracy       std  epoch  time_s  status
     1     16           0.01     0.9     0.9       3      0.794333   0.01761      2 *  completed (glob)
     2     15           0.01     0.9     0.8       3      0.793667  0.008957      3 *  completed (glob)
     3     11           0.01     0.5   0.999       3      0.793333   0.01372      3 *  completed (glob)
     4     14           0.01     0.7   0.999       3         0.792  0.001414      3 *  completed (glob)
     5     10           0.01     0.5     0.9       3      0.789667   0.01112      3 *  completed (glob)
     6     12           0.01     0.7     0.8       3         0.788  0.006683      3 *  completed (glob)
     7     17           0.01     0.9   0.999       3         0.786   0.02005      3 *  completed (glob)
     8      9           0.01     0.5     0.8       3      0.779667   0.01367      3 *  completed (glob)
     9     13           0.01     0.7     0.9       3         0.778    0.0102      2 *  completed (glob)
    10      2          0.001     0.5   0.999       3         0.776   0.01208      3 *  completed (glob)
    11      7          0.001     0.9     0.9       3         0.776   0.01208      3 *  completed (glob)
    12      5          0.001     0.7   0.999       3         0.774   0.01364      3 *  completed (glob)
    13      0          0.001     0.5     0.8       3         0.759   0.02223      3 *  completed (glob)
    14      3          0.001     0.7     0.8       3         0.759   0.02061      3 *  completed (glob)
    15      6          0.001     0.9     0.8       3      0.753667   0.02887      3 *  completed (glob)
    16      1          0.001     0.5     0.9       3         0.752   0.01003      2 *  completed (glob)
    17      8          0.001     0.9   0.999       3      0.751667    0.0125      2 *  completed (glob)
    18      4          0.001     0.7     0.9       3      0.735667   0.01506      2 *  completed (glob)
    19     26            0.1     0.9   0.999       3      0.297667    0.2795      3 *  completed (glob)
    20     22            0.1     0.7     0.9       3         0.289    0.2673      3 *  completed (glob)
    21     18            0.1     0.5     0.8       3           0.1         0      1 *  completed (glob)
    22     19            0.1     0.5     0.9       3           0.1         0      1 *  completed (glob)
    23     20            0.1     0.5   0.999       3           0.1         0      1 *  completed (glob)
    24     21            0.1     0.7     0.8       3           0.1         0      1 *  completed (glob)
    25     23            0.1     0.7   0.999       3           0.1         0      1 *  completed (glob)
    26     24            0.1     0.9     0.8       3           0.1         0      1 *  completed (glob)
    27     25            0.1     0.9     0.9       3           0.1         0      1 *  completed (glob)
