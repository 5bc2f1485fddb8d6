//! The fp32 GELU every kernel computes, in one place: the erf
//! approximation's coefficients and clamp, the Rust definition (`gelu`,
//! run by the generic kernels), and the constant table the JIT backends
//! place in their code and evaluate op for op, so that every backend gives
//! the same bits. The f64 oracle (`reference::act::gelu_exact`) uses none
//! of this.
//!
//! GELU is the erf form of `torch.nn.GELU()`: `x · ½(1 + erf(x/√2))`. erf is
//! the odd/even rational approximation used by Eigen and XLA,
//! `z·P(z²)/Q(z²)`, on z clamped to [-4, 4].

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
/// Slots in the table.
pub const SLOTS: usize = BETA + 5;

/// The table, slot by slot.
pub fn constants() -> [f32; SLOTS] {
    let mut values = [0.0; SLOTS];
    values[..ALPHA].copy_from_slice(&[std::f32::consts::FRAC_1_SQRT_2, ERF_CLAMP, -ERF_CLAMP, 0.5]);
    values[ALPHA..BETA].copy_from_slice(&ERF_ALPHA);
    values[BETA..].copy_from_slice(&ERF_BETA);
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::act::gelu_exact;

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
    fn the_table_holds_the_constants() {
        let t = constants();
        assert_eq!(t[CLAMP_HI], ERF_CLAMP);
        assert_eq!(t[CLAMP_LO], -ERF_CLAMP);
        assert_eq!(t[ALPHA + 6], ERF_ALPHA[6]);
        assert_eq!(t[BETA + 4], ERF_BETA[4]);
    }
}
