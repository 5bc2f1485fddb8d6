//! The kernel cache: one compiled kernel per (plan, pattern), shared by
//! every layer that needs it, and bounded.
//!
//! **Key.** The plan and a 128-bit XXH3 digest of the pattern (shape,
//! block, block positions), hashed straight from the matrix, so a lookup
//! copies nothing. The pattern itself is stored once per kernel and
//! compared on every hit: a digest collision (or a crafted one: XXH3 is not
//! cryptographic, which is why the comparison is there) can never hand a
//! matrix code baked for another pattern; the colliding entry is replaced.
//!
//! **Lifetime.** Layers hold their kernel through an `Arc`; the cache holds
//! only a weak reference to it, plus strong references to the most recently
//! used kernels up to a byte budget (`retain_limit`, default
//! [`DEFAULT_RETAIN_BYTES`], `SPARSEJIT_CACHE_MB` or
//! [`KernelCache::set_retain_limit`]). So:
//! - identical patterns alive at the same time always share one copy of the
//!   code (an LRU that evicted a kernel still in use would free nothing and
//!   make the next identical layer compile a second copy);
//! - code that no layer holds is freed once it falls out of the budget, so
//!   a long-running server that reloads models holds at most the budget in
//!   idle code, while a reload of the same model within it compiles nothing;
//! - the stored pattern lives inside the kernel, so it goes with the code.
//!
//! Weak references were chosen over a plain LRU of strong references for
//! the first point; the byte-bounded retained set is the LRU's benefit
//! (reuse after the last holder is gone) without its cost.
//!
//! **Counting.** Every lookup is a hit or a miss. Every miss adds one entry,
//! and an entry leaves as an eviction (its code freed, dropped from the
//! retained set with no other holder, replaced after a digest collision, or
//! `evict`/`clear`) or as a failure (the compile failed; it is not cached,
//! so the next lookup tries again). So `entries = misses − evictions −
//! failures` in every [`CacheStats`] snapshot.
//!
//! **Threads.** Two threads asking for the same key compile it once: the
//! second waits for the first, outside the lock; different keys compile in
//! parallel. The compile runs outside the lock and must not re-enter the
//! cache for the same key (the Cranelift backend therefore compiles its
//! chunks on threads of its own, not on rayon's, whose work stealing could
//! run such a lookup on the compiling thread); a re-entrant lookup is an
//! error, never a deadlock. A compile that fails or panics wakes its
//! waiters with the error.

use super::exec::JitCode;
use crate::codegen::EmittedKernel;
use crate::error::{Error, Result};
use crate::plan::KernelPlan;
use crate::sparse::{BlockShape, BsrMatrix};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// Code bytes the cache keeps alive when no layer holds them: MiniLM's 37
/// layers at 70% sparsity are 29 MB of code, so reloading such a model
/// compiles nothing, and no more than this is ever held for nobody.
pub const DEFAULT_RETAIN_BYTES: usize = 64 << 20;

/// Overrides [`DEFAULT_RETAIN_BYTES`] for the global cache, in MiB (read
/// once, when the cache is first used; `0` keeps nothing no layer holds).
pub const RETAIN_ENV: &str = "SPARSEJIT_CACHE_MB";

/// A compiled kernel: its code, and what compiling it cost.
#[derive(Debug)]
pub struct CachedKernel {
    pub code: JitCode,
    pub compile_time: Duration,
    /// The pattern the code was baked for, compared on every hit.
    pattern: StoredPattern,
}

/// The block positions of a matrix: what a kernel bakes in besides its plan.
#[derive(Debug)]
struct StoredPattern {
    m: usize,
    k: usize,
    block: BlockShape,
    row_ptr: Vec<usize>,
    col_idx: Vec<u32>,
}

impl StoredPattern {
    fn of(w: &BsrMatrix) -> Self {
        Self {
            m: w.rows(),
            k: w.cols(),
            block: w.block(),
            row_ptr: w.row_ptr().to_vec(),
            col_idx: w.col_idx().to_vec(),
        }
    }

    fn duplicate(&self) -> Self {
        Self {
            row_ptr: self.row_ptr.clone(),
            col_idx: self.col_idx.clone(),
            ..*self
        }
    }

