//! CPU features, detected once, and the [`Target`] a kernel runs on here.
//!
//! The ISA levels form a ladder (generic, avx2, avxvnni, avx512,
//! avx512vnni). A CPU runs a level when it has every feature the level's
//! code uses; the best level is the highest it runs.
//! `SPARSEJIT_ISA=<level>` caps the ladder, as `ONEDNN_MAX_CPU_ISA` does: it
//! can lower the level but never raise it above what the CPU has, so no
//! generated instruction the CPU lacks is ever executed.
//!
//! A level and a dtype give a target: the highest dynasm family of that
//! dtype at or under the level that the CPU runs (fp32 has no VNNI
//! families, so `avx512vnni` gives the avx512 fp32 kernels), or the generic
//! backend when there is none.
//!
//! Cranelift is not a level on that ladder: it is a second backend that
//! targets whatever the host has (Cranelift's native ISA builder enables
//! exactly the features the CPU reports). It is never chosen by `auto`
//! (the dynasm kernels are faster where both run); it is used when named:
//! `SPARSEJIT_ISA=cranelift` makes it the default, and an explicit request
//! (`LinearOptions::isa`, `--isa cranelift`) selects it whatever the cap,
//! since a cap only orders the ladder. It is available wherever Cranelift
//! supports the host and the host has FMA, for fp32 only.

use crate::error::{Error, Result};
use crate::plan::{Backend, Dtype, ISA_NAMES, Isa, IsaChoice, Target, templates};
use std::sync::OnceLock;

/// The environment variable that caps the ISA.
pub const ISA_ENV: &str = "SPARSEJIT_ISA";

/// What the CPU offers, as far as sparsejit cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuFeatures {
    pub avx: bool,
    pub avx2: bool,
    pub fma: bool,
    pub avxvnni: bool,
    pub avx512f: bool,
    pub avx512vl: bool,
    pub avx512bw: bool,
    pub avx512vnni: bool,
}

impl CpuFeatures {
    pub fn detect() -> &'static CpuFeatures {
        static FEATURES: OnceLock<CpuFeatures> = OnceLock::new();
        FEATURES.get_or_init(|| {
            #[cfg(target_arch = "x86_64")]
            {
                use std::arch::is_x86_feature_detected as has;
                CpuFeatures {
                    avx: has!("avx"),
                    avx2: has!("avx2"),
                    fma: has!("fma"),
                    avxvnni: has!("avxvnni"),
                    avx512f: has!("avx512f"),
                    avx512vl: has!("avx512vl"),
                    avx512bw: has!("avx512bw"),
                    avx512vnni: has!("avx512vnni"),
                }
            }
            #[cfg(not(target_arch = "x86_64"))]
            {
                CpuFeatures::default()
            }
        })
    }

    /// Whether this CPU runs the code of `isa` (each level's own features,
    /// not its place on the ladder).
    pub fn runs(&self, isa: Isa) -> bool {
        let avx2 = self.avx && self.avx2 && self.fma;
        let avx512 = avx2 && self.avx512f && self.avx512vl;
        match isa {
            Isa::Generic => true,
            Isa::Avx2 => avx2,
            Isa::AvxVnni => avx2 && self.avxvnni,
            Isa::Avx512 => avx512,
            Isa::Avx512Vnni => avx512 && self.avx512bw && self.avx512vnni,
        }
    }

    /// The highest level this CPU runs.
    pub fn best_isa(&self) -> Isa {
        Isa::LADDER
            .into_iter()
            .rev()
            .find(|&isa| self.runs(isa))
            .unwrap_or(Isa::Generic)
    }

    /// Whether this CPU can run what `choice` names.
    pub fn supports(&self, choice: impl Into<IsaChoice>) -> bool {
        match choice.into() {
            IsaChoice::Cranelift => crate::codegen::cranelift::host_support().is_ok(),
            IsaChoice::Level(isa) => self.runs(isa),
        }
    }

    /// Feature names for `info`.
    pub fn names(&self) -> Vec<&'static str> {
        [
            ("avx", self.avx),
            ("avx2", self.avx2),
            ("fma", self.fma),
            ("avxvnni", self.avxvnni),
            ("avx512f", self.avx512f),
            ("avx512vl", self.avx512vl),
            ("avx512bw", self.avx512bw),
            ("avx512vnni", self.avx512vnni),
        ]
        .into_iter()
        .filter_map(|(n, on)| on.then_some(n))
        .collect()
    }

    /// The levels this CPU runs, lowest first (for `info` and for
    /// `SPARSEJIT_REQUIRE_ISA` checks).
    pub fn levels(&self) -> Vec<Isa> {
        Isa::LADDER.into_iter().filter(|&i| self.runs(i)).collect()
    }
}

