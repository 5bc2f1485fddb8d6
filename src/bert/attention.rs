//! Multi-head self-attention over a padded batch: per (sequence, head),
//! `softmax(Q·Kᵀ/√d + mask)·V`. The two products per head run on the
//! `gemm` crate (through `reference::gemm::dense_gemm`, single-threaded),
//! and the (sequence, head) pairs are spread over the threads with rayon.
//!
//! Q, K and V come from the linear layers as `[tokens, hidden]` with the
//! heads side by side in each row; each task gathers its head into
//! contiguous `[seq, d]` (and V transposed to `[d, seq]`) so both products
//! are plain `x·wᵀ` GEMMs. A padded key gets probability exactly 0, which
//! is what PyTorch's additive mask of `finfo(float32).min` amounts to after
//! `exp` underflows.

use crate::plan::Activation;
use crate::reference::gemm::dense_gemm;
use crate::runtime::pool;
use multiversion::multiversion;
use rayon::prelude::*;
use wide::f32x8;

/// The shape of one attention call.
#[derive(Clone, Copy, Debug)]
pub struct AttentionShape {
    pub batch: usize,
    pub seq: usize,
    pub heads: usize,
    pub head_dim: usize,
}

impl AttentionShape {
    fn hidden(&self) -> usize {
        self.heads * self.head_dim
    }
}

/// `ctx = softmax(q·kᵀ/√d + mask)·v` per sequence and head. `q`, `k`, `v`
/// and `ctx` are `[batch·seq, heads·d]`; `mask` is `[batch·seq]` (0 =
/// padding). `scratch` is reused across calls.
#[allow(clippy::too_many_arguments)]
pub fn attention(
    q: &[f32],
    k: &[f32],
    v: &[f32],
    mask: &[u32],
    shape: AttentionShape,
    threads: usize,
    scratch: &mut Vec<f32>,
    ctx: &mut [f32],
) {
    let AttentionShape {
        batch,
        seq,
        heads,
        head_dim: d,
    } = shape;
    let h = shape.hidden();
    debug_assert_eq!(q.len(), batch * seq * h);
    scratch.clear();
    scratch.resize(batch * seq * h, 0.0);
    // Head-major output: one disjoint [seq, d] chunk per (sequence, head).
    let task = |(i, out): (usize, &mut [f32])| {
        let (b, head) = (i / heads, i % heads);
        head_attention(q, k, v, &mask[b * seq..(b + 1) * seq], shape, b, head, out);
    };
    if threads <= 1 || batch * heads == 1 {
        scratch.chunks_mut(seq * d).enumerate().for_each(task);
    } else {
        pool(threads).install(|| scratch.par_chunks_mut(seq * d).enumerate().for_each(task));
    }
    for b in 0..batch {
        for head in 0..heads {
            let src = &scratch[(b * heads + head) * seq * d..][..seq * d];
            for (t, row) in src.chunks_exact(d).enumerate() {
                ctx[(b * seq + t) * h + head * d..][..d].copy_from_slice(row);
            }
        }
    }
}

/// One (sequence, head): `out` `[seq, d]`.
#[allow(clippy::too_many_arguments)]
fn head_attention(
    q: &[f32],
    k: &[f32],
    v: &[f32],
    mask: &[u32],
    shape: AttentionShape,
    b: usize,
    head: usize,
    out: &mut [f32],
) {
    let (seq, d, h) = (shape.seq, shape.head_dim, shape.hidden());
    // 1/√d is folded into Q (seq·d multiplies instead of seq²); unless d
    // is a power of four this rounds differently from PyTorch's dividing
    // the scores, by about an ulp per element.
    let scale = 1.0 / (d as f32).sqrt();
    let mut qh = vec![0.0f32; seq * d];
    let mut kh = vec![0.0f32; seq * d];
    let mut vt = vec![0.0f32; d * seq];
    for t in 0..seq {
        let at = (b * seq + t) * h + head * d;
        for c in 0..d {
            qh[t * d + c] = q[at + c] * scale;
            kh[t * d + c] = k[at + c];
            vt[c * seq + t] = v[at + c];
        }
    }
    let mut scores = vec![0.0f32; seq * seq];
    dense_gemm(
        &qh,
        seq,
        d,
        &kh,
        seq,
        None,
        Activation::None,
        &mut scores,
        1,
    );
    for row in scores.chunks_exact_mut(seq) {
        softmax_masked(row, mask);
    }
    dense_gemm(&scores, seq, seq, &vt, d, None, Activation::None, out, 1);
}

