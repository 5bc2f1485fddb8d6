//! The Cranelift IR of one kernel chunk (groups `lo..hi`) and of the
//! dispatcher that calls the chunks.
//!
//! A chunk function, called with `&KernelArgs`:
//!
//! ```text
//! entry     load the arguments; a binary tree of compares jumps to
//!           group max(group_begin, lo)
//! group g   if panels > 0, loop over panels:
//!             accumulators = 0 (rows × 2·vecs f32x4)
//!             per step (input column k): load the X vectors at the constant
//!               offsets k·NB·4 + 16·j, broadcast each row's weight from
//!               values + 4·i, fma into the tile
//!             epilogue (bias, activation, transpose, store)
//!           then group g+1 if g+1 < group_end, else return
//! ```
//!
//! The group dispatch is a compare tree, not `br_table`: Cranelift's x64
//! backend places jump tables inline after the indirect jump, which would
//! put data in the middle of the code (and the listing). A tree costs
//! log2(groups) compares once per call, against whole panels of work.
//!
//! Operand order matters on x64: Cranelift's `fma(a, b, c)` is
//! `vfmadd213 a, b, c`, which overwrites `a`. The weight broadcast is passed
//! as `a`: it has the fewest later uses (one per f32x4 of its row), so the
//! register allocator copies it least often.

