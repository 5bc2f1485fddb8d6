//! When and where kernels run: CPU-feature detection, the kernel cache,
//! executable memory, dispatch and rayon threading.

pub mod cache;
pub mod cpu;
pub mod dump;
pub mod exec;
pub mod linear;
pub mod peak;
pub mod tuned;

pub use cache::{CacheStats, KernelCache};
pub use cpu::CpuFeatures;
pub use linear::{Kernel, LinearOptions, SparseLinear, Tuning};

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A rayon pool with exactly `threads` workers, built once per count, so
/// `--threads N` means N whatever the global pool's size.
pub fn pool(threads: usize) -> Arc<rayon::ThreadPool> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    pools
        .entry(threads.max(1))
        .or_insert_with(|| {
            Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads.max(1))
                    .thread_name(|i| format!("sparsejit-{i}"))
                    .build()
                    .expect("building a thread pool"),
            )
        })
        .clone()
}
