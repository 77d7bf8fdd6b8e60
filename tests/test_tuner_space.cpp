// Search spaces and parameter sets: validation, sampling (log-uniform is
// uniform in log space), conditional parameters, JSON round trips.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "tuner/space/space.hpp"

using namespace tunet;
using namespace tunet::tuner;

TEST_CASE("Params: typed access, printing, JSON and the canonical key") {
  Params hp{{"learning_rate", 0.001}, {"layers", std::int64_t{2}}, {"activation", std::string("relu")},
            {"batch_norm", true}};
  CHECK(hp.real("learning_rate") == 0.001);
  CHECK(hp.real("layers") == 2.0);  // an integer reads as a real
  CHECK(hp.integer("layers") == 2);
  CHECK(hp.str("activation") == "relu");
  CHECK(hp.boolean("batch_norm"));
  CHECK_THROWS_WITH_AS(hp.real("dropout"), doctest::Contains("'dropout' is not in this configuration"), Error);
  CHECK_THROWS_WITH_AS(hp.str("layers"), doctest::Contains("not a string"), Error);
  CHECK_THROWS_AS(hp.integer("learning_rate"), Error);

  CHECK(to_string(hp) == "{learning_rate=0.001, layers=2, activation=\"relu\", batch_norm=true}");
  Json j = hp.to_json();
  CHECK(j.dump() == R"({"learning_rate":0.001,"layers":2,"activation":"relu","batch_norm":true})");
  Params back = Params::from_json(j);
  CHECK(back == hp);
  CHECK(std::holds_alternative<std::int64_t>(back.at("layers")));

  Params reordered{{"activation", std::string("relu")}, {"batch_norm", true}, {"layers", std::int64_t{2}},
                   {"learning_rate", 0.001}};
  CHECK(reordered.key() == hp.key());
  Params other = hp;
  other.set("learning_rate", 0.0010000000000000002);  // one ulp away is another configuration
  CHECK(other.key() != hp.key());
}

TEST_CASE("Dimensions validate their arguments with the name in the message") {
  CHECK_THROWS_WITH_AS(Real("lr", 0.1, 0.1), doctest::Contains("'lr': low must be < high"), Error);
  CHECK_THROWS_WITH_AS(Real("lr", 0.0, 1.0, Prior::LogUniform), doctest::Contains("log-uniform prior needs low > 0"),
                       Error);
  CHECK_THROWS_AS(Real("lr", 0.0, INFINITY), Error);
  CHECK_THROWS_WITH_AS(Integer("units", 8, 4), doctest::Contains("'units': low must be < high"), Error);
  CHECK_THROWS_AS(Integer("units", 0, 4, /*log=*/true), Error);
  CHECK_THROWS_WITH_AS(Categorical("act", std::vector<Value>{}), doctest::Contains("at least one value"), Error);
  CHECK_THROWS_WITH_AS(Categorical("act", {"relu", "tanh", "relu"}), doctest::Contains("listed twice"), Error);
  CHECK_THROWS_WITH_AS((Space{Real("x", 0, 1), Integer("x", 0, 3)}), doctest::Contains("'x' is declared twice"),
                       Error);
  CHECK_THROWS_WITH_AS((Space{Integer("units_3", 1, 9).active_if_at_least("layers", 3), Integer("layers", 1, 3)}),
                       doctest::Contains("not declared before it"), Error);
}

