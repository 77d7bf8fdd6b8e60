// Every optimizer: three steps on a fixed small problem against its formula
// (nn/optimizers.hpp) written out here in double precision, then convergence
// on a quadratic bowl and on Rosenbrock's valley, then the tables (factory,
// settings, errors, docs), clipping, and the state (save / load, copies,
// devices).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "fake_device.hpp"
#include "fresh_dir.hpp"
#include "nn/dense.hpp"
#include "nn/optimizer.hpp"
#include "nn/sequential.hpp"

using namespace tunet;
using namespace tunet::nn;

namespace {

using Vec = std::vector<double>;

Tensor block(const std::vector<float>& values) {
  return Tensor::from({static_cast<int64_t>(values.size())}, values);
}

// The fixed problem: three parameters, three steps, gradients that change sign
// and include an exact zero (Lion's sign(0) = 0, Adagrad's first-step case).
const Vec kStart = {0.5, -1.5, 2.0};
const std::vector<Vec> kGradients = {{0.2, -1.0, 0.0}, {-0.4, 0.5, 3.0}, {0.1, -2.0, -1.0}};

// One step of the reference: p, state (any slots), gradient, t (1-based).
using Reference = std::function<void(Vec& p, std::vector<Vec>& state, const Vec& g, int t)>;

// Runs the optimizer and the reference side by side; after each step every
// parameter must agree to float precision.
void check_three_steps(Optimizer& opt, int slots, const Reference& reference) {
  Tensor params = block(std::vector<float>(kStart.begin(), kStart.end()));
  Vec expected = kStart;
  std::vector<Vec> state(slots, Vec(kStart.size(), 0.0));
  for (int t = 1; t <= 3; ++t) {
    const Vec& g = kGradients[t - 1];
    opt.step(params, block(std::vector<float>(g.begin(), g.end())));
    reference(expected, state, g, t);
    CHECK(opt.iterations() == t);
    const std::vector<float> p = params.to_vector();
    for (size_t i = 0; i < p.size(); ++i) {
      INFO(opt.name(), " step ", t, " element ", i);
      CHECK(p[i] == doctest::Approx(expected[i]).epsilon(2e-6));
    }
  }
}

double sign(double x) { return x > 0 ? 1 : (x < 0 ? -1 : 0); }

}  // namespace

TEST_CASE("SGD: p -= lr_t g with lr_t = lr / (1 + decay (t-1))") {
  Optimizer opt = SGD({.learning_rate = 0.1, .decay = 0.5});
  check_three_steps(opt, 0, [](Vec& p, std::vector<Vec>&, const Vec& g, int t) {
    const double lr_t = 0.1 / (1 + 0.5 * (t - 1));
    for (size_t i = 0; i < p.size(); ++i) p[i] -= lr_t * g[i];
  });
}

TEST_CASE("SGD with momentum: v = mu v - lr_t g; p += v") {
  Optimizer opt = SGD({.learning_rate = 0.1, .momentum = 0.9, .decay = 0.1});
  check_three_steps(opt, 1, [](Vec& p, std::vector<Vec>& s, const Vec& g, int t) {
    const double lr_t = 0.1 / (1 + 0.1 * (t - 1));
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.9 * s[0][i] - lr_t * g[i];
      p[i] += s[0][i];
    }
  });
}

TEST_CASE("Momentum equals SGD with momentum 0.9 by default") {
  Optimizer opt = Momentum({.learning_rate = 0.05});
  check_three_steps(opt, 1, [](Vec& p, std::vector<Vec>& s, const Vec& g, int) {
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.9 * s[0][i] - 0.05 * g[i];
      p[i] += s[0][i];
    }
  });
}

