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
    Epoch 1/2 - loss: 1.2720 - accuracy: 0.6131 - val_loss: 0.7511 - val_accuracy: 0.7320 - * (glob)
    Epoch 2/2 - loss: 0.9902 - accuracy: 0.6895 - val_loss: 0.7596 - val_accuracy: 0.7490 - * (glob)
    -> completed, val_loss = 0.7511 (epoch 1) [*]; best so far 0.7283 (trial 0); elapsed *; Estimated time left: * (150 epochs at * s each) (glob)
  Trial 2 (bracket s=2, rung 0): {learning_rate=0.00189247, activation="relu", dropout=0.0908595}
    Epoch 1/2 - loss: 0.6040 - accuracy: 0.7834 - val_loss: 0.4149 - val_accuracy: 0.8537 - * (glob)
    Epoch 2/2 - loss: 0.4260 - accuracy: 0.8447 - val_loss: 0.3957 - val_accuracy: 0.8533 - * (glob)
    -> completed, val_loss = 0.3957 (epoch 2) [*]; best so far 0.3957 (trial 2); elapsed *; Estimated time left: * (148 epochs at * s each) (glob)
  Trial 3 (bracket s=2, rung 0): {learning_rate=0.0240207, activation="sigmoid", dropout=0.531897}
    Epoch 1/2 - loss: 0.8369 - accuracy: 0.6916 - val_loss: 0.5391 - val_accuracy: 0.7918 - * (glob)
    Epoch 2/2 - loss: 0.7411 - accuracy: 0.7328 - val_loss: 0.5308 - val_accuracy: 0.8068 - * (glob)
    -> completed, val_loss = 0.5308 (epoch 2) [*]; best so far 0.3957 (trial 2); elapsed *; Estimated time left: * (146 epochs at * s each) (glob)
  Trial 4 (bracket s=2, rung 0): {learning_rate=0.0117612, activation="tanh", dropout=0.00571806}
    Epoch 1/2 - loss: 0.7217 - accuracy: 0.7392 - val_loss: 0.6748 - val_accuracy: 0.7637 - * (glob)
    Epoch 2/2 - loss: 0.5344 - accuracy: 0.8085 - val_loss: 0.4335 - val_accuracy: 0.8452 - * (glob)
    -> completed, val_loss = 0.4335 (epoch 2) [*]; best so far 0.3957 (trial 2); elapsed *; Estimated time left: * (144 epochs at * s each) (glob)
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
    Epoch 1/2 - loss: 0.7165 - accuracy: 0.7355 - val_loss: 0.4700 - val_accuracy: 0.8308 - * (glob)
    Epoch 2/2 - loss: 0.6037 - accuracy: 0.7782 - val_loss: 0.4663 - val_accuracy: 0.8137 - * (glob)
    -> completed, val_loss = 0.4663 (epoch 2) [*]; best so far 0.3912 (trial 7); elapsed *; Estimated time left: * (136 epochs at * s each) (glob)
  Trial 9 (bracket s=2, rung 1): {learning_rate=0.00324449, activation="sigmoid", dropout=0.0552484}, continuing trial 7 from epoch 2
    Epoch 3/7 - loss: 0.3835 - accuracy: 0.8594 - val_loss: 0.4142 - val_accuracy: 0.8445 - * (glob)
    Epoch 4/7 - loss: 0.3577 - accuracy: 0.8676 - val_loss: 0.3449 - val_accuracy: 0.8758 - * (glob)
    Epoch 5/7 - loss: 0.3405 - accuracy: 0.8739 - val_loss: 0.3286 - val_accuracy: 0.8810 - * (glob)
    Epoch 6/7 - loss: 0.3271 - accuracy: 0.8780 - val_loss: 0.3369 - val_accuracy: 0.8795 - * (glob)
    Epoch 7/7 - loss: 0.3149 - accuracy: 0.8818 - val_loss: 0.3247 - val_accuracy: 0.8842 - * (glob)
    -> completed, val_loss = 0.3247 (epoch 7) [*]; best so far 0.3247 (trial 9); elapsed *; Estimated time left: * (131 epochs at * s each) (glob)
  Trial 10 (bracket s=2, rung 1): {learning_rate=0.00189247, activation="relu", dropout=0.0908595}, continuing trial 2 from epoch 2
    Epoch 3/7 - loss: 0.3856 - accuracy: 0.8570 - val_loss: 0.3552 - val_accuracy: 0.8732 - * (glob)
    Epoch 4/7 - loss: 0.3614 - accuracy: 0.8657 - val_loss: 0.3723 - val_accuracy: 0.8598 - * (glob)
    Epoch 5/7 - loss: 0.3474 - accuracy: 0.8721 - val_loss: 0.3379 - val_accuracy: 0.8758 - * (glob)
    Epoch 6/7 - loss: 0.3332 - accuracy: 0.8772 - val_loss: 0.3122 - val_accuracy: 0.8852 - * (glob)
    Epoch 7/7 - loss: 0.3267 - accuracy: 0.8789 - val_loss: 0.3365 - val_accuracy: 0.8757 - * (glob)
    -> completed, val_loss = 0.3122 (epoch 6) [*]; best so far 0.3122 (trial 10); elapsed *; Estimated time left: * (126 epochs at * s each) (glob)
  Trial 11 (bracket s=2, rung 1): {learning_rate=0.0117612, activation="tanh", dropout=0.00571806}, continuing trial 4 from epoch 2
    Epoch 3/7 - loss: 0.4967 - accuracy: 0.8221 - val_loss: 0.4447 - val_accuracy: 0.8315 - * (glob)
    Epoch 4/7 - loss: 0.4720 - accuracy: 0.8312 - val_loss: 0.4819 - val_accuracy: 0.8292 - * (glob)
    Epoch 5/7 - loss: 0.4568 - accuracy: 0.8363 - val_loss: 0.4304 - val_accuracy: 0.8478 - * (glob)
    Epoch 6/7 - loss: 0.4452 - accuracy: 0.8402 - val_loss: 0.4143 - val_accuracy: 0.8515 - * (glob)
    Epoch 7/7 - loss: 0.4395 - accuracy: 0.8444 - val_loss: 0.5148 - val_accuracy: 0.7978 - * (glob)
    -> completed, val_loss = 0.4143 (epoch 6) [*]; best so far 0.3122 (trial 10); elapsed *; Estimated time left: * (121 epochs at * s each) (glob)
  Trial 12 (bracket s=2, rung 2): {learning_rate=0.00189247, activation="relu", dropout=0.0908595}, continuing trial 10 from epoch 7
    Epoch 8/20 - loss: 0.3210 - accuracy: 0.8817 - val_loss: 0.3198 - val_accuracy: 0.8862 - * (glob)
    Epoch 9/20 - loss: 0.3152 - accuracy: 0.8841 - val_loss: 0.3244 - val_accuracy: 0.8818 - * (glob)
    Epoch 10/20 - loss: 0.3052 - accuracy: 0.8877 - val_loss: 0.3304 - val_accuracy: 0.8843 - * (glob)
    Epoch 11/20 - loss: 0.3009 - accuracy: 0.8891 - val_loss: 0.3204 - val_accuracy: 0.8868 - * (glob)
    Epoch 12/20 - loss: 0.2977 - accuracy: 0.8908 - val_loss: 0.2979 - val_accuracy: 0.8962 - * (glob)
    Epoch 13/20 - loss: 0.2948 - accuracy: 0.8918 - val_loss: 0.3100 - val_accuracy: 0.8930 - * (glob)
    Epoch 14/20 - loss: 0.2929 - accuracy: 0.8909 - val_loss: 0.3131 - val_accuracy: 0.8905 - * (glob)
    Epoch 15/20 - loss: 0.2868 - accuracy: 0.8948 - val_loss: 0.3155 - val_accuracy: 0.8880 - * (glob)
    Epoch 16/20 - loss: 0.2837 - accuracy: 0.8951 - val_loss: 0.3053 - val_accuracy: 0.8933 - * (glob)
    Epoch 17/20 - loss: 0.2803 - accuracy: 0.8964 - val_loss: 0.3083 - val_accuracy: 0.8892 - * (glob)
    Epoch 18/20 - loss: 0.2805 - accuracy: 0.8969 - val_loss: 0.3271 - val_accuracy: 0.8912 - * (glob)
    Epoch 19/20 - loss: 0.2779 - accuracy: 0.8967 - val_loss: 0.3137 - val_accuracy: 0.8943 - * (glob)
    Epoch 20/20 - loss: 0.2752 - accuracy: 0.8979 - val_loss: 0.3148 - val_accuracy: 0.8953 - * (glob)
    -> completed, val_loss = 0.2979 (epoch 12) [*]; best so far 0.2979 (trial 12); elapsed *; Estimated time left: * (108 epochs at * s each) (glob)
  Trial 13 (bracket s=1, rung 0): {learning_rate=0.00610357, activation="sigmoid", dropout=0.848495}
    Epoch 1/7 - loss: 1.3322 - accuracy: 0.4943 - val_loss: 0.7503 - val_accuracy: 0.7078 - * (glob)
    Epoch 2/7 - loss: 1.1631 - accuracy: 0.5604 - val_loss: 0.7311 - val_accuracy: 0.7208 - * (glob)
    Epoch 3/7 - loss: 1.1515 - accuracy: 0.5659 - val_loss: 0.7257 - val_accuracy: 0.7253 - * (glob)
    Epoch 4/7 - loss: 1.1517 - accuracy: 0.5749 - val_loss: 0.7219 - val_accuracy: 0.7182 - * (glob)
    Epoch 5/7 - loss: 1.1484 - accuracy: 0.5766 - val_loss: 0.7292 - val_accuracy: 0.7168 - * (glob)
    Epoch 6/7 - loss: 1.1574 - accuracy: 0.5766 - val_loss: 0.7315 - val_accuracy: 0.7130 - * (glob)
    Epoch 7/7 - loss: 1.1627 - accuracy: 0.5779 - val_loss: 0.7272 - val_accuracy: 0.7127 - * (glob)
    -> completed, val_loss = 0.7219 (epoch 4) [*]; best so far 0.2979 (trial 12); elapsed *; Estimated time left: * (101 epochs at * s each) (glob)
  Trial 14 (bracket s=1, rung 0): {learning_rate=0.00313037, activation="relu", dropout=0.519509}
    Epoch 1/7 - loss: 0.8097 - accuracy: 0.7017 - val_loss: 0.5427 - val_accuracy: 0.7678 - * (glob)
    Epoch 2/7 - loss: 0.6488 - accuracy: 0.7640 - val_loss: 0.4695 - val_accuracy: 0.8350 - * (glob)
    Epoch 3/7 - loss: 0.6254 - accuracy: 0.7767 - val_loss: 0.4421 - val_accuracy: 0.8392 - * (glob)
    Epoch 4/7 - loss: 0.6157 - accuracy: 0.7808 - val_loss: 0.4380 - val_accuracy: 0.8485 - * (glob)
    Epoch 5/7 - loss: 0.6185 - accuracy: 0.7826 - val_loss: 0.4458 - val_accuracy: 0.8317 - * (glob)
    Epoch 6/7 - loss: 0.6100 - accuracy: 0.7844 - val_loss: 0.4326 - val_accuracy: 0.8468 - * (glob)
    Epoch 7/7 - loss: 0.6128 - accuracy: 0.7823 - val_loss: 0.4227 - val_accuracy: 0.8497 - * (glob)
    -> completed, val_loss = 0.4227 (epoch 7) [*]; best so far 0.2979 (trial 12); elapsed *; Estimated time left: * (94 epochs at * s each) (glob)
  Trial 15 (bracket s=1, rung 0): {learning_rate=0.000411324, activation="tanh", dropout=0.782416}
    Epoch 1/7 - loss: 1.8929 - accuracy: 0.3888 - val_loss: 0.7465 - val_accuracy: 0.7048 - * (glob)
    Epoch 2/7 - loss: 1.1643 - accuracy: 0.5733 - val_loss: 0.6746 - val_accuracy: 0.7500 - * (glob)
    Epoch 3/7 - loss: 1.0043 - accuracy: 0.6274 - val_loss: 0.6458 - val_accuracy: 0.7617 - * (glob)
    Epoch 4/7 - loss: 0.9280 - accuracy: 0.6559 - val_loss: 0.6279 - val_accuracy: 0.7668 - * (glob)
    Epoch 5/7 - loss: 0.8873 - accuracy: 0.6707 - val_loss: 0.6142 - val_accuracy: 0.7763 - * (glob)
    Epoch 6/7 - loss: 0.8645 - accuracy: 0.6849 - val_loss: 0.5974 - val_accuracy: 0.7805 - * (glob)
    Epoch 7/7 - loss: 0.8466 - accuracy: 0.6912 - val_loss: 0.5889 - val_accuracy: 0.7863 - * (glob)
    -> completed, val_loss = 0.5889 (epoch 7) [*]; best so far 0.2979 (trial 12); elapsed *; Estimated time left: * (87 epochs at * s each) (glob)
  Trial 16 (bracket s=1, rung 0): {learning_rate=0.00053519, activation="tanh", dropout=0.048185}
    Epoch 1/7 - loss: 0.6175 - accuracy: 0.7901 - val_loss: 0.4603 - val_accuracy: 0.8320 - * (glob)
    Epoch 2/7 - loss: 0.4484 - accuracy: 0.8417 - val_loss: 0.4092 - val_accuracy: 0.8513 - * (glob)
    Epoch 3/7 - loss: 0.4130 - accuracy: 0.8526 - val_loss: 0.3861 - val_accuracy: 0.8568 - * (glob)
    Epoch 4/7 - loss: 0.3909 - accuracy: 0.8601 - val_loss: 0.3665 - val_accuracy: 0.8703 - * (glob)
    Epoch 5/7 - loss: 0.3742 - accuracy: 0.8657 - val_loss: 0.3731 - val_accuracy: 0.8640 - * (glob)
    Epoch 6/7 - loss: 0.3610 - accuracy: 0.8696 - val_loss: 0.3470 - val_accuracy: 0.8710 - * (glob)
    Epoch 7/7 - loss: 0.3509 - accuracy: 0.8728 - val_loss: 0.3501 - val_accuracy: 0.8730 - * (glob)
    -> completed, val_loss = 0.3470 (epoch 6) [*]; best so far 0.2979 (trial 12); elapsed *; Estimated time left: * (80 epochs at * s each) (glob)
  Trial 17 (bracket s=1, rung 0): {learning_rate=0.000166529, activation="sigmoid", dropout=0.648845}
    Epoch 1/7 - loss: 1.7960 - accuracy: 0.3717 - val_loss: 1.1180 - val_accuracy: 0.7197 - * (glob)
    Epoch 2/7 - loss: 1.2146 - accuracy: 0.5752 - val_loss: 0.8564 - val_accuracy: 0.7492 - * (glob)
    Epoch 3/7 - loss: 1.0367 - accuracy: 0.6293 - val_loss: 0.7475 - val_accuracy: 0.7622 - * (glob)
    Epoch 4/7 - loss: 0.9364 - accuracy: 0.6646 - val_loss: 0.6886 - val_accuracy: 0.7743 - * (glob)
    Epoch 5/7 - loss: 0.8740 - accuracy: 0.6847 - val_loss: 0.6499 - val_accuracy: 0.7778 - * (glob)
    Epoch 6/7 - loss: 0.8353 - accuracy: 0.6980 - val_loss: 0.6245 - val_accuracy: 0.7832 - * (glob)
    Epoch 7/7 - loss: 0.8147 - accuracy: 0.7050 - val_loss: 0.6065 - val_accuracy: 0.7885 - * (glob)
    -> completed, val_loss = 0.6065 (epoch 7) [*]; best so far 0.2979 (trial 12); elapsed *; Estimated time left: * (73 epochs at * s each) (glob)
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
    Epoch 1/20 - loss: 1.3217 - accuracy: 0.5471 - val_loss: 0.6742 - val_accuracy: 0.7395 - * (glob)
    Epoch 2/20 - loss: 1.1433 - accuracy: 0.6045 - val_loss: 0.7222 - val_accuracy: 0.7350 - * (glob)
    Epoch 3/20 - loss: 1.1115 - accuracy: 0.6179 - val_loss: 0.7473 - val_accuracy: 0.7215 - * (glob)
    Epoch 4/20 - loss: 1.0958 - accuracy: 0.6251 - val_loss: 0.7233 - val_accuracy: 0.7455 - * (glob)
    Epoch 5/20 - loss: 1.0841 - accuracy: 0.6324 - val_loss: 0.7150 - val_accuracy: 0.7182 - * (glob)
    Epoch 6/20 - loss: 1.0661 - accuracy: 0.6382 - val_loss: 0.6691 - val_accuracy: 0.7708 - * (glob)
    Epoch 7/20 - loss: 1.0561 - accuracy: 0.6435 - val_loss: 0.6521 - val_accuracy: 0.7622 - * (glob)
    Epoch 8/20 - loss: 1.0547 - accuracy: 0.6466 - val_loss: 0.6675 - val_accuracy: 0.7482 - * (glob)
    Epoch 9/20 - loss: 1.0411 - accuracy: 0.6484 - val_loss: 0.6570 - val_accuracy: 0.7738 - * (glob)
    Epoch 10/20 - loss: 1.0352 - accuracy: 0.6515 - val_loss: 0.6684 - val_accuracy: 0.7705 - * (glob)
    Epoch 11/20 - loss: 1.0315 - accuracy: 0.6549 - val_loss: 0.6982 - val_accuracy: 0.7530 - * (glob)
    Epoch 12/20 - loss: 1.0432 - accuracy: 0.6512 - val_loss: 0.6659 - val_accuracy: 0.7568 - * (glob)
    Epoch 13/20 - loss: 1.0359 - accuracy: 0.6521 - val_loss: 0.6509 - val_accuracy: 0.7788 - * (glob)
    Epoch 14/20 - loss: 1.0344 - accuracy: 0.6537 - val_loss: 0.6628 - val_accuracy: 0.7763 - * (glob)
    Epoch 15/20 - loss: 1.0174 - accuracy: 0.6606 - val_loss: 0.6782 - val_accuracy: 0.7433 - * (glob)
    Epoch 16/20 - loss: 1.0216 - accuracy: 0.6565 - val_loss: 0.6773 - val_accuracy: 0.7645 - * (glob)
    Epoch 17/20 - loss: 1.0172 - accuracy: 0.6600 - val_loss: 0.6865 - val_accuracy: 0.7638 - * (glob)
    Epoch 18/20 - loss: 1.0084 - accuracy: 0.6649 - val_loss: 0.7421 - val_accuracy: 0.7655 - * (glob)
    Epoch 19/20 - loss: 1.0144 - accuracy: 0.6642 - val_loss: 0.5876 - val_accuracy: 0.7938 - * (glob)
    Epoch 20/20 - loss: 1.0119 - accuracy: 0.6642 - val_loss: 0.6507 - val_accuracy: 0.7698 - * (glob)
    -> completed, val_loss = 0.5876 (epoch 19) [*]; best so far 0.2976 (trial 18); elapsed *; Estimated time left: * (40 epochs at * s each) (glob)
  Trial 20 (bracket s=0, rung 0): {learning_rate=0.00136753, activation="relu", dropout=0.5945}
    Epoch 1/20 - loss: 0.9661 - accuracy: 0.6457 - val_loss: 0.5617 - val_accuracy: 0.8055 - * (glob)
    Epoch 2/20 - loss: 0.7154 - accuracy: 0.7365 - val_loss: 0.5000 - val_accuracy: 0.8237 - * (glob)
    Epoch 3/20 - loss: 0.6688 - accuracy: 0.7570 - val_loss: 0.4719 - val_accuracy: 0.8255 - * (glob)
    Epoch 4/20 - loss: 0.6468 - accuracy: 0.7664 - val_loss: 0.4588 - val_accuracy: 0.8303 - * (glob)
    Epoch 5/20 - loss: 0.6310 - accuracy: 0.7719 - val_loss: 0.4462 - val_accuracy: 0.8403 - * (glob)
    Epoch 6/20 - loss: 0.6335 - accuracy: 0.7726 - val_loss: 0.4458 - val_accuracy: 0.8342 - * (glob)
    Epoch 7/20 - loss: 0.6269 - accuracy: 0.7779 - val_loss: 0.4366 - val_accuracy: 0.8457 - * (glob)
    Epoch 8/20 - loss: 0.6212 - accuracy: 0.7792 - val_loss: 0.4313 - val_accuracy: 0.8447 - * (glob)
    Epoch 9/20 - loss: 0.6179 - accuracy: 0.7803 - val_loss: 0.4313 - val_accuracy: 0.8402 - * (glob)
    Epoch 10/20 - loss: 0.6192 - accuracy: 0.7813 - val_loss: 0.4251 - val_accuracy: 0.8495 - * (glob)
    Epoch 11/20 - loss: 0.6185 - accuracy: 0.7816 - val_loss: 0.4289 - val_accuracy: 0.8408 - * (glob)
    Epoch 12/20 - loss: 0.6170 - accuracy: 0.7840 - val_loss: 0.4287 - val_accuracy: 0.8500 - * (glob)
    Epoch 13/20 - loss: 0.6245 - accuracy: 0.7845 - val_loss: 0.4249 - val_accuracy: 0.8458 - * (glob)
    Epoch 14/20 - loss: 0.6231 - accuracy: 0.7835 - val_loss: 0.4305 - val_accuracy: 0.8475 - * (glob)
    Epoch 15/20 - loss: 0.6232 - accuracy: 0.7840 - val_loss: 0.4269 - val_accuracy: 0.8472 - * (glob)
    Epoch 16/20 - loss: 0.6242 - accuracy: 0.7827 - val_loss: 0.4254 - val_accuracy: 0.8460 - * (glob)
    Epoch 17/20 - loss: 0.6228 - accuracy: 0.7849 - val_loss: 0.4274 - val_accuracy: 0.8463 - * (glob)
    Epoch 18/20 - loss: 0.6230 - accuracy: 0.7838 - val_loss: 0.4255 - val_accuracy: 0.8475 - * (glob)
    Epoch 19/20 - loss: 0.6182 - accuracy: 0.7879 - val_loss: 0.4207 - val_accuracy: 0.8517 - * (glob)
    Epoch 20/20 - loss: 0.6236 - accuracy: 0.7826 - val_loss: 0.4278 - val_accuracy: 0.8497 - * (glob)
    -> completed, val_loss = 0.4207 (epoch 19) [*]; best so far 0.2976 (trial 18); elapsed *; Estimated time left: * (20 epochs at * s each) (glob)
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
  rank  trial  bracket  rung  learning_rate  activation     dropout  epochs  val_loss  epoch  time_s  status
     1     18        1     1     0.00053519        tanh    0.048185      20  0.297631     16 *  completed (glob)
     2     12        2     2     0.00189247        relu   0.0908595      20   0.29792     12 *  completed (glob)
     3     10        2     1     0.00189247        relu   0.0908595       7  0.312214      6 *  completed (glob)
     4      9        2     1     0.00324449     sigmoid   0.0552484       7  0.324653      7 *  completed (glob)
     5     21        0     0    0.000826547        tanh    0.354188      20  0.346401     17 *  completed (glob)
     6     16        1     0     0.00053519        tanh    0.048185       7  0.347032      6 *  completed (glob)
     7      7        2     0     0.00324449     sigmoid   0.0552484       2  0.391171      2 *  completed (glob)
     8      2        2     0     0.00189247        relu   0.0908595       2  0.395678      2 *  completed (glob)
     9     11        2     1      0.0117612        tanh  0.00571806       7  0.414299      6 *  completed (glob)
    10     20        0     0     0.00136753        relu      0.5945      20   0.42074     19 *  completed (glob)
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
  rank  trial  bracket  rung  learning_rate  activation     dropout  epochs  val_loss  epoch  time_s  status
     1     18        1     1     0.00053519        tanh    0.048185      20  0.297631     16 *  completed (glob)
     2     12        2     2     0.00189247        relu   0.0908595      20   0.29792     12 *  completed (glob)
     3     10        2     1     0.00189247        relu   0.0908595       7  0.312214      6 *  completed (glob)
     4      9        2     1     0.00324449     sigmoid   0.0552484       7  0.324653      7 *  completed (glob)
     5     21        0     0    0.000826547        tanh    0.354188      20  0.346401     17 *  completed (glob)
     6     16        1     0     0.00053519        tanh    0.048185       7  0.347032      6 *  completed (glob)
     7      7        2     0     0.00324449     sigmoid   0.0552484       2  0.391171      2 *  completed (glob)
     8      2        2     0     0.00189247        relu   0.0908595       2  0.395678      2 *  completed (glob)
     9     11        2     1      0.0117612        tanh  0.00571806       7  0.414299      6 *  completed (glob)
    10     20        0     0     0.00136753        relu      0.5945      20   0.42074     19 *  completed (glob)
  (12 more in results.csv)
  
  Best: trial 18 {learning_rate=0.00053519, activation="tanh", dropout=0.048185}, val_loss = 0.297631 at epoch 16 of 20; model (that epoch's) in runs/fashion_mlp_hyperband/best_model.ckpt
  Test set (10000 samples, never seen during the search): accuracy = 0.8784 loss = 0.338766
