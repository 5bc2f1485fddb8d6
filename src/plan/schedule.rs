//! The schedule: a BSR pattern laid out the way every backend walks it.
//!
//! Output rows are cut into groups of `tile.rows` rows (one register tile,
//! one code segment). A group's work is a list of steps in ascending input
//! column `k`; a step names the rows of the tile that have a stored weight in
//! column `k`. Weights are packed in exactly the order the steps consume
//! them, so entry `i` of the schedule reads `values[i]`: emitters bake `i` as
//! an immediate offset and the weights stream through memory in order.
//!
//! INT8 plans step over k-granules instead (`plan.granule()` consecutive
//! k, the X row a `vpdpbusd` reads): a step's entries are the rows with a
//! nonzero weight in the granule, and each value is one 4-byte word of
//! that row's granule (4 s8, or 2 s16), zero where a k is not stored, so
//! every block shape works, padded to the granule.
//!
//! Gathering INT8 plans (`plan.gather`, narrow blocks) step over quads of
//! k instead: per row-block, its stored columns in order, 4 at a time (the
//! last quad repeats its first k, with zero weights), each quad listed in
//! `gathers`; a step's entries are the rows of that row-block, each value
//! the row's 4 weights at those 4 k. Steps take the row-blocks of a tile in
//! turn, so consecutive steps update different accumulators.
//!
//! Padded rows (≥ M) and columns (≥ K) of edge blocks are dropped here, so no
//! backend can address outside the caller's buffers.

use super::KernelPlan;
use crate::error::{Error, Result};
use crate::sparse::BsrMatrix;
use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub groups: Vec<Group>,
    pub steps: Vec<Step>,
    /// Row (within its tile) of each entry; entry `i` uses `values[i]`.
    pub entry_rows: Vec<u8>,
    /// The 4-byte words the kernel loads, one per entry: an f32's bits, or
    /// a granule's packed integer weights.
    pub values: Vec<u32>,
    /// Gathering plans: the 4 k of each quad (a step's `k` indexes this).
    pub gathers: Vec<[u32; 4]>,
}

/// One register tile's rows and its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// First output row.
    pub row0: usize,
    /// Rows that exist (the last group may be cut by M).
    pub rows: usize,
    /// Indices into `Schedule::steps`.
    pub steps: Range<usize>,
}

/// One X row (input column `k`, or k-granule for INT8) and the entries
/// (rows) that use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The X row: `k` for fp32, the granule `k / plan.granule()` for INT8,
    /// the quad in `Schedule::gathers` for a gathering plan.
    pub k: u32,
    /// Index of the first entry in `entry_rows` / `values`.
    pub first: u32,
    pub len: u8,
}

impl Step {
    pub fn entries(&self) -> Range<usize> {
        self.first as usize..self.first as usize + self.len as usize
    }
}

