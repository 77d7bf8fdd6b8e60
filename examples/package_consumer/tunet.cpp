// Links tunet::tunet (every component built but tuner_mpi): trains y = 2x + 1
// with autograd through an installed tunet, and checks that the installed
// (static) libraries kept their registered layer types, which nothing here
// references by name.
#include <tunet/tunet.hpp>

#include <iostream>

#include "fit_line.hpp"

int main() {
  std::cout << tunet::build_info_str() << "\n";
  std::cout << "layer types: " << tunet::nn::layer_types().size() << ", "
            << tunet::nn::make_layer("conv2d", {{"filters", "2"}, {"kernel_size", "3"}})->type() << "\n";
  return fit_line("") ? 0 : 1;
}
