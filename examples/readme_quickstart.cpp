// The C++ example of README.md, built and run by CTest (test example_readme_quickstart).
#include <tunet/tunet.hpp>
namespace nn = tunet::nn;

int main() {
  auto data = tunet::datasets::fashion_mnist().flatten().scale(1.0f / 255).split_validation(0.1, 42);
  nn::Sequential model({784}, /*seed=*/1);
  model.add(nn::Dropout(0.2));
  model.add(nn::Dense(100, "relu"));
  model.add(nn::Dropout(0.2));
  model.add(nn::Dense(10, "softmax"));
  model.compile(nn::RMSprop({.learning_rate = 1e-3}), "categorical_crossentropy", {"accuracy"});
  model.fit(data.train.x, data.train.one_hot(),
            {.epochs = 5, .batch_size = 128, .validation_data = {data.validation.x, data.validation.one_hot()}});
  model.save("mlp.tunet");
}
