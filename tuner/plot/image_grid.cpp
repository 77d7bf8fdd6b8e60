#include "tuner/plot/image_grid.hpp"

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "tuner/plot/style.hpp"

namespace tunet::tuner::plot {

Figure image_grid_figure(const std::string& name, const std::string& title, const std::vector<CaptionedImage>& images,
                         int columns) {
  check(!images.empty(), "image grid '" + name + "': no images");
  check(columns >= 1, "image grid '" + name + "': columns must be >= 1");
  float low = images[0].pixels.empty() ? 0.0f : images[0].pixels[0], high = low;
  for (const CaptionedImage& im : images) {
    check(im.height > 0 && im.width > 0 && im.pixels.size() == static_cast<size_t>(im.height) * im.width,
          "image grid '" + name + "': image '" + im.caption + "' has " + std::to_string(im.pixels.size()) +
              " pixels, expected " + std::to_string(im.height) + " x " + std::to_string(im.width));
    auto [lo, hi] = std::minmax_element(im.pixels.begin(), im.pixels.end());
    low = std::min(low, *lo);
    high = std::max(high, *hi);
  }
  Figure f;
  f.name = name;
  f.title = title;
  f.csv_columns = false;
  auto [rows, cols] = grid_shape(static_cast<int>(images.size()), columns);
  f.width = 200 * cols + 40;
  f.height = 230 * rows + 50;
  std::ostringstream s;
  s << "set multiplot layout " << rows << "," << cols << " title " << quoted(title) << " font ',12'\n";
  for (size_t k = 0; k < images.size(); ++k) {
    const CaptionedImage& im = images[k];
    std::ostringstream matrix;
    for (int y = 0; y < im.height; ++y) {
      for (int x = 0; x < im.width; ++x) matrix << (x ? " " : "") << im.pixels[static_cast<size_t>(y) * im.width + x];
      matrix << "\n";
    }
    const std::string file = name + "_" + std::to_string(k + 1) + ".txt";
    f.data.push_back({file, matrix.str()});
    // Row 0 at the top, square pixels, no axes: only the picture and its caption.
    s << "reset\nunset key\nunset tics\nunset colorbox\nunset border\nset size ratio -1\n"
      << "set palette gray negative\nset cbrange [" << csv_number(low) << ":" << csv_number(high) << "]\n"
      << "set xrange [-0.5:" << im.width - 0.5 << "]\nset yrange [" << im.height - 0.5 << ":-0.5]\n"
      << "set xlabel " << quoted(im.caption) << " font ',9'\n"
      << "plot " << quoted(file) << " matrix with image pixels\n";
  }
  s << "unset multiplot\n";
  f.commands = s.str();
  return f;
}

}  // namespace tunet::tuner::plot
