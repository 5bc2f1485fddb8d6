//! Compiling where a library user would (issue 14.9): from inside rayon
//! tasks. The Cranelift backend used to compile its chunks with rayon
//! inside the kernel cache's compile window; a worker waiting there for a
//! stolen chunk runs other tasks of its pool meanwhile, and one that asks
//! the cache for the kernel that thread is compiling (or for one whose
//! compiler waits on it) deadlocks. It now compiles chunks on scoped
//! threads of its own, so the compiling thread only joins.
//!
//! The deadlock needs one particular steal (crossbeam steals the oldest
//! job, so an idle worker takes a waiting task before a chunk), and this
//! test did not hit it with the old code in a few hundred compiles from
//! pools of 2 to 8 threads: it guards the fix rather than reproducing the
//! bug. The cache's own unit test (`a_reentrant_lookup_is_an_error_not_a_deadlock`)
//! covers the re-entry deterministically.

mod common;

use rayon::prelude::*;
use sparsejit::reference;
use sparsejit::sparse::prune::{SplitMix64, random_block_sparse};
use sparsejit::{Activation, BlockShape, Dtype, IsaChoice, LinearOptions, SparseLinear};
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn cranelift_compiles_from_inside_rayon_tasks() {
    // A skip, unless SPARSEJIT_REQUIRE_ISA names Cranelift.
    if !common::runs(IsaChoice::Cranelift, Dtype::F32) {
        return;
    }
    let block = BlockShape::new(4, 1).unwrap();
    // 128x256 at 50%: ~16 K weights, so four chunks compiled in parallel.
    let (m, k) = (128, 256);
    let weights: Vec<Vec<f32>> = (0..4)
        .map(|s| random_block_sparse(m, k, block, 0.5, 0x5a7 + s))
        .collect();
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        // Sixteen tasks on a pool of the user's, four neighbours per
        // pattern: a worker waiting for a compile on another pool runs its
        // own pool's tasks meanwhile, its neighbour (the same kernel) first.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let result = pool.install(|| {
            (0..16usize).into_par_iter().try_for_each(|t| {
                let w = &weights[t / 4];
                let opts = LinearOptions {
                    isa: Some(IsaChoice::Cranelift),
                    activation: Activation::Relu,
                    ..Default::default()
                };
                let layer = SparseLinear::from_dense(w, m, k, block, None, &opts)
                    .map_err(|e| format!("task {t}: {e}"))?;
                let n = 5 + t;
                let mut rng = SplitMix64::new(t as u64);
                let x: Vec<f32> = (0..n * k).map(|_| rng.next_f32_signed()).collect();
                let mut y = vec![0.0f32; n * m];
                layer.forward(&x, n, &mut y).map_err(|e| e.to_string())?;
                reference::oracle(&x, n, k, w, m, None, Activation::Relu)
                    .check(&y, m)
                    .map_err(|e| format!("task {t}: {e}"))
            })
        });
        let _ = done.send(result);
    });
    // Each compile takes well under a second here; minutes mean a deadlock.
    match finished.recv_timeout(Duration::from_secs(300)) {
        Ok(result) => result.unwrap(),
        Err(_) => panic!("compiling from rayon tasks did not finish: deadlocked"),
    }
}