TEST_CASE("Nesterov: v = mu v - lr_t g; p += mu v - lr_t g (with decay)") {
  Optimizer opt = SGD({.learning_rate = 0.1, .momentum = 0.8, .nesterov = true, .decay = 0.2});
  check_three_steps(opt, 1, [](Vec& p, std::vector<Vec>& s, const Vec& g, int t) {
    const double lr_t = 0.1 / (1 + 0.2 * (t - 1));
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.8 * s[0][i] - lr_t * g[i];
      p[i] += 0.8 * s[0][i] - lr_t * g[i];
    }
  });
  Optimizer named = Nesterov({.learning_rate = 0.1, .momentum = 0.8, .decay = 0.2});
  check_three_steps(named, 1, [](Vec& p, std::vector<Vec>& s, const Vec& g, int t) {
    const double lr_t = 0.1 / (1 + 0.2 * (t - 1));
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.8 * s[0][i] - lr_t * g[i];
      p[i] += 0.8 * s[0][i] - lr_t * g[i];
    }
  });
}

TEST_CASE("Adagrad: s starts at initial_accumulator_value; s += g^2; p -= lr g / (sqrt(s) + eps)") {
  Optimizer opt = Adagrad({.learning_rate = 0.1, .initial_accumulator_value = 0.1, .epsilon = 1e-7});
  check_three_steps(opt, 1, [](Vec& p, std::vector<Vec>& s, const Vec& g, int t) {
    for (size_t i = 0; i < p.size(); ++i) {
      if (t == 1) s[0][i] = 0.1;
      s[0][i] += g[i] * g[i];
      p[i] -= 0.1 * g[i] / (std::sqrt(s[0][i]) + 1e-7);
    }
  });
}

TEST_CASE("RMSprop: plain, centered, with momentum, centered with momentum") {
  for (bool centered : {false, true}) {
    for (double mu : {0.0, 0.7}) {
      INFO("centered ", centered, " momentum ", mu);
      Optimizer opt = RMSprop({.learning_rate = 0.01, .rho = 0.8, .momentum = mu, .epsilon = 1e-7,
                               .centered = centered});
      // s[0] = v, s[1] = a, s[2] = b
      check_three_steps(opt, 3, [=](Vec& p, std::vector<Vec>& s, const Vec& g, int) {
        for (size_t i = 0; i < p.size(); ++i) {
          s[0][i] = 0.8 * s[0][i] + 0.2 * g[i] * g[i];
          double d = s[0][i];
          if (centered) {
            s[1][i] = 0.8 * s[1][i] + 0.2 * g[i];
            d = s[0][i] - s[1][i] * s[1][i];
          }
          const double step = 0.01 * g[i] / (std::sqrt(d) + 1e-7);
          if (mu > 0) {
            s[2][i] = mu * s[2][i] + step;
            p[i] -= s[2][i];
          } else {
            p[i] -= step;
          }
        }
      });
    }
  }
}

TEST_CASE("Adam and AMSGrad: bias-corrected moments, eps outside the sqrt") {
  for (bool amsgrad : {false, true}) {
    INFO("amsgrad ", amsgrad);
    Optimizer opt = Adam({.learning_rate = 0.01, .beta_1 = 0.8, .beta_2 = 0.9, .epsilon = 1e-7,
                          .amsgrad = amsgrad});
    // s[0] = m, s[1] = v, s[2] = vmax
    check_three_steps(opt, 3, [=](Vec& p, std::vector<Vec>& s, const Vec& g, int t) {
      for (size_t i = 0; i < p.size(); ++i) {
        s[0][i] = 0.8 * s[0][i] + 0.2 * g[i];
        s[1][i] = 0.9 * s[1][i] + 0.1 * g[i] * g[i];
        const double mh = s[0][i] / (1 - std::pow(0.8, t));
        double vh = s[1][i] / (1 - std::pow(0.9, t));
        if (amsgrad) {
          s[2][i] = std::max(s[2][i], s[1][i]);
          vh = s[2][i] / (1 - std::pow(0.9, t));
        }
        p[i] -= 0.01 * mh / (std::sqrt(vh) + 1e-7);
      }
    });
  }
}

