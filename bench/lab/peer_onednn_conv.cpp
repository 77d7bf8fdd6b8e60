// oneDNN's convolution on the lab's layers: forward (the conv ladder) and the
// training step, forward + backward data + backward weights (the conv training
// ladder), with the algorithm forced (auto, direct, Winograd).
//
// The data stays where tunet keeps it: x, y and their gradients NCHW ("abcd"),
// the kernel (KH, KW, C, F) (oneDNN's "hwio"). Each primitive is made with
// format "any", so oneDNN picks its own layouts, and every operand whose
// layout differs is reordered in and out on every call (as a framework
// holding NCHW tensors does); the notes say which layouts and how many reorders.
#include <map>
#include <memory>
#include <tuple>

#include "bench/lab/conv_ladder.hpp"
#include "bench/lab/conv_train_ladder.hpp"
#include "bench/lab/peer_onednn.hpp"
#include "bench/lab/peers.hpp"
#include "core/conv_ops.hpp"

namespace tunet::lab {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
constexpr auto kF32 = memory::data_type::f32;

// An operand: tunet's layout (user) and the primitive's (inner); where they
// differ, a buffer in the inner layout and the reorders between them.
struct Operand {
  memory::desc user, inner;
  memory buffer;
  dnnl::reorder to_inner, to_user;
  int* reorders = nullptr;

  Operand(const memory::desc& user_md, const memory::desc& inner_md, bool read, bool written, int* count)
      : user(user_md), inner(inner_md), reorders(count) {
    if (user == inner) return;
    dnnl::engine& e = onednn::engine();
    buffer = memory(inner, e);
    if (read) to_inner = dnnl::reorder(dnnl::reorder::primitive_desc(e, user, e, inner));
    if (written) to_user = dnnl::reorder(dnnl::reorder::primitive_desc(e, inner, e, user));
    *reorders += int(read) + int(written);
  }
  // The memory the primitive reads or writes: the user's data, or the buffer filled from it.
  memory bind(const float* data) const {
    memory mine(user, onednn::engine(), const_cast<float*>(data));
    if (user == inner) return mine;
    if (to_inner) to_inner.execute(onednn::stream(), {{DNNL_ARG_FROM, mine}, {DNNL_ARG_TO, buffer}});
    return buffer;
  }
  void write_back(float* data) const {
    if (user == inner) return;
    memory mine(user, onednn::engine(), data);
    to_user.execute(onednn::stream(), {{DNNL_ARG_FROM, buffer}, {DNNL_ARG_TO, mine}});
  }
};

struct Geometry {
  memory::desc x, w, b, y;  // tunet's layouts
  memory::desc x_any, w_any, b_any, y_any;
  memory::dims strides, pad_l, pad_r;
};

Geometry geometry_of(const ConvDims& d) {
  const Window2D& g = d.win;
  Geometry geo;
  const memory::dims x_dims{d.n, d.c, g.in_h, g.in_w}, w_dims{d.f, d.c, g.kernel_h, g.kernel_w}, b_dims{d.f},
      y_dims{d.n, d.f, g.out_h, g.out_w};
  geo.x = memory::desc(x_dims, kF32, tag::nchw);
  geo.w = memory::desc(w_dims, kF32, tag::hwio);
  geo.b = memory::desc(b_dims, kF32, tag::x);
  geo.y = memory::desc(y_dims, kF32, tag::nchw);
  geo.x_any = memory::desc(x_dims, kF32, tag::any);
  geo.w_any = memory::desc(w_dims, kF32, tag::any);
  geo.b_any = memory::desc(b_dims, kF32, tag::any);
  geo.y_any = memory::desc(y_dims, kF32, tag::any);
  geo.strides = {1, 1};
  geo.pad_l = {g.pad_top, g.pad_left};
  geo.pad_r = {(g.out_h - 1) + g.kernel_h - g.in_h - g.pad_top, (g.out_w - 1) + g.kernel_w - g.in_w - g.pad_left};
  return geo;
}

const char* algorithm_name(dnnl::algorithm a) {
  return a == dnnl::algorithm::convolution_winograd ? "convolution_winograd"
         : a == dnnl::algorithm::convolution_direct ? "convolution_direct"
                                                    : "convolution_auto";
}

// The primitives of one layer and algorithm, made on first use.
struct OnednnConv {
  int reorders = 0;
  dnnl::convolution_forward forward;
  std::unique_ptr<Operand> x, w, b, y;
  bool training = false;
  dnnl::convolution_backward_data backward_data;
  std::unique_ptr<Operand> dy_data, w_data, dx;
  dnnl::convolution_backward_weights backward_weights;
  std::unique_ptr<Operand> x_weights, dy_weights, dw, db;

