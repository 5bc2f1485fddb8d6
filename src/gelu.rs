//! The fp32 GELU every kernel computes, in one place: the erf
//! approximation's coefficients and clamps, the Rust definition (`gelu`,
//! run by the generic kernels), and the constant table the JIT backends
//! place in their code and evaluate op for op, so that every backend gives
//! the same bits. The f64 oracle (`reference::act::gelu_exact`) uses none
//! of this.
//!
//! GELU is the erf form of `torch.nn.GELU()`: `x · ½(1 + erf(x/√2))`. erf is
//! the odd/even rational approximation used by Eigen and XLA,
//! `z·P(z²)/Q(z²)`, on z clamped to `±ERF_CLAMP`, with the quotient clamped
//! to [-1, 1].
//!
//! Why both clamps: evaluated in fp32, P/Q is not monotone near 1 and
//! strays above it (up to 1 + 3.6e-7 for z in [3.6, 4]), and below the
//! clamp point of Eigen's 4.0 it gives 0.99999988, never 1. Without them
//! GELU did not saturate as PyTorch's does: gelu(-20) was -1.2e-6,
//! gelu(-1e30) was -6e22, gelu(-inf) was -inf (PyTorch: -0, -0, NaN), and
//! for some x near -5.3 the result had the wrong sign. With the quotient
//! clamped to [-1, 1] and z clamped at a point where P/Q is exactly 1,
//! erf is exactly ±1 for every |z| ≥ `ERF_CLAMP`, so gelu(x) = x for large
//! positive x, -0 for large negative finite x, NaN at -inf (-inf · 0), and
//! NaN stays NaN.

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
/// erf's argument is clamped to `±ERF_CLAMP`. The exact erf(z) rounds to 1
/// in fp32 from z = 3.91920584 on (erfc(z) < 2⁻²⁵); this is the first fp32
/// value from there at which the fp32 P/Q is exactly 1 (both checked by
/// tests), so the clamp changes erf only where fp32 cannot tell it from 1.
pub const ERF_CLAMP: f32 = 3.919_207_8;

/// Bound on |gelu(x) - gelu_exact(x)| / max(1, |x|), checked by a test on
/// 1.5 M inputs in [-12, 12] (beyond, gelu is x or -0 and the error tiny).
pub const GELU_ABS_ERROR: f32 = 3e-7;

/// The fp32 erf approximation, operation for operation as the JIT emits it.
#[inline(always)]
pub fn erf_approx(z: f32) -> f32 {
    // min/max written as the kernels' minps/maxps with the constant first,
    // so a NaN in z survives (Rust's min/max would drop it). It would not
    // matter: a NaN x makes gelu's final product NaN anyway.
    let z = if ERF_CLAMP < z { ERF_CLAMP } else { z };
    let z = if -ERF_CLAMP > z { -ERF_CLAMP } else { z };
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
    let e = p / q;
    // Into [-1, 1], as `vminps e, e, [1]` and `vmaxps e, e, [-1]` (the
    // constant second: a NaN e becomes ±1 here, which is harmless for the
    // same reason as above, and lets the kernels fold the constant).
    let e = if e < 1.0 { e } else { 1.0 };
    if e > -1.0 { e } else { -1.0 }
}

/// `x · ½(1 + erf(x/√2))` in fp32, as every kernel computes it.
#[inline(always)]
pub fn gelu(x: f32) -> f32 {
    let e = erf_approx(x * std::f32::consts::FRAC_1_SQRT_2);
    x * e.mul_add(0.5, 0.5)
}

// The constant table the JIT backends place in their code, in one order:
// each backend broadcasts slot `i` to its vector width.

/// `1/√2`: GELU evaluates erf at `x/√2`.
pub const INV_SQRT2: usize = 0;
/// `+ERF_CLAMP`, then `-ERF_CLAMP`: erf's argument is clamped to this range.
pub const CLAMP_HI: usize = 1;
pub const CLAMP_LO: usize = 2;
pub const HALF: usize = 3;
/// 7 slots: α1, α3, ..., α13 (the odd numerator).
pub const ALPHA: usize = 4;
/// 5 slots: β0, β2, ..., β8 (the even denominator).
pub const BETA: usize = ALPHA + 7;
/// `+1`, then `-1`: the quotient is clamped to this range.
pub const ONE: usize = BETA + 5;
pub const MINUS_ONE: usize = ONE + 1;
/// Slots in the table.
pub const SLOTS: usize = MINUS_ONE + 1;