    fn matches(&self, w: &BsrMatrix) -> bool {
        (self.m, self.k, self.block) == (w.rows(), w.cols(), w.block())
            && self.row_ptr == w.row_ptr()
            && self.col_idx == w.col_idx()
    }
}

/// XXH3-128 of the pattern, read in place (no copy of the indices).
fn digest(w: &BsrMatrix) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let block = w.block();
    for v in [
        w.rows(),
        w.cols(),
        block.rows,
        block.cols,
        w.row_ptr().len(),
    ] {
        h.update(&(v as u64).to_le_bytes());
    }
    h.update(bytemuck::cast_slice(w.row_ptr()));
    h.update(bytemuck::cast_slice(w.col_idx()));
    h.digest128()
}

type Key = (KernelPlan, u128);
type Outcome = Result<Arc<CachedKernel>, String>;

enum State {
    /// Being compiled by `owner`; other threads wait on the cell.
    Compiling {
        cell: Arc<OnceLock<Outcome>>,
        owner: ThreadId,
        pattern: Arc<StoredPattern>,
    },
    /// Compiled; alive while a layer or the retained set holds it.
    Ready {
        kernel: Weak<CachedKernel>,
        /// Its place in `Inner::retained`, if it is there.
        tick: Option<u64>,
    },
}

#[derive(Default)]
struct Inner {
    map: HashMap<Key, State>,
    /// The most recently used kernels by use tick, oldest first, kept alive
    /// up to the retain limit.
    retained: BTreeMap<u64, (Key, Arc<CachedKernel>)>,
    retained_bytes: usize,
    next_tick: u64,
}

/// The process-wide kernel cache (see the module docs).
pub struct KernelCache {
    inner: Mutex<Inner>,
    /// `digest`; tests swap in a constant to force collisions.
    digest: fn(&BsrMatrix) -> u128,
    retain_limit: AtomicUsize,
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
    failures: AtomicU64,
}

impl Default for KernelCache {
    fn default() -> Self {
        Self::with_retain_limit(DEFAULT_RETAIN_BYTES)
    }
}

/// Counters for `info` and `compile`'s totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Kernels the cache can hand out now (alive, or being compiled).
    pub entries: usize,
    pub hits: u64,
    pub misses: u64,
    /// Entries that left the cache (see the module docs for the causes).
    pub evictions: u64,
    /// Compiles that failed (not cached: the next lookup compiles again).
    pub failures: u64,
    /// Code bytes of the kernels the cache can hand out.
    pub code_bytes: usize,
    /// Of those, the bytes the cache keeps alive itself (no layer may).
    pub retained_bytes: usize,
    pub retain_limit: usize,
}

/// What a lookup found under the lock.
enum Found {
    Hit(Arc<CachedKernel>),
    /// Another thread is compiling it.
    Wait(Arc<OnceLock<Outcome>>),
    /// This thread is compiling it, further down its own stack.
    Reentrant,
    /// An entry whose code is gone, or a digest collision.
    Stale,
    Miss,
}

