//! `SparseLinear`: one block-sparse weight compiled for this machine, and
//! its `forward` (`Y = act(X·Wᵀ + b)`): pack X into panels, split the work
//! over threads, call the JIT kernel (or the generic kernel), and copy the
//! partial last panel out of a scratch buffer.

mod tune;
mod work;

pub use tune::{Kernel, Tuning};

use super::cache::{CachedKernel, KernelCache};
use super::{cpu, pool};
use crate::codegen::cranelift::CraneliftEmitter;
use crate::codegen::x86::X86Emitter;
use crate::codegen::{Emitter, KernelArgs};
use crate::error::{Error, Result};
use crate::layout::{Panels, pack_panels};
use crate::plan::{Activation, Epilogue, Isa, KernelPlan, RegisterTile, Schedule};
use crate::reference::bsr;
use crate::sparse::{BlockShape, BsrMatrix};
use aligned_vec::{AVec, ConstAlign};
use rayon::prelude::*;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;
use work::{WORKSPACE_KEEP, all_finite, panel_block, split};

/// How to compile one layer.
#[derive(Clone, Debug)]
pub struct LinearOptions {
    pub activation: Activation,
    /// `None`: the best the CPU and `SPARSEJIT_ISA` allow.
    pub isa: Option<Isa>,
    /// Threads for `forward`; 0 means all cores, 1 runs on the caller's thread.
    pub threads: usize,
    /// A register tile other than the template's default (tuning).
    pub tile: Option<RegisterTile>,
    /// Time the compiled kernel, the generic kernel and a dense GEMM on
    /// this many tokens after compiling, and run the fastest (as LIBXSMM's
    /// FsSpMDM does). `None` always runs the ISA's kernel.
    pub tune_tokens: Option<usize>,
}

impl Default for LinearOptions {
    fn default() -> Self {
        Self {
            activation: Activation::None,
            isa: None,
            threads: 1,
            tile: None,
            tune_tokens: None,
        }
    }
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
}

