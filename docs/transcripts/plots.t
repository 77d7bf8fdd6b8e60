docs/plots.md: what tunet says when gnuplot is not there (TUNET_GNUPLOT=none
stands for a machine without it).

  $ . "$TESTDIR/setup.sh"

#> no-gnuplot
  $ TUNET_GNUPLOT=none build/bin/tunet optimizers --surface saddle --out demo | tail -n 2
  gnuplot was not found (Debian: apt-get install gnuplot-nox), so the figures were not drawn. The figures' data and gnuplot scripts are in demo; draw them with:
    cd demo && for f in *.gp; do gnuplot "$f"; done
