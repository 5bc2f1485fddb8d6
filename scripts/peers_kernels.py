#!/usr/bin/env python3
"""Per-layer peers beside `sparsejit bench`, on the BERT shape set.

Run by hand, not in CI, under the benchmark lock:

    flock /tmp/sparsejit-bench.lock python3 scripts/peers_kernels.py          # BERT shapes, N=128
    flock /tmp/sparsejit-bench.lock python3 scripts/peers_kernels.py --n 128 512 --repeats 3
    python3 scripts/peers_kernels.py --quick                                  # 768x768 only

It needs numpy and torch (`pip install torch numpy`) and the release binary
(`cargo build --release`). Every engine runs one thread. Per problem (M×K
weight, N tokens, sparsity, RxC blocks, default 4x1) it times, as a user
would call them:

- sparsejit, through `sparsejit bench --json --dtype int8` (one run: the
  INT8 JIT with its quantize-and-pack, the fp32 JIT, the generic kernel and
  the `gemm` crate's dense GEMM, interleaved) on its own deterministic
  weights of that shape, sparsity and block;
- PyTorch dense fp32 `F.linear` (its MKL/oneDNN GEMM), numpy `x @ w.T`
  (OpenBLAS; `OPENBLAS_CORETYPE` is unset so it picks its best kernel),
  PyTorch CSR `torch.sparse.mm`, and PyTorch's dynamic INT8 Linear
  (`torch.ao.nn.quantized.dynamic.Linear`, fbgemm), on weights of the same
  shape, sparsity and block structure, timed in interleaved rounds.

The two groups run in alternation, --repeats times per problem (sparsejit,
PyTorch, sparsejit, PyTorch, ...), and each figure is the median of its
per-repeat medians, so drift on a shared machine hits both about alike;
still, compare the ratios, and rerun when the machine is noisy. The table
goes in docs/benchmarks.md with the machine's name.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings

# PyTorch's beta (CSR) and deprecation (torch.ao) notices say nothing about speed.
warnings.filterwarnings("ignore", category=UserWarning)
warnings.filterwarnings("ignore", category=DeprecationWarning)

# numpy's OpenBLAS reads these when it loads.
os.environ.pop("OPENBLAS_CORETYPE", None)
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import torch  # noqa: E402

BERT_SHAPES = ["768x768", "3072x768", "768x3072"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPARSEJIT = os.path.join(ROOT, "target", "release", "sparsejit")


def block_sparse(m, k, sparsity, rng, block):
    """A weight whose `sparsity` fraction of r×c blocks are zero."""
    r, c = block
    w = rng.standard_normal((m, k)).astype(np.float32)
    keep = rng.random((-(-m // r), -(-k // c))) >= sparsity
    mask = np.kron(keep, np.ones((r, c), dtype=bool))[:m, :k]
    return (w * mask).astype(np.float32)


def interleaved(fns, budget_s):
    """Median seconds of each function, run in rounds (one call each)."""
    for f in fns.values():
        f()
    times = {name: [] for name in fns}
    start = time.perf_counter()
    rounds = 0
    while rounds < 5 or time.perf_counter() - start < budget_s * len(fns):
        for name, f in fns.items():
            t = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t)
        rounds += 1
        if rounds >= 2000:
            break
    return {name: statistics.median(v) for name, v in times.items()}


def torch_problem(m, k, n, sparsity, block):
    """The peers' callables on one weight, and the weight's true sparsity."""
    rng = np.random.default_rng(m * 7 + k + n)
    w = block_sparse(m, k, sparsity, rng, block)
    x = rng.standard_normal((n, k)).astype(np.float32)
    tw, tx = torch.from_numpy(w), torch.from_numpy(x)
    csr = tw.to_sparse_csr()
    lin = torch.nn.Linear(k, m, bias=False)
    with torch.no_grad():
        lin.weight.copy_(tw)
    q = torch.ao.quantization.quantize_dynamic(
        torch.nn.Sequential(lin), {torch.nn.Linear}, dtype=torch.qint8
    )
    txt = tx.t().contiguous()
    # Each peer must compute W·X (up to rounding); INT8 loosely.
    ref = x @ w.T
    with torch.inference_mode():
        for name, got, tol in [
            ("torch_dense", torch.nn.functional.linear(tx, tw).numpy(), 1e-3),
            ("torch_csr", torch.sparse.mm(csr, txt).t().numpy(), 1e-3),
            ("fbgemm_int8", q(tx).numpy(), 0.1),
        ]:
            err = np.abs(got - ref).max() / max(np.abs(ref).max(), 1e-30)
            if err > tol:
                sys.exit(f"{name} disagrees with numpy on {m}x{k}x{n}: relative error {err:.3g}")
    fns = {
        "torch_dense": lambda: torch.nn.functional.linear(tx, tw),
        "numpy": lambda: x @ w.T,
        "torch_csr": lambda: torch.sparse.mm(csr, txt),
        "fbgemm_int8": lambda: q(tx),
    }
    return fns, float((w == 0).mean())


def torch_times(fns, budget_s):
    with torch.inference_mode():
        return interleaved(fns, budget_s)


def sparsejit_rows(m, k, n, sparsity, block, budget_ms):
    out = subprocess.run(
        [SPARSEJIT, "bench", "--shape", f"{m}x{k}x{n}", "--sparsity", str(sparsity),
         "--block", block, "--dtype", "int8", "--threads", "1",
         "--budget-ms", str(budget_ms), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return {r["kernel"]: r for r in json.loads(out)}


def machine():
    name = platform.processor() or platform.machine()
    flags = set()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name") and name == (platform.processor() or platform.machine()):
                name = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    keep = [f for f in ("avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni") if f in flags]
    info = subprocess.run([SPARSEJIT, "info"], capture_output=True, text=True).stdout
    isa = next((l.strip() for l in info.splitlines() if l.startswith("ISA chosen")), "")
    peak = next((l.strip() for l in info.splitlines() if "peak" in l.lower()), "")
    return (f"{name} ({' '.join(keep)}); sparsejit {isa}; {peak}\n"
            f"torch {torch.__version__} (MKL {torch.backends.mkl.is_available()}, "
            f"quantized engine {torch.backends.quantized.engine}), numpy {np.__version__}")


def main():
    ap = argparse.ArgumentParser(
        description=" ".join(__doc__.split("\n\n")[0].split()),
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="768x768 only")
    ap.add_argument("--shapes", nargs="+", default=BERT_SHAPES, metavar="MxK",
                    help="weight shapes (default: the BERT set 768x768 3072x768 768x3072)")
    ap.add_argument("--n", type=int, nargs="+", default=[128], help="tokens (default 128)")
    ap.add_argument("--sparsity", type=float, nargs="+", default=[0.7, 0.9],
                    help="block sparsities (default 0.7 0.9)")
    ap.add_argument("--block", default="4x1", help="block shape RxC (default 4x1)")
    ap.add_argument("--budget-ms", type=int, default=200,
                    help="time per kernel per repeat (default 200)")
    ap.add_argument("--repeats", type=int, default=3,
                    help="alternations of sparsejit and the peers per problem (default 3)")
    ap.add_argument("--json", help="also write the raw figures to this file")
    args = ap.parse_args()
    if not os.path.exists(SPARSEJIT):
        sys.exit(f"{SPARSEJIT} is missing: run `cargo build --release` first")
    torch.set_num_threads(1)
    r, c = (int(v) for v in args.block.lower().split("x"))
    shapes = [tuple(int(v) for v in s.lower().split("x")) for s in
              (args.shapes[:1] if args.quick else args.shapes)]
    print(f"machine: {machine()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; command: {' '.join(sys.argv)}")
    print(f"one thread, {args.block} blocks; ms per call (median of {args.repeats} repeats' medians); "
          "ratios are the peer's time over the sparsejit row named; best dense = the fastest of "
          "gemm dense, torch dense and numpy\n")
    head = ("| M×K×N | sparsity | sj fp32 JIT | % peak | sj int8 JIT | sj generic | gemm dense | "
            "torch dense | numpy | torch CSR | fbgemm int8 | best dense / fp32 JIT | "
            "torch CSR / fp32 JIT | fbgemm / int8 JIT | best dense / int8 JIT |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    raw = []
    for (m, k) in shapes:
        for n in args.n:
            for s in args.sparsity:
                fns, true_s = torch_problem(m, k, n, s, (r, c))
                sj_runs, pt_runs = [], []
                for _ in range(args.repeats):
                    sj_runs.append(sparsejit_rows(m, k, n, s, args.block, args.budget_ms))
                    pt_runs.append(torch_times(fns, args.budget_ms / 1e3))
                med_sj = lambda kern, key="median_ms": statistics.median(  # noqa: E731
                    run[kern][key] for run in sj_runs)
                med_pt = lambda name: statistics.median(run[name] for run in pt_runs) * 1e3  # noqa: E731
                i8, f32 = med_sj("jit"), med_sj("jit-f32")
                peak = [run["jit-f32"]["peak_fraction"] for run in sj_runs]
                peak = statistics.median(peak) if None not in peak else None
                td, npy, csr, fb = (med_pt(x) for x in ("torch_dense", "numpy", "torch_csr",
                                                          "fbgemm_int8"))
                gd = med_sj("dense")
                best = min(gd, td, npy)
                row = dict(shape=f"{m}x{k}x{n}", sparsity=s, weight_sparsity=true_s,
                           sj_int8=i8, sj_f32=f32, sj_f32_peak=peak, sj_generic=med_sj("generic"),
                           gemm_dense=gd, torch_dense=td, numpy=npy, torch_csr=csr,
                           fbgemm_int8=fb, sj_runs=sj_runs, torch_runs=pt_runs)
                raw.append(row)
                pk = f"{peak:.0%}" if peak is not None else "?"
                print(
                    f"| {m}x{k}x{n} | {s:.0%} | {f32:.3f} | {pk} | {i8:.3f} | {row['sj_generic']:.3f} | "
                    f"{gd:.3f} | {td:.3f} | {npy:.3f} | {csr:.3f} | {fb:.3f} | {best / f32:.2f}× | "
                    f"{csr / f32:.2f}× | {fb / i8:.2f}× | {best / i8:.2f}× |",
                    flush=True,
                )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=1)


if __name__ == "__main__":
    main()
