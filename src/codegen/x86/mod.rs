//! The dynasmrt backend: AVX2+FMA and AVX-512 kernels with the pattern
//! baked in.
//!
//! Code layout (one function, entry at offset 0):
//!
//! ```text
//! prologue   load args; return unless group_begin < group_end ≤ groups;
//!            jump through the table to group `group_begin`
//! group 0    for each of `panels` X panels:
//!              zero the rows×vecs accumulator tile
//!              per step (input column k): load X row k of the panel at the
//!                immediate [x + k·NB·4], broadcast each row's weight from
//!                the immediate [values + 4·i], FMA into the tile
//!              epilogue: bias, activation, transpose, store to Y
//!            then fall through to the next group unless it was the last
//! group 1    (each group first prefetches the next group's code into L2)
//!            ...
//! exit       vzeroupper; ret
//! data       jump table (i32 group offsets), vector constants
//! ```
//!
//! Each group's code is a straight line over its nonzeros and loops over
//! the N panels inside, so one group's code stays hot in the instruction
//! cache while all panels stream through it. No index array is read at run
//! time: the only loads are X rows, weights and biases at immediate offsets.
//!
//! Weights are broadcast with `vbroadcastss ymm, m32`, encoded by hand in
//! `vbroadcastss`: dynasm 5.1 encodes its memory form without VEX.L (an xmm
//! broadcast). The hand encoder also picks a disp8 for small offsets.
//!
//! Registers: rdi = &KernelArgs, rax = group index, r11 = group_end,
//! rsi = weights, rdx = walking weight pointer, r8 = bias, r9 = X panel,
//! r10 = Y rows, rcx = panels left. All are caller-saved in System V, so the kernel needs no
//! stack. Vector registers: see `Regs`.
//!
//! AVX-512 kernels (`Isa::Avx512`) have the same layout on zmm registers,
//! with two differences: each FMA broadcasts its weight from memory
//! (`vfmadd231ps zmm, zmm, [rdx + d]{1to16}`), so there is no broadcast
//! instruction, and the epilogue (bias and activation on zmm) transposes a
//! 16×16 tile in registers and stores a token's 16 outputs at once; other
//! tiles move into ymm registers 4 rows at a time to share the AVX2
//! transposing store. EVEX is encoded by `evex`, as dynasm cannot.
//!
//! This module lays out the kernel (prologue, groups, panel loops, jump
//! table); `steps` emits each step's loads and multiply-accumulates,
//! `epilogue` the bias, activation and transposing store.

// dynasm! expands dynamic registers to `.into()` calls on our u8 numbers.
#![allow(clippy::useless_conversion)]

mod epilogue;
mod evex;
pub mod peak;
mod steps;
mod vex;

use super::{EmittedKernel, Emitter, KernelArgs, Note};
use crate::error::{Error, Result};
use crate::plan::{Activation, KernelPlan, Mac, Schedule};
use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynasmApi, DynasmLabelApi, VecAssembler, dynasm};
use evex::{Len, Rm};
use std::mem::offset_of;

type Asm = VecAssembler<X64Relocation>;

/// The AVX2+FMA emitter.
#[derive(Clone, Copy, Debug, Default)]
pub struct X86Emitter;

impl Emitter for X86Emitter {
    fn name(&self) -> &'static str {
        "dynasm"
    }

    fn emit(&self, plan: &KernelPlan, sched: &Schedule, annotate: bool) -> Result<EmittedKernel> {
        Gen::new(plan, sched, annotate)?.run()
    }
}

/// Register numbering of one plan's tile.
///
/// AVX2: ymm0.. hold the accumulators, then the X vectors and the broadcast;
/// the epilogue's temporaries reuse the registers after the tile.
/// AVX-512: the accumulators sit at the top of the 32 zmm (EVEX reaches
/// them, VEX does not), the X vectors and the broadcast at the bottom; the
/// epilogue copies 4-row slices of the tile into ymm0..7 and uses ymm8..11
/// as temporaries, all VEX-addressable, so it can share the AVX2 store.
#[derive(Clone, Copy)]
struct Regs {
    rows: usize,
    /// Registers per tile row.
    vecs: usize,
    wide: bool,
}