TEST_CASE("AMSGrad differs from Adam once v shrinks") {
  // The third gradient of element 1 is large, then small: vmax keeps the large one.
  Optimizer adam = Adam({.learning_rate = 0.01, .beta_2 = 0.5});
  Optimizer ams = Adam({.learning_rate = 0.01, .beta_2 = 0.5, .amsgrad = true});
  Tensor pa = block({1.0f}), pb = block({1.0f});
  for (float g : {5.0f, 0.1f, 0.1f}) {
    adam.step(pa, block({g}));
    ams.step(pb, block({g}));
  }
  CHECK(pa.item() != doctest::Approx(pb.item()).epsilon(1e-4));
}

TEST_CASE("Nadam: Dozat's momentum schedule") {
  Optimizer opt = Nadam({.learning_rate = 0.01, .beta_1 = 0.9, .beta_2 = 0.999, .epsilon = 1e-7});
  double product = 1;
  check_three_steps(opt, 2, [&](Vec& p, std::vector<Vec>& s, const Vec& g, int t) {
    auto mu = [](double i) { return 0.9 * (1 - 0.5 * std::pow(0.96, 0.004 * i)); };
    const double mu_t = mu(t), mu_next = mu(t + 1);
    product *= mu_t;  // P_t = prod_{i<=t} mu_i
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.9 * s[0][i] + 0.1 * g[i];
      s[1][i] = 0.999 * s[1][i] + 0.001 * g[i] * g[i];
      const double denom = std::sqrt(s[1][i] / (1 - std::pow(0.999, t))) + 1e-7;
      p[i] -= 0.01 * (1 - mu_t) / (1 - product) * g[i] / denom +
              0.01 * mu_next / (1 - product * mu_next) * s[0][i] / denom;
    }
  });
}

TEST_CASE("Adadelta: Zeiler's update with a learning rate") {
  Optimizer opt = Adadelta({.learning_rate = 1.0, .rho = 0.95, .epsilon = 1e-6});
  // s[0] = v (squared gradients), s[1] = u (squared updates)
  check_three_steps(opt, 2, [](Vec& p, std::vector<Vec>& s, const Vec& g, int) {
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.95 * s[0][i] + 0.05 * g[i] * g[i];
      const double d = std::sqrt(s[1][i] + 1e-6) / std::sqrt(s[0][i] + 1e-6) * g[i];
      s[1][i] = 0.95 * s[1][i] + 0.05 * d * d;
      p[i] -= 1.0 * d;
    }
  });
}

TEST_CASE("Lion: sign of the interpolated momentum, decoupled weight decay") {
  for (double wd : {0.0, 0.1}) {
    INFO("weight_decay ", wd);
    Optimizer opt = Lion({.learning_rate = 0.01, .beta_1 = 0.9, .beta_2 = 0.99, .weight_decay = wd});
    check_three_steps(opt, 1, [=](Vec& p, std::vector<Vec>& s, const Vec& g, int) {
      for (size_t i = 0; i < p.size(); ++i) {
        const double c = 0.9 * s[0][i] + 0.1 * g[i];
        p[i] -= 0.01 * (sign(c) + wd * p[i]);
        s[0][i] = 0.99 * s[0][i] + 0.01 * g[i];
      }
    });
  }
}

