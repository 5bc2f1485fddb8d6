//! The exact INT8 reference: the quantized arithmetic of `quant`, computed
//! plainly. Every INT8 kernel must match it bit for bit (the integer
//! accumulation is exact and the fp32 epilogue is the same operations in
//! the same order), and it is the generic INT8 kernel of CPUs without AVX2.
//!
//! [`error_bound`] is how far INT8 may be from the fp32 result, derived
//! from the scales: for `ŵ = s_w·q_w` and `x̂ = s_x·q_x + o`,
//! `|Σ w·x − Σ ŵ·x̂| ≤ Σ |w − ŵ|·|x| + Σ |ŵ|·|x − x̂|
//!                  ≤ (s_w/2)·Σ_k |x_k| + (s_x/2)·Σ_k |ŵ_k|`
//! over the stored k (rounding to nearest is off by at most half a step),
//! plus the epilogue's fp32 roundings, at most `8ε` of the magnitudes it
//! adds up, and for a pre-quantized model nothing from the weights
//! (`ŵ = w`). An activation scales that by its Lipschitz constant (1, or
//! 1.13 for GELU) and GELU adds its approximation error.

use super::act;
use crate::plan::Activation;
use crate::quant::{self, Qmax, QuantizedWeights, TokenScale};

/// `y[t, m] = act(dequantize(Σ_k q_x[t,k]·q_w[m,k]))` for `x` `[n, K]`
/// row-major, with tokens quantized by `quant::quantize_token` (codes up to
/// `qmax`) and the accumulators in exact integer arithmetic.
pub fn linear(
    x: &[f32],
    n: usize,
    w: &QuantizedWeights,
    bias: Option<&[f32]>,
    activation: Activation,
    qmax: Qmax,
    y: &mut [f32],
) {
    let (m, k) = (w.q.rows(), w.q.cols());
    assert_eq!(Some(x.len()), n.checked_mul(k), "x must be [n, K]");
    assert_eq!(Some(y.len()), n.checked_mul(m), "y must be [n, M]");
    let comp = w.compensation();
    let mut codes = vec![0u8; k];
    let mut acc = vec![0i64; m];
    for t in 0..n {
        let ts = quant::quantize_token(&x[t * k..(t + 1) * k], qmax, &mut codes);
        accumulate(w, &codes, &mut acc);
        for (j, out) in y[t * m..(t + 1) * m].iter_mut().enumerate() {
            let a = i32::try_from(acc[j]).expect("K is bounded so int32 cannot overflow");
            let f = quant::dequantize(a, w.scale[j], comp[j], ts, bias.map(|b| b[j]));
            *out = act::apply(activation, f);
        }
    }
}

/// `acc[m] = Σ_k codes[k]·q[m, k]` over the stored weights, in i64 (so an
/// overflow of the kernels' int32 would show, not wrap).
fn accumulate(w: &QuantizedWeights, codes: &[u8], acc: &mut [i64]) {
    acc.fill(0);
    let (r, c) = (w.q.block().rows, w.q.block().cols);
    let (m, k) = (w.q.rows(), w.q.cols());
    for rb in 0..w.q.row_blocks() {
        for (cb, vals) in w.q.row_block(rb) {
            for i in 0..r {
                let row = rb * r + i;
                if row >= m {
                    break;
                }
                for j in 0..c {
                    let col = cb * c + j;
                    if col < k {
                        acc[row] += codes[col] as i64 * vals[i * c + j] as i64;
                    }
                }
            }
        }
    }
}

/// Per output, the bound on `|y_int8 − y_fp32|` of the module docs, for
/// the fp32 weights `w` (`[M, K]` dense) the quantized ones came from (or
/// stand for) and the per-token scales `x` gets.
pub fn error_bound(
    x: &[f32],
    n: usize,
    w_fp32: &[f32],
    w: &QuantizedWeights,
    bias: Option<&[f32]>,
    activation: Activation,
    qmax: Qmax,
) -> Vec<f64> {
    let (m, k) = (w.q.rows(), w.q.cols());
    let what = w.dequantize().to_dense();
    let comp = w.compensation();
    let eps = f32::EPSILON as f64;
    let (lip, gelu) = match activation {
        Activation::Gelu => (1.13, crate::gelu::GELU_ABS_ERROR as f64),
        _ => (1.0, 0.0),
    };
    let mut codes = vec![0u8; k];
    let mut out = Vec::with_capacity(n * m);
    for t in 0..n {
        let xt = &x[t * k..(t + 1) * k];
        let TokenScale { scale: sx, offset } = quant::quantize_token(xt, qmax, &mut codes);
        for j in 0..m {
            let (mut sum_x, mut sum_w, mut wx, mut mag) = (0.0f64, 0.0, 0.0, 0.0);
            for l in 0..k {
                let (wf, wq) = (w_fp32[j * k + l] as f64, what[j * k + l] as f64);
                if wf == 0.0 && wq == 0.0 {
                    continue;
                }
                let xh = sx as f64 * codes[l] as f64 + offset as f64;
                sum_x += (xt[l] as f64).abs();
                sum_w += wq.abs();
                wx += (wf - wq).abs() * (xt[l] as f64).abs();
                mag += (wq * xh).abs();
            }
            let b = bias.map_or(0.0, |b| b[j] as f64);
            // Rounding to the nearest step: half a step each; a weight of a
            // model quantized elsewhere is exact (`wx` is then 0).
            let quant_err = (w.scale[j] as f64 / 2.0 * sum_x).min(wx) + sx as f64 / 2.0 * sum_w;
            let rounding = 8.0 * eps * (mag + (offset as f64 * comp[j] as f64).abs() + b.abs());
            let pre = quant_err + rounding;
            let y_scale = mag + b.abs();
            out.push(lip * pre + gelu * y_scale.max(1.0));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sparse::{BlockShape, BsrMatrix};

    #[test]
    fn integers_in_integers_out() {
        // Weights that quantize exactly (row max 127·s), an input that
        // quantizes exactly (0..=255 steps of 1): the result is exact.
        let w = [127.0, -1.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0];
        let bsr = BsrMatrix::from_dense(&w, 2, 4, BlockShape::new(1, 4).unwrap()).unwrap();
        let q = QuantizedWeights::quantize(&bsr).unwrap();
        assert_eq!(q.scale, [1.0, 0.0]);
        let x = [0.0, 255.0, 10.0, 3.0];
        let mut y = [0.0f32; 2];
        linear(&x, 1, &q, Some(&[0.5, -2.0]), Activation::None, 255, &mut y);
        assert_eq!(y, [-255.0 + 6.0 + 0.5, -2.0]);
    }
}
