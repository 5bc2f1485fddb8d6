//! Activation layouts shared by every sparse kernel: X `[N, K]` row-major is
//! packed into panels of NB tokens, zero-padded to a whole panel, each a
//! list of rows of NB 4-byte elements (one per token).
//!
//! - fp32: `[P][K][NB]` floats: row k holds input column k of every token.
//! - INT8: `[P][K/G + 2][NB]` words: row g holds, per token, the G codes of
//!   columns `G·g..G·g + G` (G = `Mac::granule`: 4 u8, or 2 u16), zero past
//!   K; the last two rows hold each token's quantization scale and offset
//!   (f32), which the epilogue reads at a constant offset from the panel.
//!
//! In a panel, every row is contiguous and 32-byte aligned at the constant
//! offset `row · NB · 4`. That is what lets the JIT bake every nonzero's
//! address into an immediate displacement.
//!
//! The INT8 kernels' per-output-row data is a [`RowTable`].

use aligned_vec::{AVec, ConstAlign};
use rayon::prelude::*;

/// Cache-line alignment: a 16-token panel row is exactly one line.
const ALIGN: usize = 64;

/// Packed X panels, reusable across calls to avoid reallocating.
#[derive(Debug)]
pub struct Panels {
    data: AVec<f32, ConstAlign<ALIGN>>,
    n: usize,
    k: usize,
    nb: usize,
}

impl Default for Panels {
    fn default() -> Self {
        Self {
            data: AVec::new(ALIGN),
            n: 0,
            k: 0,
            nb: 1,
        }
    }
}

impl Panels {
    /// Packs `x` (`[n, k]` row-major) into fp32 panels of `nb` tokens.
    pub fn pack(&mut self, x: &[f32], n: usize, k: usize, nb: usize) {
        self.pack_with(n, k, nb, false, |p, dst| pack_panels(x, n, k, nb, p, dst));
    }

    /// Sizes the panels for `n` tokens in panels of `rows` rows and `nb`
    /// tokens and fills each with `pack(panels, storage)`, spread over the
    /// current rayon pool when `parallel` (run it inside the pool that
    /// should do the work).
    pub fn pack_with(
        &mut self,
        n: usize,
        rows: usize,
        nb: usize,
        parallel: bool,
        pack: impl Fn(std::ops::Range<usize>, &mut [f32]) + Sync,
    ) {
        self.reshape(n, rows, nb);
        let one = |(p, panel): (usize, &mut [f32])| pack(p..p + 1, panel);
        let data = self.data.as_mut_slice();
        if parallel && n > nb {
            data.par_chunks_mut(rows * nb).enumerate().for_each(one);
        } else {
            data.chunks_mut(rows * nb).enumerate().for_each(one);
        }
    }

    /// Sizes the panels for `n` tokens in panels of `rows` rows without
    /// packing anything: the caller then packs every panel, through
    /// `split_mut` and a packing function.
    pub fn reshape(&mut self, n: usize, rows: usize, nb: usize) {
        let (k, panels) = (rows, n.div_ceil(nb));
        // A wrapped size would leave a buffer smaller than the panels the
        // kernel is told to read (`SparseLinear::forward` returns an error
        // before this can fire).
        let len = panel_floats(panels, k, nb).unwrap_or_else(|| {
            panic!("{panels} panels of {k} x {nb} elements overflow (n = {n} tokens)")
        });
        self.n = n;
        self.k = k;
        self.nb = nb;
        // Every real token is overwritten by packing, so only a change of
        // size (and the padding of a partial panel) needs zeros.
        if self.data.len() != len {
            self.data.clear();
            self.data.resize(len, 0.0);
        }
    }

