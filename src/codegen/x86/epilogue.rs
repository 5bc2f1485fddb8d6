//! The x86 epilogue: bias (or, for INT8, the dequantization), activation,
//! and the transposing store.
//!
//! INT8 accumulators become fp32 first, in `quant`'s documented order:
//! convert, times the row scale, times the token scale plus the bias
//! (fused), plus token offset times the row's compensation (fused). The
//! token scales and offsets are the last two rows of the X panel (`r9`),
//! the row data the `layout::RowTable` at `r8`. From there on both dtypes
//! share every instruction.
//!
//! The tile holds, per output row, vectors of 8 consecutive tokens; Y wants,
//! per token, consecutive rows. So every 4 rows × 8 tokens are transposed in
//! registers (2 unpack + 2 shuffle levels) into 4 vectors that each hold
//! rows 0..4 of token t in the low half and of token t+4 in the high half,
//! and stored as 16-byte pieces at `[y + t·M·4 + row·4]`. Rows past M in the
//! last tile are never stored: a partial 4-row piece is stored with 8-, 4-
//! and 12-byte stores.

use super::evex::{self, Len, Rm};
use super::{Asm, R8, R9, Regs, imm, needs_constants, vbroadcastss, vex};
use crate::error::Result;
use crate::gelu::{self, ALPHA, BETA, CLAMP_HI, CLAMP_LO, HALF, INV_SQRT2, MINUS_ONE, ONE};
use crate::layout::{RowSection, RowTable};
use crate::plan::{Activation, Dtype, Group, KernelPlan};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, dynasm};

/// Labels of the 32-byte vector constants GELU needs.
pub(super) struct ConstLabels {
    labels: Option<Vec<(DynamicLabel, f32)>>,
}

impl ConstLabels {
    pub(super) fn new(ops: &mut Asm, act: Activation) -> Self {
        if !needs_constants(act) {
            return Self { labels: None };
        }
        let values = gelu::constants();
        Self {
            labels: Some(
                values
                    .into_iter()
                    .map(|v| (ops.new_dynamic_label(), v))
                    .collect(),
            ),
        }
    }

    pub(super) fn used(&self) -> bool {
        self.labels.is_some()
    }

    fn label(&self, slot: usize) -> DynamicLabel {
        self.labels.as_ref().expect("constants were requested")[slot].0
    }

    /// Writes each constant as 8 lanes at its label (32-byte aligned).
    pub(super) fn emit(&self, ops: &mut Asm) {
        for &(label, v) in self.labels.iter().flatten() {
            dynasm!(ops ; .arch x64 ; =>label);
            for _ in 0..8 {
                ops.extend(v.to_le_bytes());
            }
        }
    }
}

/// Emits bias, activation and the store of one tile for one panel.
pub(super) fn emit(
    ops: &mut Asm,
    plan: &KernelPlan,
    r: Regs,
    group: &Group,
    y_row: usize,
    consts: &ConstLabels,
) -> Result<()> {
    if r.wide {
        emit_wide(ops, plan, r, group, y_row, consts);
        return Ok(());
    }
    let t = |i| r.temp(i);
    if plan.target.dtype == Dtype::Int8 {
        dequantize_ymm(ops, plan, r, group);
    } else if plan.epilogue.bias {
        for row in 0..group.rows {
            let at = imm((group.row0 + row) * 4);
            vbroadcastss(ops, t(0), R8, at);
            for v in 0..r.vecs {
                let a = r.acc(row, v);
                dynasm!(ops ; .arch x64 ; vaddps Ry(a), Ry(a), Ry(t(0)));
            }
        }
    }
    let live: Vec<u8> = (0..group.rows)
        .flat_map(|row| (0..r.vecs).map(move |v| r.acc(row, v)))
        .collect();
    activate(
        ops,
        plan.epilogue.activation,
        &live,
        [t(0), t(1), t(2), t(3)],
        consts,
    );
    store(ops, r, group, y_row);
    Ok(())
}