TEST_CASE("clipvalue clamps each element, clipnorm scales the global norm") {
  Optimizer by_value = SGD({.learning_rate = 1.0, .clipvalue = 0.5});
  Tensor p = block({0, 0, 0});
  by_value.step(p, block({2.0f, -0.25f, -3.0f}));
  CHECK(p.to_vector() == std::vector<float>{-0.5f, 0.25f, 0.5f});

  Optimizer by_norm = SGD({.learning_rate = 1.0, .clipnorm = 1.0});
  p = block({0, 0, 0});
  by_norm.step(p, block({3.0f, 0.0f, -4.0f}));  // norm 5 -> scaled by 1/5
  CHECK(p.at({0}) == doctest::Approx(-0.6));
  CHECK(p.at({2}) == doctest::Approx(0.8));
  by_norm.step(p, block({0.3f, 0.0f, 0.4f}));  // norm 0.5 <= 1: unchanged
  CHECK(p.at({0}) == doctest::Approx(-0.9));
  CHECK(p.at({2}) == doctest::Approx(0.4));

  // Both: scaled to norm 1 first (g / 5), then clamped to [-0.5, 0.5].
  Optimizer both = SGD({.learning_rate = 1.0, .clipnorm = 1.0, .clipvalue = 0.5});
  p = block({0, 0});
  both.step(p, block({3.0f, -4.0f}));
  CHECK(p.at({0}) == doctest::Approx(-0.5));
  CHECK(p.at({1}) == doctest::Approx(0.5));
}

TEST_CASE("clipping applies before every optimizer's update, over a block split between threads") {
  // Adagrad (whose step depends on the gradient's size) with clipnorm and
  // clipvalue on a block above the parallel threshold, against its formula on
  // the clipped gradient (norm in double).
  const int64_t n = 2 * kParallelMinElements + 5;
  std::vector<float> p0(n), g(n);
  double squares = 0;
  for (int64_t i = 0; i < n; ++i) {
    p0[i] = 0.01f * float(i % 100);
    g[i] = 0.05f * float(i % 11) - 0.25f;
    squares += double(g[i]) * g[i];
  }
  const float clipnorm = 10.0f, clipvalue = 0.04f;
  const float scale = static_cast<float>(clipnorm / std::sqrt(squares));
  REQUIRE(scale < 1.0f);
  Optimizer opt = Adagrad({.learning_rate = 0.5, .clipnorm = clipnorm, .clipvalue = clipvalue});
  Tensor params = block(p0);
  opt.step(params, block(g));
  const std::vector<float> p = params.to_vector();
  int64_t mismatches = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double gi = std::clamp(double(g[i] * scale), -0.04, 0.04);
    const double expected = p0[i] - 0.5 * gi / (std::sqrt(0.1 + gi * gi) + 1e-7);
    mismatches += std::fabs(p[i] - expected) > 1e-6 * (1 + std::fabs(expected));
  }
  CHECK(mismatches == 0);
}

namespace {

struct Problem {
  const char* name;
  std::vector<float> start;
  std::function<void(std::span<const float>, std::span<float>)> grad;
  std::vector<float> minimum;
};

// Quadratic bowl f = (x - 1)^2 + 5 (y + 2)^2, minimum (1, -2).
Problem bowl() {
  return {"bowl",
          {-2.0f, 1.0f},
          [](std::span<const float> p, std::span<float> g) {
            g[0] = 2 * (p[0] - 1.0f);
            g[1] = 10 * (p[1] + 2.0f);
          },
          {1.0f, -2.0f}};
}

// Rosenbrock f = (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1), minimum (1, 1).
Problem rosenbrock() {
  return {"rosenbrock",
          {-1.2f, 1.0f},
          [](std::span<const float> p, std::span<float> g) {
            g[0] = -2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]);
            g[1] = 200 * (p[1] - p[0] * p[0]);
          },
          {1.0f, 1.0f}};
}

struct Run {
  const char* optimizer;
  OptimizerSettings settings;
  int steps;
};

// Runs `steps` updates; the distance to the minimum at the end.
double minimise(const Problem& problem, const Run& run) {
  auto opt = make_optimizer(run.optimizer, run.settings);
  Tensor p = block(problem.start);
  Tensor g = Tensor::zeros({2});
  for (int s = 0; s < run.steps; ++s) {
    problem.grad(std::as_const(p).values(), g.values());
    opt->step(p, g);
  }
  return std::hypot(p.at({0}) - problem.minimum[0], p.at({1}) - problem.minimum[1]);
}

}  // namespace