  OnednnConv(const ConvDims& d, dnnl::algorithm algorithm, bool with_backward) : training(with_backward) {
    const Geometry geo = geometry_of(d);
    dnnl::engine& e = onednn::engine();
    const std::string what = std::string(algorithm_name(algorithm)) + " " + std::to_string(d.n) + "x" +
                             std::to_string(d.c) + "x" + std::to_string(d.win.in_h) + "x" +
                             std::to_string(d.win.in_w) + " k" + std::to_string(d.win.kernel_h) + " f" +
                             std::to_string(d.f);
    const auto prop = with_backward ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
    const dnnl::convolution_forward::primitive_desc fwd(
        {prop, algorithm, geo.x_any, geo.w_any, geo.b_any, geo.y_any, geo.strides, geo.pad_l, geo.pad_r}, e);
    x = std::make_unique<Operand>(geo.x, fwd.src_desc(), true, false, &reorders);
    w = std::make_unique<Operand>(geo.w, fwd.weights_desc(), true, false, &reorders);
    b = std::make_unique<Operand>(geo.b, fwd.bias_desc(), true, false, &reorders);
    y = std::make_unique<Operand>(geo.y, fwd.dst_desc(), false, true, &reorders);
    forward = dnnl::convolution_forward(fwd);
    onednn::note("conv forward " + what, fwd);
    if (!with_backward) return;
    const dnnl::convolution_backward_data::primitive_desc bwd_data(
        {algorithm, geo.x_any, geo.w_any, geo.y_any, geo.strides, geo.pad_l, geo.pad_r}, e, fwd);
    dy_data = std::make_unique<Operand>(geo.y, bwd_data.diff_dst_desc(), true, false, &reorders);
    w_data = std::make_unique<Operand>(geo.w, bwd_data.weights_desc(), true, false, &reorders);
    dx = std::make_unique<Operand>(geo.x, bwd_data.diff_src_desc(), false, true, &reorders);
    backward_data = dnnl::convolution_backward_data(bwd_data);
    onednn::note("conv backward data " + what, bwd_data);
    const dnnl::convolution_backward_weights::primitive_desc bwd_weights(
        {algorithm, geo.x_any, geo.w_any, geo.b_any, geo.y_any, geo.strides, geo.pad_l, geo.pad_r}, e, fwd);
    x_weights = std::make_unique<Operand>(geo.x, bwd_weights.src_desc(), true, false, &reorders);
    dy_weights = std::make_unique<Operand>(geo.y, bwd_weights.diff_dst_desc(), true, false, &reorders);
    dw = std::make_unique<Operand>(geo.w, bwd_weights.diff_weights_desc(), false, true, &reorders);
    db = std::make_unique<Operand>(geo.b, bwd_weights.diff_bias_desc(), false, true, &reorders);
    backward_weights = dnnl::convolution_backward_weights(bwd_weights);
    onednn::note("conv backward weights " + what, bwd_weights);
    onednn::note("conv step " + what + ": " + std::to_string(reorders) + " reorders per call (NCHW/hwio in and out)");
  }

  void run_forward(const float* xs, const float* ws, const float* bs, float* ys) const {
    memory ym(y->user == y->inner ? memory(y->user, onednn::engine(), ys) : y->buffer);
    forward.execute(onednn::stream(),
                    {{DNNL_ARG_SRC, x->bind(xs)}, {DNNL_ARG_WEIGHTS, w->bind(ws)}, {DNNL_ARG_BIAS, b->bind(bs)},
                     {DNNL_ARG_DST, ym}});
    y->write_back(ys);
  }

