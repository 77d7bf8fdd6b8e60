docs/tutorials/1-hyperband-first-steps.md: the full search of
examples/fashion_mlp_hyperband.json (the README's main job: its whole output is
below).

  $ . "$TESTDIR/setup.sh" fashion kernel

#> -
  $ OMP_NUM_THREADS=1 build/bin/tunet tune examples/fashion_mlp_hyperband.json | tee tune.log
  tunet * (glob)
  Data: train 54000, validation 6000, test 10000; samples (784,); 10 classes
  Search space:
    learning_rate: real [0.0001, 0.1] log-uniform
    activation: choice {"sigmoid", "tanh", "relu"}
    dropout: real [0, 0.9]
  Objective: val_loss (minimize, best epoch); repo_dir: runs/fashion_mlp_hyperband
  ----------------------------------------------------------------------------------------------------
  \trun=1\t\trun=2\t\trun=3\t (esc)
  \tmodels\tepochs\tmodels\tepochs\tmodels\tepochs (esc)
  Init\t9\t2\t5\t7\t3\t20 (esc)
  Cont\t3\t7\t1\t20 (esc)
  Cont\t1\t20 (esc)
  ----------------------------------------------------------------------------------------------------
  Total epochs=174
  Total epochs with continuation=154 (survivors resume from their checkpoint; 17 configurations, R=20, eta=3)
  ----------------------------------------------------------------------------------------------------
  Trial 0 (bracket s=2, rung 0): {learning_rate=0.000120881, activation="sigmoid", dropout=0.20857}
    Epoch 1/2 - loss: 1.4278 - accuracy: 0.5639 - val_loss: 0.9552 - val_accuracy: 0.7367 - * (glob)
    Epoch 2/2 - loss: 0.8785 - accuracy: 0.7213 - val_loss: 0.7283 - val_accuracy: 0.7813 - * (glob)
    -> completed, val_loss = 0.7283 (epoch 2) [*]; best so far 0.7283 (trial 0); elapsed *; Estimated time left: * (152 epochs at * s each) (glob)
  Trial 1 (bracket s=2, rung 0): {learning_rate=0.0284894, activation="tanh", dropout=0.434676}
    Epoch 1/2 - loss: 1.2608 - accuracy: 0.6162 - val_loss: 0.8473 - val_accuracy: 0.6865 - * (glob)
    Epoch 2/2 - loss: 1.0006 - accuracy: 0.6871 - val_loss: 0.9802 - val_accuracy: 0.7267 - * (glob)
    -> completed, val_loss = 0.8473 (epoch 1) [*]; best so far 0.7283 (trial 0); elapsed *; Estimated time left: * (150 epochs at * s each) (glob)
  Trial 2 (bracket s=2, rung 0): {learning_rate=0.00189247, activation="relu", dropout=0.0908595}
    Epoch 1/2 - loss: 0.6040 - accuracy: 0.7834 - val_loss: 0.4149 - val_accuracy: 0.8537 - * (glob)
    Epoch 2/2 - loss: 0.4260 - accuracy: 0.8447 - val_loss: 0.3957 - val_accuracy: 0.8533 - * (glob)
    -> completed, val_loss = 0.3957 (epoch 2) [*]; best so far 0.3957 (trial 2); elapsed *; Estimated time left: * (148 epochs at * s each) (glob)
  Trial 3 (bracket s=2, rung 0): {learning_rate=0.0240207, activation="sigmoid", dropout=0.531897}
    Epoch 1/2 - loss: 0.8377 - accuracy: 0.6923 - val_loss: 0.5402 - val_accuracy: 0.7922 - * (glob)
    Epoch 2/2 - loss: 0.7337 - accuracy: 0.7358 - val_loss: 0.5192 - val_accuracy: 0.7950 - * (glob)
    -> completed, val_loss = 0.5192 (epoch 2) [*]; best so far 0.3957 (trial 2); elapsed *; Estimated time left: * (146 epochs at * s each) (glob)
  Trial 4 (bracket s=2, rung 0): {learning_rate=0.0117612, activation="tanh", dropout=0.00571806}
    Epoch 1/2 - loss: 0.7269 - accuracy: 0.7387 - val_loss: 0.7017 - val_accuracy: 0.7438 - * (glob)
    Epoch 2/2 - loss: 0.5381 - accuracy: 0.8050 - val_loss: 0.4740 - val_accuracy: 0.8252 - * (glob)
    -> completed, val_loss = 0.4740 (epoch 2) [*]; best so far 0.3957 (trial 2); elapsed *; Estimated time left: * (144 epochs at * s each) (glob)
  Trial 5 (bracket s=2, rung 0): {learning_rate=0.000317953, activation="sigmoid", dropout=0.635432}
    Epoch 1/2 - loss: 1.4714 - accuracy: 0.4831 - val_loss: 0.8444 - val_accuracy: 0.7462 - * (glob)
    Epoch 2/2 - loss: 0.9702 - accuracy: 0.6505 - val_loss: 0.6853 - val_accuracy: 0.7715 - * (glob)
    -> completed, val_loss = 0.6853 (epoch 2) [*]; best so far 0.3957 (trial 2); elapsed *; Estimated time left: * (142 epochs at * s each) (glob)
  Trial 6 (bracket s=2, rung 0): {learning_rate=0.000268482, activation="relu", dropout=0.392225}
    Epoch 1/2 - loss: 1.0274 - accuracy: 0.6342 - val_loss: 0.6195 - val_accuracy: 0.7913 - * (glob)
    Epoch 2/2 - loss: 0.6986 - accuracy: 0.7506 - val_loss: 0.5324 - val_accuracy: 0.8188 - * (glob)
    -> completed, val_loss = 0.5324 (epoch 2) [*]; best so far 0.3957 (trial 2); elapsed *; Estimated time left: * (140 epochs at * s each) (glob)
  Trial 7 (bracket s=2, rung 0): {learning_rate=0.00324449, activation="sigmoid", dropout=0.0552484}
    Epoch 1/2 - loss: 0.5803 - accuracy: 0.7957 - val_loss: 0.4304 - val_accuracy: 0.8388 - * (glob)
    Epoch 2/2 - loss: 0.4210 - accuracy: 0.8458 - val_loss: 0.3912 - val_accuracy: 0.8555 - * (glob)
    -> completed, val_loss = 0.3912 (epoch 2) [*]; best so far 0.3912 (trial 7); elapsed *; Estimated time left: * (138 epochs at * s each) (glob)
  Trial 8 (bracket s=2, rung 0): {learning_rate=0.00968496, activation="sigmoid", dropout=0.487847}
    Epoch 1/2 - loss: 0.7162 - accuracy: 0.7357 - val_loss: 0.4692 - val_accuracy: 0.8283 - * (glob)
    Epoch 2/2 - loss: 0.6031 - accuracy: 0.7797 - val_loss: 0.4663 - val_accuracy: 0.8222 - * (glob)
    -> completed, val_loss = 0.4663 (epoch 2) [*]; best so far 0.3912 (trial 7); elapsed *; Estimated time left: * (136 epochs at * s each) (glob)
  Trial 9 (bracket s=2, rung 1): {learning_rate=0.00324449, activation="sigmoid", dropout=0.0552484}, continuing trial 7 from epoch 2
    Epoch 3/7 - loss: 0.3835 - accuracy: 0.8594 - val_loss: 0.4142 - val_accuracy: 0.8445 - * (glob)
    Epoch 4/7 - loss: 0.3577 - accuracy: 0.8676 - val_loss: 0.3449 - val_accuracy: 0.8758 - * (glob)
    Epoch 5/7 - loss: 0.3405 - accuracy: 0.8739 - val_loss: 0.3286 - val_accuracy: 0.8810 - * (glob)
    Epoch 6/7 - loss: 0.3271 - accuracy: 0.8780 - val_loss: 0.3369 - val_accuracy: 0.8795 - * (glob)
    Epoch 7/7 - loss: 0.3149 - accuracy: 0.8818 - val_loss: 0.3247 - val_accuracy: 0.8842 - * (glob)
    -> completed, val_loss = 0.3247 (epoch 7) [*]; best so far 0.3247 (trial 9); elapsed *; Estimated time left: * (131 epochs at * s each) (glob)
  Trial 10 (bracket s=2, rung 1): {learning_rate=0.00189247, activation="relu", dropout=0.0908595}, continuing trial 2 from epoch 2
    Epoch 3/7 - loss: 0.3858 - accuracy: 0.8568 - val_loss: 0.3671 - val_accuracy: 0.8662 - * (glob)
    Epoch 4/7 - loss: 0.3620 - accuracy: 0.8662 - val_loss: 0.3732 - val_accuracy: 0.8573 - * (glob)
    Epoch 5/7 - loss: 0.3481 - accuracy: 0.8728 - val_loss: 0.3466 - val_accuracy: 0.8715 - * (glob)
    Epoch 6/7 - loss: 0.3346 - accuracy: 0.8770 - val_loss: 0.3100 - val_accuracy: 0.8857 - * (glob)
    Epoch 7/7 - loss: 0.3275 - accuracy: 0.8787 - val_loss: 0.3293 - val_accuracy: 0.8787 - * (glob)
    -> completed, val_loss = 0.3100 (epoch 6) [*]; best so far 0.3100 (trial 10); elapsed *; Estimated time left: * (126 epochs at * s each) (glob)
  Trial 11 (bracket s=2, rung 1): {learning_rate=0.00968496, activation="sigmoid", dropout=0.487847}, continuing trial 8 from epoch 2
    Epoch 3/7 - loss: 0.5884 - accuracy: 0.7867 - val_loss: 0.4372 - val_accuracy: 0.8342 - * (glob)
    Epoch 4/7 - loss: 0.5833 - accuracy: 0.7886 - val_loss: 0.4360 - val_accuracy: 0.8333 - * (glob)
    Epoch 5/7 - loss: 0.5742 - accuracy: 0.7948 - val_loss: 0.4231 - val_accuracy: 0.8422 - * (glob)
    Epoch 6/7 - loss: 0.5715 - accuracy: 0.7956 - val_loss: 0.4129 - val_accuracy: 0.8492 - * (glob)
    Epoch 7/7 - loss: 0.5685 - accuracy: 0.7969 - val_loss: 0.4144 - val_accuracy: 0.8507 - * (glob)
    -> completed, val_loss = 0.4129 (epoch 6) [*]; best so far 0.3100 (trial 10); elapsed *; Estimated time left: * (121 epochs at * s each) (glob)
  Trial 12 (bracket s=2, rung 2): {learning_rate=0.00189247, activation="relu", dropout=0.0908595}, continuing trial 10 from epoch 7
    Epoch 8/20 - loss: 0.3217 - accuracy: 0.8816 - val_loss: 0.3169 - val_accuracy: 0.8880 - * (glob)
    Epoch 9/20 - loss: 0.3154 - accuracy: 0.8840 - val_loss: 0.3263 - val_accuracy: 0.8802 - * (glob)
    Epoch 10/20 - loss: 0.3049 - accuracy: 0.8871 - val_loss: 0.3256 - val_accuracy: 0.8842 - * (glob)
    Epoch 11/20 - loss: 0.3024 - accuracy: 0.8882 - val_loss: 0.3354 - val_accuracy: 0.8852 - * (glob)
    Epoch 12/20 - loss: 0.2978 - accuracy: 0.8902 - val_loss: 0.3073 - val_accuracy: 0.8897 - * (glob)
    Epoch 13/20 - loss: 0.2958 - accuracy: 0.8916 - val_loss: 0.3140 - val_accuracy: 0.8907 - * (glob)
    Epoch 14/20 - loss: 0.2919 - accuracy: 0.8919 - val_loss: 0.3209 - val_accuracy: 0.8867 - * (glob)
    Epoch 15/20 - loss: 0.2882 - accuracy: 0.8947 - val_loss: 0.3188 - val_accuracy: 0.8843 - * (glob)
    Epoch 16/20 - loss: 0.2857 - accuracy: 0.8943 - val_loss: 0.3106 - val_accuracy: 0.8922 - * (glob)
    Epoch 17/20 - loss: 0.2808 - accuracy: 0.8974 - val_loss: 0.3161 - val_accuracy: 0.8930 - * (glob)
    Epoch 18/20 - loss: 0.2817 - accuracy: 0.8955 - val_loss: 0.3406 - val_accuracy: 0.8857 - * (glob)
    Epoch 19/20 - loss: 0.2788 - accuracy: 0.8967 - val_loss: 0.3193 - val_accuracy: 0.8932 - * (glob)
    Epoch 20/20 - loss: 0.2765 - accuracy: 0.8968 - val_loss: 0.3368 - val_accuracy: 0.8932 - * (glob)
    -> completed, val_loss = 0.3073 (epoch 12) [*]; best so far 0.3073 (trial 12); elapsed *; Estimated time left: * (108 epochs at * s each) (glob)
  Trial 13 (bracket s=1, rung 0): {learning_rate=0.00610357, activation="sigmoid", dropout=0.848495}
    Epoch 1/7 - loss: 1.3322 - accuracy: 0.4943 - val_loss: 0.7503 - val_accuracy: 0.7078 - * (glob)
    Epoch 2/7 - loss: 1.1631 - accuracy: 0.5604 - val_loss: 0.7311 - val_accuracy: 0.7208 - * (glob)
    Epoch 3/7 - loss: 1.1515 - accuracy: 0.5659 - val_loss: 0.7257 - val_accuracy: 0.7253 - * (glob)
    Epoch 4/7 - loss: 1.1517 - accuracy: 0.5749 - val_loss: 0.7219 - val_accuracy: 0.7182 - * (glob)
    Epoch 5/7 - loss: 1.1484 - accuracy: 0.5766 - val_loss: 0.7292 - val_accuracy: 0.7168 - * (glob)
    Epoch 6/7 - loss: 1.1574 - accuracy: 0.5766 - val_loss: 0.7315 - val_accuracy: 0.7130 - * (glob)
    Epoch 7/7 - loss: 1.1627 - accuracy: 0.5779 - val_loss: 0.7272 - val_accuracy: 0.7127 - * (glob)
    -> completed, val_loss = 0.7219 (epoch 4) [*]; best so far 0.3073 (trial 12); elapsed *; Estimated time left: * (101 epochs at * s each) (glob)
  Trial 14 (bracket s=1, rung 0): {learning_rate=0.00313037, activation="relu", dropout=0.519509}
    Epoch 1/7 - loss: 0.8097 - accuracy: 0.7017 - val_loss: 0.5427 - val_accuracy: 0.7678 - * (glob)
    Epoch 2/7 - loss: 0.6494 - accuracy: 0.7649 - val_loss: 0.4657 - val_accuracy: 0.8348 - * (glob)
    Epoch 3/7 - loss: 0.6258 - accuracy: 0.7736 - val_loss: 0.4548 - val_accuracy: 0.8323 - * (glob)
    Epoch 4/7 - loss: 0.6150 - accuracy: 0.7816 - val_loss: 0.4380 - val_accuracy: 0.8467 - * (glob)
    Epoch 5/7 - loss: 0.6176 - accuracy: 0.7807 - val_loss: 0.4541 - val_accuracy: 0.8238 - * (glob)
    Epoch 6/7 - loss: 0.6151 - accuracy: 0.7822 - val_loss: 0.4466 - val_accuracy: 0.8358 - * (glob)
    Epoch 7/7 - loss: 0.6153 - accuracy: 0.7826 - val_loss: 0.4182 - val_accuracy: 0.8505 - * (glob)
    -> completed, val_loss = 0.4182 (epoch 7) [*]; best so far 0.3073 (trial 12); elapsed *; Estimated time left: * (94 epochs at * s each) (glob)
  Trial 15 (bracket s=1, rung 0): {learning_rate=0.000411324, activation="tanh", dropout=0.782416}
    Epoch 1/7 - loss: 1.8929 - accuracy: 0.3888 - val_loss: 0.7465 - val_accuracy: 0.7048 - * (glob)
    Epoch 2/7 - loss: 1.1643 - accuracy: 0.5733 - val_loss: 0.6746 - val_accuracy: 0.7500 - * (glob)
    Epoch 3/7 - loss: 1.0043 - accuracy: 0.6274 - val_loss: 0.6458 - val_accuracy: 0.7617 - * (glob)
    Epoch 4/7 - loss: 0.9280 - accuracy: 0.6559 - val_loss: 0.6279 - val_accuracy: 0.7668 - * (glob)
    Epoch 5/7 - loss: 0.8873 - accuracy: 0.6707 - val_loss: 0.6142 - val_accuracy: 0.7763 - * (glob)
    Epoch 6/7 - loss: 0.8645 - accuracy: 0.6849 - val_loss: 0.5974 - val_accuracy: 0.7805 - * (glob)
    Epoch 7/7 - loss: 0.8466 - accuracy: 0.6912 - val_loss: 0.5889 - val_accuracy: 0.7863 - * (glob)
    -> completed, val_loss = 0.5889 (epoch 7) [*]; best so far 0.3073 (trial 12); elapsed *; Estimated time left: * (87 epochs at * s each) (glob)
  Trial 16 (bracket s=1, rung 0): {learning_rate=0.00053519, activation="tanh", dropout=0.048185}
    Epoch 1/7 - loss: 0.6175 - accuracy: 0.7901 - val_loss: 0.4603 - val_accuracy: 0.8320 - * (glob)
    Epoch 2/7 - loss: 0.4484 - accuracy: 0.8417 - val_loss: 0.4092 - val_accuracy: 0.8513 - * (glob)
    Epoch 3/7 - loss: 0.4130 - accuracy: 0.8526 - val_loss: 0.3861 - val_accuracy: 0.8568 - * (glob)
    Epoch 4/7 - loss: 0.3909 - accuracy: 0.8601 - val_loss: 0.3665 - val_accuracy: 0.8703 - * (glob)
    Epoch 5/7 - loss: 0.3742 - accuracy: 0.8657 - val_loss: 0.3731 - val_accuracy: 0.8640 - * (glob)
    Epoch 6/7 - loss: 0.3610 - accuracy: 0.8696 - val_loss: 0.3470 - val_accuracy: 0.8710 - * (glob)
    Epoch 7/7 - loss: 0.3509 - accuracy: 0.8728 - val_loss: 0.3501 - val_accuracy: 0.8730 - * (glob)
    -> completed, val_loss = 0.3470 (epoch 6) [*]; best so far 0.3073 (trial 12); elapsed *; Estimated time left: * (80 epochs at * s each) (glob)
  Trial 17 (bracket s=1, rung 0): {learning_rate=0.000166529, activation="sigmoid", dropout=0.648845}
    Epoch 1/7 - loss: 1.7960 - accuracy: 0.3717 - val_loss: 1.1180 - val_accuracy: 0.7197 - * (glob)
    Epoch 2/7 - loss: 1.2146 - accuracy: 0.5752 - val_loss: 0.8564 - val_accuracy: 0.7492 - * (glob)
    Epoch 3/7 - loss: 1.0367 - accuracy: 0.6293 - val_loss: 0.7475 - val_accuracy: 0.7622 - * (glob)
    Epoch 4/7 - loss: 0.9364 - accuracy: 0.6646 - val_loss: 0.6886 - val_accuracy: 0.7743 - * (glob)
    Epoch 5/7 - loss: 0.8740 - accuracy: 0.6847 - val_loss: 0.6499 - val_accuracy: 0.7778 - * (glob)
    Epoch 6/7 - loss: 0.8353 - accuracy: 0.6980 - val_loss: 0.6245 - val_accuracy: 0.7832 - * (glob)
    Epoch 7/7 - loss: 0.8147 - accuracy: 0.7050 - val_loss: 0.6065 - val_accuracy: 0.7885 - * (glob)
    -> completed, val_loss = 0.6065 (epoch 7) [*]; best so far 0.3073 (trial 12); elapsed *; Estimated time left: * (73 epochs at * s each) (glob)
  Trial 18 (bracket s=1, rung 1): {learning_rate=0.00053519, activation="tanh", dropout=0.048185}, continuing trial 16 from epoch 7
    Epoch 8/20 - loss: 0.3422 - accuracy: 0.8752 - val_loss: 0.3401 - val_accuracy: 0.8807 - * (glob)
    Epoch 9/20 - loss: 0.3361 - accuracy: 0.8772 - val_loss: 0.3299 - val_accuracy: 0.8802 - * (glob)
    Epoch 10/20 - loss: 0.3275 - accuracy: 0.8809 - val_loss: 0.3325 - val_accuracy: 0.8800 - * (glob)
    Epoch 11/20 - loss: 0.3242 - accuracy: 0.8819 - val_loss: 0.3250 - val_accuracy: 0.8820 - * (glob)
    Epoch 12/20 - loss: 0.3174 - accuracy: 0.8848 - val_loss: 0.3269 - val_accuracy: 0.8815 - * (glob)
    Epoch 13/20 - loss: 0.3120 - accuracy: 0.8866 - val_loss: 0.3150 - val_accuracy: 0.8878 - * (glob)
    Epoch 14/20 - loss: 0.3057 - accuracy: 0.8876 - val_loss: 0.3116 - val_accuracy: 0.8882 - * (glob)
    Epoch 15/20 - loss: 0.3024 - accuracy: 0.8885 - val_loss: 0.3135 - val_accuracy: 0.8863 - * (glob)
    Epoch 16/20 - loss: 0.2994 - accuracy: 0.8892 - val_loss: 0.2976 - val_accuracy: 0.8902 - * (glob)
    Epoch 17/20 - loss: 0.2951 - accuracy: 0.8911 - val_loss: 0.3055 - val_accuracy: 0.8867 - * (glob)
    Epoch 18/20 - loss: 0.2912 - accuracy: 0.8932 - val_loss: 0.3004 - val_accuracy: 0.8923 - * (glob)
    Epoch 19/20 - loss: 0.2867 - accuracy: 0.8954 - val_loss: 0.2997 - val_accuracy: 0.8903 - * (glob)
    Epoch 20/20 - loss: 0.2839 - accuracy: 0.8963 - val_loss: 0.2992 - val_accuracy: 0.8890 - * (glob)
    -> completed, val_loss = 0.2976 (epoch 16) [*]; best so far 0.2976 (trial 18); elapsed *; Estimated time left: * (60 epochs at * s each) (glob)
  Trial 19 (bracket s=0, rung 0): {learning_rate=0.0220924, activation="tanh", dropout=0.717076}
    Epoch 1/20 - loss: 1.3201 - accuracy: 0.5494 - val_loss: 0.7085 - val_accuracy: 0.7195 - * (glob)
    Epoch 2/20 - loss: 1.1467 - accuracy: 0.6017 - val_loss: 0.7583 - val_accuracy: 0.7393 - * (glob)
    Epoch 3/20 - loss: 1.1059 - accuracy: 0.6214 - val_loss: 0.7308 - val_accuracy: 0.7130 - * (glob)
    Epoch 4/20 - loss: 1.0870 - accuracy: 0.6289 - val_loss: 0.7144 - val_accuracy: 0.7128 - * (glob)
    Epoch 5/20 - loss: 1.0749 - accuracy: 0.6322 - val_loss: 0.6289 - val_accuracy: 0.7750 - * (glob)
    Epoch 6/20 - loss: 1.0664 - accuracy: 0.6360 - val_loss: 0.7240 - val_accuracy: 0.7460 - * (glob)
    Epoch 7/20 - loss: 1.0584 - accuracy: 0.6416 - val_loss: 0.6597 - val_accuracy: 0.7747 - * (glob)
    Epoch 8/20 - loss: 1.0589 - accuracy: 0.6456 - val_loss: 0.6527 - val_accuracy: 0.7550 - * (glob)
    Epoch 9/20 - loss: 1.0437 - accuracy: 0.6450 - val_loss: 0.6911 - val_accuracy: 0.7848 - * (glob)
    Epoch 10/20 - loss: 1.0373 - accuracy: 0.6492 - val_loss: 0.7317 - val_accuracy: 0.7265 - * (glob)
    Epoch 11/20 - loss: 1.0349 - accuracy: 0.6511 - val_loss: 0.7009 - val_accuracy: 0.7650 - * (glob)
    Epoch 12/20 - loss: 1.0379 - accuracy: 0.6528 - val_loss: 0.6563 - val_accuracy: 0.7717 - * (glob)
    Epoch 13/20 - loss: 1.0280 - accuracy: 0.6556 - val_loss: 0.6871 - val_accuracy: 0.7600 - * (glob)
    Epoch 14/20 - loss: 1.0349 - accuracy: 0.6534 - val_loss: 0.6860 - val_accuracy: 0.7643 - * (glob)
    Epoch 15/20 - loss: 1.0169 - accuracy: 0.6598 - val_loss: 0.6547 - val_accuracy: 0.7527 - * (glob)
    Epoch 16/20 - loss: 1.0180 - accuracy: 0.6601 - val_loss: 0.7305 - val_accuracy: 0.7632 - * (glob)
    Epoch 17/20 - loss: 1.0133 - accuracy: 0.6613 - val_loss: 0.6409 - val_accuracy: 0.7735 - * (glob)
    Epoch 18/20 - loss: 1.0149 - accuracy: 0.6617 - val_loss: 0.7316 - val_accuracy: 0.7667 - * (glob)
    Epoch 19/20 - loss: 1.0134 - accuracy: 0.6624 - val_loss: 0.5750 - val_accuracy: 0.7967 - * (glob)
    Epoch 20/20 - loss: 1.0135 - accuracy: 0.6627 - val_loss: 0.6348 - val_accuracy: 0.7843 - * (glob)
    -> completed, val_loss = 0.5750 (epoch 19) [*]; best so far 0.2976 (trial 18); elapsed *; Estimated time left: * (40 epochs at * s each) (glob)
  Trial 20 (bracket s=0, rung 0): {learning_rate=0.00136753, activation="relu", dropout=0.5945}
    Epoch 1/20 - loss: 0.9661 - accuracy: 0.6457 - val_loss: 0.5617 - val_accuracy: 0.8055 - * (glob)
    Epoch 2/20 - loss: 0.7154 - accuracy: 0.7365 - val_loss: 0.5000 - val_accuracy: 0.8237 - * (glob)
    Epoch 3/20 - loss: 0.6688 - accuracy: 0.7570 - val_loss: 0.4719 - val_accuracy: 0.8255 - * (glob)
    Epoch 4/20 - loss: 0.6468 - accuracy: 0.7660 - val_loss: 0.4588 - val_accuracy: 0.8313 - * (glob)
    Epoch 5/20 - loss: 0.6317 - accuracy: 0.7718 - val_loss: 0.4460 - val_accuracy: 0.8402 - * (glob)
    Epoch 6/20 - loss: 0.6331 - accuracy: 0.7725 - val_loss: 0.4467 - val_accuracy: 0.8305 - * (glob)
    Epoch 7/20 - loss: 0.6269 - accuracy: 0.7778 - val_loss: 0.4382 - val_accuracy: 0.8450 - * (glob)
    Epoch 8/20 - loss: 0.6202 - accuracy: 0.7809 - val_loss: 0.4312 - val_accuracy: 0.8445 - * (glob)
    Epoch 9/20 - loss: 0.6168 - accuracy: 0.7809 - val_loss: 0.4288 - val_accuracy: 0.8400 - * (glob)
    Epoch 10/20 - loss: 0.6193 - accuracy: 0.7805 - val_loss: 0.4263 - val_accuracy: 0.8485 - * (glob)
    Epoch 11/20 - loss: 0.6174 - accuracy: 0.7824 - val_loss: 0.4271 - val_accuracy: 0.8423 - * (glob)
    Epoch 12/20 - loss: 0.6165 - accuracy: 0.7846 - val_loss: 0.4254 - val_accuracy: 0.8515 - * (glob)
    Epoch 13/20 - loss: 0.6249 - accuracy: 0.7851 - val_loss: 0.4240 - val_accuracy: 0.8455 - * (glob)
    Epoch 14/20 - loss: 0.6240 - accuracy: 0.7843 - val_loss: 0.4260 - val_accuracy: 0.8475 - * (glob)
    Epoch 15/20 - loss: 0.6239 - accuracy: 0.7844 - val_loss: 0.4283 - val_accuracy: 0.8462 - * (glob)
    Epoch 16/20 - loss: 0.6237 - accuracy: 0.7819 - val_loss: 0.4223 - val_accuracy: 0.8473 - * (glob)
    Epoch 17/20 - loss: 0.6223 - accuracy: 0.7860 - val_loss: 0.4260 - val_accuracy: 0.8475 - * (glob)
    Epoch 18/20 - loss: 0.6242 - accuracy: 0.7843 - val_loss: 0.4282 - val_accuracy: 0.8503 - * (glob)
    Epoch 19/20 - loss: 0.6208 - accuracy: 0.7871 - val_loss: 0.4191 - val_accuracy: 0.8523 - * (glob)
    Epoch 20/20 - loss: 0.6243 - accuracy: 0.7837 - val_loss: 0.4282 - val_accuracy: 0.8510 - * (glob)
    -> completed, val_loss = 0.4191 (epoch 19) [*]; best so far 0.2976 (trial 18); elapsed *; Estimated time left: * (20 epochs at * s each) (glob)
  Trial 21 (bracket s=0, rung 0): {learning_rate=0.000826547, activation="tanh", dropout=0.354188}
    Epoch 1/20 - loss: 0.7340 - accuracy: 0.7368 - val_loss: 0.4983 - val_accuracy: 0.8197 - * (glob)
    Epoch 2/20 - loss: 0.5603 - accuracy: 0.7976 - val_loss: 0.4315 - val_accuracy: 0.8385 - * (glob)
    Epoch 3/20 - loss: 0.5272 - accuracy: 0.8098 - val_loss: 0.4155 - val_accuracy: 0.8473 - * (glob)
    Epoch 4/20 - loss: 0.5090 - accuracy: 0.8154 - val_loss: 0.4136 - val_accuracy: 0.8470 - * (glob)
    Epoch 5/20 - loss: 0.4936 - accuracy: 0.8210 - val_loss: 0.3937 - val_accuracy: 0.8538 - * (glob)
    Epoch 6/20 - loss: 0.4876 - accuracy: 0.8228 - val_loss: 0.4007 - val_accuracy: 0.8497 - * (glob)
    Epoch 7/20 - loss: 0.4763 - accuracy: 0.8272 - val_loss: 0.3882 - val_accuracy: 0.8598 - * (glob)
    Epoch 8/20 - loss: 0.4674 - accuracy: 0.8312 - val_loss: 0.3770 - val_accuracy: 0.8630 - * (glob)
    Epoch 9/20 - loss: 0.4654 - accuracy: 0.8293 - val_loss: 0.3695 - val_accuracy: 0.8658 - * (glob)
    Epoch 10/20 - loss: 0.4621 - accuracy: 0.8314 - val_loss: 0.3694 - val_accuracy: 0.8653 - * (glob)
    Epoch 11/20 - loss: 0.4524 - accuracy: 0.8355 - val_loss: 0.3698 - val_accuracy: 0.8640 - * (glob)
    Epoch 12/20 - loss: 0.4535 - accuracy: 0.8340 - val_loss: 0.3654 - val_accuracy: 0.8695 - * (glob)
    Epoch 13/20 - loss: 0.4485 - accuracy: 0.8352 - val_loss: 0.3635 - val_accuracy: 0.8648 - * (glob)
    Epoch 14/20 - loss: 0.4441 - accuracy: 0.8379 - val_loss: 0.3685 - val_accuracy: 0.8653 - * (glob)
    Epoch 15/20 - loss: 0.4396 - accuracy: 0.8398 - val_loss: 0.3560 - val_accuracy: 0.8705 - * (glob)
    Epoch 16/20 - loss: 0.4377 - accuracy: 0.8399 - val_loss: 0.3625 - val_accuracy: 0.8672 - * (glob)
    Epoch 17/20 - loss: 0.4349 - accuracy: 0.8411 - val_loss: 0.3464 - val_accuracy: 0.8747 - * (glob)
    Epoch 18/20 - loss: 0.4364 - accuracy: 0.8414 - val_loss: 0.3516 - val_accuracy: 0.8745 - * (glob)
    Epoch 19/20 - loss: 0.4315 - accuracy: 0.8415 - val_loss: 0.3480 - val_accuracy: 0.8758 - * (glob)
    Epoch 20/20 - loss: 0.4311 - accuracy: 0.8420 - val_loss: 0.3482 - val_accuracy: 0.8733 - * (glob)
    -> completed, val_loss = 0.3464 (epoch 17) [*]; best so far 0.2976 (trial 18); elapsed *; Estimated time left: * (0 epochs at * s each) (glob)
  
  Results (best first; all trials in runs/fashion_mlp_hyperband/results.csv):
  rank  trial  bracket  rung  learning_rate  activation    dropout  epochs  val_loss  epoch  time_s  status
     1     18        1     1     0.00053519        tanh   0.048185      20  0.297631     16 *  completed (glob)
     2     12        2     2     0.00189247        relu  0.0908595      20  0.307292     12 *  completed (glob)
     3     10        2     1     0.00189247        relu  0.0908595       7  0.310029      6 *  completed (glob)
     4      9        2     1     0.00324449     sigmoid  0.0552484       7  0.324653      7 *  completed (glob)
     5     21        0     0    0.000826547        tanh   0.354188      20  0.346401     17 *  completed (glob)
     6     16        1     0     0.00053519        tanh   0.048185       7  0.347032      6 *  completed (glob)
     7      7        2     0     0.00324449     sigmoid  0.0552484       2  0.391171      2 *  completed (glob)
     8      2        2     0     0.00189247        relu  0.0908595       2  0.395678      2 *  completed (glob)
     9     11        2     1     0.00968496     sigmoid   0.487847       7  0.412858      6 *  completed (glob)
    10     14        1     0     0.00313037        relu   0.519509       7   0.41821      7 *  completed (glob)
  (12 more in results.csv)
  
  Best: trial 18 {learning_rate=0.00053519, activation="tanh", dropout=0.048185}, val_loss = 0.297631 at epoch 16 of 20; model (that epoch's) in runs/fashion_mlp_hyperband/best_model.ckpt
  Test set (10000 samples, never seen during the search): accuracy = 0.8784 loss = 0.338766
  
  gnuplot was not found (Debian: apt-get install gnuplot-nox), so the figures were not drawn. The figures' data and gnuplot scripts are in runs/fashion_mlp_hyperband/plots; draw them with:
    cd runs/fashion_mlp_hyperband/plots && for f in *.gp; do gnuplot "$f"; done
  Report: runs/fashion_mlp_hyperband/report.html

#> trial9 output-only
  $ sed -n '/^Trial 9 /,/^  -> /p' tune.log
  Trial 9 (bracket s=2, rung 1): {learning_rate=0.00324449, activation="sigmoid", dropout=0.0552484}, continuing trial 7 from epoch 2
    Epoch 3/7 - loss: 0.3835 - accuracy: 0.8594 - val_loss: 0.4142 - val_accuracy: 0.8445 - * (glob)
    Epoch 4/7 - loss: 0.3577 - accuracy: 0.8676 - val_loss: 0.3449 - val_accuracy: 0.8758 - * (glob)
    Epoch 5/7 - loss: 0.3405 - accuracy: 0.8739 - val_loss: 0.3286 - val_accuracy: 0.8810 - * (glob)
    Epoch 6/7 - loss: 0.3271 - accuracy: 0.8780 - val_loss: 0.3369 - val_accuracy: 0.8795 - * (glob)
    Epoch 7/7 - loss: 0.3149 - accuracy: 0.8818 - val_loss: 0.3247 - val_accuracy: 0.8842 - * (glob)
    -> completed, val_loss = 0.3247 (epoch 7) [*]; best so far 0.3247 (trial 9); elapsed *; Estimated time left: * (131 epochs at * s each) (glob)

#> end output-only
  $ sed -n '/^Results/,/^Test set/p' tune.log
  Results (best first; all trials in runs/fashion_mlp_hyperband/results.csv):
  rank  trial  bracket  rung  learning_rate  activation    dropout  epochs  val_loss  epoch  time_s  status
     1     18        1     1     0.00053519        tanh   0.048185      20  0.297631     16 *  completed (glob)
     2     12        2     2     0.00189247        relu  0.0908595      20  0.307292     12 *  completed (glob)
     3     10        2     1     0.00189247        relu  0.0908595       7  0.310029      6 *  completed (glob)
     4      9        2     1     0.00324449     sigmoid  0.0552484       7  0.324653      7 *  completed (glob)
     5     21        0     0    0.000826547        tanh   0.354188      20  0.346401     17 *  completed (glob)
     6     16        1     0     0.00053519        tanh   0.048185       7  0.347032      6 *  completed (glob)
     7      7        2     0     0.00324449     sigmoid  0.0552484       2  0.391171      2 *  completed (glob)
     8      2        2     0     0.00189247        relu  0.0908595       2  0.395678      2 *  completed (glob)
     9     11        2     1     0.00968496     sigmoid   0.487847       7  0.412858      6 *  completed (glob)
    10     14        1     0     0.00313037        relu   0.519509       7   0.41821      7 *  completed (glob)
  (12 more in results.csv)
  
  Best: trial 18 {learning_rate=0.00053519, activation="tanh", dropout=0.048185}, val_loss = 0.297631 at epoch 16 of 20; model (that epoch's) in runs/fashion_mlp_hyperband/best_model.ckpt
  Test set (10000 samples, never seen during the search): accuracy = 0.8784 loss = 0.338766