impl Schedule {
    pub fn new(plan: &KernelPlan, bsr: &BsrMatrix) -> Result<Self> {
        if (bsr.rows(), bsr.cols(), bsr.block()) != (plan.m, plan.k, plan.block) {
            return Err(Error::ShapeMismatch(format!(
                "plan is for {}x{} with {} blocks but the matrix is {}x{} with {} blocks",
                plan.m,
                plan.k,
                plan.block,
                bsr.rows(),
                bsr.cols(),
                bsr.block()
            )));
        }
        let (r, c) = (plan.block.rows, plan.block.cols);
        let tr = plan.tile.rows;
        let granule = plan.granule();
        let mut sched = Schedule {
            groups: Vec::with_capacity(plan.m.div_ceil(tr)),
            steps: Vec::new(),
            entry_rows: Vec::new(),
            values: Vec::new(),
            gathers: Vec::new(),
        };
        // (k, row in tile, value) of one group, sorted by k then row.
        let mut items: Vec<(u32, u8, f32)> = Vec::new();
        let (mut counts, mut sorted) = (Vec::new(), Vec::new());
        for row0 in (0..plan.m).step_by(tr) {
            let rows = tr.min(plan.m - row0);
            items.clear();
            // Block rows overlapping [row0, row0 + rows): tiles and blocks nest.
            for rb in row0 / r..(row0 + rows).div_ceil(r) {
                for (cb, vals) in bsr.row_block(rb) {
                    // Column by column, so one block row comes out sorted.
                    for j in 0..c {
                        let col = cb * c + j;
                        if col >= plan.k {
                            break;
                        }
                        for i in 0..r {
                            let row = rb * r + i;
                            if row >= row0 && row < row0 + rows {
                                items.push((col as u32, (row - row0) as u8, vals[i * c + j]));
                            }
                        }
                    }
                }
            }
            // One block row per tile is already in (k, row) order: blocks
            // ascend in column and are walked column by column. Several
            // block rows per tile interleave: they were pushed in ascending
            // rows, so a stable counting sort by k alone gives (k, row)
            // order in O(items + K). (With 16-row tiles a comparison sort
            // was 40% of compile time.)
            let ordered = if tr > r {
                counting_sort_by_k(&items, plan.k, &mut counts, &mut sorted);
                &sorted
            } else {
                &items
            };
            let first_step = sched.steps.len();
            if plan.gather {
                // Each row-block's items are contiguous and in (k, row)
                // order as pushed.
                let rb = |it: &(u32, u8, f32)| (row0 + it.1 as usize) / r;
                let blocks: Vec<&[(u32, u8, f32)]> =
                    items.chunk_by(|a, b| rb(a) == rb(b)).collect();
                sched.push_gathered(&blocks)?;
            } else if granule == 1 {
                for chunk in ordered.chunk_by(|a, b| a.0 == b.0) {
                    let first = sched.next_entry()?;
                    sched.steps.push(Step {
                        k: chunk[0].0,
                        first,
                        len: chunk.len() as u8,
                    });
                    for &(_, row, v) in chunk {
                        sched.entry_rows.push(row);
                        sched.values.push(v.to_bits());
                    }
                }
            } else {
                sched.push_granules(ordered, granule, tr)?;
            }
            sched.groups.push(Group {
                row0,
                rows,
                steps: first_step..sched.steps.len(),
            });
        }
        Ok(sched)
    }

    /// The index the next entry gets.
    fn next_entry(&self) -> Result<u32> {
        u32::try_from(self.values.len())
            .map_err(|_| Error::Unsupported("more than 4 G stored weights in one matrix".into()))
    }

    /// The INT8 steps of one group from its `(k, row, q)` items (sorted by
    /// k, then row; `q` an integer): per granule, one word per row that
    /// stores a weight in it, packing s8 (granule 4) or s16 (granule 2)
    /// weights in k order, least significant first, zero where a k is not
    /// stored. Which words exist depends on the pattern alone, as the
    /// kernel cache requires: a stored weight that is zero still gets its
    /// word, as in the fp32 schedule.
    fn push_granules(
        &mut self,
        items: &[(u32, u8, f32)],
        granule: usize,
        rows: usize,
    ) -> Result<()> {
        let bits = 32 / granule as u32;
        let lane_mask = ((1u64 << bits) - 1) as u32;
        let mut words: Vec<Option<u32>> = vec![None; rows];
        for chunk in items.chunk_by(|a, b| a.0 as usize / granule == b.0 as usize / granule) {
            words.fill(None);
            for &(k, row, q) in chunk {
                let lane = (k as usize % granule) as u32;
                let w = words[row as usize].get_or_insert(0);
                *w |= ((q as i32 as u32) & lane_mask) << (bits * lane);
            }
            let first = self.next_entry()?;
            let mut len = 0u8;
            for (row, w) in words.iter().enumerate() {
                if let Some(w) = w {
                    self.entry_rows.push(row as u8);
                    self.values.push(*w);
                    len += 1;
                }
            }
            self.steps.push(Step {
                k: (chunk[0].0 as usize / granule) as u32,
                first,
                len,
            });
        }
        Ok(())
    }

