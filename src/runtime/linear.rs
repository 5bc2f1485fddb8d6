//! `SparseLinear`: one block-sparse weight compiled for this machine, and
//! its `forward` (`Y = act(X·Wᵀ + b)`): pack X into panels, split the work
//! over threads, call the JIT kernel (or the generic kernel), and copy the
//! partial last panel out of a scratch buffer.

use super::cache::{CachedKernel, KernelCache};
use super::{cpu, pool};
use crate::codegen::cranelift::CraneliftEmitter;
use crate::codegen::x86::Avx2Emitter;
use crate::codegen::{Emitter, KernelArgs};
use crate::error::{Error, Result};
use crate::layout::Panels;
use crate::plan::{Activation, Epilogue, Isa, KernelPlan, RegisterTile, Schedule};
use crate::reference::bsr;
use crate::sparse::{BlockShape, BsrMatrix};
use aligned_vec::{AVec, ConstAlign};
use rayon::prelude::*;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

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
}

impl Default for LinearOptions {
    fn default() -> Self {
        Self {
            activation: Activation::None,
            isa: None,
            threads: 1,
            tile: None,
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
}

enum Engine {
    /// Generated code, and the weights packed in its schedule order.
    Jit {
        kernel: Arc<CachedKernel>,
        values: AVec<f32, ConstAlign<64>>,
        /// Prefix sums of the groups' entries, to balance threads.
        work: Vec<usize>,
    },
    /// The generic BSR kernel.
    Generic,
}

/// Per-thread buffers reused across calls.
#[derive(Default)]
struct Workspace {
    panels: Panels,
    tail: Vec<f32>,
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

impl SparseLinear {
    /// Compiles `weights` (with an optional `bias` of M floats).
    pub fn compile(
        weights: Arc<BsrMatrix>,
        bias: Option<Vec<f32>>,
        opts: &LinearOptions,
    ) -> Result<Self> {
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
        let engine = match isa {
            Isa::Generic => Engine::Generic,
            Isa::Avx2 | Isa::Cranelift => {
                let sched = Schedule::new(&plan, &weights)?;
                // Both backends follow the `KernelArgs` ABI, so everything
                // below (cache, threads, the call) is the same for both; the
                // plan's ISA (part of the cache key) picks the emitter.
                let kernel = KernelCache::global().get_or_compile(
                    &plan,
                    weights.pattern(),
                    || match isa {
                        Isa::Cranelift => CraneliftEmitter::host()?.emit(&plan, &sched, false),
                        _ => Avx2Emitter.emit(&plan, &sched, false),
                    },
                )?;
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
                }
            }
        };
        Ok(Self {
            weights,
            bias,
            plan,
            threads,
            engine,
        })
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
    /// Time spent generating the code (zero for the generic kernel).
    pub fn compile_time(&self) -> Duration {
        match &self.engine {
            Engine::Jit { kernel, .. } => kernel.compile_time,
            Engine::Generic => Duration::ZERO,
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
        WORKSPACE.with(|ws| {
            let ws = &mut *ws.borrow_mut();
            match &self.engine {
                Engine::Generic => self.forward_generic(&mut ws.panels, x, n, y),
                Engine::Jit {
                    kernel,
                    values,
                    work,
                } => self.forward_jit(ws, kernel, values, work, x, n, y),
            }
        });
        Ok(())
    }

    fn forward_generic(&self, panels: &mut Panels, x: &[f32], n: usize, y: &mut [f32]) {
        let (m, k) = (self.plan.m, self.plan.k);
        panels.pack(x, n, k, bsr::PANEL);
        let chunks = split(panels.count(), self.threads.min(panels.count()));
        let run = |(p, y): (Range<usize>, &mut [f32])| {
            bsr::spmm_panels(
                &self.weights,
                self.bias(),
                self.plan.epilogue.activation,
                panels,
                p,
                y,
            )
        };
        // Hand each chunk its own rows of y.
        let mut parts = Vec::with_capacity(chunks.len());
        let mut rest = y;
        for p in &chunks {
            let rows = (p.end * bsr::PANEL).min(n) - p.start * bsr::PANEL;
            let (head, tail) = rest.split_at_mut(rows * m);
            parts.push((p.clone(), head));
            rest = tail;
        }
        if parts.len() <= 1 {
            parts.into_iter().for_each(run);
        } else {
            pool(self.threads).install(|| parts.into_par_iter().for_each(run));
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
        let (m, k) = (self.plan.m, self.plan.k);
        let nb = self.plan.tile.panel_width();
        ws.panels.pack(x, n, k, nb);
        let (full, tail) = (ws.panels.full(), ws.panels.tail());
        if tail > 0 {
            ws.tail.clear();
            ws.tail.resize(nb * m, 0.0);
        }
        let groups = work.len() - 1;
        let chunks = self.chunks(work, ws.panels.count());
        let panels = &ws.panels;
        let (y_out, tail_out) = (OutPtr(y.as_mut_ptr()), OutPtr(ws.tail.as_mut_ptr()));
        let run = |(g, p): &(Range<usize>, Range<usize>)| {
            let call = |first: usize, count: usize, out: *mut f32| {
                debug_assert!(g.end <= groups && first + count <= panels.count());
                let args = KernelArgs {
                    x: panels.panel(first).as_ptr(),
                    y: out,
                    values: values.as_ptr(),
                    bias: self.bias.as_ref().map_or(std::ptr::null(), |b| b.as_ptr()),
                    panels: count as u64,
                    group_begin: g.start as u64,
                    group_end: g.end as u64,
                };
                // SAFETY: the code was emitted for `self.plan` and this
                // pattern (the cache keys on both); `panels` holds
                // `panels.count()` panels of the plan's layout and
                // `first + count` does not exceed it; `out` has room for
                // `count · nb` rows of M floats (y for full panels, the
                // nb·M scratch for the tail); values and bias are the plan's;
                // chunks cover disjoint (group, panel) pairs, so no two
                // threads write the same element.
                unsafe { kernel.code.call(&args) }
            };
            let full_end = p.end.min(full);
            if p.start < full_end {
                call(p.start, full_end - p.start, y_out.at(p.start * nb * m));
            }
            if p.end > full {
                call(full, 1, tail_out.at(0));
            }
        };
        if chunks.len() == 1 {
            run(&chunks[0]);
        } else {
            pool(self.threads).install(|| chunks.par_iter().for_each(run));
        }
        if tail > 0 {
            y[full * nb * m..].copy_from_slice(&ws.tail[..tail * m]);
        }
    }

    /// Splits (groups × panels) into about 2 chunks per thread, by panels
    /// first (equal work, no shared cache lines) and then by groups with
    /// equal nonzero counts.
    fn chunks(&self, work: &[usize], panels: usize) -> Vec<(Range<usize>, Range<usize>)> {
        let groups = work.len() - 1;
        if self.threads <= 1 || groups == 0 {
            return vec![(0..groups, 0..panels)];
        }
        let want = 2 * self.threads;
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

/// `0..len` cut into `parts` near-equal ranges (at least one).
fn split(len: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.max(1);
    (0..parts)
        .map(|i| len * i / parts..len * (i + 1) / parts)
        .filter(|r| !r.is_empty() || len == 0)
        .collect()
}
