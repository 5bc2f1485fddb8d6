//! The dense baseline users would pick: the `gemm` crate's fp32 GEMM
//! (packed, cache-blocked, AVX2/AVX-512 microkernels), wrapped with the
//! layer's epilogue so it computes exactly what a sparse layer computes.

use super::act;
use crate::plan::Activation;

/// `y[n, m] = act(x[n, k] · w[m, k]ᵀ + b)` with the `gemm` crate,
/// single-threaded when `threads` is 1.
#[allow(clippy::too_many_arguments)]
pub fn dense_gemm(
    x: &[f32],
    n: usize,
    k: usize,
    w: &[f32],
    m: usize,
    bias: Option<&[f32]>,
    activation: Activation,
    y: &mut [f32],
    threads: usize,
) {
    // Checked products: these asserts are all that stands between the
    // caller's slices and the raw pointers below, and a wrapped `n · k`
    // equal to x's length would have gemm read and write 2^64 / k rows.
    assert_eq!(Some(x.len()), n.checked_mul(k), "x must be [n, k]");
    assert_eq!(Some(w.len()), m.checked_mul(k), "w must be [m, k]");
    assert_eq!(Some(y.len()), n.checked_mul(m), "y must be [n, m]");
    if let Some(b) = bias {
        assert_eq!(b.len(), m, "bias must have m values");
    }
    let parallelism = if threads <= 1 {
        gemm::Parallelism::None
    } else {
        gemm::Parallelism::Rayon(threads)
    };
    // SAFETY: the asserts above make every pointer valid for the extents
    // gemm reads or writes: dst [n, m] with row stride m, lhs = x [n, k]
    // with row stride k, rhs = wᵀ [k, m] read through w with column stride
    // k. alpha = 0 so dst is not read.
    unsafe {
        gemm::gemm(
            n,
            m,
            k,
            y.as_mut_ptr(),
            1,
            m as isize,
            false,
            x.as_ptr(),
            1,
            k as isize,
            w.as_ptr(),
            k as isize,
            1,
            0.0,
            1.0,
            false,
            false,
            false,
            parallelism,
        );
    }
    if bias.is_some() || activation != Activation::None {
        act::bias_act_rows(y, m, bias, activation);
    }
}
