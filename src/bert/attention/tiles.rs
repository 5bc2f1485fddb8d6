//! The register tiles of attention's two products, one query-row block
//! (`ROWS` rows) at a time, and the two layouts they read:
//!
//! - `Kᵀ`, tile-major `[keys/16][d][16]`: Q·Kᵀ walks one 16-key tile's
//!   `d` vectors in a row;
//! - V, `[dp/16][seq][16]` with the head's columns padded with zeros to
//!   `dp`, a multiple of 16: P·V walks one 16-column tile's `seq` vectors.
//!
//! Each tile is broadcast × vector FMAs into 12 ymm accumulators. An
//! AVX2+FMA version in `std::arch` intrinsics (the autovectoriser kept
//! neither loop in registers: both ran scalar, or spilled the tile every
//! iteration, at 4–30 GFLOP/s), and a portable one with the same
//! arithmetic for CPUs without it. The softmax of a block's scores and
//! the transposes into the layouts come in the same two versions.
//!
//! All of it is safe code: the loops zip fixed-length chunks (so the
//! compiler drops the bounds checks), and vectors move through `[f32; 8]`
//! copies, which compile to `vmovups`.

use super::exp_nonpositive;
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// Query rows per tile.
pub const ROWS: usize = 6;
/// Keys (Q·Kᵀ) or head columns (P·V) per tile.
pub const LANES: usize = 16;

/// `kt` in the tile-major `[keys/16][d][16]` layout from `seq` rows of `k`
/// (row `t` at `t·ld`, `d` long); the padding keys stay as they were (0).
pub fn transpose(k: &[f32], ld: usize, seq: usize, d: usize, kt: &mut [f32]) {
    for t in 0..seq {
        let tile = &mut kt[t / LANES * d * LANES..][..d * LANES];
        for (c, &x) in k[t * ld..t * ld + d].iter().enumerate() {
            tile[c * LANES + t % LANES] = x;
        }
    }
}

/// V's head into `[dp/16][seq][16]`: row `t` of `v` at `t·ld`, `d` long;
/// the padding columns stay as they were (0).
pub fn gather_values(v: &[f32], ld: usize, seq: usize, d: usize, vh: &mut [f32]) {
    for (c0, tile) in (0..d).step_by(LANES).zip(vh.chunks_exact_mut(seq * LANES)) {
        let w = LANES.min(d - c0);
        for (t, dst) in tile.chunks_exact_mut(LANES).enumerate() {
            let src = &v[t * ld + c0..];
            // A whole tile row is a fixed-size copy (two vmovups), not a
            // call of memmove per 64 bytes.
            if w == LANES {
                dst.copy_from_slice(&src[..LANES]);
            } else {
                dst[..w].copy_from_slice(&src[..w]);
            }
        }
    }
}

/// `p[r·keys + j] = q_r · k_j` for the rows `qs` (each `d` long) and every
/// key `j < keys`, `kt` tile-major.
pub fn scores(qs: [&[f32]; ROWS], kt: &[f32], keys: usize, p: &mut [f32]) {
    let d = qs[0].len();
    for (j0, tile) in (0..keys).step_by(LANES).zip(kt.chunks_exact(d * LANES)) {
        let mut acc = [[0.0f32; LANES]; ROWS];
        for (c, k) in tile.chunks_exact(LANES).enumerate() {
            for (a, q) in acc.iter_mut().zip(&qs) {
                for (a, &k) in a.iter_mut().zip(k) {
                    *a += q[c] * k;
                }
            }
        }
        for (r, a) in acc.iter().enumerate() {
            p[r * keys + j0..][..LANES].copy_from_slice(a);
        }
    }
}

/// `out[r·d + c] = inv[r] · Σ_j pr[r][j] · v[j][c]` for the first
/// `inv.len()` rows; `vh` as [`gather_values`] lays it out, each `pr[r]`
/// `seq` long.
pub fn weighted_values(pr: [&[f32]; ROWS], vh: &[f32], d: usize, inv: &[f32], out: &mut [f32]) {
    let seq = pr[0].len();
    for (c0, tile) in (0..d).step_by(LANES).zip(vh.chunks_exact(seq * LANES)) {
        let mut acc = [[0.0f32; LANES]; ROWS];
        for (j, v) in tile.chunks_exact(LANES).enumerate() {
            for (a, p) in acc.iter_mut().zip(&pr) {
                for (a, &v) in a.iter_mut().zip(v) {
                    *a += p[j] * v;
                }
            }
        }
        let w = LANES.min(d - c0);
        for (r, &s) in inv.iter().enumerate() {
            for (o, a) in out[r * d + c0..][..w].iter_mut().zip(&acc[r]) {
                *o = a * s;
            }
        }
    }
}