TEST_CASE("every optimizer finds the bottom of a quadratic bowl") {
  const std::vector<Run> runs = {
      {"sgd", {{"learning_rate", 0.05}}, 500},
      {"momentum", {{"learning_rate", 0.01}}, 500},
      {"nesterov", {{"learning_rate", 0.01}}, 500},
      {"adagrad", {{"learning_rate", 0.5}}, 2000},
      {"rmsprop", {{"learning_rate", 0.01}}, 2000},
      {"rmsprop", {{"learning_rate", 0.01}, {"centered", 1}, {"momentum", 0.5}}, 2000},
      {"adam", {{"learning_rate", 0.05}}, 2000},
      {"adam", {{"learning_rate", 0.05}, {"amsgrad", 1}}, 2000},
      {"nadam", {{"learning_rate", 0.05}}, 2000},
      {"adadelta", {{"learning_rate", 1.0}, {"epsilon", 1e-6}}, 5000},
      {"lion", {{"learning_rate", 0.001}}, 5000},
  };
  for (const Run& run : runs) {
    INFO(std::string(run.optimizer));
    CHECK(minimise(bowl(), run) < 0.01);
  }
}

TEST_CASE("every optimizer walks Rosenbrock's valley to (1, 1)") {
  const std::vector<Run> runs = {
      {"sgd", {{"learning_rate", 1e-3}}, 40000},
      {"momentum", {{"learning_rate", 2e-4}}, 20000},
      {"nesterov", {{"learning_rate", 2e-4}}, 20000},
      {"adagrad", {{"learning_rate", 0.5}}, 20000},
      {"rmsprop", {{"learning_rate", 1e-3}}, 20000},
      {"adam", {{"learning_rate", 0.01}}, 20000},
      {"nadam", {{"learning_rate", 0.01}}, 20000},
      {"adadelta", {{"learning_rate", 0.02}}, 30000},
      {"lion", {{"learning_rate", 1e-3}}, 20000},
  };
  for (const Run& run : runs) {
    INFO(std::string(run.optimizer));
    CHECK(minimise(rosenbrock(), run) < 0.05);
  }
}

TEST_CASE("make_optimizer: names in any case, Keras settings, clear errors") {
  auto opt = make_optimizer("RMSprop", {{"lr", 0.01}, {"rho", 0.8}});
  CHECK(opt->name() == "RMSprop");
  CHECK(opt->settings().at("learning_rate") == 0.01);
  CHECK(opt->settings().at("rho") == 0.8);
  CHECK(make_optimizer("adam")->settings().at("epsilon") == 1e-7);
  CHECK(make_optimizer("Momentum")->settings().at("momentum") == 0.9);
  CHECK(optimizer_names() == std::vector<std::string>{"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam",
                                                      "nadam", "adadelta", "lion"});

  CHECK_THROWS_WITH_AS(make_optimizer("adamw"), doctest::Contains("unknown optimizer 'adamw'"), Error);
  // An unknown setting lists the valid ones with their defaults.
  CHECK_THROWS_WITH_AS(make_optimizer("adam", {{"beta1", 0.9}}),
                       "Adam: unknown setting 'beta1' (valid, with their defaults: learning_rate = 0.001, beta_1 = "
                       "0.9, beta_2 = 0.999, epsilon = 1e-07, amsgrad = 0, clipnorm = 0, clipvalue = 0)",
                       Error);
  CHECK_THROWS_WITH_AS(make_optimizer("adam", {{"amsgrad", 0.5}}),
                       "Adam: setting 'amsgrad' is a boolean (0 or 1), got 0.5", Error);
  CHECK_THROWS_WITH_AS(make_optimizer("sgd", {{"lr", 0.1}, {"learning_rate", 0.1}}),
                       doctest::Contains("both 'lr' and 'learning_rate'"), Error);
  // Out of range: the setting, its range and the value, from the config or by name.
  CHECK_THROWS_WITH_AS(Optimizer(Adam({.beta_1 = 1.0})), "Adam: beta_1 must be in [0, 1), got 1", Error);
  CHECK_THROWS_WITH_AS(make_optimizer("adam", {{"beta_1", 1.0}}), "Adam: beta_1 must be in [0, 1), got 1", Error);
  CHECK_THROWS_WITH_AS(Optimizer(SGD({.learning_rate = -1})), "SGD: learning_rate must be >= 0, got -1", Error);
  CHECK_THROWS_WITH_AS(Optimizer(RMSprop({.epsilon = 0})), "RMSprop: epsilon must be > 0, got 0", Error);
  CHECK_THROWS_WITH_AS(Optimizer(Momentum({.momentum = 0})), "Momentum: momentum must be in (0, 1), got 0", Error);
  CHECK_THROWS_WITH_AS(Optimizer(Lion({.beta_2 = 1.5})), "Lion: beta_2 must be in [0, 1], got 1.5", Error);
  CHECK_THROWS_WITH_AS(Optimizer(Adam({.clipnorm = -1})), "Adam: clipnorm must be >= 0, got -1", Error);
  CHECK_THROWS_WITH_AS(Optimizer(Adam({.learning_rate = NAN})), doctest::Contains("learning_rate must be >= 0"),
                       Error);
  CHECK_THROWS_WITH_AS(Optimizer(SGD({.nesterov = true})), "SGD: nesterov needs momentum > 0", Error);
}

