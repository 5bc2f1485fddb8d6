//! Plain-Rust kernels: the oracle every backend is tested against, and the
//! generic kernels users benchmark the JIT against.
//!
//! - `dense_linear`: `Y = act(X·Wᵀ + b)` on the dense weight, in fp32.
//! - `bsr::spmm_panels`: the generic BSR kernel (indices read at run time).
//! - `gemm::dense_gemm`: the `gemm` crate's dense GEMM, the dense baseline.
//! - `oracle` and `check_close`: the same computation in f64, and the
//!   documented tolerance a fp32 kernel must meet against it.
//! - `int8::linear`: the exact INT8 reference (and generic INT8 kernel),
//!   and `int8::error_bound`, how far INT8 may be from fp32.
//!
//! # Tolerance
//! Kernels differ from the oracle only by fp32 rounding in a different
//! summation order (and, for GELU, the erf approximation). For output
//! `y = act(s)` with `s = Σ_k x_k·w_k + b`, the allowed error is
//!
//! `|y - y_oracle| ≤ L · 4·ε·√K·(Σ_k |x_k·w_k| + |b|) + G·max(1, |s|)`
//!
//! with ε = 2⁻²³ (fp32), L the activation's Lipschitz bound (1, or 1.13 for
//! GELU) and G = `crate::gelu::GELU_ABS_ERROR` for GELU, else 0. `4·ε·√K` is four
//! standard deviations of a random walk of K roundings: tight enough to catch
//! a single wrong or missing product, loose enough for any summation order.

pub mod act;
pub mod bsr;
pub mod gemm;
pub mod int8;

use crate::plan::Activation;
use multiversion::multiversion;

/// `y[n, m] = act(Σ_k x[n, k]·w[m, k] + b[m])` for dense row-major `w`.
#[allow(clippy::too_many_arguments)]
pub fn dense_linear(
    x: &[f32],
    n: usize,
    k: usize,
    w: &[f32],
    m: usize,
    bias: Option<&[f32]>,
    activation: Activation,
    y: &mut [f32],
) {
    assert_eq!(Some(x.len()), n.checked_mul(k), "x must be [n, k]");
    assert_eq!(Some(w.len()), m.checked_mul(k), "w must be [m, k]");
    assert_eq!(Some(y.len()), n.checked_mul(m), "y must be [n, m]");
    dense_rows(x, k, w, m, bias, activation, y);
}

#[multiversion(targets("x86_64+avx2+fma"))]
fn dense_rows(
    x: &[f32],
    k: usize,
    w: &[f32],
    m: usize,
    bias: Option<&[f32]>,
    activation: Activation,
    y: &mut [f32],
) {
    for (xr, yr) in x.chunks_exact(k).zip(y.chunks_exact_mut(m)) {
        for (j, (wr, out)) in w.chunks_exact(k).zip(yr.iter_mut()).enumerate() {
            // Eight partial sums let the loop vectorise without reassociating.
            let mut part = [0.0f32; 8];
            let (xc, xt) = xr.split_at(k - k % 8);
            let (wc, wt) = wr.split_at(k - k % 8);
            for (xs, ws) in xc.chunks_exact(8).zip(wc.chunks_exact(8)) {
                for l in 0..8 {
                    part[l] += xs[l] * ws[l];
                }
            }
            let mut s: f32 = part.iter().sum();
            for (a, b) in xt.iter().zip(wt) {
                s += a * b;
            }
            *out = act::apply(activation, s + bias.map_or(0.0, |b| b[j]));
        }
    }
}

/// The oracle: outputs in f64 and, per output, the scale
/// `Σ_k |x_k·w_k| + |b|` the tolerance is relative to.
pub fn oracle(
    x: &[f32],
    n: usize,
    k: usize,
    w: &[f32],
    m: usize,
    bias: Option<&[f32]>,
    activation: Activation,
) -> Oracle {
    let mut pre = vec![0.0f64; n * m];
    let mut scale = vec![0.0f64; n * m];
    for t in 0..n {
        for j in 0..m {
            let (mut s, mut a) = (0.0f64, 0.0f64);
            for l in 0..k {
                let p = x[t * k + l] as f64 * w[j * k + l] as f64;
                s += p;
                a += p.abs();
            }
            let b = bias.map_or(0.0, |b| b[j] as f64);
            pre[t * m + j] = s + b;
            scale[t * m + j] = a + b.abs();
        }
    }
    Oracle {
        pre,
        scale,
        k,
        activation,
    }
}

pub struct Oracle {
    /// `X·Wᵀ + b` before the activation.
    pub pre: Vec<f64>,
    pub scale: Vec<f64>,
    k: usize,
    activation: Activation,
}

impl Oracle {
    pub fn value(&self, i: usize) -> f64 {
        act::apply_exact(self.activation, self.pre[i])
    }

    /// The documented tolerance for output `i` (see the module docs).
    pub fn tolerance(&self, i: usize) -> f64 {
        let eps = f32::EPSILON as f64;
        let (lip, g) = match self.activation {
            Activation::Gelu => (1.13, crate::gelu::GELU_ABS_ERROR as f64),
            _ => (1.0, 0.0),
        };
        lip * 4.0 * eps * (self.k.max(1) as f64).sqrt() * self.scale[i]
            + g * self.pre[i].abs().max(1.0)
    }

    /// Checks every output of `got` against the oracle; the error names the
    /// first output out of tolerance.
    pub fn check(&self, got: &[f32], m: usize) -> Result<(), String> {
        assert_eq!(got.len(), self.pre.len());
        for (i, &g) in got.iter().enumerate() {
            let want = self.value(i);
            let err = (g as f64 - want).abs();
            if err.is_nan() || err > self.tolerance(i) {
                return Err(format!(
                    "y[{}, {}] = {g:e}, expected {want:e} (error {err:e}, tolerance {:e})",
                    i / m,
                    i % m,
                    self.tolerance(i)
                ));
            }
        }
        Ok(())
    }
}
