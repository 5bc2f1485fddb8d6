"""sparsejit.Linear on numpy arrays against x @ W.T + b (float64)."""

import copy

import numpy as np
import pytest

import sparsejit
from conftest import BLOCKS, assert_close, block_sparse, cpu_flags, reference


@pytest.mark.parametrize(
    "m,k,n",
    [(1, 1, 1), (3, 5, 2), (17, 33, 7), (100, 7, 16), (64, 64, 17), (256, 128, 129), (768, 768, 128)],
)
def test_shapes_match_the_reference(m, k, n, rng):
    w = block_sparse(m, k, "4x1", 0.8, seed=m * k)
    b = rng.standard_normal(m).astype(np.float32)
    x = rng.standard_normal((n, k)).astype(np.float32)
    layer = sparsejit.Linear(w, b, min_sparsity=0.0)
    y = layer(x)
    assert y.shape == (n, m) and y.dtype == np.float32
    assert_close(y, reference(x, w, b), k)


@pytest.mark.parametrize("block", BLOCKS)
def test_every_block_shape(block, rng):
    m, k, n = 50, 37, 20  # neither a multiple of any block: partial tiles everywhere
    w = block_sparse(m, k, block, 0.7, seed=len(block))
    x = rng.standard_normal((n, k)).astype(np.float32)
    layer = sparsejit.Linear(w, block=block, min_sparsity=0.0)
    assert layer.block == block
    assert layer.kernel == "jit"
    assert f"bsr{block}" in layer.kernel_name
    assert_close(layer(x), reference(x, w), k)


@pytest.mark.parametrize("block", ["4x1", "8x1", "2x2", "1x4"])
def test_auto_block_finds_the_pruning_block(block):
    w = block_sparse(64, 96, block, 0.8, seed=3)
    assert sparsejit.Linear(w, block="auto").block == block


@pytest.mark.parametrize("sparsity", [0.0, 0.3, 0.5, 0.9, 0.99, 1.0])
@pytest.mark.parametrize("min_sparsity", [0.0, 0.5])
def test_sparsities_from_0_to_100_percent(sparsity, min_sparsity, rng):
    m, k, n = 96, 80, 33
    w = block_sparse(m, k, "4x1", sparsity, seed=int(sparsity * 100))
    b = rng.standard_normal(m).astype(np.float32)
    x = rng.standard_normal((n, k)).astype(np.float32)
    layer = sparsejit.Linear(w, b, min_sparsity=min_sparsity)
    measured = 1.0 - np.count_nonzero(w) / w.size
    assert layer.sparsity == pytest.approx(measured)
    assert layer.nnz == np.count_nonzero(w)
    # Under min_sparsity the layer runs a dense GEMM and has no code.
    dense = measured < min_sparsity
    assert layer.kernel == ("dense" if dense else "jit")
    assert (layer.code_bytes == 0) == dense
    y = layer(x)
    assert_close(y, reference(x, w, b), k)
    if sparsity == 1.0:
        np.testing.assert_array_equal(y, np.broadcast_to(b, (n, m)))


@pytest.mark.parametrize("activation", ["none", "relu", "gelu"])
def test_fused_activations(activation, rng):
    m, k, n = 40, 64, 24
    w = block_sparse(m, k, "4x1", 0.6, seed=9)
    b = rng.standard_normal(m).astype(np.float32)
    x = rng.standard_normal((n, k)).astype(np.float32)
    layer = sparsejit.Linear(w, b, activation=activation, min_sparsity=0.0)
    assert layer.activation == activation
    assert_close(layer(x), reference(x, w, b, activation), k)


@pytest.mark.parametrize("shape", [(24,), (1, 24), (5, 24), (2, 3, 24), (2, 2, 3, 24), (0, 24), (3, 0, 24)])
def test_ranks_and_one_token(shape, rng):
    w = block_sparse(10, 24, "4x1", 0.5, seed=1)
    b = rng.standard_normal(10).astype(np.float32)
    x = rng.standard_normal(shape).astype(np.float32)
    y = sparsejit.Linear(w, b, min_sparsity=0.0)(x)
    assert y.shape == shape[:-1] + (10,)
    assert_close(y, reference(x, w, b), 24)


