#!/bin/sh
# Where a new kind is written, checked on the sources. For each family (an
# optimizer, an activation, a unary op) the files a new kind touches are listed
# below, as in docs/architecture.md ("Where to add an op, an optimizer"); the
# check fails when
#   - a list is longer than its budget (6 files for an optimizer, 5 for an
#     activation or a unary op), or
#   - a file of the library (core/, cuda/, nn/, datasets/, tuner/) outside the
#     list names one of the family's probes: kinds that appear only where every
#     kind must be written. A switch over the kinds written again somewhere
#     else (a backend's own copy of the dispatch) shows up here.
# Tests, examples, tutorials and benchmarks may name any kind they like.
# tuner/teaching/ is left out of the optimizer check: its surfaces give some
# optimizers a learning rate of their own, the others run at their default.
# nn/export/ is left out of the activation check: the C exporter writes each
# activation as C source text, a list of its own that a model using a new
# activation needs only when it is exported.
# Prints each family's files and exits 1 when a check fails.
cd "$(dirname "$0")/.." || exit 2
status=0
check() {  # check FAMILY BUDGET PROBE-PATTERN EXCLUDE-PATTERN LISTED-FILES...
  family=$1; budget=$2; probe=$3; exclude=$4; shift 4
  listed="$*"
  if [ $# -gt "$budget" ]; then
    echo "extension points: adding $family touches $# files, over the budget of $budget: $listed"
    status=1
  fi
  for file in "$@"; do
    [ -f "$file" ] || { echo "extension points: $family: listed file $file does not exist"; status=1; }
  done
  found=$(grep -rliE "$probe" core cuda nn datasets tuner 2>/dev/null | grep -vE "$exclude" | sort)
  for file in $found; do
    case " $listed " in
      *" $file "*) ;;
      *) echo "extension points: $file names a kind ($probe) of $family but is not on the list: $listed"
         status=1 ;;
    esac
  done
  echo "extension points: $family, $# files (budget $budget): $listed"
}
none='^$'
check "an optimizer" 6 '(^|[^a-z])(lion|nadam)' '^tuner/teaching/' \
  core/kernels/optimizer_updates.hpp nn/optimizers.hpp nn/optimizers.cpp tests/test_nn_optimizers.cpp \
  docs/optimizers.md docs/nn.md
check "an activation" 5 'softplus|(^|[^a-z])celu' '^nn/export/' \
  core/kernels/activations.hpp nn/activations.hpp tests/test_nn_activations.cpp docs/nn.md
check "a unary op" 5 'SqrtOp|UnaryOp::Sqrt' "$none" \
  core/kernels/arithmetic.hpp core/ops.hpp core/ops_elementwise.cpp tests/test_core_autograd.cpp
exit $status