use super::{CONSTS, FIRST_CHUNK, NAMESPACE, epilogue, new_function};
use crate::codegen::KernelArgs;
use crate::error::{Error, Result};
use crate::plan::{Group, KernelPlan, Schedule};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{F32, F32X4, I64};
use cranelift_codegen::ir::{
    self, Block, ExtFuncData, ExternalName, Function, GlobalValueData, InstBuilder, MemFlagsData,
    UserExternalName, Value,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use std::mem::offset_of;
use std::ops::Range;

/// fp32 lanes per Cranelift vector: f32x4 on every target.
pub(super) const LANES: usize = 4;

/// Flags of the argument and weight loads: the pointers are valid (notrap).
pub(super) fn mem() -> MemFlagsData {
    MemFlagsData::new().with_notrap()
}

/// Flags of X and constant loads: also 16-byte aligned (X panels are
/// 64-byte aligned with rows of 32·vecs bytes), so SSE can fold them.
pub(super) fn mem_aligned() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// Every constant offset must fit a 32-bit immediate: each lies inside
/// the weights, one X panel or one panel of Y rows (see `imm`). The
/// products are checked, so a wrapped one cannot pass for a small one.
pub(super) fn check_offsets(plan: &KernelPlan, sched: &Schedule) -> Result<()> {
    let nb = plan.tile.panel_width();
    for [a, b] in [[sched.values.len(), 4], [plan.k, nb], [nb, plan.ldy]] {
        let bytes = a.checked_mul(b).and_then(|v| v.checked_mul(4));
        if bytes.and_then(|v| i32::try_from(v).ok()).is_none() {
            return Err(Error::Unsupported(format!(
                "offset {a} x {b} x 4 does not fit a 32-bit immediate"
            )));
        }
    }
    Ok(())
}

/// An offset inside the extents `check_offsets` bounded, so it fits 32
/// bits; checked anyway, in release too, since a truncated offset would
/// address the wrong memory. It can only fire on a bug in that bound.
pub(super) fn imm(bytes: usize) -> i32 {
    i32::try_from(bytes).expect("check_offsets bounds every offset to 32 bits")
}

/// What a function's code depends on besides the plan: the target's
/// calling convention and frontend config, and whether GELU's constants
/// come from the linked table (x86-64) or from immediates.
#[derive(Clone, Copy)]
pub(super) struct Shape {
    pub conv: CallConv,
    pub cfg: TargetFrontendConfig,
    pub table: bool,
}

/// What every block of a chunk reads from the entry block.
pub(super) struct Args {
    pub values: Value,
    pub bias: Value,
    /// The constant table (GELU plans on x86-64); GELU uses immediates
    /// without it.
    pub consts: Option<Value>,
}

/// Builds chunk function for `groups` into `func`.
pub(super) fn build_chunk(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    shape: Shape,
    plan: &KernelPlan,
    sched: &Schedule,
    groups: Range<usize>,
) {
    let Shape { conv, cfg, table } = shape;
    *func = new_function(conv, FIRST_CHUNK + groups.start as u32);
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let args = b.block_params(entry)[0];
    let field = |b: &mut FunctionBuilder, off: usize| b.ins().load(I64, mem(), args, off as i32);
    let begin = field(&mut b, offset_of!(KernelArgs, group_begin));
    let end = field(&mut b, offset_of!(KernelArgs, group_end));
    let x = field(&mut b, offset_of!(KernelArgs, x));
    let y = field(&mut b, offset_of!(KernelArgs, y));
    let panels = field(&mut b, offset_of!(KernelArgs, panels));
    let values = field(&mut b, offset_of!(KernelArgs, values));
    let bias = field(&mut b, offset_of!(KernelArgs, bias));
    let consts = (table && epilogue::needs_constants(plan.epilogue.activation)).then(|| {
        let name = b
            .func
            .declare_imported_user_function(UserExternalName::new(NAMESPACE, CONSTS));
        let gv = b.create_global_value(GlobalValueData::Symbol {
            name: ExternalName::user(name),
            offset: ir::immediates::Imm64::new(0),
            colocated: true,
            tls: false,
        });
        b.ins().symbol_value(I64, gv)
    });
    let a = Args {
        values,
        bias,
        consts,
    };
    let ret = b.create_block();
    let blocks: Vec<Block> = groups.clone().map(|_| b.create_block()).collect();
    // Start at group max(group_begin, lo): the tree sends keys below `lo`
    // to the first group. (No `select`: Cranelift folds its constant
    // operand into a cmov from the constant pool, data inside the code.)
    // The dispatcher only calls overlapping chunks, so group_begin < hi.
    let firsts: Vec<usize> = groups.clone().collect();
    tree(&mut b, begin, &firsts, &blocks);
    for (i, g) in groups.clone().enumerate() {
        b.switch_to_block(blocks[i]);
        group(&mut b, plan, sched, &a, g, x, y, panels);
        if i + 1 < blocks.len() {
            let more = b
                .ins()
                .icmp_imm_u(IntCC::UnsignedGreaterThan, end, g as i64 + 1);
            b.ins().brif(more, blocks[i + 1], &[], ret, &[]);
        } else {
            b.ins().jump(ret, &[]);
        }
    }
    b.switch_to_block(ret);
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(cfg);
}

/// Jumps to `targets[i]` for the largest `i` with `firsts[i] <= key`
/// (`firsts` ascending; keys below `firsts[0]` go to `targets[0]`), with a
/// balanced tree of unsigned compares. Leaves the builder in a filled block.
fn tree(b: &mut FunctionBuilder, key: Value, firsts: &[usize], targets: &[Block]) {
    if targets.len() == 1 {
        b.ins().jump(targets[0], &[]);
        return;
    }
    let mid = targets.len() / 2;
    let (left, right) = (b.create_block(), b.create_block());
    let low = b
        .ins()
        .icmp_imm_u(IntCC::UnsignedLessThan, key, firsts[mid] as i64);
    b.ins().brif(low, left, &[], right, &[]);
    b.switch_to_block(left);
    tree(b, key, &firsts[..mid], &targets[..mid]);
    b.switch_to_block(right);
    tree(b, key, &firsts[mid..], &targets[mid..]);
}

/// One group: the loop over panels. Leaves the builder in the block after
/// the loop, unfilled.
#[allow(clippy::too_many_arguments)]
fn group(
    b: &mut FunctionBuilder,
    plan: &KernelPlan,
    sched: &Schedule,
    a: &Args,
    g: usize,
    x: Value,
    y: Value,
    panels: Value,
) {
    let group: &Group = &sched.groups[g];
    let nb = plan.tile.panel_width();
    let body = b.create_block();
    let xp = b.append_block_param(body, I64);
    let yp = b.append_block_param(body, I64);
    let left = b.append_block_param(body, I64);
    let done = b.create_block();
    b.ins().brif(
        panels,
        body,
        &[x.into(), y.into(), panels.into()],
        done,
        &[],
    );
    b.switch_to_block(body);
    let per_row = nb / LANES;
    let zero = epilogue::zero(b);
    let mut acc = vec![vec![zero; per_row]; group.rows];
    let x_row = nb * 4;
    for step in &sched.steps[group.steps.clone()] {
        let x_at = |j: usize| imm(step.k as usize * x_row + 16 * j);
        let weight = |b: &mut FunctionBuilder, e: usize| {
            let w = b.ins().load(F32, mem(), a.values, imm(4 * e));
            b.ins().splat(F32X4, w)
        };
        if step.len == 1 {
            // One row uses this column: each X vector has one use, so the
            // load folds into the FMA as a memory operand.
            let e = step.first as usize;
            let row = sched.entry_rows[e] as usize;
            let w = weight(b, e);
            for (j, acc) in acc[row].iter_mut().enumerate() {
                let xv = b.ins().load(F32X4, mem_aligned(), xp, x_at(j));
                *acc = b.ins().fma(w, xv, *acc);
            }
            continue;
        }
        let xv: Vec<Value> = (0..per_row)
            .map(|j| b.ins().load(F32X4, mem_aligned(), xp, x_at(j)))
            .collect();
        for e in step.entries() {
            let row = sched.entry_rows[e] as usize;
            let w = weight(b, e);
            for (j, acc) in acc[row].iter_mut().enumerate() {
                *acc = b.ins().fma(w, xv[j], *acc);
            }
        }
    }
    epilogue::emit(b, plan, group, a, &mut acc, yp);
    let xn = b.ins().iadd_imm_u(xp, (plan.k * nb * 4) as i64);
    let yn = b.ins().iadd_imm_u(yp, (nb * plan.ldy * 4) as i64);
    let ln = b.ins().iadd_imm_s(left, -1);
    b.ins()
        .brif(ln, body, &[xn.into(), yn.into(), ln.into()], done, &[]);
    b.switch_to_block(done);
}

/// Builds the dispatcher: calls chunk `c` (groups `starts[c]..starts[c+1]`,
/// the last ending at `groups`) for every chunk that overlaps
/// `[group_begin, group_end)`, in order. A range that is empty or ends
/// past `groups` returns at once, as the x86 prologue does: there is no
/// jump table to overrun here, but a `group_begin` past the last group
/// would otherwise still run the last group (the compare trees send every
/// key past the last start to it).
pub(super) fn build_dispatcher(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    shape: Shape,
    starts: &[usize],
    groups: usize,
) {
    let Shape { conv, cfg, .. } = shape;
    *func = new_function(conv, u32::MAX);
    let sig = func.signature.clone();
    let mut b = FunctionBuilder::new(func, fctx);
    let sigref = b.import_signature(sig);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let args = b.block_params(entry)[0];
    let begin = b
        .ins()
        .load(I64, mem(), args, offset_of!(KernelArgs, group_begin) as i32);
    let end = b
        .ins()
        .load(I64, mem(), args, offset_of!(KernelArgs, group_end) as i32);
    let ret = b.create_block();
    let calls: Vec<Block> = starts.iter().map(|_| b.create_block()).collect();
    let (bounded, go) = (b.create_block(), b.create_block());
    let empty = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, begin, end);
    b.ins().brif(empty, ret, &[], bounded, &[]);
    b.switch_to_block(bounded);
    let past = b
        .ins()
        .icmp_imm_u(IntCC::UnsignedGreaterThan, end, groups as i64);
    b.ins().brif(past, ret, &[], go, &[]);
    b.switch_to_block(go);
    tree(&mut b, begin, starts, &calls);
    for (c, &block) in calls.iter().enumerate() {
        b.switch_to_block(block);
        let name = b.func.declare_imported_user_function(UserExternalName::new(
            NAMESPACE,
            FIRST_CHUNK + c as u32,
        ));
        let f = b.import_function(ExtFuncData {
            name: ExternalName::user(name),
            signature: sigref,
            colocated: true,
            patchable: false,
        });
        b.ins().call(f, &[args]);
        let hi = starts.get(c + 1).copied().unwrap_or(groups);
        if c + 1 < calls.len() {
            let more = b
                .ins()
                .icmp_imm_u(IntCC::UnsignedGreaterThan, end, hi as i64);
            b.ins().brif(more, calls[c + 1], &[], ret, &[]);
        } else {
            b.ins().jump(ret, &[]);
        }
    }
    b.switch_to_block(ret);
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(cfg);
}
