// Every optimizer: three steps on a fixed small problem against the formula of
// ../shared/reference/optimizers.md written out here in double precision, then
// convergence on a quadratic bowl and on Rosenbrock's valley, then the
// factory, clipping and state handling.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "core/error.hpp"
#include "nn/optimizers.hpp"

using namespace tunet;
using namespace tunet::nn;

namespace {

using Vec = std::vector<double>;

// The fixed problem: three parameters, three steps, gradients that change sign
// and include an exact zero (Lion's sign(0) = 0, Adagrad's first-step case).
const Vec kStart = {0.5, -1.5, 2.0};
const std::vector<Vec> kGradients = {{0.2, -1.0, 0.0}, {-0.4, 0.5, 3.0}, {0.1, -2.0, -1.0}};

// One step of the reference: p, state (any slots), gradient, t (1-based).
using Reference = std::function<void(Vec& p, std::vector<Vec>& state, const Vec& g, int t)>;

// Runs the optimizer and the reference side by side; after each step every
// parameter must agree to float precision.
void check_three_steps(Optimizer& opt, int slots, const Reference& reference) {
  std::vector<float> p(kStart.begin(), kStart.end());
  Vec expected = kStart;
  std::vector<Vec> state(slots, Vec(kStart.size(), 0.0));
  for (int t = 1; t <= 3; ++t) {
    const Vec& g = kGradients[t - 1];
    std::vector<float> gf(g.begin(), g.end());
    opt.step(p, gf);
    reference(expected, state, g, t);
    CHECK(opt.iterations() == t);
    for (size_t i = 0; i < p.size(); ++i) {
      INFO(opt.name(), " step ", t, " element ", i);
      CHECK(p[i] == doctest::Approx(expected[i]).epsilon(2e-6));
    }
  }
}

double sign(double x) { return x > 0 ? 1 : (x < 0 ? -1 : 0); }

}  // namespace

TEST_CASE("SGD: p -= lr_t g with lr_t = lr / (1 + decay (t-1))") {
  SGD opt({.learning_rate = 0.1, .decay = 0.5});
  check_three_steps(opt, 0, [](Vec& p, std::vector<Vec>&, const Vec& g, int t) {
    const double lr_t = 0.1 / (1 + 0.5 * (t - 1));
    for (size_t i = 0; i < p.size(); ++i) p[i] -= lr_t * g[i];
  });
}

TEST_CASE("SGD with momentum: v = mu v - lr_t g; p += v") {
  SGD opt({.learning_rate = 0.1, .momentum = 0.9, .decay = 0.1});
  check_three_steps(opt, 1, [](Vec& p, std::vector<Vec>& s, const Vec& g, int t) {
    const double lr_t = 0.1 / (1 + 0.1 * (t - 1));
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.9 * s[0][i] - lr_t * g[i];
      p[i] += s[0][i];
    }
  });
}

TEST_CASE("Momentum equals SGD with momentum 0.9 by default") {
  Momentum opt({.learning_rate = 0.05});
  check_three_steps(opt, 1, [](Vec& p, std::vector<Vec>& s, const Vec& g, int) {
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.9 * s[0][i] - 0.05 * g[i];
      p[i] += s[0][i];
    }
  });
}

TEST_CASE("Nesterov: v = mu v - lr_t g; p += mu v - lr_t g (with decay)") {
  SGD opt({.learning_rate = 0.1, .momentum = 0.8, .nesterov = true, .decay = 0.2});
  check_three_steps(opt, 1, [](Vec& p, std::vector<Vec>& s, const Vec& g, int t) {
    const double lr_t = 0.1 / (1 + 0.2 * (t - 1));
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.8 * s[0][i] - lr_t * g[i];
      p[i] += 0.8 * s[0][i] - lr_t * g[i];
    }
  });
  Nesterov named({.learning_rate = 0.1, .momentum = 0.8, .decay = 0.2});
  check_three_steps(named, 1, [](Vec& p, std::vector<Vec>& s, const Vec& g, int t) {
    const double lr_t = 0.1 / (1 + 0.2 * (t - 1));
    for (size_t i = 0; i < p.size(); ++i) {
      s[0][i] = 0.8 * s[0][i] - lr_t * g[i];
      p[i] += 0.8 * s[0][i] - lr_t * g[i];
    }
  });
}