/// Bytes of the L2 cache of the CPU this thread runs on (as Linux reports
/// it for cpu0), or 1 MiB when it cannot be read: what the runtime sizes
/// its panel blocks and the default K-block by. Read once.
pub fn l2_bytes() -> usize {
    static L2: OnceLock<usize> = OnceLock::new();
    *L2.get_or_init(|| {
        std::fs::read_to_string("/sys/devices/system/cpu/cpu0/cache/index2/size")
            .ok()
            .and_then(|s| parse_cache_size(s.trim()))
            .unwrap_or(1 << 20)
    })
}

/// "512K", "2048K", "1M" (sysfs cache sizes) in bytes.
fn parse_cache_size(s: &str) -> Option<usize> {
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: usize = digits.parse().ok()?;
    let scale = match unit {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        _ => return None,
    };
    n.checked_mul(scale).filter(|&b| b > 0)
}

/// What `SPARSEJIT_ISA` says: `None` when unset, empty or `auto`. An
/// unreadable value is an error, not a silent default.
pub fn env_choice() -> Result<Option<IsaChoice>> {
    match std::env::var(ISA_ENV) {
        Ok(v) if !v.trim().is_empty() && !v.trim().eq_ignore_ascii_case("auto") => {
            v.parse().map(Some).map_err(|_| {
                Error::InvalidArgument(format!(
                    "{ISA_ENV}={v} is not an ISA: use auto, {ISA_NAMES}"
                ))
            })
        }
        _ => Ok(None),
    }
}

/// The highest level the runtime may use: the CPU's best, capped by
/// `SPARSEJIT_ISA` (a Cranelift value names a default, not a cap).
pub fn max_isa() -> Result<Isa> {
    let best = CpuFeatures::detect().best_isa();
    Ok(match env_choice()? {
        Some(IsaChoice::Level(cap)) => cap.min(best),
        _ => best,
    })
}

/// The target for `dtype` at `level`: the highest dynasm family of that
/// dtype at or under `level` that this CPU runs, else the generic backend.
pub fn target_at(level: Isa, dtype: Dtype) -> Target {
    let cpu = CpuFeatures::detect();
    templates::dynasm_levels(dtype)
        .into_iter()
        .rev()
        .find(|&isa| isa <= level && cpu.runs(isa))
        .map_or(Target::generic(dtype), |isa| Target::dynasm(isa, dtype))
}

/// The Cranelift target, if Cranelift can generate code for this host
/// and `dtype`; else an error naming who asked (`by`) and why it cannot.
fn cranelift_target(by: &str, dtype: Dtype) -> Result<Target> {
    if dtype != Dtype::F32 {
        return Err(Error::Unsupported(format!(
            "{by} asks for the Cranelift backend, which has only f32 kernels; \
             use --isa auto for {dtype}"
        )));
    }
    crate::codegen::cranelift::host_support()
        .map(|()| Target {
            backend: Backend::Cranelift,
            isa: CpuFeatures::detect().best_isa(),
            dtype,
        })
        .map_err(|why| {
            Error::Unsupported(format!(
                "{by} asks for the Cranelift backend, but {why}; use --isa generic"
            ))
        })
}

