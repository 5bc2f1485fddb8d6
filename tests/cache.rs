//! The kernel cache under load (issue 14.3): threads compile and call many
//! distinct and identical patterns at once while idle code is being freed;
//! every result is checked against the f64 oracle and the cache's counters
//! must add up. Also `sparsejit info`'s cache lines.
//!
//! This file's process uses the global cache only in
//! `many_threads_share_and_free_kernels`, so its counters are exact there.

mod common;

use common::files::sparsejit;
use sparsejit::reference;
use sparsejit::runtime::{KernelCache, cpu};
use sparsejit::sparse::prune::{SplitMix64, random_block_sparse};
use sparsejit::{Activation, BlockShape, BsrMatrix, Dtype, IsaChoice, LinearOptions, SparseLinear};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};

const THREADS: usize = 8;
const ROUNDS: usize = 3;

/// A weight: shape, block, dense values. Pairs share a pattern but not
/// their values, so they share code but must give different results.
fn weights() -> Vec<(usize, usize, BlockShape, Vec<f32>)> {
    let mut out = Vec::new();
    let shapes = [
        (64, 96, (4, 1)),
        (40, 72, (2, 2)),
        (33, 50, (1, 1)),
        (48, 40, (8, 1)),
    ];
    for (i, &(m, k, (r, c))) in shapes.iter().enumerate() {
        let block = BlockShape::new(r, c).unwrap();
        for seed in 0..3u64 {
            let w = random_block_sparse(m, k, block, 0.7, 100 * i as u64 + seed);
            let twin: Vec<f32> = w.iter().map(|v| v * -1.5).collect();
            out.push((m, k, block, w));
            out.push((m, k, block, twin));
        }
    }
    out
}

#[test]
fn many_threads_share_and_free_kernels() {
    let target = cpu::resolve(None, Dtype::F32).unwrap();
    if !target.is_jit() {
        eprintln!("skipped: no JIT ISA on this host, so nothing is cached");
        return;
    }
    // Keep a few kernels' worth of idle code, so code is freed (and
    // entries evicted) while other threads still compile and call.
    KernelCache::global().set_retain_limit(256 << 10);
    let ws = weights();
    let mut isas = vec![IsaChoice::Level(target.isa)];
    if cpu::resolve(Some(IsaChoice::Cranelift), Dtype::F32).is_ok() {
        isas.push(IsaChoice::Cranelift);
    }
    let (lookups, hits) = (AtomicU64::new(0), AtomicU64::new(0));
    let start = Barrier::new(THREADS);
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (ws, isas, lookups, hits, start) = (&ws, &isas, &lookups, &hits, &start);
            s.spawn(move || {
                let mut rng = SplitMix64::new(t as u64);
                start.wait();
                for round in 0..ROUNDS {
                    // Every thread walks the weights in its own order, so
                    // identical patterns are compiled at the same time by
                    // some threads and found by others.
                    let mut order: Vec<usize> = (0..ws.len()).collect();
                    order.rotate_left((t * 5 + round * 3) % ws.len());
                    let mut held = Vec::new();
                    for (j, &i) in order.iter().enumerate() {
                        let (m, k, block, w) = &ws[i];
                        // Cranelift compiles are slow: only the first pair.
                        let isa = if i < 2 && j % 2 == 0 {
                            *isas.last().unwrap()
                        } else {
                            isas[0]
                        };
                        let bias: Vec<f32> = (0..*m).map(|_| rng.next_f32_signed()).collect();
                        let act = [Activation::None, Activation::Relu, Activation::Gelu][i % 3];
                        let opts = LinearOptions {
                            isa: Some(isa),
                            activation: act,
                            ..Default::default()
                        };
                        let bsr = Arc::new(BsrMatrix::from_dense(w, *m, *k, *block).unwrap());
                        let layer = SparseLinear::compile(bsr, Some(bias.clone()), &opts).unwrap();
                        lookups.fetch_add(1, Ordering::Relaxed);
                        if layer.cache_hit() == Some(true) {
                            hits.fetch_add(1, Ordering::Relaxed);
                        }
                        let n = 1 + (t * 7 + j) % 40;
                        let x: Vec<f32> = (0..n * k).map(|_| rng.next_f32_signed()).collect();
                        let mut y = vec![0.0f32; n * m];
                        layer.forward(&x, n, &mut y).unwrap();
                        reference::oracle(&x, n, *k, w, *m, Some(&bias), act)
                            .check(&y, *m)
                            .unwrap_or_else(|e| panic!("thread {t}, weight {i}, {isa}: {e}"));
                        // Some layers live on for a while, most die at once.
                        if j % 4 == 0 {
                            held.push(layer);
                        }
                    }
                }
            });
        }
    });
    let s = KernelCache::global().stats();
    let lookups = lookups.into_inner();
    eprintln!("{lookups} lookups: {s:?}");
    assert_eq!(s.hits + s.misses, lookups, "{s:?}");
    assert_eq!(s.hits, hits.into_inner(), "per-layer hits disagree: {s:?}");
    assert_eq!(s.failures, 0, "{s:?}");
    assert_eq!(
        s.entries as u64,
        s.misses - s.evictions - s.failures,
        "{s:?}"
    );
    // Identical patterns were shared, and idle code was freed on the way.
    assert!(s.hits > 0 && s.evictions > 0, "{s:?}");
    // Every layer is gone now: only the retained code is left.
    assert!(
        s.code_bytes <= s.retain_limit && s.retained_bytes <= s.retain_limit,
        "{s:?}"
    );
    KernelCache::global().set_retain_limit(0);
    let s = KernelCache::global().stats();
    assert_eq!(
        (s.entries, s.code_bytes, s.evictions),
        (0, 0, s.misses),
        "{s:?}"
    );
}

#[test]
fn info_shows_evictions_and_the_limit() {
    let out = sparsejit(&["info"]);
    out.succeeds();
    assert!(out.stdout.contains(" evictions, "), "{}", out.stdout);
    let default = sparsejit::runtime::cache::DEFAULT_RETAIN_BYTES >> 20;
    assert!(
        out.stdout.contains(&format!(
            "keeps up to {default}.0 MiB of code no layer holds"
        )),
        "{}",
        out.stdout
    );
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_sparsejit"))
        .arg("info")
        .env("SPARSEJIT_CACHE_MB", "3")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("keeps up to 3.0 MiB"), "{text}");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_sparsejit"))
        .arg("info")
        .env("SPARSEJIT_CACHE_MB", "lots")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success() && err.contains("SPARSEJIT_CACHE_MB=\"lots\""),
        "{err}"
    );
}
