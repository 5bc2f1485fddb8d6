#!/usr/bin/env python3
"""Reference sentence embeddings for tests/embeddings.rs, from PyTorch.

Computes all-MiniLM-L6-v2 embeddings for a fixed set of sentences the way
sentence-transformers does (transformers' AutoModel, mean pooling over the
attention mask, L2 normalisation; max 256 tokens), twice:

  dense   the model as shipped;
  pruned  every encoder linear weight (the 36 q, k, v, attention output,
          intermediate and output matrices) one-shot pruned to 80% sparsity
          in 4x1 blocks with sparsejit's rule.

and writes them to tests/fixtures/minilm_embeddings.json.

Pruning: the rule of src/sparse/prune.rs (`prune_blocks`) is ported to
numpy below, operation for operation: block L2 norms summed in f64 in the
same order, NaN as +inf, a stable sort by (norm, block index), and
round-half-away-from-zero of blocks x sparsity blocks dropped. Being a port,
it could drift from the Rust code, so the fixture records each pruned
layer's mask as (count, sum, sum of squares of the zeroed block indices);
tests/embeddings.rs recomputes the mask with the Rust `prune_blocks` and
fails on any difference. (Calling the `sparsejit prune` binary was the other
option; the port keeps this script independent of a build, and the recorded
masks make the agreement a tested fact rather than an assumption.)

The model runs in float64, so the reference carries no fp32 rounding of
its own: the test's cosine measures sparsejit's error alone.

Run by hand (not in CI), from the project root, after
scripts/fetch_minilm.sh:

    python3 -m venv /tmp/ref-venv
    /tmp/ref-venv/bin/pip install torch transformers safetensors numpy
    /tmp/ref-venv/bin/python scripts/reference_embeddings.py [--model-dir .cache/minilm] [--out tests/fixtures/minilm_embeddings.json]

(CPU is enough: PyPI's torch wheel runs without a GPU, though pip also
downloads its CUDA libraries, a few GB. Produced with torch 2.15.0 and
transformers 5.24.0; the versions are recorded in the fixture.)
"""

import argparse
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

MAX_TOKENS = 256
SPARSITY = 0.8
BLOCK = (4, 1)

SENTENCES = [
    "A cat sits on the mat.",
    "The stock market fell sharply on Tuesday after the central bank raised rates.",
    "How do I reset my password?",
    "Photosynthesis converts light energy into chemical energy stored in glucose.",
    "I love this movie!",
    "Die Katze schläft auf dem Sofa, während draußen der Regen fällt.",
    "Rust's borrow checker prevents data races at compile time; C++ relies on discipline.",
    "",
    "ok",
    # Longer than 256 tokens: exercises truncation.
    " ".join(["The quick brown fox jumps over the lazy dog near the riverbank."] * 30),
]

LINEARS = [
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
]


def prune_blocks(w, block, sparsity):
    """sparsejit's prune_blocks (src/sparse/prune.rs) in numpy: zero the
    `sparsity` fraction of `block` tiles with the smallest L2 norm; ties keep
    the earlier block (row-major block order). Returns the pruned copy and
    the zeroed block indices."""
    m, k = w.shape
    r, c = block
    rbs, cbs = -(-m // r), -(-k // c)
    padded = np.zeros((rbs * r, cbs * c), dtype=np.float64)
    padded[:m, :k] = w.astype(np.float64)
    sq = (padded * padded).reshape(rbs, r, cbs, c)
    # Same order as the Rust iterator: rows of the tile, then columns. The
    # squares of f32 values are exact in f64; padding adds exact zeros.
    norms = np.zeros((rbs, cbs), dtype=np.float64)
    for i in range(r):
        for j in range(c):
            norms = norms + sq[:, i, :, j]
    norms = norms.reshape(-1)
    norms[np.isnan(norms)] = np.inf
    n = rbs * cbs
    drop = int(Decimal(n * sparsity).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    order = np.lexsort((np.arange(n), norms))  # by norm, then block index
    dropped = np.sort(order[:drop])
    mask = np.ones(n, dtype=bool)
    mask[dropped] = False
    keep = np.repeat(np.repeat(mask.reshape(rbs, cbs), r, axis=0), c, axis=1)[:m, :k]
    return np.where(keep, w, np.float32(0)).astype(np.float32), dropped


def mask_digest(dropped):
    d = [int(i) for i in dropped]
    return {"count": len(d), "sum": sum(d), "sum_sq": sum(i * i for i in d)}


def embed(model, tokenizer, sentences):
    enc = tokenizer(
        sentences, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
    )
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    out = torch.nn.functional.normalize(mean, p=2, dim=1)
    return out.numpy(), enc["attention_mask"].sum(1).tolist()


def main():
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model-dir", default=root / ".cache/minilm", type=Path)
    ap.add_argument("--out", default=root / "tests/fixtures/minilm_embeddings.json", type=Path)
    args = ap.parse_args()

    tokenizer = AutoTokenizer.from_pretrained(args.model_dir)
    model = AutoModel.from_pretrained(args.model_dir, attn_implementation="eager")
    model = model.double().eval()
    layers = model.config.num_hidden_layers

    dense, tokens = embed(model, tokenizer, SENTENCES)

    masks = {}
    for l in range(layers):
        for name in LINEARS:
            full = f"encoder.layer.{l}.{name}"
            lin = model.get_submodule(full)
            w = lin.weight.detach().numpy().astype(np.float32)  # the file's f32 values
            pruned, dropped = prune_blocks(w, BLOCK, SPARSITY)
            masks[full] = mask_digest(dropped)
            lin.weight.data = torch.from_numpy(pruned.astype(np.float64))
    pruned, _ = embed(model, tokenizer, SENTENCES)

    rnd = lambda a: [float(f"{v:.9g}") for v in a]
    fixture = {
        "about": "all-MiniLM-L6-v2 sentence embeddings from PyTorch (float64), "
        "written by scripts/reference_embeddings.py; checked by tests/embeddings.rs",
        "torch": torch.__version__,
        "transformers": __import__("transformers").__version__,
        "max_tokens": MAX_TOKENS,
        "sentences": SENTENCES,
        "tokens": tokens,
        "dense": [rnd(e) for e in dense],
        "pruned": {
            "sparsity": SPARSITY,
            "block": f"{BLOCK[0]}x{BLOCK[1]}",
            "masks": masks,
            "embeddings": [rnd(e) for e in pruned],
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n")
    cos = [float(np.dot(a, b)) for a, b in zip(dense, pruned)]
    print(f"wrote {args.out}: {len(SENTENCES)} sentences, tokens {tokens}")
    print("cosine(dense, pruned 80% 4x1) per sentence:", " ".join(f"{c:.3f}" for c in cos))


if __name__ == "__main__":
    main()