TEST_CASE("the configs: {} means every default, designated initializers set the rest") {
  // nn::Adam({}) is one struct (no constructor overloads to choose between).
  CHECK(Optimizer(Adam({})).settings() == make_optimizer("adam")->settings());
  CHECK(Optimizer(SGD()).settings() == make_optimizer("sgd")->settings());
  const Optimizer opt = Adam({.learning_rate = 1e-3, .amsgrad = true});
  CHECK(opt.settings().at("amsgrad") == 1);
  CHECK(std::get<Adam>(opt.config()).beta_2 == 0.999);
  CHECK(opt.slot_count() == 3);
}

TEST_CASE("the tables: every setting of every optimizer goes through make_optimizer and settings()") {
  // 0.37 is valid for every number setting and the default of none; a flag is set to 1.
  for (const std::string& name : optimizer_names()) {
    const OptimizerSettings defaults = make_optimizer(name)->settings();
    CHECK(defaults.count("clipnorm") == 1);
    CHECK(defaults.count("clipvalue") == 1);
    // By their own names and settings: the same optimizer.
    auto again = make_optimizer(make_optimizer(name)->name(), defaults);
    CHECK(again->settings() == defaults);
    for (const auto& setting : defaults) {
      const std::string& key = setting.first;  // (named, not bound: clang 14 lambdas cannot capture bindings)
      INFO(name, " ", key);
      const bool flag = key == "nesterov" || key == "amsgrad" || key == "centered";
      OptimizerSettings one{{key, flag ? 1.0 : 0.37}};
      if (key == "nesterov") one["momentum"] = 0.5;  // (Nesterov momentum needs momentum)
      auto opt = make_optimizer(name, one);
      OptimizerSettings expected = defaults;
      for (const auto& [k, v] : one) expected[k] = v;
      CHECK(opt->settings() == expected);
      CHECK(make_optimizer(opt->name(), opt->settings())->settings() == expected);
    }
  }
}

