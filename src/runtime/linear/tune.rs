//! Per-layer choice between the JIT kernel, the generic BSR kernel and a
//! dense GEMM, made by timing all three on the layer's own weights (as
//! LIBXSMM's FsSpMDM times a dense and a sparse kernel when a handle is
//! created). At low sparsity or tiny N the dense GEMM wins; for very large
//! patterns at moderate sparsity the generated code outgrows the caches and
//! the generic kernel wins. The JIT kernel is timed with each register tile
//! its template allows (the templates' knobs), and for INT8 with each
//! multiply-accumulate, and keeps the fastest. A layer compiled INT8 (the
//! user allowed INT8) is also timed as the fp32 JIT kernel, and becomes
//! fp32 when that is faster; an fp32 layer never becomes INT8. The choice
//! and the times behind it are kept so `compile` and `bench` can print
//! them.

use super::{Engine, KernelCache, LinearOptions, SparseLinear};
use crate::error::{Error, Result};
use crate::measure::time;
use crate::plan::{Backend, Dtype, Mac, RegisterTile};
use crate::reference::gemm::dense_gemm;
use crate::runtime::tuned;
use crate::sparse::prune::SplitMix64;
use std::fmt;
use std::time::Duration;

/// The kernel a layer runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    /// The generated code.
    Jit,
    /// The generic BSR kernel (indices read at run time).
    Generic,
    /// The `gemm` crate's dense GEMM on the dense weight.
    Dense,
}

impl Kernel {
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Jit => "jit",
            Kernel::Generic => "generic",
            Kernel::Dense => "dense",
        }
    }
}

impl fmt::Display for Kernel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Median times (seconds) measured when tuning, on `tokens` tokens; `jit` is
/// the fastest register tile's (the plan keeps that tile) in the dtype the
/// layer was compiled in; `jit_f32` the fp32 JIT kernel's, timed only for
/// a layer compiled INT8.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tuning {
    pub tokens: usize,
    pub jit: Option<f64>,
    pub jit_f32: Option<f64>,
    pub generic: f64,
    pub dense: f64,
    pub chosen: Kernel,
    /// The dtype the layer runs in after tuning.
    pub dtype: Dtype,
    /// The JIT kernel's time with the variant it was compiled with, before
    /// the other tiles and multiply-accumulates were tried.
    pub jit_start: Option<f64>,
}

/// Time per candidate: enough for a stable median on small layers, bounded
/// on large ones.
const BUDGET: Duration = Duration::from_millis(30);

impl SparseLinear {
    /// The kernel `forward` runs.
    pub fn kernel(&self) -> Kernel {
        self.active
    }

    /// The measurements behind the choice, if the layer was tuned.
    pub fn tuning(&self) -> Option<Tuning> {
        self.tuning
    }

    /// Runs `kernel` from now on. The JIT kernel exists only when the layer
    /// was compiled for a JIT ISA.
    pub fn set_kernel(&mut self, kernel: Kernel) -> Result<()> {
        match (kernel, &self.engine) {
            (Kernel::Jit, Engine::Generic) => {
                return Err(Error::Unsupported(
                    "this layer has no JIT kernel (it was compiled for the generic ISA)".into(),
                ));
            }
            (Kernel::Dense, _) if self.dense.is_none() => {
                self.dense = Some(self.weights.to_dense());
            }
            _ => {}
        }
        self.active = kernel;
        Ok(())
    }

