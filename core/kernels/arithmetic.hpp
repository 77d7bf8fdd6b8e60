#pragma once
// The arithmetic of the core ops, written once for every backend: the binary
// and unary kinds, each one's value and partial derivatives as a type, and the
// dispatch from a kind to its type, used by the CPU loops
// (core/cpu/elementwise.cpp) and the CUDA bodies (cuda/kernels/elementwise_bodies.hpp).
//
// Adding a unary op here: its kind, its struct, and its case in dispatch_unary.
#include <cmath>

#include "core/kernels/hd.hpp"

namespace tunet {

enum class BinaryOp { Add, Sub, Mul, Div };
enum class UnaryOp { Neg, Exp, Log, Sqrt, Pow };  // Pow takes the exponent as its parameter

}  // namespace tunet

namespace tunet::kernels {

// Binary ops: value, d/da, d/db.
struct AddOp {
  TUNET_HD static float value(float a, float b) { return a + b; }
  TUNET_HD static float da(float, float) { return 1.0f; }
  TUNET_HD static float db(float, float) { return 1.0f; }
};
struct SubOp {
  TUNET_HD static float value(float a, float b) { return a - b; }
  TUNET_HD static float da(float, float) { return 1.0f; }
  TUNET_HD static float db(float, float) { return -1.0f; }
};
struct MulOp {
  TUNET_HD static float value(float a, float b) { return a * b; }
  TUNET_HD static float da(float, float b) { return b; }
  TUNET_HD static float db(float a, float) { return a; }
};
struct DivOp {  // a / b: d/da = 1/b, d/db = -a/b^2
  TUNET_HD static float value(float a, float b) { return a / b; }
  TUNET_HD static float da(float, float b) { return 1.0f / b; }
  TUNET_HD static float db(float a, float b) { return -a / (b * b); }
};

// Unary ops: value(x, p) and derivative(x, y, p), the derivative written in
// terms of x and y = f(x); p is the op's parameter (Pow's exponent; the
// others ignore it).
struct NegOp {
  TUNET_HD static float value(float x, float) { return -x; }
  TUNET_HD static float derivative(float, float, float) { return -1.0f; }  // (-x)' = -1
};
struct ExpOp {
  TUNET_HD static float value(float x, float) { return std::exp(x); }
  TUNET_HD static float derivative(float, float y, float) { return y; }  // (e^x)' = e^x
};
struct LogOp {
  TUNET_HD static float value(float x, float) { return std::log(x); }
  TUNET_HD static float derivative(float x, float, float) { return 1.0f / x; }  // (ln x)' = 1/x
};
struct SqrtOp {
  TUNET_HD static float value(float x, float) { return std::sqrt(x); }
  TUNET_HD static float derivative(float, float y, float) { return 0.5f / y; }  // (sqrt x)' = 1/(2 sqrt x)
};
struct PowOp {
  TUNET_HD static float value(float x, float p) { return std::pow(x, p); }
  TUNET_HD static float derivative(float x, float, float p) { return p * std::pow(x, p - 1.0f); }  // p x^(p-1)
};

// f(XxxOp{}): the binary op as a type, so a loop or a GPU kernel inlines its math.
template <class F>
decltype(auto) dispatch_binary(BinaryOp op, F&& f) {
  switch (op) {
    case BinaryOp::Add: return f(AddOp{});
    case BinaryOp::Sub: return f(SubOp{});
    case BinaryOp::Mul: return f(MulOp{});
    case BinaryOp::Div: break;
  }
  return f(DivOp{});
}

// f(XxxOp{}): the unary op as a type.
template <class F>
decltype(auto) dispatch_unary(UnaryOp op, F&& f) {
  switch (op) {
    case UnaryOp::Neg: return f(NegOp{});
    case UnaryOp::Exp: return f(ExpOp{});
    case UnaryOp::Log: return f(LogOp{});
    case UnaryOp::Sqrt: return f(SqrtOp{});
    case UnaryOp::Pow: break;
  }
  return f(PowOp{});
}

}  // namespace tunet::kernels