impl Regs {
    fn new(plan: &KernelPlan) -> Self {
        Self {
            rows: plan.tile.rows,
            vecs: plan.regs_per_row(),
            wide: plan.target.isa.is_wide(),
        }
    }
    /// Tokens one register holds.
    fn lanes(self) -> usize {
        if self.wide { 16 } else { 8 }
    }
    fn acc(self, row: usize, vec: usize) -> u8 {
        let first = if self.wide {
            32 - self.rows * self.vecs
        } else {
            0
        };
        (first + row * self.vecs + vec) as u8
    }
    fn x(self, vec: usize) -> u8 {
        if self.wide {
            vec as u8
        } else {
            (self.rows * self.vecs + vec) as u8
        }
    }
    fn bcast(self) -> u8 {
        self.x(self.vecs)
    }
    /// AVX2 INT8: sixteen s16 ones, for `vpmaddwd`'s pairwise sum.
    fn ones(self) -> u8 {
        self.bcast() + 1
    }
    /// AVX2 INT8: the product of one `vpmaddubsw` / `vpmaddwd`.
    fn prod(self) -> u8 {
        self.bcast() + 2
    }
    /// AVX-512 gathering: the `vpermd` index and the `vpshufb` control,
    /// after the X vectors.
    fn gather_perm(self) -> (u8, u8) {
        (self.x(self.vecs), self.x(self.vecs) + 1)
    }
    /// ymm gathering: three temporaries, dead before the weight broadcast
    /// and the products (`loop_temps` in the templates leaves one more
    /// register after the product for maddubs7, two after the broadcast
    /// for dpbusd).
    fn gather_temps(self, mac: Mac) -> [u8; 3] {
        match mac {
            Mac::Maddubs7 => [self.bcast(), self.prod(), self.prod() + 1],
            _ => [self.bcast(), self.bcast() + 1, self.bcast() + 2],
        }
    }
    /// Epilogue temporary `t` (0..4); in AVX2 it overlaps the X and
    /// broadcast registers, which are dead in the epilogue.
    fn temp(self, t: usize) -> u8 {
        if self.wide {
            (8 + t) as u8
        } else {
            (self.rows * self.vecs + t) as u8
        }
    }
}

struct Gen<'a> {
    plan: &'a KernelPlan,
    sched: &'a Schedule,
    ops: Asm,
    notes: Option<Vec<(usize, Note)>>,
    regs: Regs,
    /// Bytes between consecutive X rows of a panel: NB floats.
    x_row: usize,
    /// Bytes between consecutive Y token rows: `ldy` floats.
    y_row: usize,
    /// The weight entry `rdx` points at (see `weight_disp`).
    w_base: usize,
    /// Weights one disp8 reaches from `rdx` (see `weight_disp`).
    window: usize,
    /// Code prefetch loops to patch once every group's offset is known:
    /// (end of the `lea`, offset of the line count, group prefetched).
    prefetches: Vec<(usize, usize, usize)>,
    /// AVX-512 gathering plans: the label of the `vpermd` index and the
    /// `vpshufb` control (64 bytes each) in the data section.
    gather_consts: Option<dynasmrt::DynamicLabel>,
}

/// `bytes` as a 32-bit displacement, or an error saying it does not fit.
fn disp(bytes: usize) -> Result<i32> {
    i32::try_from(bytes).map_err(|_| {
        Error::Unsupported(format!(
            "displacement {bytes} does not fit a 32-bit immediate"
        ))
    })
}

