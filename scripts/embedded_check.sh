#!/usr/bin/env bash
# The exported model on a microcontroller: exports a trained Fashion-MNIST
# MLP as C (float and int8), cross-compiles the firmware of
# examples/embedded/firmware for a Cortex-M4F, runs it on QEMU's mps2-an386
# board with semihosting, and compares its predictions with the same C built
# for the host: int8 must print the same lines, float the same predictions
# and outputs within 1e-5. A firmware whose arena is smaller than the model's
# MODEL_ARENA_BYTES must fail to compile. Then it measures the exported model
# (arm-none-eabi-size, a painted stack) and prints the table and a JSON file.
#
#   scripts/embedded_check.sh [BUILD_DIR=build]
#
# BUILD_DIR/bin/tunet does the training and the export. The model is the
# reduced main job's best model (scripts/main_job.sh with
# TUNET_MAIN_JOB_REDUCED=1: R=9 on 5,000 training images, ~10 s on one
# thread), or TUNET_EMBEDDED_MODEL=FILE, a model saved by Sequential::save.
# TUNET_EMBEDDED_EXPORTED=DIR takes C already exported (DIR/float/model.[ch],
# DIR/int8/model.[ch]) instead of training and exporting.
# Work folder: $TUNET_EMBEDDED_DIR (default: a temporary one, removed);
# The sizes, as one line of JSON, are printed and written to sizes.json in $OUT
# when set, else in the work folder.
# Needs scripts/install_deps.sh --embedded (arm-none-eabi-gcc, newlib, qemu-system-arm).
#
# QEMU is not cycle-accurate, so no cycle counts: the time per image is the
# host build's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tunet="${1:-build}/bin/tunet"
fw="$root/examples/embedded/firmware"
images=200
for tool in arm-none-eabi-gcc arm-none-eabi-size qemu-system-arm; do
  command -v "$tool" >/dev/null ||
    { echo "embedded_check: $tool not found (scripts/install_deps.sh --embedded installs it)" >&2; exit 1; }
done
if [ -z "${TUNET_EMBEDDED_EXPORTED:-}" ]; then
  [ -x "$tunet" ] || { echo "embedded_check: $tunet not found (build the tunet_cli target)" >&2; exit 1; }
  tunet="$(cd "$(dirname "$tunet")" && pwd)/tunet"
fi
if [ -n "${TUNET_EMBEDDED_DIR:-}" ]; then
  work="$TUNET_EMBEDDED_DIR"; mkdir -p "$work"
else
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fi
out_dir="${OUT:-$work}"
say() { echo "== $*"; }

# -- the model -----------------------------------------------------------------
model="${TUNET_EMBEDDED_MODEL:-}"
if [ -z "$model" ] && [ -z "${TUNET_EMBEDDED_EXPORTED:-}" ]; then
  say "the reduced main job (Hyperband, R=9, 5,000 training images) -> its best model"
  TUNET_BIN="$tunet" TUNET_MAIN_JOB_REDUCED=1 OMP_NUM_THREADS=1 TUNET_GNUPLOT=none \
    bash "$root/scripts/main_job.sh" --set repo_dir="$work/run" > "$work/main_job.log" 2>&1 ||
    { cat "$work/main_job.log"; echo "embedded_check: the reduced main job failed" >&2; exit 1; }
  grep '^Best: ' "$work/main_job.log" | sed 's/; model.*//'
  model="$work/run/best_model.ckpt"
fi

if [ -n "${TUNET_EMBEDDED_EXPORTED:-}" ]; then
  say "exported C from $TUNET_EMBEDDED_EXPORTED/{float,int8}"
  for variant in float int8; do mkdir -p "$work/$variant"; cp "$TUNET_EMBEDDED_EXPORTED/$variant"/model.[ch] "$work/$variant/"; done
else
  say "export: float and int8 C (calibration: the main job's training data)"
  "$tunet" export "$model" --format c --out "$work/float"
  "$tunet" export "$model" --format c --out "$work/int8" --int8 \
    --calibration "$root/examples/fashion_mlp_hyperband.json"
fi

bash "$root/examples/embedded/make_test_images.sh" "$images" "$work/test_images.h"

