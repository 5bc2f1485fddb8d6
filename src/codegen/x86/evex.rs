//! A small EVEX (AVX-512) encoder for the handful of instructions the
//! AVX-512 kernels use. dynasm 5.1 cannot encode EVEX at all, and iced-x86's
//! assembler builds an `Instruction` per op, which is several times too slow
//! for the per-weight FMAs (compile time is a target), so the bytes are
//! written here directly. Every form is checked against iced-x86's decoder
//! in the tests below.

use super::Asm;
use dynasmrt::DynasmApi;

/// Vector length of an EVEX instruction.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Len {
    Y256,
    Z512,
}

/// An EVEX opcode: its map (1 = 0F, 2 = 0F38, 3 = 0F3A), mandatory
/// prefix (pp: 0 none, 1 = 66), W bit and opcode byte.
#[derive(Clone, Copy)]
pub(super) struct Op {
    map: u8,
    pp: u8,
    w: bool,
    opcode: u8,
}

impl Op {
    const fn new(map: u8, pp: u8, w: bool, opcode: u8) -> Self {
        Self { map, pp, w, opcode }
    }
}

/// `vfmadd231ps v, v, v/m/m32bcst`: EVEX.66.0F38.W0 B8 /r.
pub(super) const VFMADD231PS: Op = Op::new(2, 1, false, 0xB8);
/// `vmovups v, v/m`: EVEX.0F.W0 10 /r.
pub(super) const VMOVUPS: Op = Op::new(1, 0, false, 0x10);
/// `vaddps v, v, v/m/m32bcst`: EVEX.0F.W0 58 /r.
pub(super) const VADDPS: Op = Op::new(1, 0, false, 0x58);
/// `vpxord v, v, v`: EVEX.66.0F.W0 EF /r.
pub(super) const VPXORD: Op = Op::new(1, 1, false, 0xEF);
/// `vmulps v, v, v/m/m32bcst`: EVEX.0F.W0 59 /r.
pub(super) const VMULPS: Op = Op::new(1, 0, false, 0x59);
/// `vminps v, v, v/m/m32bcst`: EVEX.0F.W0 5D /r.
pub(super) const VMINPS: Op = Op::new(1, 0, false, 0x5D);
/// `vdivps v, v, v/m/m32bcst`: EVEX.0F.W0 5E /r.
pub(super) const VDIVPS: Op = Op::new(1, 0, false, 0x5E);
/// `vmaxps v, v, v/m/m32bcst`: EVEX.0F.W0 5F /r.
pub(super) const VMAXPS: Op = Op::new(1, 0, false, 0x5F);
/// `vfmadd213ps v, v, v/m/m32bcst`: EVEX.66.0F38.W0 A8 /r.
pub(super) const VFMADD213PS: Op = Op::new(2, 1, false, 0xA8);
/// `vunpcklps v, v, v`: EVEX.0F.W0 14 /r.
pub(super) const VUNPCKLPS: Op = Op::new(1, 0, false, 0x14);
/// `vunpckhps v, v, v`: EVEX.0F.W0 15 /r.
pub(super) const VUNPCKHPS: Op = Op::new(1, 0, false, 0x15);
/// `vunpcklpd v, v, v`: EVEX.66.0F.W1 14 /r.
pub(super) const VUNPCKLPD: Op = Op::new(1, 1, true, 0x14);
/// `vunpckhpd v, v, v`: EVEX.66.0F.W1 15 /r.
pub(super) const VUNPCKHPD: Op = Op::new(1, 1, true, 0x15);
/// `vshuff32x4 v, v, v, imm8` (the imm8 follows): EVEX.66.0F3A.W0 23 /r ib.
pub(super) const VSHUFF32X4: Op = Op::new(3, 1, false, 0x23);
/// `vbroadcastss v, m32`: EVEX.66.0F38.W0 18 /r.
pub(super) const VBROADCASTSS: Op = Op::new(2, 1, false, 0x18);
/// `vpdpbusd v, v(u8), v/m/m32bcst(s8)` (AVX-512 VNNI): EVEX.66.0F38.W0 50 /r.
pub(super) const VPDPBUSD: Op = Op::new(2, 1, false, 0x50);
/// `vcvtdq2ps v, v/m/m32bcst`: EVEX.0F.W0 5B /r.
pub(super) const VCVTDQ2PS: Op = Op::new(1, 0, false, 0x5B);
/// `vinserti32x4 z, z, m128, imm8` (the imm8 follows; disp8 scales by 16):
/// EVEX.512.66.0F3A.W0 38 /r ib.
pub(super) const VINSERTI32X4: Op = Op::new(3, 1, false, 0x38);
/// `vpermd z, z(index), z/m`: EVEX.512.66.0F38.W0 36 /r.
pub(super) const VPERMD: Op = Op::new(2, 1, false, 0x36);
/// `vpshufb z, z, z/m` (AVX-512 BW): EVEX.512.66.0F38.WIG 00 /r.
pub(super) const VPSHUFB: Op = Op::new(2, 1, false, 0x00);