/// The product of `factors` bytes as a 32-bit displacement, checked at
/// every step: a wrapped product must not pass for a small one.
fn disp_product(factors: &[usize]) -> Result<i32> {
    let bytes = factors
        .iter()
        .try_fold(1usize, |a, &f| a.checked_mul(f))
        .ok_or_else(|| {
            Error::Unsupported(format!(
                "displacement {} overflows",
                factors
                    .iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
                    .join(" x ")
            ))
        })?;
    disp(bytes)
}

/// A displacement inside the extents `Gen::new` bounded (an X panel, a Y
/// panel, the weights, the row table), so it fits 32 bits; checked anyway,
/// in release too, since a truncated one would address the wrong memory.
/// It can only fire on a bug in that bound.
fn imm(bytes: usize) -> i32 {
    i32::try_from(bytes).expect("Gen::new bounds every displacement to 32 bits")
}

/// The rel32 from `from` (where the CPU adds it: an instruction's end, or
/// the jump table for its entries) to `to`, or an error
/// when the code is too large for it (a kernel can exceed 2 GiB: ~7 bytes
/// per weight on AVX-512, and the weights alone may be 2 GiB).
fn rel32(from: usize, to: usize) -> Result<i32> {
    i32::try_from(to as i64 - from as i64).map_err(|_| {
        Error::Unsupported(format!(
            "the kernel's code is too large for 32-bit offsets ({from} to {to})"
        ))
    })
}

impl<'a> Gen<'a> {
    fn new(plan: &'a KernelPlan, sched: &'a Schedule, annotate: bool) -> Result<Self> {
        // Every immediate must fit: the weights, one X panel, one panel of
        // Y rows and (INT8) the row table; every displacement the kernel
        // uses lies inside one of them (see `imm`).
        disp_product(&[sched.values.len(), 4])?;
        let nb = plan.tile.panel_width();
        disp_product(&[plan.panel_rows(), nb, 4])?;
        disp_product(&[nb, plan.ldy, 4])?;
        disp_product(&[3, crate::layout::row_stride(plan.m), 4])?;
        // About 21 bytes per weight and 300 per group (loop and epilogue):
        // reserving it up front avoids regrowing a multi-megabyte buffer.
        let code_estimate = 4096 + sched.groups.len() * 320 + sched.entries() * 22;
        Ok(Self {
            plan,
            sched,
            ops: Asm::new_with_capacity(0, code_estimate, 0, 0, 0, 0, 0),
            notes: annotate.then(Vec::new),
            regs: Regs::new(plan),
            x_row: nb * 4,
            y_row: plan.ldy * 4,
            w_base: 0,
            // EVEX scales a broadcast's disp8 by 4: ±128 weights, not ±32.
            window: if plan.target.isa.is_wide() { 256 } else { 64 },
            prefetches: Vec::new(),
            gather_consts: None,
        })
    }

    fn note(&mut self, note: Note) {
        if let Some(notes) = &mut self.notes {
            notes.push((self.ops.offset().0, note));
        }
    }