# -- build, run, compare ---------------------------------------------------------
m4=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os -ffunction-sections -fdata-sections)
warn=(-Wall -Wextra -Werror)
link_m4=(-T "$fw/mps2_an386.ld" -nostartfiles --specs=nano.specs -Wl,--gc-sections)
json_rows=() table=()
declare -A code flash_of scratch
for variant in float int8; do
  dir="$work/$variant"
  inc=(-I "$dir" -I "$work" -I "$fw")
  say "$variant: firmware (Cortex-M4F, -Os) and host harness (x86-64, -O2)"
  arm-none-eabi-gcc "${m4[@]}" "${warn[@]}" -std=c99 -pedantic -ffreestanding -c "$dir/model.c" -o "$dir/model_m4.o"
  arm-none-eabi-gcc "${m4[@]}" "${warn[@]}" -std=c11 "${inc[@]}" "$fw/main.c" "$fw/startup_m4.c" "$dir/model_m4.o" \
    "${link_m4[@]}" --specs=rdimon.specs -u _printf_float -o "$dir/fw.elf"
  gcc -std=c11 -O2 "${warn[@]}" "${inc[@]}" "$fw/main.c" "$dir/model.c" -o "$dir/host"

  # Semihosting's exit call makes QEMU's status the firmware's.
  status=0
  # (No input: -nographic would read the caller's, a script's next lines included.)
  timeout 120 qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native \
    -kernel "$dir/fw.elf" < /dev/null > "$dir/fw.txt" || status=$?
  if ((status)); then tail -5 "$dir/fw.txt"; echo "embedded_check: the $variant firmware exited with $status" >&2; exit 1; fi
  "$dir/host" > "$dir/host.txt"
  grep -h '^#' "$dir/fw.txt" "$dir/host.txt" | sed 's/^/   /'
  tolerance=$([ "$variant" = int8 ] && echo 0 || echo 1e-5)
  awk -v tol="$tolerance" -v n="$images" -v what="$variant" '
    FNR == 1 { file++ }
    /^#/ { next }
    file == 1 { fw[$1] = $0; next }
    {
      rows++
      if (!($1 in fw)) { print what ": image " $1 " missing from the firmware output"; bad++; next }
      split(fw[$1], f, " ")
      if (fw[$1] == $0) same++
      if (f[2] != $2 || f[3] != $3) { print what ": image " $1 " predicted " f[3] " on the M4, " $3 " on the host"; bad++ }
      for (i = 4; i <= NF; ++i) {
        d = f[i] - $i; if (d < 0) d = -d
        if (d > worst) worst = d
        if (tol == 0 ? f[i] != $i : d > tol) { print what ": image " $1 " output " i - 4 ": " f[i] " vs " $i; bad++ }
      }
    }
    END {
      if (rows != n || length(fw) != n) { print what ": " length(fw) " firmware lines, " rows " host lines, expected " n; bad++ }
      printf "   %s: %d of %d images, M4 vs host: %d lines identical, max |difference| %.3g (allowed %s)\n",
             what, rows, n, same, worst, tol == 0 ? "0" : tol
      exit bad > 0
    }' "$dir/fw.txt" "$dir/host.txt" || { echo "embedded_check: the $variant firmware disagrees with the host" >&2; exit 1; }
done

say "a firmware whose arena is smaller than MODEL_ARENA_BYTES does not compile"
if arm-none-eabi-gcc "${m4[@]}" -std=c11 -I "$work/float" -I "$work" -I "$fw" \
     -DFIRMWARE_ARENA_BYTES="(MODEL_ARENA_BYTES - 8)" -c "$fw/main.c" -o "$work/small.o" 2> "$work/small.txt"; then
  echo "embedded_check: main.c compiled with an arena 8 bytes too small" >&2; exit 1
fi
grep -m1 'smaller than MODEL_ARENA_BYTES' "$work/small.txt" | sed 's/^.*error: /   compile error: /'