TEST_CASE("Adagrad: s starts at initial_accumulator_value; s += g^2; p -= lr g / (sqrt(s) + eps)") {
  Adagrad opt({.learning_rate = 0.1, .initial_accumulator_value = 0.1, .epsilon = 1e-7});
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
      RMSprop opt({.learning_rate = 0.01, .rho = 0.8, .momentum = mu, .epsilon = 1e-7,
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
    Adam opt({.learning_rate = 0.01, .beta_1 = 0.8, .beta_2 = 0.9, .epsilon = 1e-7,
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
  Adam adam({.learning_rate = 0.01, .beta_2 = 0.5});
  Adam ams({.learning_rate = 0.01, .beta_2 = 0.5, .amsgrad = true});
  std::vector<float> pa = {1.0f}, pb = {1.0f};
  for (float g : {5.0f, 0.1f, 0.1f}) {
    std::vector<float> gv = {g};
    adam.step(pa, gv);
    ams.step(pb, gv);
  }
  CHECK(pa[0] != doctest::Approx(pb[0]).epsilon(1e-4));
}

TEST_CASE("Nadam: Dozat's momentum schedule") {
  Nadam opt({.learning_rate = 0.01, .beta_1 = 0.9, .beta_2 = 0.999, .epsilon = 1e-7});
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
  Adadelta opt({.learning_rate = 1.0, .rho = 0.95, .epsilon = 1e-6});
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
    Lion opt({.learning_rate = 0.01, .beta_1 = 0.9, .beta_2 = 0.99, .weight_decay = wd});
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
  SGD by_value({.learning_rate = 1.0, .clipvalue = 0.5});
  std::vector<float> p = {0, 0, 0};
  std::vector<float> g = {2.0f, -0.25f, -3.0f};
  by_value.step(p, g);
  CHECK(p[0] == doctest::Approx(-0.5));
  CHECK(p[1] == doctest::Approx(0.25));
  CHECK(p[2] == doctest::Approx(0.5));

  SGD by_norm({.learning_rate = 1.0, .clipnorm = 1.0});
  p = {0, 0, 0};
  g = {3.0f, 0.0f, -4.0f};  // norm 5 -> scaled by 1/5
  by_norm.step(p, g);
  CHECK(p[0] == doctest::Approx(-0.6));
  CHECK(p[2] == doctest::Approx(0.8));
  g = {0.3f, 0.0f, 0.4f};  // norm 0.5 <= 1: unchanged
  by_norm.step(p, g);
  CHECK(p[0] == doctest::Approx(-0.9));
  CHECK(p[2] == doctest::Approx(0.4));
}

namespace {

struct Problem {
  const char* name;
  std::vector<float> start;
  std::function<double(const std::vector<float>&)> f;
  std::function<void(const std::vector<float>&, std::vector<float>&)> grad;
  std::vector<float> minimum;
};

// Quadratic bowl f = (x - 1)^2 + 5 (y + 2)^2, minimum (1, -2).
Problem bowl() {
  return {"bowl",
          {-2.0f, 1.0f},
          [](const std::vector<float>& p) {
            return std::pow(p[0] - 1.0, 2) + 5 * std::pow(p[1] + 2.0, 2);
          },
          [](const std::vector<float>& p, std::vector<float>& g) {
            g[0] = 2 * (p[0] - 1.0f);
            g[1] = 10 * (p[1] + 2.0f);
          },
          {1.0f, -2.0f}};
}

// Rosenbrock f = (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1), minimum (1, 1).
Problem rosenbrock() {
  return {"rosenbrock",
          {-1.2f, 1.0f},
          [](const std::vector<float>& p) {
            return std::pow(1.0 - p[0], 2) + 100 * std::pow(p[1] - double(p[0]) * p[0], 2);
          },
          [](const std::vector<float>& p, std::vector<float>& g) {
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
  std::vector<float> p = problem.start, g(p.size());
  for (int s = 0; s < run.steps; ++s) {
    problem.grad(p, g);
    opt->step(p, g);
  }
  return std::hypot(p[0] - problem.minimum[0], p[1] - problem.minimum[1]);
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
  CHECK(opt->settings().at("learning_rate") == doctest::Approx(0.01));
  CHECK(opt->settings().at("rho") == doctest::Approx(0.8));
  CHECK(make_optimizer("adam")->settings().at("epsilon") == doctest::Approx(1e-7));
  CHECK(make_optimizer("Momentum")->settings().at("momentum") == doctest::Approx(0.9));
  CHECK(optimizer_names().size() == 9);

  CHECK_THROWS_WITH_AS(make_optimizer("adamw"), doctest::Contains("unknown optimizer 'adamw'"),
                       Error);
  CHECK_THROWS_WITH_AS(make_optimizer("adam", {{"beta1", 0.9}}),
                       doctest::Contains("unknown setting 'beta1'"), Error);
  CHECK_THROWS_WITH_AS(make_optimizer("adam", {{"amsgrad", 0.5}}),
                       doctest::Contains("boolean"), Error);
  CHECK_THROWS_WITH_AS(Adam({.beta_1 = 1.0}), doctest::Contains("beta_1"), Error);
  CHECK_THROWS_WITH_AS(SGD({.learning_rate = -1}), doctest::Contains("learning_rate"), Error);
  CHECK_THROWS_AS(RMSprop({.epsilon = 0}), Error);
}

TEST_CASE("settings and state round-trip through make_optimizer and set_state") {
  // Every optimizer, rebuilt from its name and settings with its state put back,
  // continues exactly as the original.
  for (const std::string& name : optimizer_names()) {
    INFO(name);
    auto original = make_optimizer(name, {{"learning_rate", 0.01}});
    std::vector<float> p = {0.3f, -0.7f, 1.1f}, g = {0.5f, -0.2f, 0.9f};
    original->step(p, g);
    original->step(p, g);
    auto copy = make_optimizer(original->name(), original->settings());
    copy->set_state(original->state());
    std::vector<float> p2 = p;
    original->step(p, g);
    copy->step(p2, g);
    CHECK(p == p2);
    CHECK(copy->iterations() == 3);
  }
}

TEST_CASE("the state is sized once: a different parameter count is an error") {
  Adam opt;
  std::vector<float> p(4, 1.0f), g(4, 0.1f);
  opt.step(p, g);
  CHECK(opt.state().slots.size() == 8);
  std::vector<float> q(5, 1.0f), h(5, 0.1f);
  CHECK_THROWS_WITH_AS(opt.step(q, h), doctest::Contains("state is for 4 parameters"), Error);
  CHECK_THROWS_AS(opt.step(p, h), Error);
  OptimizerState bad = opt.state();
  bad.slots.pop_back();
  CHECK_THROWS_AS(opt.set_state(bad), Error);
}

TEST_CASE("the driver loop runs in parallel over a large block with the same result") {
  // Above kParallelMinElements the loop is split across threads; each element's
  // update is independent, so the result equals the per-element formula (up to
  // the compiler's choice of fused multiply-adds in either loop).
  const int64_t n = 3 * kParallelMinElements + 17;
  std::vector<float> p(n), g(n);
  for (int64_t i = 0; i < n; ++i) {
    p[i] = 0.001f * float(i % 1000);
    g[i] = 0.01f * float(i % 7) - 0.03f;
  }
  std::vector<float> expected = p;
  Adam opt({.learning_rate = 0.01});
  opt.step(p, g);
  for (int64_t i = 0; i < n; ++i) {
    float m = 0, v = 0, vmax = 0;
    kernels::adam_update(expected[i], m, v, vmax, g[i], 0.01f, 0.9f, 0.999f, 1e-7f, 0.1f,
                         0.001f, false);
  }
  int64_t mismatches = 0;
  for (int64_t i = 0; i < n; ++i)
    mismatches += std::fabs(p[i] - expected[i]) > 1e-6f * (1 + std::fabs(expected[i]));
  CHECK(mismatches == 0);
}