def _strided_inputs(rng, n, k):
    base = rng.standard_normal((2 * n, 3 * k)).astype(np.float32)
    raw = np.zeros(n * k * 4 + 1, np.uint8)
    unaligned = raw[1:].view(np.float32).reshape(n, k)
    unaligned[...] = base[:n, :k]
    return {
        "column slice": base[:n, ::3],
        "row slice": base[::2, :k],
        "fortran order": np.asfortranarray(base[:n, :k]),
        "transposed": np.ascontiguousarray(base[:n, :k].T).T,
        "unaligned": unaligned,
        "big-endian": base[:n, :k].astype(">f4"),
        "read-only": np.frombuffer(base[:n, :k].tobytes(), np.float32).reshape(n, k),
    }


def test_non_contiguous_and_unaligned_inputs_are_copied_once_and_correct(rng):
    n, k = 9, 20
    w = block_sparse(12, k, "4x1", 0.5, seed=2)
    layer = sparsejit.Linear(w, min_sparsity=0.0)
    for what, x in _strided_inputs(rng, n, k).items():
        before = np.array(x)
        assert_close(layer(x), reference(before, w), k)
        np.testing.assert_array_equal(x, before)  # the input is left as it was


def test_inputs_that_are_not_numpy_arrays(rng):
    import torch
    w = block_sparse(12, 8, "4x1", 0.5, seed=2)
    layer = sparsejit.Linear(w, min_sparsity=0.0)
    x = rng.standard_normal((3, 8)).astype(np.float32)
    want = reference(x, w)
    assert_close(layer(torch.from_numpy(x)), want, 8)  # __array__
    assert_close(layer(torch.from_numpy(x.T.copy()).T), want, 8)  # a strided tensor
    assert_close(layer(memoryview(x)), want, 8)  # the buffer protocol

    class HasArray:  # any object with __array__
        def __array__(self, dtype=None, copy=None):
            return x

    assert_close(layer(HasArray()), want, 8)


def test_wrong_dtype_inputs_are_a_type_error_with_the_fix(rng):
    w = block_sparse(12, 8, "4x1", 0.5, seed=2)
    layer = sparsejit.Linear(w, min_sparsity=0.0)
    for dtype in [np.float64, np.float16, np.int32, np.bool_, np.complex64]:
        with pytest.raises(TypeError, match=r"dtype .*float32.*astype\(numpy.float32\)"):
            layer(np.ones((2, 8), dtype))
    with pytest.raises(TypeError, match="dtype float64"):
        layer([[1.0] * 8])  # a list becomes float64: no silent conversion
    with pytest.raises(TypeError, match="dtype str"):
        layer("not an array")


def test_weights_of_other_float_dtypes_are_converted_once(rng):
    w64 = block_sparse(16, 12, "4x1", 0.5, seed=4).astype(np.float64) * 1.000001
    x = rng.standard_normal((5, 12)).astype(np.float32)
    as32 = w64.astype(np.float32)
    np.testing.assert_array_equal(sparsejit.Linear(w64, min_sparsity=0)(x), sparsejit.Linear(as32, min_sparsity=0)(x))
    w16 = as32.astype(np.float16)
    assert_close(sparsejit.Linear(w16, min_sparsity=0)(x), reference(x, w16.astype(np.float64)), 12)
    # Strided weights are read correctly too.
    wt = np.ascontiguousarray(as32.T).T
    np.testing.assert_array_equal(sparsejit.Linear(wt, min_sparsity=0)(x), sparsejit.Linear(as32, min_sparsity=0)(x))
    for bad in [np.ones((4, 4), np.int64), np.ones((4, 4), bool)]:
        with pytest.raises(TypeError, match="weight has dtype"):
            sparsejit.Linear(bad)


def test_forward_writes_into_out(rng):
    w = block_sparse(24, 16, "4x1", 0.5, seed=5)
    b = rng.standard_normal(24).astype(np.float32)
    x = rng.standard_normal((2, 19, 16)).astype(np.float32)
    layer = sparsejit.Linear(w, b, min_sparsity=0.0)
    out = np.full((2, 19, 24), np.nan, np.float32)  # every element must be written
    assert layer.forward(x, out=out) is out
    assert_close(out, reference(x, w, b), 16)
    assert_close(layer.forward(x), reference(x, w, b), 16)


