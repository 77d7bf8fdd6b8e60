#!/usr/bin/python3
"""Which BLAS and which oneDNN kernels PyTorch runs here, before bench_train.sh
times it: a PyTorch on the reference BLAS (Debian's libblas3, the netlib loops)
is no anchor, so this exits 1 and names the fix.

    /usr/bin/python3 bench/torch_backends.py [threads=1]

Prints the BLAS whose sgemm_ PyTorch calls (Debian's python3-torch links
libblas.so.3, which the alternatives system points at OpenBLAS, BLIS or the
reference), OpenBLAS's core type where it is OpenBLAS,
and, from a short CNN training step run with ONEDNN_VERBOSE=1, each oneDNN
primitive kind with its implementations and how many reorders ran.
"""
import collections
import ctypes
import os
import re
import subprocess
import sys

PROBE = r"""
import sys, torch
from torch import nn
torch.set_num_threads(int(sys.argv[1]))
m = nn.Sequential(nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Conv2d(16, 36, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Flatten(), nn.Linear(36 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
x = torch.randn(128, 1, 28, 28)
m(x).sum().backward()  # one training step of bench/torch_train.py's CNN at batch 128
"""


class DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]


def loaded_blas():
    """(kind, path) of the library whose sgemm_ libtorch_cpu calls, after a matmul.

    libtorch_cpu links libblas.so.3 and (through OpenBLAS's liblapack) libopenblas.so.0
    too: which libraries are mapped does not say whose sgemm_ runs. dlsym on
    libtorch_cpu's handle resolves the symbol as its own references are (its
    dependencies in load order), and dladdr names the file that holds it.
    """
    import torch
    torch.randn(64, 64) @ torch.randn(64, 64)
    maps = [line.split()[-1] for line in open("/proc/self/maps") if len(line.split()) > 5]
    torch_cpu = next((p for p in maps if "libtorch_cpu.so" in p), None)
    if torch_cpu is None:
        return "unknown", "(libtorch_cpu not mapped)"
    sgemm = getattr(ctypes.CDLL(torch_cpu), "sgemm_", None)
    if sgemm is None:
        return "unknown", "(no sgemm_ reachable from libtorch_cpu)"
    info = DlInfo()
    if not ctypes.CDLL(None).dladdr(ctypes.cast(sgemm, ctypes.c_void_p), ctypes.byref(info)):
        return "unknown", "(dladdr failed)"
    real = os.path.realpath(info.dli_fname.decode())
    for kind, pattern in (("OpenBLAS", "openblas"), ("BLIS", "blis"), ("MKL", "mkl"), ("reference", "/blas/")):
        if pattern in real:
            return kind, real
    return "unknown", real


def openblas_core(path):
    try:
        lib = ctypes.CDLL(path)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return "?"


def onednn_summary(threads):
    env = dict(os.environ, ONEDNN_VERBOSE="1", DNNL_VERBOSE="1")
    out = subprocess.run([sys.executable, "-c", PROBE, str(threads)], env=env, capture_output=True, text=True,
                         check=True).stdout
    kinds = collections.Counter()
    info = []
    for line in out.splitlines():
        fields = line.split(",")
        if len(fields) > 3 and fields[1] == "info" and fields[2] == "cpu":
            info.append(",".join(fields[3:]))
        if len(fields) > 5 and fields[1] == "exec":
            prop = fields[5] if fields[3] != "reorder" else ""
            kinds[(fields[3], fields[4], prop)] += 1
    return info, kinds


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    import torch
    config = torch.__config__.show()
    blas_info = re.search(r"BLAS_INFO=([^,\s]+)", config)
    kind, path = loaded_blas()
    core = f", core {openblas_core(path)} (OPENBLAS_CORETYPE {os.environ.get('OPENBLAS_CORETYPE', 'unset')})" \
        if kind == "OpenBLAS" else ""
    print(f"torch {torch.__version__}: BLAS_INFO={blas_info.group(1) if blas_info else '?'}; "
          f"BLAS loaded: {kind} ({path}){core}")
    if kind == "reference":
        print("torch_backends: PyTorch would run on the reference BLAS (the netlib loops, "
              "neither blocked nor vectorised): not a fair anchor. Install libopenblas0-pthread (scripts/install_deps.sh --bench) or point "
              "libblas.so.3 at it: update-alternatives --config libblas.so.3-x86_64-linux-gnu", file=sys.stderr)
        return 1
    info, kinds = onednn_summary(threads)
    print(f"oneDNN ({'; '.join(info) or 'no verbose output: oneDNN not used'}), "
          f"one CNN training step at batch 128 on {threads} thread(s):")
    reorders = sum(n for (name, _, _), n in kinds.items() if name == "reorder")
    for (name, impl, prop), n in sorted(kinds.items()):
        if name != "reorder":
            print(f"  {name:12} {prop:17} {impl:18} x{n}")
    print(f"  reorders: {reorders} ({', '.join(sorted({impl for (name, impl, _) in kinds if name == 'reorder'}))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
