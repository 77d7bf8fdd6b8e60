#include "nn/export/c_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "nn/export/c_kernels.hpp"
#include "nn/export/c_math.hpp"
#include "nn/export/fixed_point.hpp"

namespace tunet::nn {
namespace {

constexpr int64_t kArenaAlign = 8;

int64_t round_up(int64_t bytes) { return (bytes + kArenaAlign - 1) / kArenaAlign * kArenaAlign; }

std::string upper(std::string s) {
  for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A float as a C literal that reads back to the same float ("0.5f", "3.0f", "1e-05f").
std::string float_literal(float v) {
  check(std::isfinite(v), "c export: a weight or constant is not finite (" + std::to_string(v) + ")");
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", double(v));
  std::string s = text;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s + "f";
}

std::string int_literal(int64_t v) {
  if (v == std::numeric_limits<int32_t>::min()) return "(-2147483647 - 1)";
  return std::to_string(v);
}

template <class T, class Format>
std::string array(const std::string& type, const std::string& name, const std::vector<T>& values, Format format,
                  int per_line) {
  std::string s = "static const " + type + " " + name + "[" + std::to_string(values.size()) + "] = {";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i % size_t(per_line) == 0) s += "\n ";
    s += ' ';
    s += format(values[i]);
    s += ',';
  }
  return s + "\n};\n";
}

std::string describe(const ExportStep& s) {
  std::string line = "layer " + std::to_string(s.layer_index) + " " + s.layer_type + " " +
                     shape_str(s.input_shape) + " -> " + shape_str(s.output_shape);
  if (s.kind == ExportStepKind::Conv || s.kind == ExportStepKind::MaxPool)
    line += ", " + std::to_string(s.window.kernel_h) + "x" + std::to_string(s.window.kernel_w) + " stride " +
            std::to_string(s.window.stride_h) + " pad (" + std::to_string(s.window.pad_top) + ", " +
            std::to_string(s.window.pad_left) + ")";
  if (s.kind != ExportStepKind::MaxPool) line += ", " + activation_name(s.activation);
  return line;
}

std::string window_args(const ExportStep& s) {
  const Window2D& g = s.window;
  return std::to_string(g.in_h) + ", " + std::to_string(g.in_w) + ", ";
}

std::string pool_tail(const Window2D& g) {
  return std::to_string(g.kernel_h) + ", " + std::to_string(g.stride_h) + ", " + std::to_string(g.pad_top) + ", " +
         std::to_string(g.pad_left) + ", " + std::to_string(g.out_h) + ", " + std::to_string(g.out_w);
}

// Where each layer's output goes: the caller's buffer, or one end of the arena.
class ArenaPlanner {
 public:
  // A layer reading `in_bytes` from where the previous one wrote and writing
  // `out_bytes`; returns the byte offset of its output in the arena.
  int64_t next(int64_t in_bytes, int64_t out_bytes, bool input_in_arena) {
    high_ = !high_;
    need_ = std::max(need_, (input_in_arena ? round_up(in_bytes) : 0) + round_up(out_bytes));
    placements_.push_back({high_, round_up(out_bytes)});
    return int64_t(placements_.size() - 1);
  }
  void need(int64_t bytes) { need_ = std::max(need_, round_up(bytes)); }
  int64_t bytes() const { return std::max(need_, kArenaAlign); }
  // The byte offset of placement i once every layer is known.
  int64_t offset(int64_t i) const {
    const auto& p = placements_[size_t(i)];
    return p.high ? bytes() - p.bytes : 0;
  }

