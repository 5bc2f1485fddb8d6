"""Shared helpers: block-sparse weights made with numpy (independently of
sparsejit's own pruning), the float64 reference, hand-made safetensors
files, and where the real model lives."""

import json
import math
import os
import struct
from pathlib import Path

import numpy as np
import pytest

# Compiles read the tuning file (`sparsejit tune`): the tests must see the
# templates' defaults, and `compile(tune=...)` must not write into the
# user's ~/.cache. Set before the first compile reads it.
os.environ["SPARSEJIT_TUNING_FILE"] = "off"

ROOT = Path(__file__).resolve().parents[2]
MINILM = Path(os.environ.get("SPARSEJIT_MINILM", ROOT / ".cache" / "minilm"))

BLOCKS = [f"{r}x{c}" for r in (1, 2, 4, 8, 16) for c in (1, 2, 4)]


def block_sparse(m, k, block="4x1", sparsity=0.9, seed=0):
    """A float32 [m, k] matrix whose r x c tiles are each zero with
    probability `sparsity`; kept tiles hold values in [-1, 1), never 0."""
    r, c = (int(v) for v in block.split("x"))
    rng = np.random.default_rng(seed)
    keep = rng.random((-(-m // r), -(-k // c))) >= sparsity
    mask = np.repeat(np.repeat(keep, r, axis=0), c, axis=1)[:m, :k]
    vals = rng.uniform(0.05, 1.0, (m, k)) * rng.choice([-1.0, 1.0], (m, k))
    return np.where(mask, vals, 0.0).astype(np.float32)


def _gelu(z):
    erf = np.vectorize(math.erf, otypes=[np.float64])
    return 0.5 * z * (1.0 + erf(z / math.sqrt(2.0)))


def reference(x, w, b=None, activation="none"):
    """act(x @ w.T + b) in float64, for x [..., K]."""
    with np.errstate(invalid="ignore", over="ignore"):
        z = np.asarray(x, np.float64) @ np.asarray(w, np.float64).T
        if b is not None:
            z = z + np.asarray(b, np.float64)
    if activation == "relu":
        # np.maximum keeps NaN, as the kernels' vmaxps with 0 first does.
        return np.maximum(z, 0.0)
    if activation == "gelu":
        return _gelu(z)
    return z


def assert_close(y, want, k):
    """float32 accumulation of up to k products of values below 1."""
    tol = 1e-5 * max(1.0, math.sqrt(k)) * 4
    np.testing.assert_allclose(y, want, rtol=tol, atol=tol)


def safetensors(header, data=b""):
    """A safetensors file: 8-byte little-endian header length, the JSON
    header (a dict, or text for malformed cases), the data section."""
    text = header if isinstance(header, str) else json.dumps(header)
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw + data


def linear_file(layers):
    """A safetensors file of float32 tensors: {name: array}."""
    header, chunks, offset = {}, [], 0
    for name, arr in layers.items():
        arr = np.ascontiguousarray(arr)
        dtype = {np.float32: "F32", np.float16: "F16"}[arr.dtype.type]
        raw = arr.tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    return safetensors(header, b"".join(chunks))


def cpu_flags():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture(scope="session")
def minilm_dir():
    """The all-MiniLM-L6-v2 folder; CI fetches it with scripts/fetch_minilm.sh."""
    needed = ["model.safetensors", "config.json", "tokenizer.json"]
    missing = [f for f in needed if not (MINILM / f).is_file()]
    if missing:
        pytest.fail(
            f"{MINILM} lacks {', '.join(missing)}: run scripts/fetch_minilm.sh "
            "(or set SPARSEJIT_MINILM to a folder that has them)"
        )
    return MINILM