impl KernelCache {
    /// The process-wide cache; its retain limit comes from
    /// `SPARSEJIT_CACHE_MB` when set (a bad value is a warning).
    pub fn global() -> &'static KernelCache {
        static CACHE: OnceLock<KernelCache> = OnceLock::new();
        CACHE.get_or_init(|| {
            let mut limit = DEFAULT_RETAIN_BYTES;
            if let Ok(v) = std::env::var(RETAIN_ENV) {
                match v.trim().parse::<usize>() {
                    Ok(mb) => limit = mb.saturating_mul(1 << 20),
                    Err(_) => eprintln!(
                        "warning: {RETAIN_ENV}={v:?} is not a whole number of MiB; keeping {} MiB",
                        DEFAULT_RETAIN_BYTES >> 20
                    ),
                }
            }
            KernelCache::with_retain_limit(limit)
        })
    }

    /// A cache that keeps up to `bytes` of code no layer holds.
    pub fn with_retain_limit(bytes: usize) -> Self {
        Self {
            inner: Mutex::default(),
            digest,
            retain_limit: AtomicUsize::new(bytes),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        }
    }

    /// Sets how many bytes of code the cache keeps alive by itself, and
    /// frees what is now over it.
    pub fn set_retain_limit(&self, bytes: usize) {
        self.retain_limit.store(bytes, Ordering::Relaxed);
        let mut inner = self.lock();
        self.trim(&mut inner);
        self.sweep(&mut inner);
    }

    pub fn retain_limit(&self) -> usize {
        self.retain_limit.load(Ordering::Relaxed)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The kernel for `plan` and the pattern of `weights`, compiling it
    /// with `emit` on a miss. `emit` runs outside the cache lock.
    pub fn get_or_compile(
        &self,
        plan: &KernelPlan,
        weights: &BsrMatrix,
        emit: impl FnOnce() -> Result<EmittedKernel>,
    ) -> Result<Arc<CachedKernel>> {
        self.lookup(plan, weights, emit).map(|(k, _)| k)
    }

    /// As `get_or_compile`, and whether this call was a hit (it compiled
    /// nothing). Exact per call even when other threads compile at the
    /// same time, unlike a difference of the global counters.
    pub fn lookup(
        &self,
        plan: &KernelPlan,
        weights: &BsrMatrix,
        emit: impl FnOnce() -> Result<EmittedKernel>,
    ) -> Result<(Arc<CachedKernel>, bool)> {
        let key = (plan.clone(), (self.digest)(weights));
        let (cell, pattern) = {
            let mut inner = self.lock();
            let me = std::thread::current().id();
            let found = match inner.map.get(&key) {
                Some(State::Ready { kernel, .. }) => match kernel.upgrade() {
                    Some(k) if k.pattern.matches(weights) => Found::Hit(k),
                    // Freed, or a digest collision.
                    _ => Found::Stale,
                },
                Some(State::Compiling {
                    cell,
                    owner,
                    pattern,
                }) if pattern.matches(weights) => match *owner == me {
                    true => Found::Reentrant,
                    false => Found::Wait(cell.clone()),
                },
                // A collision with a kernel being compiled: its compiler
                // finds its entry gone and keeps its code uncached.
                Some(State::Compiling { .. }) => Found::Stale,
                None => Found::Miss,
            };
            match found {
                Found::Hit(k) => {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    self.touch(&mut inner, &key, &k);
                    return Ok((k, true));
                }
                Found::Wait(cell) => {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    drop(inner);
                    return cell
                        .wait()
                        .clone()
                        .map(|k| (k, true))
                        .map_err(Error::Codegen);
                }
                Found::Reentrant => {
                    self.misses.fetch_add(1, Ordering::Relaxed);
                    self.failures.fetch_add(1, Ordering::Relaxed);
                    return Err(Error::Codegen(format!(
                        "{}: this thread is already compiling this kernel (a re-entrant compile from inside its own code generation)",
                        plan.kernel_name()
                    )));
                }
                Found::Stale => self.remove(&mut inner, &key),
                Found::Miss => {}
            }
            self.misses.fetch_add(1, Ordering::Relaxed);
            // A miss is the time to drop entries whose code is gone.
            self.sweep(&mut inner);
            let cell = Arc::new(OnceLock::new());
            let pattern = Arc::new(StoredPattern::of(weights));
            let state = State::Compiling {
                cell: cell.clone(),
                owner: me,
                pattern: pattern.clone(),
            };
            inner.map.insert(key.clone(), state);
            (cell, pattern)
        };
        let start = Instant::now();
        // A panic in the emitter must not leave the entry compiling for
        // ever (its waiters would never wake): it becomes a failure like
        // any other, then goes on up to this caller.
        let run =
            std::panic::AssertUnwindSafe(|| emit().and_then(|e| JitCode::new(&e.code, e.code_end)));
        let (code, panic) = match std::panic::catch_unwind(run) {
            Ok(code) => (code, None),
            Err(p) => {
                let why =
                    Error::Codegen(format!("{}: code generation panicked", plan.kernel_name()));
                (Err(why), Some(p))
            }
        };
        let compile_time = start.elapsed();
        let outcome: Outcome = {
            let mut inner = self.lock();
            let ours = matches!(inner.map.get(&key),
                Some(State::Compiling { cell: c, .. }) if Arc::ptr_eq(c, &cell));
            if ours {
                // Its pattern reference goes, so ours is the only one left.
                inner.map.remove(&key);
            }
            match code {
                Ok(code) => {
                    let pattern = Arc::try_unwrap(pattern).unwrap_or_else(|p| p.duplicate());
                    let k = Arc::new(CachedKernel {
                        code,
                        compile_time,
                        pattern,
                    });
                    if ours {
                        let kernel = Arc::downgrade(&k);
                        inner
                            .map
                            .insert(key.clone(), State::Ready { kernel, tick: None });
                        self.touch(&mut inner, &key, &k);
                    }
                    Ok(k)
                }
                Err(e) => {
                    // Not cached: a failure (say, mmap's ENOMEM) may pass,
                    // and the next lookup compiles again.
                    if ours {
                        self.failures.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e.to_string())
                }
            }
            // Not ours: evicted (clear, evict or a collision) while
            // compiling. The eviction was counted; the code goes uncached.
        };
        let _ = cell.set(outcome.clone());
        if let Some(p) = panic {
            std::panic::resume_unwind(p);
        }
        outcome.map(|k| (k, false)).map_err(Error::Codegen)
    }

    /// Makes `k` the most recently used retained kernel, then trims.
    fn touch(&self, inner: &mut Inner, key: &Key, k: &Arc<CachedKernel>) {
        let tick = inner.next_tick;
        inner.next_tick += 1;
        let Some(State::Ready { tick: slot, .. }) = inner.map.get_mut(key) else {
            return;
        };
        match slot.replace(tick) {
            Some(old) => {
                let entry = inner.retained.remove(&old).expect("ticks match");
                inner.retained.insert(tick, entry);
            }
            None => {
                inner.retained_bytes += k.code.bytes().len();
                inner.retained.insert(tick, (key.clone(), k.clone()));
            }
        }
        self.trim(inner);
    }

    /// Drops the least recently used retained kernels until they fit the
    /// limit; one that nobody else holds is freed, and its entry goes.
    fn trim(&self, inner: &mut Inner) {
        let limit = self.retain_limit();
        while inner.retained_bytes > limit {
            let Some((_, (key, k))) = inner.retained.pop_first() else {
                break;
            };
            inner.retained_bytes -= k.code.bytes().len();
            if let Some(State::Ready { tick, .. }) = inner.map.get_mut(&key) {
                *tick = None;
            }
            let last = Arc::strong_count(&k) == 1;
            drop(k);
            if last {
                self.remove(inner, &key);
            }
        }
    }

    /// Drops the entries whose code has been freed (their layers are gone).
    fn sweep(&self, inner: &mut Inner) {
        let before = inner.map.len();
        inner.map.retain(|_, s| match s {
            State::Ready { kernel, .. } => kernel.strong_count() > 0,
            State::Compiling { .. } => true,
        });
        let gone = before - inner.map.len();
        self.evictions.fetch_add(gone as u64, Ordering::Relaxed);
    }

    /// Removes one entry (and its retained reference), counting an eviction.
    fn remove(&self, inner: &mut Inner, key: &Key) {
        if let Some(state) = inner.map.remove(key) {
            self.evictions.fetch_add(1, Ordering::Relaxed);
            if let State::Ready { tick: Some(t), .. } = state
                && let Some((_, k)) = inner.retained.remove(&t)
            {
                inner.retained_bytes -= k.code.bytes().len();
            }
        }
    }

    pub fn stats(&self) -> CacheStats {
        let mut inner = self.lock();
        self.sweep(&mut inner);
        let code_bytes = inner
            .map
            .values()
            .filter_map(|s| match s {
                State::Ready { kernel, .. } => kernel.upgrade(),
                State::Compiling { .. } => None,
            })
            .map(|k| k.code.bytes().len())
            .sum();
        CacheStats {
            entries: inner.map.len(),
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            evictions: self.evictions.load(Ordering::Relaxed),
            failures: self.failures.load(Ordering::Relaxed),
            code_bytes,
            retained_bytes: inner.retained_bytes,
            retain_limit: self.retain_limit(),
        }
    }

    /// Forgets one kernel (tuning drops the tiles it did not keep); layers
    /// that hold it keep it.
    pub fn evict(&self, plan: &KernelPlan, weights: &BsrMatrix) {
        let key = (plan.clone(), (self.digest)(weights));
        let mut inner = self.lock();
        self.remove(&mut inner, &key);
    }

    /// Forgets every kernel; layers that hold one keep it.
    pub fn clear(&self) {
        let mut inner = self.lock();
        let n = inner.map.len() as u64;
        inner.map.clear();
        inner.retained.clear();
        inner.retained_bytes = 0;
        self.evictions.fetch_add(n, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests;
