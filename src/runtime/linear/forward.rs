//! Running a compiled layer: pack X into the plan's panels (quantizing
//! it for INT8), split (groups × panels) over threads, call the kernel on
//! blocks of panels, and copy staged rows out; or run the generic kernel.

use super::work::{WORKSPACE_KEEP, padded, panel_block, split, too_large};
use super::{SparseLinear, Workspace};
use crate::codegen::KernelArgs;
use crate::error::Result;
use crate::layout::{Int8Packing, Panels, pack_int8_panels, pack_panels};
use crate::plan::Dtype;
use crate::reference::{bsr, int8};
use crate::runtime::cache::CachedKernel;
use crate::runtime::{cpu, pool};
use rayon::prelude::*;
use std::cell::RefCell;
use std::ops::Range;

thread_local! {
    /// K-blocked kernels' partial sums (`KernelArgs::partial`), one buffer
    /// per thread that calls a kernel, kept between calls up to
    /// `WORKSPACE_KEEP`.
    static PARTIAL: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// A pointer that may cross to the worker threads: every chunk writes a
/// disjoint set of Y elements.
#[derive(Clone, Copy)]
pub(super) struct OutPtr(*mut f32);
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
pub(super) struct InPtr(*const f32);
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
    pub(super) fn forward_generic(
        &self,
        ws: &mut Workspace,
        x: &[f32],
        n: usize,
        y: &mut [f32],
    ) -> Result<()> {
        if let Some(q) = &self.int8 {
            // The generic INT8 kernel is the exact integer reference.
            let act = self.plan.epilogue.activation;
            let qmax = self.plan.mac.qmax();
            int8::linear(x, n, &q.weights, self.bias(), act, qmax, y);
            return Ok(());
        }
        let (m, k, ldy) = (self.plan.m, self.plan.k, self.plan.ldy);
        let staged = n.checked_mul(ldy);
        let rows = self.plan.panel_rows();
        if staged.is_none() || padded(n, bsr::PANEL, rows).is_none() {
            return Err(too_large(n, k, m));
        }
        self.pack(&mut ws.panels, x, n, bsr::PANEL);
        let panels = &mut ws.panels;
        // The same padded rows as the JIT kernel gets, for the same reason.
        let out: &mut [f32] = if ldy == m {
            y
        } else {
            let staged = staged.expect("checked above");
            if ws.scratch.len() < staged {
                ws.scratch.resize(staged, 0.0);
            }
            &mut ws.scratch[..staged]
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
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn forward_jit(
        &self,
        ws: &mut Workspace,
        kernel: &CachedKernel,
        values: &[u32],
        work: &[usize],
        x: &[f32],
        n: usize,
        y: &mut [f32],
    ) -> Result<()> {
        let (m, k, ldy) = (self.plan.m, self.plan.k, self.plan.ldy);
        let rows = self.plan.panel_rows();
        let nb = self.plan.tile.panel_width();
        let count = n.div_ceil(nb);
        // Every pointer offset below (panels, rows of y and of the staging
        // buffer) is at most one of these totals, so none can wrap once
        // they are known to fit.
        if padded(n, nb, rows).is_none() || padded(n, nb, ldy).is_none() {
            return Err(too_large(n, k, m));
        }
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
            ws.panels.reshape(n, rows, nb);
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
                // The X and Y pointers below are only as good as these
                // ranges, so they are checked in release too (three
                // compares per kernel call). The kernel bounds the group
                // range itself; this catches a bad split before it runs.
                assert!(
                    g.end <= groups && p.start <= first && first + count <= p.end,
                    "kernel call outside its chunk: groups {g:?} of {groups}, panels {first}+{count} of {p:?}"
                );
                // K-blocked kernels: a slot of sums per (group, panel). At
                // most one per tile element of the output, which `padded`
                // bounded above.
                let slots = self.plan.partial_floats() * g.len() * count;
                PARTIAL.with(|cell| {
                    let mut partial = cell.borrow_mut();
                    if partial.len() < slots {
                        partial.resize(slots, 0.0);
                    }
                    let args = KernelArgs {
                        x: x0.at((first - p.start) * rows * nb),
                        y: out,
                        values: values.as_ptr(),
                        bias: self.row_data(),
                        panels: count as u64,
                        group_begin: g.start as u64,
                        group_end: g.end as u64,
                        partial: if slots == 0 {
                            std::ptr::null_mut()
                        } else {
                            partial.as_mut_ptr()
                        },
                    };
                    // SAFETY: the code was emitted for `self.plan` and this
                    // pattern (the cache keys on both), for a target that
                    // `cpu::resolve` checked this CPU runs; `x0` points at the
                    // packed panels `p` in the plan's layout (`panel_rows()`
                    // rows of `nb`, 64-byte aligned), all packed before this
                    // call, and `first..first + count` lies inside `p`; `out`
                    // has room for `count · nb` rows `ldy` floats apart (y
                    // itself only when ldy = M and the panels are whole, else
                    // the scratch sized above); `values` are the schedule's and
                    // `row_data` is the plan's (M biases or null for fp32, the
                    // `RowTable` for INT8); `g` lies inside the schedule's
                    // groups (checked above; the kernel bounds it too);
                    // chunks cover disjoint (group, panel) pairs, so no two
                    // threads write the same element; a K-blocked kernel's
                    // `partial` holds `slots` floats, this thread's own.
                    unsafe { kernel.code.call(&args) }
                    if partial.len() * 4 > WORKSPACE_KEEP {
                        *partial = Vec::new();
                    }
                });
            };
            // Blocks of `pb` panels, each run through every group.
            let call = |first: usize, count: usize, out: OutPtr| {
                // A K-blocked kernel's sweep reads one block of X rows.
                let swept = if self.plan.k_block == 0 {
                    rows
                } else {
                    self.plan.k_block
                };
                let pb = panel_block(swept, nb, count, cpu::l2_bytes());
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
                    self.pack_panels(x, n, chunk.1.clone(), dst);
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
        Ok(())
    }

    /// Packs X into the plan's panels (the generic fp32 kernel's are `nb`
    /// tokens wide), on this layer's threads.
    fn pack(&self, panels: &mut Panels, x: &[f32], n: usize, nb: usize) {
        let rows = self.plan.panel_rows();
        let parallel = self.threads > 1 && n > nb;
        let pack = |p: Range<usize>, dst: &mut [f32]| match self.plan.target.dtype {
            Dtype::F32 => pack_panels(x, n, self.plan.k, nb, p, dst),
            Dtype::Int8 => self.pack_panels(x, n, p, dst),
        };
        if parallel {
            pool(self.threads).install(|| panels.pack_with(n, rows, nb, true, pack));
        } else {
            panels.pack_with(n, rows, nb, false, pack);
        }
    }

    /// Packs panels `p` of X for the JIT kernel into `dst`: fp32, or
    /// quantized per token for INT8.
    fn pack_panels(&self, x: &[f32], n: usize, p: Range<usize>, dst: &mut [f32]) {
        let (k, nb) = (self.plan.k, self.plan.tile.panel_width());
        match self.plan.target.dtype {
            Dtype::F32 => pack_panels(x, n, k, nb, p, dst),
            Dtype::Int8 => pack_int8_panels(x, n, Int8Packing::of(&self.plan), p, dst),
        }
    }

    /// What the kernel reads through `KernelArgs::bias`: the biases (or
    /// null) for fp32, the row table for INT8.
    fn row_data(&self) -> *const f32 {
        match &self.int8 {
            Some(q) => q.rows.as_ptr(),
            None => self.bias.as_ref().map_or(std::ptr::null(), |b| b.as_ptr()),
        }
    }

    /// Splits (groups × panels) into one chunk per thread, by panels first
    /// (equal work, no shared cache lines) and then by groups with equal
    /// nonzero counts.
    pub(super) fn chunks(
        &self,
        work: &[usize],
        panels: usize,
    ) -> Vec<(Range<usize>, Range<usize>)> {
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
