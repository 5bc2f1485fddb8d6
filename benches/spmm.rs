//! Criterion benches over the BERT shape set: the JIT kernel, the generic
//! BSR kernel and the dense GEMM (`gemm` crate) in one group per problem,
//! so criterion prints them side by side; plus code generation time per
//! million nonzeros. Throughput is reported in dense-equivalent flops
//! (2·M·K·N) so the kernels' rates compare directly.
//!
//!     cargo bench --bench spmm                 # everything (~5 minutes)
//!     cargo bench --bench spmm -- 768x768x128  # one problem

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sparsejit::reference::gemm::dense_gemm;
use sparsejit::sparse::prune::{SplitMix64, random_block_sparse};
use sparsejit::{Activation, BlockShape, BsrMatrix, Isa, LinearOptions, SparseLinear};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

const SHAPES: [(usize, usize); 6] = [
    (768, 768),
    (3072, 768),
    (768, 3072),
    (256, 256),
    (1024, 256),
    (256, 1024),
];

fn kernels(c: &mut Criterion) {
    let block = BlockShape::new(4, 1).unwrap();
    for (m, k) in SHAPES {
        for n in [128, 512] {
            for sparsity in [0.7, 0.9] {
                let w = random_block_sparse(m, k, block, sparsity, 1);
                let bsr = Arc::new(BsrMatrix::from_dense(&w, m, k, block).unwrap());
                let mut rng = SplitMix64::new(2);
                let x: Vec<f32> = (0..n * k).map(|_| rng.next_f32_signed()).collect();
                let mut y = vec![0.0f32; n * m];
                let mut g = c.benchmark_group(format!("{m}x{k}x{n}/{:.0}%/4x1", sparsity * 100.0));
                g.throughput(Throughput::Elements((2 * m * k * n) as u64));
                let jit =
                    SparseLinear::compile(bsr.clone(), None, &LinearOptions::default()).unwrap();
                let generic_opts = LinearOptions {
                    isa: Some(Isa::Generic.into()),
                    ..Default::default()
                };
                let generic = SparseLinear::compile(bsr, None, &generic_opts).unwrap();
                if jit.code().is_some() {
                    g.bench_function(BenchmarkId::new("jit", jit.kernel_name()), |b| {
                        b.iter(|| jit.forward(black_box(&x), n, &mut y).unwrap())
                    });
                }
                g.bench_function("generic", |b| {
                    b.iter(|| generic.forward(black_box(&x), n, &mut y).unwrap())
                });
                g.bench_function("dense", |b| {
                    b.iter(|| {
                        dense_gemm(
                            black_box(&x),
                            n,
                            k,
                            &w,
                            m,
                            None,
                            Activation::None,
                            &mut y,
                            1,
                        )
                    })
                });
                g.finish();
            }
        }
    }
}

/// Code generation (schedule, emit, map) per million stored weights: each
/// iteration compiles a pattern the cache does not hold.
fn compile_time(c: &mut Criterion) {
    let block = BlockShape::new(4, 1).unwrap();
    let mut g = c.benchmark_group("compile");
    for (m, k, s) in [(768, 768, 0.7), (3072, 768, 0.9)] {
        let patterns: Vec<Arc<BsrMatrix>> = (0..64)
            .map(|seed| {
                let w = random_block_sparse(m, k, block, s, 100 + seed);
                Arc::new(BsrMatrix::from_dense(&w, m, k, block).unwrap())
            })
            .collect();
        let nnz = patterns[0].stats().stored;
        g.throughput(Throughput::Elements(nnz as u64));
        let mut i = 0;
        g.bench_function(format!("{m}x{k}/{:.0}%", s * 100.0), |b| {
            // Setup (untimed): empty the cache and pick the next pattern; the
            // compiled layers are dropped (unmapped) outside the timing too.
            b.iter_batched(
                || {
                    sparsejit::runtime::KernelCache::global().clear();
                    i += 1;
                    patterns[i % patterns.len()].clone()
                },
                |p| SparseLinear::compile(p, None, &LinearOptions::default()).unwrap(),
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    targets = kernels, compile_time
}
criterion_main!(benches);
