//! The cache's rules, on mapped bytes that never run: failures retried,
//! sharing, collisions, the retain limit, re-entrancy.

use super::*;
use crate::plan::{Dtype, Epilogue, Isa, Target};
use crate::sparse::prune::random_block_sparse;

fn matrix(seed: u64) -> BsrMatrix {
    let block = BlockShape::new(4, 1).unwrap();
    BsrMatrix::from_dense(
        &random_block_sparse(16, 32, block, 0.5, seed),
        16,
        32,
        block,
    )
    .unwrap()
}

fn plan(w: &BsrMatrix) -> KernelPlan {
    KernelPlan::new(
        w.rows(),
        w.cols(),
        w.block(),
        Target::dynasm(Isa::Avx2, Dtype::F32),
        Epilogue::default(),
    )
    .unwrap()
}

/// Bytes that are mapped but never run: the cache does not look inside.
fn code(len: usize) -> Result<EmittedKernel> {
    Ok(EmittedKernel {
        code: vec![0xc3; len],
        code_end: len,
        notes: Vec::new(),
    })
}

fn adds_up(s: &CacheStats) {
    assert_eq!(
        s.entries as u64,
        s.misses - s.evictions - s.failures,
        "{s:?}"
    );
}

#[test]
fn a_failed_compile_is_tried_again() {
    let cache = KernelCache::default();
    let w = matrix(1);
    let err = cache
        .lookup(&plan(&w), &w, || {
            Err(Error::Codegen("cannot map: ENOMEM".into()))
        })
        .unwrap_err();
    assert!(err.to_string().contains("ENOMEM"), "{err}");
    let mut ran = false;
    let (_k, hit) = cache
        .lookup(&plan(&w), &w, || {
            ran = true;
            code(64)
        })
        .unwrap();
    assert!(ran && !hit, "the failure was cached");
    let s = cache.stats();
    assert_eq!((s.hits, s.misses, s.failures, s.entries), (0, 2, 1, 1));
    adds_up(&s);
}

#[test]
fn identical_patterns_share_and_different_ones_do_not() {
    let cache = KernelCache::default();
    let (a, b) = (matrix(1), matrix(2));
    let (ka, _) = cache.lookup(&plan(&a), &a, || code(64)).unwrap();
    let (ka2, hit) = cache.lookup(&plan(&a), &a.clone(), || code(64)).unwrap();
    assert!(hit && Arc::ptr_eq(&ka, &ka2));
    let (kb, hit) = cache.lookup(&plan(&b), &b, || code(64)).unwrap();
    assert!(!hit && !Arc::ptr_eq(&ka, &kb));
    adds_up(&cache.stats());
}

#[test]
fn a_digest_collision_never_shares_code() {
    let cache = KernelCache {
        digest: |_| 7,
        ..Default::default()
    };
    let (a, b) = (matrix(1), matrix(2));
    let (ka, _) = cache.lookup(&plan(&a), &a, || code(64)).unwrap();
    let (kb, hit) = cache.lookup(&plan(&b), &b, || code(128)).unwrap();
    assert!(!hit && kb.code.bytes().len() == 128, "b got a's code");
    // The colliding entry was replaced; a's code lives on in its holder.
    assert_eq!(ka.code.bytes().len(), 64);
    let s = cache.stats();
    assert_eq!((s.entries, s.evictions), (1, 1));
    adds_up(&s);
}

#[test]
fn idle_code_is_freed_beyond_the_retain_limit() {
    let cache = KernelCache::with_retain_limit(4096 * 2);
    let ws: Vec<BsrMatrix> = (0..5).map(matrix).collect();
    // Each kernel maps one 4 KiB page; nothing holds them after this.
    for w in &ws {
        cache.lookup(&plan(w), w, || code(4096)).unwrap();
    }
    let s = cache.stats();
    assert!(s.retained_bytes <= 8192 && s.code_bytes <= 8192, "{s:?}");
    assert_eq!((s.entries, s.evictions), (2, 3));
    adds_up(&s);
    // The two most recent are still there, the oldest is not.
    assert!(
        cache
            .lookup(&plan(&ws[4]), &ws[4], || code(4096))
            .unwrap()
            .1
    );
    assert!(
        !cache
            .lookup(&plan(&ws[0]), &ws[0], || code(4096))
            .unwrap()
            .1
    );
    // A held kernel survives a zero limit, and goes with its holder.
    let (held, _) = cache.lookup(&plan(&ws[1]), &ws[1], || code(4096)).unwrap();
    cache.set_retain_limit(0);
    let s = cache.stats();
    assert_eq!((s.entries, s.retained_bytes), (1, 0), "{s:?}");
    assert_eq!(s.code_bytes, held.code.bytes().len());
    drop(held);
    let s = cache.stats();
    assert_eq!((s.entries, s.code_bytes), (0, 0), "{s:?}");
    adds_up(&s);
}

#[test]
fn a_reentrant_lookup_is_an_error_not_a_deadlock() {
    let cache = KernelCache::default();
    let w = matrix(3);
    let (_k, _) = cache
        .lookup(&plan(&w), &w, || {
            let inner = cache.lookup(&plan(&w), &w, || code(64));
            let err = inner.expect_err("re-entered").to_string();
            assert!(err.contains("already compiling"), "{err}");
            code(64)
        })
        .unwrap();
    adds_up(&cache.stats());
}

#[test]
fn a_panicking_compile_is_a_failure_and_is_retried() {
    let cache = KernelCache::default();
    let w = matrix(4);
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        cache.lookup(&plan(&w), &w, || panic!("emitter bug"))
    }));
    assert!(caught.is_err(), "the panic reaches the caller");
    let (_k, hit) = cache.lookup(&plan(&w), &w, || code(64)).unwrap();
    assert!(!hit);
    let s = cache.stats();
    assert_eq!((s.failures, s.entries), (1, 1), "{s:?}");
    adds_up(&s);
}
