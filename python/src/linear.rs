//! `sparsejit.Linear`: one weight compiled into a JIT kernel, called like
//! `torch.nn.Linear` on numpy arrays (and, through `numpy.asarray`, on
//! anything array-like).

use crate::arrays::{self, numpy};
use crate::errors::OrPy;
use numpy::{PyArrayDyn, PyArrayMethods, PyUntypedArrayMethods};
use pyo3::exceptions::{PyRuntimeWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use sparsejit::disasm::DisasmOptions;
use sparsejit::{BlockShape, CompileOptions, Dtype, Layer};
use std::ffi::CString;

/// More threads than this per call is a typo, not a request: each count
/// gets a rayon pool of its own, built on first use.
const MAX_THREADS: i64 = 256;

/// The options shared by `Linear(...)` and `Model.compile(...)`.
pub fn compile_options(
    block: &str,
    activation: &str,
    threads: i64,
    isa: Option<&str>,
    min_sparsity: f64,
    tune: Option<usize>,
) -> PyResult<CompileOptions> {
    if !(0..=MAX_THREADS).contains(&threads) {
        return Err(PyValueError::new_err(format!(
            "threads must be between 0 (all cores) and {MAX_THREADS}, not {threads}"
        )));
    }
    let mut opts = CompileOptions {
        block: block.parse().or_py()?,
        activation: activation.parse().or_py()?,
        threads: threads as usize,
        min_sparsity,
        tune_tokens: tune,
        use_tuning_file: true,
        ..Default::default()
    };
    // Parsed into whatever type the option holds, so this line is the only
    // place that knows the option's name.
    opts.isa = match isa.map(str::trim) {
        None => None,
        Some(s) if s.eq_ignore_ascii_case("auto") => None,
        Some(s) => Some(s.parse().or_py()?),
    };
    Ok(opts)
}

/// The dtype the kernels compute in, from a string, numpy type or dtype.
/// `None` is float32.
pub fn parse_dtype(py: Python<'_>, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<Dtype> {
    let Some(d) = dtype else { return Ok(Dtype::F32) };
    let name = match d.extract::<String>() {
        Ok(s) => s.trim().to_ascii_lowercase(),
        // numpy.float32, numpy.dtype("int8"), torch-free type objects...
        Err(_) => numpy(py)?
            .call_method1("dtype", (d,))?
            .getattr("name")?
            .extract()?,
    };
    match name.as_str() {
        "float32" | "f32" | "fp32" => Ok(Dtype::F32),
        "int8" | "i8" => Ok(Dtype::Int8),
        other => Err(PyValueError::new_err(format!(
            "unknown dtype '{other}': use \"float32\" or \"int8\""
        ))),
    }
}

/// A block-sparse linear layer compiled to x86-64 code for this CPU:
/// ``y = act(x @ weight.T + bias)``, the semantics of ``torch.nn.Linear``
/// followed by the activation.
///
/// Args:
///     weight: ``[M, K]`` = ``[out_features, in_features]``, a numpy array
///         or anything ``numpy.asarray`` takes (torch CPU tensors, buffer
///         protocol objects). Float32, or float16/float64 converted to
///         float32. Its exact zeros are the sparsity pattern baked into
///         the code.
///     bias: ``[M]`` or None.
///     block: ``"RxC"`` block shape (rows in 1, 2, 4, 8, 16; cols in 1, 2,
///         4), or ``"auto"``: the largest block whose stored zeros are at
///         most 25% of its entries.
///     activation: ``"none"``, ``"relu"`` or ``"gelu"`` (erf GELU), fused
///         into the kernel's store.
///     threads: threads per call (0: all cores).
///     isa: ``None``/``"auto"`` (the best the CPU and ``SPARSEJIT_ISA``
///         allow), ``"avx512"``, ``"avx2"``, ``"cranelift"`` or
///         ``"generic"`` (the BSR kernel, no generated code).
///     min_sparsity: layers less sparse than this run a dense GEMM instead.
///     dtype: ``"float32"`` (default) or ``"int8"``: s8 weights quantized
///         per output row, u8 activations quantized per token on each call,
///         int32 accumulation, the bias and activation in float32 (see the
///         README's INT8 section). Inputs and outputs stay float32.
///     name: used in error messages.
///
/// Calling the layer takes ``x`` of shape ``[..., K]`` (float32; see
/// ``forward``) and returns a new ``[..., M]`` array. The GIL is released
/// while the kernel runs.
///
/// Example:
///     >>> import numpy as np, sparsejit
///     >>> w = sparsejit.prune(np.random.rand(768, 768).astype(np.float32), 0.9)
///     >>> layer = sparsejit.Linear(w, np.zeros(768, np.float32), activation="gelu")
///     >>> y = layer(np.ones((128, 768), np.float32))   # [128, 768]
///     >>> layer.sparsity, layer.kernel_name            # doctest: +SKIP
///     (0.9, 'f32_bsr4x1_spmm_4x16__avx2_bias_gelu')
#[pyclass(module = "sparsejit", name = "Linear", frozen)]
pub struct Linear {
    layer: Layer,
    /// `Layer` keeps the bias inside, out of reach for dense layers.
    has_bias: bool,
}

impl Linear {
    pub fn from_layer(layer: Layer, has_bias: bool) -> Self {
        Self { layer, has_bias }
    }

    pub fn layer(&self) -> &Layer {
        &self.layer
    }

    /// Warns (as `sparsejit compile` does) about NaN and Inf weights.
    pub fn warn_non_finite(&self, py: Python<'_>) -> PyResult<()> {
        let count = self.layer.non_finite_weights();
        if count == 0 {
            return Ok(());
        }
        let msg = format!(
            "{}: the weight holds {count} NaN or Inf values; they propagate into the outputs as in PyTorch",
            self.layer.name()
        );
        let msg = CString::new(msg).expect("no NUL in the message");
        PyErr::warn(py, &py.get_type::<PyRuntimeWarning>(), &msg, 2)
    }

    /// `[..., K]` gives `[..., M]`; anything else is a `ValueError`.
    fn output_shape(&self, x: &[usize]) -> PyResult<Vec<usize>> {
        let (m, k) = (self.layer.m(), self.layer.k());
        match x.last() {
            None => Err(PyValueError::new_err(format!(
                "{}: x is a scalar (shape ()), but it must have shape [..., K] with K = {k}",
                self.layer.name()
            ))),
            Some(&last) if last != k => Err(PyValueError::new_err(format!(
                "{}: x has shape {x:?}, but its last dimension must be K = {k}, the layer's \
                 in_features (weight [{m}, {k}])",
                self.layer.name()
            ))),
            Some(_) => {
                let mut out = x.to_vec();
                *out.last_mut().expect("rank >= 1") = m;
                Ok(out)
            }
        }
    }

    fn run<'py>(
        &self,
        x: &Bound<'py, PyAny>,
        out: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyArrayDyn<f32>>> {
        let py = x.py();
        let x = arrays::input(x)?;
        let shape = self.output_shape(x.shape())?;
        let y = match out {
            Some(o) => arrays::output(o, &shape)?,
            // Zeroed, not left uninitialised: a `&mut [f32]` over
            // uninitialised memory is undefined behaviour in Rust even if
            // every element is written before it is read, and calloc'd
            // memory is cheap next to the kernel (measured in
            // scripts/python_overhead.py).
            None => PyArrayDyn::<f32>::zeros(py, shape, false),
        };
        // rust-numpy's borrow tracking: `out` overlapping `x`, or in use by
        // another call right now, is an error instead of a data race.
        let xr = x.try_readonly().map_err(|e| {
            PyValueError::new_err(format!(
                "x cannot be read: {e} (is it being written by another call?)"
            ))
        })?;
        let mut yw = y.try_readwrite().map_err(|e| {
            PyValueError::new_err(format!(
                "out cannot be written: {e} (it must be writeable, must not overlap x, \
                 and must not be in use by another call)"
            ))
        })?;
        let xs = xr
            .as_slice()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let ys = yw
            .as_slice_mut()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let n = xs.len() / self.layer.k();
        let layer = &self.layer;
        // No Python object is touched inside: the kernel reads and writes
        // the two borrowed buffers only, which the borrows above keep alive
        // and exclusive (for Rust callers) until they drop after this.
        py.detach(|| layer.forward_rows(xs, n, ys)).or_py()?;
        drop((xr, yw));
        Ok(y)
    }

    fn sparse(&self) -> PyResult<&sparsejit::SparseLinear> {
        self.layer.sparse().ok_or_else(|| {
            PyValueError::new_err(format!(
                "{}: this layer runs the dense GEMM (sparsity {:.3} is under min_sparsity), \
                 so it has no generated code; compile it with a lower min_sparsity",
                self.layer.name(),
                self.layer.stats().sparsity
            ))
        })
    }
}

#[pymethods]
impl Linear {
    #[new]
    #[pyo3(signature = (weight, bias=None, *, block="4x1", activation="none", threads=1,
                        isa=None, min_sparsity=0.5, dtype=None, name="linear"))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        weight: &Bound<'_, PyAny>,
        bias: Option<&Bound<'_, PyAny>>,
        block: &str,
        activation: &str,
        threads: i64,
        isa: Option<&str>,
        min_sparsity: f64,
        dtype: Option<&Bound<'_, PyAny>>,
        name: &str,
    ) -> PyResult<Self> {
        let mut opts = compile_options(block, activation, threads, isa, min_sparsity, None)?;
        opts.dtype = parse_dtype(py, dtype)?;
        let w = arrays::parameter(weight, "weight", 2, "[M, K] = [out_features, in_features]")?;
        let (m, k) = (w.shape()[0], w.shape()[1]);
        let b = bias
            .map(|b| arrays::parameter(b, "bias", 1, "[M] (one value per output feature)"))
            .transpose()?;
        let wr = w.readonly();
        let ws = wr
            .as_slice()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let bias: Option<Vec<f32>> = match &b {
            Some(b) => Some(
                b.readonly()
                    .as_slice()
                    .map_err(|e| PyValueError::new_err(e.to_string()))?
                    .to_vec(),
            ),
            None => None,
        };
        let layer = py
            .detach(|| Layer::compile(name, ws, m, k, bias, &opts))
            .or_py()?;
        let this = Self::from_layer(layer, b.is_some());
        this.warn_non_finite(py)?;
        Ok(this)
    }

    /// ``layer(x)``: a new array ``[..., M]`` for ``x`` ``[..., K]``; see
    /// ``forward``.
    fn __call__<'py>(&self, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyArrayDyn<f32>>> {
        self.run(x, None)
    }

    /// ``y = act(x @ weight.T + bias)`` for ``x`` of shape ``[..., K]``.
    ///
    /// ``x`` must be float32 (anything else is a ``TypeError``). A
    /// C-contiguous float32 numpy array is read in place, a torch CPU tensor
    /// through ``numpy.asarray`` without a copy; a strided or unaligned
    /// ``x`` is copied once into C order. NaN and Inf in ``x`` give the NaNs
    /// and Infs of the dense product (as in PyTorch), although pruned
    /// weights are never multiplied.
    ///
    /// With ``out``, the result is written into it (a float32, C-contiguous,
    /// writeable array of shape ``[..., M]`` that does not overlap ``x``)
    /// and ``out`` is returned; otherwise a new array is.
    ///
    /// Example:
    ///     >>> y = np.empty((128, layer.out_features), np.float32)
    ///     >>> layer.forward(x, out=y) is y
    ///     True
    #[pyo3(signature = (x, *, out=None))]
    fn forward<'py>(
        &self,
        x: &Bound<'py, PyAny>,
        out: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyArrayDyn<f32>>> {
        self.run(x, out)
    }

    /// The annotated Intel-syntax listing of the generated code (what
    /// ``sparsejit dump`` prints): a header naming the kernel and plan,
    /// then every instruction with the emitter's notes.
    ///
    /// ``rows="A..B"`` keeps only row-blocks A to B; ``stats=True`` gives
    /// the instruction mix instead. A ``ValueError`` for layers without
    /// generated code (dense, or ``isa="generic"``).
    #[pyo3(signature = (*, rows=None, stats=false))]
    fn disassemble(&self, py: Python<'_>, rows: Option<&str>, stats: bool) -> PyResult<String> {
        let sparse = self.sparse()?;
        let opts = DisasmOptions {
            rows: rows.map(str::parse).transpose().or_py()?,
            stats,
        };
        py.detach(|| sparse.disassemble(&opts)).or_py()
    }

    /// The exact bytes that run (instructions, then the jump table and
    /// constants from ``code_end`` on), for
    /// ``objdump -D -b binary -mi386:x86-64 --stop-address=CODE_END``.
    fn raw_code<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let code = self.sparse()?.raw_code().or_py()?;
        Ok(PyBytes::new(py, code))
    }

    /// Where the instructions end in ``raw_code()``; None without code.
    #[getter]
    fn code_end(&self) -> Option<usize> {
        self.layer.sparse().and_then(|s| s.code_end().ok())
    }
    /// Input features K.
    #[getter]
    fn in_features(&self) -> usize {
        self.layer.k()
    }
    /// Output features M.
    #[getter]
    fn out_features(&self) -> usize {
        self.layer.m()
    }
    /// The weight's shape ``(M, K)``.
    #[getter]
    fn shape(&self) -> (usize, usize) {
        (self.layer.m(), self.layer.k())
    }
    #[getter]
    fn name(&self) -> &str {
        self.layer.name()
    }
    /// The block shape compiled, ``"RxC"`` (the one chosen, for ``"auto"``).
    #[getter]
    fn block(&self) -> String {
        self.layer.block().to_string()
    }
    #[getter]
    fn activation(&self) -> &'static str {
        self.layer.activation().name()
    }
    #[getter]
    fn threads(&self) -> usize {
        self.layer.threads()
    }
    #[getter]
    fn has_bias(&self) -> bool {
        self.has_bias
    }
    /// What runs: ``"jit"`` (generated code), ``"generic"`` (the BSR kernel)
    /// or ``"dense"`` (a dense GEMM, under ``min_sparsity`` or when tuning
    /// found it faster).
    #[getter]
    fn kernel(&self) -> &'static str {
        self.layer.kernel().name()
    }
    /// The generated kernel's name (everything that decides its code), or
    /// ``"dense"``.
    #[getter]
    fn kernel_name(&self) -> String {
        self.layer.kernel_name()
    }
    /// The ISA of the compiled kernel (``"avx512"``, ``"avx2"``,
    /// ``"cranelift"``, ``"generic"``); None for a dense layer.
    #[getter]
    fn isa(&self) -> Option<String> {
        self.layer.sparse().map(|s| s.plan().target.to_string())
    }
    /// The weight's zero fraction: ``1 - nnz / (M * K)``.
    #[getter]
    fn sparsity(&self) -> f64 {
        self.layer.stats().sparsity
    }
    /// Nonzero weights.
    #[getter]
    fn nnz(&self) -> usize {
        self.layer.stats().nnz
    }
    /// Stored blocks.
    #[getter]
    fn blocks(&self) -> usize {
        self.layer.stats().blocks
    }
    /// Bytes of generated code (0 for dense and generic layers).
    #[getter]
    fn code_bytes(&self) -> usize {
        self.layer.code_bytes()
    }
    /// Milliseconds the compile took (block detection, scheduling, code
    /// generation unless the kernel cache had it, and tuning).
    #[getter]
    fn compile_ms(&self) -> f64 {
        self.layer.compile_time().as_secs_f64() * 1e3
    }
    /// Whether the kernel cache already held the code (None without code).
    #[getter]
    fn cache_hit(&self) -> Option<bool> {
        self.layer.cache_hit()
    }
    /// NaN and Inf values in the weight.
    #[getter]
    fn non_finite_weights(&self) -> usize {
        self.layer.non_finite_weights()
    }
    /// With ``tune=N``: the median milliseconds of the JIT, generic and
    /// dense kernels on N tokens (and for an INT8 layer of the fp32 JIT
    /// kernel), the kernel chosen and its dtype; otherwise None.
    #[getter]
    fn tuning<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(t) = self.layer.tuning() else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        d.set_item("tokens", t.tokens)?;
        d.set_item("jit_ms", t.jit.map(|s| s * 1e3))?;
        // Timed for a layer compiled INT8: the fp32 JIT kernel beside it.
        d.set_item("jit_f32_ms", t.jit_f32.map(|s| s * 1e3))?;
        d.set_item("dtype", t.dtype.name())?;
        d.set_item("generic_ms", t.generic * 1e3)?;
        d.set_item("dense_ms", t.dense * 1e3)?;
        d.set_item("chosen", t.chosen.name())?;
        Ok(Some(d))
    }

    /// A layer is immutable, so a copy (``copy.deepcopy`` of a sparsified
    /// model included) shares the compiled kernel.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }
    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }

    fn __repr__(&self) -> String {
        let l = &self.layer;
        format!(
            "Linear(name='{}', out_features={}, in_features={}, block={}, sparsity={:.3}, \
             kernel='{}', code_bytes={}, threads={})",
            l.name(),
            l.m(),
            l.k(),
            l.block(),
            l.stats().sparsity,
            l.kernel_name(),
            l.code_bytes(),
            l.threads()
        )
    }
}