# -- sizes --------------------------------------------------------------------------
# Section sizes of an ELF or object: text, rodata, data, bss (the .isr_vector
# and ARM unwind tables count as constants).
sections() {
  "$1" -A "$2" | awk '
    $1 ~ /^\.text/ { t += $2 } $1 ~ /^\.(rodata|isr_vector|ARM\.ex)/ { r += $2 }
    $1 ~ /^\.data/ { d += $2 } $1 ~ /^\.bss/ { b += $2 }
    END { print t + 0, r + 0, d + 0, b + 0 }'
}
macro() { printf '#include "model.h"\n%s\n' "$2" | gcc -E -P -I "$1" - | tail -1 | tr -d '()uUlL '; }
say "sizes of the exported model (code + constants + static data; RAM: + arena + stack of one prediction)"
for variant in float int8; do
  dir="$work/$variant"
  for with in 0 1; do
    arm-none-eabi-gcc "${m4[@]}" -std=c11 -I "$dir" -DPROBE_MODEL=$with "$fw/size_probe.c" "$dir/model_m4.o" \
      "${link_m4[@]}" -Wl,-Map,"$dir/probe$with.map" -o "$dir/probe$with.elf"
  done
  read -r t0 r0 d0 b0 <<<"$(sections arm-none-eabi-size "$dir/probe0.elf")"
  read -r t1 r1 d1 b1 <<<"$(sections arm-none-eabi-size "$dir/probe1.elf")"
  text=$((t1 - t0)) rodata=$((r1 - r0)) data=$((d1 - d0)) bss=$((b1 - b0))
  arena=$((10#$(macro "$dir" MODEL_ARENA_BYTES)))
  stack=$(sed -n 's/^# stack high-water of one prediction: \([0-9]*\) bytes/\1/p' "$dir/fw.txt")
  # The library routines the model pulls in (libgcc's soft helpers, newlib's memset, ...).
  libs=$(awk '/^Archive member included/ { on = 1; next } /^(Discarded|Memory Configuration)/ { on = 0 }
              on && /^[^ ]/ { sub(/.*\//, ""); m = $1 } on && /^ / && m != "" { print m; m = "" }' "$dir/probe1.map" |
         sort -u | paste -sd' ')
  gcc -std=c99 -Os -ffunction-sections -fdata-sections -ffreestanding -c "$dir/model.c" -o "$dir/model_x86.o"
  read -r xt xr xd xb <<<"$(sections size "$dir/model_x86.o")"
  host_us=$(sed -n 's/^# host time per image: \([0-9.]*\) us.*/\1/p' "$dir/host.txt")
  flash=$((text + rodata + data)) ram=$((data + bss + arena + stack))
  code[$variant]=$text flash_of[$variant]=$flash scratch[$variant]=$((arena + stack))
  table+=("$(printf '%-6s %8d %10d %6d %6d %7d %7d %9d %8d %8d %9d %8s' "$variant" "$text" "$rodata" "$data" "$bss" \
              "$arena" "$stack" "$flash" "$ram" "$xt" "$xr" "$host_us")")
  json_rows+=("$(printf '"%s": {"cortex_m4": {"text": %d, "rodata": %d, "data": %d, "bss": %d, "arena": %d, "stack": %d, "flash": %d, "ram": %d, "library_members": "%s"}, "x86_64_Os": {"text": %d, "rodata": %d, "data": %d, "bss": %d}, "host_us_per_image": %s}' \
                 "$variant" "$text" "$rodata" "$data" "$bss" "$arena" "$stack" "$flash" "$ram" "$libs" \
                 "$xt" "$xr" "$xd" "$xb" "${host_us:-null}")")
  echo "   $variant: library members linked for the model: ${libs:-none}"
done
echo
echo "                   Cortex-M4F (-Os, arm-none-eabi-gcc)                          x86-64 -Os object   host"
echo "export   code  constants   data    bss   arena   stack     flash      RAM     code  constants  us/image"
printf '%s\n' "${table[@]}"
echo "(bytes; flash = code + constants + data; RAM = data + bss + arena + stack high-water of one prediction;"
echo " the harness, semihosting I/O and test images are left out. QEMU is not cycle-accurate: time is the host's.)"
goal() { if (($2 <= $3)); then echo "   met:     $1: $2 <= $3"; else echo "   NOT MET: $1: $2 > $3"; fi; }
# The issue's goals: code <= 8 KB for an MLP, <= 16 KB for a CNN; the int8 MLP
# <= 88 KB of flash in all and <= 4 KB of arena + stack.
if grep -q 'tn_conv2d' "$work/float/model.c"; then kind=CNN code_budget=16384; else kind=MLP code_budget=8192; fi
say "goals ($kind)"
goal "float code bytes" "${code[float]}" "$code_budget"
goal "int8 code bytes" "${code[int8]}" "$code_budget"
if [ "$kind" = MLP ]; then
  goal "int8 flash bytes (code + constants + data)" "${flash_of[int8]}" $((88 * 1024))
  goal "int8 arena + stack bytes" "${scratch[int8]}" 4096
fi
printf '{"model": "%s", "kind": "%s", "images": %d, %s}\n' "$(basename "${model:-exported}")" "$kind" "$images" "$(IFS=,; echo "${json_rows[*]}")" \
  > "$out_dir/sizes.json"
echo "sizes ($out_dir/sizes.json):"
cat "$out_dir/sizes.json"
