//! The Cranelift epilogue: bias, activation and the transposing store, in
//! IR, mirroring `codegen::x86::epilogue`.
//!
//! The tile holds, per output row, f32x4 vectors of 4 consecutive tokens; Y
//! wants, per token, consecutive rows. Every 4 rows × 4 tokens are
//! transposed with two levels of unpacks (`shuffle` masks that Cranelift's
//! x64 backend lowers to single `punpck{l,h}{dq,qdq}` instructions; no
//! shuffle here needs a mask constant) and stored as 16-byte pieces at
//! `y + t·M·4 + row·4`. Rows past M in the last tile are never stored: a
//! partial piece is stored as 8 + 4, 8 or 4 bytes.
//!
//! Min and max are written as `bitselect(fcmp(lt, ..))` so they mean exactly
//! the reference's `if a < b { a } else { b }` (a NaN operand in the second
//! place survives). Cranelift lowers that pattern to one `minps`/`maxps`,
//! where its own `fmin`/`fmax` (IEEE with NaN canonicalisation) would take
//! six instructions.

use super::kernel::{Args, LANES, imm, mem, mem_aligned};
use crate::gelu::{self, ALPHA, BETA, CLAMP_HI, CLAMP_LO, HALF, INV_SQRT2, MINUS_ONE, ONE};
use crate::plan::{Activation, Group, KernelPlan};
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::types::{F32, F32X4, F64, F64X2, I8X16};
use cranelift_codegen::ir::{ConstantData, Endianness, InstBuilder, MemFlagsData, Value};
use cranelift_frontend::FunctionBuilder;

/// Whether the plan's epilogue reads the constant table.
pub(super) fn needs_constants(act: Activation) -> bool {
    act == Activation::Gelu
}

/// An all-zero f32x4 (`xorps`, no constant pool).
pub(super) fn zero(b: &mut FunctionBuilder) -> Value {
    let c = b
        .func
        .dfg
        .constants
        .insert(ConstantData::from(vec![0u8; 16]));
    b.ins().vconst(F32X4, c)
}

/// Emits bias, activation and the store of one tile for one panel;
/// `acc[row][j]` holds tokens `4j..4j+4` of row `row`.
pub(super) fn emit(
    b: &mut FunctionBuilder,
    plan: &KernelPlan,
    group: &Group,
    a: &Args,
    acc: &mut [Vec<Value>],
    y: Value,
) {
    if plan.epilogue.bias {
        for (row, accs) in acc.iter_mut().enumerate() {
            let at = imm((group.row0 + row) * 4);
            let bias = b.ins().load(F32, mem(), a.bias, at);
            let bias = b.ins().splat(F32X4, bias);
            for v in accs.iter_mut() {
                *v = b.ins().fadd(*v, bias);
            }
        }
    }
    match plan.epilogue.activation {
        Activation::None => {}
        Activation::Relu => {
            let zero = zero(b);
            for v in acc.iter_mut().flatten() {
                // `v < 0 ? 0 : v`: maxps(0, v), NaN in v survives.
                *v = select_lt(b, *v, zero, zero, *v);
            }
        }
        Activation::Gelu => {
            for v in acc.iter_mut().flatten() {
                *v = gelu(b, *v, a.consts);
            }
        }
    }
    store(b, plan, group, acc, y);
}

/// `if x < y { t } else { f }` per lane, in the form Cranelift's x64
/// backend turns into `minps`/`maxps` when (t, f) is (x, y) or (y, x).
fn select_lt(b: &mut FunctionBuilder, x: Value, y: Value, t: Value, f: Value) -> Value {
    let mask = b.ins().fcmp(FloatCC::LessThan, x, y);
    let mask = b.ins().bitcast(F32X4, little(), mask);
    b.ins().bitselect(mask, t, f)
}

fn little() -> MemFlagsData {
    MemFlagsData::new().with_endianness(Endianness::Little)
}

/// Slot `i` of the constant table as an f32x4 load (folded into its user
/// when it has one use), or as an immediate splat without a table.
fn constant(b: &mut FunctionBuilder, consts: Option<Value>, slot: usize) -> Value {
    match consts {
        Some(table) => b
            .ins()
            .load(F32X4, mem_aligned(), table, (16 * slot) as i32),
        None => {
            let v = b.ins().f32const(gelu::constants()[slot]);
            b.ins().splat(F32X4, v)
        }
    }
}

