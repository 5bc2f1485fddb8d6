//! The machine's measured single-core peaks: the fp32 FMA peak in GFLOP/s,
//! the denominator of every fp32 "fraction of peak" that `bench` and `info`
//! print, and the INT8 peak of each INT8 family in GOP/s, that of INT8
//! rows.
//!
//! The machine's peak is that of its widest FMA: 512-bit where the CPU runs
//! AVX-512, else 256-bit. Every kernel's fraction is taken against it, so an
//! AVX2 kernel on an AVX-512 machine shows how much of the machine it uses,
//! not how much of AVX2.

use super::cpu::CpuFeatures;
use super::exec::JitCode;
use crate::codegen::x86::peak;
use crate::codegen::{EmittedKernel, KernelArgs};
use crate::error::{Error, Result};
use crate::plan::{Isa, Mac};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// FMA register width: 256-bit (ymm) or 512-bit (zmm).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    Ymm,
    Zmm,
}

impl Width {
    pub fn bits(self) -> usize {
        match self {
            Width::Ymm => 256,
            Width::Zmm => 512,
        }
    }

    /// The widest FMA this CPU runs, if it runs any we can measure.
    pub fn widest() -> Option<Width> {
        let cpu = CpuFeatures::detect();
        if cpu.supports(Isa::Avx512) {
            Some(Width::Zmm)
        } else if cpu.supports(Isa::Avx2) {
            Some(Width::Ymm)
        } else {
            None
        }
    }
}

/// The machine's peak (its widest FMA), measured once per process (about
/// 0.2 s) and remembered.
pub fn fma_peak() -> Result<f64> {
    let width = Width::widest().ok_or_else(|| {
        Error::Unsupported(
            "the FMA peak is measured with AVX2+FMA code, which this CPU cannot run".into(),
        )
    })?;
    fma_peak_of(width)
}

/// The peak of one FMA width, measured once per process and remembered.
pub fn fma_peak_of(width: Width) -> Result<f64> {
    static PEAKS: [OnceLock<std::result::Result<f64, String>>; 2] =
        [OnceLock::new(), OnceLock::new()];
    PEAKS[width as usize]
        .get_or_init(|| measure(width, Duration::from_millis(200)).map_err(|e| e.to_string()))
        .clone()
        .map_err(Error::Unsupported)
}

/// Best of repeated timed runs of the FMA loop over about `budget`.
pub fn measure(width: Width, budget: Duration) -> Result<f64> {
    let isa = match width {
        Width::Ymm => Isa::Avx2,
        Width::Zmm => Isa::Avx512,
    };
    if !CpuFeatures::detect().runs(isa) {
        return Err(Error::Unsupported(format!(
            "the {}-bit FMA peak needs {isa} code, which this CPU cannot run",
            width.bits()
        )));
    }
    let emitted = peak::emit(width == Width::Zmm)?;
    best_rate(&emitted, peak::flops_per_iter(width.bits() / 32), budget)
}

/// The INT8 peak of the family at `isa` with `mac`, in giga integer
/// operations (multiplies and adds) per second: a loop of exactly the
/// instructions its kernels issue per weight word. Measured once per
/// process (about 0.2 s) and remembered; the denominator of the `peak`
/// column of INT8 rows.
pub fn int8_peak(isa: Isa, mac: Mac) -> Result<f64> {
    type Peaks = HashMap<(Isa, Mac), std::result::Result<f64, String>>;
    static PEAKS: OnceLock<Mutex<Peaks>> = OnceLock::new();
    let mut peaks = PEAKS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    peaks
        .entry((isa, mac))
        .or_insert_with(|| {
            if !CpuFeatures::detect().runs(isa) || mac == Mac::Fma {
                return Err(format!(
                    "no INT8 {} peak: this CPU cannot run {isa} code",
                    mac.name()
                ));
            }
            let emitted = peak::emit_int8(mac, isa.is_wide()).map_err(|e| e.to_string())?;
            let lanes = if isa.is_wide() { 16 } else { 8 };
            best_rate(
                &emitted,
                peak::int8_ops_per_iter(mac, lanes),
                Duration::from_millis(200),
            )
            .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(Error::Unsupported)
}

/// `ops_per_iter · iterations / time` of the fastest of repeated runs of a
/// peak loop over about `budget`, in G per second.
fn best_rate(emitted: &EmittedKernel, ops_per_iter: u64, budget: Duration) -> Result<f64> {
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
            partial: std::ptr::null_mut(),
        };
        let t = Instant::now();
        // SAFETY: a peak kernel reads only `args.panels` and touches no
        // other memory; both callers checked that the CPU runs its ISA.
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
    Ok((iters * ops_per_iter) as f64 / best.as_secs_f64() / 1e9)
}
