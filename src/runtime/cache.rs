//! The kernel cache: one compiled kernel per (plan, pattern).
//!
//! The key holds the whole pattern, not just its hash, so a hash collision
//! can never hand a matrix code baked for another pattern. Two threads asking
//! for the same key compile it once (the second waits); different keys
//! compile in parallel. Code lives behind an `Arc`, so a kernel handle keeps
//! its executable mapping alive after the cache drops it.

use super::exec::JitCode;
use crate::codegen::EmittedKernel;
use crate::error::{Error, Result};
use crate::plan::KernelPlan;
use crate::sparse::Pattern;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A compiled kernel: its code, and what compiling it cost.
#[derive(Debug)]
pub struct CachedKernel {
    pub code: JitCode,
    pub compile_time: Duration,
}

type Slot = Arc<OnceLock<Result<Arc<CachedKernel>, String>>>;

#[derive(Default)]
pub struct KernelCache {
    slots: Mutex<HashMap<(KernelPlan, Pattern), Slot>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// Counters for `info` and `compile`'s totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub entries: usize,
    pub hits: u64,
    pub misses: u64,
    pub code_bytes: usize,
}

impl KernelCache {
    /// The process-wide cache.
    pub fn global() -> &'static KernelCache {
        static CACHE: OnceLock<KernelCache> = OnceLock::new();
        CACHE.get_or_init(KernelCache::default)
    }

    /// The kernel for `plan` and `pattern`, compiling it with `emit` on a
    /// miss. `emit` runs outside the cache lock.
    pub fn get_or_compile(
        &self,
        plan: &KernelPlan,
        pattern: Pattern,
        emit: impl FnOnce() -> Result<EmittedKernel>,
    ) -> Result<Arc<CachedKernel>> {
        self.lookup(plan, pattern, emit).map(|(k, _)| k)
    }

    /// As `get_or_compile`, and whether this call was a hit (the key was
    /// already there). Exact per call even when other threads compile at
    /// the same time, unlike a difference of the global counters.
    pub fn lookup(
        &self,
        plan: &KernelPlan,
        pattern: Pattern,
        emit: impl FnOnce() -> Result<EmittedKernel>,
    ) -> Result<(Arc<CachedKernel>, bool)> {
        let (slot, hit) = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            let key = (plan.clone(), pattern);
            match slots.get(&key) {
                Some(slot) => {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    (slot.clone(), true)
                }
                None => {
                    self.misses.fetch_add(1, Ordering::Relaxed);
                    (slots.entry(key).or_default().clone(), false)
                }
            }
        };
        slot.get_or_init(|| {
            let start = Instant::now();
            let emitted = emit().map_err(|e| e.to_string())?;
            let code = JitCode::new(&emitted.code, emitted.code_end).map_err(|e| e.to_string())?;
            Ok(Arc::new(CachedKernel {
                code,
                compile_time: start.elapsed(),
            }))
        })
        .clone()
        .map(|k| (k, hit))
        .map_err(Error::Codegen)
    }

    pub fn stats(&self) -> CacheStats {
        let slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let code_bytes = slots
            .values()
            .filter_map(|s| s.get().and_then(|r| r.as_ref().ok()))
            .map(|k| k.code.bytes().len())
            .sum();
        CacheStats {
            entries: slots.len(),
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            code_bytes,
        }
    }

    /// Forgets one kernel (tuning drops the tiles it did not keep); handles
    /// to it stay valid.
    pub fn evict(&self, plan: &KernelPlan, pattern: Pattern) {
        self.slots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&(plan.clone(), pattern));
    }

    /// Drops every entry; kernels still held elsewhere stay alive.
    pub fn clear(&self) {
        self.slots.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
