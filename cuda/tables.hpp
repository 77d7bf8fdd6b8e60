#pragma once
// The CUDA backend's kernel tables, one per family of core/op_kernels.hpp,
// each defined at the end of the file that launches its kernels (named above
// each group below); the per-thread bodies they launch are in cuda/kernels/.
// cuda/backend.cpp registers every one of them at load time: a new family
// adds its line here and there.
#include "core/op_kernels.hpp"

namespace tunet::cuda {

// cuda/matmul.cpp (cuBLAS)
const MatmulKernels& matmul_kernels();
// cuda/tensor_ops.cu

const ElementwiseKernels& elementwise_kernels();
const ReduceKernels& reduce_kernels();
const ShapeKernels& shape_kernels();
// cuda/nn_layers.cu
const ActivationKernels& activation_kernels();
const DenseKernels& dense_kernels();
const Conv2dKernels& conv2d_kernels();
const MaxPoolKernels& max_pool_kernels();
const DropoutKernels& dropout_kernels();
// cuda/nn_training.cu
const LossKernels& loss_kernels();
const OptimizerKernels& optimizer_kernels();

}  // namespace tunet::cuda
