"""sparsejit.torch: SparseLinear against torch.nn.Linear, sparsify, and the
guards (inference only, CPU float32 only)."""

import copy

import numpy as np
import pytest

import torch  # noqa: E402  (CI installs it: a missing torch is a failure, not a skip)
from torch import nn  # noqa: E402

import sparsejit  # noqa: E402
import sparsejit.torch as sjt  # noqa: E402
from conftest import block_sparse  # noqa: E402


def pruned_linear(m, k, sparsity=0.8, block="4x1", bias=True, seed=0):
    torch.manual_seed(seed)
    lin = nn.Linear(k, m, bias=bias)
    with torch.no_grad():
        lin.weight.copy_(torch.from_numpy(block_sparse(m, k, block, sparsity, seed)))
    return lin


@pytest.mark.parametrize("m,k", [(1, 1), (7, 13), (64, 48), (384, 384), (1536, 384)])
@pytest.mark.parametrize("bias", [True, False])
def test_from_linear_matches_pytorch(m, k, bias):
    lin = pruned_linear(m, k, bias=bias, seed=m + k)
    sp = sjt.SparseLinear.from_linear(lin, min_sparsity=0.0)
    assert (sp.in_features, sp.out_features) == (k, m)
    assert sp.layer.has_bias == bias
    for shape in [(k,), (1, k), (33, k), (2, 17, k)]:
        x = torch.randn(*shape)
        with torch.no_grad():
            want = lin(x)
            got = sp(x)
        assert got.shape == want.shape and got.dtype == torch.float32
        torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("block", ["1x1", "4x1", "8x1", "2x2", "16x4"])
