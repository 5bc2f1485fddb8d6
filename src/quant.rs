//! INT8 quantization: what the integer kernels compute on, and the one
//! place its arithmetic is defined (the kernels' packing, the integer
//! reference and the error bound all use these functions).
//!
//! - **Weights**: s8, symmetric, one scale per output row, from the fp32
//!   weights at load: `s_w[m] = max_k |w[m,k]| / 127`,
//!   `q_w[m,k] = round(w[m,k] / s_w[m])` in `-127..=127` (an all-zero row
//!   gets `s_w = 0` and zeros). A model quantized elsewhere brings its own
//!   `q_w` (any s8) and `s_w` (positive, finite).
//! - **Activations**: dynamic, one scale and offset per token (per row of
//!   X), fused into the packing: `x ≈ s_x[t]·q + o[t]` with
//!   `o[t] = min_k x[t,k]`, `s_x[t] = (max_k x[t,k] − o[t]) / Q` and
//!   `q = round((x − o[t]) / s_x[t])` in `0..=Q`. `Q` is 255, or 127 for
//!   the AVX2 kernels, whose `vpmaddubsw` sums two u8×s8 products in a
//!   saturating s16: 2·127·128 = 32512 fits, 2·255·127 does not.
//!   (An asymmetric range keeps all of Q for one-sided inputs such as
//!   GELU outputs; the offset costs one FMA per output row and panel.)
//! - **Accumulation**: `acc[t,m] = Σ_k q_x[t,k]·q_w[m,k]` in int32, exact
//!   while `K·Q·128 < 2³¹` (`max_k`).
//! - **Epilogue**, in fp32 and in exactly this order (so the JIT and the
//!   reference agree bit for bit):
//!   `f = (acc as f32)·s_w[m]`; `f = f·s_x[t] + b[m]` (fused; `f·s_x[t]`
//!   without bias); `f = o[t]·c[m] + f` (fused), with the precomputed
//!   per-row compensation `c[m] = s_w[m]·Σ_k q_w[m,k]`; then the activation.
//!   Since `Σ_k w·x ≈ s_w·s_x·acc + o·s_w·Σ_k q_w`, that is `x·Wᵀ + b`.
//!
//! A token holding NaN or ±Inf has no scale: its `s_x` and `o` are NaN,
//! so all its outputs are NaN (other tokens are unaffected).

use crate::error::{Error, Result};
use crate::sparse::BsrMatrix;

/// The largest activation code of a kernel family: 255 (VNNI, s16) or 127
/// (`vpmaddubsw`).
pub type Qmax = u8;

/// s8 weights with one scale per output row: `w ≈ scale[m] · q[m, k]`.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantizedWeights {
    /// The pattern, with the integers `q` as (exact) f32 values in
    /// `-128..=127`.
    pub q: BsrMatrix,
    pub scale: Vec<f32>,
}

impl QuantizedWeights {
    /// Quantizes fp32 weights (finite values; see `BsrMatrix::non_finite`).
    pub fn quantize(w: &BsrMatrix) -> Result<Self> {
        if w.non_finite() > 0 {
            return Err(Error::InvalidArgument(format!(
                "{} weights are NaN or Inf; INT8 weights need finite values",
                w.non_finite()
            )));
        }
        let m = w.rows();
        let mut amax = vec![0.0f32; m];
        for_each_stored(w, |row, _, v| amax[row] = amax[row].max(v.abs()));
        let scale: Vec<f32> = amax.iter().map(|&a| a / 127.0).collect();
        let inv: Vec<f32> = amax
            .iter()
            .map(|&a| if a > 0.0 { 127.0 / a } else { 0.0 })
            .collect();
        let q = w.map_values(|row, v| (v * inv[row]).round_ties_even().clamp(-127.0, 127.0));
        Ok(Self { q, scale })
    }

    /// Weights quantized elsewhere: `q` must hold integers in `-128..=127`
    /// and every scale must be positive and finite.
    pub fn from_parts(q: BsrMatrix, scale: Vec<f32>) -> Result<Self> {
        if scale.len() != q.rows() {
            return Err(Error::ShapeMismatch(format!(
                "{} weight scales for {} rows: an INT8 weight needs one scale per output row",
                scale.len(),
                q.rows()
            )));
        }
        if let Some((row, s)) = scale
            .iter()
            .enumerate()
            .find(|(_, s)| !(s.is_finite() && **s > 0.0))
        {
            return Err(Error::InvalidArgument(format!(
                "weight scale of row {row} is {s}: scales must be positive and finite"
            )));
        }
        if let Some(v) = q
            .values()
            .iter()
            .find(|v| v.fract() != 0.0 || !(-128.0..=127.0).contains(*v))
        {
            return Err(Error::InvalidArgument(format!(
                "INT8 weight value {v} is not an integer in -128..=127"
            )));
        }
        Ok(Self { q, scale })
    }