    fn run(mut self) -> Result<EmittedKernel> {
        let table = self.ops.new_dynamic_label();
        let exit = self.ops.new_dynamic_label();
        let consts = epilogue::ConstLabels::new(&mut self.ops, self.plan.epilogue.activation);
        if self.plan.gather && self.regs.wide {
            self.gather_consts = Some(self.ops.new_dynamic_label());
        }
        let blocks = self.plan.k_blocks();
        let groups = self.sched.groups.len();
        // One jump table per K-block (the first is `table`), and a stub
        // that starts each later block over the call's group range.
        let mut tables = vec![table];
        tables.extend((1..blocks).map(|_| self.ops.new_dynamic_label()));
        let dispatch: Vec<_> = (0..blocks).map(|_| self.ops.new_dynamic_label()).collect();
        self.prologue(table, exit)?;
        // Segment offsets, K-block by K-block: entry `c · groups + g`.
        let mut group_offsets = Vec::with_capacity(blocks * groups);
        for c in 0..blocks {
            if blocks > 1 {
                self.note(Note::KBlock {
                    block: c,
                    rows: self.k_rows(c),
                });
            }
            if c > 0 {
                self.k_block_dispatch(dispatch[c], tables[c]);
            }
            let next = if c + 1 < blocks {
                dispatch[c + 1]
            } else {
                exit
            };
            for g in 0..groups {
                group_offsets.push(self.ops.offset().0);
                self.group(c, g, next, &consts)?;
            }
        }
        self.note(Note::Exit);
        dynasm!(self.ops ; .arch x64 ; =>exit);
        if blocks > 1 {
            dynasm!(self.ops ; .arch x64 ; pop rbx);
        }
        dynasm!(self.ops
            ; .arch x64
            ; vzeroupper
            ; ret
        );
        let code_end = self.ops.offset().0;
        self.ops.align(4, 0xcc);
        self.note(Note::JumpTable);
        for (c, &label) in tables.iter().enumerate() {
            dynasm!(self.ops ; .arch x64 ; =>label);
            let table_at = self.ops.offset().0;
            for &off in &group_offsets[c * groups..(c + 1) * groups] {
                // Entries are relative to the table (the prologue adds them
                // to its address), so the same rel32 rule applies.
                self.ops.extend(rel32(table_at, off)?.to_le_bytes());
            }
        }
        if consts.used() {
            self.ops.align(32, 0xcc);
            self.note(Note::Constants);
            consts.emit(&mut self.ops);
        }
        if let Some(label) = self.gather_consts {
            self.ops.align(64, 0xcc);
            self.note(Note::Constants);
            dynasm!(self.ops ; .arch x64 ; =>label);
            // Both are out[4i + j] = in[4j + i] per 128-bit lane: `vpermd`
            // on dwords across the zmm, `vpshufb` on bytes within a lane.
            for idx in GATHER_ORDER {
                self.ops.extend((idx as u32).to_le_bytes());
            }
            for _ in 0..4 {
                self.ops.extend(GATHER_ORDER);
            }
        }
        let mut code = self
            .ops
            .finalize()
            .map_err(|e| Error::Codegen(format!("assembling {}: {e}", self.plan.kernel_name())))?;
        // Each prefetch loop starts at the segment it names and covers its
        // code, up to `PREFETCH_LINES` lines.
        for &(lea_end, count_at, g) in &self.prefetches {
            let rel = rel32(lea_end, group_offsets[g])?;
            code[lea_end - 4..lea_end].copy_from_slice(&rel.to_le_bytes());
            let end = group_offsets.get(g + 1).copied().unwrap_or(code_end);
            let lines = (end - group_offsets[g])
                .div_ceil(64)
                .clamp(1, PREFETCH_LINES) as u32;
            code[count_at..count_at + 4].copy_from_slice(&lines.to_le_bytes());
        }
        Ok(EmittedKernel {
            code,
            code_end,
            notes: self.notes.unwrap_or_default(),
        })
    }

    /// Loads the arguments and jumps to group `group_begin`. A range that
    /// is empty or ends past the group count returns at once: the jump
    /// table has one entry per group, and an index past it would jump to
    /// whatever bytes follow the table. The two unsigned compares bound
    /// `group_begin < group_end ≤ groups`, so the index is in the table and
    /// every later group the code falls through to exists.
    fn prologue(
        &mut self,
        table: dynasmrt::DynamicLabel,
        exit: dynasmrt::DynamicLabel,
    ) -> Result<()> {
        let groups = i32::try_from(self.sched.groups.len())
            .map_err(|_| Error::Unsupported("more than 2^31 register-tile groups".into()))?;
        self.note(Note::Prologue);
        if self.plan.k_blocks() > 1 {
            // rbx walks the partial sums; it is callee-saved, and every
            // path out (the early exits too) pops it at `exit`.
            dynasm!(self.ops ; .arch x64 ; push rbx);
        }
        dynasm!(self.ops
            ; .arch x64
            ; mov rax, [rdi + offset_of!(KernelArgs, group_begin) as i32]
            ; mov r11, [rdi + offset_of!(KernelArgs, group_end) as i32]
            ; cmp rax, r11
            ; jae =>exit
            ; cmp r11, groups
            ; ja =>exit
            ; mov rsi, [rdi + offset_of!(KernelArgs, values) as i32]
            ; mov r8, [rdi + offset_of!(KernelArgs, bias) as i32]
        );
        if self.plan.k_blocks() > 1 {
            dynasm!(self.ops ; .arch x64 ; mov rbx, [rdi + offset_of!(KernelArgs, partial) as i32]);
        }
        dynasm!(self.ops
            ; .arch x64
            ; lea rdx, [=>table]
            ; movsxd rcx, DWORD [rdx + rax * 4]
            ; add rdx, rcx
            ; jmp rdx
        );
        Ok(())
    }

