#!/usr/bin/env python3
"""End-to-end peers of sparsejit on all-MiniLM-L6-v2: PyTorch, ONNX Runtime,
DeepSparse and `sparsejit bench-model`, on the same pruned weights.

Run by hand, not in CI, under the benchmark lock, on a machine as idle as
you can get:

    flock /tmp/sparsejit-bench.lock /tmp/sj-venv/bin/python scripts/peers_minilm.py
    flock /tmp/sparsejit-bench.lock /tmp/sj-venv/bin/python scripts/peers_minilm.py \\
        --sparsity 0.9 --batch 1 --rounds 3            # one quick cell

What it does, for every sparsity S (default 0, 0.7 and 0.9) and batch B
(default 1 and 8), seq 128, fp32, one thread:

1. Prunes: `sparsejit prune model.safetensors --sparsity S --block 4x1`
   writes <work-dir>/minilm-4x1-pSS/ (config.json and tokenizer.json
   copied beside it), so that every engine runs the very same weights. S = 0
   is the dense model as it is.
2. Exports that model to ONNX for the shape (B, seq): the encoder, then the
   masked mean pooling and L2 normalisation of sentence-transformers, inputs
   input_ids, attention_mask and token_type_ids (int64), output the [B, 384]
   embedding; `torch.onnx.export(..., dynamo=False)`, opset 14, one file per
   (B, seq) because DeepSparse rewrites the input shapes of the file it is
   given. ONNX Runtime runs the same file.
3. Times, as a pass from token ids in to the pooled embedding out:
   - PyTorch eager: the same module (transformers' BertModel, its default
     attention kernel) under torch.inference_mode(), torch.set_num_threads(1);
   - ONNX Runtime: intra_op_num_threads=1, inter_op_num_threads=1, the
     default (full) graph optimisation, CPU provider;
   - DeepSparse: `deepsparse.compile_model(onnx, batch_size=B, num_cores=1)`,
     in a worker process running the DeepSparse venv's python (--ds-python;
     it needs a venv of its own: `pip install deepsparse==1.8.0 "numpy<2"`);
   - sparsejit: `sparsejit bench-model <dense model> --prune S --block 4x1
     --seq 128 --batch B --threads 1 --json --kernels jit,dense`, which
     prunes the dense model itself with the same one-shot block pruning as
     `sparsejit prune` (src/bert/mod.rs calls sparse::prune::prune_blocks on
     each weight, as src/cli/prune.rs does), and times its JIT kernels and,
     interleaved with them, its dense GEMM on the same weights.
   The engines run in interleaved rounds (torch, ORT, DeepSparse, sparsejit,
   torch, ...), each for about --round-seconds per round, so drift on a
   shared machine hits all of them alike. Every figure is the median over
   rounds of each round's median ms per pass. The token ids are random, no
   padding, from the same SplitMix64 stream (seed 7) as bench-model's, so
   all four engines run the same input.
4. Checks that the engines agree: the cosine of each engine's embedding
   against PyTorch's, on the timing batch (the Python engines) and on a
   few sentences padded to seq (all engines; sparsejit through `sparsejit
   embed --json`, on the pruned file and on the dense model with --prune,
   which must give the same embeddings).

Prints the machine, one table per (S, B), and a summary table to paste into
docs/benchmarks.md. Needs /tmp/sj-venv-like python with torch, transformers,
onnx and onnxruntime, and the release binary (`cargo build --release`).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from machine import cpu_name

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = 384
VOCAB = 30522

# A few sentences for the agreement check: none is near 128 tokens.
TEXTS = [
    "A man is playing a guitar on the street.",
    "The quick brown fox jumps over the lazy dog.",
    "Sparse neural networks can run much faster on CPUs when the zeros are skipped.",
    "What is the capital city of Australia?",
    "I left my umbrella at the office, so I got soaked on the way home.",
    "Compilers turn source code into machine code.",
    "She sells sea shells by the sea shore, and the shells she sells are surely sea shells.",
    "Two dogs are running through a field of tall grass.",
]


# --------------------------------------------------------------------------
# Shared helpers (the DeepSparse worker imports nothing but numpy).
# --------------------------------------------------------------------------

def splitmix_ids(batch, seq, vocab=VOCAB, seed=7):
    """The token ids of `Batch::synthetic(batch, seq, vocab, seed)`."""
    mask = (1 << 64) - 1
    state = seed
    out = []
    for _ in range(batch * seq):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        out.append(z % vocab)
    return out


def timed_round(fn, seconds, min_passes=2):
    """ms per call of `fn`, for about `seconds` (at least `min_passes` calls)."""
    times = []
    start = time.perf_counter()
    while len(times) < min_passes or time.perf_counter() - start < seconds:
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return times


def cosines(a, b):
    import numpy as np

    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return (a * b).sum(-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1))


# --------------------------------------------------------------------------
# The DeepSparse worker: runs in the DeepSparse venv, talks JSON lines.
# --------------------------------------------------------------------------

def deepsparse_worker(onnx_path, batch, inputs_npz):
    # Keep fd 1 for the protocol; whatever DeepSparse prints goes to stderr.
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def say(obj):
        proto.write(json.dumps(obj) + "\n")
        proto.flush()

    try:
        import numpy as np
        import deepsparse

        t = time.perf_counter()
        engine = deepsparse.compile_model(onnx_path, batch_size=batch, num_cores=1)
        compile_s = time.perf_counter() - t
        d = np.load(inputs_npz)
        timing = [d["ids"], d["mask"], d["tt"]]
        out = engine(timing)[0]
        say({"ready": True, "compile_s": compile_s, "version": deepsparse.__version__,
             "engine": str(engine).replace("\n", " ")[:300], "out": out.tolist()})
    except Exception as e:  # noqa: BLE001 - reported to the parent as is
        say({"ready": False, "error": f"{type(e).__name__}: {e}"})
        return
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "time":
            say({"times": timed_round(lambda: engine(timing), cmd["seconds"])})
        elif cmd["op"] == "run":
            d = np.load(cmd["npz"])
            outs = []
            for i in range(0, d["ids"].shape[0], batch):
                outs.append(engine([d["ids"][i:i + batch], d["mask"][i:i + batch],
                                    d["tt"][i:i + batch]])[0])
            say({"out": np.concatenate(outs).tolist()})
        else:
            say({"bye": True})
            return


class DeepSparse:
    """The parent's side of the worker."""

    def __init__(self, python, onnx_path, batch, inputs_npz, log):
        env = dict(os.environ, NM_DISABLE_ANALYTICS="1", OMP_NUM_THREADS="1")
        self.log = open(log, "w")
        self.p = subprocess.Popen(
            [python, str(Path(__file__).resolve()), "--worker", "deepsparse",
             "--worker-onnx", str(onnx_path), "--worker-batch", str(batch),
             "--worker-inputs", str(inputs_npz)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, env=env)
        self.hello = self._read()
        if not self.hello.get("ready"):
            self.close()
            raise RuntimeError(self.hello.get("error", "the worker did not start"))

    def _read(self):
        line = self.p.stdout.readline()
        if not line:
            self.log.flush()
            tail = Path(self.log.name).read_text()[-800:]
            return {"ready": False, "error": f"worker exited (rc {self.p.poll()}): {tail.strip()}"}
        return json.loads(line)

    def _ask(self, obj):
        self.p.stdin.write(json.dumps(obj) + "\n")
        self.p.stdin.flush()
        r = self._read()
        if "error" in r:
            raise RuntimeError(r["error"])
        return r

    def time(self, seconds):
        return self._ask({"op": "time", "seconds": seconds})["times"]

    def run(self, npz):
        return self._ask({"op": "run", "npz": str(npz)})["out"]

    def close(self):
        try:
            if self.p.poll() is None:
                self.p.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.p.stdin.flush()
                self.p.wait(timeout=30)
        except Exception:  # noqa: BLE001
            self.p.kill()
        self.log.close()


# --------------------------------------------------------------------------
# The parent: prune, export, time, check, print.
# --------------------------------------------------------------------------

def cpu_flags():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                keep = ["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni",
                        "avx_vnni", "avx512_bf16", "amx_tile"]
                return " ".join(f for f in keep if f in flags) or "none of avx2/avx512"
    except OSError:
        pass
    return "?"


def tag(s):
    return f"p{round(s * 100):02d}"


def prune_model(sj, model_dir, work, s, block):
    """The model dir every engine runs at sparsity `s` (the dense one at 0)."""
    if s == 0:
        return model_dir
    out = work / f"minilm-{block}-{tag(s)}"
    out.mkdir(parents=True, exist_ok=True)
    for f in ("config.json", "tokenizer.json"):
        shutil.copy(model_dir / f, out / f)
    r = subprocess.run([str(sj), "prune", str(model_dir / "model.safetensors"),
                        str(out / "model.safetensors"), "--sparsity", str(s), "--block", block],
                       check=True, capture_output=True, text=True)
    print(f"  {r.stdout.strip().splitlines()[-1]}")
    return out


def load_torch(model_dir, attn=None):
    import torch
    from transformers import BertModel

    kw = {"add_pooling_layer": False}
    if attn:
        kw["attn_implementation"] = attn
    bert = BertModel.from_pretrained(str(model_dir), **kw).eval()

    class Pooled(torch.nn.Module):
        """BertModel, then sentence-transformers' masked mean pooling and L2 norm."""

        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state
            w = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * w).sum(1) / w.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    return Pooled(bert).eval()


