#pragma once
// A grid of small images with a caption under each (scikit-optimize's tutorial
// plot_images: examples with their labels, or misclassified test images with
// the true and the predicted class). Grey levels as the data holds them,
// drawn dark on light (0 = white); each image's numbers are in its own text
// file as a matrix, one row per line.
//
//   std::vector<CaptionedImage> images = {{pixels, 28, 28, "true: Sneaker"}, ...};
//   Figure f = image_grid_figure("examples", "Test images and their labels", images);
#include <string>
#include <vector>

#include "tuner/plot/figure.hpp"

namespace tunet::tuner::plot {

struct CaptionedImage {
  std::vector<float> pixels;  // height * width, row by row
  int height = 0, width = 0;
  std::string caption;
};

// Throws Error when the list is empty or an image's pixel count does not match its size.
Figure image_grid_figure(const std::string& name, const std::string& title, const std::vector<CaptionedImage>& images,
                         int columns = 3);

}  // namespace tunet::tuner::plot