    /// Loads (or with `store`, stores) accumulator `a`, tile row `row`
    /// register `v`, from its place in the (group, panel) slot at `rbx`.
    fn partial_sums(&mut self, a: u8, row: usize, v: usize, store: bool) {
        let r = self.regs;
        let bytes = 4 * r.lanes();
        let at = imm(bytes * (row * r.vecs + v));
        match (r.wide, store) {
            (true, true) => evex::store_masked(&mut self.ops, a, RBX, at, 0),
            (true, false) => {
                let rm = Rm::Mem {
                    base: RBX,
                    disp: at,
                    bcst: false,
                };
                evex::emit(&mut self.ops, evex::VMOVUPS, Len::Z512, a, 0, rm);
            }
            (false, true) => dynasm!(self.ops ; .arch x64 ; vmovups [rbx + at], Ry(a)),
            (false, false) => dynasm!(self.ops ; .arch x64 ; vmovups Ry(a), [rbx + at]),
        }
    }

    /// Input rows of K-block `c`.
    fn k_rows(&self, c: usize) -> (usize, usize) {
        let kb = self.plan.k_block;
        (c * kb, ((c + 1) * kb).min(self.plan.k))
    }

    /// The start of a later K-block: back to the call's first group and
    /// the first partial slot, through this block's jump table (the
    /// prologue checked the group range once for all blocks).
    fn k_block_dispatch(&mut self, at: dynasmrt::DynamicLabel, table: dynasmrt::DynamicLabel) {
        dynasm!(self.ops
            ; .arch x64
            ; =>at
            ; mov rax, [rdi + offset_of!(KernelArgs, group_begin) as i32]
            ; mov rbx, [rdi + offset_of!(KernelArgs, partial) as i32]
            ; lea rdx, [=>table]
            ; movsxd rcx, DWORD [rdx + rax * 4]
            ; add rdx, rcx
            ; jmp rdx
        );
    }

