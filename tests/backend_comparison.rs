//! Measurements, not checks: the Cranelift kernel against the dynasm kernel
//! on the same weights in one run (speed, compile time, code size), and the
//! compile time and size of one huge Cranelift kernel. Ignored by default;
//! run with
//! `cargo test --release --test backend_comparison -- --ignored --nocapture --test-threads 1`.

use sparsejit::plan::IsaChoice;
use sparsejit::runtime::CpuFeatures;
use sparsejit::sparse::prune::{SplitMix64, random_block_sparse};
use sparsejit::{BlockShape, Isa, LinearOptions, SparseLinear};
use std::time::Instant;

fn compile(w: &[f32], m: usize, k: usize, isa: IsaChoice) -> SparseLinear {
    let opts = LinearOptions {
        isa: Some(isa),
        threads: 1,
        ..Default::default()
    };
    SparseLinear::from_dense(w, m, k, BlockShape::new(4, 1).unwrap(), None, &opts).unwrap()
}

fn median(t: &mut [f64]) -> f64 {
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

/// 768×768×128, 4×1 blocks, 70% and 90%, single thread: both backends'
/// kernels timed alternately (so machine noise hits both alike), their
/// compile time per million nonzeros and code bytes per nonzero.
#[test]
#[ignore = "a measurement: run with --ignored --nocapture"]
fn cranelift_vs_dynasm_768() {
    let cpu = CpuFeatures::detect();
    if !cpu.supports(Isa::Avx2) || !cpu.supports(IsaChoice::Cranelift) {
        eprintln!("this CPU cannot run both backends: skipped");
        return;
    }
    let (m, k, n, reps) = (768, 768, 128, 501);
    let mut rng = SplitMix64::new(11);
    let x: Vec<f32> = (0..n * k).map(|_| rng.next_f32_signed()).collect();
    let mut y = vec![0.0f32; n * m];
    for sparsity in [0.7, 0.9] {
        let w = random_block_sparse(m, k, BlockShape::new(4, 1).unwrap(), sparsity, 7);
        let layers = [
            compile(&w, m, k, Isa::Avx2.into()),
            compile(&w, m, k, IsaChoice::Cranelift),
        ];
        let nnz = layers[0].weights().stats().nnz;
        let mut times = [Vec::new(), Vec::new()];
        for l in &layers {
            l.forward(&x, n, &mut y).unwrap(); // warm up
        }
        for _ in 0..reps {
            for (l, t) in layers.iter().zip(&mut times) {
                let start = Instant::now();
                l.forward(&x, n, &mut y).unwrap();
                t.push(start.elapsed().as_secs_f64());
            }
        }
        println!(
            "{m}x{k}x{n}, 4x1 blocks, {:.0}% sparse, {nnz} nonzeros, 1 thread, median of {reps}:",
            sparsity * 100.0
        );
        let base = median(&mut times[0].clone());
        for (l, t) in layers.iter().zip(&mut times) {
            let med = median(t);
            let code = l.code().unwrap().len();
            println!(
                "  {:<34} {:>8.1} us  {:>5.1} nonzero GFLOP/s  {:.2}x dynasm time  compile {:>7.1} ms = {:>7.1} ms per M nonzeros  code {:>8} B = {:.1} B per nonzero",
                l.kernel_name(),
                med * 1e6,
                2.0 * nnz as f64 * n as f64 / med / 1e9,
                med / base,
                l.compile_time().as_secs_f64() * 1e3,
                l.compile_time().as_secs_f64() * 1e9 / nnz as f64,
                code,
                code as f64 / nnz as f64,
            );
        }
    }
}

/// 4096×4096 at 50% (~8.4 M nonzeros): Cranelift compile time and code
/// size on a matrix far past one function's comfortable size.
#[test]
#[ignore = "a measurement: run with --ignored --nocapture"]
fn cranelift_compiles_4096_at_half() {
    if !CpuFeatures::detect().supports(IsaChoice::Cranelift) {
        return;
    }
    let (m, k) = (4096, 4096);
    let w = random_block_sparse(m, k, BlockShape::new(4, 1).unwrap(), 0.5, 7);
    for isa in [Isa::Avx2.into(), IsaChoice::Cranelift] {
        if !CpuFeatures::detect().supports(isa) {
            continue;
        }
        let l = compile(&w, m, k, isa);
        let nnz = l.weights().stats().nnz;
        let code = l.code().unwrap().len();
        println!(
            "{m}x{k} at 50%, {nnz} nonzeros: {:<30} compile {:>8.0} ms = {:>6.1} ms per M nonzeros, code {} MB = {:.1} B per nonzero",
            l.kernel_name(),
            l.compile_time().as_secs_f64() * 1e3,
            l.compile_time().as_secs_f64() * 1e9 / nnz as f64,
            code >> 20,
            code as f64 / nnz as f64
        );
    }
}