 private:
  struct Placement {
    bool high;
    int64_t bytes;
  };
  bool high_ = false;  // the first output goes to the high end
  int64_t need_ = 0;
  std::vector<Placement> placements_;
};

std::string header_text(const std::string& name, const ExportPlan& plan, int64_t arena, bool int8,
                        const QuantizedPlan* q) {
  const std::string N = upper(name);
  std::ostringstream h;
  h << "/* " << name << ".h: a tunet Sequential exported as freestanding C99 (tunet export --format c"
    << (int8 ? " --int8" : "") << ").\n"
    << "   " << name << "_predict(in, out, arena): in holds " << N << "_INPUT_SIZE floats, the sample as tunet's\n"
    << "   predict takes it; out receives " << N << "_OUTPUT_SIZE floats, what predict returns; arena is\n"
    << "   " << N << "_ARENA_BYTES of working memory aligned to " << N << "_ARENA_ALIGN bytes. */\n"
    << "#ifndef " << N << "_H_\n#define " << N << "_H_\n\n#include <stddef.h>\n#include <stdint.h>\n\n"
    << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
    << "#define " << N << "_INPUT_SIZE " << shape_numel(plan.input_shape) << "\n"
    << "#define " << N << "_OUTPUT_SIZE " << shape_numel(plan.output_shape) << "\n"
    << "#define " << N << "_ARENA_BYTES " << arena << "\n"
    << "#define " << N << "_ARENA_ALIGN " << kArenaAlign << "\n"
    << "#define " << N << "_INT8 " << (int8 ? 1 : 0) << "\n";
  if (int8) {
    h << "/* real = scale (q - zero_point), TensorFlow Lite's int8 scheme */\n"
      << "#define " << N << "_INPUT_SCALE " << float_literal(q->input.scale) << "\n"
      << "#define " << N << "_INPUT_ZERO_POINT " << q->input.zero_point << "\n";
    if (q->output_scales.empty())
      h << "#define " << N << "_OUTPUT_SCALE " << float_literal(q->output.scale) << "\n"
        << "#define " << N << "_OUTPUT_ZERO_POINT " << q->output.zero_point << "\n";
    else
      h << "/* the output is float: the last Dense's int32 accumulators dequantised (a float output layer) */\n";
  }
  h << "\nvoid " << name << "_predict(const float* in, float* out, void* arena);\n";
  if (int8) {
    h << "/* q = clamp(round(x / " << N << "_INPUT_SCALE) + " << N << "_INPUT_ZERO_POINT, -128, 127) */\n"
      << "void " << name << "_quantize_input(const float* in, int8_t* q);\n"
      << "/* the int8 network on a quantised input; out as " << name << "_predict's"
      << (q->output_scales.empty() ? " (the int8 output dequantised" : " (the last Dense's int32 sums dequantised")
      << (q->softmax_output ? ", then softmax in float)" : ")")
      << " */\n"
      << "void " << name << "_predict_int8(const int8_t* in, float* out, void* arena);\n";
  }
  h << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
  return h.str();
}

std::string source_preamble(const std::string& name, const ExportPlan& plan, int64_t arena, bool int8) {
  std::string s = "/* " + name + ".c: generated by tunet export" + (int8 ? " (int8)" : " (float)") +
                  ". C99, freestanding: no malloc, no stdio, no libm;\n   weights are const (flash), all working "
                  "memory is the caller's arena (" + std::to_string(arena) + " bytes).\n";
  for (const ExportStep& step : plan.steps) s += "   " + describe(step) + "\n";
  if (int8)
    s += "   int8 arithmetic: TensorFlow Lite's 8-bit quantization specification\n"
         "   (tensorflow.org/lite/performance/quantization_spec): per-output-channel symmetric int8 weights,\n"
         "   per-tensor int8 activations, int32 accumulators and bias, fixed-point requantisation. */\n";
  else
    s += " */\n";
  return s + "#include \"" + name + ".h\"\n\n";
}

}  // namespace

CSource write_c_float(const ExportPlan& plan, const std::string& name) {
  std::string weights, kernels, body;
  CMathUse math;
  std::set<std::string> emitted;
  const auto use = [&](const std::string& key, const std::string& text) {
    if (emitted.insert(key).second) kernels += text;
  };
  ArenaPlanner arena;
  std::vector<int64_t> placement(plan.steps.size(), -1);
  for (size_t i = 0; i + 1 < plan.steps.size(); ++i)
    placement[i] = arena.next(plan.steps[i].input_size() * 4, plan.steps[i].output_size() * 4, i > 0);
  if (plan.steps.size() > 1) arena.need(round_up(plan.steps.back().input_size() * 4));

  std::string activations;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const ExportStep& s = plan.steps[i];
    const std::string l = std::string("l").append(std::to_string(i));
    const std::string x = i == 0 ? "in" : "a + " + std::to_string(arena.offset(placement[i - 1]) / 4);
    const std::string y = i + 1 == plan.steps.size() ? "out" : "a + " + std::to_string(arena.offset(placement[i]) / 4);
    const std::string n = std::to_string(s.output_size());
    body += "  /* " + describe(s) + " */\n";
    if (s.kind == ExportStepKind::Dense || s.kind == ExportStepKind::Conv) {
      const auto f = [](float v) { return float_literal(v); };
      weights += array("float", l + "_w", s.weights, f, 8) + array("float", l + "_b", s.bias, f, 8);
    }
    if (s.kind == ExportStepKind::Dense) {
      use("dense", c_dense_f32());
      body += "  tn_dense_f32(" + x + ", " + l + "_w, " + l + "_b, " + y + ", " + std::to_string(s.in) + ", " +
              std::to_string(s.out) + ");\n";
    } else if (s.kind == ExportStepKind::Conv) {
      use("conv", c_conv2d_f32());
      body += "  tn_conv2d_f32(" + x + ", " + l + "_w, " + l + "_b, " + y + ", " + std::to_string(s.in) + ", " +
              window_args(s) + std::to_string(s.out) + ", " + pool_tail(s.window) + ");\n";
    } else if (s.kind == ExportStepKind::MaxPool) {
      use("pool", c_max_pool_f32());
      body += "  tn_max_pool_f32(" + x + ", " + y + ", " + std::to_string(s.in) + ", " + window_args(s) +
              pool_tail(s.window) + ");\n";
    }
    const std::string act_in = s.kind == ExportStepKind::Activation ? x : y;
    if (s.activation == ActivationKind::Softmax) {
      use("softmax", c_softmax_f32());
      body += "  tn_softmax_f32(" + act_in + ", " + y + ", " + n + ");\n";
    } else if (s.activation != ActivationKind::Linear) {
      if (emitted.insert("act " + activation_name(s.activation)).second) activations += c_activation_f32(s.activation);
      body += "  " + c_activation_function_name(s.activation) + "(" + act_in + ", " + y + ", " + n + ");\n";
    }
    const CMathUse u = c_math_use(s.activation);
    math.exp |= u.exp, math.tanh |= u.tanh, math.erfc |= u.erfc, math.log1p |= u.log1p;
    math.sigmoid |= u.sigmoid;
  }
  const bool arena_used = body.find("a + ") != std::string::npos;

  CSource out;
  out.arena_bytes = arena.bytes();
  out.header = header_text(name, plan, out.arena_bytes, false, nullptr);
  out.source = source_preamble(name, plan, out.arena_bytes, false) + weights + "\n" + c_math_source(math) +
               activations + kernels + "\nvoid " + name + "_predict(const float* in, float* out, void* arena) {\n" +
               (arena_used ? "  float* const a = (float*)arena;\n" : "  (void)arena;\n") + body + "}\n";
  return out;
}

