//! Pinned edge cases, named as XNNPACK names its kernel tests, run on every
//! ISA level the machine supports.

mod common;
use common::{Case, isas};
use sparsejit::{Activation, BlockShape};

fn check(case: &Case) {
    for isa in isas() {
        case.check(isa).unwrap();
    }
}

fn check_weights(case: &Case, w: &[f32]) {
    for isa in isas() {
        case.check_weights(isa, w).unwrap();
    }
}

/// Every block shape, epilogue and thread count on one odd shape.
#[test]
fn every_block_shape_and_epilogue() {
    for block in BlockShape::all() {
        for act in [Activation::None, Activation::Relu, Activation::Gelu] {
            for (bias, threads) in [(false, 1), (true, 2)] {
                let mut c = Case::new(37, 29, 21, (block.rows, block.cols), 0.6);
                c.activation = act;
                c.bias = bias;
                c.threads = threads;
                check(&c);
            }
        }
    }
}

#[test]
fn zero_weights() {
    for block in BlockShape::all() {
        let mut c = Case::new(16, 24, 20, (block.rows, block.cols), 1.0);
        check(&c);
        c.bias = true;
        c.activation = Activation::Gelu;
        check(&c);
    }
}

#[test]
fn fully_dense() {
    for block in BlockShape::all() {
        let mut c = Case::new(24, 40, 33, (block.rows, block.cols), 0.0);
        c.bias = true;
        check(&c);
    }
}

#[test]
fn empty_rows() {
    let c = Case::new(12, 16, 17, (1, 1), 0.0);
    let mut w = c.weights();
    for row in [0, 5, 6, 11] {
        w[row * 16..(row + 1) * 16].fill(0.0);
    }
    check_weights(&c, &w);
    let c4 = Case::new(12, 16, 17, (4, 1), 0.0);
    check_weights(&c4, &w);
}

#[test]
fn single_nonzero() {
    for block in BlockShape::all() {
        let c = Case::new(19, 23, 9, (block.rows, block.cols), 1.0);
        let mut w = vec![0.0; 19 * 23];
        w[18 * 23 + 22] = -1.5;
        check_weights(&c, &w);
    }
}

#[test]
fn m_lt_mr_and_k_lt_block() {
    for block in BlockShape::all() {
        for (m, k) in [(1, 1), (1, 3), (3, 1), (2, 2), (5, 3)] {
            let mut c = Case::new(m, k, 5, (block.rows, block.cols), 0.0);
            c.bias = true;
            c.activation = Activation::Relu;
            check(&c);
        }
    }
}

#[test]
fn n_is_one_and_n_gt_nr() {
    for n in [1, 7, 8, 15, 16, 17, 31, 32, 33, 100] {
        let mut c = Case::new(40, 48, n, (4, 1), 0.7);
        c.threads = 2;
        check(&c);
    }
}

#[test]
fn huge_k() {
    for block in [(4, 1), (1, 1), (8, 4)] {
        let mut c = Case::new(24, 8192, 19, block, 0.8);
        c.bias = true;
        check(&c);
    }
}

/// A large matrix still compiles and runs: code size has no fixed cap.
/// 4096×4096 at 50% (8.4 M weights, megabytes of code) on every backend
/// but Cranelift, whose code generation (about 20 s per million weights)
/// took 90 s of the suite on it; Cranelift gets 2048×1024 at 50% (1 M
/// weights), still many chunks and jump-table entries.
#[test]
fn large_matrix_compiles_and_runs() {
    let mut big = Case::new(4096, 4096, 3, (4, 1), 0.5);
    big.threads = 2;
    let mut cl = Case::new(2048, 1024, 3, (4, 1), 0.5);
    cl.threads = 2;
    for isa in isas() {
        let c = if isa == sparsejit::plan::IsaChoice::Cranelift {
            &cl
        } else {
            &big
        };
        c.check(isa).unwrap();
    }
}

