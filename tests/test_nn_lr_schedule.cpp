// Learning-rate schedules (values at given steps against values computed by
// hand from Keras's formulas), an optimizer driven by one, a model file that
// keeps it, and ReduceLROnPlateau's rule epoch by epoch.
#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using namespace tunet::nn;

TEST_CASE("ExponentialDecay: lr0 * rate^(step / decay_steps), floored with staircase") {
  const ExponentialDecay smooth{.initial_learning_rate = 0.1, .decay_steps = 10, .decay_rate = 0.5};
  CHECK(learning_rate_at(smooth, 0) == doctest::Approx(0.1));
  CHECK(learning_rate_at(smooth, 5) == doctest::Approx(0.1 * std::sqrt(0.5)));  // 0.0707107
  CHECK(learning_rate_at(smooth, 20) == doctest::Approx(0.025));
  ExponentialDecay stairs = smooth;
  stairs.staircase = true;
  CHECK(learning_rate_at(stairs, 9) == doctest::Approx(0.1));
  CHECK(learning_rate_at(stairs, 15) == doctest::Approx(0.05));
  CHECK(learning_rate_at(stairs, 30) == doctest::Approx(0.0125));
}

TEST_CASE("PiecewiseConstantDecay: a boundary step still has the value before it") {
  const PiecewiseConstantDecay steps{.boundaries = {100, 200}, .values = {1.0, 0.5, 0.1}};
  CHECK(learning_rate_at(steps, 0) == 1.0);
  CHECK(learning_rate_at(steps, 100) == 1.0);
  CHECK(learning_rate_at(steps, 101) == 0.5);
  CHECK(learning_rate_at(steps, 200) == 0.5);
  CHECK(learning_rate_at(steps, 201) == 0.1);
  CHECK(learning_rate_at(steps, 100000) == 0.1);
  CHECK_THROWS_WITH_AS(check_schedule(PiecewiseConstantDecay{.boundaries = {1, 2}, .values = {1, 2}}),
                       doctest::Contains("one more element"), Error);
  CHECK_THROWS_WITH_AS(check_schedule(PiecewiseConstantDecay{.boundaries = {2, 1}, .values = {1, 2, 3}}),
                       doctest::Contains("must increase"), Error);
}

TEST_CASE("CosineDecay without and with warm-up") {
  // lr0 (0.5 (1 + cos(pi s / 100))), held at its end value after decay_steps.
  const CosineDecay cosine{.initial_learning_rate = 0.1, .decay_steps = 100};
  CHECK(learning_rate_at(cosine, 0) == doctest::Approx(0.1));
  CHECK(learning_rate_at(cosine, 25) == doctest::Approx(0.1 * 0.5 * (1 + std::sqrt(0.5))));  // 0.0853553
  CHECK(learning_rate_at(cosine, 50) == doctest::Approx(0.05));
  CHECK(learning_rate_at(cosine, 100) == doctest::Approx(0.0));
  CHECK(learning_rate_at(cosine, 150) == doctest::Approx(0.0));
  // alpha: the floor, as a fraction: 0.1 (0.9 * 0.5 + 0.1) at the middle, 0.01 at the end.
  const CosineDecay floor{.initial_learning_rate = 0.1, .decay_steps = 100, .alpha = 0.1};
  CHECK(learning_rate_at(floor, 50) == doctest::Approx(0.055));
  CHECK(learning_rate_at(floor, 1000) == doctest::Approx(0.01));
  // Linear warm-up 0 -> 0.1 over 10 steps, then a cosine from 0.1 over 100 steps.
  const CosineDecay warm{.initial_learning_rate = 0.0, .decay_steps = 100, .warmup_target = 0.1, .warmup_steps = 10};
  CHECK(learning_rate_at(warm, 0) == doctest::Approx(0.0));
  CHECK(learning_rate_at(warm, 5) == doctest::Approx(0.05));
  CHECK(learning_rate_at(warm, 10) == doctest::Approx(0.1));
  CHECK(learning_rate_at(warm, 60) == doctest::Approx(0.05));
  CHECK(learning_rate_at(warm, 110) == doctest::Approx(0.0));
  CHECK(learning_rate_at(warm, 500) == doctest::Approx(0.0));
  CHECK_THROWS_WITH_AS(check_schedule(CosineDecay{.decay_steps = 0}), doctest::Contains("decay_steps"), Error);
}

TEST_CASE("schedules by name: Keras class names and snake_case, arguments as text") {
  const LearningRateSchedule a = make_schedule("CosineDecay", {{"initial_learning_rate", "0"},
                                                               {"decay_steps", "100"},
                                                               {"warmup_target", "0.1"},
                                                               {"warmup_steps", "10"}});
  CHECK(learning_rate_at(a, 60) == doctest::Approx(0.05));
  const LearningRateSchedule b = make_schedule(schedule_name(a), schedule_arguments(a));
  for (int64_t step : {0, 5, 10, 37, 110}) CHECK(learning_rate_at(b, step) == learning_rate_at(a, step));
  const LearningRateSchedule c = make_schedule("piecewise_constant_decay", {{"boundaries", "3,7"}, {"values", "1,0.5,0.25"}});
  CHECK(learning_rate_at(c, 8) == 0.25);
  CHECK_THROWS_WITH_AS(make_schedule("exponential_decay", {{"decay_step", "3"}}),
                       doctest::Contains("unknown argument 'decay_step'"), Error);
  CHECK_THROWS_WITH_AS(make_schedule("linear", {}), doctest::Contains("unknown learning-rate schedule 'linear'"),
                       Error);
}