TEST_CASE("Values are checked against their dimension") {
  Space space{Real("dropout", 0.0, 0.5), Integer("layers", 1, 3), Categorical("act", {"relu", "tanh"}),
              Fixed("batch_size", std::int64_t{128})};
  Params ok{{"dropout", std::int64_t{0}}, {"layers", 2.0}, {"act", std::string("tanh")},
            {"batch_size", std::int64_t{128}}};
  Params c = space.canonical(ok);
  CHECK(std::holds_alternative<double>(c.at("dropout")));       // coerced to the dimension's type
  CHECK(std::holds_alternative<std::int64_t>(c.at("layers")));

  Params bad = ok;
  bad.set("dropout", 0.7);
  CHECK_THROWS_WITH_AS(space.canonical(bad), doctest::Contains("'dropout' = 0.7 is out of its range [0, 0.5]"),
                       Error);
  bad = ok;
  bad.set("layers", 1.5);
  CHECK_THROWS_WITH_AS(space.canonical(bad), doctest::Contains("not an integer"), Error);
  bad = ok;
  bad.set("act", std::string("gelu"));
  CHECK_THROWS_WITH_AS(space.canonical(bad), doctest::Contains("not one of its values {\"relu\", \"tanh\"}"), Error);
  bad = ok;
  bad.set("momentum", 0.9);
  CHECK_THROWS_WITH_AS(space.canonical(bad), doctest::Contains("unknown hyperparameter 'momentum'"), Error);
  bad = ok;
  bad.erase("layers");
  CHECK_THROWS_WITH_AS(space.canonical(bad), doctest::Contains("'layers' is missing"), Error);
}

TEST_CASE("Log-uniform samples are uniform in log space (fixed seed)") {
  Real lr("learning_rate", 1e-4, 1e-1, Prior::LogUniform);
  Rng rng(7);
  const int n = 20000;
  std::vector<double> u;  // position in log space, in [0, 1]
  for (int i = 0; i < n; ++i) {
    double x = std::get<double>(lr.sample(rng));
    REQUIRE(x >= 1e-4);
    REQUIRE(x <= 1e-1);
    u.push_back((std::log10(x) + 4) / 3);
  }
  std::sort(u.begin(), u.end());
  // Kolmogorov-Smirnov distance to U(0, 1); the 1% critical value is 1.63 / sqrt(n).
  double d = 0;
  for (int i = 0; i < n; ++i)
    d = std::max({d, std::abs((i + 1.0) / n - u[i]), std::abs(u[i] - static_cast<double>(i) / n)});
  CHECK(d < 1.63 / std::sqrt(n));
  // Each decade holds a third of the samples; a uniform prior would put 90% in the last.
  int last_decade = static_cast<int>(std::count_if(u.begin(), u.end(), [](double v) { return v > 2.0 / 3; }));
  CHECK(std::abs(last_decade - n / 3) < 400);

  // A uniform prior on the same range is not uniform in log space.
  Real lin("learning_rate", 1e-4, 1e-1);
  int lin_last = 0;
  for (int i = 0; i < 2000; ++i) lin_last += std::get<double>(lin.sample(rng)) > 1e-2;
  CHECK(lin_last > 1700);
}

TEST_CASE("Integer dimensions: every value reachable, log scale favours small values") {
  Rng rng(3);
  Integer layers("layers", 1, 3);
  std::vector<int> count(4, 0);
  for (int i = 0; i < 3000; ++i) ++count[static_cast<size_t>(std::get<std::int64_t>(layers.sample(rng)))];
  CHECK(count[0] == 0);
  for (int k = 1; k <= 3; ++k) CHECK(std::abs(count[static_cast<size_t>(k)] - 1000) < 120);

  Integer units("units", 1, 1000, /*log=*/true);
  int below_32 = 0;
  for (int i = 0; i < 4000; ++i) {
    auto v = std::get<std::int64_t>(units.sample(rng));
    REQUIRE(v >= 1);
    REQUIRE(v <= 1000);
    below_32 += v < 32;
  }
  // P(v < 32) = log(32) / log(1001) = 0.50
  CHECK(std::abs(below_32 / 4000.0 - 0.5017) < 0.03);
}

