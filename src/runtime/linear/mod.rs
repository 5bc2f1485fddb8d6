//! `SparseLinear`: one block-sparse weight compiled for this machine, in
//! fp32 or INT8, and its `forward` (`Y = act(X·Wᵀ + b)`; how a call runs is
//! in `forward`).

mod forward;
mod tune;
mod work;

pub use tune::{Kernel, Tuning};

use super::cache::{CachedKernel, KernelCache};
use super::{cpu, pool, tuned};
use crate::codegen::emitter_for;
use crate::error::{Error, Result};
use crate::layout::{Panels, RowTable};
use crate::plan::{
    Activation, Backend, Dtype, Epilogue, IsaChoice, KernelPlan, Mac, RegisterTile, Schedule,
};
use crate::quant::QuantizedWeights;
use crate::sparse::{BlockShape, BsrMatrix};
use aligned_vec::{AVec, ConstAlign};
use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;
use work::{WORKSPACE_KEEP, all_finite};

/// How to compile one layer.
#[derive(Clone, Debug)]
pub struct LinearOptions {
    pub activation: Activation,
    /// `None`: the best the CPU and `SPARSEJIT_ISA` allow.
    pub isa: Option<IsaChoice>,
    /// What the kernel computes in.
    pub dtype: Dtype,
    /// Threads for `forward`; 0 means all cores, 1 runs on the caller's thread.
    pub threads: usize,
    /// A register tile other than the template's default (tuning).
    pub tile: Option<RegisterTile>,
    /// An INT8 multiply-accumulate other than the template's default (the
    /// AVX2 family has two).
    pub mac: Option<Mac>,
    /// Time the compiled kernel, the generic kernel and a dense GEMM on
    /// this many tokens after compiling, and run the fastest (as LIBXSMM's
    /// FsSpMDM does). `None` always runs the ISA's kernel.
    pub tune_tokens: Option<usize>,
    /// Start from the variant the tuning file (`runtime::tuned`) recorded
    /// for this CPU and weight class, when neither `tile` nor `mac` is
    /// given; and with `tune_tokens`, record the winner there. Off by
    /// default in the library (a build's kernels then depend on nothing
    /// but its inputs); the CLI and the Python package turn it on.
    pub use_tuning_file: bool,
    /// Input rows per K-block (`KernelPlan::k_block`; dynasm kernels whose
    /// X is not gathered):
    /// `None` for the default (`plan::default_k_block`), `Some(0)` for none.
    pub k_block: Option<usize>,
}

impl Default for LinearOptions {
    fn default() -> Self {
        Self {
            activation: Activation::None,
            isa: None,
            dtype: Dtype::F32,
            threads: 1,
            tile: None,
            mac: None,
            tune_tokens: None,
            use_tuning_file: false,
            k_block: None,
        }
    }
}

/// `SPARSEJIT_K_BLOCK`: input rows per K-block for the families that have
/// K-blocks, in place of the default (`0` for none); unset for the default.
fn env_k_block() -> Result<Option<usize>> {
    let Ok(v) = std::env::var("SPARSEJIT_K_BLOCK") else {
        return Ok(None);
    };
    v.trim().parse().map(Some).map_err(|_| {
        Error::InvalidArgument(format!(
            "SPARSEJIT_K_BLOCK={v:?}: expected a number of input rows (a multiple of 16), or 0 for no K-blocks"
        ))
    })
}

/// `plan` with the variant the tuning file recorded for its CPU, target,
/// block and weight class, if there is one and the template allows it.
fn tuned_variant(plan: KernelPlan, weights: &BsrMatrix) -> KernelPlan {
    if plan.target.backend != Backend::Dynasm {
        return plan;
    }
    let density = weights.stats().nnz as f64 / (plan.m * plan.k).max(1) as f64;
    let key = tuned::TuneKey::new(
        plan.target.isa,
        plan.target.dtype,
        plan.block,
        plan.k,
        density,
    );
    let found = tuned::global()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .lookup(&key);
    let Some(v) = found else {
        return plan;
    };
    let rows = v.k_block.unwrap_or(plan.k_block);
    KernelPlan::with_tile(
        plan.m,
        plan.k,
        plan.block,
        plan.target,
        plan.epilogue,
        v.tile,
    )
    .and_then(|p| p.with_mac(v.mac))
    .and_then(|p| p.with_k_block(rows))
    .unwrap_or(plan)
}