/// The AVX-512 epilogue. Bias (one `vaddps zmm, zmm, [r8 + 4·row]{1to16}`
/// per register) and activation run on the zmm tile. Then, per 4-row
/// slice and zmm column, the slice's low halves are copied to ymm0..3 and
/// its high halves extracted to ymm4..7, so that the transposing store
/// runs on VEX-addressable ymm registers exactly as in AVX2: two 4×8
/// blocks of tokens `16·v..16·v+8` and `16·v+8..16·v+16`.
fn emit_wide(
    ops: &mut Asm,
    plan: &KernelPlan,
    r: Regs,
    group: &Group,
    y_row: usize,
    consts: &ConstLabels,
) {
    if plan.target.dtype == Dtype::Int8 {
        dequantize_zmm(ops, plan, r, group);
    } else if plan.epilogue.bias {
        for row in 0..group.rows {
            let rm = Rm::Mem {
                base: R8,
                disp: imm((group.row0 + row) * 4),
                bcst: true,
            };
            for v in 0..r.vecs {
                let a = r.acc(row, v);
                evex::emit(ops, evex::VADDPS, Len::Z512, a, a, rm);
            }
        }
    }
    // The activation runs on the zmm tile (twice the lanes per op of the
    // ymm slices below); zmm0..3 are free: the X vectors are dead here.
    let t = [0u8, 1, 2, 3];
    let live = (0..group.rows).flat_map(|row| (0..r.vecs).map(move |v| r.acc(row, v)));
    match plan.epilogue.activation {
        Activation::None => {}
        Activation::Relu => {
            evex::emit(ops, evex::VPXORD, Len::Z512, t[0], t[0], Rm::Reg(t[0]));
            for a in live {
                // max(0, a) with `a` second, so a NaN in `a` survives.
                evex::emit(ops, evex::VMAXPS, Len::Z512, a, t[0], Rm::Reg(a));
            }
        }
        Activation::Gelu => {
            // rdx (the weight pointer, reset at the next panel) points at
            // the constant table's middle slot, so every constant is a
            // disp8 broadcast (see `ZMM_BASE`).
            dynasm!(ops ; .arch x64 ; lea rdx, [=>consts.label(ZMM_BASE)]);
            for a in live {
                gelu_zmm(ops, a, t);
            }
        }
    }
    if plan.stores_whole_tile() {
        store_16x16(ops, r, group, y_row);
        return;
    }
    let temps = [0, 1, 2, 3].map(|i| r.temp(i));
    for quad in (0..group.rows).step_by(4) {
        let live_rows = (group.rows - quad).min(4);
        for v in 0..r.vecs {
            for i in 0..4u8 {
                // Rows beyond the tile reuse row `quad` (never stored).
                let row = quad + i as usize;
                let src = r.acc(if row < r.rows { row } else { quad }, v);
                evex::vmovaps_y(ops, i, src);
                evex::vextract_hi(ops, 4 + i, src);
            }
            let col = (group.row0 + quad) * 4;
            for half in 0..2u8 {
                let rows = [0, 1, 2, 3].map(|i| 4 * half + i);
                let token0 = 16 * v + 8 * half as usize;
                store_block(ops, rows, rows, temps, live_rows, col, token0, y_row);
            }
        }
    }
}

/// Byte offsets, from the panel at `r9`, of the token scales and offsets.
fn token_rows(plan: &KernelPlan) -> (i32, i32) {
    let row_bytes = 4 * plan.tile.panel_width();
    let scales = (plan.panel_rows() - 2) * row_bytes;
    (imm(scales), imm(scales + row_bytes))
}

/// The byte offset in the row table at `r8` of row `row`'s `section`.
fn row_entry(plan: &KernelPlan, section: RowSection, row: usize) -> i32 {
    imm(RowTable::offset(plan.m, section, row))
}

