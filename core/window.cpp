#include "core/window.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace tunet {

void check_padding(const char* layer, const std::string& padding) {
  check(padding == "valid" || padding == "same",
        std::string(layer) + ": unknown padding '" + padding + "'; valid names: valid, same");
}

Window2D make_window(const char* layer, int64_t in_h, int64_t in_w, int64_t kernel_h,
                     int64_t kernel_w, int64_t stride_h, int64_t stride_w,
                     const std::string& padding) {
  check_padding(layer, padding);
  check(kernel_h > 0 && kernel_w > 0 && stride_h > 0 && stride_w > 0,
        std::string(layer) + ": window " + std::to_string(kernel_h) + "x" +
            std::to_string(kernel_w) + " and strides " + std::to_string(stride_h) + "x" +
            std::to_string(stride_w) + " must be positive");
  check(in_h > 0 && in_w > 0, std::string(layer) + ": empty input plane " + std::to_string(in_h) +
                                  "x" + std::to_string(in_w));
  Window2D g{in_h, in_w, kernel_h, kernel_w, stride_h, stride_w, 0, 0, 0, 0};
  if (padding == "valid") {
    check(in_h >= kernel_h && in_w >= kernel_w,
          std::string(layer) + ": window " + std::to_string(kernel_h) + "x" +
              std::to_string(kernel_w) + " is larger than the " + std::to_string(in_h) + "x" +
              std::to_string(in_w) + " input with padding 'valid'");
    g.out_h = (in_h - kernel_h) / stride_h + 1;
    g.out_w = (in_w - kernel_w) / stride_w + 1;
  } else {
    g.out_h = (in_h + stride_h - 1) / stride_h;
    g.out_w = (in_w + stride_w - 1) / stride_w;
    g.pad_top = std::max<int64_t>((g.out_h - 1) * stride_h + kernel_h - in_h, 0) / 2;
    g.pad_left = std::max<int64_t>((g.out_w - 1) * stride_w + kernel_w - in_w, 0) / 2;
  }
  return g;
}

}  // namespace tunet