    /// The storage of consecutive, disjoint panel ranges (which must
    /// start at 0 and cover every panel in order), to pack and read in
    /// parallel.
    pub fn split_mut(&mut self, ranges: &[std::ops::Range<usize>]) -> Vec<&mut [f32]> {
        // `reshape` checked that every panel fits: no product here wraps.
        let len = self.k * self.nb;
        let mut rest = self.data.as_mut_slice();
        let mut out = Vec::with_capacity(ranges.len());
        for r in ranges {
            let (head, tail) = rest.split_at_mut(r.len() * len);
            out.push(head);
            rest = tail;
        }
        assert!(rest.is_empty(), "the ranges must cover every panel");
        out
    }

    pub fn tokens(&self) -> usize {
        self.n
    }
    pub fn width(&self) -> usize {
        self.nb
    }
    pub fn count(&self) -> usize {
        self.n.div_ceil(self.nb)
    }
    /// Panels that hold `width()` real tokens.
    pub fn full(&self) -> usize {
        self.n / self.nb
    }
    /// Real tokens in the last, partial panel (0 if none).
    pub fn tail(&self) -> usize {
        self.n % self.nb
    }
    /// Panel `p`: `[rows][NB]`.
    pub fn panel(&self, p: usize) -> &[f32] {
        let len = self.k * self.nb;
        &self.data[p * len..(p + 1) * len]
    }
    pub fn as_slice(&self) -> &[f32] {
        self.data.as_slice()
    }
    /// Floats allocated, in use or not: what the buffer holds on to.
    pub fn capacity(&self) -> usize {
        self.data.capacity()
    }
}

/// Elements in `panels` panels of `rows` rows of `nb`, or `None` if that
/// overflows.
fn panel_floats(panels: usize, rows: usize, nb: usize) -> Option<usize> {
    panels.checked_mul(rows)?.checked_mul(nb)
}

/// Packs fp32 panels `panels` of `x` (`[n, k]`) into `dst`, which holds
/// exactly those panels; a partial last panel is zero-padded.
pub fn pack_panels(
    x: &[f32],
    n: usize,
    k: usize,
    nb: usize,
    panels: std::ops::Range<usize>,
    dst: &mut [f32],
) {
    // Checked: the JIT kernels read these panels through raw pointers, so
    // a wrapped size must not pass for the real one.
    assert_eq!(Some(x.len()), n.checked_mul(k), "x must be [n, k]");
    assert_eq!(
        Some(dst.len()),
        panel_floats(panels.len(), k, nb),
        "dst must hold the panels"
    );
    for (p, panel) in panels.zip(dst.chunks_mut(k * nb)) {
        let tokens = nb.min(n - p * nb);
        if tokens < nb {
            panel.fill(0.0);
        }
        pack_panel(&x[p * nb * k..(p * nb + tokens) * k], tokens, k, nb, panel);
    }
}

/// Transposes `tokens` rows of `x` (`[tokens, k]`) into `panel` (`[k][nb]`).
/// Full 8×8 tiles use an AVX register transpose where the CPU has AVX (the
/// compiler does not find one on its own: scalar code is 10× slower than a
/// copy); the edges are copied one element at a time.
#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
fn pack_panel(x: &[f32], tokens: usize, k: usize, nb: usize, panel: &mut [f32]) {
    let k8 = k - k % 8;
    let t8 = tokens - tokens % 8;
    for j0 in (0..t8).step_by(8) {
        for k0 in (0..k8).step_by(8) {
            let mut tile = [[0.0f32; 8]; 8];
            for (i, row) in tile.iter_mut().enumerate() {
                row.copy_from_slice(&x[(j0 + i) * k + k0..][..8]);
            }
            let cols = multiversion::target::match_target! {
                "x86_64+avx2+fma" => transpose8x8_avx(tile),
                _ => transpose8x8(tile),
            };
            for (c, col) in cols.iter().enumerate() {
                panel[(k0 + c) * nb + j0..][..8].copy_from_slice(col);
            }
        }
        for kk in k8..k {
            for i in 0..8 {
                panel[kk * nb + j0 + i] = x[(j0 + i) * k + kk];
            }
        }
    }
    for j in t8..tokens {
        for kk in 0..k {
            panel[kk * nb + j] = x[j * k + kk];
        }
    }
}

