//! A small VEX encoder for the AVX2 / AVX-VNNI instructions the kernels
//! emit per weight or per output row, where dynasm is either too slow
//! (compile time is a target, and these run once per weight) or wrong
//! (dynasm 5.1 encodes the memory form of `vbroadcastss ymm` without
//! VEX.L). Only `[base + disp]` memory operands (no SIB) are encoded. Every
//! form is checked against iced-x86's decoder in the tests below.

use super::Asm;
use dynasmrt::DynasmApi;

/// A VEX opcode: its map (1 = 0F, 2 = 0F38, 3 = 0F3A), mandatory prefix
/// (pp: 0 none, 1 = 66), W bit and opcode byte. All forms here are 256-bit
/// (VEX.L = 1) unless `l128`.
#[derive(Clone, Copy)]
pub(super) struct Op {
    map: u8,
    pp: u8,
    w: bool,
    opcode: u8,
    l128: bool,
}

impl Op {
    const fn new(map: u8, pp: u8, w: bool, opcode: u8) -> Self {
        Self {
            map,
            pp,
            w,
            opcode,
            l128: false,
        }
    }

    /// The 128-bit (xmm, VEX.L = 0) form.
    const fn xmm(self) -> Self {
        Self { l128: true, ..self }
    }
}

/// `vfmadd231ps y, y, y/m`: VEX.256.66.0F38.W0 B8 /r.
pub(super) const VFMADD231PS: Op = Op::new(2, 1, false, 0xB8);
/// `vfmadd213ps y, y, y/m`: VEX.256.66.0F38.W0 A8 /r.
pub(super) const VFMADD213PS: Op = Op::new(2, 1, false, 0xA8);
/// `vbroadcastss y, m32`: VEX.256.66.0F38.W0 18 /r.
pub(super) const VBROADCASTSS: Op = Op::new(2, 1, false, 0x18);
/// `vpbroadcastd y, m32`: VEX.256.66.0F38.W0 58 /r.
pub(super) const VPBROADCASTD: Op = Op::new(2, 1, false, 0x58);
/// `vpdpbusd y, y, y/m` (AVX-VNNI): VEX.256.66.0F38.W0 50 /r.
pub(super) const VPDPBUSD: Op = Op::new(2, 1, false, 0x50);
/// `vpmaddubsw y, y(u8), y/m(s8)`: VEX.256.66.0F38.WIG 04 /r.
pub(super) const VPMADDUBSW: Op = Op::new(2, 1, false, 0x04);
/// `vpmaddwd y, y, y/m`: VEX.256.66.0F.WIG F5 /r.
pub(super) const VPMADDWD: Op = Op::new(1, 1, false, 0xF5);
/// `vpaddd y, y, y/m`: VEX.256.66.0F.WIG FE /r.
pub(super) const VPADDD: Op = Op::new(1, 1, false, 0xFE);
/// `vcvtdq2ps y, y/m`: VEX.256.0F.WIG 5B /r.
pub(super) const VCVTDQ2PS: Op = Op::new(1, 0, false, 0x5B);
/// `vmulps y, y, y/m`: VEX.256.0F.WIG 59 /r.
pub(super) const VMULPS: Op = Op::new(1, 0, false, 0x59);
/// `vmovups y, m`: VEX.256.0F.WIG 10 /r.
pub(super) const VMOVUPS: Op = Op::new(1, 0, false, 0x10);
/// `vpcmpeqw y, y, y`: VEX.256.66.0F.WIG 75 /r (all ones).
pub(super) const VPCMPEQW: Op = Op::new(1, 1, false, 0x75);
/// `vmovups x, m128`: VEX.128.0F.WIG 10 /r.
pub(super) const VMOVUPS_X: Op = VMOVUPS.xmm();
/// `vmovq x, m64`: VEX.128.F3.0F.WIG 7E /r.
pub(super) const VMOVQ: Op = Op::new(1, 2, false, 0x7E).xmm();
/// `vpunpcklbw x, x, x/m128`: VEX.128.66.0F.WIG 60 /r.
pub(super) const VPUNPCKLBW_X: Op = Op::new(1, 1, false, 0x60).xmm();
/// `vpunpcklwd x, x, x/m128`: VEX.128.66.0F.WIG 61 /r.
pub(super) const VPUNPCKLWD_X: Op = Op::new(1, 1, false, 0x61).xmm();
/// `vpunpckhwd x, x, x/m128`: VEX.128.66.0F.WIG 69 /r.
pub(super) const VPUNPCKHWD_X: Op = Op::new(1, 1, false, 0x69).xmm();
/// `vinserti128 y, y, x/m128, imm8` (the imm8 follows): VEX.256.66.0F3A.W0 38 /r ib.
pub(super) const VINSERTI128: Op = Op::new(3, 1, false, 0x38);

