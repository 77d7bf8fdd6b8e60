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
     1      6      nadam      10  0.434043      9 *  completed (glob)
     2      4    rmsprop      10  0.448767     10 *  completed (glob)
     3      5       adam      10  0.470812     10 *  completed (glob)
     4      2   nesterov      10  0.481495     10 *  completed (glob)
     5      8       lion      10  0.496331      4 *  completed (glob)
     6      1   momentum      10  0.517683     10 *  completed (glob)
     7      0        sgd      10  0.740691      9 *  completed (glob)
     8      3    adagrad      10   1.46129     10 *  completed (glob)
     9      7   adadelta      10   2.28674     10 *  completed (glob)
  
  Best: trial 6 {optimizer="nadam"}, val_loss = 0.434043 at epoch 9 of 10; model (that epoch's) in runs/optimizer_curves/best_model.ckpt
  Test set (2000 samples, never seen during the search): accuracy = 0.8325 loss = 0.48943

#> lion output-only
  $ sed -n '/optimizer="lion"/,/^  -> /p' curves.log
  Trial 8: {optimizer="lion"}
    Epoch 1/10 - loss: 1.1809 - accuracy: 0.5871 - val_loss: 0.6355 - val_accuracy: 0.7717 - * (glob)
    Epoch 2/10 - loss: 0.5888 - accuracy: 0.7808 - val_loss: 0.5035 - val_accuracy: 0.8100 - * (glob)
    Epoch 3/10 - loss: 0.4777 - accuracy: 0.8271 - val_loss: 0.5064 - val_accuracy: 0.8183 - * (glob)
    Epoch 4/10 - loss: 0.3884 - accuracy: 0.8554 - val_loss: 0.4963 - val_accuracy: 0.8017 - * (glob)
    Epoch 5/10 - loss: 0.3102 - accuracy: 0.8779 - val_loss: 0.5146 - val_accuracy: 0.8317 - * (glob)
    Epoch 6/10 - loss: 0.2572 - accuracy: 0.9062 - val_loss: 0.5302 - val_accuracy: 0.8150 - * (glob)
    Epoch 7/10 - loss: 0.2103 - accuracy: 0.9192 - val_loss: 0.5422 - val_accuracy: 0.8433 - * (glob)
    Epoch 8/10 - loss: 0.1601 - accuracy: 0.9417 - val_loss: 0.6089 - val_accuracy: 0.8233 - * (glob)
    Epoch 9/10 - loss: 0.1509 - accuracy: 0.9417 - val_loss: 0.6680 - val_accuracy: 0.7967 - * (glob)
    Epoch 10/10 - loss: 0.1320 - accuracy: 0.9554 - val_loss: 0.7558 - val_accuracy: 0.8450 - * (glob)
    -> completed, val_loss = 0.4963 (epoch 4) [*]; best so far 0.4340 (trial 6); elapsed *; Estimated time left: * (0 epochs at * s each) (glob)

#> -
  $ OMP_NUM_THREADS=1 build/bin/tunet tune examples/optimizer_grid.json > grid.log

#> grid output-only
  $ sed -n '/^Best:/,/^Test set/p' grid.log
  Best: trial 11 {learning_rate=0.01, beta_1=0.5, beta_2=0.999}, val_accuracy = 0.795333 at epoch 3 of 3; model (that epoch's) in runs/optimizer_grid/best_model.ckpt
  Refit: trial 11's configuration on the whole training set (3000 samples, 3 epochs)
  Test set (2000 samples, never seen during the search): accuracy = 0.8165 loss = 0.491891

#> grid-table
  $ build/bin/tunet results runs/optimizer_grid --top 0
  rank  trial  learning_rate  beta_1  beta_2  epochs  val_accuracy       std  epoch  time_s  status
     1     11           0.01     0.5   0.999       3      0.795333   0.01406      3 *  completed (glob)
     2     16           0.01     0.9     0.9       3         0.792   0.01512      2 *  completed (glob)
     3     15           0.01     0.9     0.8       3      0.790667   0.01236      3 *  completed (glob)
     4     17           0.01     0.9   0.999       3      0.789667  0.002625      3 *  completed (glob)
     5     13           0.01     0.7     0.9       3      0.786667   0.02604      3 *  completed (glob)
     6     14           0.01     0.7   0.999       3      0.784333  0.006944      3 *  completed (glob)
     7     12           0.01     0.7     0.8       3      0.780333    0.0187      3 *  completed (glob)
     8      2          0.001     0.5   0.999       3      0.777333   0.01342      3 *  completed (glob)
     9     10           0.01     0.5     0.9       3         0.777   0.02412      3 *  completed (glob)
    10      7          0.001     0.9     0.9       3      0.776667   0.01396      3 *  completed (glob)
    11      9           0.01     0.5     0.8       3      0.776333  0.002055      3 *  completed (glob)
    12      5          0.001     0.7   0.999       3      0.772667   0.01281      3 *  completed (glob)
    13      0          0.001     0.5     0.8       3      0.761333   0.02073      3 *  completed (glob)
    14      3          0.001     0.7     0.8       3      0.758333   0.02298      3 *  completed (glob)
    15      1          0.001     0.5     0.9       3         0.756   0.01068      2 *  completed (glob)
    16      6          0.001     0.9     0.8       3      0.755333   0.02793      3 *  completed (glob)
    17      8          0.001     0.9   0.999       3      0.750667   0.01181      2 *  completed (glob)
    18      4          0.001     0.7     0.9       3      0.738667   0.01528      2 *  completed (glob)
    19     26            0.1     0.9   0.999       3         0.305    0.2899      3 *  completed (glob)
    20     22            0.1     0.7     0.9       3         0.301    0.2843      3 *  completed (glob)
    21     18            0.1     0.5     0.8       3           0.1         0      1 *  completed (glob)
    22     19            0.1     0.5     0.9       3           0.1         0      1 *  completed (glob)
    23     20            0.1     0.5   0.999       3           0.1         0      1 *  completed (glob)
    24     21            0.1     0.7     0.8       3           0.1         0      1 *  completed (glob)
    25     23            0.1     0.7   0.999       3           0.1         0      1 *  completed (glob)
    26     24            0.1     0.9     0.8       3           0.1         0      1 *  completed (glob)
    27     25            0.1     0.9     0.9       3           0.1         0      1 *  completed (glob)
