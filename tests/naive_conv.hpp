#pragma once
// Reference convolution for the Conv2D tests: the formulas as plain loops in
// double, forward and backward, with no im2col, Winograd or vector code.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/tensor.hpp"
#include "core/window.hpp"

namespace tunet::testing {

// Calls visit(x_index, w_index, y_index) for every multiply-add of
// y[n,f,oh,ow] = b[f] + sum_{i,j,c} x[n,c,ih,iw] W[i,j,c,f] (ih, iw inside the plane).
template <class Visit>
void for_each_conv_term(const tunet::Shape& x_shape, const tunet::Shape& w_shape, int64_t stride,
                        const std::string& padding, Visit visit) {
  const int64_t n_count = x_shape[0], c_count = x_shape[1], h = x_shape[2], wd = x_shape[3];
  const int64_t kh = w_shape[0], kw = w_shape[1], f_count = w_shape[3];
  const auto g = tunet::make_window("test", h, wd, kh, kw, stride, stride, padding);
  for (int64_t n = 0; n < n_count; ++n)
    for (int64_t f = 0; f < f_count; ++f)
      for (int64_t oh = 0; oh < g.out_h; ++oh)
        for (int64_t ow = 0; ow < g.out_w; ++ow)
          for (int64_t i = 0; i < kh; ++i)
            for (int64_t j = 0; j < kw; ++j)
              for (int64_t c = 0; c < c_count; ++c) {
                const int64_t ih = oh * stride - g.pad_top + i, iw = ow * stride - g.pad_left + j;
                if (ih >= 0 && ih < h && iw >= 0 && iw < wd)
                  visit(((n * c_count + c) * h + ih) * wd + iw,
                        ((i * kw + j) * c_count + c) * f_count + f,
                        ((n * f_count + f) * g.out_h + oh) * g.out_w + ow);
              }
}

inline tunet::Tensor naive_conv2d(const tunet::Tensor& x, const tunet::Tensor& w,
                                  const tunet::Tensor& b, int64_t stride,
                                  const std::string& padding) {
  const auto g = tunet::make_window("test", x.dim(2), x.dim(3), w.dim(0), w.dim(1), stride,
                                        stride, padding);
  const int64_t f_count = w.dim(3), plane = g.out_h * g.out_w;
  std::vector<double> y(size_t(x.dim(0) * f_count * plane));
  for (size_t i = 0; i < y.size(); ++i) y[i] = b.data()[int64_t(i) / plane % f_count];
  for_each_conv_term(x.shape(), w.shape(), stride, padding, [&](int64_t xi, int64_t wi, int64_t yi) {
    y[size_t(yi)] += double(x.data()[xi]) * w.data()[wi];
  });
  tunet::Tensor out = tunet::Tensor::empty({x.dim(0), f_count, g.out_h, g.out_w});
  std::transform(y.begin(), y.end(), out.data(), [](double v) { return float(v); });
  return out;
}

struct ConvGrads {
  tunet::Tensor dx, dw, db;
};

// The gradients of sum(y * dy): dx = sum dy W, dW = sum dy x, db = sum dy.
inline ConvGrads naive_conv2d_grads(const tunet::Tensor& x, const tunet::Tensor& w,
                                    const tunet::Tensor& dy, int64_t stride,
                                    const std::string& padding) {
  std::vector<double> dx(size_t(x.numel())), dw(size_t(w.numel())), db(size_t(w.dim(3)));
  for_each_conv_term(x.shape(), w.shape(), stride, padding, [&](int64_t xi, int64_t wi, int64_t yi) {
    dx[size_t(xi)] += double(dy.data()[yi]) * w.data()[wi];
    dw[size_t(wi)] += double(dy.data()[yi]) * x.data()[xi];
  });
  const int64_t plane = dy.dim(2) * dy.dim(3);
  for (int64_t i = 0; i < dy.numel(); ++i) db[size_t(i / plane % dy.dim(1))] += dy.data()[i];
  auto to_tensor = [](const std::vector<double>& v, const tunet::Shape& shape) {
    tunet::Tensor t = tunet::Tensor::empty(shape);
    std::transform(v.begin(), v.end(), t.data(), [](double e) { return float(e); });
    return t;
  };
  return {to_tensor(dx, x.shape()), to_tensor(dw, w.shape()), to_tensor(db, {w.dim(3)})};
}

// max |a - b| <= tol * max(1, max |b|)
inline void check_close(const tunet::Tensor& a, const tunet::Tensor& b, double tol = 1e-4) {
  REQUIRE(a.shape() == b.shape());
  const auto av = a.to_vector(), bv = b.to_vector();
  double worst = 0, scale = 1;
  for (size_t i = 0; i < av.size(); ++i) {
    worst = std::max(worst, double(std::fabs(av[i] - bv[i])));
    scale = std::max(scale, double(std::fabs(bv[i])));
  }
  CHECK(worst <= tol * scale);
}

}  // namespace tunet::testing