TEST_CASE("Conditional parameters are absent when inactive, from samples, keys and enumeration") {
  Space space{Integer("layers", 1, 3),
              Categorical("units_1", {std::int64_t{32}, std::int64_t{64}}),
              Categorical("units_2", {std::int64_t{32}, std::int64_t{64}}).active_if_at_least("layers", 2),
              Categorical("units_3", {std::int64_t{32}, std::int64_t{64}}).active_if_at_least("layers", 3),
              Categorical("optimizer", {"adam", "sgd"}),
              Real("momentum", 0.0, 0.99).active_if("optimizer", {std::string("sgd")})};
  Rng rng(11);
  for (int i = 0; i < 200; ++i) {
    Params p = space.sample(rng);
    auto layers = p.integer("layers");
    CHECK(p.has("units_2") == (layers >= 2));
    CHECK(p.has("units_3") == (layers >= 3));
    CHECK(p.has("momentum") == (p.str("optimizer") == "sgd"));
  }
  // An inactive value does not change the configuration's identity.
  Params a{{"layers", std::int64_t{1}}, {"units_1", std::int64_t{32}}, {"optimizer", std::string("adam")}};
  Params b = a;
  b.set("units_3", std::int64_t{64}).set("momentum", 0.5);
  CHECK(space.key(a) == space.key(b));
  CHECK_FALSE(space.canonical(b).has("units_3"));

  Space finite{Integer("layers", 1, 3),
               Categorical("units_2", {std::int64_t{32}, std::int64_t{64}}).active_if_at_least("layers", 2),
               Categorical("units_3", {std::int64_t{32}, std::int64_t{64}}).active_if_at_least("layers", 3)};
  CHECK(finite.is_finite());
  auto all = finite.enumerate();
  CHECK(all.size() == 1 + 2 + 4);  // layers=1, layers=2 x units_2, layers=3 x units_2 x units_3
  std::set<std::string> keys;
  for (const Params& p : all) keys.insert(p.key());
  CHECK(keys.size() == all.size());
}

TEST_CASE("Space JSON: config spellings, Hobbit's names, round trip and errors") {
  Json j = Json::parse(R"({
    "learning_rate": {"type": "real", "low": 1e-4, "high": 0.1, "prior": "log-uniform"},
    "activation":    {"type": "choice", "values": ["sigmoid", "tanh", "relu"]},
    "dropout":       {"distribution": "uniform", "args": [0.0, 1.0]},
    "lr2":           {"distribution": "log-uniform", "args": [0.0001, 0.1]},
    "act2":          {"distribution": "choice", "args": [["sigmoid", "tanh", "relu"]]},
    "layers":        {"type": "integer", "low": 1, "high": 3},
    "units_3":       {"type": "integer", "low": 16, "high": 512, "log": true,
                      "active_if": {"param": "layers", "at_least": 3}},
    "batch_size":    128,
    "nesterov":      [true, false]
  })");
  Space space = Space::from_json(j);
  REQUIRE(space.size() == 9);
  CHECK(space["learning_rate"].is_log());
  CHECK(space["dropout"].kind() == DimensionKind::Real);
  CHECK_FALSE(space["dropout"].is_log());
  CHECK(space["lr2"].is_log());
  CHECK(space["act2"].values().size() == 3);
  CHECK(space["units_3"].condition()->at_least == 3);
  CHECK(space["batch_size"].kind() == DimensionKind::Fixed);
  CHECK(std::holds_alternative<bool>(space["nesterov"].values()[0]));
  CHECK(space.dimensions()[0].name() == "learning_rate");  // declared order kept

  Space back = Space::from_json(space.to_json());
  CHECK(back.to_json() == space.to_json());

  CHECK_THROWS_WITH_AS(Space::from_json(Json::parse(R"({"lr": {"type": "real", "low": 1, "high": 0.1}})")),
                       doctest::Contains("space.lr: low must be < high"), Error);
  CHECK_THROWS_WITH_AS(Space::from_json(Json::parse(R"({"lr": {"type": "gaussian", "low": 0, "high": 1}})")),
                       doctest::Contains("space.lr.type: expected real, integer, choice, fixed"), Error);
  CHECK_THROWS_WITH_AS(Space::from_json(Json::parse(R"({"lr": {"type": "real", "lo": 0, "high": 1}})")),
                       doctest::Contains("space.lr: unknown field 'lo'"), Error);
  CHECK_THROWS_WITH_AS(Space::from_json(Json::parse(R"({"n": {"type": "integer", "low": 0.5, "high": 4}})")),
                       doctest::Contains("whole numbers"), Error);
  CHECK_THROWS_WITH_AS(
      Space::from_json(Json::parse(R"({"u": {"type": "integer", "low": 1, "high": 4,
                                              "active_if": {"param": "layers", "at_least": 2}}})")),
      doctest::Contains("'layers', which is not declared before it"), Error);
}
