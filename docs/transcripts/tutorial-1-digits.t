docs/tutorials/1-hyperband-first-steps.md: the same search on the MNIST digits,
from the config and from C++ (skipped when the digits are not installed:
scripts/install_deps.sh --digits).

  $ . "$TESTDIR/setup.sh" digits kernel

#> -
  $ OMP_NUM_THREADS=1 build/bin/tunet tune examples/mnist_digits_mlp_hyperband.json > tune.log

#> end output-only
  $ sed -n '/^Results/,/^Test set/p' tune.log
  Results (best first; all trials in runs/mnist_digits_mlp_hyperband/results.csv):
  rank  trial  bracket  rung  learning_rate  activation     dropout  epochs  val_loss  epoch  time_s  status
     1     12        2     2     0.00189247        relu   0.0908595      20  0.162133     16 *  completed (glob)
     2      9        2     1     0.00189247        relu   0.0908595       7  0.188058      7 *  completed (glob)
     3     18        1     1     0.00313037        relu    0.519509      20  0.197055     15 *  completed (glob)
     4     11        2     1     0.00968496     sigmoid    0.487847       7  0.239329      7 *  completed (glob)
     5     14        1     0     0.00313037        relu    0.519509       7  0.241015      7 *  completed (glob)
     6     20        0     0     0.00136753        relu      0.5945      20   0.25374     20 *  completed (glob)
     7     21        0     0    0.000826547        tanh    0.354188      20  0.254187     20 *  completed (glob)
     8     10        2     1      0.0117612        tanh  0.00571806       7  0.276504      3 *  completed (glob)
     9      2        2     0     0.00189247        relu   0.0908595       2  0.289721      2 *  completed (glob)
    10     16        1     0     0.00053519        tanh    0.048185       7  0.294923      7 *  completed (glob)
  (12 more in results.csv)
  
  Best: trial 12 {learning_rate=0.00189247, activation="relu", dropout=0.0908595}, val_loss = 0.162133 at epoch 16 of 20; model (that epoch's) in runs/mnist_digits_mlp_hyperband/best_model.ckpt
  Test set (1505 samples, never seen during the search): accuracy = 0.94485 loss = 0.200145

#> cpp
  $ OMP_NUM_THREADS=1 build/examples/hyperband_mlp mnist_digits 20 3 | sed -n '/^rank  trial/,$p'
  rank  trial  bracket  rung  learning_rate  activation     dropout  epochs  val_loss  epoch  time_s  status
     1     12        2     2     0.00189247        relu   0.0908595      20  0.162133     16 *  completed (glob)
     2      9        2     1     0.00189247        relu   0.0908595       7  0.188058      7 *  completed (glob)
     3     18        1     1     0.00313037        relu    0.519509      20  0.197055     15 *  completed (glob)
     4     11        2     1     0.00968496     sigmoid    0.487847       7  0.239329      7 *  completed (glob)
     5     14        1     0     0.00313037        relu    0.519509       7  0.241015      7 *  completed (glob)
     6     20        0     0     0.00136753        relu      0.5945      20   0.25374     20 *  completed (glob)
     7     21        0     0    0.000826547        tanh    0.354188      20  0.254187     20 *  completed (glob)
     8     10        2     1      0.0117612        tanh  0.00571806       7  0.276504      3 *  completed (glob)
     9      2        2     0     0.00189247        relu   0.0908595       2  0.289721      2 *  completed (glob)
    10     16        1     0     0.00053519        tanh    0.048185       7  0.294923      7 *  completed (glob)
  (12 more in results.csv)
  Test set (1505 images, never seen during the search): accuracy = 0.9449