/// INT8 to fp32 on the ymm tile. The registers after the tile hold each
/// vector's token scales and offsets, then the row's scale, bias and
/// compensation broadcasts (the template leaves `2·vecs + 3` free).
fn dequantize_ymm(ops: &mut Asm, plan: &KernelPlan, r: Regs, group: &Group) {
    use vex::{Rm as V, emit};
    let (scales, offsets) = token_rows(plan);
    let sx = |v: usize| r.temp(0) + 2 * v as u8;
    let lo = |v: usize| sx(v) + 1;
    let (bw, bb, bc) = (sx(r.vecs), sx(r.vecs) + 1, sx(r.vecs) + 2);
    for v in 0..r.vecs {
        let at = 32 * v as i32;
        emit(
            ops,
            vex::VMOVUPS,
            sx(v),
            0,
            V::Mem {
                base: R9,
                disp: scales + at,
            },
        );
        emit(
            ops,
            vex::VMOVUPS,
            lo(v),
            0,
            V::Mem {
                base: R9,
                disp: offsets + at,
            },
        );
    }
    for row in 0..group.rows {
        let m = group.row0 + row;
        vbroadcastss(ops, bw, R8, row_entry(plan, RowSection::Scale, m));
        if plan.epilogue.bias {
            vbroadcastss(ops, bb, R8, row_entry(plan, RowSection::Bias, m));
        }
        vbroadcastss(ops, bc, R8, row_entry(plan, RowSection::Compensation, m));
        for v in 0..r.vecs {
            let a = r.acc(row, v);
            emit(ops, vex::VCVTDQ2PS, a, 0, V::Reg(a));
            emit(ops, vex::VMULPS, a, a, V::Reg(bw));
            if plan.epilogue.bias {
                emit(ops, vex::VFMADD213PS, a, sx(v), V::Reg(bb));
            } else {
                emit(ops, vex::VMULPS, a, a, V::Reg(sx(v)));
            }
            emit(ops, vex::VFMADD231PS, a, lo(v), V::Reg(bc));
        }
    }
}

/// INT8 to fp32 on the zmm tile: token scales and offsets in zmm4..11
/// (two per zmm of a tile row; the X vectors are dead), the row data as
/// broadcast memory operands.
fn dequantize_zmm(ops: &mut Asm, plan: &KernelPlan, r: Regs, group: &Group) {
    let (scales, offsets) = token_rows(plan);
    let sx = |v: usize| 4 + 2 * v as u8;
    let lo = |v: usize| sx(v) + 1;
    let mem = |base, disp, bcst| Rm::Mem { base, disp, bcst };
    for v in 0..r.vecs {
        let at = 64 * v as i32;
        evex::emit(
            ops,
            evex::VMOVUPS,
            Len::Z512,
            sx(v),
            0,
            mem(R9, scales + at, false),
        );
        evex::emit(
            ops,
            evex::VMOVUPS,
            Len::Z512,
            lo(v),
            0,
            mem(R9, offsets + at, false),
        );
    }
    for row in 0..group.rows {
        let m = group.row0 + row;
        let entry = |section| mem(R8, row_entry(plan, section, m), true);
        for v in 0..r.vecs {
            let a = r.acc(row, v);
            let z = |ops: &mut Asm, op, src1, rm| evex::emit(ops, op, Len::Z512, a, src1, rm);
            z(ops, evex::VCVTDQ2PS, 0, Rm::Reg(a));
            z(ops, evex::VMULPS, a, entry(RowSection::Scale));
            if plan.epilogue.bias {
                z(ops, evex::VFMADD213PS, sx(v), entry(RowSection::Bias));
            } else {
                z(ops, evex::VMULPS, a, Rm::Reg(sx(v)));
            }
            z(
                ops,
                evex::VFMADD231PS,
                lo(v),
                entry(RowSection::Compensation),
            );
        }
    }
}

