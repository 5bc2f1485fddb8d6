#!/usr/bin/env python3
"""Whole-model speed from Python: all-MiniLM-L6-v2 in transformers, plain
PyTorch against sparsejit.torch.sparsify, on the same pruned weights.

For each sparsity, every nn.Linear weight (the 36 encoder matrices and the
pooler) is pruned once in 4x1 blocks (sparsejit.torch.prune); `plain` is
that model as PyTorch runs it, `sparsejit` a deep copy after sparsify (the
37 linear layers on JIT kernels, everything else still PyTorch). Inputs
are random token ids without padding, seq 128, batch 1 and 8, one thread
for both (torch.set_num_threads(1), threads=1). Passes alternate between
the two models so machine noise hits both alike; each figure is the median
ms per forward pass (model(**inputs) under torch.inference_mode()).

    flock /tmp/sparsejit-bench.lock python3 scripts/python_minilm_speed.py \\
        [--model-dir .cache/minilm] [--sparsity 0.7 0.9] [--batch 1 8] [--seconds 6] [--fuse]

Needs torch and transformers (pip install ./python torch transformers) and
the model (scripts/fetch_minilm.sh).
"""

import argparse
import copy
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import BertModel  # noqa: E402

import sparsejit.torch as sjt  # noqa: E402
from machine import cpu_name  # noqa: E402


def timed_pass(model, inputs):
    t0 = time.perf_counter()
    with torch.inference_mode():
        model(**inputs)
    return time.perf_counter() - t0


def main():
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model-dir", type=Path, default=root / ".cache/minilm")
    ap.add_argument("--sparsity", type=float, nargs="+", default=[0.7, 0.9])
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--block", default="4x1")
    ap.add_argument("--seconds", type=float, default=6.0, help="time per (sparsity, batch) cell")
    ap.add_argument("--fuse", action="store_true", help="also time sparsify(fuse_activations=True)")
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(0)
    base = BertModel.from_pretrained(args.model_dir).eval()
    print(
        f"machine: {cpu_name()}; torch {torch.__version__} ({torch.get_num_threads()} thread), "
        f"transformers {transformers.__version__}, attention {base.config._attn_implementation}"
    )
    print(f"all-MiniLM-L6-v2, seq {args.seq}, {args.block} blocks; ms per forward pass (median)")
    fused_head = f" {'fused ms':>9}" if args.fuse else ""
    print(f"{'sparsity':>8} {'batch':>5} {'passes':>6} {'plain ms':>9} {'sparsejit ms':>12} {'speedup':>8}{fused_head}  code")
    for sparsity in args.sparsity:
        plain = copy.deepcopy(base)
        sjt.prune(plain, sparsity, block=args.block)
        fast = copy.deepcopy(plain)
        t0 = time.perf_counter()
        report = sjt.sparsify(fast, block=args.block, threads=1)
        compile_s = time.perf_counter() - t0
        assert len(report.replaced) == 37 and not report.kept, str(report)
        models = {"plain": plain, "fast": fast}
        if args.fuse:
            models["fused"] = copy.deepcopy(plain)
            sjt.sparsify(models["fused"], block=args.block, threads=1, fuse_activations=True)
        for batch in args.batch:
            ids = torch.randint(1000, base.config.vocab_size, (batch, args.seq))
            inputs = {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
            for m in models.values():  # warm up (first calls allocate)
                timed_pass(m, inputs)
                timed_pass(m, inputs)
            times = {k: [] for k in models}
            deadline = time.perf_counter() + args.seconds
            while time.perf_counter() < deadline or len(times["plain"]) < 5:
                for k, m in models.items():
                    times[k].append(timed_pass(m, inputs))
            med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
            p, f = med["plain"], med["fast"]
            fused = f" {med['fused']:9.2f}" if args.fuse else ""
            print(
                f"{sparsity:8.0%} {batch:5} {len(times['plain']):6} {p:9.2f} {f:12.2f} {p / f:7.2f}x{fused}"
                f"  {report.code_bytes / 1e6:.1f} MB, sparsify {compile_s * 1e3:.0f} ms"
            )


if __name__ == "__main__":
    main()
