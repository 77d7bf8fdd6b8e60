#pragma once
// Shape: the extent of each axis, outermost first (row-major).
#include <cstdint>
#include <string>
#include <vector>

namespace tunet {

using Shape = std::vector<int64_t>;

// Number of elements (1 for rank 0).
int64_t shape_numel(const Shape& shape);
// "(2, 3, 4)"
std::string shape_str(const Shape& shape);
// Axis in [-rank, rank) -> [0, rank); throws Error naming `what` otherwise.
int normalize_axis(int axis, int rank, const char* what);
// NumPy broadcasting of two shapes; throws Error with both shapes when incompatible.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op_name);

}  // namespace tunet
