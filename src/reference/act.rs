//! Activations as every kernel computes them in fp32, and the exact
//! versions the tests compare against.
//!
//! The fp32 GELU (`crate::gelu`) is the kernels' own; the oracle here,
//! `gelu_exact`, is f64 with libm's erf and shares nothing with it.
//!
//! NaN propagates through every activation, as in PyTorch.

use crate::plan::Activation;

use crate::gelu::gelu;

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
