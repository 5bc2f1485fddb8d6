#!/usr/bin/env python3
"""Python overhead per call of sparsejit.Linear, against the same layer
through the Rust API.

The layer: 768x768, 90% sparse in 4x1 blocks (sparsejit.prune of a seeded
random matrix), no bias, N = 128 tokens, one thread. Three ways to call
the same compiled kernel (the kernel cache hands every one the same code):

  rust     SparseLinear::forward in a Rust loop, timed by
           sparsejit::bench::bench_weights (what `sparsejit bench` runs):
           no Python between calls, the output buffer reused;
  call     y = layer(x) from Python: a new output array per call;
  out      layer.forward(x, out=y) from Python into one array;
  torch    sparsejit.torch.SparseLinear on a torch tensor (torch optional).

Each is a median of per-call times; the three run in interleaved rounds so
that drift on a shared machine hits them alike, and the overhead is the
median over rounds of (python - rust) / rust. A tiny layer (8x8, N = 1)
gives the fixed cost in microseconds.

Run it alone (on a shared machine, under the benchmark lock):

    flock /tmp/sparsejit-bench.lock python3 scripts/python_overhead.py [--rounds 15]

It needs the package installed (pip install ./python).
"""

import argparse
import platform
import statistics
import time
from machine import cpu_name

import numpy as np

import sparsejit


def per_call(fn, calls):
    """Median seconds per call over `calls` timed calls (after 3 warm-ups)."""
    for _ in range(3):
        fn()
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def rust_per_call(w, n, budget_ms):
    rows = sparsejit.bench(w, n=n, threads=1, budget_ms=budget_ms)
    jit = [r for r in rows if r["kernel"] == "jit"][0]
    return jit["median_ms"] / 1e3, jit["kernel_name"]


def measure(w, n, rounds, calls, budget_ms, with_torch):
    layer = sparsejit.Linear(w, threads=1, min_sparsity=0.0)
    x = np.random.default_rng(1).uniform(-1, 1, (n, w.shape[1])).astype(np.float32)
    y = np.empty((n, w.shape[0]), np.float32)
    ways = {
        "call": lambda: layer(x),
        "out": lambda: layer.forward(x, out=y),
    }
    if with_torch:
        import torch

        import sparsejit.torch as sjt

        module = sjt.SparseLinear(layer)
        xt = torch.from_numpy(x)

        def torch_call():
            with torch.inference_mode():
                module(xt)

        ways["torch"] = torch_call
    results = {k: [] for k in ["rust", *ways]}
    name = None
    for _ in range(rounds):
        t, name = rust_per_call(w, n, budget_ms)
        results["rust"].append(t)
        for k, fn in ways.items():
            results[k].append(per_call(fn, calls))
    return layer, name, results


def report(title, layer, name, results):
    rust = results["rust"]
    print(f"\n{title}: {layer.out_features}x{layer.in_features}, sparsity {layer.sparsity:.3f}, kernel {name}")
    print(f"{'way':<6} {'median us/call':>15} {'overhead vs rust':>17} {'overhead us':>12}")
    rust_med = statistics.median(rust)
    print(f"{'rust':<6} {rust_med * 1e6:15.1f} {'':>17} {'':>12}")
    for k, ts in results.items():
        if k == "rust":
            continue
        ratio = statistics.median((t - r) / r for t, r in zip(ts, rust))
        extra = statistics.median(t - r for t, r in zip(ts, rust))
        print(f"{k:<6} {statistics.median(ts) * 1e6:15.1f} {ratio * 100:16.2f}% {extra * 1e6:12.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--no-torch", action="store_true")
    args = ap.parse_args()
    try:
        import torch

        torch.set_num_threads(1)
        with_torch = not args.no_torch
    except ImportError:
        with_torch = False

    rng = np.random.default_rng(0)
    w = sparsejit.prune(rng.uniform(-1, 1, (768, 768)).astype(np.float32), 0.9, block="4x1")
    print(f"machine: {cpu_name()}; python {platform.python_version()}; numpy {np.__version__}")
    layer, name, res = measure(w, 128, args.rounds, calls=200, budget_ms=200, with_torch=with_torch)
    report("768x768, N = 128, one thread", layer, name, res)

    tiny = sparsejit.prune(rng.uniform(-1, 1, (8, 8)).astype(np.float32), 0.5, block="4x1")
    layer, name, res = measure(tiny, 1, args.rounds, calls=2000, budget_ms=50, with_torch=with_torch)
    report("fixed cost: 8x8, N = 1", layer, name, res)


if __name__ == "__main__":
    main()
