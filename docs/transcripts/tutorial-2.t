docs/tutorials/2-gp-cnn.md: the whole GP search of examples/fashion_cnn_gp.json.

  $ . "$TESTDIR/setup.sh" fashion kernel

#> -
  $ OMP_NUM_THREADS=1 build/bin/tunet tune examples/fashion_cnn_gp.json > tune.log

#> start output-only
  $ sed -n '/^Data:/p; /^Trial 0:/,/^  -> /p' tune.log
  Data: train 3600, validation 400, test 10000; samples (1, 28, 28); 10 classes
  Trial 0: {learning_rate=1e-05, num_dense_layers=1, num_dense_nodes=16, activation="relu", dropout=0}
    Epoch 1/2 - loss: 2.3018 - accuracy: 0.1000 - val_loss: 2.2949 - val_accuracy: 0.1000 - * (glob)
    Epoch 2/2 - loss: 2.2874 - accuracy: 0.1014 - val_loss: 2.2811 - val_accuracy: 0.1075 - * (glob)
    -> completed, val_accuracy = 0.1075 (epoch 2) [*]; best so far 0.1075 (trial 0); elapsed *; Estimated time left: * (78 epochs at * s each) (glob)

#> end output-only
  $ sed -n '/^Results/,/^Test set/p' tune.log
  Results (best first; all trials in runs/fashion_cnn_gp/results.csv):
  rank  trial  learning_rate  num_dense_layers  num_dense_nodes  activation  dropout  epochs  val_accuracy  epoch  time_s  status
     1     22     0.00586434                 1              368        relu        0       2         0.805      2 *  completed (glob)
     2     30    0.000775618                 1              307        relu        0       2           0.8      2 *  completed (glob)
     3     20     0.00267439                 3              512        relu        0       2        0.7975      2 *  completed (glob)
     4     36     0.00685275                 1              370        relu      0.5       2        0.7975      2 *  completed (glob)
     5     31    0.000460108                 1              325        relu        0       2        0.7925      2 *  completed (glob)
     6     12     0.00361217                 1              512        relu        0       2          0.79      2 *  completed (glob)
     7     26     0.00594754                 1              508        relu        0       2        0.7875      2 *  completed (glob)
     8     39     0.00717665                 1              386        relu        0       2        0.7875      1 *  completed (glob)
     9     11           0.01                 1              512        relu        0       2          0.77      2 *  completed (glob)
    10     29           0.01                 1              335        relu        0       2          0.77      2 *  completed (glob)
  (30 more in results.csv)
  
  Best: trial 22 {learning_rate=0.00586434, num_dense_layers=1, num_dense_nodes=368, activation="relu", dropout=0}, val_accuracy = 0.805 at epoch 2 of 2; model (that epoch's) in runs/fashion_cnn_gp/best_model.ckpt
  Expected best by the GP mean (expected_minimum): {learning_rate=0.00603579, num_dense_layers=1, num_dense_nodes=368, activation="relu", dropout=0}, val_accuracy = 0.79926
  Test set (10000 samples, never seen during the search): accuracy = 0.7968 loss = 0.556769

#> bottom
  $ build/bin/tunet results runs/fashion_cnn_gp --top 0 | grep -E '^rank|  0\.1  '
  rank  trial  learning_rate  num_dense_layers  num_dense_nodes  activation    dropout  epochs  val_accuracy  epoch  time_s  status
    38      2    1.74407e-06                 5               59        relu   0.467029       2           0.1      1 *  completed (glob)
    39      3    5.77824e-06                 2              358     sigmoid   0.016321       2           0.1      1 *  completed (glob)
    40     19           0.01                 5              512        relu          0       2           0.1      1 *  completed (glob)
