"""sparsejit.bench: the rows of `sparsejit bench --json`."""

import json
import subprocess

import numpy as np
import pytest

import sparsejit
from conftest import ROOT, block_sparse

# The fields the README documents for `bench --json`.
FIELDS = {
    "name", "kernel", "dtype", "kernel_name", "m", "k", "n", "sparsity", "block", "threads",
    "median_ms", "min_ms", "max_ms", "reps", "gflops_nnz", "gflops_dense_eq",
    "peak_fraction", "speedup_vs_dense", "speedup_vs_generic", "code_bytes_per_nnz",
    "compile_ms_per_mnnz", "chosen",
}


def test_bench_rows():
    w = block_sparse(128, 96, "4x1", 0.9, seed=1)
    rows = sparsejit.bench(w, n=32, budget_ms=5)
    assert [r["kernel"] for r in rows] == ["jit", "generic", "dense"]
    for r in rows:
        assert set(r) == FIELDS
        assert (r["name"], r["m"], r["k"], r["n"], r["block"], r["threads"]) == ("128x96x32", 128, 96, 32, "4x1", 1)
        assert r["reps"] >= 5 and 0 < r["min_ms"] <= r["median_ms"] <= r["max_ms"]
        assert r["sparsity"] == pytest.approx(1 - np.count_nonzero(w) / w.size)
    jit, generic, dense = rows
    assert jit["speedup_vs_dense"] == pytest.approx(dense["median_ms"] / jit["median_ms"])
    assert dense["speedup_vs_dense"] == 1.0 and generic["speedup_vs_generic"] == 1.0
    assert jit["kernel_name"].startswith("f32_bsr4x1_spmm_") and dense["kernel_name"] is None
    assert sum(r["chosen"] for r in rows) == 1
    more = sparsejit.bench(w, n=8, threads=2, budget_ms=1, block="2x1", dense_ref=True, name="w", isa="generic")
    assert [r["kernel"] for r in more] == ["generic", "dense", "dense-ref"]  # generic: no JIT row
    assert all(r["name"] == "w" and r["threads"] == 2 and r["block"] == "2x1" for r in more)


def test_same_fields_as_the_cli():
    binary = ROOT / "target" / "release" / "sparsejit"
    if not binary.exists():
        pytest.skip(f"{binary} is not built (CI builds it before pytest)")
    out = subprocess.run(
        [str(binary), "bench", "--shape", "64x64x16", "--budget-ms", "1", "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    cli = json.loads(out)
    ours = sparsejit.bench(block_sparse(64, 64, "4x1", 0.9), n=16, budget_ms=1)
    assert [r["kernel"] for r in cli] == [r["kernel"] for r in ours]
    for a, b in zip(cli, ours):
        assert set(a) == set(b) == FIELDS


def test_int8_bench_times_the_fp32_jit_beside_it():
    rows = sparsejit.bench(block_sparse(64, 64, "1x4", 0.8), n=16, budget_ms=1, block="1x4", dtype="int8")
    kinds = [(r["kernel"], r["dtype"]) for r in rows]
    assert kinds[:2] == [("jit", "int8"), ("jit-f32", "f32")], kinds
    assert rows[0]["kernel_name"].startswith("s8_bsr1x4_")