/// `a · (½ + ½·erf(a/√2))`, operation for operation as
/// `crate::gelu::gelu`, so the two agree bit for bit.
fn gelu(b: &mut FunctionBuilder, a: Value, c: Option<Value>) -> Value {
    let k = constant(b, c, INV_SQRT2);
    let z = b.ins().fmul(a, k);
    // `C < z ? C : z`: minps(C, z), with C = `gelu::ERF_CLAMP`.
    let hi = constant(b, c, CLAMP_HI);
    let z = select_lt(b, hi, z, hi, z);
    // `z < -C ? -C : z`: maxps(-C, z).
    let lo = constant(b, c, CLAMP_LO);
    let z = select_lt(b, z, lo, lo, z);
    let z2 = b.ins().fmul(z, z);
    let mut p = constant(b, c, ALPHA + 6);
    for i in (0..6).rev() {
        let k = constant(b, c, ALPHA + i);
        p = b.ins().fma(p, z2, k);
    }
    p = b.ins().fmul(p, z);
    let mut q = constant(b, c, BETA + 4);
    for i in (0..4).rev() {
        let k = constant(b, c, BETA + i);
        q = b.ins().fma(q, z2, k);
    }
    let e = b.ins().fdiv(p, q);
    // Into [-1, 1]: `e < 1 ? e : 1`, then `-1 < e ? e : -1` (see `gelu`).
    let one = constant(b, c, ONE);
    let e = select_lt(b, e, one, e, one);
    let minus_one = constant(b, c, MINUS_ONE);
    let e = select_lt(b, minus_one, e, e, minus_one);
    let half = constant(b, c, HALF);
    let h = b.ins().fma(e, half, half);
    b.ins().fmul(a, h)
}

/// Byte masks of `shuffle`: interleave the low/high 32-bit lanes of two
/// vectors (punpckldq/punpckhdq) and the low/high 64-bit lanes
/// (punpcklqdq/punpckhqdq).
const UNPACK_LO32: [u8; 16] = [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23];
const UNPACK_HI32: [u8; 16] = [8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31];
const UNPACK_LO64: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const UNPACK_HI64: [u8; 16] = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];

fn shuffle(b: &mut FunctionBuilder, x: Value, y: Value, mask: [u8; 16]) -> Value {
    let imm = b
        .func
        .dfg
        .immediates
        .push(ConstantData::from(mask.to_vec()));
    b.ins().shuffle(x, y, imm)
}

/// Transposes and stores the tile, 4 rows × 4 tokens at a time.
// `j` picks the same column out of four different rows' vectors.
#[allow(clippy::needless_range_loop)]
fn store(b: &mut FunctionBuilder, plan: &KernelPlan, group: &Group, acc: &[Vec<Value>], y: Value) {
    let y_row = plan.ldy * 4;
    let per_row = acc.first().map_or(0, Vec::len);
    for quad in (0..group.rows).step_by(4) {
        let live = (group.rows - quad).min(4);
        let col = (group.row0 + quad) * 4;
        for j in 0..per_row {
            // Rows beyond the tile reuse row `quad`: their lanes land in
            // columns that are never stored.
            let src: Vec<Value> = (0..4)
                .map(|i| {
                    let row = if quad + i < group.rows {
                        quad + i
                    } else {
                        quad
                    };
                    b.ins().bitcast(I8X16, little(), acc[row][j])
                })
                .collect();
            let t0 = shuffle(b, src[0], src[1], UNPACK_LO32);
            let t1 = shuffle(b, src[0], src[1], UNPACK_HI32);
            let t2 = shuffle(b, src[2], src[3], UNPACK_LO32);
            let t3 = shuffle(b, src[2], src[3], UNPACK_HI32);
            let out = [
                shuffle(b, t0, t2, UNPACK_LO64),
                shuffle(b, t0, t2, UNPACK_HI64),
                shuffle(b, t1, t3, UNPACK_LO64),
                shuffle(b, t1, t3, UNPACK_HI64),
            ];
            for (t, &v) in out.iter().enumerate() {
                let at = imm((LANES * j + t) * y_row + col);
                store_piece(b, v, y, at, live);
            }
        }
    }
}

/// Stores the first `rows` floats of the i8x16 `v` at `y + at`.
fn store_piece(b: &mut FunctionBuilder, v: Value, y: Value, at: i32, rows: usize) {
    if rows == 4 {
        let v = b.ins().bitcast(F32X4, little(), v);
        b.ins().store(mem(), v, y, at);
        return;
    }
    if rows >= 2 {
        // Rows 0 and 1 as one 8-byte store of lane 0 of the f64x2 view.
        let d = b.ins().bitcast(F64X2, little(), v);
        let lo = b.ins().extractlane(d, 0);
        // A real check, not a debug one: storing a lane of another type
        // would write the wrong width (the verifier is off in release).
        assert_eq!(b.func.dfg.value_type(lo), F64);
        b.ins().store(mem(), lo, y, at);
    }
    if rows != 2 {
        let lane = if rows == 3 { 2 } else { 0 };
        let f = b.ins().bitcast(F32X4, little(), v);
        let s = b.ins().extractlane(f, lane);
        b.ins().store(mem(), s, y, at + 4 * lane as i32);
    }
}
