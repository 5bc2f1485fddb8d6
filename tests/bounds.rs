//! Calling generated code is bounded (issue 14, point 2), natively:
//!
//! - a group range past the schedule's group count makes every JIT kernel
//!   this machine runs return at once, untouched memory and all (the
//!   interpreter checks the same for every dynasm target in
//!   tests/emulated.rs);
//! - sizes whose products would overflow (`n·k`, `n·m`, the panels, the
//!   output stride, 32-bit displacements) are errors, never a wrap, and
//!   fail before anything is allocated.

mod common;

use common::{Case, isas};
use sparsejit::codegen::KernelArgs;
use sparsejit::layout::Panels;
use sparsejit::plan::Schedule;
use sparsejit::runtime::exec::JitCode;
use sparsejit::{Activation, Isa, LinearOptions, SparseLinear};

/// The kernel of every fp32 JIT backend this machine runs (AVX2, AVX-512,
/// Cranelift), mapped afresh and called directly: the whole group range
/// computes what `forward` computes; ranges that end past the group count
/// write nothing. (INT8 kernels share the x86 prologue; the interpreter
/// runs them.)
#[test]
fn group_ranges_past_the_group_count_run_nothing() {
    let mut c = Case::new(37, 30, 21, (4, 1), 0.5);
    c.bias = true;
    c.activation = Activation::Gelu;
    let w = c.weights();
    let (x, b) = c.inputs();
    let jits: Vec<_> = isas()
        .into_iter()
        .filter(|&i| i != Isa::Generic.into())
        .collect();
    for isa in jits {
        let opts = LinearOptions {
            isa: Some(isa),
            activation: c.activation,
            ..Default::default()
        };
        let layer = SparseLinear::from_dense(&w, c.m, c.k, c.block, b.clone(), &opts).unwrap();
        let (plan, name) = (layer.plan(), layer.kernel_name());
        let mut want = vec![0.0f32; c.n * c.m];
        layer.forward(&x, c.n, &mut want).unwrap();
        let sched = Schedule::new(plan, layer.weights()).unwrap();
        let groups = sched.groups.len() as u64;
        assert!(groups >= 2, "{name}: {groups} groups");
        let nb = plan.tile.panel_width();
        assert_eq!(plan.ldy, c.m, "no staging at this M");
        let mut panels = Panels::default();
        panels.pack(&x, c.n, c.k, nb);
        let code = JitCode::new(layer.raw_code().unwrap(), layer.code_end().unwrap()).unwrap();
        let bias = b.as_ref().unwrap();
        let run = |begin: u64, end: u64| {
            let mut y = vec![f32::NAN; panels.count() * nb * c.m];
            let args = KernelArgs {
                x: panels.as_slice().as_ptr(),
                y: y.as_mut_ptr(),
                values: sched.values.as_ptr(),
                bias: bias.as_ptr(),
                panels: panels.count() as u64,
                group_begin: begin,
                group_end: end,
            };
            // SAFETY: the bytes are the layer's kernel, compiled for a
            // target this CPU runs (`isas()`); x holds `panels` packed
            // panels of the plan's [K][NB] layout (64-byte aligned), y has
            // room for `panels · NB` rows of M = ldy floats, values are the
            // schedule's, bias holds M floats, and any group range is safe
            // (the kernel bounds it: what this test checks).
            unsafe { code.call(&args) };
            y
        };
        let whole = run(0, groups);
        assert!(
            whole[..c.n * c.m]
                .iter()
                .zip(&want)
                .all(|(a, b)| a.to_bits() == b.to_bits()),
            "{name}: a direct call differs from forward"
        );
        // Without the bound the first two run groups and write Y (a clean
        // failure); the others would jump through the table's end.
        for (begin, end) in [
            (0, groups + 1),
            (groups - 1, groups + 1),
            (0, u64::MAX),
            (groups, groups + 1),
            (groups + 5, u64::MAX),
        ] {
            let y = run(begin, end);
            assert!(
                y.iter().all(|v| v.is_nan()),
                "{name}: groups {begin}..{end} of {groups} wrote Y"
            );
        }
    }
}