/// The r/m operand: a vector register or `[base + disp]`.
#[derive(Clone, Copy, Debug)]
pub(super) enum Rm {
    Reg(u8),
    Mem { base: u8, disp: i32 },
}

/// Emits `op reg, vvvv, rm` (vvvv = 0 when the form has no second source).
/// Uses the 2-byte VEX prefix where it can, and a disp8 when it fits.
pub(super) fn emit(ops: &mut Asm, op: Op, reg: u8, vvvv: u8, rm: Rm) {
    assert!(reg < 16 && vvvv < 16, "VEX reaches ymm0..15 only");
    let b_bit = match rm {
        Rm::Reg(r) => {
            assert!(r < 16, "VEX reaches ymm0..15 only");
            (r >> 3) & 1
        }
        Rm::Mem { base, .. } => {
            assert!(base < 16 && base & 7 != 4, "no SIB forms");
            (base >> 3) & 1
        }
    };
    let r_bit = (reg >> 3) & 1;
    let l = u8::from(!op.l128);
    let tail = ((!vvvv & 0xF) << 3) | (l << 2) | op.pp;
    // One write per instruction: this runs once per weight.
    let mut buf = [0u8; 10];
    let mut n = if op.map == 1 && !op.w && b_bit == 0 {
        buf[0] = 0xC5;
        buf[1] = ((r_bit ^ 1) << 7) | tail;
        2
    } else {
        buf[0] = 0xC4;
        // ~R ~X ~B, then the map.
        buf[1] = ((r_bit ^ 1) << 7) | (1 << 6) | ((b_bit ^ 1) << 5) | op.map;
        buf[2] = (u8::from(op.w) << 7) | tail;
        3
    };
    buf[n] = op.opcode;
    n += 1;
    match rm {
        Rm::Reg(r) => {
            buf[n] = 0xC0 | ((reg & 7) << 3) | (r & 7);
            n += 1;
        }
        Rm::Mem { base, disp } => {
            let modrm = ((reg & 7) << 3) | (base & 7);
            match i8::try_from(disp) {
                // mod 00 with base rbp/r13 means rip-relative: use disp8 0.
                Ok(0) if base & 7 != 5 => {
                    buf[n] = modrm;
                    n += 1;
                }
                Ok(d8) => {
                    buf[n] = 0x40 | modrm;
                    buf[n + 1] = d8 as u8;
                    n += 2;
                }
                Err(_) => {
                    buf[n] = 0x80 | modrm;
                    buf[n + 1..n + 5].copy_from_slice(&disp.to_le_bytes());
                    n += 5;
                }
            }
        }
    }
    ops.extend(buf[..n].iter().copied());
}