/// How an INT8 kernel wants its X panels: `nb` tokens of `k` features,
/// `granule` codes per word (or, `gather`ing, a byte per token and k),
/// codes up to `qmax`.
#[derive(Clone, Copy, Debug)]
pub struct Int8Packing {
    pub k: usize,
    pub nb: usize,
    pub granule: usize,
    pub qmax: crate::quant::Qmax,
    pub gather: bool,
}

impl Int8Packing {
    pub fn of(plan: &crate::plan::KernelPlan) -> Self {
        Self {
            k: plan.k,
            nb: plan.tile.panel_width(),
            granule: plan.granule(),
            qmax: plan.mac.qmax(),
            gather: plan.gather,
        }
    }

    /// Rows of NB words per panel (`int8_rows`; gathering panels hold the
    /// same bytes, K rows of NB bytes).
    pub fn rows(&self) -> usize {
        int8_rows(self.k, self.granule)
    }
}

/// Quantizes and packs INT8 panels `panels` of `x` (`[n, k]`) into `dst`
/// (exactly those panels of `layout.rows()` rows): each token quantized by
/// `quant::quantize_token`, its codes laid out as `layout` says. A partial
/// last panel's missing tokens are zero codes with scale and offset 0.
pub fn pack_int8_panels(
    x: &[f32],
    n: usize,
    layout: Int8Packing,
    panels: std::ops::Range<usize>,
    dst: &mut [f32],
) {
    let Int8Packing {
        k,
        nb,
        granule,
        qmax,
        gather,
    } = layout;
    let rows = layout.rows();
    assert_eq!(Some(x.len()), n.checked_mul(k), "x must be [n, k]");
    assert_eq!(
        Some(dst.len()),
        panel_floats(panels.len(), rows, nb),
        "dst must hold the panels"
    );
    let words: &mut [u32] = bytemuck::cast_slice_mut(dst);
    let groups = rows - 2;
    // A panel's tokens are quantized into `codes` (a token per row of
    // `groups` words), then written out row by row of the panel, so the
    // stores are sequential.
    let mut codes = vec![0u32; nb * groups];
    for (p, panel) in panels.zip(words.chunks_mut(rows * nb)) {
        let tokens = nb.min(n - p * nb);
        let (body, scales) = panel.split_at_mut(groups * nb);
        scales.fill(0);
        codes.fill(0);
        for t in 0..tokens {
            let row = &x[(p * nb + t) * k..][..k];
            let token = &mut codes[t * groups..(t + 1) * groups];
            let ts = match granule {
                4 => {
                    let bytes: &mut [u8] = bytemuck::cast_slice_mut(token);
                    crate::quant::quantize_token(row, qmax, &mut bytes[..k])
                }
                _ => quantize_wide(row, qmax, token),
            };
            scales[t] = ts.scale.to_bits();
            scales[nb + t] = ts.offset.to_bits();
        }
        if gather {
            // Row kk: the code of column kk of each token, a byte apiece.
            let codes: &[u8] = bytemuck::cast_slice(&codes);
            let body: &mut [u8] = bytemuck::cast_slice_mut(body);
            let per = groups * 4;
            for (kk, out) in body.chunks_exact_mut(nb).enumerate() {
                for (t, b) in out.iter_mut().enumerate() {
                    *b = codes[t * per + kk];
                }
            }
        } else {
            for (g, out) in body.chunks_exact_mut(nb).enumerate() {
                for (t, w) in out.iter_mut().enumerate() {
                    *w = codes[t * groups + g];
                }
            }
        }
    }
}

/// One token quantized for the s16 kernels: two codes per word, as u16,
/// in k order, least significant first.
fn quantize_wide(
    row: &[f32],
    qmax: crate::quant::Qmax,
    words: &mut [u32],
) -> crate::quant::TokenScale {
    let mut bytes = vec![0u8; row.len()];
    let ts = crate::quant::quantize_token(row, qmax, &mut bytes);
    for (w, c) in words.iter_mut().zip(bytes.chunks(2)) {
        *w = c[0] as u32 | (*c.get(1).unwrap_or(&0) as u32) << 16;
    }
    ts
}

