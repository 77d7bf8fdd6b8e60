docs/tutorials/3-random-vs-hyperband.md: Hyperband's whole search of
examples/fashion8x8_hyperband.json, random search on the same budget (11
configurations of 6 epochs: the config's 100 take about half an hour), and the
validation leak program.

  $ . "$TESTDIR/setup.sh" fashion kernel

#> random
  $ OMP_NUM_THREADS=1 build/bin/tunet tune examples/fashion8x8_random.json --set search.n_trials=11 |
  >   sed -n '/^Results/,/^Test set/p'
  Results (best first; all trials in runs/fashion8x8_random/results.csv):
  rank  trial  layers  units_1  units_2  units_3   dropout  learning_rate  activation  optimizer  epochs  val_accuracy  epoch  time_s  status
     1      8       1      128        -        -   0.33845     0.00208686        silu       lion       6      0.860728      6 *  completed (glob)
     2      2       2      256      128        -  0.141026     0.00227494        silu       adam       6      0.856829      6 *  completed (glob)
     3      7       2      128      256        -    0.1598    0.000248806        selu       lion       6       0.84953      6 *  completed (glob)
     4      9       1      512        -        -  0.327504    0.000984981        gelu       adam       6      0.830134      6 *  completed (glob)
     5      3       1      256        -        -  0.499643     0.00134619        selu       lion       6      0.819936      6 *  completed (glob)
     6     10       1      512        -        -  0.214797    0.000388515        selu       adam       6      0.811038      6 *  completed (glob)
     7      1       1      128        -        -   0.49869     0.00027799        celu       lion       6      0.809138      6 *  completed (glob)
     8      4       1      128        -        -   0.41466    0.000104349        gelu       lion       6      0.786143      6 *  completed (glob)
     9      5       3      128      128      512  0.310002     0.00355986         elu       lion       6      0.775045      1 *  completed (glob)
    10      0       1      128        -        -   0.15156    0.000162657        celu       adam       6      0.773945      6 *  completed (glob)
  (1 more in results.csv)
  
  Best: trial 8 {layers=1, units_1=128, dropout=0.33845, learning_rate=0.00208686, activation="silu", optimizer="lion"}, val_accuracy = 0.860728 at epoch 6 of 6; model (that epoch's) in runs/fashion8x8_random/best_model.ckpt
  Test set (10000 samples, never seen during the search): accuracy = 0.8474 loss = 0.41742

#> hyperband
  $ OMP_NUM_THREADS=1 build/bin/tunet tune examples/fashion8x8_hyperband.json | sed -n '/^Results/,/^Test set/p'
  Results (best first; all trials in runs/fashion8x8_hyperband/results.csv):
  rank  trial  bracket  rung  layers  units_1  units_2  units_3   dropout  learning_rate  activation  optimizer  epochs  val_accuracy  epoch  time_s  status
     1     20        0     0       3      256      128      256  0.286994    0.000439479        gelu       lion       9      0.872725      9 *  completed (glob)
     2     21        0     0       2      512      512        -   0.13639    0.000234271        relu       adam       9      0.866827      8 *  completed (glob)
     3     12        2     2       1      128        -        -   0.33845     0.00208686        silu       lion       9      0.864627      9 *  completed (glob)
     4      9        2     1       1      128        -        -   0.33845     0.00208686        silu       lion       3       0.85163      3 *  completed (glob)
     5     19        0     0       1      128        -        -  0.268675     0.00669996         elu       lion       9      0.847031      8 *  completed (glob)
     6     17        1     0       3      128      128      256  0.163768     0.00256077        gelu       lion       3      0.843631      2 *  completed (glob)
     7     11        2     1       2      256      128        -  0.141026     0.00227494        silu       adam       3      0.838532      3 *  completed (glob)
     8     15        1     0       3      256      256      512  0.337573     0.00249637        silu       adam       3      0.832234      3 *  completed (glob)
     9      8        2     0       1      128        -        -   0.33845     0.00208686        silu       lion       1      0.817536      1 *  completed (glob)
    10     10        2     1       1      256        -        -  0.499643     0.00134619        selu       lion       3      0.807139      2 *  completed (glob)
  (12 more in results.csv)
  
  Best: trial 20 {layers=3, units_1=256, units_2=128, units_3=256, dropout=0.286994, learning_rate=0.000439479, activation="gelu", optimizer="lion"}, val_accuracy = 0.872725 at epoch 9 of 9; model (that epoch's) in runs/fashion8x8_hyperband/best_model.ckpt
  Test set (10000 samples, never seen during the search): accuracy = 0.855 loss = 0.385307

#> leak
  $ OMP_NUM_THREADS=1 build/examples/validation_leak
  train 10000, validation 2000, test 10000; samples (64,); 10 classes; test A 1000, test B 9000
  30 models, 4 epochs each; accuracy on:
  trial  validation    test A    test B
      0      0.7420    0.7230    0.7283
      1      0.7910    0.7750    0.7773
      2      0.6620    0.6650    0.6713
      3      0.7470    0.7360    0.7339
      4      0.7675    0.7570    0.7593
      5      0.7085    0.7160    0.7061
      6      0.5590    0.5480    0.5628
      7      0.7785    0.7640    0.7690
      8      0.7075    0.7010    0.6996
      9      0.6975    0.6810    0.6888
     10      0.6015    0.5910    0.5932
     11      0.8010    0.7950    0.7932
     12      0.7595    0.7510    0.7543
     13      0.7890    0.7700    0.7732
     14      0.7780    0.7710    0.7818
     15      0.7615    0.7580    0.7589
     16      0.5195    0.5230    0.5259
     17      0.6915    0.6960    0.6679
     18      0.7790    0.7730    0.7730
     19      0.8050    0.7920    0.7939
     20      0.7560    0.7540    0.7533
     21      0.7525    0.7430    0.7454
     22      0.7535    0.7470    0.7519
     23      0.7615    0.7460    0.7433
     24      0.7790    0.7590    0.7626
     25      0.7890    0.7550    0.7616
     26      0.7930    0.7210    0.7220
     27      0.7465    0.7430    0.7388
     28      0.7705    0.7680    0.7662
     29      0.7900    0.8030    0.7831
  
  The winner and the accuracy one would report for it:
  chosen on validation, test A once  trial 19  reported 0.7920  test B (new images) 0.7939  optimism -0.0019
  chosen on test A (the leak)        trial 29  reported 0.8030  test B (new images) 0.7831  optimism +0.0199