TEST_CASE("the settings reference lists every setting with its default, and docs/optimizers.md holds it") {
  const std::string docs = optimizer_docs();
  for (const std::string& name : optimizer_names()) {
    auto opt = make_optimizer(name);
    const size_t section = docs.find("### " + opt->name() + " (`\"" + name + "\"`)");
    REQUIRE(section != std::string::npos);
    const size_t end = docs.find("### ", section + 4);
    const std::string text = docs.substr(section, end == std::string::npos ? std::string::npos : end - section);
    for (const auto& setting : opt->settings()) {
      const std::string& key = setting.first;  // (named, not bound: clang 14 lambdas cannot capture bindings)
      const double value = setting.second;
      INFO(name, " ", key);
      std::ostringstream row;
      row << "| " << key << " | ";
      const bool flag = key == "nesterov" || key == "amsgrad" || key == "centered";
      if (flag) row << (value != 0 ? "true" : "false");
      else row << value;
      CHECK(text.find(row.str() + " | ") != std::string::npos);
    }
  }
  // The copy in docs/ must be current: regenerate it from optimizer_docs() when a table changes.
  std::ifstream file(std::string(TUNET_SOURCE_DIR) + "/docs/optimizers.md");
  REQUIRE(file.good());
  std::stringstream content;
  content << file.rdbuf();
  if (content.str().find(docs) == std::string::npos) {
    const std::string fresh = std::string(TUNET_BINARY_DIR) + "/optimizers_reference.md";
    std::ofstream(fresh) << docs;
    FAIL("docs/optimizers.md does not hold the current optimizer_docs(); it is in " << fresh);
  }
}

TEST_CASE("settings and state round-trip through make_optimizer and set_state") {
  // Every optimizer, rebuilt from its name and settings with its state put back,
  // continues exactly as the original.
  for (const std::string& name : optimizer_names()) {
    INFO(name);
    auto original = make_optimizer(name, {{"learning_rate", 0.01}});
    Tensor p = block({0.3f, -0.7f, 1.1f});
    const Tensor g = block({0.5f, -0.2f, 0.9f});
    original->step(p, g);
    original->step(p, g);
    const OptimizerState saved = original->state();
    CHECK(saved.iterations == 2);
    CHECK(saved.slots.size() == size_t(original->slot_count()) * 3);
    auto copy = make_optimizer(original->name(), original->settings());
    copy->set_state(saved);
    Tensor p2 = p.clone();
    original->step(p, g);
    copy->step(p2, g);
    CHECK(p.to_vector() == p2.to_vector());
    CHECK(copy->iterations() == 3);
    CHECK(copy->state().slots == original->state().slots);
  }
}

TEST_CASE("copies of an optimizer have their own state; reset_state starts over") {
  Optimizer a = Adagrad({.learning_rate = 0.1});
  Tensor p = block({1.0f, 2.0f});
  a.step(p, block({0.5f, 0.5f}));
  Optimizer b = a;
  auto c = a.clone();
  b.step(p, block({1.0f, 1.0f}));
  CHECK(a.iterations() == 1);
  CHECK(c->iterations() == 1);
  CHECK(a.state().slots == c->state().slots);
  CHECK(a.state().slots != b.state().slots);
  a.reset_state();
  CHECK(a.iterations() == 0);
  CHECK(a.state().parameter_count == 0);
  a.step(p, block({0.5f, 0.5f}));
  // Adagrad's accumulator starts at initial_accumulator_value (0.1) again.
  CHECK(a.state().slots[0] == doctest::Approx(0.1 + 0.25));
}

TEST_CASE("the state is sized once: a different parameter count is an error") {
  Optimizer opt = Adam();
  Tensor p = Tensor::full({4}, 1.0f);
  opt.step(p, Tensor::full({4}, 0.1f));
  CHECK(opt.state().slots.size() == 8);
  Tensor q = Tensor::full({5}, 1.0f);
  CHECK_THROWS_WITH_AS(opt.step(q, Tensor::full({5}, 0.1f)), doctest::Contains("state is for 4 parameters"), Error);
  CHECK_THROWS_WITH_AS(opt.step(p, Tensor::full({5}, 0.1f)), "Adam.step: 4 parameters but 5 gradients", Error);
  CHECK(opt.iterations() == 1);
  OptimizerState bad = opt.state();
  bad.slots.pop_back();
  CHECK_THROWS_AS(opt.set_state(bad), Error);
}