    /// Group `g`'s segment of K-block `c`, which ends by jumping to `next`
    /// (the exit, or the next K-block's start) after the call's last group.
    fn group(
        &mut self,
        c: usize,
        g: usize,
        next: dynasmrt::DynamicLabel,
        consts: &epilogue::ConstLabels,
    ) -> Result<()> {
        let group = self.sched.groups[g].clone();
        let blocks = self.plan.k_blocks();
        let (first_block, last_block) = (c == 0, c + 1 == blocks);
        let steps = if blocks > 1 {
            // In X rows: granules for INT8 (k_block is a multiple of 16,
            // so only the last block's end can fall inside one).
            let ((k0, k1), gr) = (self.k_rows(c), self.plan.granule());
            self.sched.steps_in(g, k0 / gr..k1.div_ceil(gr))
        } else {
            group.steps.clone()
        };
        // Bytes of one (group, panel) slot of partial sums.
        let slot = disp_product(&[self.plan.partial_floats(), 4])?;
        self.note(Note::GroupStart {
            group: g,
            row0: group.row0,
            rows: group.rows,
        });
        let nb = self.plan.tile.panel_width();
        let panel_bytes = disp_product(&[self.plan.panel_rows(), nb, 4])?;
        let y_panel_bytes = disp_product(&[nb, self.plan.ldy, 4])?;
        let panel_loop = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        dynasm!(self.ops
            ; .arch x64
            ; mov r9, [rdi + offset_of!(KernelArgs, x) as i32]
            ; mov r10, [rdi + offset_of!(KernelArgs, y) as i32]
        );
        let segment = c * self.sched.groups.len() + g;
        if segment + 1 < blocks * self.sched.groups.len() {
            self.prefetch_code(segment + 1);
        }
        dynasm!(self.ops
            ; .arch x64
            ; mov rcx, [rdi + offset_of!(KernelArgs, panels) as i32]
            ; test rcx, rcx
            ; jz =>done
        );
        if steps.is_empty() && !first_block && !last_block {
            // No weights in these rows: the sums stand as they are, and
            // only the slot pointer moves past this group's panels.
            dynasm!(self.ops
                ; .arch x64
                ; imul rcx, rcx, slot
                ; add rbx, rcx
                ; =>done
                ; inc rax
                ; cmp rax, r11
                ; jae =>next
            );
            return Ok(());
        }
        self.ops.align(16, 0x90);
        self.note(Note::PanelLoop);
        // rdx walks the group's weights so broadcasts take a disp8.
        let first = steps
            .clone()
            .next()
            .map_or(0, |s| self.sched.steps[s].first as usize);
        self.w_base = first + self.window / 2;
        let start = disp_product(&[4, self.w_base])?;
        dynasm!(self.ops ; .arch x64 ; =>panel_loop);
        let r = self.regs;
        if let Some(label) = self.gather_consts {
            // The epilogue reuses these registers, so they load per panel,
            // through rdx before it takes the weights.
            dynasm!(self.ops ; .arch x64 ; lea rdx, [=>label]);
            let (idx, ctrl) = r.gather_perm();
            for (reg, at) in [(idx, 0), (ctrl, 64)] {
                let rm = Rm::Mem {
                    base: RDX,
                    disp: at,
                    bcst: false,
                };
                evex::emit(&mut self.ops, evex::VMOVUPS, Len::Z512, reg, 0, rm);
            }
        }
        dynasm!(self.ops ; .arch x64 ; lea rdx, [rsi + start]);
        if self.plan.mac == Mac::Maddubs7 {
            // The epilogue reuses the register, so it is set per panel.
            let ones = r.ones();
            vex::emit(&mut self.ops, vex::VPCMPEQW, ones, ones, vex::Rm::Reg(ones));
            vex::vpsrlw_imm(&mut self.ops, ones, ones, 15);
        }
        for row in 0..r.rows {
            for v in 0..r.vecs {
                let a = r.acc(row, v);
                if !first_block {
                    // K-blocked: the sums of the blocks before.
                    self.partial_sums(a, row, v, false);
                } else if r.wide {
                    evex::emit(&mut self.ops, evex::VPXORD, Len::Z512, a, a, Rm::Reg(a));
                } else {
                    dynasm!(self.ops ; .arch x64 ; vxorps Ry(a), Ry(a), Ry(a));
                }
            }
        }
        for s in steps {
            self.step(g, s)?;
        }
        if last_block {
            self.note(Note::Epilogue);
            epilogue::emit(&mut self.ops, self.plan, r, &group, self.y_row, consts)?;
        } else {
            for row in 0..r.rows {
                for v in 0..r.vecs {
                    self.partial_sums(r.acc(row, v), row, v, true);
                }
            }
        }
        if blocks > 1 {
            dynasm!(self.ops ; .arch x64 ; add rbx, slot);
        }
        dynasm!(self.ops
            ; .arch x64
            ; add r9, panel_bytes
            ; add r10, y_panel_bytes
            ; dec rcx
            ; jnz =>panel_loop
            ; =>done
            ; inc rax
            ; cmp rax, r11
            ; jae =>next
        );
        Ok(())
    }