/// A compiled block-sparse linear layer.
pub struct SparseLinear {
    weights: Arc<BsrMatrix>,
    bias: Option<Vec<f32>>,
    plan: KernelPlan,
    threads: usize,
    engine: Engine,
    /// The kernel `forward` runs: the engine's, or generic or dense.
    active: Kernel,
    /// The dense weight, kept only when the dense GEMM runs or was tuned.
    dense: Option<Vec<f32>>,
    tuning: Option<Tuning>,
    /// Wall time of `compile`: scheduling, and code generation on a miss.
    compile_time: Duration,
    /// The quantized weights and the kernel's row table (INT8 plans only).
    int8: Option<Int8Weights>,
}

/// What an INT8 layer computes with.
struct Int8Weights {
    weights: QuantizedWeights,
    rows: RowTable,
}

enum Engine {
    /// Generated code, and the weights packed in its schedule order.
    Jit {
        kernel: Arc<CachedKernel>,
        values: AVec<u32, ConstAlign<64>>,
        /// Prefix sums of the groups' entries, to balance threads.
        work: Vec<usize>,
        /// Whether the code came from the kernel cache.
        cache_hit: bool,
    },
    /// The generic BSR kernel (INT8: the exact integer reference).
    Generic,
}

/// Per-thread buffers reused across calls.
#[derive(Default)]
struct Workspace {
    panels: Panels,
    /// Output panels the kernel cannot write into y directly.
    scratch: Vec<f32>,
}

impl Workspace {
    fn bytes(&self) -> usize {
        (self.panels.capacity() + self.scratch.capacity()) * 4
    }
}

thread_local! {
    static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace::default());
}

impl SparseLinear {
    /// Compiles `weights` (with an optional `bias` of M floats) in
    /// `opts.dtype`; INT8 quantizes them per row (see `quant`).
    pub fn compile(
        weights: Arc<BsrMatrix>,
        bias: Option<Vec<f32>>,
        opts: &LinearOptions,
    ) -> Result<Self> {
        let quantized = match opts.dtype {
            Dtype::F32 => None,
            Dtype::Int8 => Some(QuantizedWeights::quantize(&weights)?),
        };
        Self::build(weights, quantized, bias, opts)
    }

    /// Compiles weights quantized elsewhere (s8 values and one scale per
    /// row) as an INT8 layer, whatever `opts.dtype` says.
    pub fn compile_quantized(
        weights: QuantizedWeights,
        bias: Option<Vec<f32>>,
        opts: &LinearOptions,
    ) -> Result<Self> {
        let fp32 = Arc::new(weights.dequantize());
        let opts = LinearOptions {
            dtype: Dtype::Int8,
            ..opts.clone()
        };
        Self::build(fp32, Some(weights), bias, &opts)
    }

    /// The same weights (quantized ones kept as they are) compiled with
    /// `opts`.
    fn recompile(&self, opts: &LinearOptions) -> Result<Self> {
        let quantized = match opts.dtype {
            Dtype::F32 => None,
            Dtype::Int8 => match &self.int8 {
                Some(q) => Some(q.weights.clone()),
                None => Some(QuantizedWeights::quantize(&self.weights)?),
            },
        };
        Self::build(self.weights.clone(), quantized, self.bias.clone(), opts)
    }