/// Rows of an INT8 panel: one per k-granule, then scales and offsets.
pub fn int8_rows(k: usize, granule: usize) -> usize {
    k.div_ceil(granule) + 2
}

/// The INT8 kernels' per-output-row data, which they read through
/// `KernelArgs::bias` at constant offsets: the row scales `s_w`, the
/// compensations `c` and the biases (zero without bias), each a section of
/// `row_stride(m)` floats (see `quant` for what they are).
#[derive(Debug)]
pub struct RowTable {
    data: AVec<f32, ConstAlign<ALIGN>>,
}

/// Sections of a [`RowTable`], in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowSection {
    Scale = 0,
    Compensation = 1,
    Bias = 2,
}

impl RowTable {
    pub fn new(scale: &[f32], comp: &[f32], bias: Option<&[f32]>) -> Self {
        let m = scale.len();
        assert_eq!(comp.len(), m);
        let stride = row_stride(m);
        let mut data = AVec::new(ALIGN);
        data.resize(3 * stride, 0.0);
        data[..m].copy_from_slice(scale);
        data[stride..stride + m].copy_from_slice(comp);
        if let Some(b) = bias {
            assert_eq!(b.len(), m);
            data[2 * stride..2 * stride + m].copy_from_slice(b);
        }
        Self { data }
    }

    pub fn as_ptr(&self) -> *const f32 {
        self.data.as_ptr()
    }

    /// The three sections, `row_stride(m)` floats each.
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    /// The byte offset of row `row`'s entry in `section`, for `m` rows.
    pub fn offset(m: usize, section: RowSection, row: usize) -> usize {
        4 * (section as usize * row_stride(m) + row)
    }
}

/// Floats per [`RowTable`] section: M rounded up to a cache line.
pub fn row_stride(m: usize) -> usize {
    m.next_multiple_of(16)
}

pub(crate) fn transpose8x8(t: [[f32; 8]; 8]) -> [[f32; 8]; 8] {
    std::array::from_fn(|c| std::array::from_fn(|r| t[r][c]))
}