/// Softmax over the unmasked entries of `row`; masked entries become 0. A
/// NaN score makes the whole row NaN, as in PyTorch. `exp` is `wide`'s
/// vectorised one (Agner Fog's VCL polynomial, about 1 ulp): libm's scalar
/// `expf` here took most of the attention time (seq² calls per head).
#[multiversion(targets("x86_64+avx2+fma"))]
fn softmax_masked(row: &mut [f32], mask: &[u32]) {
    let mut max = f32::NEG_INFINITY;
    let mut nan = false;
    for (v, &m) in row.iter_mut().zip(mask) {
        if m == 0 {
            *v = f32::NEG_INFINITY; // exp gives exactly 0
        }
        nan |= v.is_nan();
        max = max.max(*v);
    }
    if nan || max == f32::NEG_INFINITY {
        // NaN in, NaN out; no unmasked key at all cannot come from a
        // tokenizer ([CLS] is always there) and gives zeros.
        row.fill(if nan { f32::NAN } else { 0.0 });
        return;
    }
    let mut sum = f32x8::ZERO;
    let mut chunks = row.chunks_exact_mut(8);
    for c in &mut chunks {
        let e = (f32x8::from(&*c) - f32x8::splat(max)).exp();
        c.copy_from_slice(e.as_array_ref());
        sum += e;
    }
    let mut total = sum.reduce_add();
    for v in chunks.into_remainder() {
        *v = (*v - max).exp();
        total += *v;
    }
    let inv = 1.0 / total;
    row.iter_mut().for_each(|v| *v *= inv);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sparse::prune::SplitMix64;

    /// The textbook computation in f64, one (sequence, head) at a time.
    fn naive(q: &[f32], k: &[f32], v: &[f32], mask: &[u32], s: AttentionShape) -> Vec<f64> {
        let (seq, d, h) = (s.seq, s.head_dim, s.hidden());
        let mut out = vec![0.0f64; s.batch * seq * h];
        for b in 0..s.batch {
            for hd in 0..s.heads {
                for i in 0..seq {
                    let at = |t: usize, c: usize| (b * seq + t) * h + hd * d + c;
                    let mut w: Vec<f64> = (0..seq)
                        .map(|j| {
                            let dot: f64 = (0..d)
                                .map(|c| q[at(i, c)] as f64 * k[at(j, c)] as f64)
                                .sum();
                            dot / (d as f64).sqrt()
                        })
                        .collect();
                    let max = (0..seq)
                        .filter(|&j| mask[b * seq + j] != 0)
                        .map(|j| w[j])
                        .fold(f64::NEG_INFINITY, f64::max);
                    for (j, x) in w.iter_mut().enumerate() {
                        *x = if mask[b * seq + j] != 0 {
                            (*x - max).exp()
                        } else {
                            0.0
                        };
                    }
                    let sum: f64 = w.iter().sum();
                    for c in 0..d {
                        out[at(i, c)] = (0..seq).map(|j| w[j] / sum * v[at(j, c)] as f64).sum();
                    }
                }
            }
        }
        out
    }

    #[test]
    fn matches_the_textbook_with_padding_and_threads() {
        let s = AttentionShape {
            batch: 2,
            seq: 5,
            heads: 3,
            head_dim: 4,
        };
        let n = s.batch * s.seq * s.hidden();
        let mut rng = SplitMix64::new(3);
        let mut gen_ = || (0..n).map(|_| rng.next_f32_signed()).collect::<Vec<f32>>();
        let (q, k, v) = (gen_(), gen_(), gen_());
        // The second sequence has 3 real tokens and 2 of padding.
        let mask = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
        let want = naive(&q, &k, &v, &mask, s);
        for threads in [1, 2] {
            let mut ctx = vec![0.0f32; n];
            attention(&q, &k, &v, &mask, s, threads, &mut Vec::new(), &mut ctx);
            for (g, w) in ctx.iter().zip(&want) {
                assert!((*g as f64 - w).abs() < 1e-5, "{g} vs {w}");
            }
        }
    }
}