def test_bad_out_arrays_are_clear_errors(rng):
    w = block_sparse(16, 16, "4x1", 0.5, seed=5)
    layer = sparsejit.Linear(w, min_sparsity=0.0)
    x = rng.standard_normal((4, 16)).astype(np.float32)
    with pytest.raises(ValueError, match=r"out has shape \[4, 15\].*\[4, 16\]"):
        layer.forward(x, out=np.empty((4, 15), np.float32))
    with pytest.raises(TypeError, match="out must be a float32 numpy.ndarray.*float64"):
        layer.forward(x, out=np.empty((4, 16), np.float64))
    with pytest.raises(TypeError, match="out must be a float32 numpy.ndarray"):
        layer.forward(x, out=[0.0] * 64)
    with pytest.raises(ValueError, match="C-contiguous"):
        layer.forward(x, out=np.empty((16, 4), np.float32).T)
    ro = np.empty((4, 16), np.float32)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="out cannot be written.*not writeable"):
        layer.forward(x, out=ro)
    # In place (out is x) would read what it already overwrote.
    with pytest.raises(ValueError, match="overlap x"):
        layer.forward(x, out=x)


def test_threads_give_the_same_result(rng):
    w = block_sparse(256, 192, "4x1", 0.8, seed=6)
    b = rng.standard_normal(256).astype(np.float32)
    x = rng.standard_normal((3, 70, 192)).astype(np.float32)
    one = sparsejit.Linear(w, b, threads=1)(x)
    assert_close(one, reference(x, w, b), 192)
    for threads in (2, 3, 0):
        layer = sparsejit.Linear(w, b, threads=threads)
        assert layer.threads >= 1
        # Every output is summed by the same code in the same order,
        # whichever thread runs it.
        np.testing.assert_array_equal(layer(x), one)
        np.testing.assert_array_equal(layer(x[0, :1]), one[0, :1])


def test_properties_and_code(rng):
    w = block_sparse(64, 48, "4x1", 0.75, seed=7)
    layer = sparsejit.Linear(w, np.zeros(64, np.float32), activation="relu", name="fc1")
    assert layer.shape == (64, 48)
    assert (layer.out_features, layer.in_features) == (64, 48)
    assert layer.name == "fc1" and layer.has_bias and layer.threads == 1
    assert layer.nnz == np.count_nonzero(w)
    assert layer.blocks == np.count_nonzero(np.abs(w).reshape(16, 4, 48).sum(axis=1))
    assert layer.isa in {"avx2", "avx512"}
    assert layer.kernel_name.startswith("f32_bsr4x1_spmm_")
    assert layer.kernel_name.endswith(f"__{layer.isa}_bias_relu")
    code = layer.raw_code()
    assert isinstance(code, bytes) and len(code) == layer.code_bytes > 0
    assert 0 < layer.code_end < len(code)
    assert layer.compile_ms > 0
    assert layer.cache_hit in (True, False)
    assert layer.tuning is None
    assert "fc1" in repr(layer) and layer.kernel_name in repr(layer)
    assert not sparsejit.Linear(w).has_bias


def test_disassemble(rng):
    w = block_sparse(32, 40, "4x1", 0.8, seed=8)
    layer = sparsejit.Linear(w)
    text = layer.disassemble()
    assert text.startswith(f"; kernel    {layer.kernel_name}")
    assert "vfmadd231ps" in text and "ret" in text
    part = layer.disassemble(rows="0..1")
    assert len(part) < len(text) and "group_0:" in part and "group_1:" not in part
    assert "fma" in layer.disassemble(stats=True)
    with pytest.raises(ValueError, match="row-blocks 'x'"):
        layer.disassemble(rows="x")


