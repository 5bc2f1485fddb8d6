//! How one call's work is cut: near-equal ranges for threads, blocks of
//! panels per kernel call, and the input scan that decides whether the
//! NaN/Inf fix-up runs.

use std::ops::Range;

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

/// Panels one kernel call covers. Each group's code walks every panel it
/// is given, so once a thread's packed X outgrows L2, every group reads X
/// from L3. Calling the kernel on blocks of panels that fit in half of a
/// 1 MiB L2 keeps X there, at the cost of fetching the code once per block.
/// Measured (`sparsejit bench`, N = 512, 4x1): 768x768 at 90% 0.48-0.51
/// -> 0.40 ms, 3072x768 at 90% 2.10-2.17 -> 1.69 ms, 384x1536x1024 at 90%
/// 1.40 -> 0.99 ms. With panels over 128 KiB (K > 2048 at 16 tokens) a
/// block holds too few to pay for the code fetches (768x3072 at 70%: 5.6
/// -> 6.1 ms in blocks of 3), so those are not blocked. In a whole MiniLM
/// pass of 8 × 128 tokens, where each layer's code comes from memory, it
/// took the JIT layers from 31.1 to 29.2 ms at 90% but from 53.9 to 55.4
/// ms at 70% (more code to fetch once per block); hot, every MiniLM shape
/// at N = 1024 ran 4-25% faster blocked.
pub(super) fn panel_block(k: usize, nb: usize) -> usize {
    const X_BUDGET: usize = 512 * 1024;
    let pb = X_BUDGET / (k * nb * 4).max(1);
    if pb >= 4 { pb } else { usize::MAX }
}

/// `0..len` cut into `parts` near-equal ranges (at least one).
pub(super) fn split(len: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.max(1);
    (0..parts)
        .map(|i| len * i / parts..len * (i + 1) / parts)
        .filter(|r| !r.is_empty() || len == 0)
        .collect()
}
