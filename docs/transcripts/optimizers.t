docs/tutorials/4-optimizers.md: optimizers on 2-D test surfaces (no data; the
figures drawn when gnuplot is installed, as scripts/install_deps.sh does).

  $ . "$TESTDIR/setup.sh" kernel
  $ unset TUNET_GNUPLOT

#> ill-bowl
  $ build/bin/tunet optimizers --surface ill-bowl --optimizer sgd --optimizer momentum --optimizer rmsprop --optimizer adam
  ill-bowl: f(x, y) = x^2 / 2 + 10 y^2, start (-4.5, 1.5)
    sgd       lr 0.09      150 steps: (-0.0000, 0.0000), loss 5.2217e-12
    momentum  lr 0.02      150 steps: (-0.0007, 0.0001), loss 3.19204e-07
    rmsprop   lr 0.05      150 steps: (0.0000, -0.0280), loss 0.0078179
    adam      lr 0.2       150 steps: (0.0018, -0.0002), loss 1.92224e-06
  Figures (PNG and SVG, each with its CSV data and gnuplot script) in optimizer_paths:
    optimizers_ill-bowl: Optimizers on the ill-bowl surface f(x, y) = x^2 / 2 + 10 y^2, from (-4.5, 1.5)

#> saddle
  $ build/bin/tunet optimizers --surface saddle --optimizer sgd --optimizer adam --learning_rate 0.01
  saddle: f(x, y) = x^2 - y^2 + y^4 / 4, start (-1.5, 0.001)
    sgd       lr 0.01      150 steps: (-0.0724, 0.0195), loss 0.00486801
    adam      lr 0.01      150 steps: (-0.3607, 1.4250), loss -0.86968
  Figures (PNG and SVG, each with its CSV data and gnuplot script) in optimizer_paths:
    optimizers_saddle: Optimizers on the saddle surface f(x, y) = x^2 - y^2 + y^4 / 4, from (-1.5, 0.001)
