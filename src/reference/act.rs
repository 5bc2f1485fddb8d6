//! Activations as every kernel computes them in fp32, and the exact
//! versions the tests compare against.
//!
//! The fp32 GELU (`crate::gelu`) is the kernels' own; the oracle here,
//! `gelu_exact`, is f64 with libm's erf and shares nothing with it.
//! `GELU_SATURATED` is PyTorch's fp32 GELU where it saturates, which the
//! kernels must give bit for bit.
//!
//! NaN propagates through every activation, as in PyTorch.

use crate::plan::Activation;

use crate::gelu::gelu;

/// PyTorch's fp32 `torch.nn.functional.gelu(x)` (the erf form, `x · 0.5 ·
/// (1 + erf(x/√2))`) at inputs where fp32 erf(x/√2) is exactly ±1 (|x/√2|
/// ≥ 4.2, where erfc is below 2e-9, under a tenth of half an ulp of 1): x for
/// large positive x, -0 (`x · 0`) for large negative finite x, NaN for
/// -inf (`-inf · 0`) and NaN. Every kernel must give these bits (any NaN
/// for NaN). The f64 oracle is no guide here: it gives tiny nonzero values
/// such as gelu(-6) = -5.9e-9, which fp32 PyTorch rounds away.
pub const GELU_SATURATED: [(f32, f32); 15] = [
    (-6.0, -0.0),
    (-8.0, -0.0),
    (-20.0, -0.0),
    (-1e4, -0.0),
    (-1e30, -0.0),
    (-f32::MAX, -0.0),
    (f32::NEG_INFINITY, f32::NAN),
    (6.0, 6.0),
    (8.0, 8.0),
    (20.0, 20.0),
    (1e4, 1e4),
    (1e30, 1e30),
    (f32::MAX, f32::MAX),
    (f32::INFINITY, f32::INFINITY),
    (f32::NAN, f32::NAN),
];

#[inline(always)]
pub fn relu(x: f32) -> f32 {
    // `x.max(0.0)` would turn NaN into 0; PyTorch keeps NaN.
    if x < 0.0 { 0.0 } else { x }
}

#[inline(always)]
pub fn apply(act: Activation, x: f32) -> f32 {
    match act {
        Activation::None => x,
        Activation::Relu => relu(x),
        Activation::Gelu => gelu(x),
    }
}

/// `row[j] = act(row[j] + bias[j])` over `[rows, m]` output, compiled for
/// AVX2+FMA too: an epilogue for kernels (like a dense GEMM) that don't fuse it.
#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
pub fn bias_act_rows(y: &mut [f32], m: usize, bias: Option<&[f32]>, activation: Activation) {
    for row in y.chunks_exact_mut(m) {
        match bias {
            Some(b) => row
                .iter_mut()
                .zip(b)
                .for_each(|(v, b)| *v = apply(activation, *v + b)),
            None => row.iter_mut().for_each(|v| *v = apply(activation, *v)),
        }
    }
}

/// GELU in f64 with libm's erf: the oracle.
pub fn gelu_exact(x: f64) -> f64 {
    0.5 * x * (1.0 + libm::erf(x / std::f64::consts::SQRT_2))
}

/// The activation in f64: the oracle.
pub fn apply_exact(act: Activation, x: f64) -> f64 {
    match act {
        Activation::None => x,
        Activation::Relu => {
            if x < 0.0 {
                0.0
            } else {
                x
            }
        }
        Activation::Gelu => gelu_exact(x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activations_keep_nan_and_inf() {
        assert!(relu(f32::NAN).is_nan());
        assert!(gelu(f32::NAN).is_nan());
        assert_eq!(relu(f32::INFINITY), f32::INFINITY);
        assert_eq!(gelu(f32::INFINITY), f32::INFINITY);
        assert_eq!(relu(-3.0), 0.0);
    }
}
