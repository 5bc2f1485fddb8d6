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
//! `exp` underflows. The softmax's `exp` is the vectorisable polynomial
//! `exp_nonpositive`: libm's scalar `expf`, seq² calls per head, took more
//! time than both products.

use crate::plan::Activation;
use crate::reference::gemm::dense_gemm;
use crate::runtime::pool;
use multiversion::multiversion;
use rayon::prelude::*;

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
    let keep: Vec<f32> = mask
        .iter()
        .map(|&m| if m != 0 { 1.0 } else { 0.0 })
        .collect();
    let inv: Vec<f32> = scores
        .chunks_exact_mut(seq)
        .map(|row| exp_shifted(row, &keep))
        .collect();
    dense_gemm(&scores, seq, seq, &vt, d, None, Activation::None, out, 1);
    // Softmax's division, applied to the [seq, d] output rather than the
    // [seq, seq] probabilities: the same result for d/seq of the work.
    for (row, s) in out.chunks_exact_mut(d).zip(&inv) {
        row.iter_mut().for_each(|v| *v *= s);
    }
}

/// The unnormalised softmax of one row of scores: `row[j] = exp(row[j] −
/// max) · keep[j]` (`keep` is 1 for a real key, 0 for padding; `max` over
/// the real keys), returning `1 / Σ row` for the caller to scale by. A NaN
/// or +Inf score makes the sum, and so the row's output, NaN, as in
/// PyTorch. Written over chunks of 8 lanes so that the AVX2+FMA version
/// vectorises every loop.
#[multiversion(targets("x86_64+avx2+fma"))]
pub fn exp_shifted(row: &mut [f32], keep: &[f32]) -> f32 {
    let mut maxes = [f32::NEG_INFINITY; 8];
    let (mut rows, mut keeps) = (row.chunks_exact(8), keep.chunks_exact(8));
    for (r, k) in (&mut rows).zip(&mut keeps) {
        // Selects, not branches: this compiles to vblendvps + vmaxps.
        for l in 0..8 {
            let v = if k[l] != 0.0 { r[l] } else { f32::NEG_INFINITY };
            maxes[l] = if v > maxes[l] { v } else { maxes[l] };
        }
    }
    let mut max = maxes.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    for (&v, &k) in rows.remainder().iter().zip(keeps.remainder()) {
        if k != 0.0 && v > max {
            max = v;
        }
    }
    if max == f32::NEG_INFINITY {
        // No real key (or every score −Inf): nothing to attend to. A
        // tokenizer never produces this ([CLS] is always there).
        row.fill(0.0);
        return 0.0;
    }
    // A plain map, then the sum: both vectorise 8 lanes wide (one fused
    // loop with a reduction came out 4 lanes wide).
    for (v, &k) in row.iter_mut().zip(keep) {
        *v = exp_nonpositive(*v - max) * k;
    }
    let mut sums = [0.0f32; 8];
    let mut rows = row.chunks_exact(8);
    for r in &mut rows {
        for l in 0..8 {
            sums[l] += r[l];
        }
    }
    1.0 / (sums.iter().sum::<f32>() + rows.remainder().iter().sum::<f32>())
}

/// `exp(x)` for `x ≤ 0` (NaN stays NaN), within 2 ulp: Cody–Waite range
/// reduction `x = r·ln2 + f`, a degree-6 Taylor polynomial for `e^f` on
/// |f| ≤ ln2/2, and `2^r` built in the exponent bits — the algorithm and
/// constants of Agner Fog's VCL (as in the `wide` crate's `f32x8::exp`).
/// Here rather than `wide`, whose vector width is fixed when it is compiled
/// (two SSE2 halves in a portable build, several times slower here):
/// plain scalar code that the AVX2+FMA clone of `exp_shifted` turns into
/// 8-lane instructions.
#[inline(always)]
pub fn exp_nonpositive(x: f32) -> f32 {
    // Below this e^x is under f32's smallest normal; clamping keeps 2^r
    // normal. Written as a comparison so that NaN passes through.
    let x = if x < -87.0 { -87.0 } else { x };
    let r = (x * std::f32::consts::LOG2_E).round_ties_even();
    // ln2 split so that r·LN2_HI is exact (LN2_HI has 9 significant bits).
    let f = x - r * 0.693_359_4 - r * -2.121_944_4e-4;
    let p = ((((f * (1.0 / 5040.0) + 1.0 / 720.0) * f + 1.0 / 120.0) * f + 1.0 / 24.0) * f
        + 1.0 / 6.0)
        * f
        + 0.5;
    let e = p * (f * f) + f + 1.0;
    // 2^r for r ∈ [-126, 0]: adding 127 + 2^23 leaves the integer r + 127
    // in the low mantissa bits, and the shift moves it into the exponent
    // (VCL's vm_pow2n). No float-to-int cast: Rust's saturating `as i32`
    // does not vectorise. (For NaN the bits are garbage, but e is NaN.)
    e * f32::from_bits((r + (127.0 + 8_388_608.0)).to_bits() << 23)
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
    fn exp_is_within_two_ulp() {
        let mut worst = 0.0f64;
        let mut x = -87.0f64;
        while x <= 0.0 {
            let got = exp_nonpositive(x as f32) as f64;
            let want = (x as f32 as f64).exp();
            worst = worst.max(((got - want) / want).abs());
            x += 1.0 / 4096.0;
        }
        assert!(
            worst <= 2.0 * f32::EPSILON as f64,
            "worst relative error {worst:e}"
        );
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert!(exp_nonpositive(-1000.0) < 1e-37);
        assert!(exp_nonpositive(f32::NAN).is_nan());
    }

    #[test]
    fn softmax_masks_exactly_and_keeps_nan() {
        let mut row = [1.0, 2.0, 3.0, 50.0];
        let inv = exp_shifted(&mut row, &[1.0, 1.0, 1.0, 0.0]);
        assert_eq!(row[3], 0.0);
        let p: Vec<f32> = row.iter().map(|v| v * inv).collect();
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6 && p[2] > p[1]);
        let mut row = [1.0, f32::NAN, 3.0];
        assert!(exp_shifted(&mut row, &[1.0; 3]).is_nan());
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
