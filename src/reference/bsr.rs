//! The generic BSR kernel: reads the block indices at run time, and is the
//! "generic sparse kernel" users benchmark the JIT against. It is built the
//! way a good library builds one: the same packed X panels as the JIT, a
//! register tile of up to 4 rows × 16 tokens, and FMA on AVX2 machines
//! (compiled for AVX-512, for AVX2+FMA and for baseline x86-64, chosen at
//! run time). The AVX-512 build holds a tile row in one zmm; it is about 20%
//! faster than the AVX2 build on an AVX-512 machine, so the JIT's speedup
//! over "generic" is measured against the generic kernel's best.

use super::act;
use crate::layout::Panels;
use crate::plan::Activation;
use crate::sparse::BsrMatrix;
use multiversion::multiversion;
use std::ops::Range;

/// Tokens per panel the generic kernel is written for.
pub const PANEL: usize = 16;

/// Computes rows `panels.start·16 ..` of `Y = act(X·Wᵀ + b)` for the panels
/// in `panels` (packed with width 16). `y` holds exactly those token rows,
/// each `ldy ≥ M` floats apart (`plan::output_stride` pads rows whose
/// length would make every token row land in the same cache sets).
pub fn spmm_panels(
    w: &BsrMatrix,
    bias: Option<&[f32]>,
    activation: Activation,
    x: &Panels,
    panels: Range<usize>,
    y: &mut [f32],
    ldy: usize,
) {
    assert_eq!(x.width(), PANEL, "generic kernel needs 16-token panels");
    let m = w.rows();
    assert!(ldy >= m, "rows must hold M floats");
    let first = panels.start * PANEL;
    let last = (panels.end * PANEL).min(x.tokens());
    assert_eq!(
        y.len(),
        (last - first) * ldy,
        "y must hold the panels' token rows"
    );
    if let Some(b) = bias {
        assert_eq!(b.len(), m);
    }
    match (w.block().rows, w.block().cols) {
        (1, 1) => run::<1, 1>(w, bias, activation, x, panels, y, ldy),
        (1, 2) => run::<1, 2>(w, bias, activation, x, panels, y, ldy),
        (1, _) => run::<1, 4>(w, bias, activation, x, panels, y, ldy),
        (2, 1) => run::<2, 1>(w, bias, activation, x, panels, y, ldy),
        (2, 2) => run::<2, 2>(w, bias, activation, x, panels, y, ldy),
        (2, _) => run::<2, 4>(w, bias, activation, x, panels, y, ldy),
        (_, 1) => run::<4, 1>(w, bias, activation, x, panels, y, ldy),
        (_, 2) => run::<4, 2>(w, bias, activation, x, panels, y, ldy),
        (_, _) => run::<4, 4>(w, bias, activation, x, panels, y, ldy),
    }
}

/// `TR` rows of the output tile (taller blocks are walked in TR-row
/// slices) and `C` block columns, both constants so the tile stays in
/// registers and the weight indices need no bounds checks.
#[multiversion(targets("x86_64+avx512f+avx512vl+avx2+fma", "x86_64+avx2+fma"))]
fn run<const TR: usize, const C: usize>(
    w: &BsrMatrix,
    bias: Option<&[f32]>,
    activation: Activation,
    x: &Panels,
    panels: Range<usize>,
    y: &mut [f32],
    ldy: usize,
) {
    let (m, k) = (w.rows(), w.cols());
    let r = w.block().rows;
    let (row_ptr, col_idx, values) = (w.row_ptr(), w.col_idx(), w.values());
    // A constant in each compiled version: FMA on AVX2+FMA, else mul + add
    // (a libm `fmaf` call would be far slower than either).
    let has_fma = multiversion::target::target_cfg_f!(target_feature = "fma");
    let y_first = panels.start * PANEL;
    for p in panels {
        let panel = x.panel(p);
        let tokens = PANEL.min(x.tokens() - p * PANEL);
        let y_panel = &mut y[(p * PANEL - y_first) * ldy..];
        for rb in 0..w.row_blocks() {
            for sub in (0..r).step_by(TR) {
                let row0 = rb * r + sub;
                if row0 >= m {
                    break;
                }
                let mut acc = [[0.0f32; PANEL]; TR];
                for b in row_ptr[rb]..row_ptr[rb + 1] {
                    let col0 = col_idx[b] as usize * C;
                    let vals = &values[b * r * C + sub * C..][..TR * C];
                    // A constant trip count except at the right edge, so the
                    // tile loops unroll and the tile stays in registers.
                    let cols = if col0 + C <= k { C } else { k - col0 };
                    for j in 0..cols {
                        let xr: &[f32; PANEL] = panel[(col0 + j) * PANEL..][..PANEL]
                            .try_into()
                            .expect("panel row");
                        let wv: [f32; TR] = std::array::from_fn(|i| vals[i * C + j]);
                        fma_tile(&mut acc, xr, &wv, has_fma);
                    }
                }
                for (i, acc_row) in acc.iter().enumerate().take(TR.min(m - row0)) {
                    let row = row0 + i;
                    let b = bias.map_or(0.0, |b| b[row]);
                    for (t, &a) in acc_row.iter().enumerate().take(tokens) {
                        y_panel[t * ldy + row] = act::apply(activation, a + b);
                    }
                }
            }
        }
    }
}

/// `acc[i][t] += w[i] · x[t]` over the whole tile.
#[inline(always)]
fn fma_tile<const TR: usize>(
    acc: &mut [[f32; PANEL]; TR],
    x: &[f32; PANEL],
    w: &[f32; TR],
    has_fma: bool,
) {
    for i in 0..TR {
        for t in 0..PANEL {
            acc[i][t] = if has_fma {
                w[i].mul_add(x[t], acc[i][t])
            } else {
                w[i] * x[t] + acc[i][t]
            };
        }
    }
}