def test_isa_choice(rng):
    w = block_sparse(16, 16, "4x1", 0.5, seed=10)
    x = rng.standard_normal((3, 16)).astype(np.float32)
    generic = sparsejit.Linear(w, isa="generic", min_sparsity=0.0)
    assert (generic.isa, generic.kernel, generic.code_bytes, generic.code_end) == ("generic", "generic", 0, None)
    assert_close(generic(x), reference(x, w), 16)
    with pytest.raises(ValueError, match="no generated code"):
        generic.disassemble()
    with pytest.raises(ValueError, match="no generated code"):
        generic.raw_code()
    dense = sparsejit.Linear(np.ones((4, 4), np.float32))
    with pytest.raises(ValueError, match="runs the dense GEMM"):
        dense.raw_code()
    assert dense.isa is None and dense.kernel_name == "dense"
    flags = cpu_flags()
    if {"avx2", "fma"} <= flags:
        assert sparsejit.Linear(w, isa="avx2", min_sparsity=0).isa == "avx2"
    if "avx512f" not in flags:
        with pytest.raises(ValueError, match="avx512"):
            sparsejit.Linear(w, isa="avx512", min_sparsity=0)
    cl = sparsejit.Linear(w, isa="cranelift", min_sparsity=0.0)
    assert cl.isa == "cranelift"
    assert_close(cl(x), reference(x, w), 16)
    assert sparsejit.Linear(w, isa="auto").isa == sparsejit.Linear(w).isa
    with pytest.raises(ValueError, match="unknown ISA 'sse9'"):
        sparsejit.Linear(w, isa="sse9")


def test_dtype_keyword():
    w = block_sparse(8, 8, "4x1", 0.5, seed=11)
    for ok in ["float32", "f32", "FLOAT32", np.float32, np.dtype("float32")]:
        sparsejit.Linear(w, dtype=ok)
    for int8 in ["int8", np.int8, np.dtype("int8")]:
        layer = sparsejit.Linear(w, dtype=int8, min_sparsity=0.0)
        assert layer.kernel_name.startswith("s8_"), layer.kernel_name
    with pytest.raises(ValueError, match="unknown dtype 'float64'"):
        sparsejit.Linear(w, dtype="float64")


def test_int8_layers_are_close_to_float32():
    """INT8 (weights per row, activations per token) against x @ W.T + b:
    the error is a small part of the output's scale, every block shape."""
    rng = np.random.default_rng(21)
    for block in ["1x4", "4x1", "2x2"]:
        w = block_sparse(48, 96, block, 0.7, seed=3)
        b = rng.standard_normal(48).astype(np.float32)
        x = rng.standard_normal((37, 96)).astype(np.float32)
        layer = sparsejit.Linear(w, b, block=block, dtype="int8", activation="relu")
        assert layer.kernel_name.startswith("s8_"), layer.kernel_name
        want = np.maximum(x @ w.T + b, 0)
        err = np.abs(layer(x) - want).max() / np.abs(want).max()
        assert err < 0.03, (block, err)
        # A token with a NaN has no scale: all its outputs are NaN, others not.
        bad = x.copy()
        bad[3, 5] = np.nan
        y = layer(bad)
        assert np.isnan(y[3]).all() and not np.isnan(np.delete(y, 3, 0)).any()


def test_prune():
    rng = np.random.default_rng(5)
    w = rng.standard_normal((64, 32)).astype(np.float32)
    p = sparsejit.prune(w, 0.75, block="4x1")
    assert p.dtype == np.float32 and p.shape == w.shape
    blocks = np.abs(p).reshape(16, 4, 32).sum(axis=1)
    assert np.count_nonzero(blocks == 0) == 0.75 * blocks.size
    # The kept blocks are the largest by L2 norm, unchanged.
    norms = np.sqrt((w.astype(np.float64) ** 2).reshape(16, 4, 32).sum(axis=1))
    assert norms[blocks == 0].max() <= norms[blocks != 0].min()
    np.testing.assert_array_equal(p[p != 0], w[p != 0])
    assert w.min() != 0  # the input is not modified
    with pytest.raises(ValueError, match="sparsity 1.5 is outside"):
        sparsejit.prune(w, 1.5)


def test_copies_share_the_compiled_layer():
    layer = sparsejit.Linear(block_sparse(8, 8, "4x1", 0.5))
    assert copy.copy(layer) is layer and copy.deepcopy(layer) is layer
