"""Bad input: each case is a Python exception with a message that says what
is wrong (never a crash), and NaN/Inf behave as in the CLI (as in PyTorch)."""

import numpy as np
import pytest

import sparsejit
from conftest import block_sparse, linear_file, reference, safetensors


def test_bad_weights_and_biases():
    w = block_sparse(8, 4, "4x1", 0.5)
    with pytest.raises(ValueError, match=r"weight has shape \[8\].*\[M, K\]"):
        sparsejit.Linear(w[:, 0])
    with pytest.raises(ValueError, match=r"weight has shape \[2, 4, 4\]"):
        sparsejit.Linear(w.reshape(2, 4, 4))
    with pytest.raises(ValueError, match="bias has 3 values but the weight has 8 rows"):
        sparsejit.Linear(w, np.zeros(3, np.float32))
    with pytest.raises(ValueError, match=r"bias has shape \[8, 1\]"):
        sparsejit.Linear(w, np.zeros((8, 1), np.float32))
    with pytest.raises(TypeError, match="bias has dtype int64"):
        sparsejit.Linear(w, np.zeros(8, np.int64))
    for empty in [np.zeros((0, 4), np.float32), np.zeros((4, 0), np.float32)]:
        with pytest.raises(ValueError, match="outside 1..="):
            sparsejit.Linear(empty)


def test_bad_options():
    w = block_sparse(8, 4, "4x1", 0.5)
    cases = {
        "block": ("3x1", "unsupported block shape 3x1"),
        "activation": ("tanh", "unknown activation 'tanh': use none, relu or gelu"),
        "isa": ("mmx", "unknown ISA 'mmx'"),
        "threads": (-1, "threads must be between 0"),
    }
    for key, (value, message) in cases.items():
        with pytest.raises(ValueError, match=message):
            sparsejit.Linear(w, **{key: value})
    with pytest.raises(ValueError, match="threads must be between 0 .* not 100000"):
        sparsejit.Linear(w, threads=100_000)
    with pytest.raises(ValueError, match="cannot read block shape 'four'"):
        sparsejit.Linear(w, block="four")
    for s in [-0.1, 1.5, float("nan")]:
        with pytest.raises(ValueError, match="min sparsity .* is outside 0..=1"):
            sparsejit.Linear(w, min_sparsity=s)
    with pytest.raises(TypeError):
        sparsejit.Linear(w, block=4)


def test_bad_input_shapes():
    layer = sparsejit.Linear(block_sparse(8, 4, "4x1", 0.5), name="fc")
    with pytest.raises(ValueError, match=r"fc: x has shape \[2, 5\], but its last dimension must be K = 4"):
        layer(np.ones((2, 5), np.float32))
    with pytest.raises(ValueError, match=r"fc: x is a scalar"):
        layer(np.float32(1.0))
    with pytest.raises(ValueError, match=r"x has shape \[4, 2\]"):
        layer(np.ones((4, 2), np.float32))  # [K, N] instead of [N, K]


# Not "gelu": the library's GELU gives -inf for -inf where PyTorch gives NaN
# (its erf approximation stops just short of -1), in the CLI as here.
@pytest.mark.parametrize("activation", ["none", "relu"])
@pytest.mark.parametrize("min_sparsity", [0.0, 1.0])  # the JIT kernel and the dense GEMM
def test_nan_and_inf_inputs_behave_as_the_dense_product(activation, min_sparsity, rng):
    m, k, n = 12, 9, 4
    w = block_sparse(m, k, "4x1", 0.7, seed=5)
    b = rng.standard_normal(m).astype(np.float32)
    x = rng.standard_normal((n, k)).astype(np.float32)
    x[0, 2] = np.inf
    x[1, 4] = np.nan
    x[2, 1] = -np.inf
    layer = sparsejit.Linear(w, b, activation=activation, min_sparsity=min_sparsity)
    y = layer(x)
    want = reference(x, w, b, activation)
    # A pruned weight times Inf is NaN in a dense product, and so here.
    np.testing.assert_array_equal(np.isnan(y), np.isnan(want))
    np.testing.assert_array_equal(np.isposinf(y), np.isposinf(want))
    np.testing.assert_array_equal(np.isneginf(y), np.isneginf(want))
    assert np.isnan(y[1]).all() and np.isnan(y[0]).all()
    np.testing.assert_allclose(y[3], want[3], rtol=1e-4, atol=1e-4)