/// Unpack pairs of rows, shuffle pairs of pairs, then swap 128-bit halves.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
pub(crate) fn transpose8x8_avx(t: [[f32; 8]; 8]) -> [[f32; 8]; 8] {
    use std::arch::x86_64::*;
    let r: [__m256; 8] = t.map(bytemuck::cast);
    // (Closures would not inherit the target feature, so no helpers here.)
    let t0 = _mm256_unpacklo_ps(r[0], r[1]);
    let t1 = _mm256_unpackhi_ps(r[0], r[1]);
    let t2 = _mm256_unpacklo_ps(r[2], r[3]);
    let t3 = _mm256_unpackhi_ps(r[2], r[3]);
    let t4 = _mm256_unpacklo_ps(r[4], r[5]);
    let t5 = _mm256_unpackhi_ps(r[4], r[5]);
    let t6 = _mm256_unpacklo_ps(r[6], r[7]);
    let t7 = _mm256_unpackhi_ps(r[6], r[7]);
    // s_c holds column c in its low half and column c+4 in its high half,
    // rows 0..4 from s_c and rows 4..8 from s_{c+4}.
    let s0 = _mm256_shuffle_ps::<0x44>(t0, t2);
    let s1 = _mm256_shuffle_ps::<0xEE>(t0, t2);
    let s2 = _mm256_shuffle_ps::<0x44>(t1, t3);
    let s3 = _mm256_shuffle_ps::<0xEE>(t1, t3);
    let s4 = _mm256_shuffle_ps::<0x44>(t4, t6);
    let s5 = _mm256_shuffle_ps::<0xEE>(t4, t6);
    let s6 = _mm256_shuffle_ps::<0x44>(t5, t7);
    let s7 = _mm256_shuffle_ps::<0xEE>(t5, t7);
    let out = [
        _mm256_permute2f128_ps::<0x20>(s0, s4),
        _mm256_permute2f128_ps::<0x20>(s1, s5),
        _mm256_permute2f128_ps::<0x20>(s2, s6),
        _mm256_permute2f128_ps::<0x20>(s3, s7),
        _mm256_permute2f128_ps::<0x31>(s0, s4),
        _mm256_permute2f128_ps::<0x31>(s1, s5),
        _mm256_permute2f128_ps::<0x31>(s2, s6),
        _mm256_permute2f128_ps::<0x31>(s3, s7),
    ];
    out.map(bytemuck::cast)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposes_agree() {
        let t: [[f32; 8]; 8] = std::array::from_fn(|r| std::array::from_fn(|c| (r * 8 + c) as f32));
        let want = transpose8x8(t);
        assert_eq!(want[2][5], t[5][2]);
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx") {
            // SAFETY: AVX was just detected.
            assert_eq!(unsafe { transpose8x8_avx(t) }, want);
        }
    }

    #[test]
    fn int8_panels_hold_codes_then_scales() {
        let (n, k, nb) = (3, 5, 2);
        let x: Vec<f32> = (0..n * k).map(|i| i as f32).collect();
        let mut p = Panels::default();
        for mac in [crate::plan::Mac::Dpbusd, crate::plan::Mac::Maddwd16] {
            let granule = mac.granule();
            let rows = int8_rows(k, granule);
            let layout = Int8Packing {
                k,
                nb,
                granule,
                qmax: mac.qmax(),
                gather: false,
            };
            p.pack_with(n, rows, nb, false, |r, dst| {
                pack_int8_panels(&x, n, layout, r, dst)
            });
            assert_eq!(p.count(), 2);
            let words: &[u32] = bytemuck::cast_slice(p.as_slice());
            let panel = |i: usize| &words[i * rows * nb..(i + 1) * rows * nb];
            // Token 0 is 0..5: codes 0, 64, 128, 191, 255 (scale 4/255).
            let t0: Vec<u32> = (0..rows - 2).map(|g| panel(0)[g * nb]).collect();
            if granule == 4 {
                assert_eq!(t0, [u32::from_le_bytes([0, 64, 128, 191]), 255]);
            } else {
                assert_eq!(t0, [64 << 16, 128 | 191 << 16, 255]);
            }
            let scales = rows - 2;
            assert_eq!(f32::from_bits(panel(0)[scales * nb]), 4.0 / 255.0);
            assert_eq!(f32::from_bits(panel(0)[(scales + 1) * nb + 1]), 5.0);
            // Token 3 does not exist: zeros, scale and offset 0.
            assert!(panel(1).iter().skip(1).step_by(nb).all(|&w| w == 0));
        }
    }

    #[test]
    fn row_tables_keep_sections_apart() {
        let t = RowTable::new(&[1.0, 2.0], &[3.0, 4.0], None);
        assert_eq!(RowTable::offset(2, RowSection::Compensation, 1), 4 * 17);
        let data = &t.data;
        assert_eq!((data[1], data[17], data[33]), (2.0, 4.0, 0.0));
    }

    #[test]
    fn packs_and_pads() {
        let (n, k, nb) = (5, 3, 4);
        let x: Vec<f32> = (0..n * k).map(|i| i as f32 + 1.0).collect();
        let mut p = Panels::default();
        p.pack(&x, n, k, nb);
        assert_eq!((p.count(), p.full(), p.tail()), (2, 1, 1));
        assert_eq!(p.as_slice().as_ptr() as usize % 64, 0);
        // Panel 0, column 1: tokens 0..4.
        assert_eq!(&p.panel(0)[4..8], &[2.0, 5.0, 8.0, 11.0]);
        // Panel 1 holds token 4 and three zero tokens.
        assert_eq!(&p.panel(1)[0..4], &[13.0, 0.0, 0.0, 0.0]);
    }
}