    fn build(
        weights: Arc<BsrMatrix>,
        quantized: Option<QuantizedWeights>,
        bias: Option<Vec<f32>>,
        opts: &LinearOptions,
    ) -> Result<Self> {
        let start = std::time::Instant::now();
        let (m, k, block) = (weights.rows(), weights.cols(), weights.block());
        if let Some(b) = &bias
            && b.len() != m
        {
            return Err(Error::ShapeMismatch(format!(
                "bias has {} values but the weight has {m} rows",
                b.len()
            )));
        }
        let target = cpu::resolve(opts.isa, opts.dtype)?;
        let epilogue = Epilogue {
            bias: bias.is_some(),
            activation: opts.activation,
        };
        let mut plan = match opts.tile {
            Some(tile) => KernelPlan::with_tile(m, k, block, target, epilogue, tile)?,
            None => KernelPlan::new(m, k, block, target, epilogue)?,
        };
        if let Some(mac) = opts.mac {
            plan = plan.with_mac(mac)?;
        }
        // The default K-block first: a tuned variant may replace it.
        plan = match opts.k_block {
            Some(rows) => plan.with_k_block(rows)?,
            None => {
                let rows = match env_k_block()? {
                    Some(rows) if plan.can_k_block() => rows,
                    _ => crate::plan::default_k_block(&plan, cpu::l2_bytes()),
                };
                plan.with_k_block(rows)?
            }
        };
        if opts.use_tuning_file && opts.tile.is_none() && opts.mac.is_none() {
            plan = tuned_variant(plan, &weights);
            if let Some(rows) = opts.k_block {
                // An explicit K-block beats a recorded one.
                plan = plan.with_k_block(rows)?;
            }
        }
        let int8 = quantized.map(|q| Int8Weights {
            rows: RowTable::new(&q.scale, &q.compensation(), bias.as_deref()),
            weights: q,
        });
        let threads = if opts.threads == 0 {
            rayon::current_num_threads()
        } else {
            opts.threads
        };
        let mut fresh = false;
        let engine = if !target.is_jit() {
            Engine::Generic
        } else {
            // INT8 schedules pack the quantized integers.
            let sched = Schedule::new(&plan, int8.as_ref().map_or(&*weights, |q| &q.weights.q))?;
            // Every backend follows the `KernelArgs` ABI, so everything
            // below (cache, threads, the call) is the same for all; the
            // plan's target (part of the cache key) picks the emitter.
            let (kernel, cache_hit) = KernelCache::global().lookup(&plan, &weights, || {
                // Runs only on a cache miss: this call compiles.
                fresh = true;
                emitter_for(target)?.emit(&plan, &sched, false)
            })?;
            let mut work = Vec::with_capacity(sched.groups.len() + 1);
            work.push(0);
            for g in 0..sched.groups.len() {
                work.push(work[g] + sched.group_entries(g) + 1);
            }
            let values = AVec::from_slice(64, &sched.values);
            Engine::Jit {
                kernel,
                values,
                work,
                cache_hit,
            }
        };
        let active = match engine {
            Engine::Jit { .. } => Kernel::Jit,
            Engine::Generic => Kernel::Generic,
        };
        let mut layer = Self {
            weights,
            bias,
            plan,
            threads,
            engine,
            active,
            dense: None,
            tuning: None,
            compile_time: start.elapsed(),
            int8,
        };
        if fresh {
            // SPARSEJIT_DUMP / SPARSEJIT_PERF_MAP: best effort, never fails.
            super::dump::on_compiled(&layer);
        }
        if let Some(tokens) = opts.tune_tokens {
            let t = layer.tune(tokens)?;
            layer.compile_time = start.elapsed();
            if opts.use_tuning_file {
                layer.record_variant(&t)?;
            }
        }
        Ok(layer)
    }

    /// Detects the blocks of a dense `[m, k]` weight and compiles it.
    pub fn from_dense(
        w: &[f32],
        m: usize,
        k: usize,
        block: BlockShape,
        bias: Option<Vec<f32>>,
        opts: &LinearOptions,
    ) -> Result<Self> {
        Self::compile(Arc::new(BsrMatrix::from_dense(w, m, k, block)?), bias, opts)
    }

    pub fn plan(&self) -> &KernelPlan {
        &self.plan
    }
    /// What the layer computes in.
    pub fn dtype(&self) -> Dtype {
        self.plan.target.dtype
    }
    /// The quantized weights of an INT8 layer.
    pub fn quantized(&self) -> Option<&QuantizedWeights> {
        self.int8.as_ref().map(|q| &q.weights)
    }
    pub fn weights(&self) -> &BsrMatrix {
        &self.weights
    }
    pub fn bias(&self) -> Option<&[f32]> {
        self.bias.as_deref()
    }
    pub fn kernel_name(&self) -> String {
        self.plan.kernel_name()
    }
    /// The generated code, if this layer runs JIT code.
    pub fn code(&self) -> Option<&[u8]> {
        match &self.engine {
            Engine::Jit { kernel, .. } => Some(kernel.code.bytes()),
            Engine::Generic => None,
        }
    }
    /// The compiled kernel, if this layer runs JIT code (for dumps).
    pub(crate) fn jit_kernel(&self) -> Option<&CachedKernel> {
        match &self.engine {
            Engine::Jit { kernel, .. } => Some(kernel),
            Engine::Generic => None,
        }
    }

    /// Time `compile` took: scheduling the pattern, and generating and
    /// mapping the code unless the cache already held it.
    pub fn compile_time(&self) -> Duration {
        self.compile_time
    }