/// Transposes the 16 rows × 16 tokens tile in zmm registers and stores
/// each token's 16 outputs with one 64-byte store (masked to the group's
/// rows when it has fewer than 16): 64 shuffles and 16 stores, where the
/// 4-row ymm slices take about 220 instructions with 64 stores.
///
/// Unpacking pairs of rows (32-bit, then 64-bit) leaves in `u[4j + c]`,
/// 128-bit lane L, rows 4j..4j+4 of token 4L + c; two rounds of
/// `vshuff32x4` then gather lane L of `u[c]`, `u[4 + c]`, `u[8 + c]` and
/// `u[12 + c]`: all 16 rows of token 4L + c. The tile is at zmm16..31
/// and zmm0..15 are free (the X vectors are dead).
fn store_16x16(ops: &mut Asm, r: Regs, group: &Group, y_row: usize) {
    use evex::{VSHUFF32X4, VUNPCKHPD, VUNPCKHPS, VUNPCKLPD, VUNPCKLPS};
    let acc = |i: usize| r.acc(i, 0);
    let op = |ops: &mut Asm, o, dst: u8, a: u8, b: u8| {
        evex::emit(ops, o, Len::Z512, dst, a, Rm::Reg(b));
    };
    let shuf = |ops: &mut Asm, dst: u8, a: u8, b: u8, imm: u8| {
        evex::emit(ops, VSHUFF32X4, Len::Z512, dst, a, Rm::Reg(b));
        ops.push(imm);
    };
    for i in 0..8 {
        let (a, b) = (acc(2 * i), acc(2 * i + 1));
        op(ops, VUNPCKLPS, (2 * i) as u8, a, b);
        op(ops, VUNPCKHPS, (2 * i + 1) as u8, a, b);
    }
    // u[i] goes back to the tile's register i.
    for j in 0..4 {
        let t = |c: usize| (4 * j + c) as u8;
        op(ops, VUNPCKLPD, acc(4 * j), t(0), t(2));
        op(ops, VUNPCKHPD, acc(4 * j + 1), t(0), t(2));
        op(ops, VUNPCKLPD, acc(4 * j + 2), t(1), t(3));
        op(ops, VUNPCKHPD, acc(4 * j + 3), t(1), t(3));
    }
    let k = if group.rows < 16 {
        let mask = (1i32 << group.rows) - 1;
        dynasm!(ops ; .arch x64 ; mov edx, mask);
        evex::kmovw_from_edx(ops, 1);
        1
    } else {
        0
    };
    let col = group.row0 * 4;
    for c in 0..4 {
        shuf(ops, 0, acc(c), acc(4 + c), 0x44);
        shuf(ops, 1, acc(c), acc(4 + c), 0xEE);
        shuf(ops, 2, acc(8 + c), acc(12 + c), 0x44);
        shuf(ops, 3, acc(8 + c), acc(12 + c), 0xEE);
        for lane in 0..4 {
            let out = 4 + lane as u8;
            let (a, b) = if lane < 2 { (0, 2) } else { (1, 3) };
            shuf(ops, out, a, b, if lane % 2 == 0 { 0x88 } else { 0xDD });
            let token = 4 * lane + c;
            evex::store_masked(ops, out, super::R10, imm(token * y_row + col), k);
        }
    }
}

/// The constant slot `rdx` points at in the zmm GELU: slots are 32 bytes
/// apart and a broadcast's disp8 reaches ±128 dwords, so from the middle
/// slot every slot of the table is a disp8 (from slot 0, the last two are
/// not).
const ZMM_BASE: usize = gelu::SLOTS / 2;
const _: () = assert!(32 * ZMM_BASE <= 512 && 32 * (gelu::SLOTS - 1 - ZMM_BASE) <= 508);

/// `gelu` on a zmm register, operation for operation (so bit for bit) the
/// same as the ymm version, with the constant table's slot `ZMM_BASE` at
/// `rdx` (slot `i` at `rdx + 32·(i - ZMM_BASE)`, broadcast).
fn gelu_zmm(ops: &mut Asm, a: u8, t: [u8; 4]) {
    use evex::{VBROADCASTSS, VDIVPS, VFMADD213PS, VMAXPS, VMINPS, VMULPS};
    let (z, z2, p, q) = (t[0], t[1], t[2], t[3]);
    let at = |slot: usize| 32 * (slot as i32 - ZMM_BASE as i32);
    let c = |slot: usize| Rm::Mem {
        base: super::RDX,
        disp: at(slot),
        bcst: true,
    };
    let load = |ops: &mut Asm, dst: u8, slot: usize| {
        let rm = Rm::Mem {
            base: super::RDX,
            disp: at(slot),
            bcst: false,
        };
        evex::emit_sized(ops, VBROADCASTSS, Len::Z512, dst, 0, rm, Some(4));
    };
    let op = |ops: &mut Asm, o, dst, src1, rm| evex::emit(ops, o, Len::Z512, dst, src1, rm);
    op(ops, VMULPS, z, a, c(INV_SQRT2));
    // Clamp with the constant first so a NaN in z survives.
    load(ops, q, CLAMP_HI);
    op(ops, VMINPS, z, q, Rm::Reg(z));
    load(ops, q, CLAMP_LO);
    op(ops, VMAXPS, z, q, Rm::Reg(z));
    op(ops, VMULPS, z2, z, Rm::Reg(z));
    load(ops, p, ALPHA + 6);
    for i in (0..6).rev() {
        op(ops, VFMADD213PS, p, z2, c(ALPHA + i));
    }
    op(ops, VMULPS, p, p, Rm::Reg(z));
    load(ops, q, BETA + 4);
    for i in (0..4).rev() {
        op(ops, VFMADD213PS, q, z2, c(BETA + i));
    }
    op(ops, VDIVPS, p, p, Rm::Reg(q));
    // Into [-1, 1], the constant second (see `gelu`).
    op(ops, VMINPS, p, p, c(ONE));
    op(ops, VMAXPS, p, p, c(MINUS_ONE));
    load(ops, q, HALF);
    op(ops, VFMADD213PS, p, q, Rm::Reg(q));
    op(ops, VMULPS, a, a, Rm::Reg(p));
}

