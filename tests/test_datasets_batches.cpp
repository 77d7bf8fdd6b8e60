// Batch streams and generators: every sample once per epoch, seeds reproduce,
// buffers reused, random starts still cover the data.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "datasets/batches.hpp"

using namespace tunet::datasets;
using doctest::Contains;
using tunet::Error;
using tunet::Tensor;

namespace {

// n samples of 3 features (id, id, id) and label id % 4.
Dataset numbered(int64_t n) {
  Dataset d;
  d.x = Tensor::empty({n, 3});
  d.y = Tensor::empty({n});
  for (int64_t i = 0; i < n; ++i) {
    for (int f = 0; f < 3; ++f) d.x.data()[i * 3 + f] = static_cast<float>(i);
    d.y.data()[i] = static_cast<float>(i % 4);
  }
  d.num_classes = 4;
  d.class_names = {"0", "1", "2", "3"};
  return d;
}

// The ids of a batch, checking that features and labels stayed together.
std::vector<int64_t> batch_ids(const Batch& batch) {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < batch.x.dim(0); ++i) {
    const auto id = static_cast<int64_t>(batch.x.data()[i * 3]);
    CHECK(batch.x.data()[i * 3 + 2] == static_cast<float>(id));
    CHECK(batch.y.data()[i] == static_cast<float>(id % 4));
    out.push_back(id);
  }
  return out;
}

std::vector<int64_t> epoch_ids(BatchStream& stream, int64_t epoch, std::vector<int64_t>* sizes = nullptr) {
  stream.start_epoch(epoch);
  std::vector<int64_t> ids;
  Batch batch;
  while (stream.next(batch)) {
    const std::vector<int64_t> part = batch_ids(batch);
    ids.insert(ids.end(), part.begin(), part.end());
    if (sizes != nullptr) sizes->push_back(static_cast<int64_t>(part.size()));
  }
  return ids;
}

std::vector<int64_t> sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<int64_t> range(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

}  // namespace

TEST_CASE("a BatchStream epoch covers every sample exactly once") {
  BatchStream stream(numbered(103), {.batch_size = 10, .seed = 5});
  CHECK(stream.steps_per_epoch() == 11);
  for (int64_t epoch = 0; epoch < 3; ++epoch) {
    std::vector<int64_t> sizes;
    const std::vector<int64_t> ids = epoch_ids(stream, epoch, &sizes);
    CHECK(sorted(ids) == range(103));
    CHECK(ids != range(103));  // shuffled
    CHECK(sizes.size() == 11);
    CHECK(sizes.back() == 3);
  }

  BatchStream dropping(numbered(103), {.batch_size = 10, .seed = 5, .drop_last = true});
  CHECK(dropping.steps_per_epoch() == 10);
  const std::vector<int64_t> ids = epoch_ids(dropping, 0);
  CHECK(ids.size() == 100);
  CHECK(std::set<int64_t>(ids.begin(), ids.end()).size() == 100);

  BatchStream in_order(numbered(25), {.batch_size = 10, .shuffle = false});
  CHECK(epoch_ids(in_order, 4) == range(25));
}

TEST_CASE("epoch orders are a pure function of (seed, epoch)") {
  BatchStream a(numbered(50), {.batch_size = 8, .seed = 11});
  BatchStream b(numbered(50), {.batch_size = 8, .seed = 11});
  BatchStream c(numbered(50), {.batch_size = 8, .seed = 12});
  const std::vector<int64_t> a0 = epoch_ids(a, 0), a1 = epoch_ids(a, 1), a2 = epoch_ids(a, 2);
  CHECK(epoch_ids(b, 2) == a2);  // resuming at epoch 2 directly gives the same batches
  CHECK(epoch_ids(b, 0) == a0);
  CHECK(a0 != a1);
  CHECK(epoch_ids(c, 0) != a0);
}

TEST_CASE("batch tensors are reused unless someone else holds them") {
  BatchStream stream(numbered(40), {.batch_size = 10, .seed = 1});
  Batch batch;
  REQUIRE(stream.next(batch));
  const float* first_buffer = batch.x.data();
  REQUIRE(stream.next(batch));
  CHECK(batch.x.data() == first_buffer);  // nothing held it: overwritten in place

  const Tensor kept = batch.x;  // e.g. saved by an autograd node
  const std::vector<float> kept_values = kept.to_vector();
  REQUIRE(stream.next(batch));
  CHECK(!batch.x.same_storage(kept));
  CHECK(kept.to_vector() == kept_values);
}