def linear_sparsity(pooled):
    """Zero fraction over the encoder's 2-D linear weights, as PyTorch sees them."""
    import torch

    zeros = total = 0
    for name, p in pooled.named_parameters():
        if p.dim() == 2 and "embeddings" not in name:
            zeros += int((p == 0).sum())
            total += p.numel()
    return zeros / max(total, 1)


def export_onnx(model_dir, path, batch, seq):
    import torch
    import warnings

    m = load_torch(model_dir, attn="eager")
    ids = torch.zeros((batch, seq), dtype=torch.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            m, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"], opset_version=14, dynamo=False,
            do_constant_folding=True)


def tokenize(model_dir, texts, seq):
    import numpy as np
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(seq)
    ids = np.zeros((len(texts), seq), dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, e in enumerate(tok.encode_batch(texts)):
        ids[i, :len(e.ids)] = e.ids
        mask[i, :len(e.ids)] = 1
    return {"ids": ids, "mask": mask, "tt": np.zeros_like(ids)}


def sj_embed(sj, model_dir, texts, prune=None):
    cmd = [str(sj), "embed", str(model_dir), *texts, "--json", "--threads", "1", "--block", "4x1"]
    if prune is not None:
        cmd += ["--prune", str(prune)]
    r = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return [row["embedding"] for row in json.loads(r.stdout)]


def sj_bench_model(sj, dense_dir, s, batch, seq, budget_ms):
    cmd = [str(sj), "bench-model", str(dense_dir), "--prune", str(s), "--block", "4x1",
           "--seq", str(seq), "--batch", str(batch), "--threads", "1", "--json",
           "--kernels", "jit,dense", "--budget-ms", str(budget_ms)]
    r = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(r.stdout)


def fmt_ms(v):
    return "—" if v is None else (f"{v:.1f}" if v >= 100 else f"{v:.2f}")


def run_cell(args, sj, dense_dir, model_dir, s, batch, work):
    """Times every engine at sparsity s and batch `batch`; returns the result."""
    import numpy as np
    import onnxruntime as ort
    import torch

    seq = args.seq
    res = {"sparsity": s, "batch": batch, "engines": {}, "errors": {}, "checks": {}}
    ids = np.array(splitmix_ids(batch, seq), dtype=np.int64).reshape(batch, seq)
    timing = {"ids": ids, "mask": np.ones_like(ids), "tt": np.zeros_like(ids)}
    npz = work / f"inputs-b{batch}-s{seq}.npz"
    np.savez(npz, **timing)
    texts = tokenize(dense_dir, TEXTS, seq)
    texts_npz = work / f"texts-s{seq}.npz"
    np.savez(texts_npz, **texts)

    onnx_path = work / f"minilm-4x1-{tag(s)}-b{batch}-s{seq}.onnx"
    if not (args.reuse and onnx_path.exists()):
        t = time.perf_counter()
        export_onnx(model_dir, onnx_path, batch, seq)
        print(f"  exported {onnx_path.name} in {time.perf_counter() - t:.1f} s")

    engines = [e for e in args.engines]
    runners, outs = {}, {}
    th = {k: torch.from_numpy(v) for k, v in timing.items()}
    if "torch" in engines:
        m = load_torch(model_dir)
        res["torch_attn"] = m.bert.config._attn_implementation
        res["torch_sparsity"] = linear_sparsity(m)

        def torch_pass(m=m):
            with torch.inference_mode():
                return m(th["ids"], th["mask"], th["tt"])

        outs["torch"] = torch_pass().numpy()
        runners["torch"] = lambda f=torch_pass: timed_round(f, args.round_seconds)
        with torch.inference_mode():
            tt = {k: torch.from_numpy(v) for k, v in texts.items()}
            outs["torch/texts"] = np.concatenate([
                m(tt["ids"][i:i + batch], tt["mask"][i:i + batch], tt["tt"][i:i + batch]).numpy()
                for i in range(0, len(TEXTS), batch)])
    if "ort" in engines:
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        sess = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
        feed = {"input_ids": ids, "attention_mask": timing["mask"], "token_type_ids": timing["tt"]}

        def ort_pass(sess=sess, feed=feed):
            return sess.run(None, feed)[0]

        outs["ort"] = ort_pass()
        runners["ort"] = lambda f=ort_pass: timed_round(f, args.round_seconds)
        outs["ort/texts"] = np.concatenate([
            sess.run(None, {"input_ids": texts["ids"][i:i + batch],
                            "attention_mask": texts["mask"][i:i + batch],
                            "token_type_ids": texts["tt"][i:i + batch]})[0]
            for i in range(0, len(TEXTS), batch)])
    ds = None
    if "deepsparse" in engines:
        try:
            t = time.perf_counter()
            ds = DeepSparse(args.ds_python, onnx_path, batch, npz,
                            work / f"deepsparse-{tag(s)}-b{batch}.log")
            res["deepsparse_compile_s"] = ds.hello["compile_s"]
            res["deepsparse_version"] = ds.hello["version"]
            print(f"  DeepSparse {ds.hello['version']} compiled in "
                  f"{time.perf_counter() - t:.1f} s")
            outs["deepsparse"] = np.array(ds.hello["out"])
            runners["deepsparse"] = lambda ds=ds: ds.time(args.round_seconds)
            outs["deepsparse/texts"] = np.array(ds.run(texts_npz))
        except Exception as e:  # noqa: BLE001 - the table says why
            res["errors"]["deepsparse"] = str(e)
            print(f"  DeepSparse failed: {e}")
            ds = None
    sj_rounds = []
    if "sparsejit" in engines:
        budget = int(args.round_seconds * 2e3)
        runners["sparsejit"] = lambda: sj_rounds.append(
            sj_bench_model(sj, dense_dir, s, batch, seq, budget))
        # The check: embeddings of the texts, from the pruned file and from
        # the dense model pruned by sparsejit itself.
        outs["sparsejit/texts"] = np.array(sj_embed(sj, model_dir, TEXTS))
        if s > 0:
            self_pruned = np.array(sj_embed(sj, dense_dir, TEXTS, prune=s))
            res["checks"]["sparsejit embed --prune vs pruned file, max |diff|"] = float(
                np.abs(self_pruned - outs["sparsejit/texts"]).max())

    # Interleaved rounds.
    per_round = {name: [] for name in runners}
    for r in range(args.rounds):
        for name, run in runners.items():
            if name == "sparsejit":
                run()
                continue
            try:
                per_round[name].append(statistics.median(run()))
            except Exception as e:  # noqa: BLE001
                res["errors"][name] = str(e)
        print(f"  round {r + 1}/{args.rounds}: " + ", ".join(
            f"{n} {v[-1]:.2f}" for n, v in per_round.items() if v) +
            (f", sparsejit {sj_rounds[-1]['kernels'][0]['median_ms']:.2f}" if sj_rounds else ""),
            flush=True)
    if ds:
        ds.close()

    for name, v in per_round.items():
        if v and name not in res["errors"]:
            res["engines"][name] = {"ms": statistics.median(v), "rounds": v}
    if sj_rounds:
        for kernel in ("jit", "dense"):
            rows = [next(k for k in j["kernels"] if k["kernel"] == kernel) for j in sj_rounds]
            med = lambda key: statistics.median(r[key] for r in rows)  # noqa: E731
            res["engines"][f"sparsejit-{kernel}"] = {
                "ms": med("median_ms"), "rounds": [r["median_ms"] for r in rows],
                "linear": med("linear_ms"), "attention": med("attention_ms"),
                "other": med("other_ms"), "passes": sum(r["passes"] for r in rows)}
        res["sparsejit_sparsity"] = sj_rounds[0]["sparsity"]
        res["sparsejit_code_mb"] = sj_rounds[0]["code_bytes"] / 1e6
        res["sparsejit_compile_ms"] = statistics.median(j["compile_ms"] for j in sj_rounds)

    # Agreement.
    ref = outs.get("torch")
    for name in ("ort", "deepsparse"):
        if ref is not None and name in outs:
            res["checks"][f"{name} vs torch, timing batch: min cosine"] = float(
                cosines(outs[name], ref).min())
    ref = outs.get("torch/texts")
    for name in ("ort", "deepsparse", "sparsejit"):
        if ref is not None and f"{name}/texts" in outs:
            res["checks"][f"{name} vs torch, {len(TEXTS)} sentences: min cosine"] = float(
                cosines(outs[f"{name}/texts"], ref).min())
    return res


NAMES = {
    "torch": "PyTorch eager",
    "ort": "ONNX Runtime",
    "deepsparse": "DeepSparse",
    "sparsejit-jit": "sparsejit JIT (bench-model)",
    "sparsejit-dense": "sparsejit dense GEMM (bench-model)",
}


def base_key(res):
    """What the others are compared with: sparsejit's JIT, or on the dense
    model its dense GEMM (the JIT gains nothing on dense weights)."""
    return "sparsejit-dense" if res["sparsity"] == 0 else "sparsejit-jit"


def print_cell(res):
    s, b = res["sparsity"], res["batch"]
    base = res["engines"].get(base_key(res), {}).get("ms")
    vs = NAMES[base_key(res)].replace(" (bench-model)", "")
    print(f"\n### {s:.0%} pruned (4x1 blocks), batch {b}, seq 128, fp32, one thread")
    if "sparsejit_sparsity" in res:
        print(f"sparsejit: linear weights {res['sparsejit_sparsity']:.1%} zero, JIT code "
              f"{res['sparsejit_code_mb']:.1f} MB, pruning + compiling "
              f"{res['sparsejit_compile_ms']:.0f} ms; PyTorch sees "
              f"{res.get('torch_sparsity', float('nan')):.1%} zero (attention: "
              f"{res.get('torch_attn', '?')})")
    print(f"\n| engine | ms per pass (median of rounds) | round medians min–max | time / {vs} |")
    print("|---|---|---|---|")
    for key, label in NAMES.items():
        e = res["engines"].get(key)
        err = res["errors"].get(key.split("-")[0])
        if err:
            print(f"| {label} | failed: {err[:300]} | | |")
            continue
        if not e:
            continue
        rel = f"{e['ms'] / base:.2f}×" if base else "—"
        extra = ""
        if "linear" in e:
            extra = f" (linear {e['linear']:.2f}, attention {e['attention']:.2f}, rest {e['other']:.2f})"
        print(f"| {label} | {fmt_ms(e['ms'])}{extra} | {fmt_ms(min(e['rounds']))}–"
              f"{fmt_ms(max(e['rounds']))} | {rel} |")
    for k, v in res["checks"].items():
        if "cosine" in k:
            print(f"- {k.replace('min cosine', '1 − min cosine')}: {1 - v:.1e}")
        else:
            print(f"- {k}: {v:.3g}")


def print_summary(results):
    cells = [(r["sparsity"], r["batch"]) for r in results]
    head = ["engine"] + [f"{'dense' if s == 0 else f'{s:.0%}'} b{b}" for s, b in cells]
    print("\n## Summary: ms per pass (in brackets: time / sparsejit JIT; on the dense model, "
          "time / sparsejit dense GEMM)\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for key, label in NAMES.items():
        row = [label]
        for r in results:
            e = r["engines"].get(key)
            base = r["engines"].get(base_key(r), {}).get("ms")
            if e is None:
                row.append("failed" if key.split("-")[0] in r["errors"] else "—")
            elif key == base_key(r) or not base:
                row.append(fmt_ms(e["ms"]))
            else:
                row.append(f"{fmt_ms(e['ms'])} ({e['ms'] / base:.2f}×)")
        print("| " + " | ".join(row) + " |")


def versions(args):
    import numpy
    import onnx
    import onnxruntime
    import torch
    import transformers

    v = (f"torch {torch.__version__}, transformers {transformers.__version__}, onnx "
         f"{onnx.__version__}, onnxruntime {onnxruntime.__version__}, numpy {numpy.__version__}")
    if "deepsparse" in args.engines:
        r = subprocess.run([args.ds_python, "-c", "import deepsparse; print(deepsparse.__version__)"],
                           capture_output=True, text=True,
                           env=dict(os.environ, NM_DISABLE_ANALYTICS="1"))
        v += f", deepsparse {r.stdout.strip() or 'not importable: ' + r.stderr.strip()[-200:]}"
    return v


def main():
    ap = argparse.ArgumentParser(
        description=" ".join(__doc__.split("\n\n")[0].split()),
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", type=Path, default=ROOT / ".cache/minilm",
                    help="the dense model: config.json, model.safetensors, tokenizer.json "
                         "(default: .cache/minilm, from scripts/fetch_minilm.sh)")
    ap.add_argument("--sparsejit", type=Path, default=ROOT / "target/release/sparsejit",
                    help="the sparsejit binary (default: target/release/sparsejit)")
    ap.add_argument("--sparsity", type=float, nargs="+", default=[0.0, 0.7, 0.9],
                    help="block sparsities to run; 0 is the dense model (default: 0 0.7 0.9)")
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 8],
                    help="sequences per pass (default: 1 8)")
    ap.add_argument("--seq", type=int, default=128, help="tokens per sequence (default 128)")
    ap.add_argument("--rounds", type=int, default=5,
                    help="interleaved rounds over the engines (default 5)")
    ap.add_argument("--round-seconds", type=float, default=1.0,
                    help="seconds per engine per round (sparsejit: twice this, for its JIT "
                         "and dense rows; at least 2 passes, 5 for sparsejit; default 1.0)")
    ap.add_argument("--engines", default="torch,ort,deepsparse,sparsejit",
                    type=lambda s: [e.strip() for e in s.split(",")],
                    help="comma-separated subset of torch,ort,deepsparse,sparsejit")
    ap.add_argument("--ds-python", default="/tmp/ds-venv/bin/python",
                    help="python of the venv with deepsparse==1.8.0 (default /tmp/ds-venv/bin/python)")
    ap.add_argument("--work-dir", type=Path, default=ROOT / ".cache/peers",
                    help="pruned models, ONNX files and logs (default .cache/peers)")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse ONNX files already in --work-dir (the pruned models are always rewritten)")
    ap.add_argument("--json", type=Path, help="also write every result to this JSON file")
    ap.add_argument("--report", type=Path, metavar="JSON",
                    help="only print the tables again from a file that --json wrote")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--worker-onnx", help=argparse.SUPPRESS)
    ap.add_argument("--worker-batch", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--worker-inputs", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker == "deepsparse":
        return deepsparse_worker(args.worker_onnx, args.worker_batch, args.worker_inputs)
    if args.report:
        results = json.loads(args.report.read_text())
        for res in results:
            print_cell(res)
        return print_summary(results)

    for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[v] = "1"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import torch

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    bad = set(args.engines) - {"torch", "ort", "deepsparse", "sparsejit"}
    if bad:
        sys.exit(f"unknown engines: {', '.join(sorted(bad))}")
    if not args.sparsejit.exists():
        sys.exit(f"{args.sparsejit} is missing: run `cargo build --release` first")
    if not (args.model_dir / "model.safetensors").exists():
        sys.exit(f"{args.model_dir}/model.safetensors is missing: run scripts/fetch_minilm.sh")
    args.work_dir.mkdir(parents=True, exist_ok=True)

    print(f"machine: {cpu_name()} ({os.cpu_count()} CPUs; flags: {cpu_flags()})")
    info = subprocess.run([str(args.sparsejit), "info"], capture_output=True, text=True).stdout
    isa = next((l.strip() for l in info.splitlines() if l.startswith("ISA chosen")), "")
    print(f"sparsejit: {isa}")
    print(f"peers: {versions(args)}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"command: {' '.join(sys.argv)}")

    results = []
    for s in args.sparsity:
        print(f"\nsparsity {s:.0%}:")
        model_dir = prune_model(args.sparsejit, args.model_dir, args.work_dir, s, "4x1")
        for b in args.batch:
            print(f" batch {b}:")
            res = run_cell(args, args.sparsejit, args.model_dir, model_dir, s, b, args.work_dir)
            results.append(res)
            print_cell(res)
    print_summary(results)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