TEST_CASE("the state lives on the parameters' device; a checkpoint's host state loads on either") {
  testing::use_fake_gpu();
  const Device gpu = Device::cuda();
  for (const std::string& name : optimizer_names()) {
    INFO(name);
    auto on_cpu = make_optimizer(name, {{"learning_rate", 0.01}});
    auto on_gpu = on_cpu->clone();
    Tensor p_cpu = block({0.3f, -0.7f, 1.1f});
    Tensor p_gpu = p_cpu.to(gpu);
    const Tensor g = block({0.5f, -0.2f, 0.9f});
    for (int step = 0; step < 2; ++step) {
      on_cpu->step(p_cpu, g);
      on_gpu->step(p_gpu, g.to(gpu));
    }
    CHECK(p_gpu.device() == gpu);
    CHECK(p_gpu.to_vector() == p_cpu.to_vector());
    CHECK(on_gpu->state().slots == on_cpu->state().slots);  // downloaded
    // A state saved on the GPU continues on the CPU, and one from the CPU on the GPU.
    auto from_gpu = make_optimizer(name, on_gpu->settings());
    from_gpu->set_state(on_gpu->state());
    auto from_cpu = make_optimizer(name, on_cpu->settings());
    from_cpu->set_state(on_cpu->state());
    Tensor q_cpu = p_cpu.clone(), q_gpu = p_gpu.clone();
    from_gpu->step(q_cpu, g);
    from_cpu->step(q_gpu, g.to(gpu));
    on_cpu->step(p_cpu, g);
    CHECK(q_cpu.to_vector() == p_cpu.to_vector());
    CHECK(q_gpu.to_vector() == p_cpu.to_vector());
    // Parameters and gradients on different devices: an error from the core op.
    Tensor mixed = p_cpu.clone();
    CHECK_THROWS_WITH_AS(from_cpu->step(mixed, g.to(gpu)), doctest::Contains("different devices"), Error);
  }
}

TEST_CASE("a model checkpoint keeps every setting of every optimizer, and training continues identically") {
  // Every number setting at 0.37 (valid for all, the default of none), every flag on.
  const auto dir = testing::fresh_dir("optimizer_checkpoint");
  std::filesystem::create_directories(dir);
  const Tensor x = Tensor::from({6, 2}, {0.1f, 0.9f, -0.4f, 0.3f, 0.8f, -0.7f, 0.2f, 0.2f, -0.9f, -0.1f, 0.5f, 0.6f});
  const Tensor y = Tensor::from({6}, {0, 1, 2, 1, 0, 2});
  for (const std::string& name : optimizer_names()) {
    INFO(name);
    OptimizerSettings settings = make_optimizer(name)->settings();
    for (auto& [key, value] : settings)
      value = key == "nesterov" || key == "amsgrad" || key == "centered" ? 1.0 : 0.37;
    auto build = [&] {
      Sequential m({2}, 5);
      m.add(Dense(4, "tanh"));
      m.add(Dense(3, "softmax"));
      m.compile(*make_optimizer(name, settings), "sparse_categorical_crossentropy");
      return m;
    };
    const FitOptions once{.epochs = 1, .batch_size = 3, .verbose = 0};
    Sequential original = build();
    original.fit(x, y, once);
    const std::string path = (dir / (name + ".tunet")).string();
    original.save(path);
    Sequential loaded = Sequential::load(path);
    CHECK(loaded.optimizer()->name() == original.optimizer()->name());
    CHECK(loaded.optimizer()->settings() == settings);
    CHECK(loaded.optimizer()->state().slots == original.optimizer()->state().slots);
    CHECK(loaded.optimizer()->iterations() == 2);
    original.fit(x, y, {.epochs = 2, .batch_size = 3, .initial_epoch = 1, .verbose = 0});
    loaded.fit(x, y, {.epochs = 2, .batch_size = 3, .initial_epoch = 1, .verbose = 0});
    CHECK(loaded.get_weights() == original.get_weights());
  }
}
