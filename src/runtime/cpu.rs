//! CPU features, detected once, and the ISA level the runtime may use.
//!
//! Levels nest (AVX2 kernels need AVX, AVX2 and FMA; AVX-512 kernels need
//! all of those plus AVX-512 F and VL; generic runs anywhere).
//! `SPARSEJIT_ISA=generic|avx2|avx512` caps the level, as `ONEDNN_MAX_CPU_ISA` does;
//! it can lower the level but never raise it above what the CPU has, so no
//! generated instruction the CPU lacks is ever executed.
//!
//! Cranelift is not a level on that ladder: it is a second backend that
//! targets whatever the host has (Cranelift's native ISA builder enables
//! exactly the features the CPU reports). It is never chosen by `auto`
//! (the dynasm kernels are faster where both run); it is used when named:
//! `SPARSEJIT_ISA=cranelift` makes it the default, and an explicit request
//! (`LinearOptions::isa`, `--isa cranelift`) selects it whatever the cap,
//! since a cap only orders the ladder. It is available wherever Cranelift
//! supports the host and the host has FMA.

use crate::error::{Error, Result};
use crate::plan::Isa;
use std::sync::OnceLock;

/// The environment variable that caps the ISA.
pub const ISA_ENV: &str = "SPARSEJIT_ISA";

/// What the CPU offers, as far as sparsejit cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpuFeatures {
    pub avx: bool,
    pub avx2: bool,
    pub fma: bool,
    pub avx512f: bool,
    pub avx512vl: bool,
}

impl CpuFeatures {
    pub fn detect() -> &'static CpuFeatures {
        static FEATURES: OnceLock<CpuFeatures> = OnceLock::new();
        FEATURES.get_or_init(|| {
            #[cfg(target_arch = "x86_64")]
            {
                CpuFeatures {
                    avx: std::arch::is_x86_feature_detected!("avx"),
                    avx2: std::arch::is_x86_feature_detected!("avx2"),
                    fma: std::arch::is_x86_feature_detected!("fma"),
                    avx512f: std::arch::is_x86_feature_detected!("avx512f"),
                    avx512vl: std::arch::is_x86_feature_detected!("avx512vl"),
                }
            }
            #[cfg(not(target_arch = "x86_64"))]
            {
                CpuFeatures {
                    avx: false,
                    avx2: false,
                    fma: false,
                    avx512f: false,
                    avx512vl: false,
                }
            }
        })
    }

    /// The highest level this CPU can run.
    pub fn best_isa(&self) -> Isa {
        let avx2 = self.avx && self.avx2 && self.fma;
        if avx2 && self.avx512f && self.avx512vl {
            Isa::Avx512
        } else if avx2 {
            Isa::Avx2
        } else {
            Isa::Generic
        }
    }

    /// Whether this CPU can run `isa` kernels.
    pub fn supports(&self, isa: Isa) -> bool {
        match isa {
            Isa::Cranelift => crate::codegen::cranelift::host_support().is_ok(),
            level => level <= self.best_isa(),
        }
    }

    /// Feature names for `info`.
    pub fn names(&self) -> Vec<&'static str> {
        [
            ("avx", self.avx),
            ("avx2", self.avx2),
            ("fma", self.fma),
            ("avx512f", self.avx512f),
            ("avx512vl", self.avx512vl),
        ]
        .into_iter()
        .filter_map(|(n, on)| on.then_some(n))
        .collect()
    }
}

/// The ISA the runtime uses by default: the CPU's best level, capped by
/// `SPARSEJIT_ISA`, or Cranelift when `SPARSEJIT_ISA=cranelift`.
/// An unreadable value is an error, not a silent default.
pub fn max_isa() -> Result<Isa> {
    let best = CpuFeatures::detect().best_isa();
    match std::env::var(ISA_ENV) {
        Ok(v) if !v.trim().is_empty() && v.trim() != "auto" => {
            let cap: Isa = v.parse().map_err(|_| {
                Error::InvalidArgument(format!(
                    "{ISA_ENV}={v} is not an ISA: use auto, generic, avx2, avx512 or cranelift"
                ))
            })?;
            if cap == Isa::Cranelift {
                return cranelift_available(format!("{ISA_ENV}={v}"));
            }
            Ok(cap.min(best))
        }
        _ => Ok(best),
    }
}

/// `Ok(Isa::Cranelift)` if Cranelift can generate code for this host, else
/// an error naming who asked (`by`) and why it cannot.
fn cranelift_available(by: String) -> Result<Isa> {
    crate::codegen::cranelift::host_support()
        .map(|()| Isa::Cranelift)
        .map_err(|why| {
            Error::Unsupported(format!(
                "{by} asks for the Cranelift backend, but {why}; use --isa generic"
            ))
        })
}

/// Resolves a requested ISA (`None` = auto) against the CPU and the cap.
/// Asking for more than the machine can run is an error that says why.
pub fn resolve(requested: Option<Isa>) -> Result<Isa> {
    if requested == Some(Isa::Cranelift) {
        // Beside the ladder: the cap does not apply, only the host does.
        return cranelift_available("the request".into());
    }
    let allowed = match max_isa()? {
        // SPARSEJIT_ISA=cranelift names a default, not a cap on the ladder.
        Isa::Cranelift => CpuFeatures::detect().best_isa(),
        level => level,
    };
    match requested {
        None => max_isa(),
        Some(isa) if isa <= allowed => Ok(isa),
        Some(isa) => {
            let cpu = CpuFeatures::detect();
            Err(Error::Unsupported(if cpu.supports(isa) {
                format!("ISA {isa} was requested but {ISA_ENV} caps it at {allowed}")
            } else {
                format!(
                    "this CPU cannot run {isa} kernels (it has: {}); use --isa generic",
                    cpu.names().join(", ")
                )
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cranelift_is_beside_the_ladder() {
        let cpu = CpuFeatures::detect();
        // Auto picks a ladder level, never Cranelift (unless the environment
        // names it, which the test suite does not).
        if std::env::var(ISA_ENV).is_err() {
            assert!(resolve(None).unwrap().is_level());
        }
        // An explicit request depends on the host alone.
        match resolve(Some(Isa::Cranelift)) {
            Ok(isa) => {
                assert_eq!(isa, Isa::Cranelift);
                assert!(cpu.supports(Isa::Cranelift));
            }
            Err(e) => {
                assert!(!cpu.supports(Isa::Cranelift));
                assert!(e.to_string().contains("Cranelift"), "{e}");
            }
        }
        assert_eq!("Cranelift".parse::<Isa>().unwrap(), Isa::Cranelift);
        assert_eq!(Isa::Cranelift.name(), "cranelift");
    }
}