/// The table, slot by slot.
pub fn constants() -> [f32; SLOTS] {
    let mut values = [0.0; SLOTS];
    values[..ALPHA].copy_from_slice(&[std::f32::consts::FRAC_1_SQRT_2, ERF_CLAMP, -ERF_CLAMP, 0.5]);
    values[ALPHA..BETA].copy_from_slice(&ERF_ALPHA);
    values[BETA..ONE].copy_from_slice(&ERF_BETA);
    values[ONE] = 1.0;
    values[MINUS_ONE] = -1.0;
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::act::gelu_exact;

    /// The quotient without its clamp, as the kernels evaluate it.
    fn quotient(z: f32) -> f32 {
        let z2 = z * z;
        let p = ERF_ALPHA[..6]
            .iter()
            .rev()
            .fold(ERF_ALPHA[6], |p, &c| p.mul_add(z2, c));
        let q = ERF_BETA[..4]
            .iter()
            .rev()
            .fold(ERF_BETA[4], |q, &c| q.mul_add(z2, c));
        p * z / q
    }

    #[test]
    fn gelu_error_is_within_the_documented_bound() {
        let mut worst = 0.0f64;
        let mut x = -12.0f64;
        while x <= 12.0 {
            let got = gelu(x as f32) as f64;
            let want = gelu_exact(x as f32 as f64);
            worst = worst.max((got - want).abs() / (x.abs().max(1.0)));
            x += 1.0 / 65536.0;
        }
        assert!(
            worst <= GELU_ABS_ERROR as f64,
            "worst relative error {worst:e}"
        );
        // The bound is tight (the worst is 2.4e-7): half of it would fail.
        assert!(worst > GELU_ABS_ERROR as f64 / 2.0, "{worst:e}");
    }

    /// The clamp is where the exact erf already rounds to 1 in fp32, and
    /// where the approximation is exactly 1, so erf saturates exactly.
    #[test]
    fn erf_clamp_is_where_fp32_erf_is_one() {
        let c = ERF_CLAMP as f64;
        assert!(libm::erfc(c) < 2f64.powi(-25), "erf(clamp) rounds to 1");
        assert_eq!(quotient(ERF_CLAMP), 1.0);
        assert_eq!(quotient(-ERF_CLAMP), -1.0);
        for z in [ERF_CLAMP, 4.0, 5.0, 1e3, f32::MAX, f32::INFINITY] {
            assert_eq!(erf_approx(z), 1.0, "{z}");
            assert_eq!(erf_approx(-z), -1.0, "{z}");
        }
        // Without the quotient's clamp erf would exceed 1 below the clamp.
        let z = (0..100_000)
            .map(|i| 3.6 + i as f32 * 3e-6)
            .find(|&z| quotient(z) > 1.0)
            .expect("P/Q strays above 1 near 3.6");
        assert_eq!(erf_approx(z), 1.0);
        assert_eq!(erf_approx(-z), -1.0);
    }

    /// PyTorch's `F.gelu` in fp32 at saturating inputs (erf rounds to ±1):
    /// x for large x, -0 for large negative x, NaN at -inf.
    #[test]
    fn gelu_saturates_as_pytorch() {
        for (x, want) in crate::reference::act::GELU_SATURATED {
            let got = gelu(x);
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "gelu({x:e}) = {got:e}, PyTorch {want:e}"
            );
        }
    }

    #[test]
    fn the_table_holds_the_constants() {
        let t = constants();
        assert_eq!(t[CLAMP_HI], ERF_CLAMP);
        assert_eq!(t[CLAMP_LO], -ERF_CLAMP);
        assert_eq!(t[ALPHA + 6], ERF_ALPHA[6]);
        assert_eq!(t[BETA + 4], ERF_BETA[4]);
        assert_eq!((t[ONE], t[MINUS_ONE]), (1.0, -1.0));
    }
}