/// Applies `act` to the ymm registers `regs`, with 4 temporaries.
fn activate(ops: &mut Asm, act: Activation, regs: &[u8], t: [u8; 4], consts: &ConstLabels) {
    match act {
        Activation::None => {}
        Activation::Relu => {
            dynasm!(ops ; .arch x64 ; vxorps Ry(t[0]), Ry(t[0]), Ry(t[0]));
            for &a in regs {
                // max(0, a) with `a` second, so a NaN in `a` survives.
                dynasm!(ops ; .arch x64 ; vmaxps Ry(a), Ry(t[0]), Ry(a));
            }
        }
        Activation::Gelu => {
            for &a in regs {
                gelu(ops, a, t, consts);
            }
        }
    }
}

/// `a = a · (½ + ½·erf(a/√2))`, operation for operation as
/// `crate::gelu::gelu`, so the two agree bit for bit.
fn gelu(ops: &mut Asm, a: u8, t: [u8; 4], c: &ConstLabels) {
    let (z, z2, p, q) = (t[0], t[1], t[2], t[3]);
    dynasm!(ops
        ; .arch x64
        ; vmulps Ry(z), Ry(a), [=>c.label(INV_SQRT2)]
        // Clamp with the constant first so a NaN in z survives.
        ; vmovaps Ry(q), [=>c.label(CLAMP_HI)]
        ; vminps Ry(z), Ry(q), Ry(z)
        ; vmovaps Ry(q), [=>c.label(CLAMP_LO)]
        ; vmaxps Ry(z), Ry(q), Ry(z)
        ; vmulps Ry(z2), Ry(z), Ry(z)
        ; vmovaps Ry(p), [=>c.label(ALPHA + 6)]
    );
    for i in (0..6).rev() {
        dynasm!(ops ; .arch x64 ; vfmadd213ps Ry(p), Ry(z2), [=>c.label(ALPHA + i)]);
    }
    dynasm!(ops
        ; .arch x64
        ; vmulps Ry(p), Ry(p), Ry(z)
        ; vmovaps Ry(q), [=>c.label(BETA + 4)]
    );
    for i in (0..4).rev() {
        dynasm!(ops ; .arch x64 ; vfmadd213ps Ry(q), Ry(z2), [=>c.label(BETA + i)]);
    }
    dynasm!(ops
        ; .arch x64
        ; vdivps Ry(p), Ry(p), Ry(q)
        // The quotient into [-1, 1] so that erf saturates exactly (see
        // `crate::gelu`). The constant is the second source, so a NaN
        // quotient becomes ±1: harmless, as a NaN `a` makes the final
        // product NaN anyway, and it lets the constant fold in.
        ; vminps Ry(p), Ry(p), [=>c.label(ONE)]
        ; vmaxps Ry(p), Ry(p), [=>c.label(MINUS_ONE)]
        ; vmovaps Ry(q), [=>c.label(HALF)]
        ; vfmadd213ps Ry(p), Ry(q), Ry(q)
        ; vmulps Ry(a), Ry(a), Ry(p)
    );
}

/// `vshufps` selectors: elements 0,1 of each source (0x44) or 2,3 (0xEE).
const SHUF_LO: i8 = 0x44;
const SHUF_HI: i8 = 0xEEu8 as i8;