#[test]
fn non_finite_inputs_propagate() {
    use sparsejit::{LinearOptions, SparseLinear};
    let (m, k, n) = (8, 8, 3);
    let w = vec![1.0f32; m * k];
    for isa in isas() {
        for act in [Activation::None, Activation::Relu, Activation::Gelu] {
            let opts = LinearOptions {
                activation: act,
                isa: Some(isa),
                ..Default::default()
            };
            let layer =
                SparseLinear::from_dense(&w, m, k, BlockShape::new(4, 1).unwrap(), None, &opts)
                    .unwrap();
            let mut x = vec![0.5f32; n * k];
            x[0] = f32::NAN;
            x[k] = f32::INFINITY;
            let mut y = vec![0.0; n * m];
            layer.forward(&x, n, &mut y).unwrap();
            assert!(
                y[..m].iter().all(|v| v.is_nan()),
                "{isa} {act}: NaN row {:?}",
                &y[..m]
            );
            assert!(
                y[m..2 * m].iter().all(|v| *v == f32::INFINITY),
                "{isa} {act}: Inf row"
            );
            assert!(y[2 * m..].iter().all(|v| v.is_finite()));
        }
    }
}

/// Every kernel a layer can be switched to computes the same thing, and
/// tuning keeps one of them.
#[test]
fn every_selectable_kernel_matches_and_tuning_picks_one() {
    use sparsejit::reference;
    use sparsejit::runtime::linear::Kernel;
    use sparsejit::{LinearOptions, SparseLinear};
    let c = Case {
        bias: true,
        activation: Activation::Gelu,
        ..Case::new(96, 80, 37, (4, 1), 0.7)
    };
    let (w, (x, b)) = (c.weights(), c.inputs());
    let opts = LinearOptions {
        activation: c.activation,
        tune_tokens: Some(16),
        ..Default::default()
    };
    let mut layer = SparseLinear::from_dense(&w, c.m, c.k, c.block, b.clone(), &opts).unwrap();
    let tuning = layer.tuning().expect("tuned");
    assert_eq!(layer.kernel(), tuning.chosen);
    let oracle = reference::oracle(&x, c.n, c.k, &w, c.m, b.as_deref(), c.activation);
    let mut kernels = vec![Kernel::Generic, Kernel::Dense];
    if layer.code().is_some() {
        kernels.push(Kernel::Jit);
    }
    for kernel in kernels {
        layer.set_kernel(kernel).unwrap();
        let mut y = vec![0.0; c.n * c.m];
        layer.forward(&x, c.n, &mut y).unwrap();
        oracle
            .check(&y, c.m)
            .unwrap_or_else(|e| panic!("{kernel}: {e}"));
    }
}

/// M a multiple of 512 floats: the kernel writes through a padded staging
/// buffer (`KernelPlan::ldy`), with whole and partial panels, 1 and 2
/// threads, split by groups (one panel) and by panels (each thread copies
/// its own staged rows out).
#[test]
fn padded_output_stride() {
    for m in [512, 1024, 1536] {
        for (n, threads) in [(37, 1), (16, 2), (1, 1), (83, 2), (200, 2)] {
            let mut c = Case::new(m, 40, n, (4, 1), 0.8);
            c.threads = threads;
            c.bias = true;
            assert_ne!(sparsejit::plan::output_stride(m), m);
            check(&c);
        }
    }
}

/// Several threads calling one 2-thread layer at once: the layer's pool
/// workers steal each other's calls while they wait, so a call can start
/// on a thread whose workspace is in use. Every result must still be exact.
#[test]
fn concurrent_callers_get_correct_results() {
    use sparsejit::{LinearOptions, SparseLinear};
    let c = Case::new(1024, 96, 150, (4, 1), 0.8);
    let w = c.weights();
    let (x, _) = c.inputs();
    for isa in isas() {
        let opts = LinearOptions {
            isa: Some(isa),
            threads: 2,
            ..Default::default()
        };
        let block = BlockShape::new(4, 1).unwrap();
        let layer = SparseLinear::from_dense(&w, c.m, c.k, block, None, &opts).unwrap();
        let mut want = vec![0.0; c.n * c.m];
        layer.forward(&x, c.n, &mut want).unwrap();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..25 {
                        let mut y = vec![0.0; c.n * c.m];
                        layer.forward(&x, c.n, &mut y).unwrap();
                        assert!(y == want, "{isa}: a concurrent call differs");
                    }
                });
            }
        });
    }
}

