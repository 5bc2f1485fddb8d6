//! Block-sparse weight formats: the `r×c` block shape, the BSR matrix built
//! from a dense `[M, K]` row-major weight, its statistics and its pattern hash.
//!
//! A BSR matrix stores, for every row-block (r consecutive output rows), the
//! block columns whose r×c tile holds at least one nonzero. Tiles that hang
//! over the edge of the matrix (M or K not a multiple of the block) are padded
//! with zeros; every consumer skips the padded rows and columns, so nothing
//! ever reads outside the caller's `[N, K]` input or writes outside `[N, M]`.

pub mod prune;

use crate::error::{Error, Result};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The shape of one block: `rows` consecutive output rows × `cols`
/// consecutive input columns. 1×1 is unstructured sparsity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
pub struct BlockShape {
    pub rows: usize,
    pub cols: usize,
}

impl BlockShape {
    /// Row counts the kernels are built and tested for.
    pub const ROWS: [usize; 5] = [1, 2, 4, 8, 16];
    /// Column counts the kernels are built and tested for.
    pub const COLS: [usize; 3] = [1, 2, 4];

    /// A checked block shape: rows in {1,2,4,8,16}, cols in {1,2,4}.
    pub fn new(rows: usize, cols: usize) -> Result<Self> {
        if !Self::ROWS.contains(&rows) || !Self::COLS.contains(&cols) {
            return Err(Error::InvalidArgument(format!(
                "unsupported block shape {rows}x{cols}: rows must be one of {:?} and cols one of {:?}",
                Self::ROWS,
                Self::COLS
            )));
        }
        Ok(Self { rows, cols })
    }

    /// Every supported block shape, smallest first.
    pub fn all() -> impl Iterator<Item = BlockShape> {
        Self::ROWS.into_iter().flat_map(|r| {
            Self::COLS
                .into_iter()
                .map(move |c| BlockShape { rows: r, cols: c })
        })
    }

    pub fn area(self) -> usize {
        self.rows * self.cols
    }
}

impl fmt::Display for BlockShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.rows, self.cols)
    }
}

impl FromStr for BlockShape {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::InvalidArgument(format!(
                "cannot read block shape '{s}': write it as RxC, for example 4x1"
            ))
        };
        let (r, c) = s.split_once(['x', 'X']).ok_or_else(bad)?;
        let r = r.trim().parse().map_err(|_| bad())?;
        let c = c.trim().parse().map_err(|_| bad())?;
        Self::new(r, c)
    }
}

/// A block-sparse row (BSR) matrix of shape `[m, k]` with `block`-shaped tiles.
#[derive(Clone, Debug, PartialEq)]
pub struct BsrMatrix {
    m: usize,
    k: usize,
    block: BlockShape,
    /// `row_ptr[rb]..row_ptr[rb+1]` indexes the blocks of row-block `rb`.
    row_ptr: Vec<usize>,
    /// Block column of each stored block, ascending within a row-block.
    col_idx: Vec<u32>,
    /// `block.area()` values per stored block, row-major inside the block.
    values: Vec<f32>,
}

/// Counts that describe a sparse matrix.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SparseStats {
    /// Nonzero values (exact zeros inside kept blocks are not counted).
    pub nnz: usize,
    /// Stored blocks.
    pub blocks: usize,
    /// Fraction of the `m×k` entries that are zero: `1 - nnz/(m·k)`.
    pub sparsity: f64,
    /// Fraction of the stored (in-bounds) block entries that are zero.
    pub fill: f64,
    /// In-bounds entries covered by stored blocks: the work a block kernel does.
    pub stored: usize,
}

impl BsrMatrix {
    /// Detects the all-zero `block` tiles of a dense row-major `[m, k]` matrix
    /// and keeps the rest. Only exact zeros (+0.0 and -0.0) count as zero.
    pub fn from_dense(dense: &[f32], m: usize, k: usize, block: BlockShape) -> Result<Self> {
        let expected = m
            .checked_mul(k)
            .ok_or_else(|| Error::InvalidArgument(format!("matrix shape {m}x{k} overflows")))?;
        if dense.len() != expected {
            return Err(Error::ShapeMismatch(format!(
                "dense weight has {} values but its shape {m}x{k} needs {expected}",
                dense.len()
            )));
        }
        if k > u32::MAX as usize {
            return Err(Error::InvalidArgument(format!("K = {k} is too large")));
        }
        let (r, c) = (block.rows, block.cols);
        let row_blocks = m.div_ceil(r);
        let col_blocks = k.div_ceil(c);
        let mut row_ptr = Vec::with_capacity(row_blocks + 1);
        let mut col_idx = Vec::new();
        let mut values = Vec::new();
        row_ptr.push(0);
        for rb in 0..row_blocks {
            let rows = rb * r..((rb + 1) * r).min(m);
            for cb in 0..col_blocks {
                let cols = cb * c..((cb + 1) * c).min(k);
                let nonzero = rows.clone().any(|i| {
                    dense[i * k + cols.start..i * k + cols.end]
                        .iter()
                        .any(|&v| v != 0.0)
                });
                if !nonzero {
                    continue;
                }
                col_idx.push(cb as u32);
                for i in rb * r..(rb + 1) * r {
                    for j in cb * c..(cb + 1) * c {
                        values.push(if i < m && j < k {
                            dense[i * k + j]
                        } else {
                            0.0
                        });
                    }
                }
            }
            row_ptr.push(col_idx.len());
        }
        Ok(Self {
            m,
            k,
            block,
            row_ptr,
            col_idx,
            values,
        })
    }

