#pragma once
// NumPy .npy files (format version 1.0) for float32 tensors, so weights move
// to and from Python (numpy.load / numpy.save) unchanged:
//
//   nn::write_npy("dense_kernel.npy", layer.kernel());
//   Tensor w = nn::read_npy("dense_kernel.npy");     // shape from the file
//
// Written: magic "\x93NUMPY", version 1.0, a header dict
// {'descr': '<f4', 'fortran_order': False, 'shape': (...), } padded so the data
// starts at a multiple of 64 bytes, then the values little-endian in C order.
// Read: versions 1.0, 2.0 and 3.0 with descr '<f4' in C order. Anything else (a
// foreign file, another dtype, Fortran order, a truncated file) -> Error naming
// the file and the problem.
#include <iosfwd>
#include <string>

#include "core/tensor.hpp"

namespace tunet::nn {

void write_npy(const std::string& path, const Tensor& tensor);
Tensor read_npy(const std::string& path);

// The same on streams (several arrays in one file); `source` names the stream in errors.
void write_npy(std::ostream& out, const Tensor& tensor);
Tensor read_npy(std::istream& in, const std::string& source);

}  // namespace tunet::nn