    /// Time the kernel's code took to generate and map when it was first
    /// compiled (possibly for another layer with the same pattern).
    pub fn code_generation_time(&self) -> Option<Duration> {
        match &self.engine {
            Engine::Jit { kernel, .. } => Some(kernel.compile_time),
            Engine::Generic => None,
        }
    }
    /// Whether the kernel cache already held this layer's code (`None`
    /// for the generic kernel, which has none).
    pub fn cache_hit(&self) -> Option<bool> {
        match &self.engine {
            Engine::Jit { cache_hit, .. } => Some(*cache_hit),
            Engine::Generic => None,
        }
    }
    pub fn threads(&self) -> usize {
        self.threads
    }
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = if threads == 0 {
            rayon::current_num_threads()
        } else {
            threads
        };
    }

    /// `y = act(x · Wᵀ + b)` for `x` `[n, K]` and `y` `[n, M]`, row-major.
    pub fn forward(&self, x: &[f32], n: usize, y: &mut [f32]) -> Result<()> {
        let (m, k) = (self.plan.m, self.plan.k);
        // Checked: a token count whose `n · K` wraps to x's length would
        // pass a plain compare and have the kernels run past both slices.
        let (xs, ys) = n
            .checked_mul(k)
            .zip(n.checked_mul(m))
            .ok_or_else(|| work::too_large(n, k, m))?;
        if x.len() != xs {
            return Err(Error::ShapeMismatch(format!(
                "input has {} values but [{n}, {k}] needs {xs}",
                x.len(),
            )));
        }
        if y.len() != ys {
            return Err(Error::ShapeMismatch(format!(
                "output has {} values but [{n}, {m}] needs {ys}",
                y.len(),
            )));
        }
        if n == 0 {
            return Ok(());
        }
        let mut sparse = || {
            WORKSPACE.with(|cell| {
                // A pool worker waiting inside one call's parallel loop can
                // pick up another caller's call (rayon steals work while it
                // waits), finding this thread's workspace in use: that
                // nested call gets a fresh one.
                let mut spare = None;
                let mut held = cell.try_borrow_mut();
                let ws = match &mut held {
                    Ok(ws) => &mut **ws,
                    Err(_) => spare.insert(Workspace::default()),
                };
                let done = match (&self.engine, self.active) {
                    (_, Kernel::Dense) => {
                        self.forward_dense(x, n, y);
                        Ok(())
                    }
                    (
                        Engine::Jit {
                            kernel,
                            values,
                            work,
                            ..
                        },
                        Kernel::Jit,
                    ) => self.forward_jit(ws, kernel, values, work, x, n, y),
                    _ => self.forward_generic(ws, x, n, y),
                };
                if ws.bytes() > WORKSPACE_KEEP {
                    *ws = Workspace::default();
                }
                done
            })
        };
        if self.threads > 1 && self.active != Kernel::Dense {
            // One entry into the pool for the whole call: packing and the
            // kernel then start their parallel parts from a worker (a
            // nested `install` runs inline), so the sleeping workers are
            // woken once per call, not once per phase. A wake-up costs tens
            // of microseconds on a VM: 256x256x512 at 90% ran slower on
            // two threads than on one before this.
            pool(self.threads).install(sparse)?;
        } else {
            sparse()?;
        }
        // INT8 needs no fix-up: a token with a NaN or Inf has no scale, so
        // its quantization makes every output of that token NaN (`quant`).
        if self.active != Kernel::Dense && self.int8.is_none() && !all_finite(x) {
            self.match_dense_non_finite(x, n, y);
        }
        Ok(())
    }

    /// A sparse kernel never multiplies a pruned weight, so where x[t, c]
    /// is NaN or ±Inf and W[j, c] == 0 it misses the `0 · Inf = NaN` (or
    /// `0 · NaN`) that a dense product, and so PyTorch, gets. Such outputs
    /// are NaN in PyTorch whatever else is summed (NaN absorbs everything,
    /// and every activation keeps NaN), so setting them to NaN afterwards
    /// reproduces it exactly. Only called when the input has a non-finite
    /// value, so the all-finite path pays only the scan that decides it.
    fn match_dense_non_finite(&self, x: &[f32], n: usize, y: &mut [f32]) {
        let (m, k) = (self.plan.m, self.plan.k);
        // The dense weight, rebuilt once per such call: O(M·K), no more
        // than one token's dense product, and only on this rare path.
        let w = self.weights.to_dense();
        for t in 0..n {
            let row = &mut y[t * m..(t + 1) * m];
            for (c, v) in x[t * k..(t + 1) * k].iter().enumerate() {
                if v.is_finite() {
                    continue;
                }
                for (j, out) in row.iter_mut().enumerate() {
                    if w[j * k + c] == 0.0 {
                        *out = f32::NAN;
                    }
                }
            }
        }
    }
}