/// Transposes and stores the tile, 4 rows × 8 tokens at a time.
fn store(ops: &mut Asm, r: Regs, group: &Group, y_row: usize) {
    let t = [0, 1, 2, 3].map(|i| r.temp(i));
    for quad in (0..group.rows).step_by(4) {
        let live_rows = (group.rows - quad).min(4);
        for v in 0..r.vecs {
            // Source rows beyond the tile reuse row `quad`: their lanes land
            // in columns that are never stored.
            let src = [0, 1, 2, 3].map(|i| {
                if quad + i < r.rows {
                    r.acc(quad + i, v)
                } else {
                    r.acc(quad, v)
                }
            });
            let out = transpose_outputs(r, quad, v);
            let col = (group.row0 + quad) * 4;
            store_block(ops, src, out, t, live_rows, col, 8 * v, y_row);
        }
    }
}

/// Transposes 4 rows × 8 tokens (`src`, one ymm per row) into `out` (which
/// may be `src`) through the temporaries `t`, and stores the first
/// `live_rows` rows of tokens `token0..token0 + 8` at
/// `[r10 + token·y_row + col]`.
#[allow(clippy::too_many_arguments)]
fn store_block(
    ops: &mut Asm,
    src: [u8; 4],
    out: [u8; 4],
    t: [u8; 4],
    live_rows: usize,
    col: usize,
    token0: usize,
    y_row: usize,
) {
    let [a0, a1, a2, a3] = src;
    dynasm!(ops
        ; .arch x64
        ; vunpcklps Ry(t[0]), Ry(a0), Ry(a1)
        ; vunpckhps Ry(t[1]), Ry(a0), Ry(a1)
        ; vunpcklps Ry(t[2]), Ry(a2), Ry(a3)
        ; vunpckhps Ry(t[3]), Ry(a2), Ry(a3)
    );
    // dynasm 5.1 encodes vshufps's sources swapped (its operand map
    // says ENC_MR), so the second source is written first here to get
    // `vshufps out, t0, t2`; the listing tests decode and check it.
    dynasm!(ops
        ; .arch x64
        ; vshufps Ry(out[0]), Ry(t[2]), Ry(t[0]), SHUF_LO
        ; vshufps Ry(out[1]), Ry(t[2]), Ry(t[0]), SHUF_HI
        ; vshufps Ry(out[2]), Ry(t[3]), Ry(t[1]), SHUF_LO
        ; vshufps Ry(out[3]), Ry(t[3]), Ry(t[1]), SHUF_HI
    );
    for token in 0..8 {
        let reg = out[token % 4];
        let at = imm((token0 + token) * y_row + col);
        let piece = if token < 4 {
            reg
        } else {
            // The unpack temporaries are dead once shuffled.
            dynasm!(ops ; .arch x64 ; vextractf128 Rx(t[0]), Ry(reg), 1);
            t[0]
        };
        store_piece(ops, piece, at, live_rows);
    }
}

/// Four registers for the transposed rows: the tile's own registers for
/// rows `quad..quad+4` of vector `v` when the tile has them (they are dead
/// once unpacked), else registers no later store of this tile still needs.
fn transpose_outputs(r: Regs, quad: usize, v: usize) -> [u8; 4] {
    if quad + 4 <= r.rows {
        return [0, 1, 2, 3].map(|i| r.acc(quad + i, v));
    }
    let mut out = [0u8; 4];
    let mut free = (0..16u8).filter(|&reg| {
        let is_temp = (0..4).any(|i| r.temp(i) == reg);
        // Accumulators of later (quad, vec) pairs are still live.
        let live = (0..r.rows)
            .any(|row| (0..r.vecs).any(|w| r.acc(row, w) == reg && (row / 4, w) > (quad / 4, v)));
        !is_temp && !live
    });
    for slot in &mut out {
        *slot = free
            .next()
            .expect("the template guarantees 4 free registers");
    }
    out
}

/// Stores the low `rows` floats of xmm `reg` at `[r10 + at]`.
fn store_piece(ops: &mut Asm, reg: u8, at: i32, rows: usize) {
    match rows {
        4 => dynasm!(ops ; .arch x64 ; vmovups [r10 + at], Rx(reg)),
        3 => dynasm!(ops
            ; .arch x64
            ; vmovlps QWORD [r10 + at], Rx(reg)
            ; vextractps DWORD [r10 + at + 8], Rx(reg), 2
        ),
        2 => dynasm!(ops ; .arch x64 ; vmovlps QWORD [r10 + at], Rx(reg)),
        _ => dynasm!(ops ; .arch x64 ; vmovss DWORD [r10 + at], Rx(reg)),
    }
}
