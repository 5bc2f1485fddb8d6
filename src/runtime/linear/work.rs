//! How one call's work is cut: near-equal ranges for threads, blocks of
//! panels per kernel call, the input scan that decides whether the
//! NaN/Inf fix-up runs, and how much workspace a thread keeps.

use crate::error::Error;
use std::ops::Range;

/// The error of a call whose buffers (`n · K` inputs, `n · M` outputs, or
/// their panel-padded copies) would hold more elements than a `usize`
/// counts: no machine has such a buffer, and a wrapped size would let the
/// kernels run past the real ones.
pub(super) fn too_large(n: usize, k: usize, m: usize) -> Error {
    Error::ShapeMismatch(format!(
        "n = {n} tokens of K = {k} features (and M = {m} outputs) is larger than any buffer"
    ))
}

/// Floats that `n` tokens take padded to whole panels of `nb` tokens, at
/// `per_token` floats per token (panel rows, or the output stride), or
/// `None` if that overflows.
pub(super) fn padded(n: usize, nb: usize, per_token: usize) -> Option<usize> {
    n.div_ceil(nb).checked_mul(nb)?.checked_mul(per_token)
}

/// Workspace bytes a thread keeps between calls. A BERT-base call at 512
/// tokens and K = 3072 packs 6.3 MB of X and may stage as much of Y; a
/// call that grew the buffers past this frees them afterwards, as `bert`
/// does with its own, so one huge batch does not pin its memory to every
/// pool thread for good. Such calls take tens of milliseconds, next to
/// which allocating afresh costs little.
pub(super) const WORKSPACE_KEEP: usize = 32 << 20;

/// Whether every value is finite. Every sparse call scans its input, so
/// this is written to vectorise well: a value is NaN or ±Inf exactly when
/// its magnitude bits are at least those of +Inf, so each chunk reduces to
/// one unsigned max (no dependency chain of compares), compiled for
/// AVX-512 and AVX2 too. The SSE compare chain it replaces took about a
/// tenth of a 768x768x128 call at 90% sparsity.
#[multiversion::multiversion(targets("x86_64+avx512f+avx512vl+avx2+fma", "x86_64+avx2+fma"))]
pub(super) fn all_finite(x: &[f32]) -> bool {
    const INF: u32 = 0x7f80_0000;
    x.chunks(1024)
        .all(|c| c.iter().fold(0u32, |m, v| m.max(v.to_bits() & 0x7fff_ffff)) < INF)
}

/// Panels per kernel call when a call has `count` panels. Each group's
/// code walks every panel it is given, so once a thread's packed X
/// outgrows L2, every group reads X from L3. Calling the kernel on blocks
/// of panels that fit in half of a 1 MiB L2 keeps X there, at the cost of
/// fetching the code once per block; X that fits in L2 anyway is not
/// blocked. Measured (`sparsejit bench`, N = 512, 4x1, one thread): 768x768
/// at 90% 0.48-0.51 -> 0.40 ms, 3072x768 at 90% 2.10-2.17 -> 1.61-1.69 ms,
/// 384x1536x1024 at 90% 1.40 -> 0.99 ms. With panels over 128 KiB (K > 2048
/// at 16 tokens) a block holds too few to pay for the code fetches
/// (768x3072 at 70%: 5.6 -> 6.1 ms in blocks of 3), so those are not
/// blocked. The cost shows in a whole MiniLM pass, where each layer's code
/// comes from memory: at 8 × 128 tokens the JIT layers took 27.4 instead
/// of 29.6 ms at 90%, but 58.1 instead of 54.8 ms at 70% (1.6 MB of code
/// per layer, fetched once per block); hot, every MiniLM shape at N = 1024
/// ran 4-25% faster blocked.
///
/// `k` is the X rows one sweep reads: K, or a K-blocked kernel's block.
/// `l2` is `cpu::l2_bytes()` (the figures above are from a 1 MiB L2).
pub(super) fn panel_block(k: usize, nb: usize, count: usize, l2: usize) -> usize {
    let panel = (k * nb * 4).max(1);
    let pb = l2 / 2 / panel;
    if pb >= 4 && count * panel > l2 {
        pb
    } else {
        count.max(1)
    }
}

/// `0..len` cut into `parts` near-equal ranges (at least one).
pub(super) fn split(len: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.max(1);
    (0..parts)
        .map(|i| len * i / parts..len * (i + 1) / parts)
        .filter(|r| !r.is_empty() || len == 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{LinearOptions, SparseLinear, WORKSPACE};
    use super::WORKSPACE_KEEP;
    use crate::sparse::BlockShape;
    use crate::sparse::prune::random_block_sparse;

    /// The split of (groups × panels) over threads: every pair exactly
    /// once, and with more threads than panels a mixed split (several
    /// group ranges, each over part of the panels), which
    /// tests/differential.rs runs against the oracle with up to 8 threads.
    #[test]
    fn chunks_cover_groups_times_panels_once() {
        let block = BlockShape::new(4, 1).unwrap();
        let (m, k) = (64, 16);
        let w = random_block_sparse(m, k, block, 0.0, 5);
        // 10 groups of 10 nonzeros each.
        let work: Vec<usize> = (0..=10).map(|g| 10 * g).collect();
        let mut mixed = false;
        for threads in 1..=8 {
            let opts = LinearOptions {
                threads,
                ..Default::default()
            };
            let layer = SparseLinear::from_dense(&w, m, k, block, None, &opts).unwrap();
            for panels in 1..=10 {
                let chunks = layer.chunks(&work, panels);
                let mut seen = vec![0; 10 * panels];
                for (g, p) in &chunks {
                    for gi in g.clone() {
                        for pi in p.clone() {
                            seen[gi * panels + pi] += 1;
                        }
                    }
                }
                assert!(seen.iter().all(|&n| n == 1), "{chunks:?}");
                mixed |= chunks.iter().any(|(g, p)| g.len() < 10 && p.len() < panels);
            }
        }
        assert!(mixed, "some split divides both groups and panels");
    }

    /// A call that needs more than `WORKSPACE_KEEP` leaves this thread's
    /// workspace empty; an ordinary one leaves it for the next call.
    #[test]
    fn thread_workspaces_are_bounded() {
        let block = BlockShape::new(4, 1).unwrap();
        let (m, k) = (8, 1024);
        let w = random_block_sparse(m, k, block, 0.5, 5);
        let layer =
            SparseLinear::from_dense(&w, m, k, block, None, &LinearOptions::default()).unwrap();
        let held = || WORKSPACE.with(|ws| ws.borrow().bytes());
        let small = 64;
        layer
            .forward(&vec![0.5; small * k], small, &mut vec![0.0; small * m])
            .unwrap();
        assert!(held() >= small * k * 4, "a small call's buffers are kept");
        // 10 K tokens of K = 1024 pack to 40 MB.
        let big = 10_240;
        assert!(big * k * 4 > WORKSPACE_KEEP);
        layer
            .forward(&vec![0.5; big * k], big, &mut vec![0.0; big * m])
            .unwrap();
        assert!(held() <= WORKSPACE_KEEP, "{} bytes kept", held());
    }
}