/// The unnormalised softmax of one row of raw scores: `row[j] =
/// exp(row[j]·scale + bias[j] − max)` (`bias` is 0 for a real key, −∞ for
/// padding; `max` over the real keys), returning `1 / Σ row` for the
/// caller to scale by. A NaN or +Inf score makes the sum, and so the
/// row's output, NaN, as in PyTorch. `row.len()` is a multiple of 16.
pub fn softmax(row: &mut [f32], bias: &[f32], scale: f32) -> f32 {
    let mut max = f32::NEG_INFINITY;
    for (r, b) in row.iter_mut().zip(bias) {
        *r = *r * scale + b;
        // `>` skips NaN, which reaches the sum through `exp` instead.
        if *r > max {
            max = *r;
        }
    }
    if max == f32::NEG_INFINITY {
        // No real key (or every score −Inf): nothing to attend to. A
        // tokenizer never produces this ([CLS] is always there).
        row.fill(0.0);
        return 0.0;
    }
    let mut sum = 0.0f32;
    for r in row.iter_mut() {
        *r = exp_nonpositive(*r - max);
        sum += *r;
    }
    1.0 / sum
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
fn load(s: &[f32]) -> __m256 {
    let a: [f32; 8] = s[..8].try_into().unwrap();
    bytemuck::cast(a)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
fn store(s: &mut [f32], v: __m256) {
    s[..8].copy_from_slice(&bytemuck::cast::<__m256, [f32; 8]>(v));
}

/// One `ROWS` × 16-lane tile: `acc[2r..2r+2] += x[r] · y` for each step,
/// `y` 16 floats from `ys`, `x[r]` from `xs[r]`. 12 accumulators, where
/// FMA latency × throughput asks for 8 in flight on current cores; the
/// two `y` vectors and a broadcast fill AVX2's 16 registers. On Zen 3, 4
/// rows (8 accumulators) measured the same (best of 400: 0.44–0.45 ms
/// against 0.45–0.47 at seq 128, 12 heads of 32); 6 keeps slack for cores
/// with longer FMA latency and reads each `y` for more rows.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
fn tile_avx2(xs: [&[f32]; ROWS], ys: &[f32]) -> [__m256; 2 * ROWS] {
    let mut acc = [_mm256_setzero_ps(); 2 * ROWS];
    let [x0, x1, x2, x3, x4, x5] = xs;
    let steps = ys
        .chunks_exact(LANES)
        .zip(x0.iter().zip(x1).zip(x2).zip(x3).zip(x4).zip(x5));
    for (y, (((((&a, &b), &c), &e), &f), &g)) in steps {
        let (y0, y1) = (load(y), load(&y[8..]));
        for (r, x) in [a, b, c, e, f, g].into_iter().enumerate() {
            let x = _mm256_set1_ps(x);
            acc[2 * r] = _mm256_fmadd_ps(x, y0, acc[2 * r]);
            acc[2 * r + 1] = _mm256_fmadd_ps(x, y1, acc[2 * r + 1]);
        }
    }
    acc
}

/// [`transpose`] in 8×8 register transposes, the edges one at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub fn transpose_avx2(k: &[f32], ld: usize, seq: usize, d: usize, kt: &mut [f32]) {
    let (t8, d8) = (seq - seq % 8, d - d % 8);
    for t0 in (0..t8).step_by(8) {
        let tile = &mut kt[t0 / LANES * d * LANES..][..d * LANES];
        let lane = t0 % LANES;
        for c0 in (0..d8).step_by(8) {
            let block: [[f32; 8]; 8] =
                std::array::from_fn(|i| k[(t0 + i) * ld + c0..][..8].try_into().unwrap());
            for (c, col) in crate::layout::transpose8x8_avx(block).iter().enumerate() {
                tile[(c0 + c) * LANES + lane..][..8].copy_from_slice(col);
            }
        }
        for i in 0..8 {
            for c in d8..d {
                tile[c * LANES + lane + i] = k[(t0 + i) * ld + c];
            }
        }
    }
    for t in t8..seq {
        let tile = &mut kt[t / LANES * d * LANES..][..d * LANES];
        for c in 0..d {
            tile[c * LANES + t % LANES] = k[t * ld + c];
        }
    }
}

/// [`scores`] in AVX2+FMA: per input column, two Kᵀ loads, six
/// broadcasts and twelve FMAs.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub fn scores_avx2(qs: [&[f32]; ROWS], kt: &[f32], keys: usize, p: &mut [f32]) {
    let d = qs[0].len();
    for (j0, tile) in (0..keys).step_by(LANES).zip(kt.chunks_exact(d * LANES)) {
        let acc = tile_avx2(qs, tile);
        for r in 0..ROWS {
            let at = r * keys + j0;
            store(&mut p[at..], acc[2 * r]);
            store(&mut p[at + 8..], acc[2 * r + 1]);
        }
    }
}

