//! `sparsejit.bench(weight, ...)`: the rows of `sparsejit bench --json`.

use crate::arrays;
use crate::errors::OrPy;
use numpy::{PyArrayMethods, PyUntypedArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use sparsejit::BlockShape;
use sparsejit::bench::{BenchConfig, bench_weights};
use std::time::Duration;

/// Times the JIT kernel, the generic BSR kernel and the dense GEMM (the
/// ``gemm`` crate) on ``weight`` (``[M, K]``) and the same random ``x`` of
/// ``n`` tokens, in one run, as ``sparsejit bench --json`` does; returns
/// its rows as a list of dicts (``kernel``, ``median_ms``, ``gflops_nnz``,
/// ``speedup_vs_dense``, ...: see the README, "Reading a benchmark").
///
/// With ``dtype="int8"`` the ``jit`` row is the INT8 kernel (its
/// quantize-and-pack of ``x`` included) and a ``jit-f32`` row times the fp32
/// JIT kernel beside it; every row has a ``dtype`` field.
///
/// Each kernel runs at least 5 times and for at least ``budget_ms``; the
/// GIL is released meanwhile. ``peak_fraction`` uses the FMA peak measured
/// once per process (about 0.2 s the first time).
///
/// Example:
///     >>> rows = sparsejit.bench(sparsejit.prune(np.random.rand(768, 768).astype(np.float32), 0.9))
///     >>> {r["kernel"]: round(r["speedup_vs_dense"], 1) for r in rows}   # doctest: +SKIP
///     {'jit': 5.9, 'generic': 2.7, 'dense': 1.0}
#[pyfunction]
#[pyo3(signature = (weight, n=128, threads=1, *, block="4x1", budget_ms=300, isa=None,
                    dense_ref=false, name=None, dtype=None))]
#[allow(clippy::too_many_arguments)]
pub fn bench(
    py: Python<'_>,
    weight: &Bound<'_, PyAny>,
    n: usize,
    threads: usize,
    block: &str,
    budget_ms: u64,
    isa: Option<&str>,
    dense_ref: bool,
    name: Option<String>,
    dtype: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let dtype = crate::linear::parse_dtype(py, dtype)?;
    if n == 0 || threads == 0 {
        return Err(PyValueError::new_err(format!(
            "n and threads must be at least 1 (got n={n}, threads={threads})"
        )));
    }
    let block: BlockShape = block.parse().or_py()?;
    // Validated as for a layer; only the ISA is used here.
    let isa = crate::linear::compile_options("4x1", "none", threads as i64, isa, 0.5, None)?.isa;
    let w = arrays::parameter(weight, "weight", 2, "[M, K]")?;
    let (m, k) = (w.shape()[0], w.shape()[1]);
    let name = name.unwrap_or_else(|| format!("{m}x{k}x{n}"));
    let wr = w.readonly();
    let ws = wr
        .as_slice()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let json = py
        .detach(|| {
            let cfg = BenchConfig {
                n,
                threads,
                budget: Duration::from_millis(budget_ms),
                dense_ref,
                // As the CLI: no peak column when it cannot be measured.
                peak: sparsejit::runtime::peak::fma_peak().ok(),
                tile: None,
                cranelift: false,
                isa,
                dtype,
                mac: None,
            };
            let rows = bench_weights(&name, ws, m, k, block, &cfg)?;
            Ok(serde_json::to_string(&rows).expect("rows serialise"))
        })
        .or_py()?;
    // Through JSON so the dicts hold exactly the fields of `bench --json`.
    let rows = py.import("json")?.call_method1("loads", (json,))?;
    Ok(rows.unbind())
}
