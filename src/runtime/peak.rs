//! The machine's measured single-core fp32 FMA peak, in GFLOP/s: the
//! denominator of every "fraction of peak" that `bench` and `info` print.

use super::cpu::CpuFeatures;
use super::exec::JitCode;
use crate::codegen::KernelArgs;
use crate::codegen::x86::peak;
use crate::error::{Error, Result};
use crate::plan::Isa;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Measures the peak once per process (about 0.2 s) and remembers it.
pub fn fma_peak() -> Result<f64> {
    static PEAK: OnceLock<std::result::Result<f64, String>> = OnceLock::new();
    PEAK.get_or_init(|| measure(Duration::from_millis(200)).map_err(|e| e.to_string()))
        .clone()
        .map_err(Error::Unsupported)
}

/// Best of repeated timed runs of the FMA loop over about `budget`.
pub fn measure(budget: Duration) -> Result<f64> {
    if !CpuFeatures::detect().supports(Isa::Avx2) {
        return Err(Error::Unsupported(
            "the FMA peak is measured with AVX2+FMA code, which this CPU cannot run".into(),
        ));
    }
    let emitted = peak::emit()?;
    let code = JitCode::new(&emitted.code, emitted.code_end)?;
    let run = |iters: u64| {
        let args = KernelArgs {
            x: std::ptr::null(),
            y: std::ptr::null_mut(),
            values: std::ptr::null(),
            bias: std::ptr::null(),
            panels: iters,
            group_begin: 0,
            group_end: 0,
        };
        let t = Instant::now();
        // SAFETY: the peak kernel reads only `args.panels` and touches no
        // other memory; the CPU supports AVX2+FMA (checked above).
        unsafe { code.call(&args) };
        t.elapsed()
    };
    // Size one run to about 2 ms, then keep the fastest of many.
    let mut iters = 1u64 << 12;
    while run(iters) < Duration::from_millis(2) && iters < 1 << 32 {
        iters *= 2;
    }
    let start = Instant::now();
    let mut best = Duration::MAX;
    while start.elapsed() < budget {
        best = best.min(run(iters));
    }
    Ok((iters * peak::FLOPS_PER_ITER) as f64 / best.as_secs_f64() / 1e9)
}
