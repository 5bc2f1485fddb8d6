//! Kernels that measure the machine's peak: a loop of independent
//! `vfmadd231ps` on 12 accumulators (more chains than FMA latency × FMA
//! ports on any AVX2 or AVX-512 core, so the loop is throughput-bound), on
//! ymm (AVX2) or zmm (AVX-512) registers; and the same for the INT8
//! multiply-accumulates, each exactly the sequence the INT8 kernels emit
//! per weight word (`vpdpbusd`, or AVX2's `vpmaddubsw` + `vpmaddwd` +
//! `vpaddd`).
//! They follow the kernel ABI and read their trip count from
//! `KernelArgs::panels`; they touch no memory but the arguments.

#![allow(clippy::useless_conversion)]

use super::evex::{self, Len, Rm};
use super::vex;
use crate::codegen::{EmittedKernel, KernelArgs};
use crate::error::{Error, Result};
use crate::plan::Mac;
use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynasmApi, DynasmLabelApi, VecAssembler, dynasm};
use std::mem::offset_of;

/// Accumulator chains in the loop body.
pub const CHAINS: usize = 12;
/// fp32 flops per loop iteration for `lanes` f32 per register:
/// chains × lanes × (mul + add).
pub fn flops_per_iter(lanes: usize) -> u64 {
    (CHAINS * lanes * 2) as u64
}

/// Integer operations (multiplies and adds) per loop iteration of
/// `emit_int8(mac, ..)` with `lanes` int32 lanes per register.
pub fn int8_ops_per_iter(mac: Mac, lanes: usize) -> u64 {
    let chains = match mac {
        Mac::Dpbusd => CHAINS,
        _ => CHAINS / 2,
    };
    (chains * lanes * mac.granule() * 2) as u64
}

/// The INT8 loop for `mac`, on zmm registers (`vpdpbusd` only) or ymm.
/// The two-instruction AVX2 sequences need a product register per chain,
/// so they run half as many chains.
pub fn emit_int8(mac: Mac, zmm: bool) -> Result<EmittedKernel> {
    let (x, w, ones) = (13u8, 14u8, 15u8);
    loop_of(|ops| match mac {
        Mac::Dpbusd if zmm => {
            for a in 0..CHAINS as u8 {
                evex::emit(ops, evex::VPDPBUSD, Len::Z512, a, x, Rm::Reg(w));
            }
        }
        Mac::Dpbusd => {
            for a in 0..CHAINS as u8 {
                vex::emit(ops, vex::VPDPBUSD, a, x, vex::Rm::Reg(w));
            }
        }
        Mac::Maddubs7 | Mac::Maddwd16 => {
            for c in 0..CHAINS as u8 / 2 {
                let (acc, p) = (c, c + CHAINS as u8 / 2);
                if mac == Mac::Maddubs7 {
                    vex::emit(ops, vex::VPMADDUBSW, p, x, vex::Rm::Reg(w));
                    vex::emit(ops, vex::VPMADDWD, p, p, vex::Rm::Reg(ones));
                } else {
                    vex::emit(ops, vex::VPMADDWD, p, x, vex::Rm::Reg(w));
                }
                vex::emit(ops, vex::VPADDD, acc, acc, vex::Rm::Reg(p));
            }
        }
        Mac::Fma => unreachable!("the fp32 loop is `emit`"),
    })
}

/// The loop on ymm registers (`zmm = false`) or zmm registers.
pub fn emit(zmm: bool) -> Result<EmittedKernel> {
    loop_of(|ops| {
        for a in 0..CHAINS as u8 {
            if zmm {
                evex::emit(ops, evex::VFMADD231PS, Len::Z512, a, 14, Rm::Reg(15));
            } else {
                vex::emit(ops, vex::VFMADD231PS, a, 14, vex::Rm::Reg(15));
            }
        }
    })
}

/// `body` in a counted loop, registers 0..16 cleared first.
fn loop_of(body: impl FnOnce(&mut VecAssembler<X64Relocation>)) -> Result<EmittedKernel> {
    let mut ops = VecAssembler::<X64Relocation>::new(0);
    let top = ops.new_dynamic_label();
    let done = ops.new_dynamic_label();
    dynasm!(ops
        ; .arch x64
        ; mov rcx, [rdi + offset_of!(KernelArgs, panels) as i32]
    );
    for a in 0..16u8 {
        dynasm!(ops ; .arch x64 ; vxorps Ry(a), Ry(a), Ry(a));
    }
    dynasm!(ops ; .arch x64 ; test rcx, rcx ; jz =>done);
    ops.align(16, 0x90);
    dynasm!(ops ; .arch x64 ; =>top);
    body(&mut ops);
    dynasm!(ops
        ; .arch x64
        ; dec rcx
        ; jnz =>top
        ; =>done
        ; vzeroupper
        ; ret
    );
    let code = ops
        .finalize()
        .map_err(|e| Error::Codegen(format!("peak kernel: {e}")))?;
    let code_end = code.len();
    Ok(EmittedKernel {
        code,
        code_end,
        notes: Vec::new(),
    })
}
