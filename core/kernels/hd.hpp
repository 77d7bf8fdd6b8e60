#pragma once
// TUNET_HD marks per-element math that both the CPU loops and the CUDA kernels
// call: __host__ __device__ under nvcc, nothing under a plain C++ compiler.
#if defined(__CUDACC__)
#define TUNET_HD __host__ __device__
#else
#define TUNET_HD
#endif
