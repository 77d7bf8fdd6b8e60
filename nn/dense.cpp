#include "nn/dense.hpp"

#include <Eigen/Core>

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "nn/input_check.hpp"

namespace tunet::nn {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MatrixMap = Eigen::Map<RowMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;
using ConstRowVectorMap = Eigen::Map<const RowVector>;

// Dimensions: N rows of the batch (all leading axes), I inputs, O outputs.

// z = x W + b; x (N, I), W (I, O), b (O), z (N, O).
void dense_fwd(const float* x, const float* w, const float* b, float* z, int64_t n, int64_t in,
               int64_t out) {
  MatrixMap z_m(z, n, out);
  z_m.noalias() = ConstMatrixMap(x, n, in) * ConstMatrixMap(w, in, out);
  z_m.rowwise() += ConstRowVectorMap(b, out);
}

// Given dz (N, O): dW += x^T dz, db += sum_n dz, dx += dz W^T (any of dx, dw, db may be null).
void dense_bwd(const float* x, const float* w, const float* dz, float* dx, float* dw, float* db,
               int64_t n, int64_t in, int64_t out) {
  ConstMatrixMap dz_m(dz, n, out);
  if (dw) MatrixMap(dw, in, out).noalias() += ConstMatrixMap(x, n, in).transpose() * dz_m;
  if (db) Eigen::Map<RowVector>(db, out) += dz_m.colwise().sum();
  if (dx) MatrixMap(dx, n, in).noalias() += dz_m * ConstMatrixMap(w, in, out).transpose();
}

}  // namespace

Tensor dense(const Tensor& x, const Tensor& kernel, const Tensor& bias, ActivationKind activation) {
  check(x.defined() && kernel.defined() && bias.defined(),
        "dense: undefined input, kernel or bias");
  check(kernel.rank() == 2 && bias.rank() == 1 && bias.dim(0) == kernel.dim(1) && x.rank() >= 1 &&
            x.dim(-1) == kernel.dim(0),
        "dense: x " + shape_str(x.shape()) + ", kernel " + shape_str(kernel.shape()) + ", bias " +
            shape_str(bias.shape()) +
            " do not fit (expected x (..., in), kernel (in, out), bias (out))");
  const int64_t in = kernel.dim(0), out = kernel.dim(1);
  const int64_t n = x.numel() / in;
  Shape out_shape = x.shape();
  out_shape.back() = out;

  Tensor y = Tensor::empty(out_shape, x.device());
  const bool needs_z =
      any_requires_grad({&x, &kernel, &bias}) && activation_backward_needs_input(activation);
  Tensor z = needs_z ? Tensor::empty(out_shape, x.device()) : y;  // pre-activation
  dense_fwd(x.data(), kernel.data(), bias.data(), z.data(), n, in, out);
  activation_forward(activation, z.data(), y.data(), n, out);  // in place when z is y

  // Keep z only when backward needs it (capturing y itself would be a reference cycle).
  Tensor z_saved = needs_z ? z : Tensor();
  record(y, "dense", {x, kernel, bias},
         [x, kernel, bias, z_saved, activation, n, in, out](const Tensor& y_out,
                                                            const Tensor& grad_out) {
           float* dx = grad_buffer(x);
           float* dw = grad_buffer(kernel);
           float* db = grad_buffer(bias);
           Tensor dz_buffer;  // dz = dy * f'(z)
           const float* dz = fused_activation_backward(activation, z_saved, y_out, grad_out, n,
                                                       out, dz_buffer);
           dense_bwd(x.data(), kernel.data(), dz, dx, dw, db, n, in, out);
         });
  return y;
}

Dense::Dense(int64_t units, const std::string& activation)
    : units_(units), activation_(parse_activation(activation)) {
  check(units > 0, "Dense: units must be positive, got " + std::to_string(units));
}

Shape Dense::build(const Shape& input_shape) {
  check(!input_shape.empty() && input_shape.back() > 0,
        "Dense: needs an input with a positive last axis, got sample shape " +
            shape_str(input_shape));
  input_shape_ = input_shape;
  output_shape_ = input_shape;
  output_shape_.back() = units_;
  return output_shape_;
}

std::vector<ParameterSpec> Dense::parameter_specs() const {
  check(!input_shape_.empty(), "Dense: parameter_specs() before build()");
  const int64_t in = input_shape_.back();
  return {{"kernel", {in, units_}, "glorot_uniform", in, units_},
          {"bias", {units_}, "zeros", in, units_}};
}

void Dense::bind(std::vector<Tensor> parameters) {
  check(parameters.size() == 2, "Dense: bind() expects kernel and bias, got " +
                                    std::to_string(parameters.size()) + " tensors");
  const auto specs = parameter_specs();
  for (size_t i = 0; i < 2; ++i)
    check(parameters[i].shape() == specs[i].shape, "Dense: " + specs[i].name + " must have shape " +
                                                       shape_str(specs[i].shape) + ", got " +
                                                       shape_str(parameters[i].shape()));
  kernel_ = std::move(parameters[0]);
  bias_ = std::move(parameters[1]);
}

Tensor Dense::forward(const Tensor& x, const ForwardContext& ctx) {
  check_batch_input(*this, x);
  check(kernel_.defined(), "Dense: forward() before bind(): the layer has no weights");
  return dense(x, kernel_, bias_, ctx.output_logits ? ActivationKind::Linear : activation_);
}

LayerConfig Dense::config() const {
  return {{"units", std::to_string(units_)}, {"activation", activation_name(activation_)}};
}

std::unique_ptr<Layer> Dense::clone() const {
  auto copy = std::make_unique<Dense>(*this);
  copy->kernel_ = Tensor();  // a clone is built but unbound: its model binds its own block
  copy->bias_ = Tensor();
  return copy;
}

}  // namespace tunet::nn
