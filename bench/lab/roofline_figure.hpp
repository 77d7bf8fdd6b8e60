#pragma once
// The roofline picture of a lab run (tuner/plot writes it: CSV + gnuplot
// script, PNG and SVG when gnuplot is there): log-log, arithmetic intensity
// against GFLOP/s, the roofs of one core and of all the run's threads, and
// one point per timed rung, coloured by op and labelled with its variant.
#include "bench/lab/lab_runner.hpp"
#include "tuner/plot/figure.hpp"

namespace tunet::lab {

tuner::plot::Figure roofline_figure(const LabReport& report);

}  // namespace tunet::lab
