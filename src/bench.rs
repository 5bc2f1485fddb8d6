//! Side-by-side benchmarks of one weight matrix: the JIT kernel, the generic
//! BSR kernel, the `gemm` crate's dense GEMM and the project's dense
//! reference, on the same X, timed in one run. `sparsejit bench` prints these
//! rows and serialises them with `--json`.
//!
//! Figures (DESIGN.md §4): nonzero GFLOP/s = 2·nnz·N/t; dense-equivalent
//! GFLOP/s = 2·M·K·N/t; peak fraction = the flops a kernel executes per
//! second over the measured FMA peak (nonzero flops for sparse kernels,
//! M·K·N for dense ones).
//!
//! With `dtype` INT8 the "jit" row is the INT8 kernel, including its
//! quantize-and-pack of X, and a "jit-f32" row times the fp32 JIT kernel
//! on the same weights; INT8 figures are GOP/s (integer multiplies and
//! adds) and their peak fraction is of the INT8 family's measured peak.

use crate::error::Result;
use crate::measure::{Timing, time_interleaved};
use crate::plan::{Activation, Dtype, Isa, IsaChoice, Mac};
use crate::reference::{dense_linear, gemm::dense_gemm};
use crate::runtime::{LinearOptions, SparseLinear};
use crate::sparse::prune::SplitMix64;
use crate::sparse::{BlockShape, BsrMatrix};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// One kernel on one problem.
#[derive(Clone, Debug, Serialize)]
pub struct BenchRow {
    /// Layer name, or the shape for synthetic problems.
    pub name: String,
    /// jit, jit-f32 (the fp32 JIT beside an INT8 one), cranelift, generic,
    /// dense (the `gemm` crate) or dense-ref (the project's).
    pub kernel: String,
    /// What the kernel computes in: f32 or int8.
    pub dtype: String,
    /// The generated kernel's name (plan), for JIT rows.
    pub kernel_name: Option<String>,
    pub m: usize,
    pub k: usize,
    pub n: usize,
    /// Measured sparsity of the weights: 1 - nnz/(M·K).
    pub sparsity: f64,
    pub block: String,
    pub threads: usize,
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    pub reps: usize,
    /// G operations per second on the nonzeros: flops for fp32, integer
    /// multiplies and adds for INT8 (GOP/s).
    pub gflops_nnz: f64,
    pub gflops_dense_eq: f64,
    pub peak_fraction: Option<f64>,
    pub speedup_vs_dense: f64,
    pub speedup_vs_generic: f64,
    /// Code bytes of the JIT kernel per stored weight.
    pub code_bytes_per_nnz: Option<f64>,
    /// Code generation time per million stored weights, in ms.
    pub compile_ms_per_mnnz: Option<f64>,
    /// Whether this kernel was the fastest of jit, generic and dense here:
    /// the one a tuned layer (`compile --tune N`) would run.
    pub chosen: bool,
}

/// The sparsity at which the JIT kernel starts to beat the dense GEMM for
/// `block`, interpolated between the measured sparsities; `None` if it
/// never does (or always does) in `rows`.
pub fn crossover(rows: &[BenchRow], block: &str) -> Option<f64> {
    let mut pts: Vec<(f64, f64)> = rows
        .iter()
        .filter(|r| r.kernel == "jit" && r.block == block)
        .map(|r| (r.sparsity, r.speedup_vs_dense))
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    pts.windows(2)
        .find(|w| w[0].1 < 1.0 && w[1].1 >= 1.0)
        .map(|w| {
            let ((s0, v0), (s1, v1)) = (w[0], w[1]);
            s0 + (1.0 - v0) * (s1 - s0) / (v1 - v0)
        })
}