/// The r/m operand: a vector register or `[base + disp]`, the latter
/// optionally as a broadcast of one f32 (`{1to16}`).
#[derive(Clone, Copy)]
pub(super) enum Rm {
    Reg(u8),
    Mem { base: u8, disp: i32, bcst: bool },
}

/// Emits `op reg, vvvv, rm` (vvvv = 0 when the form has no second source).
/// Memory displacements use EVEX's compressed disp8 (scaled by the access
/// size: 4 for a broadcast or scalar, the vector length otherwise) when the
/// offset is a multiple of that size and in reach.
pub(super) fn emit(ops: &mut Asm, op: Op, len: Len, reg: u8, vvvv: u8, rm: Rm) {
    emit_sized(ops, op, len, reg, vvvv, rm, None);
}

/// As `emit`, with the disp8 scale given (for tuple-1 scalar forms such as
/// `vbroadcastss v, m32`, which scale by 4 without being a broadcast).
pub(super) fn emit_sized(
    ops: &mut Asm,
    op: Op,
    len: Len,
    reg: u8,
    vvvv: u8,
    rm: Rm,
    scale: Option<i32>,
) {
    encode(ops, op, len, reg, vvvv, rm, scale, 0);
}

/// `vmovups [base + disp]{k}, zmm{src}`: a store of the lanes opmask `k`
/// selects (`k = 0`: all of them), EVEX.512.0F.W0 11 /r.
pub(super) fn store_masked(ops: &mut Asm, src: u8, base: u8, disp: i32, k: u8) {
    const VMOVUPS_STORE: Op = Op::new(1, 0, false, 0x11);
    let rm = Rm::Mem {
        base,
        disp,
        bcst: false,
    };
    encode(ops, VMOVUPS_STORE, Len::Z512, src, 0, rm, None, k);
}

/// `kmovw k{k}, edx` (VEX.L0.0F.W0 92 /r).
pub(super) fn kmovw_from_edx(ops: &mut Asm, k: u8) {
    assert!(k < 8);
    ops.extend([0xC5, 0xF8, 0x92, 0xC0 | (k << 3) | 2]);
}

#[allow(clippy::too_many_arguments)]
fn encode(
    ops: &mut Asm,
    op: Op,
    len: Len,
    reg: u8,
    vvvv: u8,
    rm: Rm,
    scale: Option<i32>,
    mask: u8,
) {
    assert!(reg < 32 && vvvv < 32);
    let (b_bit, x_bit, bcst) = match rm {
        Rm::Reg(r) => {
            assert!(r < 32);
            // For a register operand EVEX.X extends r/m to 32 registers.
            ((r >> 3) & 1, (r >> 4) & 1, false)
        }
        Rm::Mem { base, bcst, .. } => {
            assert!(base < 16 && base & 7 != 4, "no SIB forms");
            ((base >> 3) & 1, 0, bcst)
        }
    };
    let p0 = (((reg >> 3) & 1) ^ 1) << 7
        | ((x_bit ^ 1) << 6)
        | ((b_bit ^ 1) << 5)
        | ((((reg >> 4) & 1) ^ 1) << 4)
        | op.map;
    let p1 = (u8::from(op.w) << 7) | ((!vvvv & 0xF) << 3) | (1 << 2) | op.pp;
    let ll = match len {
        Len::Y256 => 1,
        Len::Z512 => 2,
    };
    let p2 = (ll << 5) | (u8::from(bcst) << 4) | ((((vvvv >> 4) & 1) ^ 1) << 3) | (mask & 7);
    // One write of the whole instruction: this runs once per weight, and
    // compile time is a target.
    let mut buf = [0x62, p0, p1, p2, op.opcode, 0, 0, 0, 0, 0];
    let len = match rm {
        Rm::Reg(r) => {
            buf[5] = 0xC0 | ((reg & 7) << 3) | (r & 7);
            6
        }
        Rm::Mem { base, disp, .. } => {
            let modrm = ((reg & 7) << 3) | (base & 7);
            let n = scale.unwrap_or(match (bcst, len) {
                (true, _) => 4,
                (false, Len::Y256) => 32,
                (false, Len::Z512) => 64,
            });
            let short = (disp % n == 0)
                .then(|| i8::try_from(disp / n).ok())
                .flatten();
            // mod 00 with base rbp/r13 means rip-relative: use disp8 0.
            match short {
                Some(0) if base & 7 != 5 => {
                    buf[5] = modrm;
                    6
                }
                Some(d8) => {
                    buf[5] = 0x40 | modrm;
                    buf[6] = d8 as u8;
                    7
                }
                None => {
                    buf[5] = 0x80 | modrm;
                    buf[6..10].copy_from_slice(&disp.to_le_bytes());
                    10
                }
            }
        }
    };
    ops.extend(buf[..len].iter().copied());
}

