//! A kernel that measures the machine's fp32 FMA peak: a loop of
//! independent `vfmadd231ps` on 12 accumulators (more chains than FMA
//! latency × FMA ports on any AVX2 or AVX-512 core, so the loop is
//! throughput-bound), on ymm (AVX2) or zmm (AVX-512) registers.
//! It follows the kernel ABI and reads its trip count from
//! `KernelArgs::panels`; it touches no memory but the arguments.

#![allow(clippy::useless_conversion)]

use super::evex::{self, Len, Rm};
use crate::codegen::{EmittedKernel, KernelArgs};
use crate::error::{Error, Result};
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

/// The loop on ymm registers (`zmm = false`) or zmm registers.
pub fn emit(zmm: bool) -> Result<EmittedKernel> {
    let mut ops = VecAssembler::<X64Relocation>::new(0);
    let top = ops.new_dynamic_label();
    let done = ops.new_dynamic_label();
    dynasm!(ops
        ; .arch x64
        ; mov rcx, [rdi + offset_of!(KernelArgs, panels) as i32]
        ; vxorps ymm14, ymm14, ymm14
        ; vxorps ymm15, ymm15, ymm15
    );
    for a in 0..CHAINS as u8 {
        dynasm!(ops ; .arch x64 ; vxorps Ry(a), Ry(a), Ry(a));
    }
    dynasm!(ops ; .arch x64 ; test rcx, rcx ; jz =>done);
    ops.align(16, 0x90);
    dynasm!(ops ; .arch x64 ; =>top);
    for a in 0..CHAINS as u8 {
        if zmm {
            evex::emit(&mut ops, evex::VFMADD231PS, Len::Z512, a, 14, Rm::Reg(15));
        } else {
            dynasm!(ops ; .arch x64 ; vfmadd231ps Ry(a), ymm14, ymm15);
        }
    }
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
