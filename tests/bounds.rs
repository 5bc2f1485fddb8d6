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
                partial: std::ptr::null_mut(),
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

/// `n` whose products with 64 wrap to 64 (2^58 + 1 tokens of K = M = 64),
/// so a one-token input and output have the lengths a wrapping `n · k` and
/// `n · m` would ask for.
const WRAPS: usize = (1 << 58) + 1;

/// Every backend this machine runs, fp32 and INT8, sparse and dense:
/// `forward` with a token count whose `n · K` wraps to the slices' length
/// is an error, before anything is packed or allocated. Without the
/// checked products it packed 2^54 panels into a buffer whose size had
/// wrapped too, and handed the kernel pointers past it.
#[test]
fn token_counts_whose_sizes_overflow_are_errors() {
    use common::isas_for;
    use sparsejit::{CompileOptions, Dtype, Layer};
    let (m, k) = (64, 64);
    assert_eq!(WRAPS.wrapping_mul(k), k);
    let c = Case::new(m, k, 1, (4, 1), 0.5);
    let w = c.weights();
    let x = vec![0.5f32; k];
    let mut y = vec![0.0f32; m];
    let mut ran = 0;
    for dtype in [Dtype::F32, Dtype::Int8] {
        for isa in isas_for(dtype) {
            let opts = LinearOptions {
                isa: Some(isa),
                dtype,
                ..Default::default()
            };
            let layer = SparseLinear::from_dense(&w, m, k, c.block, None, &opts).unwrap();
            layer.forward(&x, 1, &mut y).unwrap();
            for n in [WRAPS, usize::MAX, usize::MAX / 2 + 1] {
                let err = layer.forward(&x, n, &mut y).unwrap_err().to_string();
                assert!(
                    err.contains("larger than any buffer"),
                    "{isa} {dtype}, n = {n}: {err}"
                );
            }
            ran += 1;
        }
    }
    assert!(ran >= 2);
    // A model layer, sparse or dense (the `gemm` crate through a raw
    // pointer): the same.
    for min_sparsity in [0.0, 1.0] {
        let opts = CompileOptions {
            min_sparsity,
            ..Default::default()
        };
        let layer = Layer::compile("l", &w, m, k, None, &opts).unwrap();
        assert_eq!(layer.is_dense(), min_sparsity == 1.0);
        let err = layer
            .forward_rows(&x, WRAPS, &mut y)
            .unwrap_err()
            .to_string();
        assert!(err.contains("more than any buffer holds"), "{err}");
    }
}

/// The dense GEMM wrapper is a safe function that hands raw pointers to
/// the `gemm` crate: a shape whose `n · k` wraps to the slice's length is
/// refused (it passed the unchecked assert and gemm read 2^58 rows).
#[test]
#[should_panic(expected = "x must be [n, k]")]
fn dense_gemm_refuses_shapes_that_wrap() {
    let (m, k) = (64, 64);
    let (x, w, mut y) = (vec![0.0; k], vec![0.0; m * k], vec![0.0; m]);
    sparsejit::reference::gemm::dense_gemm(&x, WRAPS, k, &w, m, None, Activation::None, &mut y, 1);
}

/// Packing panels checks its sizes with checked products too: a wrapped
/// `n · k` or panel buffer size would have it read or write past them.
#[test]
#[should_panic(expected = "x must be [n, k]")]
fn packing_refuses_shapes_that_wrap() {
    let (k, nb) = (64, 16);
    let x = vec![0.0; k];
    let mut dst = vec![0.0; k * nb];
    sparsejit::layout::pack_panels(&x, WRAPS, k, nb, 0..1, &mut dst);
}

#[test]
#[should_panic(expected = "panels of 64 x 16 elements overflow")]
fn panel_buffers_whose_size_overflows_are_refused() {
    // 2^60 tokens: 2^56 panels of 64 x 16 floats, 2^66 elements, which
    // wrapped to 0.
    Panels::default().reshape(1 << 60, 64, 16);
}

/// Shapes past what 32-bit displacements reach, or whose element count
/// overflows, are errors when the layer is built, long before any code is
/// emitted or anything allocated. (These checks predate issue 14; this
/// pins them.)
#[test]
fn huge_shapes_are_errors() {
    use sparsejit::plan::{Epilogue, KernelPlan, Target};
    use sparsejit::{BlockShape, Dtype};
    let block = BlockShape::new(4, 1).unwrap();
    let target = Target::dynasm(Isa::Avx2, Dtype::F32);
    for (m, k) in [(8, 1 << 40), (1 << 40, 8), (usize::MAX, 8), (8, usize::MAX)] {
        let e = KernelPlan::new(m, k, block, target, Epilogue::default()).unwrap_err();
        assert!(e.to_string().contains("outside 1..="), "{m}x{k}: {e}");
    }
    let e = SparseLinear::from_dense(&[], 1 << 33, 1 << 33, block, None, &Default::default())
        .err()
        .unwrap();
    assert!(e.to_string().contains("overflows"), "{e}");
}
