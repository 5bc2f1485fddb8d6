//! The GELU constant table both backends place in their code, in one
//! order: each backend broadcasts slot `i` to its vector width. The values
//! are `reference::act`'s, so generated GELU matches the Rust one op for op.

use crate::reference::act::{ERF_ALPHA, ERF_BETA, ERF_CLAMP};

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

/// The table, slot by slot.
pub fn constants() -> Vec<f32> {
    let mut values = vec![std::f32::consts::FRAC_1_SQRT_2, ERF_CLAMP, -ERF_CLAMP, 0.5];
    values.extend(ERF_ALPHA);
    values.extend(ERF_BETA);
    values
}
