//! How to emit: backends that turn a `KernelPlan` and its `Schedule` into
//! machine code, and the one ABI every backend's code follows.
//!
//! A backend returns position-independent bytes; the runtime maps them
//! executable. Backends never run code and the runtime never inspects it.

pub mod cranelift;
pub mod x86;

use crate::error::{Error, Result};
use crate::plan::{Backend, KernelPlan, Schedule, Target};

/// The single argument of every generated kernel, passed by pointer
/// (System V: `rdi`). Kernels load fields at `offset_of!` displacements.
///
/// The kernel computes, for groups `group_begin..group_end` and for
/// `panels` consecutive X panels starting at `x`:
/// `y[t, m] = act(Σ_k x[t, k]·w[m, k] + bias[m])`, where `y` points at the
/// first token row of the first panel and rows are `plan.ldy` floats apart
/// (INT8: the same through `quant`'s arithmetic).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct KernelArgs {
    /// First packed X panel (`plan.panel_rows()` rows of `NB` 4-byte
    /// elements, 32-byte aligned rows; see `layout`).
    pub x: *const f32,
    /// Output row of the panel's first token.
    pub y: *mut f32,
    /// Weights packed in schedule order (`Schedule::values`: f32 bits, or
    /// INT8 words).
    pub values: *const u32,
    /// fp32: `M` biases, or null when the plan has no bias. INT8: the row
    /// table (`layout::RowTable`): row scales, compensations and biases.
    pub bias: *const f32,
    pub panels: u64,
    pub group_begin: u64,
    pub group_end: u64,
    /// K-blocked plans (`plan.k_block`): room for `plan.partial_floats()`
    /// floats per (group, panel) of the call, `(group_end - group_begin) ·
    /// panels` slots in order, which the kernel uses between K-blocks.
    /// Null for other plans.
    pub partial: *mut f32,
}

/// What the emitter says about a code offset, for the annotated listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// Entry: reads the arguments and jumps to the first group.
    Prologue,
    /// A register tile's code starts: its index and output rows.
    GroupStart {
        group: usize,
        row0: usize,
        rows: usize,
    },
    /// The loop that prefetches group `next`'s code into L2, one 64-byte
    /// line per iteration.
    CodePrefetch { next: usize },
    /// A K-blocked kernel's pass over input rows `rows` (block `block`):
    /// every group of the call runs over its steps in those rows, for all
    /// panels, before the next block starts.
    KBlock { block: usize, rows: (usize, usize) },
    /// The loop over N panels inside a group.
    PanelLoop,
    /// One X row: `len` weights (INT8: weight words) starting at `first`,
    /// for block (row-block, block column) `block`. `k` is the step's first
    /// input column (a granule of `plan.granule()` columns for INT8); a
    /// gathering step reads the 4 columns `gathered`. A step whose rows
    /// span several row-blocks (a tile taller than the block) gets one note
    /// per block, each at that block's first instruction.
    Step {
        k: u32,
        first: u32,
        len: u8,
        block: (usize, usize),
        gathered: Option<[u32; 4]>,
    },
    /// Bias, activation and the transposing store.
    Epilogue,
    /// Return path.
    Exit,
    /// Data: group offsets.
    JumpTable,
    /// Data: vector constants.
    Constants,
}

#[derive(Clone, Debug)]
pub struct EmittedKernel {
    /// Position-independent machine code; entry at offset 0.
    pub code: Vec<u8>,
    /// Where the instructions end and data (jump table, constants) begins.
    pub code_end: usize,
    /// Sorted by offset; empty unless annotations were requested.
    pub notes: Vec<(usize, Note)>,
}

/// A code generator for one ISA.
pub trait Emitter {
    /// A short name for listings: "dynasm", "cranelift".
    fn name(&self) -> &'static str;
    fn emit(&self, plan: &KernelPlan, schedule: &Schedule, annotate: bool)
    -> Result<EmittedKernel>;
}

/// The emitter for `target`'s backend: the one place that maps a target to
/// its code generator. The generic backend has none (it runs no generated
/// code), which is an error that says so.
pub fn emitter_for(target: Target) -> Result<Box<dyn Emitter>> {
    match target.backend {
        Backend::Dynasm => Ok(Box::new(x86::X86Emitter)),
        Backend::Cranelift => Ok(Box::new(cranelift::CraneliftEmitter::host()?)),
        Backend::Generic => Err(Error::Unsupported(format!(
            "the generic {} kernel runs no generated code",
            target.dtype
        ))),
    }
}