    /// Times every available kernel on `tokens` random tokens and keeps the
    /// fastest.
    pub fn tune(&mut self, tokens: usize) -> Result<Tuning> {
        let (m, k, n) = (self.plan.m, self.plan.k, tokens.max(1));
        let mut rng = SplitMix64::new(0x7e57);
        let x: Vec<f32> = (0..n * k).map(|_| rng.next_f32_signed()).collect();
        let mut y = vec![0.0f32; n * m];
        let mut measure = |layer: &mut Self, kernel: Kernel| -> Result<f64> {
            layer.set_kernel(kernel)?;
            layer.forward(&x, n, &mut y)?;
            Ok(time(3, BUDGET, || {
                layer.forward(&x, n, &mut y).expect("shapes match")
            })
            .median_s())
        };
        let mut jit = match self.engine {
            Engine::Jit { .. } => Some(measure(self, Kernel::Jit)?),
            Engine::Generic => None,
        };
        let jit_start = jit;
        // The template's other legal register tiles for this block: the
        // knobs a tuner may try. A faster one replaces the plan and code.
        if let Some(best) = jit.as_mut() {
            for (tile, mac) in self.tile_candidates() {
                let rows = self.plan.k_block;
                self.try_variant((tile, mac, rows), best, &mut measure)?;
            }
            // Then the K-blocks, on the fastest tile.
            for rows in self.k_block_candidates() {
                let (tile, mac) = (self.plan.tile, self.plan.mac);
                self.try_variant((tile, mac, rows), best, &mut measure)?;
            }
        }
        // INT8 was allowed: the fp32 JIT kernel competes too (its default
        // tile), and replaces the INT8 one when it is faster.
        let mut jit_f32 = None;
        if self.int8.is_some() && jit.is_some() {
            let opts = LinearOptions {
                activation: self.plan.epilogue.activation,
                isa: None,
                dtype: Dtype::F32,
                threads: self.threads,
                ..Default::default()
            };
            let mut alt = self.recompile(&opts)?;
            if alt.code().is_some() {
                let t = measure(&mut alt, Kernel::Jit)?;
                jit_f32 = Some(t);
                if jit.is_some_and(|best| t < best) {
                    // Swaps the quantized weights out too: the layer is fp32.
                    self.take_kernel(&mut alt);
                }
                KernelCache::global().evict(&alt.plan, &self.weights);
            }
        }
        let jit_now = match self.plan.target.dtype {
            Dtype::F32 => jit.into_iter().chain(jit_f32).reduce(f64::min),
            Dtype::Int8 => jit,
        };
        let generic = measure(self, Kernel::Generic)?;
        let dense = measure(self, Kernel::Dense)?;
        let mut chosen = (Kernel::Generic, generic);
        for (kernel, t) in [(Kernel::Jit, jit_now), (Kernel::Dense, Some(dense))] {
            if let Some(t) = t
                && t < chosen.1
            {
                chosen = (kernel, t);
            }
        }
        self.set_kernel(chosen.0)?;
        if chosen.0 != Kernel::Dense {
            self.dense = None;
        }
        let tuning = Tuning {
            tokens: n,
            jit,
            jit_f32,
            generic,
            dense,
            chosen: chosen.0,
            dtype: self.plan.target.dtype,
            jit_start,
        };
        self.tuning = Some(tuning);
        Ok(tuning)
    }

    /// Records the JIT variant `t` found fastest in the tuning file, under
    /// this CPU, target, block and weight class (nothing for a layer that
    /// has no dynasm JIT kernel, or that became fp32 from INT8).
    pub fn record_variant(&self, t: &Tuning) -> Result<()> {
        let (Some(start), Some(best)) = (t.jit_start, t.jit) else {
            return Ok(());
        };
        // jit_f32 is timed only for layers compiled INT8: if it is set and
        // the layer is fp32 now, the fp32 default won, and `start`/`best`
        // are INT8 times.
        let became_f32 = t.jit_f32.is_some() && t.dtype == Dtype::F32;
        if self.plan.target.backend != Backend::Dynasm || became_f32 {
            return Ok(());
        }
        let (m, k) = (self.plan.m, self.plan.k);
        let density = self.weights.stats().nnz as f64 / (m * k).max(1) as f64;
        let entry = tuned::TuneEntry {
            key: tuned::TuneKey::new(
                self.plan.target.isa,
                self.plan.target.dtype,
                self.plan.block,
                k,
                density,
            ),
            tile: format!("{}x{}", self.plan.tile.rows, self.plan.tile.vecs),
            mac: self.plan.mac.name().into(),
            k_block: self.plan.can_k_block().then_some(self.plan.k_block),
            speedup: start / best,
            measured_on: format!(
                "{m}x{k}, {:.0}% dense, {} tokens",
                density * 100.0,
                t.tokens
            ),
        };
        let mut file = tuned::global().lock().unwrap_or_else(|p| p.into_inner());
        if file.path().is_none() {
            return Ok(());
        }
        file.record(entry)
    }

