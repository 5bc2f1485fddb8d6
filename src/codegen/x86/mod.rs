//! The dynasmrt backend: AVX2+FMA kernels with the pattern baked in.
//!
//! Code layout (one function, entry at offset 0):
//!
//! ```text
//! prologue   load args; jump through the table to group `group_begin`
//! group 0    for each of `panels` X panels:
//!              zero the rows×vecs accumulator tile
//!              per step (input column k): load X row k of the panel at the
//!                immediate [x + k·NB·4], broadcast each row's weight from
//!                the immediate [values + 4·i], FMA into the tile
//!              epilogue: bias, activation, transpose, store to Y
//!            then fall through to the next group unless it was the last
//! group 1    ...
//! exit       vzeroupper; ret
//! data       jump table (i32 group offsets), vector constants
//! ```
//!
//! Each group's code is a straight line over its nonzeros and loops over
//! the N panels inside, so one group's code stays hot in the instruction
//! cache while all panels stream through it. No index array is read at run
//! time: the only loads are X rows, weights and biases at immediate offsets.
//!
//! Weights are broadcast with `vpbroadcastd ymm, m32`: dynasm 5.1 encodes
//! the memory form of `vbroadcastss` without VEX.L (an xmm broadcast), and
//! the integer broadcast is the same single load µop on AVX2 machines.
//!
//! Registers: rdi = &KernelArgs, rax = group index, r11 = group_end,
//! rsi = weights, r8 = bias, r9 = X panel, r10 = Y rows, rcx = panels left,
//! rdx = scratch. All are caller-saved in System V, so the kernel needs no
//! stack. ymm0.. hold the accumulator tile, then X vectors and the
//! broadcast; the epilogue's temporaries reuse the registers after the tile.

// dynasm! expands dynamic registers to `.into()` calls on our u8 numbers.
#![allow(clippy::useless_conversion)]

mod epilogue;

use super::{EmittedKernel, Emitter, KernelArgs, Note};
use crate::error::{Error, Result};
use crate::plan::{Activation, KernelPlan, Schedule, Step};
use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynasmApi, DynasmLabelApi, VecAssembler, dynasm};
use std::mem::offset_of;

type Asm = VecAssembler<X64Relocation>;

/// The AVX2+FMA emitter.
#[derive(Clone, Copy, Debug, Default)]
pub struct Avx2Emitter;

impl Emitter for Avx2Emitter {
    fn name(&self) -> &'static str {
        "dynasm"
    }

    fn emit(&self, plan: &KernelPlan, sched: &Schedule, annotate: bool) -> Result<EmittedKernel> {
        Gen::new(plan, sched, annotate)?.run()
    }
}

/// Register numbering of one plan's tile.
#[derive(Clone, Copy)]
struct Regs {
    rows: usize,
    vecs: usize,
}

impl Regs {
    fn acc(self, row: usize, vec: usize) -> u8 {
        (row * self.vecs + vec) as u8
    }
    fn x(self, vec: usize) -> u8 {
        (self.rows * self.vecs + vec) as u8
    }
    fn bcast(self) -> u8 {
        (self.rows * self.vecs + self.vecs) as u8
    }
    /// Epilogue temporary `t` (0..5); overlaps the X and broadcast registers,
    /// which are dead in the epilogue.
    fn temp(self, t: usize) -> u8 {
        (self.rows * self.vecs + t) as u8
    }
}

struct Gen<'a> {
    plan: &'a KernelPlan,
    sched: &'a Schedule,
    ops: Asm,
    notes: Option<Vec<(usize, Note)>>,
    regs: Regs,
    /// Bytes between consecutive X rows of a panel: NB floats.
    x_row: i32,
    /// Bytes between consecutive Y token rows: M floats.
    y_row: i32,
}

fn disp(bytes: usize) -> Result<i32> {
    i32::try_from(bytes).map_err(|_| {
        Error::Unsupported(format!(
            "displacement {bytes} does not fit a 32-bit immediate"
        ))
    })
}

