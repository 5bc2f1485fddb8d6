#!/usr/bin/env python3
"""Per-layer peers beside `sparsejit bench`, on the BERT shape set.

Run by hand, not in CI, on an idle machine:

    python3 scripts/peers_kernels.py            # all shapes (about 3 minutes)
    python3 scripts/peers_kernels.py --quick    # 768x768 only

It needs numpy and torch (`pip install torch numpy`) and the release binary
(`cargo build --release`). Every engine runs one thread. Per problem (M×K
weight, N tokens, sparsity, 1x4 blocks) it times, as a user would call them:

- sparsejit, through `sparsejit bench --json` (one run: the INT8 JIT with its
  quantize-and-pack, the fp32 JIT, the generic kernel and the `gemm` crate's
  dense GEMM, interleaved) on its own deterministic weights;
- PyTorch dense fp32 `F.linear` (MKL or its own GEMM), numpy `x @ w.T`
  (OpenBLAS; `OPENBLAS_CORETYPE` is unset so it picks its best kernel),
  PyTorch CSR `torch.sparse.mm`, and PyTorch's dynamic INT8 Linear
  (`torch.ao.nn.quantized.dynamic.Linear`, fbgemm), on weights of the same
  shape, sparsity and block structure, timed in interleaved rounds.

The times of the two groups come from one script run, but not from one
interleaved loop, so compare the ratios, and rerun when the machine is
noisy. The table goes in docs/benchmarks.md with the machine's name.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

# numpy's OpenBLAS reads these when it loads.
os.environ.pop("OPENBLAS_CORETYPE", None)
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import torch  # noqa: E402

SHAPES = [(768, 768), (3072, 768), (768, 3072), (256, 256), (1024, 256), (256, 1024)]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPARSEJIT = os.path.join(ROOT, "target", "release", "sparsejit")


def block_sparse(m, k, sparsity, rng, block=(1, 4)):
    """A weight whose `sparsity` fraction of r×c blocks are zero."""
    r, c = block
    w = rng.standard_normal((m, k)).astype(np.float32)
    keep = rng.random((m // r, k // c)) >= sparsity
    mask = np.kron(keep, np.ones((r, c), dtype=bool))
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


def torch_times(m, k, n, sparsity, budget_s):
    rng = np.random.default_rng(m * 7 + k + n)
    w = block_sparse(m, k, sparsity, rng)
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

    def csr_mm():
        return torch.sparse.mm(csr, txt)

    with torch.inference_mode():
        return interleaved(
            {
                "torch_dense": lambda: torch.nn.functional.linear(tx, tw),
                "numpy": lambda: x @ w.T,
                "torch_csr": csr_mm,
                "fbgemm_int8": lambda: q(tx),
            },
            budget_s,
        )


def sparsejit_rows(m, k, n, sparsity, budget_ms):
    out = subprocess.run(
        [SPARSEJIT, "bench", "--shape", f"{m}x{k}x{n}", "--sparsity", str(sparsity),
         "--block", "1x4", "--dtype", "int8", "--budget-ms", str(budget_ms), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return {r["kernel"]: r for r in json.loads(out)}


def machine():
    name = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = subprocess.run([SPARSEJIT, "info"], capture_output=True, text=True).stdout
    isa = next((l for l in info.splitlines() if l.startswith("ISA chosen")), "")
    return f"{name}; sparsejit {isa}; torch {torch.__version__}, numpy {np.__version__}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="768x768 only")
    ap.add_argument("--budget-ms", type=int, default=200, help="time per kernel")
    args = ap.parse_args()
    if not os.path.exists(SPARSEJIT):
        sys.exit(f"{SPARSEJIT} is missing: run `cargo build --release` first")
    torch.set_num_threads(1)
    shapes = SHAPES[:1] if args.quick else SHAPES
    print(f"machine: {machine()}")
    print("one thread, 1x4 blocks; ms per call (median); ratios are times over the sparsejit row named\n")
    head = ("| M×K×N | sparsity | sj int8 | sj fp32 | sj generic | gemm dense | torch dense | numpy | torch CSR | "
            "fbgemm int8 | int8 vs fp32 JIT | fp32 JIT vs best dense | int8 vs fbgemm | int8 vs best dense |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for (m, k) in shapes:
        for n in (128, 512):
            for s in (0.7, 0.9):
                sj = sparsejit_rows(m, k, n, s, args.budget_ms)
                pt = torch_times(m, k, n, s, args.budget_ms / 1e3)
                ms = lambda v: v * 1e3  # noqa: E731
                i8, f32 = sj["jit"]["median_ms"], sj["jit-f32"]["median_ms"]
                best_dense = min(sj["dense"]["median_ms"], ms(pt["torch_dense"]), ms(pt["numpy"]))
                print(
                    f"| {m}x{k}x{n} | {s:.0%} | {i8:.3f} | {f32:.3f} | {sj['generic']['median_ms']:.3f} | "
                    f"{sj['dense']['median_ms']:.3f} | {ms(pt['torch_dense']):.3f} | {ms(pt['numpy']):.3f} | "
                    f"{ms(pt['torch_csr']):.3f} | {ms(pt['fbgemm_int8']):.3f} | {f32 / i8:.2f}x | "
                    f"{best_dense / f32:.2f}x | {ms(pt['fbgemm_int8']) / i8:.2f}x | {best_dense / i8:.2f}x |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
