"""sparsify on a Hugging Face BertModel (all-MiniLM-L6-v2 from
.cache/minilm, loaded with transformers): the same sentence embeddings as
plain PyTorch on the same pruned weights."""

import copy
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder: never the network
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from transformers import AutoTokenizer, BertModel  # noqa: E402

import sparsejit.torch as sjt  # noqa: E402

SENTENCES = [
    "A cat sits on the mat.",
    "The stock market fell sharply on Tuesday after the central bank raised rates.",
    "How do I reset my password?",
    "Die Katze schläft auf dem Sofa, während draußen der Regen fällt.",
    "",
    # Longer than 256 tokens: truncated, as sentence-transformers does.
    " ".join(["The quick brown fox jumps over the lazy dog near the riverbank."] * 30),
]


@pytest.fixture(scope="module")
def bert(minilm_dir):
    tok = AutoTokenizer.from_pretrained(minilm_dir)
    model = BertModel.from_pretrained(minilm_dir).eval()
    return tok, model


def embed(model, tok, sentences):
    """Mean pooling over the attention mask, then L2 normalisation."""
    enc = tok(sentences, padding=True, truncation=True, max_length=256, return_tensors="pt")
    with torch.inference_mode():
        hidden = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return nn.functional.normalize(mean, p=2, dim=1)


@pytest.mark.parametrize("sparsity", [0.7, 0.9])
def test_sparsified_minilm_gives_the_embeddings_of_pytorch(bert, sparsity):
    tok, dense = bert
    plain = copy.deepcopy(dense)
    pruned = sjt.prune(plain, sparsity, block="4x1")
    # 6 layers x (query, key, value, attention output, intermediate, output) + pooler.
    assert len(pruned) == 37
    fast = copy.deepcopy(plain)
    report = sjt.sparsify(fast, block="4x1")
    assert len(report.replaced) == 37 and report.kept == []
    for r in report.replaced:
        assert r.kernel == "jit" and r.code_bytes > 0
        assert r.sparsity == pytest.approx(sparsity, abs=0.01)
        assert r.activation == "none"
    # Nothing is left on PyTorch's linear kernel.
    assert not any(isinstance(m, nn.Linear) for m in fast.modules())
    assert sum(isinstance(m, sjt.SparseLinear) for m in fast.modules()) == 37

    want = embed(plain, tok, SENTENCES)
    got = embed(fast, tok, SENTENCES)
    # With BertIntermediate's GELU moved into the intermediate layers' kernels.
    fused = copy.deepcopy(plain)
    report = sjt.sparsify(fused, fuse_activations=True)
    assert sorted(r.name for r in report.replaced if r.activation == "gelu") == [
        f"encoder.layer.{i}.intermediate.dense" for i in range(6)
    ]
    assert isinstance(fused.encoder.layer[0].intermediate.intermediate_act_fn, nn.Identity)
    assert ((embed(fused, tok, SENTENCES) * want).sum(1) >= 0.9999).all()
    cosine = (want * got).sum(1)
    print(f"sparsity {sparsity}: 1 - cosine per sentence", (1 - cosine).tolist())
    assert cosine.min() >= 0.9999, cosine.tolist()
    # One sentence alone (no padding) too.
    one = embed(fast, tok, SENTENCES[:1])
    assert float((one[0] * want[0]).sum()) >= 0.9999


def test_forward_with_grad_mode_on_is_refused(bert):
    tok, dense = bert
    fast = copy.deepcopy(dense)
    sjt.prune(fast, 0.9)
    sjt.sparsify(fast)
    enc = tok(["hello"], return_tensors="pt")
    with pytest.raises(RuntimeError, match="inference-only"):
        fast(**enc)  # the embeddings' weights require grad