/// `vmovaps ymm{dst}, ymm{src}` for any of the 32 registers.
pub(super) fn vmovaps_y(ops: &mut Asm, dst: u8, src: u8) {
    const VMOVAPS: Op = Op::new(1, 0, false, 0x28);
    emit(ops, VMOVAPS, Len::Y256, dst, 0, Rm::Reg(src));
}

/// `vextractf64x4 ymm{dst}, zmm{src}, 1`: the upper 256 bits
/// (EVEX.512.66.0F3A.W1 1B /r ib, with the source in ModRM.reg).
pub(super) fn vextract_hi(ops: &mut Asm, dst: u8, src: u8) {
    const VEXTRACTF64X4: Op = Op::new(3, 1, true, 0x1B);
    emit(ops, VEXTRACTF64X4, Len::Z512, src, 0, Rm::Reg(dst));
    ops.push(1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use dynasmrt::VecAssembler;
    use dynasmrt::x64::X64Relocation;
    use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};

    fn text(f: impl FnOnce(&mut Asm)) -> String {
        let mut ops = VecAssembler::<X64Relocation>::new(0);
        f(&mut ops);
        let bytes = ops.finalize().unwrap();
        let mut d = Decoder::with_ip(64, &bytes, 0, DecoderOptions::NONE);
        let ins = d.decode();
        assert!(!ins.is_invalid(), "{bytes:02x?} does not decode");
        assert_eq!(ins.len(), bytes.len(), "{bytes:02x?}: one instruction");
        let mut out = String::new();
        IntelFormatter::new().format(&ins, &mut out);
        out
    }

    #[test]
    fn encodings_decode_as_intended() {
        let fma = |acc, x, rm| text(|o| emit(o, VFMADD231PS, Len::Z512, acc, x, rm));
        let bc = |base, disp| Rm::Mem {
            base,
            disp,
            bcst: true,
        };
        assert_eq!(
            fma(16, 0, bc(2, -128)),
            "vfmadd231ps zmm16,zmm0,[rdx-80h]{1to16}"
        );
        assert_eq!(
            fma(31, 17, bc(10, 508)),
            "vfmadd231ps zmm31,zmm17,[r10+1FCh]{1to16}"
        );
        assert_eq!(
            fma(7, 9, bc(2, 4096)),
            "vfmadd231ps zmm7,zmm9,[rdx+1000h]{1to16}"
        );
        assert_eq!(fma(3, 30, Rm::Reg(31)), "vfmadd231ps zmm3,zmm30,zmm31");
        assert_eq!(fma(12, 11, Rm::Reg(8)), "vfmadd231ps zmm12,zmm11,zmm8");
        let mem = |base, disp| Rm::Mem {
            base,
            disp,
            bcst: false,
        };
        let load = |r, rm| text(|o| emit(o, VMOVUPS, Len::Z512, r, 0, rm));
        assert_eq!(load(1, mem(9, 64 * 5)), "vmovups zmm1,[r9+140h]");
        assert_eq!(load(0, mem(9, 0)), "vmovups zmm0,[r9]");
        assert_eq!(load(2, mem(13, 0)), "vmovups zmm2,[r13]");
        assert_eq!(load(17, mem(9, 100)), "vmovups zmm17,[r9+64h]");
        assert_eq!(load(5, mem(9, 64 * 200)), "vmovups zmm5,[r9+3200h]");
        assert_eq!(
            text(|o| emit(o, VADDPS, Len::Z512, 20, 20, bc(8, 12))),
            "vaddps zmm20,zmm20,[r8+0Ch]{1to16}"
        );
        assert_eq!(
            text(|o| emit(o, VPXORD, Len::Z512, 21, 21, Rm::Reg(21))),
            "vpxord zmm21,zmm21,zmm21"
        );
        assert_eq!(
            text(|o| emit_sized(o, VBROADCASTSS, Len::Z512, 3, 0, mem(2, 8), Some(4))),
            "vbroadcastss zmm3,[rdx+8]"
        );
        assert_eq!(text(|o| vmovaps_y(o, 2, 18)), "vmovaps ymm2,ymm18");
        let z = |op, a, b, rm| text(|o| emit(o, op, Len::Z512, a, b, rm));
        assert_eq!(
            z(VUNPCKLPS, 0, 16, Rm::Reg(17)),
            "vunpcklps zmm0,zmm16,zmm17"
        );
        assert_eq!(
            z(VUNPCKHPS, 15, 30, Rm::Reg(31)),
            "vunpckhps zmm15,zmm30,zmm31"
        );
        assert_eq!(z(VUNPCKLPD, 16, 0, Rm::Reg(2)), "vunpcklpd zmm16,zmm0,zmm2");
        assert_eq!(
            z(VUNPCKHPD, 31, 13, Rm::Reg(15)),
            "vunpckhpd zmm31,zmm13,zmm15"
        );
        let shuf = text(|o| {
            emit(o, VSHUFF32X4, Len::Z512, 4, 0, Rm::Reg(2));
            o.push(0x88);
        });
        assert_eq!(shuf, "vshuff32x4 zmm4,zmm0,zmm2,88h");
        assert_eq!(
            text(|o| store_masked(o, 7, 10, 64 * 3, 1)),
            "vmovups [r10+0C0h]{k1},zmm7"
        );
        assert_eq!(
            text(|o| store_masked(o, 20, 10, 4100, 0)),
            "vmovups [r10+1004h],zmm20"
        );
        assert_eq!(text(|o| kmovw_from_edx(o, 1)), "kmovw k1,edx");
        assert_eq!(z(VMULPS, 1, 20, bc(2, 0)), "vmulps zmm1,zmm20,[rdx]{1to16}");
        assert_eq!(z(VMINPS, 1, 3, Rm::Reg(1)), "vminps zmm1,zmm3,zmm1");
        assert_eq!(z(VMAXPS, 17, 0, Rm::Reg(17)), "vmaxps zmm17,zmm0,zmm17");
        assert_eq!(z(VDIVPS, 2, 2, Rm::Reg(3)), "vdivps zmm2,zmm2,zmm3");
        assert_eq!(
            z(VFMADD213PS, 2, 1, bc(2, 480)),
            "vfmadd213ps zmm2,zmm1,[rdx+1E0h]{1to16}"
        );
        assert_eq!(
            text(|o| vextract_hi(o, 5, 23)),
            "vextractf64x4 ymm5,zmm23,1"
        );
        assert_eq!(
            z(VPDPBUSD, 16, 0, bc(2, -256)),
            "vpdpbusd zmm16,zmm0,[rdx-100h]{1to16}"
        );
        assert_eq!(z(VPDPBUSD, 31, 3, Rm::Reg(9)), "vpdpbusd zmm31,zmm3,zmm9");
        assert_eq!(z(VCVTDQ2PS, 20, 0, Rm::Reg(20)), "vcvtdq2ps zmm20,zmm20");
        let ins = text(|o| {
            emit_sized(o, VINSERTI32X4, Len::Z512, 0, 0, mem(9, 16 * 7), Some(16));
            o.push(2);
        });
        assert_eq!(ins, "vinserti32x4 zmm0,zmm0,[r9+70h],2");
        assert_eq!(z(VPERMD, 1, 4, Rm::Reg(1)), "vpermd zmm1,zmm4,zmm1");
        assert_eq!(z(VPSHUFB, 1, 1, Rm::Reg(5)), "vpshufb zmm1,zmm1,zmm5");
    }

    #[test]
    #[should_panic(expected = "no SIB forms")]
    fn sib_bases_are_refused_in_release_too() {
        let mut ops = VecAssembler::<X64Relocation>::new(0);
        let rm = Rm::Mem {
            base: 12,
            disp: 0,
            bcst: false,
        };
        emit(&mut ops, VMOVUPS, Len::Z512, 0, 0, rm);
    }
}