/// [`weighted_values`] in AVX2+FMA: per key, two V loads, six broadcasts
/// of the rows' weights and twelve FMAs.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub fn weighted_values_avx2(
    pr: [&[f32]; ROWS],
    vh: &[f32],
    d: usize,
    inv: &[f32],
    out: &mut [f32],
) {
    let seq = pr[0].len();
    for (c0, tile) in (0..d).step_by(LANES).zip(vh.chunks_exact(seq * LANES)) {
        let acc = tile_avx2(pr, tile);
        let w = LANES.min(d - c0);
        for (r, &s) in inv.iter().enumerate() {
            let s = _mm256_set1_ps(s);
            let mut o = [0.0f32; LANES];
            store(&mut o, _mm256_mul_ps(acc[2 * r], s));
            store(&mut o[8..], _mm256_mul_ps(acc[2 * r + 1], s));
            if w == LANES {
                out[r * d + c0..][..LANES].copy_from_slice(&o);
            } else {
                out[r * d + c0..][..w].copy_from_slice(&o[..w]);
            }
        }
    }
}

/// [`exp_nonpositive`], 8 lanes: the same steps, with the reduction and
/// the polynomial fused.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
fn exp_nonpositive_avx2(x: __m256) -> __m256 {
    let c = _mm256_set1_ps;
    let tiny = _mm256_cmp_ps::<_CMP_LT_OQ>(x, c(-87.0));
    // maxps returns its second operand when either is NaN: NaN stays.
    let x = _mm256_max_ps(c(-87.0), x);
    let r = _mm256_round_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(_mm256_mul_ps(
        x,
        c(std::f32::consts::LOG2_E),
    ));
    let f = _mm256_fnmadd_ps(r, c(0.693_359_4), x);
    let f = _mm256_fnmadd_ps(r, c(-2.121_944_4e-4), f);
    let mut p = c(1.0 / 5040.0);
    for k in [1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5] {
        p = _mm256_fmadd_ps(p, f, c(k));
    }
    let e = _mm256_fmadd_ps(p, _mm256_mul_ps(f, f), _mm256_add_ps(f, c(1.0)));
    let bits = _mm256_castps_si256(_mm256_add_ps(r, c(127.0 + 8_388_608.0)));
    let y = _mm256_mul_ps(e, _mm256_castsi256_ps(_mm256_slli_epi32::<23>(bits)));
    _mm256_andnot_ps(tiny, y)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
fn hsum(v: __m256) -> f32 {
    let s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
    let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)))
}

/// [`softmax`] in AVX2+FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub fn softmax_avx2(row: &mut [f32], bias: &[f32], scale: f32) -> f32 {
    let s = _mm256_set1_ps(scale);
    let mut m = _mm256_set1_ps(f32::NEG_INFINITY);
    for (r, b) in row.chunks_exact_mut(8).zip(bias.chunks_exact(8)) {
        let v = _mm256_fmadd_ps(load(r), s, load(b));
        store(r, v);
        m = _mm256_max_ps(v, m);
    }
    let m = bytemuck::cast::<__m256, [f32; 8]>(m);
    let max = m.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    if max == f32::NEG_INFINITY {
        row.fill(0.0);
        return 0.0;
    }
    let (mx, mut sum) = (_mm256_set1_ps(max), _mm256_setzero_ps());
    for r in row.chunks_exact_mut(8) {
        let e = exp_nonpositive_avx2(_mm256_sub_ps(load(r), mx));
        store(r, e);
        sum = _mm256_add_ps(sum, e);
    }
    1.0 / hsum(sum)
}