/// `vpsrlw ymm{dst}, ymm{src}, imm` (VEX.256.66.0F.WIG 71 /2 ib: the
/// destination is in vvvv).
pub(super) fn vpsrlw_imm(ops: &mut Asm, dst: u8, src: u8, imm: u8) {
    const VPSRLW: Op = Op::new(1, 1, false, 0x71);
    emit(ops, VPSRLW, 2, dst, Rm::Reg(src));
    ops.push(imm);
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
        let mem = |base, disp| Rm::Mem { base, disp };
        let t = |op, a, b, rm| text(|o| emit(o, op, a, b, rm));
        assert_eq!(
            t(VFMADD231PS, 0, 9, Rm::Reg(10)),
            "vfmadd231ps ymm0,ymm9,ymm10"
        );
        assert_eq!(
            t(VFMADD231PS, 15, 1, Rm::Reg(2)),
            "vfmadd231ps ymm15,ymm1,ymm2"
        );
        assert_eq!(
            t(VBROADCASTSS, 10, 0, mem(2, -128)),
            "vbroadcastss ymm10,[rdx-80h]"
        );
        assert_eq!(
            t(VBROADCASTSS, 3, 0, mem(8, 4096)),
            "vbroadcastss ymm3,[r8+1000h]"
        );
        assert_eq!(
            t(VPBROADCASTD, 11, 0, mem(2, 124)),
            "vpbroadcastd ymm11,[rdx+7Ch]"
        );
        assert_eq!(t(VPDPBUSD, 4, 8, Rm::Reg(12)), "vpdpbusd ymm4,ymm8,ymm12");
        assert_eq!(
            t(VPMADDUBSW, 12, 8, Rm::Reg(10)),
            "vpmaddubsw ymm12,ymm8,ymm10"
        );
        assert_eq!(
            t(VPMADDWD, 12, 12, Rm::Reg(11)),
            "vpmaddwd ymm12,ymm12,ymm11"
        );
        assert_eq!(t(VPMADDWD, 3, 9, mem(9, 64)), "vpmaddwd ymm3,ymm9,[r9+40h]");
        assert_eq!(t(VPADDD, 7, 7, Rm::Reg(12)), "vpaddd ymm7,ymm7,ymm12");
        assert_eq!(t(VPADDD, 9, 9, Rm::Reg(1)), "vpaddd ymm9,ymm9,ymm1");
        assert_eq!(t(VCVTDQ2PS, 5, 0, Rm::Reg(5)), "vcvtdq2ps ymm5,ymm5");
        assert_eq!(t(VMULPS, 8, 8, Rm::Reg(13)), "vmulps ymm8,ymm8,ymm13");
        assert_eq!(t(VMOVUPS, 13, 0, mem(9, 0)), "vmovups ymm13,[r9]");
        assert_eq!(t(VMOVUPS, 1, 0, mem(13, 0)), "vmovups ymm1,[r13]");
        assert_eq!(t(VMOVUPS, 2, 0, mem(9, 70000)), "vmovups ymm2,[r9+11170h]");
        assert_eq!(
            t(VFMADD213PS, 1, 2, Rm::Reg(3)),
            "vfmadd213ps ymm1,ymm2,ymm3"
        );
        assert_eq!(
            t(VPCMPEQW, 11, 11, Rm::Reg(11)),
            "vpcmpeqw ymm11,ymm11,ymm11"
        );
        assert_eq!(
            text(|o| vpsrlw_imm(o, 11, 11, 15)),
            "vpsrlw ymm11,ymm11,0Fh"
        );
        assert_eq!(t(VMOVUPS_X, 0, 0, mem(9, 48)), "vmovups xmm0,[r9+30h]");
        assert_eq!(t(VMOVQ, 10, 0, mem(9, 8)), "vmovq xmm10,[r9+8]");
        assert_eq!(
            t(VPUNPCKLBW_X, 10, 10, mem(9, 136)),
            "vpunpcklbw xmm10,xmm10,[r9+88h]"
        );
        assert_eq!(
            t(VPUNPCKLWD_X, 10, 10, Rm::Reg(12)),
            "vpunpcklwd xmm10,xmm10,xmm12"
        );
        assert_eq!(
            t(VPUNPCKHWD_X, 13, 10, Rm::Reg(12)),
            "vpunpckhwd xmm13,xmm10,xmm12"
        );
        let ins = text(|o| {
            emit(o, VINSERTI128, 8, 10, Rm::Reg(13));
            o.push(1);
        });
        assert_eq!(ins, "vinserti128 ymm8,ymm10,xmm13,1");
    }

    #[test]
    #[should_panic(expected = "ymm0..15")]
    fn out_of_range_registers_are_refused_in_release_too() {
        let mut ops = VecAssembler::<X64Relocation>::new(0);
        emit(&mut ops, VPADDD, 16, 0, Rm::Reg(1));
    }
}
