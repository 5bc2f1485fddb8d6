//! Criterion bench of the fused attention (`bert::attention`) at MiniLM's
//! head shape (12 heads of 32) and BERT-base's (12 of 64), seq 128 and
//! 512, batch 1, one thread. Throughput is the two products' flops
//! (4·seq²·d per head), so the rate compares with `info`'s FMA peak.
//!
//!     cargo bench --bench attention
//!     cargo bench --bench attention -- seq128

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sparsejit::bert::attention::{AttentionShape, Qkv, attention};
use sparsejit::sparse::prune::SplitMix64;
use std::hint::black_box;
use std::time::Duration;

fn fused(c: &mut Criterion) {
    for (heads, head_dim) in [(12, 32), (12, 64)] {
        for seq in [128, 512] {
            let shape = AttentionShape {
                batch: 1,
                seq,
                heads,
                head_dim,
            };
            let h = heads * head_dim;
            let mut rng = SplitMix64::new(7);
            let mut gen_ = || {
                (0..seq * h)
                    .map(|_| rng.next_f32_signed())
                    .collect::<Vec<f32>>()
            };
            let (q, k, v) = (gen_(), gen_(), gen_());
            let qkv = Qkv {
                q: &q,
                k: &k,
                v: &v,
                ld: h,
            };
            let mask = vec![1u32; seq];
            let (mut scratch, mut ctx) = (Vec::new(), vec![0.0f32; seq * h]);
            let mut g = c.benchmark_group(format!("attention/seq{seq}/{heads}x{head_dim}"));
            g.throughput(Throughput::Elements((4 * seq * seq * h) as u64));
            g.bench_function("fused", |b| {
                b.iter(|| {
                    attention(qkv, &mask, shape, 1, &mut scratch, &mut ctx);
                    black_box(&ctx);
                })
            });
            g.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    targets = fused
}
criterion_main!(benches);
