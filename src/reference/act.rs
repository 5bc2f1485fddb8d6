//! Activations as every kernel computes them, and the exact versions the
//! tests compare against.
//!
//! GELU is the erf form of `torch.nn.GELU()`: `x · ½(1 + erf(x/√2))`. The
//! kernels evaluate erf with the odd/even rational approximation used by
//! Eigen and XLA (`x·P(x²)/Q(x²)` on x clamped to [-4, 4]); the JIT emits
//! exactly these coefficients. `GELU_ABS_ERROR` bounds its distance from the
//! f64 GELU and is checked by a test over a dense sweep of inputs.
//!
//! NaN propagates through every activation, as in PyTorch.

use crate::plan::Activation;

/// Odd numerator coefficients α1..α13 of the erf approximation.
pub const ERF_ALPHA: [f32; 7] = [
    -1.609_603_3e-2,
    -2.954_6e-3,
    -7.349_906_3e-4,
    -5.692_506_4e-5,
    -2.101_024e-6,
    2.770_681_4e-8,
    -2.726_142_3e-10,
];
/// Even denominator coefficients β0..β8.
pub const ERF_BETA: [f32; 5] = [
    -1.426_474e-2,
    -7.373_329e-3,
    -1.682_827e-3,
    -2.133_740_6e-4,
    -1.456_607_2e-5,
];
/// erf(x) rounds to ±1 in fp32 beyond this.
pub const ERF_CLAMP: f32 = 4.0;

/// Bound on |gelu(x) - gelu_exact(x)| / max(1, |x|), checked by a test.
pub const GELU_ABS_ERROR: f32 = 1e-6;

/// The fp32 erf approximation, operation for operation as the JIT emits it.
#[inline(always)]
pub fn erf_approx(z: f32) -> f32 {
    // min/max written so a NaN in z survives (Rust's min/max would drop it).
    let z = if z > ERF_CLAMP { ERF_CLAMP } else { z };
    let z = if z < -ERF_CLAMP { -ERF_CLAMP } else { z };
    let z2 = z * z;
    let a = ERF_ALPHA;
    let mut p = a[6];
    for &c in a[..6].iter().rev() {
        p = p.mul_add(z2, c);
    }
    p *= z;
    let b = ERF_BETA;
    let mut q = b[4];
    for &c in b[..4].iter().rev() {
        q = q.mul_add(z2, c);
    }
    p / q
}

#[inline(always)]
pub fn gelu(x: f32) -> f32 {
    let e = erf_approx(x * std::f32::consts::FRAC_1_SQRT_2);
    x * e.mul_add(0.5, 0.5)
}

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
    fn gelu_error_is_within_the_documented_bound() {
        let mut worst = 0.0f64;
        let mut x = -12.0f64;
        while x <= 12.0 {
            let got = gelu(x as f32) as f64;
            let want = gelu_exact(x as f32 as f64);
            worst = worst.max((got - want).abs() / (x.abs().max(1.0)));
            x += 1.0 / 1024.0;
        }
        assert!(
            worst <= GELU_ABS_ERROR as f64,
            "worst relative error {worst:e}"
        );
    }

    #[test]
    fn activations_keep_nan_and_inf() {
        assert!(relu(f32::NAN).is_nan());
        assert!(gelu(f32::NAN).is_nan());
        assert_eq!(relu(f32::INFINITY), f32::INFINITY);
        assert_eq!(gelu(f32::INFINITY), f32::INFINITY);
        assert_eq!(relu(-3.0), 0.0);
    }
}
