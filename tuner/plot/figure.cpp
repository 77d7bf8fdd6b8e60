#include "tuner/plot/figure.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "tuner/storage/atomic_file.hpp"

namespace tunet::tuner::plot {

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string csv_number(double value) {
  if (!std::isfinite(value)) return "NaN";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}

std::string csv_text(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string gnuplot_script(const Figure& f) {
  const std::string size = std::to_string(f.width) + "," + std::to_string(f.height);
  std::ostringstream s;
  s << "# " << f.title << "\n";
  s << "# Written by tunet. Data:";
  for (const DataFile& d : f.data) s << " " << d.name;
  if (f.animated_gif) {
    s << "\n# Run `gnuplot " << f.name << ".gp` in this folder to draw " << f.name << ".gif.\n";
    s << "set terminal gif animate delay 150 loop 0 optimize size " << size << " noenhanced font 'DejaVuSans,10'\n";
    s << "set output " << quoted(f.name + ".gif") << "\n";
    if (f.csv_columns) s << "set datafile separator ','\nset datafile columnheaders\n";
    s << f.commands << "unset output\n";
    return s.str();
  }
  s << "\n# Run `gnuplot " << f.name << ".gp` in this folder to draw " << f.name << ".png and " << f.name
    << ".svg.\n";
  s << "do for [tunet_output = 1:2] {\n";
  s << "  if (tunet_output == 1) { set terminal pngcairo size " << size
    << " noenhanced font 'Sans,10'; set output " << quoted(f.name + ".png") << " } else { set terminal svg size "
    << size << " noenhanced font 'sans-serif,11' background '#ffffff'; set output " << quoted(f.name + ".svg")
    << " }\n";
  s << "  reset\n";
  if (f.csv_columns) s << "  set datafile separator ','\n  set datafile columnheaders\n";
  std::istringstream commands(f.commands);
  for (std::string line; std::getline(commands, line);) s << "  " << line << "\n";
  s << "  unset output\n}\n";
  return s.str();
}

std::filesystem::path write_figure(const Figure& f, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  for (const DataFile& d : f.data) write_file_atomically(dir / d.name, d.contents);
  std::filesystem::path script = dir / (f.name + ".gp");
  write_file_atomically(script, gnuplot_script(f));
  return script;
}

}  // namespace tunet::tuner::plot