    pub fn rows(&self) -> usize {
        self.m
    }
    pub fn cols(&self) -> usize {
        self.k
    }
    pub fn block(&self) -> BlockShape {
        self.block
    }
    pub fn row_blocks(&self) -> usize {
        self.row_ptr.len() - 1
    }
    pub fn num_blocks(&self) -> usize {
        self.col_idx.len()
    }

    /// `row_ptr[rb]..row_ptr[rb + 1]` are the blocks of row-block `rb`.
    pub fn row_ptr(&self) -> &[usize] {
        &self.row_ptr
    }
    /// Block column of each stored block.
    pub fn col_idx(&self) -> &[u32] {
        &self.col_idx
    }
    /// `r·c` values per stored block, row-major within the block.
    pub fn values(&self) -> &[f32] {
        &self.values
    }

    /// The stored blocks of row-block `rb`: (block column, r×c values).
    pub fn row_block(&self, rb: usize) -> impl Iterator<Item = (usize, &[f32])> + '_ {
        let area = self.block.area();
        (self.row_ptr[rb]..self.row_ptr[rb + 1]).map(move |b| {
            (
                self.col_idx[b] as usize,
                &self.values[b * area..(b + 1) * area],
            )
        })
    }

    /// The dense `[m, k]` matrix this BSR stores.
    pub fn to_dense(&self) -> Vec<f32> {
        let (r, c) = (self.block.rows, self.block.cols);
        let mut out = vec![0.0; self.m * self.k];
        for rb in 0..self.row_blocks() {
            for (cb, vals) in self.row_block(rb) {
                for i in 0..r {
                    for j in 0..c {
                        let (row, col) = (rb * r + i, cb * c + j);
                        if row < self.m && col < self.k {
                            out[row * self.k + col] = vals[i * c + j];
                        }
                    }
                }
            }
        }
        out
    }

    pub fn stats(&self) -> SparseStats {
        let (r, c) = (self.block.rows, self.block.cols);
        let mut nnz = 0;
        let mut stored = 0;
        for rb in 0..self.row_blocks() {
            for (cb, vals) in self.row_block(rb) {
                for i in 0..r {
                    for j in 0..c {
                        if rb * r + i < self.m && cb * c + j < self.k {
                            stored += 1;
                            nnz += usize::from(vals[i * c + j] != 0.0);
                        }
                    }
                }
            }
        }
        let total = (self.m * self.k).max(1) as f64;
        SparseStats {
            nnz,
            blocks: self.num_blocks(),
            sparsity: 1.0 - nnz as f64 / total,
            fill: if stored == 0 {
                0.0
            } else {
                1.0 - nnz as f64 / stored as f64
            },
            stored,
        }
    }

    /// A hash of the shape, block and positions of the stored blocks, but not
    /// their values: kernels that bake only the pattern share it.
    pub fn pattern_hash(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        (self.m, self.k, self.block).hash(&mut h);
        self.row_ptr.hash(&mut h);
        self.col_idx.hash(&mut h);
        h.finish()
    }

    /// The same pattern with every in-bounds stored value `v` of row `row`
    /// replaced by `f(row, v)`; the padding of edge blocks stays zero.
    pub fn map_values(&self, mut f: impl FnMut(usize, f32) -> f32) -> Self {
        let (r, c) = (self.block.rows, self.block.cols);
        let mut values = self.values.clone();
        for rb in 0..self.row_blocks() {
            for b in self.row_ptr[rb]..self.row_ptr[rb + 1] {
                let cb = self.col_idx[b] as usize;
                for i in 0..r {
                    for j in 0..c {
                        let (row, col) = (rb * r + i, cb * c + j);
                        if row < self.m && col < self.k {
                            let v = &mut values[b * r * c + i * c + j];
                            *v = f(row, *v);
                        }
                    }
                }
            }
        }
        Self {
            m: self.m,
            k: self.k,
            block: self.block,
            row_ptr: self.row_ptr.clone(),
            col_idx: self.col_idx.clone(),
            values,
        }
    }

    /// Counts of non-finite values (NaN, ±Inf) in the stored values.
    pub fn non_finite(&self) -> usize {
        self.values.iter().filter(|v| !v.is_finite()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_tails() {
        let (m, k) = (5, 7);
        let mut dense = vec![0.0; m * k];
        dense[0] = 1.0;
        dense[4 * k + 6] = 2.0;
        dense[2 * k + 3] = -3.0;
        for block in BlockShape::all() {
            let bsr = BsrMatrix::from_dense(&dense, m, k, block).unwrap();
            assert_eq!(bsr.to_dense(), dense, "block {block}");
            let s = bsr.stats();
            assert_eq!(s.nnz, 3);
            assert!(s.blocks <= 3 && s.blocks >= 1);
        }
    }

    #[test]
    fn stats_of_full_and_empty() {
        let full = BsrMatrix::from_dense(&[1.0; 12], 3, 4, BlockShape::new(2, 2).unwrap()).unwrap();
        let s = full.stats();
        assert_eq!((s.nnz, s.blocks, s.stored), (12, 4, 12));
        assert_eq!(s.sparsity, 0.0);
        let empty =
            BsrMatrix::from_dense(&[0.0; 12], 3, 4, BlockShape::new(4, 1).unwrap()).unwrap();
        assert_eq!(empty.stats().nnz, 0);
        assert_eq!(empty.num_blocks(), 0);
        assert_eq!(empty.stats().sparsity, 1.0);
    }

    #[test]
    fn parses_block_shapes() {
        assert_eq!(
            "4x1".parse::<BlockShape>().unwrap(),
            BlockShape { rows: 4, cols: 1 }
        );
        assert!("3x1".parse::<BlockShape>().is_err());
        assert!("4".parse::<BlockShape>().is_err());
    }
}