TEST_CASE("an optimizer follows its schedule, step 0 first, as Keras counts iterations") {
  // SGD with a constant gradient 1: after t updates p = -(lr(0) + ... + lr(t-1)).
  const PiecewiseConstantDecay steps{.boundaries = {1}, .values = {0.5, 0.25}};
  Optimizer sgd(SGD({}), steps);
  Tensor p = Tensor::from({1}, std::vector<float>{0.0f});
  const Tensor g = Tensor::from({1}, std::vector<float>{1.0f});
  CHECK(sgd.learning_rate() == 0.5);
  double expected = 0;
  for (int64_t t = 0; t < 4; ++t) {
    expected -= learning_rate_at(steps, t);  // 0.5, 0.5, 0.25, 0.25
    sgd.step(p, g);
    CHECK(p.to_vector()[0] == doctest::Approx(expected));
  }
  CHECK(sgd.learning_rate() == 0.25);
  CHECK_THROWS_WITH_AS(sgd.set_learning_rate(0.1), doctest::Contains("cannot be set"), Error);
  Optimizer plain = SGD({.learning_rate = 0.3});
  plain.set_learning_rate(0.03);
  CHECK(plain.learning_rate() == 0.03);
  CHECK(plain.settings().at("learning_rate") == 0.03);
}

TEST_CASE("a model file keeps the schedule; training on continues it") {
  const auto dir = tunet::testing::fresh_dir("nn_lr_schedule");
  std::filesystem::create_directories(dir);
  Tensor x = Tensor::empty({20, 2});
  Tensor y = Tensor::empty({20});
  for (int64_t i = 0; i < 20; ++i) {
    x.at({i, 0}) = static_cast<float>(i % 4) - 1.5f;
    x.at({i, 1}) = static_cast<float>(i % 3) - 1.0f;
    y.at({i}) = static_cast<float>(i % 2);
  }
  auto make = [] {
    Sequential m({2}, 5);
    m.add(Dense(2, "softmax"));
    m.compile(Optimizer(Adam({}), ExponentialDecay({.initial_learning_rate = 0.01, .decay_steps = 3,
                                                    .decay_rate = 0.5, .staircase = true})),
              "sparse_categorical_crossentropy");
    return m;
  };
  Sequential whole = make();
  whole.fit(x, y, {.epochs = 4, .batch_size = 5, .verbose = 0});
  Sequential half = make();
  half.fit(x, y, {.epochs = 2, .batch_size = 5, .verbose = 0});
  half.save((dir / "half.tunet").string());
  Sequential loaded = Sequential::load((dir / "half.tunet").string());
  REQUIRE(loaded.optimizer()->schedule().has_value());
  CHECK(loaded.optimizer()->learning_rate() == doctest::Approx(0.01 * 0.25));  // 8 updates: 0.01 * 0.5^floor(8 / 3)
  loaded.fit(x, y, {.epochs = 4, .batch_size = 5, .initial_epoch = 2, .verbose = 0});
  CHECK(loaded.get_weights() == whole.get_weights());
}

TEST_CASE("ReduceLROnPlateau: patience, min_delta, cooldown and min_lr as Keras applies them") {
  Sequential m({1}, 1);
  m.add(Dense(1));
  m.compile(SGD({.learning_rate = 1.0}), "mse");
  ReduceLROnPlateau reduce({.monitor = "val_loss", .factor = 0.5, .patience = 2, .min_delta = 0.01, .cooldown = 1,
                            .min_lr = 0.2});
  reduce.on_train_begin(m);
  // val_loss by epoch, and the learning rate expected after each epoch:
  //  e0 1.0    best 1.0                      lr 1
  //  e1 0.995  not better than 1.0 - 0.01    wait 1, lr 1
  //  e2 0.999                                wait 2 -> lr 0.5, cooldown 1
  //  e3 0.9    cooldown ends (0), better     best 0.9, lr 0.5
  //  e4 0.95                                 wait 1
  //  e5 0.95                                 wait 2 -> lr 0.25, cooldown 1
  //  e6 0.95   cooldown ends, wait 0 then 1 (Keras re-checks cooldown after the decrement)
  //  e7 0.95                                 wait 2 -> lr max(0.125, 0.2) = 0.2
  //  e8, e9 0.95                             lr 0.2 = min_lr: no further reduction
  const double losses[] = {1.0, 0.995, 0.999, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
  const double lrs[] = {1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2};
  for (int e = 0; e < 11; ++e) {
    reduce.on_epoch_end(e, {{"val_loss", losses[e]}}, m);
    CHECK_MESSAGE(m.optimizer()->learning_rate() == doctest::Approx(lrs[e]), "epoch " << e);
  }
  CHECK(reduce.reductions() == 3);
  CHECK_THROWS_WITH_AS(ReduceLROnPlateau({.factor = 1.0}), doctest::Contains("factor"), Error);
  // Under a schedule the rate cannot be set: an Error, as Keras raises.
  Sequential s({1}, 1);
  s.add(Dense(1));
  s.compile(Optimizer(SGD({}), ExponentialDecay({})), "mse");
  ReduceLROnPlateau at_once({.patience = 0});
  at_once.on_train_begin(s);
  at_once.on_epoch_end(0, {{"val_loss", 1.0}}, s);
  CHECK_THROWS_WITH_AS(at_once.on_epoch_end(1, {{"val_loss", 1.0}}, s), doctest::Contains("schedule"), Error);
}