def test_random_layers_of_every_kind(block):
    for seed in range(3):
        g = torch.Generator().manual_seed(seed)
        m, k = (int(v) for v in torch.randint(1, 200, (2,), generator=g))
        sparsity = float(torch.rand((), generator=g))
        lin = pruned_linear(m, k, sparsity, block, seed=seed)
        sp = sjt.SparseLinear.from_linear(lin, block=block, min_sparsity=0.0)
        x = torch.randn(int(torch.randint(1, 70, (), generator=g)), k, generator=g)
        with torch.inference_mode():
            torch.testing.assert_close(sp(x), lin(x), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(
    "activation,fn", [("relu", torch.relu), ("gelu", nn.functional.gelu)]
)
def test_fused_activation(activation, fn):
    lin = pruned_linear(96, 64)
    sp = sjt.SparseLinear.from_linear(lin, activation=activation)
    x = torch.randn(40, 64)
    with torch.no_grad():
        torch.testing.assert_close(sp(x), fn(lin(x)), rtol=1e-4, atol=1e-4)


def test_non_contiguous_tensors():
    lin = pruned_linear(32, 24)
    sp = sjt.SparseLinear.from_linear(lin)
    x = torch.randn(24, 10).T  # strided
    assert not x.is_contiguous()
    with torch.no_grad():
        torch.testing.assert_close(sp(x), lin(x), rtol=1e-4, atol=1e-4)
        y = torch.randn(5, 48)[:, ::2]  # a column slice
        torch.testing.assert_close(sp(y), lin(y), rtol=1e-4, atol=1e-4)


def test_inference_only():
    sp = sjt.SparseLinear.from_linear(pruned_linear(8, 8))
    x = torch.randn(2, 8, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"inference-only.*torch.no_grad\(\) or torch.inference_mode\(\)"):
        sp(x)
    with torch.no_grad():
        sp(x)
    with torch.inference_mode():
        sp(torch.randn(2, 8))
    sp(x.detach())  # grad mode on, but nothing requires grad
    # An upstream op that requires grad, as in a model run without no_grad.
    lin = nn.Linear(8, 8)
    with pytest.raises(RuntimeError, match="inference-only"):
        sp(lin(torch.randn(2, 8)))


def test_tensors_that_are_not_cpu_float32_are_a_type_error():
    sp = sjt.SparseLinear.from_linear(pruned_linear(8, 8))
    for x in [torch.randn(2, 8, dtype=torch.float64), torch.randn(2, 8).half(), torch.randn(2, 8).bfloat16(),
              torch.randint(0, 5, (2, 8)), torch.empty(2, 8, device="meta")]:
        with pytest.raises(TypeError, match=r"runs CPU float32 tensors, but the input is torch\.\w+ on \w+: pass x.to\('cpu', torch.float32\)"):
            sp(x)
    with pytest.raises(TypeError, match="must be a torch.Tensor"):
        sp(np.ones((2, 8), np.float32))
    with pytest.raises(TypeError, match=r"the weight is torch.float64 on cpu.*linear.float\(\).cpu\(\)"):
        sjt.SparseLinear.from_linear(nn.Linear(4, 4).double())
    with pytest.raises(TypeError, match="takes a torch.nn.Linear, not Conv1d"):
        sjt.SparseLinear.from_linear(nn.Conv1d(2, 2, 1))
    with pytest.raises(TypeError, match="wraps a sparsejit.Linear"):
        sjt.SparseLinear(nn.Linear(2, 2))


def test_wrapping_a_compiled_layer():
    w = block_sparse(16, 8, "4x1", 0.5)
    sp = sjt.SparseLinear(sparsejit.Linear(w))
    x = torch.randn(3, 8)
    torch.testing.assert_close(sp(x), x @ torch.from_numpy(w).T, rtol=1e-5, atol=1e-5)
    assert list(sp.parameters()) == []
    assert f"sparsity={sp.layer.sparsity:.3f}, kernel={sp.layer.kernel_name}" in repr(sp)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = pruned_linear(64, 32, 0.9, seed=1)
        self.down = pruned_linear(32, 64, 0.9, seed=2)
        self.dense = nn.Linear(32, 32)  # 0% sparse: kept
        self.wide = pruned_linear(16, 32, 0.9, seed=3).double()  # not float32: kept
        self.attn = nn.MultiheadAttention(32, 4, batch_first=True)
        with torch.no_grad():
            self.attn.out_proj.weight.mul_(0)  # sparse, but MHA reads it directly
        self.layers = nn.ModuleList([pruned_linear(32, 32, 0.8, seed=4 + i) for i in range(2)])

    def forward(self, x):
        h = self.down(torch.relu(self.up(x)))
        h = self.dense(h) + self.attn(h, h, h, need_weights=False)[0]
        for l in self.layers:
            h = l(h)
        return h, self.wide(h.double())


def test_sparsify_replaces_eligible_layers_in_place():
    model = Block().eval()
    x = torch.randn(2, 10, 32)
    with torch.no_grad():
        want = model(x)
    report = sjt.sparsify(model, block="4x1", min_sparsity=0.5)
    replaced = {r.name: r for r in report.replaced}
    assert set(replaced) == {"up", "down", "layers.0", "layers.1"}
    kept = dict((k.name, k.reason) for k in report.kept)
    assert set(kept) == {"dense", "wide", "attn.out_proj"}
    assert kept["dense"].startswith("sparsity 0.000 is under min_sparsity 0.5")
    assert kept["wide"] == "weight is torch.float64 on cpu; sparsejit runs CPU float32"
    assert "MultiheadAttention" in kept["attn.out_proj"]
    assert isinstance(model.up, sjt.SparseLinear) and isinstance(model.layers[1], sjt.SparseLinear)
    assert isinstance(model.dense, nn.Linear) and isinstance(model.attn.out_proj, nn.Linear)
    up = replaced["up"]
    assert up.shape == (64, 32) and up.kernel == "jit" and up.code_bytes == model.up.layer.code_bytes > 0
    assert up.sparsity == pytest.approx(model.up.layer.sparsity) and up.kernel_name == model.up.layer.kernel_name
    assert report.code_bytes == sum(r.code_bytes for r in report.replaced)
    text = str(report)
    assert "replaced 4 nn.Linear, kept 3" in text and "kept wide: weight is torch.float64" in text
    with torch.no_grad():
        got = model(x)
    for g, w in zip(got, want):
        torch.testing.assert_close(g, w, rtol=1e-4, atol=1e-4)
    # A sparsified model can be copied (the compiled layers are shared).
    twin = copy.deepcopy(model)
    assert twin.up.layer is model.up.layer
    with torch.no_grad():
        torch.testing.assert_close(twin(x)[0], got[0])


def test_sparsify_arguments():
    with pytest.raises(TypeError, match="takes a torch.nn.Module"):
        sjt.sparsify(object())
    with pytest.raises(ValueError, match="min_sparsity 2 is outside"):
        sjt.sparsify(nn.Sequential(), min_sparsity=2)
    report = sjt.sparsify(pruned_linear(8, 8))
    assert report.replaced == [] and "the model itself is an nn.Linear" in report.kept[0].reason
    with pytest.raises(ValueError, match="unsupported block shape"):
        sjt.sparsify(nn.Sequential(pruned_linear(8, 8)), block="3x1")


def test_prune_a_model():
    model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 16, bias=False))
    names = sjt.prune(model, 0.75, block="4x1")
    assert names == ["0", "2"]
    for lin in (model[0], model[2]):
        w = lin.weight.detach().numpy()
        blocks = np.abs(w).reshape(w.shape[0] // 4, 4, w.shape[1]).sum(axis=1)
        assert np.mean(blocks == 0) == 0.75


def test_sparsify_fuses_the_activation_that_follows_a_layer():
    def make():
        torch.manual_seed(0)
        return nn.Sequential(
            pruned_linear(64, 32, seed=1), nn.GELU(),
            pruned_linear(48, 64, seed=2), nn.ReLU(),
            pruned_linear(32, 48, seed=3), nn.GELU(approximate="tanh"),  # not the kernels' GELU
            pruned_linear(16, 32, seed=4),
        ).eval()

    x = torch.randn(3, 7, 32)
    model = make()
    with torch.no_grad():
        want = model(x)
    report = sjt.sparsify(model, fuse_activations=True)
    assert [r.activation for r in report.replaced] == ["gelu", "relu", "none", "none"]
    assert [type(m).__name__ for m in model] == [
        "SparseLinear", "Identity", "SparseLinear", "Identity", "SparseLinear", "GELU", "SparseLinear",
    ]
    assert model[0].layer.kernel_name.endswith("_bias_gelu")
    assert "2 activations fused" in str(report)
    with torch.no_grad():
        torch.testing.assert_close(model(x), want, rtol=1e-4, atol=1e-4)
    unfused = make()
    report = sjt.sparsify(unfused)  # off by default
    assert all(r.activation == "none" for r in report.replaced)
    assert isinstance(unfused[1], nn.GELU)