TEST_CASE("BatchStream errors") {
  CHECK_THROWS_WITH_AS(BatchStream(numbered(5), {.batch_size = 0}), Contains("batch_size must be positive"), Error);
  CHECK_THROWS_WITH_AS(BatchStream(Dataset{}, {}), Contains("empty"), Error);
  BatchStream stream(numbered(5), {});
  CHECK_THROWS_WITH_AS(stream.start_epoch(0, 6), Contains("start 6 outside [0, 5]"), Error);
}

TEST_CASE("generators run endlessly over passes and reproduce from their seed") {
  const BatchGenerator gen = batch_generator(numbered(25), {.batch_size = 10}, 3);
  std::vector<int64_t> first_pass;
  std::vector<int64_t> sizes;
  for (int step = 0; step < 6; ++step) {
    const std::vector<int64_t> ids = batch_ids(gen());
    sizes.push_back(static_cast<int64_t>(ids.size()));
    if (step < 3) first_pass.insert(first_pass.end(), ids.begin(), ids.end());
  }
  CHECK(sizes == std::vector<int64_t>{10, 10, 5, 10, 10, 5});
  CHECK(sorted(first_pass) == range(25));

  const BatchGenerator same = batch_generator(numbered(25), {.batch_size = 10}, 3);
  const BatchGenerator other = batch_generator(numbered(25), {.batch_size = 10}, 4);
  const std::vector<int64_t> s = batch_ids(same()), o = batch_ids(other());
  CHECK(s == std::vector<int64_t>(first_pass.begin(), first_pass.begin() + 10));
  CHECK(o != s);
}

TEST_CASE("short epochs from a random start still cover the data over time") {
  // 100 samples, batches of 10, 3 steps per "epoch": 30% of the data per epoch.
  const Dataset data = numbered(100);
  std::set<int64_t> seen;
  const BatchGenerator gen = batch_generator(data, {.batch_size = 10, .random_start = true}, 21);
  int64_t first_batch_start = -1;
  for (int epoch = 0; epoch < 5; ++epoch) {
    for (int step = 0; step < 3; ++step) {
      const Batch batch = gen();
      if (first_batch_start < 0) first_batch_start = static_cast<int64_t>(batch.x.data()[0]);
      for (int64_t id : batch_ids(batch)) seen.insert(id);
    }
  }
  CHECK(seen.size() >= 90);  // 15 batches ~ 1.5 passes: everything but a partial pass boundary
  // A different seed starts elsewhere.
  const Batch other = batch_generator(data, {.batch_size = 10, .random_start = true}, 22)();
  CHECK(static_cast<int64_t>(other.x.data()[0]) != first_batch_start);
}

TEST_CASE("generator_data: steps per epoch, validation in order and complete") {
  Splits data;
  data.train = numbered(95);
  data.validation = numbered(23);
  const GeneratorData gen = generator_data(data, {.batch_size = 10});
  CHECK(gen.steps_per_epoch == 10);
  CHECK(gen.validation_steps == 3);
  const BatchGenerator validation = gen.validation(0);
  std::vector<int64_t> ids;
  for (int64_t step = 0; step < gen.validation_steps; ++step) {
    const std::vector<int64_t> part = batch_ids(validation());
    ids.insert(ids.end(), part.begin(), part.end());
  }
  CHECK(ids == range(23));

  const BatchGenerator t1 = gen.train(7), t2 = gen.train(7);
  CHECK(batch_ids(t1()) == batch_ids(t2()));  // a fresh generator per call, same seed same batches

  const GeneratorData short_epochs = generator_data(data, {.batch_size = 10}, 4, 1);
  CHECK(short_epochs.steps_per_epoch == 4);
  CHECK(short_epochs.validation_steps == 1);
  CHECK_THROWS_WITH_AS(generator_data(Splits{numbered(5), {}, {}}, {}), Contains("call split_validation first"), Error);
}
