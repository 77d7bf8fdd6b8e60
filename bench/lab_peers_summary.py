#!/usr/bin/python3
"""The kernel lab's reports (tunet-bench kernels --json) on 1 and 2 threads, read
against the peer libraries: Markdown tables of GFLOP/s and ratios (> 1: tunet faster).

A one-thread row is read by its thread's CPU time (the time it waited for a core
on a loaded machine left out), a threaded row by the wall clock.

    /usr/bin/python3 bench/lab_peers_summary.py lab_t1.json lab_t2.json
"""
import json
import sys

MLP_SHAPES = ["128x100x784", "784x100x128", "128x784x100"]
GEMM_PEERS = ["eigen", "openblas", "blis", "onednn"]


def rows_of(report):
    return {(r["op"], r["variant"], r["size"]): r for r in report["results"] if r.get("device", "cpu") == "cpu"}


def seconds(row):
    """The row's time: its CPU time on one thread, else the wall clock."""
    return row["cpu_seconds"] if row["threads"] == 1 and row["cpu_seconds"] else row["seconds"]


def rate(rows, op, variant, size):
    r = rows.get((op, variant, size))
    return r["flops"] / seconds(r) * 1e-9 if r and r["skipped"] is None else None


def fmt(x):
    return "skipped" if x is None else f"{x:.1f}"


def gemm(reports):
    print("GEMM, GFLOP/s (core: the library's GEMM; ratio: core / the best peer)\n")
    print("| size | threads | core | " + " | ".join(GEMM_PEERS) + " | best peer | core / best |")
    print("|---|---|---|" + "---|" * len(GEMM_PEERS) + "---|---|")
    sizes = [s for s in dict.fromkeys(k[2] for k in rows_of(reports[0]) if k[0] == "gemm")]
    for size in sizes:
        for report in reports:
            rows, t = rows_of(report), report["machine"]["threads"]
            core = rate(rows, "gemm", "core", size)
            peers = {p: rate(rows, "gemm", p, size) for p in GEMM_PEERS}
            best = max((v, p) for p, v in peers.items() if v is not None) if any(peers.values()) else None
            ratio = f"{core / best[0]:.2f} ({best[1]})" if core and best else "-"
            print(f"| {size} | {t} | {fmt(core)} | " + " | ".join(fmt(peers[p]) for p in GEMM_PEERS) +
                  f" | {best[1] if best else '-'} | {ratio} |")
    one = reports[0]
    core = rate(rows_of(one), "gemm", "core", "1024x1024x1024")
    packed = rate(rows_of(one), "gemm", "packed", "1024x1024x1024")
    peak = one["ceilings"]["fma_gflops_1"]
    if core and peak:
        print(f"\ncore at 1024^3 on {one['machine']['threads']} thread: {core:.1f} GFLOP/s = "
              f"{100 * core / peak:.0f}% of the one-thread FMA peak ({peak:.1f}); packed {100 * packed / peak:.0f}%")


def conv(reports):
    for suffix, title in (("_fwd_bwd", "Convolution training step (forward + backward data + weights)"),
                          ("", "Convolution forward")):
        print(f"\n{title} (ratio: oneDNN's best time / tunet's best, > 1: tunet faster)\n")
        print("| layer | threads | tunet best | time | oneDNN best | time | ratio |")
        print("|---|---|---|---|---|---|---|")
        for size in dict.fromkeys(k[2] for k in rows_of(reports[0]) if k[0] == "conv"):
            for report in reports:
                rows = rows_of(report)
                pick = lambda prefix: min(((seconds(rows[k]), k[1]) for k in rows
                                           if k[0] == "conv" and k[2] == size and k[1].startswith(prefix)
                                           and k[1].endswith("_fwd_bwd") == bool(suffix)
                                           and rows[k]["skipped"] is None), default=None)
                mine, peer = pick("library_"), pick("onednn_")
                if not mine:
                    continue
                print(f"| {size.split()[0]} | {report['machine']['threads']} | {mine[1]} | {1e3 * mine[0]:.2f} ms | "
                      f"{peer[1] if peer else 'skipped'} | {f'{1e3 * peer[0]:.2f} ms' if peer else '-'} | "
                      f"{f'{peer[0] / mine[0]:.2f}' if peer else '-'} |")


def memory_bound(reports, op, ours):
    print(f"\n{op} (GB/s of the compulsory traffic; ratio: oneDNN's time / tunet's best)\n")
    print("| size | threads | " + " | ".join(ours) + " | onednn | ratio |")
    print("|---|---|" + "---|" * len(ours) + "---|---|")
    for size in dict.fromkeys(k[2] for k in rows_of(reports[0]) if k[0] == op):
        for report in reports:
            rows = rows_of(report)
            row = lambda v: rows[(op, v, size)]
            gbs = lambda v: row(v)["bytes"] / seconds(row(v)) * 1e-9 if row(v)["skipped"] is None else None
            times = [seconds(row(v)) for v in ours if row(v)["skipped"] is None]
            peer = row("onednn")
            ratio = f"{seconds(peer) / min(times):.2f}" if peer["skipped"] is None and times else "-"
            print(f"| {size} | {report['machine']['threads']} | " + " | ".join(fmt(gbs(v)) for v in ours) +
                  f" | {fmt(gbs('onednn'))} | {ratio} |")


def main():
    reports = [json.load(open(path)) for path in sys.argv[1:]]
    for name, what in reports[0]["machine"].get("peers", {}).items():
        print(f"- {name}: {what}")
    for report in reports:
        c = report["ceilings"]
        print(f"- {report['machine']['threads']} thread(s): FMA peak {c['fma_gflops_1']:.1f} / "
              f"{c['fma_gflops_all']:.1f} GFLOP/s (1 / all), copy {c['copy_gbs_1']:.1f} / {c['copy_gbs_all']:.1f} GB/s")
    print()
    gemm(reports)
    conv(reports)
    memory_bound(reports, "softmax", ["naive", "two_pass", "online"])
    memory_bound(reports, "adam", ["scalar", "vectorised", "fused"])


if __name__ == "__main__":
    main()
