#include "bench/lab/roofline_figure.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "bench/lab/peers.hpp"
#include "tuner/plot/style.hpp"

namespace tunet::lab {

namespace plot = tuner::plot;

namespace {

// attainable(I) = min(peak, I * bandwidth) at intensities 2^-5 .. 2^12.
std::string roof_csv(const Ceilings& c) {
  std::ostringstream s;
  s << "intensity,one_core,all_cores\n";
  for (int e = -5 * 4; e <= 12 * 4; ++e) {
    const double intensity = std::pow(2.0, e / 4.0);
    s << plot::csv_number(intensity) << ","
      << plot::csv_number(attainable_gflops(intensity, c.peak_gflops_1, c.bandwidth_1.copy_gbs)) << ","
      << plot::csv_number(attainable_gflops(intensity, c.peak_gflops_all, c.bandwidth_all.copy_gbs)) << "\n";
  }
  return s.str();
}

// The op's timed CPU rows (the GPU has its own roofs): tunet's rungs, or the peer libraries'.
bool plotted(const LabRow& row, const std::string& op, bool peers) {
  return row.op == op && row.skipped.empty() && row.device == "cpu" && is_peer_rung(row.variant) == peers;
}

std::string points_csv(const LabReport& r, const std::string& op, bool peers) {
  std::ostringstream s;
  s << "intensity,gflops,label\n";
  for (const LabRow& row : r.rows) {
    if (!plotted(row, op, peers)) continue;
    s << plot::csv_number(row.intensity) << "," << plot::csv_number(row.gflops) << ","
      << plot::csv_text(row.variant + (row.threads > 1 ? " x" + std::to_string(row.threads) : "")) << "\n";
  }
  return s.str();
}

}  // namespace

plot::Figure roofline_figure(const LabReport& r) {
  plot::Figure f;
  f.name = "roofline";
  f.title = "Kernel lab: every rung on this machine's roofline";
  f.width = 1100;
  f.height = 700;
  f.data.push_back({"roofline_roofs.csv", roof_csv(r.ceilings)});
  std::ostringstream s;
  s << plot::panel_start();
  s << "set logscale x 2\nset logscale y 10\nset format x '%g'\nset format y '%g'\n";
  s << "set xlabel 'arithmetic intensity (flop per byte of compulsory memory traffic)'\n";
  s << "set ylabel 'GFLOP/s'\nset key top left opaque box lc rgb '#c0c0c0'\n";
  s << "set title " << plot::quoted(r.ceilings.isa + ", GEMM micro-kernel " + r.micro_kernel + "; roofs: FMA peak and STREAM copy") << "\n";
  s << "plot 'roofline_roofs.csv' using 'intensity':'one_core' with lines lw 2 lc rgb '#404040' title "
    << plot::quoted("roof, 1 core") << ", \\\n";
  s << "     'roofline_roofs.csv' using 'intensity':'all_cores' with lines lw 2 dt 2 lc rgb '#404040' title "
    << plot::quoted("roof, " + std::to_string(r.threads) + " threads");
  int series = 0;
  // Each op in its colour: tunet's rungs as filled points, the peer libraries' as open ones.
  for (const std::string& op : lab_ops()) {
    bool drawn = false;
    for (const bool peers : {false, true}) {
      if (std::none_of(r.rows.begin(), r.rows.end(), [&](const LabRow& row) { return plotted(row, op, peers); })) {
        continue;
      }
      const std::string file = "roofline_" + op + (peers ? "_peers" : "") + ".csv";
      f.data.push_back({file, points_csv(r, op, peers)});
      s << ", \\\n     " << plot::quoted(file) << " using 'intensity':'gflops' with points pt " << (peers ? 6 : 7)
        << " ps 1.1 lc " << plot::series_colour(series) << " title " << plot::quoted(op + (peers ? " (peers)" : ""))
        << ", \\\n";
      s << "     " << plot::quoted(file) << " using 'intensity':'gflops':'label' with labels left offset 0.6,0 font ',7' tc "
        << plot::series_colour(series) << " notitle";
      drawn = true;
    }
    if (drawn) ++series;
  }
  s << "\n";
  f.commands = s.str();
  return f;
}

}  // namespace tunet::lab