    /// A loop of `prefetcht1` over each 64-byte line of group `g`'s code,
    /// emitted (once per call, outside the panel loop) at the start of the
    /// group before it, so the next group's code is in L2 by the time it
    /// runs. Code that comes from memory is fetched far slower than data
    /// (the hardware prefetches instructions poorly): in a whole MiniLM pass
    /// at batch 1, 90% sparse, prefetching cut the AVX2 JIT layers from 14.4
    /// to 12.0 ms. A loop (23 bytes) rather than one 7-byte prefetch per
    /// line, which made a tenth of all code; it uses rdx and rcx before
    /// they take the weights and the panel count. The target and the exact
    /// line count are patched once every group's offset is known.
    fn prefetch_code(&mut self, g: usize) {
        // lea rdx, [rip + disp32]
        self.ops.extend([0x48, 0x8D, 0x15, 0, 0, 0, 0]);
        let lea_end = self.ops.offset().0;
        // mov ecx, imm32
        self.ops.push(0xB9);
        let count_at = self.ops.offset().0;
        self.ops.extend([0, 0, 0, 0]);
        self.prefetches.push((lea_end, count_at, g));
        self.note(Note::CodePrefetch { next: g });
        self.ops.extend([
            0x0F, 0x18, 0x12, // prefetcht1 [rdx]
            0x48, 0x83, 0xC2, 0x40, // add rdx, 64
            0xFF, 0xC9, // dec ecx
            0x75, 0xF5, // jnz back to the prefetch (-11)
        ]);
    }
}

/// `out[4i + j] = in[4j + i]` for i, j in 0..4: the gather's `vpermd`
/// index (as dwords) and, per 128-bit lane, its `vpshufb` control.
const GATHER_ORDER: [u8; 16] = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];

/// Code lines one group prefetches at most (64 KiB): a 16 KiB cap left
/// the tail of large groups cold (MiniLM at 70%, batch 1: JIT layers
/// 15.6-15.8 ms with 16 KiB, 14.2-15.0 ms with 64 KiB).
const PREFETCH_LINES: usize = 1024;

/// General-purpose register numbers used as bases by the hand encoder.
const RDX: u8 = 2;
const RBX: u8 = 3;
const R8: u8 = 8;
const R9: u8 = 9;
const R10: u8 = 10;

/// `vbroadcastss ymm{dst}, dword [base + disp]`.
fn vbroadcastss(ops: &mut Asm, dst: u8, base: u8, disp: i32) {
    vex::emit(ops, vex::VBROADCASTSS, dst, 0, vex::Rm::Mem { base, disp });
}

/// Whether the epilogue needs the constant pool.
fn needs_constants(act: Activation) -> bool {
    act == Activation::Gelu
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patched rel32s (the jump table, the code prefetch) and 32-bit
    /// displacements are checked, not truncated. A kernel big enough to
    /// need more (over 2 GiB of code) is too slow to emit in a test, so
    /// the checks are tested here: `as i32` turned 2^31 into -2^31.
    #[test]
    fn offsets_past_32_bits_are_errors() {
        assert_eq!(rel32(100, 40).unwrap(), -60);
        assert_eq!(rel32(1 << 31, 0).unwrap(), i32::MIN);
        assert!(rel32(0, 1 << 31).is_err());
        assert!(
            rel32(0, 5 << 31)
                .unwrap_err()
                .to_string()
                .contains("too large")
        );
        assert_eq!(disp_product(&[3, 5, 4]).unwrap(), 60);
        assert!(disp_product(&[1 << 29, 4]).is_err());
        // 2^62 · 8 wraps to 0, which a wrapping product would accept.
        let e = disp_product(&[1 << 62, 8]).unwrap_err().to_string();
        assert!(e.contains("overflows"), "{e}");
    }
}
