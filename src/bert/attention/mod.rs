//! Multi-head self-attention over a padded batch: per (sequence, head),
//! `softmax(Q·Kᵀ/√d + mask)·V`, fused: a block of query rows at a time
//! computes its scores, their softmax and its share of the output while
//! the scores are in L1, so no `[seq, seq]` matrix is ever written (at
//! seq 512 one would be 1 MiB per head). The (sequence, head) pairs are
//! spread over the threads with rayon.
//!
//! Q, K and V are read where the linear layers left them: token `t`'s
//! head `h` is `d` floats at `t·ld + h·d` (`ld` is the hidden size, or 3×
//! it when q, k and v come out of one fused layer). K's and V's head are
//! copied into tile-major layouts (`tiles`), so that both products are
//! register tiles of broadcast × vector FMAs: 6 query rows × 16 keys for
//! Q·Kᵀ, and 6 rows × 16 head columns for P·V. A padded key gets
//! probability exactly 0, which is what PyTorch's additive mask of
//! `finfo(float32).min` amounts to after `exp` underflows. The softmax's
//! `exp` is the vectorisable polynomial `exp_nonpositive`: libm's scalar
//! `expf`, seq² calls per head, took more time than both products.

mod tiles;

use crate::runtime::pool;
use multiversion::multiversion;
use rayon::prelude::*;
use tiles::{LANES, ROWS};

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

/// Q, K and V of a batch: token `t`, head `h` is at `t·ld + h·head_dim`
/// in each slice.
#[derive(Clone, Copy, Debug)]
pub struct Qkv<'a> {
    pub q: &'a [f32],
    pub k: &'a [f32],
    pub v: &'a [f32],
    /// The row stride of all three, in floats (at least the hidden size).
    pub ld: usize,
}