enum Engine {
    /// Generated code, and the weights packed in its schedule order.
    Jit {
        kernel: Arc<CachedKernel>,
        values: AVec<f32, ConstAlign<64>>,
        /// Prefix sums of the groups' entries, to balance threads.
        work: Vec<usize>,
        /// Whether the code came from the kernel cache.
        cache_hit: bool,
    },
    /// The generic BSR kernel.
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

/// A pointer that may cross to the worker threads: every chunk writes a
/// disjoint set of Y elements.
#[derive(Clone, Copy)]
struct OutPtr(*mut f32);
// SAFETY: chunks write disjoint elements (disjoint groups or disjoint
// panels), and the owning `&mut [f32]` outlives the parallel scope.
unsafe impl Send for OutPtr {}
unsafe impl Sync for OutPtr {}

impl OutPtr {
    /// Through a method, so closures capture the whole `Send` wrapper.
    fn at(self, offset: usize) -> *mut f32 {
        self.0.wrapping_add(offset)
    }
}

/// Packed X panels, read (never written) by the kernel on worker threads.
#[derive(Clone, Copy)]
struct InPtr(*const f32);
// SAFETY: only read, from panels that are fully packed before any kernel
// reads them and that outlive the parallel scope.
unsafe impl Send for InPtr {}
unsafe impl Sync for InPtr {}

impl InPtr {
    fn at(self, offset: usize) -> *const f32 {
        self.0.wrapping_add(offset)
    }
}

impl SparseLinear {
    /// Compiles `weights` (with an optional `bias` of M floats).
    pub fn compile(
        weights: Arc<BsrMatrix>,
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
        let isa = cpu::resolve(opts.isa)?;
        let epilogue = Epilogue {
            bias: bias.is_some(),
            activation: opts.activation,
        };
        let plan = match opts.tile {
            Some(tile) => KernelPlan::with_tile(m, k, block, isa, epilogue, tile)?,
            None => KernelPlan::new(m, k, block, isa, epilogue)?,
        };
        let threads = if opts.threads == 0 {
            rayon::current_num_threads()
        } else {
            opts.threads
        };
        let mut fresh = false;
        let engine = match isa {
            Isa::Generic => Engine::Generic,
            Isa::Avx2 | Isa::Avx512 | Isa::Cranelift => {
                let sched = Schedule::new(&plan, &weights)?;
                // Both backends follow the `KernelArgs` ABI, so everything
                // below (cache, threads, the call) is the same for both; the
                // plan's ISA (part of the cache key) picks the emitter.
                let (kernel, cache_hit) = KernelCache::global().lookup(&plan, &weights, || {
                    // Runs only on a cache miss: this call compiles.
                    fresh = true;
                    match isa {
                        Isa::Cranelift => CraneliftEmitter::host()?.emit(&plan, &sched, false),
                        _ => X86Emitter.emit(&plan, &sched, false),
                    }
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
        };
        if fresh {
            // SPARSEJIT_DUMP / SPARSEJIT_PERF_MAP: best effort, never fails.
            super::dump::on_compiled(&layer);
        }
        if let Some(tokens) = opts.tune_tokens {
            layer.tune(tokens)?;
            layer.compile_time = start.elapsed();
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
        if x.len() != n * k {
            return Err(Error::ShapeMismatch(format!(
                "input has {} values but [{n}, {k}] needs {}",
                x.len(),
                n * k
            )));
        }
        if y.len() != n * m {
            return Err(Error::ShapeMismatch(format!(
                "output has {} values but [{n}, {m}] needs {}",
                y.len(),
                n * m
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
                match (&self.engine, self.active) {
                    (_, Kernel::Dense) => self.forward_dense(x, n, y),
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
                }
                if ws.bytes() > WORKSPACE_KEEP {
                    *ws = Workspace::default();
                }
            })
        };
        if self.threads > 1 && self.active != Kernel::Dense {
            // One entry into the pool for the whole call: packing and the
            // kernel then start their parallel parts from a worker (a
            // nested `install` runs inline), so the sleeping workers are
            // woken once per call, not once per phase. A wake-up costs tens
            // of microseconds on a VM: 256x256x512 at 90% ran slower on
            // two threads than on one before this.
            pool(self.threads).install(sparse);
        } else {
            sparse();
        }
        if self.active != Kernel::Dense && !all_finite(x) {
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

    fn forward_generic(&self, ws: &mut Workspace, x: &[f32], n: usize, y: &mut [f32]) {
        let (m, ldy) = (self.plan.m, self.plan.ldy);
        self.pack(&mut ws.panels, x, n, bsr::PANEL);
        let panels = &mut ws.panels;
        // The same padded rows as the JIT kernel gets, for the same reason.
        let out: &mut [f32] = if ldy == m {
            y
        } else {
            if ws.scratch.len() < n * ldy {
                ws.scratch.resize(n * ldy, 0.0);
            }
            &mut ws.scratch[..n * ldy]
        };
        let panels = &*panels;
        let chunks = split(panels.count(), self.threads.min(panels.count()));
        let run = |(p, y): (Range<usize>, &mut [f32])| {
            let (w, act) = (&self.weights, self.plan.epilogue.activation);
            bsr::spmm_panels(w, self.bias(), act, panels, p, y, ldy)
        };
        // Hand each chunk its own rows of the output.
        let mut parts = Vec::with_capacity(chunks.len());
        let mut rest = out;
        for p in &chunks {
            let rows = (p.end * bsr::PANEL).min(n) - p.start * bsr::PANEL;
            let (head, tail) = rest.split_at_mut(rows * ldy);
            parts.push((p.clone(), head));
            rest = tail;
        }
        if parts.len() <= 1 {
            parts.into_iter().for_each(run);
        } else {
            pool(self.threads).install(|| parts.into_par_iter().for_each(run));
        }
        if ldy != m {
            for (t, row) in y.chunks_exact_mut(m).enumerate() {
                row.copy_from_slice(&ws.scratch[t * ldy..t * ldy + m]);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn forward_jit(
        &self,
        ws: &mut Workspace,
        kernel: &CachedKernel,
        values: &[f32],
        work: &[usize],
        x: &[f32],
        n: usize,
        y: &mut [f32],
    ) {
        let (m, k, ldy) = (self.plan.m, self.plan.k, self.plan.ldy);
        let nb = self.plan.tile.panel_width();
        let count = n.div_ceil(nb);
        let groups = work.len() - 1;
        let chunks = self.chunks(work, count);
        // A panel split gives every chunk all groups and its own panels: each
        // chunk packs the panels it reads (into its own core's cache, with
        // no barrier before the kernel) and copies its own staged rows out.
        // A group split shares every panel, so it packs first and copies
        // after all chunks are done.
        let whole_groups = chunks.iter().all(|(g, _)| g.len() == groups);
        let fused = whole_groups && chunks.len() > 1;
        if fused {
            ws.panels.reshape(n, k, nb);
        } else {
            self.pack(&mut ws.panels, x, n, nb);
        }
        // Panels before `direct` are written straight into y. The rest go to
        // a scratch buffer and are copied out: the partial last panel (the
        // kernel always writes whole panels), or every panel when the plan
        // pads the output stride (`ldy != m`).
        let direct = if ldy == m { n / nb } else { 0 };
        let need = (count - direct) * nb * ldy;
        if ws.scratch.len() < need {
            ws.scratch.resize(need, 0.0);
        }
        let (y_out, scratch) = (OutPtr(y.as_mut_ptr()), OutPtr(ws.scratch.as_mut_ptr()));
        // `x0` is packed panel `p.start`, followed by the rest of `p`.
        let run = |(g, p): &(Range<usize>, Range<usize>), x0: InPtr| {
            let call_block = |first: usize, count: usize, out: *mut f32| {
                debug_assert!(g.end <= groups && p.start <= first && first + count <= p.end);
                let args = KernelArgs {
                    x: x0.at((first - p.start) * k * nb),
                    y: out,
                    values: values.as_ptr(),
                    bias: self.bias.as_ref().map_or(std::ptr::null(), |b| b.as_ptr()),
                    panels: count as u64,
                    group_begin: g.start as u64,
                    group_end: g.end as u64,
                };
                // SAFETY: the code was emitted for `self.plan` and this
                // pattern (the cache keys on both); `x0` points at the
                // packed panels `p` in the plan's layout, all packed before
                // this call, and `first..first + count` lies inside `p`;
                // `out` has room for `count · nb` rows of `ldy` floats (y
                // itself only when ldy = M and the panels are whole, else
                // the scratch sized above); values and bias are the plan's;
                // chunks cover disjoint (group, panel) pairs, so no two
                // threads write the same element.
                unsafe { kernel.code.call(&args) }
            };
            // Blocks of `pb` panels, each run through every group.
            let call = |first: usize, count: usize, out: OutPtr| {
                let pb = panel_block(k, nb, count);
                let mut done = 0;
                while done < count {
                    let c = pb.min(count - done);
                    call_block(first + done, c, out.at(done * nb * ldy));
                    done += c;
                }
            };
            let direct_end = p.end.min(direct);
            if p.start < direct_end {
                call(
                    p.start,
                    direct_end - p.start,
                    OutPtr(y_out.at(p.start * nb * m)),
                );
            }
            let staged = p.start.max(direct);
            if p.end > staged {
                call(
                    staged,
                    p.end - staged,
                    OutPtr(scratch.at((staged - direct) * nb * ldy)),
                );
                if whole_groups {
                    // This chunk alone writes these tokens: copy them out
                    // now, on this thread, while they are in its cache.
                    for t in staged * nb..(p.end * nb).min(n) {
                        let from = scratch.at((t - direct * nb) * ldy);
                        // SAFETY: scratch holds `(count - direct) · nb`
                        // rows of `ldy ≥ m` floats and t < n ≤ count · nb,
                        // so the source row is inside it; y holds n rows of
                        // m; the kernel call above has finished writing
                        // this row, and no other chunk covers token t.
                        unsafe { std::ptr::copy_nonoverlapping(from, y_out.at(t * m), m) };
                    }
                }
            }
        };
        if fused {
            let ranges: Vec<Range<usize>> = chunks.iter().map(|(_, p)| p.clone()).collect();
            let slices = ws.panels.split_mut(&ranges);
            pool(self.threads).install(|| {
                chunks.par_iter().zip(slices).for_each(|(chunk, dst)| {
                    pack_panels(x, n, k, nb, chunk.1.clone(), dst);
                    run(chunk, InPtr(dst.as_ptr()));
                })
            });
        } else {
            let panels = &ws.panels;
            let x0 = |p: usize| InPtr(panels.panel(p).as_ptr());
            if chunks.len() == 1 {
                run(&chunks[0], x0(chunks[0].1.start));
            } else {
                pool(self.threads)
                    .install(|| chunks.par_iter().for_each(|c| run(c, x0(c.1.start))));
            }
        }
        if !whole_groups {
            let rows = &mut y[direct * nb * m..];
            for (t, out) in rows.chunks_exact_mut(m).enumerate() {
                out.copy_from_slice(&ws.scratch[t * ldy..t * ldy + m]);
            }
        }
    }

    /// Packs X into panels of `nb` tokens, on this layer's threads.
    fn pack(&self, panels: &mut Panels, x: &[f32], n: usize, nb: usize) {
        let k = self.plan.k;
        if self.threads > 1 && n > nb {
            pool(self.threads).install(|| panels.pack_with(x, n, k, nb, true));
        } else {
            panels.pack(x, n, k, nb);
        }
    }

    /// Splits (groups × panels) into one chunk per thread, by panels first
    /// (equal work, no shared cache lines) and then by groups with equal
    /// nonzero counts.
    fn chunks(&self, work: &[usize], panels: usize) -> Vec<(Range<usize>, Range<usize>)> {
        let groups = work.len() - 1;
        if self.threads <= 1 || groups == 0 {
            return vec![(0..groups, 0..panels)];
        }
        // One chunk per thread: panels hold equal work, so a panel split
        // is balanced, and every extra chunk would stream the whole code
        // through the instruction cache once more. Too few panels (small
        // N) are made up with a group split balanced by nonzeros.
        let want = self.threads;
        let panel_parts = split(panels, want.min(panels));
        let group_parts = want.div_ceil(panel_parts.len()).min(groups);
        let total = work[groups];
        let mut bounds = vec![0];
        for i in 1..group_parts {
            let target = total * i / group_parts;
            let g = work.partition_point(|&w| w < target).min(groups);
            if g > *bounds.last().expect("nonempty") {
                bounds.push(g);
            }
        }
        bounds.push(groups);
        let mut out = Vec::new();
        for gw in bounds.windows(2) {
            for p in &panel_parts {
                out.push((gw[0]..gw[1], p.clone()));
            }
        }
        out
    }
}