  void run_backward(const float* xs, const float* ws, const float* dys, float* dxs, float* dws, float* dbs) const {
    const auto out = [](const Operand& o, float* data) {
      return o.user == o.inner ? memory(o.user, onednn::engine(), data) : o.buffer;
    };
    backward_data.execute(onednn::stream(), {{DNNL_ARG_DIFF_DST, dy_data->bind(dys)},
                                             {DNNL_ARG_WEIGHTS, w_data->bind(ws)},
                                             {DNNL_ARG_DIFF_SRC, out(*dx, dxs)}});
    dx->write_back(dxs);
    backward_weights.execute(onednn::stream(), {{DNNL_ARG_SRC, x_weights->bind(xs)},
                                                {DNNL_ARG_DIFF_DST, dy_weights->bind(dys)},
                                                {DNNL_ARG_DIFF_WEIGHTS, out(*dw, dws)},
                                                {DNNL_ARG_DIFF_BIAS, out(*db, dbs)}});
    dw->write_back(dws);
    db->write_back(dbs);
    onednn::stream().wait();
  }
};

OnednnConv& conv_for(const ConvDims& d, dnnl::algorithm algorithm, bool with_backward) {
  using Key = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int, bool>;
  static std::map<Key, std::unique_ptr<OnednnConv>> made;
  auto& slot = made[{d.n, d.c, d.win.in_h, d.win.in_w, d.win.kernel_h, d.f, int(algorithm), with_backward}];
  if (!slot) {
    slot = onednn::wrap(algorithm_name(algorithm),
                        [&] { return std::make_unique<OnednnConv>(d, algorithm, with_backward); });
  }
  return *slot;
}

ConvDims dims_of(const Tensor& x, const Tensor& w) { return conv_dims("oneDNN conv", x.shape(), w.shape(), 1, "same"); }

Tensor forward(const Tensor& x, const Tensor& w, const Tensor& b, dnnl::algorithm algorithm) {
  const ConvDims d = dims_of(x, w);
  OnednnConv& conv = conv_for(d, algorithm, false);
  Tensor y = Tensor::empty({d.n, d.f, d.win.out_h, d.win.out_w});
  onednn::wrap("oneDNN conv", [&] {
    conv.run_forward(x.data(), w.data(), b.data(), y.data());
    onednn::stream().wait();
    return 0;
  });
  return y;
}

void step(const ConvTrainBuffers& io, dnnl::algorithm algorithm) {
  const ConvDims d = dims_of(io.x, io.w);
  OnednnConv& conv = conv_for(d, algorithm, true);
  onednn::wrap("oneDNN conv", [&] {
    conv.run_forward(io.x.data(), io.w.data(), io.b.data(), io.y.data());
    conv.run_backward(io.x.data(), io.w.data(), io.dy.data(), io.dx.data(), io.dw.data(), io.db.data());
    return 0;
  });
}

}  // namespace

Tensor conv_onednn_auto(const Tensor& x, const Tensor& w, const Tensor& b) {
  return forward(x, w, b, dnnl::algorithm::convolution_auto);
}
Tensor conv_onednn_direct(const Tensor& x, const Tensor& w, const Tensor& b) {
  return forward(x, w, b, dnnl::algorithm::convolution_direct);
}
Tensor conv_onednn_winograd(const Tensor& x, const Tensor& w, const Tensor& b) {
  return forward(x, w, b, dnnl::algorithm::convolution_winograd);
}

void conv_train_onednn_auto(const ConvTrainBuffers& io) { step(io, dnnl::algorithm::convolution_auto); }
void conv_train_onednn_direct(const ConvTrainBuffers& io) { step(io, dnnl::algorithm::convolution_direct); }
void conv_train_onednn_winograd(const ConvTrainBuffers& io) { step(io, dnnl::algorithm::convolution_winograd); }

}  // namespace tunet::lab