/// `ctx = softmax(q·kᵀ/√d + mask)·v` per sequence and head. `ctx` is
/// `[batch·seq, heads·d]`; `mask` is `[batch·seq]` (0 = padding).
/// `scratch` is reused across calls.
pub fn attention(
    qkv: Qkv,
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
    let tokens = batch * seq;
    assert!(qkv.ld >= h, "q, k and v rows must hold every head");
    for m in [qkv.q, qkv.k, qkv.v] {
        assert!(
            tokens == 0 || m.len() >= (tokens - 1) * qkv.ld + h,
            "q, k and v must hold batch·seq rows"
        );
    }
    assert_eq!(ctx.len(), tokens * h, "ctx must be [batch·seq, hidden]");
    assert_eq!(mask.len(), tokens, "mask must be [batch·seq]");
    scratch.clear();
    scratch.resize(tokens * h, 0.0);
    // Head-major output: one disjoint [seq, d] chunk per (sequence, head).
    let task = |(i, out): (usize, &mut [f32])| {
        let (b, head) = (i / heads, i % heads);
        head_attention(qkv, &mask[b * seq..(b + 1) * seq], shape, b, head, out);
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

/// One (sequence, head): `out` `[seq, d]`, on the AVX2+FMA tiles where
/// the CPU has them (AVX-512 CPUs too: ymm tiles, not yet zmm).
#[multiversion(targets("x86_64+avx2+fma"))]
fn head_attention(
    qkv: Qkv,
    mask: &[u32],
    shape: AttentionShape,
    b: usize,
    head: usize,
    out: &mut [f32],
) {
    multiversion::target::match_target! {
        "x86_64+avx2+fma" => blocks(qkv, mask, shape, b, head, out, Tiles::new(
            |k, ld, seq, d, kt| tiles::transpose_avx2(k, ld, seq, d, kt),
            |qs, kt, keys, p| tiles::scores_avx2(qs, kt, keys, p),
            |row, bias, scale| tiles::softmax_avx2(row, bias, scale),
            |pr, vh, d, inv, out| tiles::weighted_values_avx2(pr, vh, d, inv, out),
        )),
        _ => blocks(qkv, mask, shape, b, head, out, Tiles::new(
            tiles::transpose,
            tiles::scores,
            tiles::softmax,
            tiles::weighted_values,
        )),
    }
}

/// The four steps of a (sequence, head), in one instruction set: closures,
/// so that the AVX2 ones are made inside the AVX2 clone and inherit its
/// target features (a plain call of a `#[target_feature]` function from
/// the generic driver would need `unsafe`).
struct Tiles<T, S, E, W> {
    transpose: T,
    scores: S,
    softmax: E,
    weighted_values: W,
}

impl<T, S, E, W> Tiles<T, S, E, W>
where
    T: Fn(&[f32], usize, usize, usize, &mut [f32]),
    S: Fn([&[f32]; ROWS], &[f32], usize, &mut [f32]),
    E: Fn(&mut [f32], &[f32], f32) -> f32,
    W: Fn([&[f32]; ROWS], &[f32], usize, &[f32], &mut [f32]),
{
    // The bounds here, where the closures are written, make their
    // argument lifetimes generic.
    #[inline(always)]
    fn new(transpose: T, scores: S, softmax: E, weighted_values: W) -> Self {
        Self {
            transpose,
            scores,
            softmax,
            weighted_values,
        }
    }
}

/// The query-row blocks of one (sequence, head), computed with `tiles`.
#[inline(always)]
fn blocks<T, S, E, W>(
    qkv: Qkv,
    mask: &[u32],
    shape: AttentionShape,
    b: usize,
    head: usize,
    out: &mut [f32],
    tiles: Tiles<T, S, E, W>,
) where
    T: Fn(&[f32], usize, usize, usize, &mut [f32]),
    S: Fn([&[f32]; ROWS], &[f32], usize, &mut [f32]),
    E: Fn(&mut [f32], &[f32], f32) -> f32,
    W: Fn([&[f32]; ROWS], &[f32], usize, &[f32], &mut [f32]),
{
    let (seq, d) = (shape.seq, shape.head_dim);
    let row = |t: usize| (b * seq + t) * qkv.ld + head * d;
    // Keys padded to whole tiles: the padding's Kᵀ columns are 0 and its
    // mask −∞, so it adds nothing to the softmax.
    let keys = seq.next_multiple_of(LANES);
    let mut kt = vec![0.0f32; d * keys];
    (tiles.transpose)(&qkv.k[row(0)..], qkv.ld, seq, d, &mut kt);
    let mut vh = vec![0.0f32; d.next_multiple_of(LANES) * seq];
    tiles::gather_values(&qkv.v[row(0)..], qkv.ld, seq, d, &mut vh);
    let bias: Vec<f32> = (0..keys)
        .map(|j| {
            if j < seq && mask[j] != 0 {
                0.0
            } else {
                f32::NEG_INFINITY
            }
        })
        .collect();
    let scale = 1.0 / (d as f32).sqrt();
    let mut p = vec![0.0f32; ROWS * keys];
    let mut inv = [0.0f32; ROWS];
    for i0 in (0..seq).step_by(ROWS) {
        let rows = ROWS.min(seq - i0);
        // A short last block repeats its last row in the unused slots:
        // computed, never stored.
        let qs: [&[f32]; ROWS] = std::array::from_fn(|r| {
            let at = row(i0 + r.min(rows - 1));
            &qkv.q[at..at + d]
        });
        (tiles.scores)(qs, &kt, keys, &mut p);
        for (r, s) in inv.iter_mut().enumerate().take(rows) {
            *s = (tiles.softmax)(&mut p[r * keys..][..keys], &bias, scale);
        }
        let pr: [&[f32]; ROWS] = std::array::from_fn(|r| &p[r * keys..r * keys + seq]);
        (tiles.weighted_values)(pr, &vh, d, &inv[..rows], &mut out[i0 * d..(i0 + rows) * d]);
    }
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
    // Below this e^x is under f32's smallest normal: the result is 0
    // (so −∞, a masked key, is exactly 0), and clamping keeps 2^r normal.
    // Written as comparisons so that NaN passes through.
    let tiny = x < -87.0;
    let x = if tiny { -87.0 } else { x };
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
    let y = e * f32::from_bits((r + (127.0 + 8_388_608.0)).to_bits() << 23);
    if tiny { 0.0 } else { y }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sparse::prune::SplitMix64;

    /// The textbook computation in f64, one (sequence, head) at a time;
    /// `[batch·seq, hidden]` out.
    fn naive(x: Qkv, mask: &[u32], s: AttentionShape) -> Vec<f64> {
        let (q, k, v) = (x.q, x.k, x.v);
        let (seq, d, h) = (s.seq, s.head_dim, s.hidden());
        let mut out = vec![0.0f64; s.batch * seq * h];
        for b in 0..s.batch {
            for hd in 0..s.heads {
                for i in 0..seq {
                    let at = |t: usize, c: usize| (b * seq + t) * x.ld + hd * d + c;
                    let o = |t: usize, c: usize| (b * seq + t) * h + hd * d + c;
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
                        out[o(i, c)] = (0..seq).map(|j| w[j] / sum * v[at(j, c)] as f64).sum();
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

    type Softmax = fn(&mut [f32], &[f32], f32) -> f32;

    /// The softmax versions this CPU runs.
    fn softmaxes() -> Vec<Softmax> {
        let mut v: Vec<Softmax> = vec![tiles::softmax];
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA, checked just above.
            v.push(|r, b, s| unsafe { tiles::softmax_avx2(r, b, s) });
        }
        v
    }

    #[test]
    fn softmax_masks_exactly_and_keeps_nan() {
        for softmax in softmaxes() {
            let mut row = [0.0f32; LANES];
            row[..4].copy_from_slice(&[1.0, 2.0, 3.0, 50.0]);
            let mut bias = [f32::NEG_INFINITY; LANES];
            bias[..3].fill(0.0);
            let inv = softmax(&mut row, &bias, 0.5);
            assert!(row[3..].iter().all(|&p| p == 0.0));
            let p: Vec<f32> = row.iter().map(|v| v * inv).collect();
            let want = [0.5f64, 1.0, 1.5].map(f64::exp);
            for (g, w) in p.iter().zip(want) {
                let w = w / want.iter().sum::<f64>();
                assert!((*g as f64 - w).abs() < 1e-6, "{g} vs {w}");
            }
            for bad in [f32::NAN, f32::INFINITY] {
                let mut row = [1.0; LANES];
                row[1] = bad;
                assert!(softmax(&mut row, &[0.0; LANES], 1.0).is_nan());
            }
            // Every key masked: nothing to attend to, a zero row.
            let mut row = [1.0; LANES];
            assert_eq!(softmax(&mut row, &[f32::NEG_INFINITY; LANES], 1.0), 0.0);
            assert_eq!(row, [0.0; LANES]);
        }
    }

    /// Shapes with a tail in every tile (query rows, keys, head columns),
    /// padding, the fused layout (`ld` = 3·hidden) and 1 and 2 threads.
    #[test]
    fn matches_the_textbook_with_padding_and_threads() {
        // (batch, seq, heads, d, ld / hidden)
        for (batch, seq, heads, head_dim, fused) in [
            (2, 5, 3, 4, 1),
            (2, 37, 2, 32, 3),
            (1, 20, 2, 24, 1),
            (1, 1, 1, 16, 3),
            (3, 16, 1, 64, 1),
            (2, 19, 2, 20, 3),
        ] {
            let s = AttentionShape {
                batch,
                seq,
                heads,
                head_dim,
            };
            let (h, tokens) = (s.hidden(), batch * seq);
            let ld = h * fused;
            let mut rng = SplitMix64::new(seq as u64);
            let mut gen_ = || {
                (0..tokens * ld)
                    .map(|_| 2.0 * rng.next_f32_signed())
                    .collect::<Vec<f32>>()
            };
            let (q, k, v) = (gen_(), gen_(), gen_());
            let x = Qkv {
                q: &q,
                k: &k,
                v: &v,
                ld,
            };
            // The last sequence ends in padding (a third of its tokens).
            let mut mask = vec![1u32; tokens];
            let pad = seq / 3;
            mask[tokens - pad..].fill(0);
            let want = naive(x, &mask, s);
            // The portable tiles too, which this CPU's clone would not run.
            let mut portable = vec![f32::NAN; tokens * h];
            for b in 0..batch {
                for head in 0..heads {
                    let mut out = vec![f32::NAN; seq * head_dim];
                    let m = &mask[b * seq..(b + 1) * seq];
                    let t = Tiles::new(
                        tiles::transpose,
                        tiles::scores,
                        tiles::softmax,
                        tiles::weighted_values,
                    );
                    blocks(x, m, s, b, head, &mut out, t);
                    for (i, row) in out.chunks_exact(head_dim).enumerate() {
                        portable[(b * seq + i) * h + head * head_dim..][..head_dim]
                            .copy_from_slice(row);
                    }
                }
            }
            for threads in [0, 1, 2] {
                let mut ctx = vec![f32::NAN; tokens * h];
                if threads == 0 {
                    ctx.copy_from_slice(&portable);
                } else {
                    attention(x, &mask, s, threads, &mut Vec::new(), &mut ctx);
                }
                for (i, (g, w)) in ctx.iter().zip(&want).enumerate() {
                    assert!(
                        (*g as f64 - w).abs() < 1e-5,
                        "{s:?} ld {ld}, {threads} threads (0: portable), element {i}: {g} vs {w}"
                    );
                }
            }
        }
    }
}
