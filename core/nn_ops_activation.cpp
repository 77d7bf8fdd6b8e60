// The activation op: y = f(x) as one autograd node, through the device's
// ActivationKernels; and which kinds need their input for the gradient.
#include "core/op_kernels.hpp"

namespace tunet {

bool activation_needs_input(ActivationKind kind) {
  switch (kind) {
    case ActivationKind::Linear:
    case ActivationKind::Sigmoid:
    case ActivationKind::Tanh:
    case ActivationKind::Relu:  // y > 0 exactly when z > 0
    case ActivationKind::Softmax:
      return false;
    default:
      return true;
  }
}

}  // namespace tunet