    /// The gathering steps of one group from the `(k, row, q)` items of
    /// each of its row-blocks (each in (k, row) order; `q` an integer),
    /// taking the row-blocks in turn, a quad at a time.
    fn push_gathered(&mut self, blocks: &[&[(u32, u8, f32)]]) -> Result<()> {
        // Per row-block: its distinct k, and its rows.
        let per: Vec<(Vec<u32>, Vec<u8>)> = blocks
            .iter()
            .map(|items| {
                let mut ks: Vec<u32> = items.iter().map(|it| it.0).collect();
                ks.dedup();
                let mut rows: Vec<u8> = items.iter().map(|it| it.1).collect();
                rows.sort_unstable();
                rows.dedup();
                (ks, rows)
            })
            .collect();
        let quads = per
            .iter()
            .map(|(ks, _)| ks.len().div_ceil(4))
            .max()
            .unwrap_or(0);
        for q in 0..quads {
            for (items, (ks, rows)) in blocks.iter().zip(&per) {
                let Some(chunk) = ks.chunks(4).nth(q) else {
                    continue;
                };
                let mut quad = [chunk[0]; 4];
                quad[..chunk.len()].copy_from_slice(chunk);
                let first = self.next_entry()?;
                self.gathers.push(quad);
                for &row in rows {
                    let mut word = 0u32;
                    for (lane, &k) in chunk.iter().enumerate() {
                        // Items of a row-block are in (k, row) order.
                        let at = items.partition_point(|it| (it.0, it.1) < (k, row));
                        if let Some(&(ik, ir, v)) = items.get(at)
                            && (ik, ir) == (k, row)
                        {
                            word |= ((v as i32 as u32) & 0xff) << (8 * lane);
                        }
                    }
                    self.entry_rows.push(row);
                    self.values.push(word);
                }
                self.steps.push(Step {
                    k: (self.gathers.len() - 1) as u32,
                    first,
                    len: rows.len() as u8,
                });
            }
        }
        Ok(())
    }

    /// Entries (weights) in group `g`: its share of the work.
    pub fn group_entries(&self, g: usize) -> usize {
        let s = &self.groups[g].steps;
        if s.is_empty() {
            return 0;
        }
        let last = self.steps[s.end - 1];
        last.first as usize + last.len as usize - self.steps[s.start].first as usize
    }

    /// Total entries: multiply-adds per token.
    pub fn entries(&self) -> usize {
        self.values.len()
    }

    /// The steps of group `g` whose X row lies in `rows` (a K-block, in X
    /// rows: columns for fp32, granules for INT8): a sub-range, since a
    /// group's steps ascend in k (not so in a gathering plan, which has no
    /// K-blocks).
    pub fn steps_in(&self, g: usize, rows: Range<usize>) -> Range<usize> {
        let all = self.groups[g].steps.clone();
        let steps = &self.steps[all.clone()];
        let lo = steps.partition_point(|s| (s.k as usize) < rows.start);
        let hi = steps.partition_point(|s| (s.k as usize) < rows.end);
        all.start + lo..all.start + hi
    }
}

/// `items` (columns below `k`) stably ordered by column into `out`.
fn counting_sort_by_k(
    items: &[(u32, u8, f32)],
    k: usize,
    counts: &mut Vec<usize>,
    out: &mut Vec<(u32, u8, f32)>,
) {
    counts.clear();
    counts.resize(k + 1, 0);
    for it in items {
        counts[it.0 as usize + 1] += 1;
    }
    for c in 1..=k {
        counts[c] += counts[c - 1];
    }
    out.clear();
    out.resize(items.len(), (0, 0, 0.0));
    for &it in items {
        let slot = &mut counts[it.0 as usize];
        out[*slot] = it;
        *slot += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Dtype, Epilogue, Isa, KernelPlan, Target};
    use crate::sparse::{BlockShape, BsrMatrix};

    #[test]
    fn entries_follow_the_steps_and_cover_every_stored_value() {
        let (m, k) = (6, 5);
        let dense: Vec<f32> = (0..m * k)
            .map(|i| if i % 3 == 0 { i as f32 } else { 0.0 })
            .collect();
        for block in BlockShape::all() {
            let bsr = BsrMatrix::from_dense(&dense, m, k, block).unwrap();
            let plan = KernelPlan::new(
                m,
                k,
                block,
                Target::dynasm(Isa::Avx2, Dtype::F32),
                Epilogue::default(),
            )
            .unwrap();
            let s = Schedule::new(&plan, &bsr).unwrap();
            let mut rebuilt = vec![0.0; m * k];
            for g in &s.groups {
                let mut last_k = None;
                for step in &s.steps[g.steps.clone()] {
                    assert!(last_k < Some(step.k), "steps ascend in k");
                    last_k = Some(step.k);
                    for e in step.entries() {
                        let row = g.row0 + s.entry_rows[e] as usize;
                        assert!(row < m && (step.k as usize) < k);
                        rebuilt[row * k + step.k as usize] = f32::from_bits(s.values[e]);
                    }
                }
            }
            assert_eq!(rebuilt, dense, "block {block}");
            assert_eq!(s.entries(), bsr.stats().stored);
        }
    }
}