    /// Takes `other`'s plan and code (and quantized weights), leaving it
    /// ours: the tuner keeps the faster of two compiles of these weights.
    fn take_kernel(&mut self, other: &mut Self) {
        std::mem::swap(&mut self.plan, &mut other.plan);
        std::mem::swap(&mut self.engine, &mut other.engine);
        std::mem::swap(&mut self.int8, &mut other.int8);
    }

    /// Compiles this layer's variant with `tile`, `mac` and K-block
    /// `rows`, times it with `measure`, and keeps it when it beats `best`
    /// (which it then lowers).
    fn try_variant(
        &mut self,
        (tile, mac, rows): (RegisterTile, Mac, usize),
        best: &mut f64,
        measure: &mut impl FnMut(&mut Self, Kernel) -> Result<f64>,
    ) -> Result<()> {
        let opts = LinearOptions {
            activation: self.plan.epilogue.activation,
            // Variants are tuned for dynasm targets only, whose level
            // names the target again.
            isa: Some(self.plan.target.isa.into()),
            dtype: self.plan.target.dtype,
            threads: self.threads,
            tile: Some(tile),
            mac: Some(mac),
            tune_tokens: None,
            use_tuning_file: false,
            k_block: Some(rows),
        };
        let mut alt = self.recompile(&opts)?;
        let t = measure(&mut alt, Kernel::Jit)?;
        if t < *best {
            *best = t;
            self.take_kernel(&mut alt);
        }
        // `alt` now holds the slower kernel: only the kept one stays in
        // the cache.
        KernelCache::global().evict(&alt.plan, &self.weights);
        Ok(())
    }

    /// K-blocks to try besides the current one (none, and blocks of 128 to
    /// 1024 rows shorter than K), for the families that have them. The
    /// differential tests run K-blocks of 16 to 128 rows on K up to 300:
    /// longer blocks take the same code paths.
    fn k_block_candidates(&self) -> Vec<usize> {
        if !self.plan.can_k_block() {
            return Vec::new();
        }
        [0, 128, 256, 512, 1024]
            .into_iter()
            .filter(|&rows| rows < self.plan.k && rows != self.plan.k_block)
            .collect()
    }

    /// (register tile, multiply-accumulate) pairs other than the current
    /// one that the plan's template allows for this block and that the x86
    /// epilogue stores well (whole 4-row quads).
    fn tile_candidates(&self) -> Vec<(RegisterTile, Mac)> {
        // Only the dynasm kernels are tuned: Cranelift compiles are slow.
        if self.plan.target.backend != Backend::Dynasm {
            return Vec::new();
        }
        let t = self.plan.template();
        let r = self.plan.block.rows;
        let current = (self.plan.tile, self.plan.mac);
        t.legal_tiles()
            .into_iter()
            .filter(|c| c.rows >= 4)
            .filter(|c| c.rows.is_multiple_of(r) || r.is_multiple_of(c.rows))
            .flat_map(|c| t.macs().iter().map(move |&mac| (c, mac)))
            .filter(|&c| c != current)
            .collect()
    }

    pub(super) fn forward_dense(&self, x: &[f32], n: usize, y: &mut [f32]) {
        let w = self
            .dense
            .as_deref()
            .expect("set_kernel(Dense) keeps the dense weight");
        let (m, k) = (self.plan.m, self.plan.k);
        dense_gemm(
            x,
            n,
            k,
            w,
            m,
            self.bias(),
            self.plan.epilogue.activation,
            y,
            self.threads,
        );
    }
}