CSource write_c_int8(const ExportPlan& plan, const QuantizedPlan& q, const std::string& name) {
  std::string weights, kernels, body;
  std::set<std::string> emitted;
  const auto use = [&](const std::string& key, const std::string& text) {
    if (emitted.insert(key).second) kernels += text;
  };
  // The quantised input is at the arena's low end (predict) or the caller's (predict_int8).
  const int64_t input_size = shape_numel(plan.input_shape);
  ArenaPlanner arena;
  arena.need(input_size);
  std::vector<int64_t> placement(q.ops.size(), -1);
  int64_t current = -1;  // the placement holding the current tensor; -1: the network's input
  for (size_t i = 0; i < q.int8_ops(); ++i) {
    const QuantOp& op = q.ops[i];
    if (op.kind == QuantOpKind::Lut && current >= 0) {
      placement[i] = current;  // in place
    } else {
      placement[i] = arena.next(op.input_size, op.output_size, true);
      current = placement[i];
    }
  }
  const auto at = [&](int64_t p) { return p < 0 ? std::string("x") : "a + " + std::to_string(arena.offset(p)); };

  current = -1;
  for (size_t i = 0; i < q.int8_ops(); ++i) {
    const QuantOp& op = q.ops[i];
    const ExportStep& s = plan.steps[op.step];
    const std::string l = std::string("q").append(std::to_string(i));
    const std::string x = at(current), y = at(placement[i]);
    current = placement[i];
    if (op.kind == QuantOpKind::Dense || op.kind == QuantOpKind::Conv) {
      weights += array("int8_t", l + "_w", op.weights, [](int8_t v) { return std::to_string(int(v)); }, 16) +
                 array("int32_t", l + "_b", op.bias, [](int32_t v) { return int_literal(v); }, 8);
      std::vector<int32_t> m;
      std::vector<int> shift;
      for (const QuantizedMultiplier& qm : op.multipliers) {
        m.push_back(qm.multiplier);
        shift.push_back(qm.shift);
      }
      weights += array("int32_t", l + "_m", m, [](int32_t v) { return int_literal(v); }, 8) +
                 array("int8_t", l + "_s", shift, [](int v) { return std::to_string(v); }, 16);
      const std::string tail = std::to_string(op.input.zero_point) + ", " + std::to_string(op.output.zero_point) +
                               ", " + std::to_string(op.act_min) + ", " + std::to_string(op.act_max) + ");\n";
      const std::string args = x + ", " + l + "_w, " + l + "_b, " + l + "_m, " + l + "_s, " + y + ", ";
      body += "  /* " + describe(s) + (op.act_min > -128 ? " (relu: the clamp)" : "") + " */\n";
      if (op.kind == QuantOpKind::Dense) {
        use("dense", c_dense_s8());
        body += "  tn_dense_s8(" + args + std::to_string(s.in) + ", " + std::to_string(s.out) + ", " + tail;
      } else {
        use("conv", c_conv2d_s8());
        body += "  tn_conv2d_s8(" + args + std::to_string(s.in) + ", " + window_args(s) + std::to_string(s.out) +
                ", " + pool_tail(s.window) + ", " + tail;
      }
    } else if (op.kind == QuantOpKind::MaxPool) {
      use("pool", c_max_pool_s8());
      body += "  /* " + describe(s) + " */\n  tn_max_pool_s8(" + x + ", " + y + ", " + std::to_string(s.in) + ", " +
              window_args(s) + pool_tail(s.window) + ");\n";
    } else {
      use("table", c_table_s8());
      weights += array("int8_t", l + "_t", op.table, [](int8_t v) { return std::to_string(int(v)); }, 16);
      body += "  /* " + activation_name(s.activation) + " as a table */\n  tn_table_s8(" + x + ", " + y + ", " + l +
              "_t, " + std::to_string(op.output_size) + ");\n";
    }
  }
  if (q.softmax_output) use("softmax", c_softmax_f32());
  const std::string result = at(current);
  int64_t network_output = input_size;
  if (current >= 0) network_output = q.ops[q.int8_ops() - 1].output_size;
  std::string output_layer;  // a float output layer: the last Dense's accumulators to float
  if (!q.output_scales.empty()) {
    const QuantOp& op = q.ops.back();
    const ExportStep& s = plan.steps[op.step];
    const std::string l = std::string("q").append(std::to_string(q.ops.size() - 1));
    use("dense_f32_output", c_dense_s8_f32_output());
    weights += array("int8_t", l + "_w", op.weights, [](int8_t v) { return std::to_string(int(v)); }, 16) +
               array("int32_t", l + "_b", op.bias, [](int32_t v) { return int_literal(v); }, 8) +
               array("float", l + "_scale", q.output_scales, [](float v) { return float_literal(v); }, 8);
    output_layer = "  /* " + describe(s) + ": a float output layer */\n  tn_dense_s8_f32(y, " + l + "_w, " + l +
                   "_b, " + l + "_scale, out, " + std::to_string(s.in) + ", " + std::to_string(s.out) + ", " +
                   std::to_string(op.input.zero_point) + ");\n";
  }

  const std::string N = upper(name);
  const int64_t output_size = shape_numel(plan.output_shape);
  CSource out;
  out.arena_bytes = arena.bytes();
  out.header = header_text(name, plan, out.arena_bytes, true, &q);
  const bool arena_used = result != "x" || !body.empty();
  std::string network = "/* the int8 network: x (" + std::to_string(input_size) +
                              " int8) -> the last int8 tensor (in the arena) */\nstatic const int8_t* " + name +
                              "_network(const int8_t* x, void* arena) {\n" +
                              (arena_used ? "  int8_t* const a = (int8_t*)arena;\n" : "  (void)arena;\n") + body +
                              "  return " + result + ";\n}\n\n";
  network = "#define TN_NETWORK_OUTPUT_SIZE " + std::to_string(network_output) +
            " /* int8 values of the network's last tensor */\n" + network;
  std::string entry =
      "void " + name + "_quantize_input(const float* in, int8_t* q) {\n  int32_t i;\n  for (i = 0; i < " +
      std::to_string(input_size) + "; ++i) {\n    float r = in[i] / " + N +
      "_INPUT_SCALE;\n    int32_t v;\n    if (!(r > -300.0f)) r = -300.0f; /* also NaN */\n"
      "    if (r > 300.0f) r = 300.0f;\n    v = (int32_t)(r + (r >= 0.0f ? 0.5f : -0.5f)) + " + N +
      "_INPUT_ZERO_POINT;\n    q[i] = (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);\n  }\n}\n\n"
      "void " + name + "_predict_int8(const int8_t* in, float* out, void* arena) {\n  const int8_t* y = " + name +
      "_network(in, arena);\n" +
      (output_layer.empty() ? "  int32_t i;\n  for (i = 0; i < " + std::to_string(output_size) + "; ++i) out[i] = " + N +
                                  "_OUTPUT_SCALE * (float)((int32_t)y[i] - " + N + "_OUTPUT_ZERO_POINT);\n"
                            : output_layer) +
      (q.softmax_output ? "  tn_softmax_f32(out, out, " + std::to_string(output_size) + ");\n" : std::string()) +
      "}\n\nvoid " + name + "_predict(const float* in, float* out, void* arena) {\n  " + name +
      "_quantize_input(in, (int8_t*)arena);\n  " + name + "_predict_int8((const int8_t*)arena, out, arena);\n}\n";
  CMathUse math;
  math.exp = q.softmax_output;
  out.source = source_preamble(name, plan, out.arena_bytes, true) + weights + "\n" + c_fixed_point_source() +
               c_math_source(math) + kernels + "\n" + network + entry;
  return out;
}

}  // namespace tunet::nn
