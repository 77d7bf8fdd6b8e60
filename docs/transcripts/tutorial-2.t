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
  rank  trial  learning_rate  num_dense_layers  num_dense_nodes  activation   dropout  epochs  val_accuracy  epoch  time_s  status
     1     38           0.01                 2              357        relu  0.416819       2         0.825      2 *  completed (glob)
     2     22     0.00397029                 1              330        relu  0.435841       2        0.8175      2 *  completed (glob)
     3     35           0.01                 1              243     sigmoid  0.261932       2        0.8025      2 *  completed (glob)
     4     39           0.01                 1               83     sigmoid  0.277376       2        0.8025      2 *  completed (glob)
     5     15           0.01                 1              473        relu  0.446577       2        0.7975      2 *  completed (glob)
     6     27           0.01                 2              227        relu   0.35021       2          0.79      2 *  completed (glob)
     7     33     0.00501803                 1               29        relu  0.308959       2        0.7825      2 *  completed (glob)
     8     17           0.01                 1              479        relu  0.419294       2          0.77      2 *  completed (glob)
     9     23     0.00140454                 1              465     sigmoid  0.431504       2          0.77      2 *  completed (glob)
    10     37           0.01                 1              290     sigmoid  0.311002       2         0.745      1 *  completed (glob)
  (30 more in results.csv)
  
  Best: trial 38 {learning_rate=0.01, num_dense_layers=2, num_dense_nodes=357, activation="relu", dropout=0.416819}, val_accuracy = 0.825 at epoch 2 of 2; model (that epoch's) in runs/fashion_cnn_gp/best_model.ckpt
  Expected best by the GP mean (expected_minimum): {learning_rate=0.01, num_dense_layers=2, num_dense_nodes=320, activation="relu", dropout=0.410933}, val_accuracy = 0.82939
  Test set (10000 samples, never seen during the search): accuracy = 0.7835 loss = 0.590814

#> bottom
  $ build/bin/tunet results runs/fashion_cnn_gp --top 0 | grep -E '^rank|  0\.1  '
  rank  trial  learning_rate  num_dense_layers  num_dense_nodes  activation    dropout  epochs  val_accuracy  epoch  time_s  status
    33      2    1.74407e-06                 5               59        relu   0.467029       2           0.1      1 *  completed (glob)
    34      3    5.77824e-06                 2              358     sigmoid   0.016321       2           0.1      1 *  completed (glob)
    35     10           0.01                 3              512        relu    0.14357       2           0.1      1 *  completed (glob)
    36     12     0.00103915                 5              156     sigmoid   0.219828       2           0.1      1 *  completed (glob)
    37     18          1e-06                 1               27     sigmoid        0.5       2           0.1      1 *  completed (glob)
    38     25     0.00540567                 5              470        relu   0.291252       2           0.1      1 *  completed (glob)
    39     31           0.01                 4               25        relu   0.489678       2           0.1      1 *  completed (glob)
    40     36           0.01                 4              499        relu   0.360091       2           0.1      1 *  completed (glob)