impl<'a> Gen<'a> {
    fn new(plan: &'a KernelPlan, sched: &'a Schedule, annotate: bool) -> Result<Self> {
        // Every immediate must fit: the last weight, the last X row of a
        // panel and the last Y row of a panel.
        disp(sched.values.len() * 4)?;
        let nb = plan.tile.panel_width();
        disp(plan.k * nb * 4)?;
        disp(nb * plan.m * 4)?;
        let code_estimate = 64 + sched.groups.len() * 200 + sched.entries() * 14;
        Ok(Self {
            plan,
            sched,
            ops: Asm::new_with_capacity(0, code_estimate, 0, 0, 0, 0, 0),
            notes: annotate.then(Vec::new),
            regs: Regs {
                rows: plan.tile.rows,
                vecs: plan.tile.vecs,
            },
            x_row: (nb * 4) as i32,
            y_row: (plan.m * 4) as i32,
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
        self.prologue(table, exit);
        let mut group_offsets = Vec::with_capacity(self.sched.groups.len());
        for g in 0..self.sched.groups.len() {
            group_offsets.push(self.ops.offset().0);
            self.group(g, exit, &consts)?;
        }
        self.note(Note::Exit);
        dynasm!(self.ops
            ; .arch x64
            ; =>exit
            ; vzeroupper
            ; ret
        );
        let code_end = self.ops.offset().0;
        self.ops.align(4, 0xcc);
        self.note(Note::JumpTable);
        dynasm!(self.ops ; .arch x64 ; =>table);
        let table_at = self.ops.offset().0;
        for off in group_offsets {
            let rel = off as i64 - table_at as i64;
            self.ops.extend((rel as i32).to_le_bytes());
        }
        if consts.used() {
            self.ops.align(32, 0xcc);
            self.note(Note::Constants);
            consts.emit(&mut self.ops);
        }
        let code = self
            .ops
            .finalize()
            .map_err(|e| Error::Codegen(format!("assembling {}: {e}", self.plan.kernel_name())))?;
        Ok(EmittedKernel {
            code,
            code_end,
            notes: self.notes.unwrap_or_default(),
        })
    }

    fn prologue(&mut self, table: dynasmrt::DynamicLabel, exit: dynasmrt::DynamicLabel) {
        self.note(Note::Prologue);
        dynasm!(self.ops
            ; .arch x64
            ; mov rax, [rdi + offset_of!(KernelArgs, group_begin) as i32]
            ; mov r11, [rdi + offset_of!(KernelArgs, group_end) as i32]
            ; cmp rax, r11
            ; jae =>exit
            ; mov rsi, [rdi + offset_of!(KernelArgs, values) as i32]
            ; mov r8, [rdi + offset_of!(KernelArgs, bias) as i32]
            ; lea rdx, [=>table]
            ; movsxd rcx, DWORD [rdx + rax * 4]
            ; add rdx, rcx
            ; jmp rdx
        );
    }

    fn group(
        &mut self,
        g: usize,
        exit: dynasmrt::DynamicLabel,
        consts: &epilogue::ConstLabels,
    ) -> Result<()> {
        let group = self.sched.groups[g].clone();
        self.note(Note::GroupStart {
            group: g,
            row0: group.row0,
            rows: group.rows,
        });
        let panel_bytes = disp(self.plan.k * self.plan.tile.panel_width() * 4)?;
        let y_panel_bytes = disp(self.plan.tile.panel_width() * self.plan.m * 4)?;
        let panel_loop = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        dynasm!(self.ops
            ; .arch x64
            ; mov r9, [rdi + offset_of!(KernelArgs, x) as i32]
            ; mov r10, [rdi + offset_of!(KernelArgs, y) as i32]
            ; mov rcx, [rdi + offset_of!(KernelArgs, panels) as i32]
            ; test rcx, rcx
            ; jz =>done
        );
        self.ops.align(16, 0x90);
        self.note(Note::PanelLoop);
        dynasm!(self.ops ; .arch x64 ; =>panel_loop);
        let r = self.regs;
        for row in 0..r.rows {
            for v in 0..r.vecs {
                let a = r.acc(row, v);
                dynasm!(self.ops ; .arch x64 ; vxorps Ry(a), Ry(a), Ry(a));
            }
        }
        for s in group.steps.clone() {
            self.step(g, s)?;
        }
        self.note(Note::Epilogue);
        epilogue::emit(&mut self.ops, self.plan, r, &group, self.y_row, consts)?;
        dynasm!(self.ops
            ; .arch x64
            ; add r9, panel_bytes
            ; add r10, y_panel_bytes
            ; dec rcx
            ; jnz =>panel_loop
            ; =>done
            ; inc rax
            ; cmp rax, r11
            ; jae =>exit
        );
        Ok(())
    }

    fn step(&mut self, g: usize, s: usize) -> Result<()> {
        let step = self.sched.steps[s];
        let r = self.regs;
        self.note_block(g, step, step.first as usize);
        let x_at = |v: usize| step.k as i32 * self.x_row + 32 * v as i32;
        let b = r.bcast();
        if step.len == 1 {
            // One row uses this column: FMA straight from memory, no X load.
            let e = step.first as usize;
            let row = self.sched.entry_rows[e] as usize;
            dynasm!(self.ops ; .arch x64 ; vpbroadcastd Ry(b), DWORD [rsi + 4 * e as i32]);
            for v in 0..r.vecs {
                let (a, off) = (r.acc(row, v), x_at(v));
                dynasm!(self.ops ; .arch x64 ; vfmadd231ps Ry(a), Ry(b), [r9 + off]);
            }
            return Ok(());
        }
        for v in 0..r.vecs {
            let (x, off) = (r.x(v), x_at(v));
            dynasm!(self.ops ; .arch x64 ; vmovups Ry(x), [r9 + off]);
        }
        for e in step.entries() {
            if e > step.first as usize && self.block_row(g, e) != self.block_row(g, e - 1) {
                self.note_block(g, step, e);
            }
            let row = self.sched.entry_rows[e] as usize;
            dynasm!(self.ops ; .arch x64 ; vpbroadcastd Ry(b), DWORD [rsi + 4 * e as i32]);
            for v in 0..r.vecs {
                let (a, x) = (r.acc(row, v), r.x(v));
                dynasm!(self.ops ; .arch x64 ; vfmadd231ps Ry(a), Ry(x), Ry(b));
            }
        }
        Ok(())
    }
}

impl Gen<'_> {
    /// The row-block of entry `e` of group `g`.
    fn block_row(&self, g: usize, e: usize) -> usize {
        (self.sched.groups[g].row0 + self.sched.entry_rows[e] as usize) / self.plan.block.rows
    }

    /// Notes the entries of `step` from `e` on that share `e`'s weight
    /// block. A tile taller than the block covers several row-blocks, so
    /// one step can serve several blocks; each gets its own note, at its
    /// first broadcast, so the listing says which block each FMA serves.
    fn note_block(&mut self, g: usize, step: Step, e: usize) {
        if self.notes.is_none() {
            return;
        }
        let rb = self.block_row(g, e);
        let len = (e..step.entries().end)
            .take_while(|&i| self.block_row(g, i) == rb)
            .count();
        self.note(Note::Step {
            k: step.k,
            first: e as u32,
            len: len as u8,
            block: (rb, step.k as usize / self.plan.block.cols),
        });
    }
}

/// Whether the epilogue needs the constant pool.
fn needs_constants(act: Activation) -> bool {
    act == Activation::Gelu
}
