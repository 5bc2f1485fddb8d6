"""sparsejit.load and Model.compile: the Rust loader, layers by name."""

from collections.abc import Mapping

import numpy as np
import pytest

import sparsejit
from conftest import assert_close, block_sparse, linear_file, reference


@pytest.fixture
def small_model(tmp_path, rng):
    tensors = {
        "embeddings.word_embeddings.weight": rng.standard_normal((10, 8)).astype(np.float32),
        "encoder.dense.weight": block_sparse(16, 8, "4x1", 0.75, seed=1),
        "encoder.dense.bias": rng.standard_normal(16).astype(np.float32),
        "encoder.norm.weight": np.ones(16, np.float32),  # 1-D: not a layer
        "head.weight": block_sparse(4, 16, "4x1", 0.5, seed=2).astype(np.float16),
        "proj.weight": rng.standard_normal((6, 16)).astype(np.float32),  # dense
    }
    path = tmp_path / "small.safetensors"
    path.write_bytes(linear_file(tensors))
    return path, tensors


def test_load_finds_the_linear_layers(small_model):
    path, _ = small_model
    model = sparsejit.load(path)
    assert model.path == str(path)
    assert model.layer_names == ["encoder.dense", "head", "proj"]
    assert model.skipped == [("embeddings.word_embeddings", "embedding table (looked up, not multiplied)")]
    head = [l for l in model.linears if l["name"] == "head"][0]
    assert head == {"name": "head", "out_features": 4, "in_features": 16, "dtype": "F16", "bias": False}
    assert "3 linear layers" in repr(model)


def test_compile_returns_the_layers_by_name(small_model, rng):
    path, t = small_model
    layers = sparsejit.load(path).compile(block="4x1")
    assert isinstance(layers, Mapping) and len(layers) == 3
    assert list(layers) == layers.keys() == ["encoder.dense", "head", "proj"]
    assert "head" in layers and "nope" not in layers and 3 not in layers
    assert dict(layers).keys() == {"encoder.dense", "head", "proj"}
    assert [n for n, _ in layers.items()] == layers.keys()
    assert all(isinstance(l, sparsejit.Linear) for l in layers.values())
    assert layers.get("nope") is None and layers.get("nope", 5) == 5
    fc = layers["encoder.dense"]
    assert (fc.name, fc.shape, fc.has_bias, fc.kernel) == ("encoder.dense", (16, 8), True, "jit")
    x = rng.standard_normal((3, 8)).astype(np.float32)
    assert_close(fc(x), reference(x, t["encoder.dense.weight"], t["encoder.dense.bias"]), 8)
    head = layers["head"]  # F16 in the file, f32 here
    x = rng.standard_normal((2, 16)).astype(np.float32)
    assert_close(head(x), reference(x, t["head.weight"].astype(np.float64)), 16)
    # 0% sparse: under min_sparsity, a dense GEMM.
    assert layers["proj"].kernel == "dense"
    assert layers.code_bytes == fc.code_bytes + head.code_bytes
    assert "3 layers" in repr(layers)


def test_unknown_layer_names_list_the_closest(small_model):
    layers = sparsejit.load(small_model[0]).compile()
    with pytest.raises(KeyError, match="no layer named 'encoder.dence'; closest of the 3 layers: encoder.dense"):
        layers["encoder.dence"]
    with pytest.raises(KeyError, match="layer names are str"):
        layers[0]


def test_weights_and_compile_options(small_model):
    path, t = small_model
    model = sparsejit.load(path)
    w, b = model.weights("encoder.dense")
    np.testing.assert_array_equal(w, t["encoder.dense.weight"])
    np.testing.assert_array_equal(b, t["encoder.dense.bias"])
    assert model.weights("head")[1] is None
    with pytest.raises(ValueError, match="no linear layer named 'encoder.dense.weight'.*without .weight"):
        model.weights("encoder.dense.weight")
    only = model.compile(layers=["head"], block="auto", min_sparsity=0.0, activation="relu", threads=2)
    assert only.keys() == ["head"] and only["head"].activation == "relu" and only["head"].threads == 2
    with pytest.raises(ValueError, match="no linear layer named 'missing'"):
        model.compile(layers=["missing"])
    with pytest.raises(ValueError, match="unsupported block shape 3x3"):
        model.compile(block="3x3")


def test_tune_times_the_kernels_and_keeps_the_fastest(small_model):
    layers = sparsejit.load(small_model[0]).compile(tune=32, min_sparsity=0.0)
    for layer in layers.values():
        t = layer.tuning
        assert t["tokens"] == 32
        times = {"jit": t["jit_ms"], "generic": t["generic_ms"], "dense": t["dense_ms"]}
        assert all(v > 0 for v in times.values())
        # Per-call times are whole nanoseconds, so tiny layers can tie:
        # the chosen kernel is one of the fastest, not a particular one.
        assert times[t["chosen"]] == min(times.values())
        assert t["chosen"] == layer.kernel


def test_the_real_model(minilm_dir, rng):
    model = sparsejit.load(minilm_dir / "model.safetensors")
    # 6 layers x (query, key, value, attention output, intermediate, output) + pooler.
    assert len(model.layer_names) == 37
    assert any("embeddings" in name for name, _ in model.skipped)
    name = "encoder.layer.0.intermediate.dense"
    w, b = model.weights(name)
    assert w.shape == (1536, 384)
    # The file is dense: compile the one layer as JIT code anyway.
    fc = model.compile(layers=[name], min_sparsity=0.0)[name]
    assert fc.kernel == "jit" and fc.sparsity < 0.01
    x = rng.standard_normal((5, 384)).astype(np.float32)
    np.testing.assert_allclose(fc(x), reference(x, w, b), rtol=1e-3, atol=1e-3)
