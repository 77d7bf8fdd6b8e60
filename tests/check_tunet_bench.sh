#!/bin/sh
# `tunet bench` is the kernel lab's command (tunet-bench, beside tunet): a
# short softmax run through it writes a JSON report that `tunet bench
# validate` accepts; `tunet --help` lists the subcommand; `tunet bench --help`
# is tunet-bench's help; a tunet without tunet-bench beside it says where it
# looked, fails, and names the command that builds (or installs) tunet-bench.
#   check_tunet_bench.sh TUNET WORK_DIR
set -u
tunet=$1
dir=$2
fail() {
  echo "check_tunet_bench: $*"
  exit 1
}
rm -rf "$dir" && mkdir -p "$dir" || exit 2

"$tunet" --help >"$dir/help.txt" 2>&1 || fail "tunet --help failed"
grep -q "^  bench " "$dir/help.txt" || { cat "$dir/help.txt"; fail "tunet --help does not list bench"; }

"$tunet" bench kernels --op softmax --sizes 7x3 --repetitions 1 --time-cap 0.05 --no-ceilings \
  --json "$dir/lab.json" >"$dir/kernels.txt" 2>&1 || { cat "$dir/kernels.txt"; fail "tunet bench kernels failed"; }
grep -q "two_pass" "$dir/kernels.txt" || { cat "$dir/kernels.txt"; fail "no softmax table"; }
"$tunet" bench validate "$dir/lab.json" || fail "the report does not conform to the schema"

"$tunet" bench --help >"$dir/bench_help.txt" 2>&1
grep -q "validate" "$dir/bench_help.txt" || { cat "$dir/bench_help.txt"; fail "tunet bench --help is not tunet-bench's"; }

cp "$tunet" "$dir/tunet" || exit 2
if "$dir/tunet" bench kernels >"$dir/missing.txt" 2>&1; then fail "tunet bench ran without tunet-bench"; fi
grep -q "$dir/tunet-bench" "$dir/missing.txt" || { cat "$dir/missing.txt"; fail "the error does not say where it looked"; }
grep -q "cmake --install" "$dir/missing.txt" || { cat "$dir/missing.txt"; fail "an installed tunet's error does not say how to install tunet-bench"; }
# In a build folder (bin/ beside CMakeCache.txt) it names the one command that builds tunet-bench.
mkdir -p "$dir/build/bin" && cp "$tunet" "$dir/build/bin/tunet" || exit 2
echo "TUNET_BUILD_BENCH:BOOL=ON" >"$dir/build/CMakeCache.txt"
"$dir/build/bin/tunet" bench kernels >"$dir/missing_build.txt" 2>&1
grep -qF "cmake --build $dir/build --target tunet_bench_cli" "$dir/missing_build.txt" ||
  { cat "$dir/missing_build.txt"; fail "the error does not name the command that builds tunet-bench"; }
echo "TUNET_BUILD_BENCH:BOOL=OFF" >"$dir/build/CMakeCache.txt"
"$dir/build/bin/tunet" bench kernels >"$dir/missing_off.txt" 2>&1
grep -qF "cmake -DTUNET_BUILD_BENCH=ON $dir/build && cmake --build $dir/build --target tunet_bench_cli" "$dir/missing_off.txt" ||
  { cat "$dir/missing_off.txt"; fail "with the benchmarks off, the error does not say to turn them on"; }
echo "check_tunet_bench: tunet bench runs tunet-bench, its report conforms, a missing tunet-bench is a clear error naming the command that builds it"