def test_nan_weights_warn_and_propagate():
    w = block_sparse(8, 4, "4x1", 0.25)
    w[0, 0] = np.nan
    w[5, 1] = np.inf
    with pytest.warns(RuntimeWarning, match="fc: the weight holds 2 NaN or Inf values"):
        layer = sparsejit.Linear(w, name="fc", min_sparsity=0.0)
    assert layer.non_finite_weights == 2
    y = layer(np.ones((2, 4), np.float32))
    np.testing.assert_array_equal(np.isnan(y), np.isnan(reference(np.ones((2, 4)), w)))


F32X2 = {"dtype": "F32", "shape": [2]}


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("empty", b"", "the file is empty (0 bytes)"),
        ("truncated", b"\x01\x00\x00", "the file is truncated: 3 bytes"),
        ("not json", safetensors("{this is not json"), "the header is not valid JSON"),
        (
            "header length past the end",
            (1000).to_bytes(8, "little") + b"{}",
            "the header length says 1000 bytes but only 2 bytes follow it",
        ),
        (
            "offsets past the end",
            safetensors({"a.weight": {**F32X2, "data_offsets": [0, 8]}, "b": {**F32X2, "data_offsets": [8, 16]}}, bytes(12)),
            "tensor 'b': data_offsets [8, 16] are past the end of the data section (12 bytes)",
        ),
        (
            "overlap",
            safetensors({"a": {**F32X2, "data_offsets": [0, 8]}, "b": {**F32X2, "data_offsets": [4, 12]}}, bytes(12)),
            "tensors 'a' (bytes 0..8) and 'b' (bytes 4..12) overlap",
        ),
        (
            "size mismatch",
            safetensors({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, bytes(8)),
            "tensor 'a': dtype F32 with shape [3] needs 12 bytes but data_offsets [0, 8] hold 8",
        ),
        (
            "unknown dtype",
            safetensors({"fc.weight": {"dtype": "Q4_K", "shape": [2], "data_offsets": [0, 8]}}, bytes(8)),
            "tensor 'fc.weight' has unknown dtype 'Q4_K'",
        ),
    ],
)
def test_corrupt_safetensors_files(tmp_path, name, data, message):
    path = tmp_path / "m.safetensors"
    path.write_bytes(data)
    with pytest.raises(ValueError) as e:
        sparsejit.load(path)
    assert message in str(e.value)
    assert str(path) in str(e.value), "the message names the file"


def test_a_valid_file_cut_short(tmp_path):
    good = linear_file({"fc.weight": block_sparse(8, 4, "4x1", 0.5)})
    path = tmp_path / "cut.safetensors"
    path.write_bytes(good[:-10])
    with pytest.raises(ValueError, match="past the end of the data section"):
        sparsejit.load(str(path))


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.safetensors: no such file"):
        sparsejit.load(tmp_path / "nope.safetensors")


def test_a_bias_of_the_wrong_shape_in_a_file(tmp_path):
    path = tmp_path / "m.safetensors"
    path.write_bytes(linear_file({"fc.weight": np.ones((8, 4), np.float32), "fc.bias": np.ones(3, np.float32)}))
    with pytest.raises(ValueError, match=r"'fc.bias' has dtype F32 and shape \[3\].*needs a float bias of shape \[8\]"):
        sparsejit.load(path)


def test_bench_bad_arguments():
    w = block_sparse(8, 8, "4x1", 0.5)
    with pytest.raises(ValueError, match="n and threads must be at least 1"):
        sparsejit.bench(w, n=0)
    with pytest.raises(ValueError, match=r"weight has shape \[8\]"):
        sparsejit.bench(w[0])
    with pytest.raises(ValueError, match="unsupported block shape"):
        sparsejit.bench(w, block="5x5")
