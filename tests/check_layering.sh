#!/bin/sh
# The layering, checked on the sources: dependencies point down.
#   core/   includes nothing from nn/, datasets/, tuner/ or cuda/, and no CUDA header;
#   nn/     holds no kernel code: no OpenMP loops, no Eigen, no core/cpu or core/kernels
#           internals, no CUDA (layers compose core ops; kernels live in core/cpu and cuda/);
#   cuda/   never includes nn/, datasets/ or tuner/;
#   tuner/  outside tuner/integration, tuner/teaching and tuner/cli never includes nn/ or datasets/;
#           no tuner file includes core/kernels or core/cpu (the per-element math and the
#           CPU backend are core's business);
#   core/'s files outside core/cpu never include core/cpu: the CPU backend registers its
#           tables through core/op_kernels.hpp (each family's cpu()), and what core and the
#           CPU backend share (core/philox_lanes.hpp) lives in core.
#   core/   names a device kind other than the CPU only in its row of core/device.hpp (and
#           build_info fills its CUDA fields from the CUDA row): a new kind is one registration.
# Prints each offending line and exits 1 when any is found.
cd "$(dirname "$0")/.." || exit 2
status=0
offend() {  # offend DESCRIPTION GREP-PATTERN PATHS...
  what=$1; pattern=$2; shift 2
  hits=$(grep -rnE "$pattern" "$@" 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "layering: $what:"
    echo "$hits"
    status=1
  fi
}
offend "core includes a higher layer" '#include "(nn|datasets|tuner|cuda)/' core
offend "core includes a CUDA header" '#include <(cuda|cublas|cub/|cuda_runtime)' core
offend "nn holds kernel code" 'TUNET_OMP|#pragma omp|<Eigen/|"core/cpu/|"core/kernels/|<immintrin|<arm_neon' nn
offend "nn includes cuda" '#include "cuda/|#include <cuda' nn
offend "cuda includes a higher layer" '#include "(nn|datasets|tuner)/' cuda
offend "the tuner's core includes nn or datasets" '#include "(nn|datasets)/' \
  tuner/*.hpp tuner/space tuner/proposers tuner/schedulers tuner/study tuner/storage tuner/config \
  tuner/skopt tuner/plot tuner/distributed
offend "tuner includes core's kernels or the CPU backend" '#include "core/(kernels|cpu)/' tuner
offend "core outside core/cpu includes the CPU backend" '#include "core/cpu/' core/*.hpp core/*.cpp core/kernels
kind='DeviceKind::CUDA|TUNET_WITH_CUDA|"cuda|CUDA'  # in code, comments dropped
kind_hits=$(grep -rnE "$kind" core --include='*.hpp' --include='*.cpp' --include=CMakeLists.txt |
  grep -vE '^core/(device\.hpp|kernels/)' | sed 's#//.*##' | grep -E "$kind" |
  grep -vE '^core/build_info\.(cpp|hpp):[0-9]+:.*(info\.cuda|bool cuda|cuda_usable|cuda_status)')
if [ -n "$kind_hits" ]; then
  echo "layering: core names the CUDA device kind outside core/device.hpp:"
  echo "$kind_hits"
  status=1
fi
[ $status = 0 ] && echo "layering: core <- nn, datasets, cuda <- tuner integration/cli: ok"
exit $status