/// What to benchmark one weight with.
#[derive(Clone, Debug)]
pub struct BenchConfig {
    pub n: usize,
    pub threads: usize,
    /// Time budget per kernel (at least 5 repetitions run).
    pub budget: Duration,
    /// Include the project's own (slower) dense reference.
    pub dense_ref: bool,
    /// Measured FMA peak in GFLOP/s, if known.
    pub peak: Option<f64>,
    /// A register tile other than the template's default.
    pub tile: Option<crate::plan::RegisterTile>,
    /// Also time the Cranelift backend's kernel (its compile is slow).
    pub cranelift: bool,
    /// The ISA the "jit" row is compiled for (`None`: the best available).
    pub isa: Option<IsaChoice>,
    /// The "jit" row's dtype; INT8 adds a "jit-f32" row.
    pub dtype: Dtype,
    /// An INT8 multiply-accumulate other than the family's default.
    pub mac: Option<Mac>,
}

/// Times every kernel on `w` (`[m, k]` row-major, with `block` tiles) and
/// returns one row per kernel, speedups filled in.
pub fn bench_weights(
    name: &str,
    w: &[f32],
    m: usize,
    k: usize,
    block: BlockShape,
    cfg: &BenchConfig,
) -> Result<Vec<BenchRow>> {
    let n = cfg.n;
    let bsr = Arc::new(BsrMatrix::from_dense(w, m, k, block)?);
    let stats = bsr.stats();
    let mut rng = SplitMix64::new(0x5eed);
    let x: Vec<f32> = (0..n * k).map(|_| rng.next_f32_signed()).collect();
    let opts = LinearOptions {
        threads: cfg.threads,
        tile: cfg.tile,
        isa: cfg.isa,
        dtype: cfg.dtype,
        mac: cfg.mac,
        ..Default::default()
    };
    let jit = SparseLinear::compile(bsr.clone(), None, &opts)?;
    // Beside an INT8 kernel, the fp32 kernels it replaces.
    let f32_opts = LinearOptions {
        dtype: Dtype::F32,
        mac: None,
        tile: None,
        ..opts.clone()
    };
    let jit_f32 = match cfg.dtype {
        Dtype::Int8 => Some(SparseLinear::compile(bsr.clone(), None, &f32_opts)?)
            .filter(|l| l.code().is_some()),
        Dtype::F32 => None,
    };
    let int8_peak = match (cfg.dtype, cfg.peak) {
        (Dtype::Int8, Some(_)) => {
            crate::runtime::peak::int8_peak(jit.plan().target.isa, jit.plan().mac).ok()
        }
        _ => None,
    };
    let generic_opts = LinearOptions {
        isa: Some(Isa::Generic.into()),
        ..f32_opts.clone()
    };
    let generic = SparseLinear::compile(bsr.clone(), None, &generic_opts)?;
    let cranelift = if cfg.cranelift {
        let o = LinearOptions {
            isa: Some(IsaChoice::Cranelift),
            ..f32_opts
        };
        Some(SparseLinear::compile(bsr, None, &o)?)
    } else {
        None
    };

    let sparse_flops = 2.0 * stats.stored as f64 * n as f64;
    let dense_flops = 2.0 * (m * k * n) as f64;
    // Each kernel writes its own Y, so the closures can live side by side.
    let mut ys = vec![vec![0.0f32; n * m]; 6];
    let [y_jit, y_f32, y_cl, y_gen, y_dense, y_ref] = ys.as_mut_slice() else {
        unreachable!("six buffers")
    };
    let mut run_jit = || jit.forward(&x, n, y_jit).expect("shapes match");
    let mut run_f32 = || {
        if let Some(l) = &jit_f32 {
            l.forward(&x, n, y_f32).expect("shapes match")
        }
    };
    let mut run_cl = || {
        if let Some(c) = &cranelift {
            c.forward(&x, n, y_cl).expect("shapes match")
        }
    };
    let mut run_gen = || generic.forward(&x, n, y_gen).expect("shapes match");
    let mut run_dense = || dense_gemm(&x, n, k, w, m, None, Activation::None, y_dense, cfg.threads);
    let mut run_ref = || dense_linear(&x, n, k, w, m, None, Activation::None, y_ref);
    let mut fs: Vec<&mut dyn FnMut()> = Vec::new();
    let mut meta: Vec<(&str, f64)> = Vec::new();
    if jit.code().is_some() {
        fs.push(&mut run_jit);
        meta.push(("jit", sparse_flops));
    }
    if jit_f32.is_some() {
        fs.push(&mut run_f32);
        meta.push(("jit-f32", sparse_flops));
    }
    if cranelift.is_some() {
        fs.push(&mut run_cl);
        meta.push(("cranelift", sparse_flops));
    }
    fs.push(&mut run_gen);
    meta.push(("generic", sparse_flops));
    fs.push(&mut run_dense);
    meta.push(("dense", dense_flops));
    if cfg.dense_ref {
        fs.push(&mut run_ref);
        meta.push(("dense-ref", dense_flops));
    }
    // Interleaved rounds, as `bench-model` does: noise during the run hits
    // every kernel alike, so the speedups (ratios of medians) stay honest.
    let times = time_interleaved(5, cfg.budget, &mut fs);
    drop(fs);
    let timed: Vec<(&str, Timing, f64)> = meta
        .into_iter()
        .zip(times)
        .map(|((name, flops), t)| (name, t, flops))
        .collect();
    let of = |kernel: &str| timed.iter().find(|t| t.0 == kernel).map(|t| t.1.median_s());
    let (dense_s, generic_s) = (of("dense").expect("timed"), of("generic").expect("timed"));
    let nnz_flops = 2.0 * stats.nnz as f64 * n as f64;
    let fastest = timed
        .iter()
        .filter(|t| matches!(t.0, "jit" | "jit-f32" | "generic" | "dense"))
        .map(|t| t.1.median_s())
        .fold(f64::INFINITY, f64::min);
    Ok(timed
        .into_iter()
        .map(|(kernel, t, executed)| {
            let s = t.median_s();
            let code_of = match kernel {
                "jit" => Some(&jit),
                "jit-f32" => jit_f32.as_ref(),
                "cranelift" => cranelift.as_ref(),
                _ => None,
            };
            let int8 = kernel == "jit" && cfg.dtype == Dtype::Int8;
            let peak = if int8 { int8_peak } else { cfg.peak };
            BenchRow {
                name: name.to_string(),
                kernel: kernel.to_string(),
                dtype: if int8 { "int8" } else { "f32" }.to_string(),
                kernel_name: code_of.map(|l| l.kernel_name()),
                m,
                k,
                n,
                sparsity: stats.sparsity,
                block: block.to_string(),
                threads: cfg.threads,
                median_ms: s * 1e3,
                min_ms: t.min.as_secs_f64() * 1e3,
                max_ms: t.max.as_secs_f64() * 1e3,
                reps: t.reps,
                gflops_nnz: nnz_flops / s / 1e9,
                gflops_dense_eq: dense_flops / s / 1e9,
                peak_fraction: peak.map(|p| executed / s / 1e9 / (p * cfg.threads as f64)),
                speedup_vs_dense: dense_s / s,
                speedup_vs_generic: generic_s / s,
                code_bytes_per_nnz: code_of
                    .and_then(|l| l.code())
                    .map(|c| c.len() as f64 / stats.stored.max(1) as f64),
                // The JIT, generic and dense kernels are what tuning picks from.
                chosen: matches!(kernel, "jit" | "jit-f32" | "generic" | "dense") && s == fastest,
                // The kernel's own code generation, not this compile's wall
                // time, which on a cache hit is only the scheduling.
                compile_ms_per_mnnz: code_of
                    .and_then(|l| l.code_generation_time())
                    .map(|t| t.as_secs_f64() * 1e3 / (stats.stored.max(1) as f64 / 1e6)),
            }
        })
        .collect())
}