/// One-shot block magnitude pruning, the rule of ``sparsejit prune``:
/// returns a float32 copy of ``weight`` (``[M, K]``) in which the
/// ``sparsity`` fraction of ``block`` tiles with the smallest L2 norm are
/// zero (ties keep the earlier block).
///
/// It does not fine-tune: on a dense-trained model the result is a real
/// sparsity pattern for benchmarks and tests, not a model to deploy.
///
/// Example:
///     >>> w = sparsejit.prune(np.random.rand(64, 32).astype(np.float32), 0.75, block="4x1")
///     >>> float((w == 0).mean())
///     0.75
#[pyfunction]
#[pyo3(signature = (weight, sparsity, *, block="4x1"))]
pub fn prune<'py>(
    weight: &Bound<'py, PyAny>,
    sparsity: f64,
    block: &str,
) -> PyResult<Bound<'py, numpy::PyArray2<f32>>> {
    let py = weight.py();
    let block: BlockShape = block.parse().or_py()?;
    let w = arrays::parameter(weight, "weight", 2, "[M, K]")?;
    let (m, k) = (w.shape()[0], w.shape()[1]);
    let mut data = w
        .readonly()
        .as_slice()
        .map_err(|e| PyValueError::new_err(e.to_string()))?
        .to_vec();
    py.detach(|| sparsejit::sparse::prune::prune_blocks(&mut data, m, k, block, sparsity))
        .or_py()?;
    numpy::PyArray1::from_vec(py, data).reshape([m, k])
}