    /// `Σ_k q[m, k]` per row: the zero-offset compensation's integer part.
    pub fn row_sums(&self) -> Vec<i32> {
        let mut sums = vec![0i32; self.q.rows()];
        for_each_stored(&self.q, |row, _, v| sums[row] += v as i32);
        sums
    }

    /// `c[m] = s_w[m] · Σ_k q[m, k]`, the per-row compensation.
    pub fn compensation(&self) -> Vec<f32> {
        self.row_sums()
            .iter()
            .zip(&self.scale)
            .map(|(&s, &sw)| sw * s as f32)
            .collect()
    }

    /// The fp32 weights these stand for: `scale[m] · q[m, k]`.
    pub fn dequantize(&self) -> BsrMatrix {
        self.q.map_values(|row, v| v * self.scale[row])
    }
}

/// Calls `f(row, col, value)` for every stored in-bounds weight.
fn for_each_stored(w: &BsrMatrix, mut f: impl FnMut(usize, usize, f32)) {
    let (r, c) = (w.block().rows, w.block().cols);
    for rb in 0..w.row_blocks() {
        for (cb, vals) in w.row_block(rb) {
            for i in 0..r {
                for j in 0..c {
                    let (row, col) = (rb * r + i, cb * c + j);
                    if row < w.rows() && col < w.cols() {
                        f(row, col, vals[i * c + j]);
                    }
                }
            }
        }
    }
}

/// One token's quantization: `x ≈ scale · q + offset`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenScale {
    pub scale: f32,
    pub offset: f32,
}

/// Quantizes one token `x` into `out` (same length) with codes `0..=qmax`
/// and returns its scale and offset. The one definition of activation
/// quantization: the kernels' packing and the reference both call it.
pub fn quantize_token(x: &[f32], qmax: Qmax, out: &mut [u8]) -> TokenScale {
    assert_eq!(x.len(), out.len());
    let Some((lo, hi)) = finite_range(x) else {
        out.fill(0);
        let nan = if x.is_empty() { 0.0 } else { f32::NAN };
        return TokenScale {
            scale: nan,
            offset: nan,
        };
    };
    let range = hi - lo;
    if range == 0.0 {
        // A constant token is its offset exactly.
        out.fill(0);
        return TokenScale {
            scale: 0.0,
            offset: lo,
        };
    }
    let q = qmax as f32;
    codes(x, lo, q / range, q, out);
    TokenScale {
        scale: range / q,
        offset: lo,
    }
}

/// `(min, max)` of `x`, or `None` if it is empty or holds a NaN or ±Inf.
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn finite_range(x: &[f32]) -> Option<(f32, f32)> {
    multiversion::target::match_target! {
        "x86_64+avx2" => simd::finite_range(x),
        _ => finite_range_scalar(x),
    }
}

fn finite_range_scalar(x: &[f32]) -> Option<(f32, f32)> {
    let (mut lo, mut hi, mut finite) = (f32::INFINITY, f32::NEG_INFINITY, !x.is_empty());
    for &v in x {
        finite &= v.is_finite();
        lo = lo.min(v);
        hi = hi.max(v);
    }
    finite.then_some((lo, hi))
}

/// `out = clamp(round((x − lo) · inv), 0, q)`, rounding to nearest even.
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn codes(x: &[f32], lo: f32, inv: f32, q: f32, out: &mut [u8]) {
    multiversion::target::match_target! {
        "x86_64+avx2" => simd::codes(x, lo, inv, q, out),
        _ => {
            for (o, &v) in out.iter_mut().zip(x) {
                *o = code(v, lo, inv, q);
            }
        }
    }
}

/// One code: the scalar definition the vector path reproduces exactly
/// (`vcvtps2dq` rounds to nearest even, as `round_ties_even` does).
#[inline]
fn code(v: f32, lo: f32, inv: f32, q: f32) -> u8 {
    ((v - lo) * inv).round_ties_even().clamp(0.0, q) as u8
}

/// AVX2 versions of the two passes over a token: the compiler keeps
/// `f32::min` and the saturating float-to-int cast scalar, which made
/// quantizing X cost as much as the kernel itself. Loads and stores go
/// through `bytemuck` casts of whole 8-float chunks (no pointers).
#[cfg(target_arch = "x86_64")]
mod simd {
    use super::code;
    use std::arch::x86_64::*;