/// With one weight per output row every kernel's sum is the same single
/// rounding, so the fused bias + GELU of each JIT backend (AVX2, AVX-512
/// and Cranelift) must match the Rust GELU of the generic kernel bit for
/// bit (they evaluate it op for op).
#[test]
fn fused_gelu_is_bit_identical_to_the_rust_one() {
    use sparsejit::plan::IsaChoice;
    use sparsejit::{Isa, LinearOptions, SparseLinear};
    let (m, k, n) = (37, 1, 50);
    let w: Vec<f32> = (0..m).map(|i| (i as f32 - 18.0) * 0.37).collect();
    let b: Vec<f32> = (0..m).map(|i| (i as f32) * 0.05 - 0.9).collect();
    let x: Vec<f32> = (0..n).map(|t| (t as f32 - 25.0) * 0.21).collect();
    let block = BlockShape::new(1, 1).unwrap();
    let run = |isa: IsaChoice| {
        let opts = LinearOptions {
            isa: Some(isa),
            activation: Activation::Gelu,
            ..Default::default()
        };
        let layer = SparseLinear::from_dense(&w, m, k, block, Some(b.clone()), &opts).unwrap();
        let mut y = vec![0.0f32; n * m];
        layer.forward(&x, n, &mut y).unwrap();
        y.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    };
    let want = run(Isa::Generic.into());
    // Every JIT backend the host runs, Cranelift included: its GELU is
    // built op for op as the Rust one too (codegen/cranelift/epilogue.rs).
    let jits: Vec<IsaChoice> = isas()
        .into_iter()
        .filter(|&i| i != Isa::Generic.into())
        .collect();
    assert!(
        !jits.is_empty()
            || !sparsejit::runtime::cpu::resolve(None, sparsejit::plan::Dtype::F32)
                .unwrap()
                .is_jit(),
        "no JIT backend to compare"
    );
    for isa in jits {
        assert!(
            run(isa) == want,
            "{isa}: fused GELU differs from the Rust GELU"
        );
    }
}

/// PyTorch's fp32 GELU where it saturates (`act::GELU_SATURATED`: x for
/// large x, -0 for large negative x, NaN at -inf), bit for bit, from every
/// backend this machine runs, fp32 and INT8. Each saturating input is a
/// row's bias and X is zero, so every accumulator is zero and the fused
/// activation sees exactly the bias in both dtypes. Before the quotient's
/// clamp (see `sparsejit::gelu`) gelu(-20) was -1.2e-6 and gelu(-inf) -inf.
#[test]
fn fused_gelu_saturates_as_pytorch() {
    use common::isas_for;
    use sparsejit::reference::act::GELU_SATURATED;
    use sparsejit::{Dtype, LinearOptions, SparseLinear};
    let (m, k, n) = (GELU_SATURATED.len(), 6, 19);
    let c = Case::new(m, k, n, (1, 1), 0.3);
    let w = c.weights();
    let bias: Vec<f32> = GELU_SATURATED.iter().map(|&(x, _)| x).collect();
    let x = vec![0.0f32; n * k];
    let mut ran = 0;
    for dtype in [Dtype::F32, Dtype::Int8] {
        for isa in isas_for(dtype) {
            let opts = LinearOptions {
                isa: Some(isa),
                dtype,
                activation: Activation::Gelu,
                ..Default::default()
            };
            let layer =
                SparseLinear::from_dense(&w, m, k, c.block, Some(bias.clone()), &opts).unwrap();
            let mut y = vec![0.5f32; n * m];
            layer.forward(&x, n, &mut y).unwrap();
            for (i, got) in y.iter().enumerate() {
                let (input, want) = GELU_SATURATED[i % m];
                assert!(
                    got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                    "{}: gelu({input:e}) = {got:e}, PyTorch gives {want:e}",
                    layer.kernel_name()
                );
            }
            ran += 1;
        }
    }
    assert!(ran >= 2, "at least the generic kernels ran");
}

/// K = 1536 makes a panel 96 KiB, so once a call's panels outgrow L2 the
/// runtime calls the kernel on blocks of 5 (`panel_block`): 25 panels
/// (N = 400) run as 5 × 5 on one thread and as 5 + 5 + 3 and 5 + 5 + 2 on
/// two, through the direct and the staged (padded M) output paths.
#[test]
fn panels_in_blocks() {
    for (m, threads) in [(40, 1), (40, 2), (512, 2)] {
        let mut c = Case::new(m, 1536, 400, (4, 1), 0.9);
        c.threads = threads;
        c.bias = true;
        c.activation = Activation::Gelu;
        check(&c);
    }
}