/// Resolves a requested ISA (`None` = auto) for `dtype` against the CPU
/// and the cap. Asking for more than the machine can run is an error that
/// says why.
pub fn resolve(requested: Option<IsaChoice>, dtype: Dtype) -> Result<Target> {
    let cpu = CpuFeatures::detect();
    let env = env_choice()?;
    match requested {
        // Beside the ladder: the cap does not apply, only the host does.
        Some(IsaChoice::Cranelift) => cranelift_target("the request", dtype),
        None => match env {
            Some(IsaChoice::Cranelift) => cranelift_target(&format!("{ISA_ENV}=cranelift"), dtype),
            _ => Ok(target_at(max_isa()?, dtype)),
        },
        Some(IsaChoice::Level(isa)) => {
            let allowed = max_isa()?;
            if !cpu.runs(isa) {
                return Err(Error::Unsupported(format!(
                    "this CPU cannot run {isa} kernels (it has: {}); use --isa auto or --isa generic",
                    cpu.names().join(", ")
                )));
            }
            if isa > allowed {
                return Err(Error::Unsupported(format!(
                    "ISA {isa} was requested but {ISA_ENV} caps it at {allowed}"
                )));
            }
            Ok(target_at(isa, dtype))
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn sysfs_cache_sizes_parse() {
        assert_eq!(super::parse_cache_size("512K"), Some(512 << 10));
        assert_eq!(super::parse_cache_size("2M"), Some(2 << 20));
        assert_eq!(super::parse_cache_size("4096"), Some(4096));
        assert_eq!(super::parse_cache_size("0K"), None);
        assert_eq!(super::parse_cache_size("1G"), None);
        assert_eq!(super::parse_cache_size(""), None);
    }

    use super::*;

    #[test]
    fn cranelift_is_beside_the_ladder() {
        let cpu = CpuFeatures::detect();
        // Auto picks a ladder level, never Cranelift (unless the environment
        // names it, which the test suite does not).
        if std::env::var(ISA_ENV).is_err() {
            assert_ne!(
                resolve(None, Dtype::F32).unwrap().backend,
                Backend::Cranelift
            );
        }
        // An explicit request depends on the host alone.
        match resolve(Some(IsaChoice::Cranelift), Dtype::F32) {
            Ok(t) => {
                assert_eq!(t.backend, Backend::Cranelift);
                assert!(cpu.supports(IsaChoice::Cranelift));
            }
            Err(e) => {
                assert!(!cpu.supports(IsaChoice::Cranelift));
                assert!(e.to_string().contains("Cranelift"), "{e}");
            }
        }
        let e = resolve(Some(IsaChoice::Cranelift), Dtype::Int8).unwrap_err();
        assert!(e.to_string().contains("only f32"), "{e}");
    }

    #[test]
    fn a_level_gives_the_highest_family_the_cpu_runs() {
        let cpu = CpuFeatures::detect();
        for level in Isa::LADDER {
            for dtype in [Dtype::F32, Dtype::Int8] {
                let t = target_at(level, dtype);
                assert!(t.isa <= level && cpu.runs(t.isa), "{level} {dtype}: {t}");
                assert_eq!(t.dtype, dtype);
                if t.backend == Backend::Generic {
                    assert!(
                        templates::dynasm_levels(dtype)
                            .iter()
                            .all(|&i| i > level || !cpu.runs(i))
                    );
                }
            }
        }
        // Generic is always there, and a level the CPU lacks is refused.
        assert_eq!(
            resolve(Some(Isa::Generic.into()), Dtype::F32).unwrap(),
            Target::generic(Dtype::F32)
        );
        for isa in Isa::LADDER.into_iter().filter(|&i| !cpu.runs(i)) {
            let e = resolve(Some(isa.into()), Dtype::F32).unwrap_err();
            assert!(e.to_string().contains("cannot run"), "{e}");
        }
    }
}
