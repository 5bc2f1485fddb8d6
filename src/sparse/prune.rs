//! One-shot block magnitude pruning, and deterministic random block-sparse
//! matrices for tests, benches and the demo.
//!
//! Pruning zeroes the blocks with the smallest L2 norm until the requested
//! fraction of blocks is gone. It does not fine-tune: a dense-trained model
//! loses most of its accuracy this way, so it is a tool for producing real
//! patterns, not deployable models.

use super::BlockShape;
use crate::error::{Error, Result};

/// Zeroes the `sparsity` fraction of `block` tiles with the smallest L2 norm
/// in the row-major `[m, k]` matrix, in place. Ties keep the earlier block.
pub fn prune_blocks(
    dense: &mut [f32],
    m: usize,
    k: usize,
    block: BlockShape,
    sparsity: f64,
) -> Result<()> {
    if !(0.0..=1.0).contains(&sparsity) {
        return Err(Error::InvalidArgument(format!(
            "sparsity {sparsity} is outside 0..=1 (0.9 means 90% of the blocks become zero)"
        )));
    }
    if dense.len() != m * k {
        return Err(Error::ShapeMismatch(format!(
            "matrix has {} values but its shape {m}x{k} needs {}",
            dense.len(),
            m * k
        )));
    }
    let (r, c) = (block.rows, block.cols);
    let (rbs, cbs) = (m.div_ceil(r), k.div_ceil(c));
    let tiles = |rb: usize, cb: usize| {
        (rb * r..((rb + 1) * r).min(m))
            .flat_map(move |i| (cb * c..((cb + 1) * c).min(k)).map(move |j| i * k + j))
    };
    let mut norms: Vec<(f64, usize)> = (0..rbs * cbs)
        .map(|b| {
            let n = tiles(b / cbs, b % cbs)
                .map(|i| (dense[i] as f64).powi(2))
                .sum::<f64>();
            // NaN weights sort as the largest so pruning never hides them.
            (if n.is_nan() { f64::INFINITY } else { n }, b)
        })
        .collect();
    let drop = ((rbs * cbs) as f64 * sparsity).round() as usize;
    norms.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for &(_, b) in &norms[..drop] {
        for i in tiles(b / cbs, b % cbs) {
            dense[i] = 0.0;
        }
    }
    Ok(())
}

/// A small, fast, deterministic generator (SplitMix64), so that the demo,
/// benches and tests build the same matrices on every machine.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [-1, 1).
    pub fn next_f32_signed(&mut self) -> f32 {
        (self.next_f64() * 2.0 - 1.0) as f32
    }
}

/// A dense `[m, k]` matrix whose `block` tiles are each zero with probability
/// `sparsity`; kept tiles hold nonzero values in [-1, 1).
pub fn random_block_sparse(
    m: usize,
    k: usize,
    block: BlockShape,
    sparsity: f64,
    seed: u64,
) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed);
    let mut dense = vec![0.0f32; m * k];
    let (r, c) = (block.rows, block.cols);
    for rb in 0..m.div_ceil(r) {
        for cb in 0..k.div_ceil(c) {
            if rng.next_f64() < sparsity {
                continue;
            }
            for i in rb * r..((rb + 1) * r).min(m) {
                for j in cb * c..((cb + 1) * c).min(k) {
                    let v = rng.next_f32_signed();
                    dense[i * k + j] = if v == 0.0 { 0.5 } else { v };
                }
            }
        }
    }
    dense
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sparse::BsrMatrix;

    #[test]
    fn prunes_the_smallest_blocks() {
        let block = BlockShape::new(2, 1).unwrap();
        // Four 2x1 blocks with norms growing left to right.
        let mut w = vec![1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0];
        prune_blocks(&mut w, 2, 4, block, 0.5).unwrap();
        assert_eq!(w, vec![0.0, 0.0, 3.0, 4.0, 0.0, 0.0, 3.0, 4.0]);
    }

    #[test]
    fn random_matrix_hits_the_requested_sparsity() {
        let block = BlockShape::new(4, 1).unwrap();
        let w = random_block_sparse(256, 256, block, 0.9, 7);
        let s = BsrMatrix::from_dense(&w, 256, 256, block).unwrap().stats();
        assert!((s.sparsity - 0.9).abs() < 0.02, "{}", s.sparsity);
        assert_eq!(s.fill, 0.0);
    }

    #[test]
    fn rejects_bad_sparsity() {
        let block = BlockShape::new(1, 1).unwrap();
        assert!(prune_blocks(&mut [1.0], 1, 1, block, 1.5).is_err());
    }
}
