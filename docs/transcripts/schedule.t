Hyperband's schedules: docs/tuner.md (R = 81, eta = 3) and tutorial 1 (R = 20, eta = 3).

  $ . "$TESTDIR/setup.sh"

#> r81
  $ build/bin/tunet schedule --R 81 --eta 3 | tail -n 12
  ----------------------------------------------------------------------------------------------------
  \trun=1\t\trun=2\t\trun=3\t\trun=4\t\trun=5\t (esc)
  \tmodels\tepochs\tmodels\tepochs\tmodels\tepochs\tmodels\tepochs\tmodels\tepochs (esc)
  Init\t81\t1\t34\t3\t15\t9\t8\t27\t5\t81 (esc)
  Cont\t27\t3\t11\t9\t5\t27\t2\t81 (esc)
  Cont\t9\t9\t3\t27\t1\t81 (esc)
  Cont\t3\t27\t1\t81 (esc)
  Cont\t1\t81 (esc)
  ----------------------------------------------------------------------------------------------------
  Total epochs=1902
  Total epochs with continuation=1581 (survivors resume from their checkpoint; 143 configurations, R=81, eta=3)
  ----------------------------------------------------------------------------------------------------

#> r20
  $ build/bin/tunet schedule --R 20 --eta 3
  R = 20
  eta = 3
  
  smax=2
  
  s=2
  n_0=9\tr_0=2.22=2 (esc)
  n_1=3\tr_1=6.67=7 (esc)
  n_2=1\tr_2=20 (esc)
  
  s=1
  n_0=5\tr_0=6.67=7 (esc)
  n_1=1\tr_1=20 (esc)
  
  s=0
  n_0=3\tr_0=20 (esc)
  
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