    fn load(c: &[f32]) -> __m256 {
        let a: [f32; 8] = c.try_into().expect("a chunk of 8");
        bytemuck::cast(a)
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn finite_range(x: &[f32]) -> Option<(f32, f32)> {
        let (mut lo, mut hi) = (
            _mm256_set1_ps(f32::INFINITY),
            _mm256_set1_ps(f32::NEG_INFINITY),
        );
        // The largest magnitude bits: NaN or ±Inf exactly when ≥ +Inf's.
        let (mut bits, abs) = (_mm256_setzero_si256(), _mm256_set1_epi32(0x7fff_ffff));
        let chunks = x.chunks_exact(8);
        let tail = chunks.remainder();
        for c in chunks {
            let v = load(c);
            lo = _mm256_min_ps(lo, v);
            hi = _mm256_max_ps(hi, v);
            bits = _mm256_max_epu32(bits, _mm256_and_si256(_mm256_castps_si256(v), abs));
        }
        let (lo8, hi8, bits8): ([f32; 8], [f32; 8], [u32; 8]) =
            (bytemuck::cast(lo), bytemuck::cast(hi), bytemuck::cast(bits));
        let mut finite = !x.is_empty() && bits8.iter().all(|&b| b < 0x7f80_0000);
        let (mut l, mut h) = (f32::INFINITY, f32::NEG_INFINITY);
        for i in 0..8 {
            l = l.min(lo8[i]);
            h = h.max(hi8[i]);
        }
        for &v in tail {
            finite &= v.is_finite();
            l = l.min(v);
            h = h.max(v);
        }
        finite.then_some((l, h))
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn codes(x: &[f32], lo: f32, inv: f32, q: f32, out: &mut [u8]) {
        let (vlo, vinv) = (_mm256_set1_ps(lo), _mm256_set1_ps(inv));
        let vq = _mm256_set1_epi8(q as u8 as i8);
        // packs/packus work within 128-bit lanes: this restores k order.
        let order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
        let n32 = x.len() / 32 * 32;
        for (c, o) in x[..n32]
            .chunks_exact(32)
            .zip(out[..n32].chunks_exact_mut(32))
        {
            let r = |i: usize| {
                _mm256_cvtps_epi32(_mm256_mul_ps(
                    _mm256_sub_ps(load(&c[8 * i..8 * i + 8]), vlo),
                    vinv,
                ))
            };
            let w01 = _mm256_packs_epi32(r(0), r(1));
            let w23 = _mm256_packs_epi32(r(2), r(3));
            let b = _mm256_packus_epi16(w01, w23);
            let b = _mm256_min_epu8(_mm256_permutevar8x32_epi32(b, order), vq);
            let bytes: [u8; 32] = bytemuck::cast(b);
            o.copy_from_slice(&bytes);
        }
        for (o, &v) in out[n32..].iter_mut().zip(&x[n32..]) {
            *o = code(v, lo, inv, q);
        }
    }
}

/// The largest K whose int32 accumulators cannot overflow with codes up to
/// `qmax` and weights in `-128..=127`.
pub fn max_k(qmax: Qmax) -> usize {
    (i32::MAX as usize) / (qmax as usize * 128)
}

/// The fp32 epilogue of one output, in the documented order (before the
/// activation). Every INT8 kernel computes exactly this.
#[inline]
pub fn dequantize(acc: i32, sw: f32, comp: f32, t: TokenScale, bias: Option<f32>) -> f32 {
    let f = acc as f32 * sw;
    let f = match bias {
        Some(b) => f.mul_add(t.scale, b),
        None => f * t.scale,
    };
    t.offset.mul_add(comp, f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sparse::BlockShape;

    #[test]
    fn weights_round_to_the_row_scale() {
        let w = [
            0.5, -1.0, 0.0, 0.25, 0.0, 0.0, 0.0, 0.0, 3.0, 1.5, -3.0, 0.01,
        ];
        let bsr = BsrMatrix::from_dense(&w, 3, 4, BlockShape::new(1, 1).unwrap()).unwrap();
        let q = QuantizedWeights::quantize(&bsr).unwrap();
        assert_eq!(q.scale, [1.0 / 127.0, 0.0, 3.0 / 127.0]);
        assert_eq!(
            q.q.to_dense(),
            [
                64.0, -127.0, 0.0, 32.0, 0.0, 0.0, 0.0, 0.0, 127.0, 64.0, -127.0, 0.0
            ]
        );
        assert_eq!(q.row_sums(), [-31, 0, 64]);
        let back = q.dequantize().to_dense();
        for (a, b) in back.iter().zip(&w) {
            assert!((a - b).abs() <= 3.0 / 127.0 / 2.0 + 1e-6, "{a} vs {b}");
        }
    }

    #[test]
    fn bad_scales_and_values_are_refused() {
        let bsr = BsrMatrix::from_dense(&[1.0, 2.0], 2, 1, BlockShape::new(1, 1).unwrap()).unwrap();
        for bad in [0.0, -1.0, f32::NAN, f32::INFINITY] {
            let e = QuantizedWeights::from_parts(bsr.clone(), vec![1.0, bad]).unwrap_err();
            assert!(e.to_string().contains("row 1"), "{e}");
        }
        let e = QuantizedWeights::from_parts(bsr.clone(), vec![1.0]).unwrap_err();
        assert!(e.to_string().contains("one scale per output row"), "{e}");
        let frac =
            BsrMatrix::from_dense(&[1.5, 2.0], 2, 1, BlockShape::new(1, 1).unwrap()).unwrap();
        assert!(QuantizedWeights::from_parts(frac, vec![1.0, 1.0]).is_err());
        let nan =
            BsrMatrix::from_dense(&[f32::NAN, 2.0], 2, 1, BlockShape::new(1, 1).unwrap()).unwrap();
        assert!(QuantizedWeights::quantize(&nan).is_err());
    }

    #[test]
    fn vector_and_scalar_codes_agree() {
        // Ties, the range's ends and every fraction in between, with tails.
        let x: Vec<f32> = (0..1000).map(|i| (i as f32 * 0.37).sin() * 3.0).collect();
        for len in [1, 7, 8, 31, 32, 33, 1000] {
            let xs = &x[..len];
            let (lo, hi) = finite_range(xs).unwrap();
            assert_eq!(finite_range_scalar(xs), Some((lo, hi)));
            assert_eq!(lo, xs.iter().fold(f32::INFINITY, |a, &b| a.min(b)));
            assert_eq!(hi, xs.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b)));
            for q in [127.0f32, 255.0] {
                let inv = q / (hi - lo).max(1e-3);
                let mut out = vec![0u8; len];
                codes(xs, lo, inv, q, &mut out);
                for (i, &v) in xs.iter().enumerate() {
                    assert_eq!(out[i], code(v, lo, inv, q), "x = {v}");
                }
            }
        }
        // Ties round to even in the vector part (32 at a time) and the tail.
        let ties: Vec<f32> = [0.0f32, 0.5, 1.5, 2.5, 254.5, 255.0, 3.5, 4.5].repeat(5);
        let mut out = vec![0u8; ties.len()];
        codes(&ties, 0.0, 1.0, 255.0, &mut out);
        assert_eq!(out, [0u8, 0, 2, 2, 254, 255, 4, 4].repeat(5));
        let mut bad = x.clone();
        bad[500] = f32::NAN;
        assert_eq!(finite_range(&bad), None);
        assert_eq!(finite_range_scalar(&bad), None);
        bad[500] = f32::NEG_INFINITY;
        assert_eq!(finite_range(&bad), None);
    }

    #[test]
    fn tokens_use_the_whole_code_range() {
        let x = [-1.0, 0.0, 0.5, 1.0];
        let mut q = [0u8; 4];
        let t = quantize_token(&x, 255, &mut q);
        assert_eq!((t.offset, t.scale), (-1.0, 2.0 / 255.0));
        assert_eq!(q, [0, 128, 191, 255]);
        let t7 = quantize_token(&x, 127, &mut q);
        assert_eq!(q, [0, 64, 95, 127]);
        for (i, &v) in x.iter().enumerate() {
            let back = t7.scale * q[i] as f32 + t7.offset;
            assert!((back - v).abs() <= t7.scale / 2.0 + 1e-6);
        }
        // Constant and non-finite tokens.
        let t = quantize_token(&[2.5; 3], 255, &mut q[..3]);
        assert_eq!(
            (t.scale, t.offset, q[..3].to_vec()),
            (0.0, 2.5, vec![0, 0, 0])
        );
        let t = quantize_token(&[1.0, f32::INFINITY], 255, &mut q[..2]);
        assert!(t.scale.is_nan() && t.offset.is_nan());
        assert!(dequantize(5, 1.0, 1.0, t, Some(0.0)).is_nan());
    }

    #[test]
    fn accumulators_cannot_overflow_below_max_k() {
        for qmax in [127u8, 255] {
            let k = max_k(qmax) as i64;
            assert!(k * qmax as i64 * 128 <= i32::MAX as i64);
            assert!((k + 1) * qmax as i64 * 128 > i32::MAX as i64);
        }
    }
}
