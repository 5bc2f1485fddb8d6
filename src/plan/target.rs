//! Where and how a kernel runs: its [`Target`], made of the backend that
//! produces it, the instruction-set level its code needs and the dtype it
//! computes in; and [`IsaChoice`], what a user names with `--isa`,
//! `SPARSEJIT_ISA` or `LinearOptions::isa`, which `runtime::cpu` resolves
//! into a target for one dtype.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// An instruction-set level. Levels form a ladder in the derived order, and
/// `SPARSEJIT_ISA` caps it. A CPU runs a level when it has all of that
/// level's features (see `runtime::cpu`); a higher level need not contain a
/// lower one on every CPU (Zen 4 has AVX-512 VNNI but not AVX-VNNI), so
/// "can run" is asked per level, never inferred from the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Isa {
    /// Nothing beyond the baseline: only the generic backend runs here.
    Generic,
    /// AVX2 and FMA3 on ymm.
    Avx2,
    /// AVX2 plus the VEX-encoded `vpdpbusd` on ymm (Alder Lake and later
    /// client cores, Sapphire Rapids, Zen 5).
    #[serde(rename = "avxvnni")]
    AvxVnni,
    /// AVX-512 F and VL on zmm.
    Avx512,
    /// AVX-512 with VNNI (`vpdpbusd` on zmm): Cascade Lake, Ice Lake,
    /// Sapphire Rapids, Zen 4 and later.
    #[serde(rename = "avx512vnni")]
    Avx512Vnni,
}

impl Isa {
    /// Every level, lowest first.
    pub const LADDER: [Isa; 5] = [
        Isa::Generic,
        Isa::Avx2,
        Isa::AvxVnni,
        Isa::Avx512,
        Isa::Avx512Vnni,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Isa::Generic => "generic",
            Isa::Avx2 => "avx2",
            Isa::AvxVnni => "avxvnni",
            Isa::Avx512 => "avx512",
            Isa::Avx512Vnni => "avx512vnni",
        }
    }

    /// Whether the code uses 512-bit zmm registers (and EVEX encodings).
    pub fn is_wide(self) -> bool {
        matches!(self, Isa::Avx512 | Isa::Avx512Vnni)
    }
}

impl fmt::Display for Isa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Who produces the kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// No generated code: the plain-Rust generic kernel reads the indices
    /// at run time.
    Generic,
    /// The dynasmrt x86-64 emitter (`codegen::x86`).
    Dynasm,
    /// cranelift-codegen (`codegen::cranelift`): portable code for the
    /// host's own vector ISA.
    Cranelift,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Generic => "generic",
            Backend::Dynasm => "dynasm",
            Backend::Cranelift => "cranelift",
        }
    }
}

/// What the kernel computes in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
pub enum Dtype {
    /// fp32 weights and activations, fp32 FMAs.
    #[default]
    #[serde(rename = "f32")]
    F32,
    /// s8 weights (one scale per output row) × u8 activations (one scale
    /// and offset per token), int32 accumulators, an fp32 epilogue.
    #[serde(rename = "int8")]
    Int8,
}

impl Dtype {
    pub fn name(self) -> &'static str {
        match self {
            Dtype::F32 => "f32",
            Dtype::Int8 => "int8",
        }
    }

    /// The prefix of kernel names, in XNNPACK's style: the weights' type.
    pub fn kernel_prefix(self) -> &'static str {
        match self {
            Dtype::F32 => "f32",
            Dtype::Int8 => "s8",
        }
    }
}

impl fmt::Display for Dtype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dtype {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "f32" | "fp32" | "float32" => Ok(Dtype::F32),
            "int8" | "i8" | "s8" => Ok(Dtype::Int8),
            other => Err(Error::InvalidArgument(format!(
                "unknown dtype '{other}': use f32 or int8"
            ))),
        }
    }
}

/// How an INT8 kernel multiplies and accumulates: the instruction, and so
/// the k-granule (consecutive k per 4-byte weight word and X element) and
/// the activation codes it can take without overflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mac {
    /// fp32: `vfmadd231ps` (or Cranelift's `fma`), one k per word.
    Fma,
    /// `vpdpbusd`: 4 u8 × s8 products summed into int32 (AVX-512 VNNI,
    /// AVX-VNNI).
    Dpbusd,
    /// `vpmaddubsw` + `vpmaddwd` (with ones) + `vpaddd`: 4 u8 × s8 products,
    /// with activations limited to 7 bits so the pairwise s16 sum of
    /// `vpmaddubsw` cannot saturate (AVX2).
    Maddubs7,
    /// `vpmaddwd` + `vpaddd` on activations and weights widened to s16: 2
    /// products per word, full 8-bit activations, half the work per
    /// instruction (AVX2).
    Maddwd16,
}

impl Mac {
    pub fn name(self) -> &'static str {
        match self {
            Mac::Fma => "fma",
            Mac::Dpbusd => "dpbusd",
            Mac::Maddubs7 => "maddubs7",
            Mac::Maddwd16 => "maddwd16",
        }
    }

    /// Consecutive k one 4-byte weight word (and one X element) holds.
    pub fn granule(self) -> usize {
        match self {
            Mac::Fma => 1,
            Mac::Dpbusd | Mac::Maddubs7 => 4,
            Mac::Maddwd16 => 2,
        }
    }

    /// The largest activation code (`quant::Qmax`); fp32 has none.
    pub fn qmax(self) -> u8 {
        match self {
            Mac::Maddubs7 => 127,
            _ => 255,
        }
    }
}

impl FromStr for Mac {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        [Mac::Fma, Mac::Dpbusd, Mac::Maddubs7, Mac::Maddwd16]
            .into_iter()
            .find(|m| m.name() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "unknown multiply-accumulate '{s}': use fma, dpbusd, maddubs7 or maddwd16"
                ))
            })
    }
}

/// Everything about where a kernel runs that decides its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    pub backend: Backend,
    /// The level the code needs: `Generic` for the generic backend, the
    /// template's level for dynasm, the host's level for Cranelift (whose
    /// code may use every feature the host has).
    pub isa: Isa,
    pub dtype: Dtype,
}

impl Target {
    /// The generic backend for `dtype`.
    pub fn generic(dtype: Dtype) -> Self {
        Self {
            backend: Backend::Generic,
            isa: Isa::Generic,
            dtype,
        }
    }

    /// The dynasm backend at `isa`.
    pub fn dynasm(isa: Isa, dtype: Dtype) -> Self {
        Self {
            backend: Backend::Dynasm,
            isa,
            dtype,
        }
    }

    /// Whether this target runs generated code.
    pub fn is_jit(self) -> bool {
        self.backend != Backend::Generic
    }

    /// The name kernels, listings and bench rows use for where the code
    /// runs: the ISA for dynasm code, else the backend.
    pub fn name(self) -> &'static str {
        match self.backend {
            Backend::Dynasm => self.isa.name(),
            other => other.name(),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a user asks for: a level of the ladder (capped by `SPARSEJIT_ISA`),
/// or the Cranelift backend, which stands beside the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IsaChoice {
    Level(Isa),
    Cranelift,
}

impl IsaChoice {
    pub fn name(self) -> &'static str {
        match self {
            IsaChoice::Level(isa) => isa.name(),
            IsaChoice::Cranelift => "cranelift",
        }
    }
}

impl From<Isa> for IsaChoice {
    fn from(isa: Isa) -> Self {
        IsaChoice::Level(isa)
    }
}

impl fmt::Display for IsaChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The names `--isa` and `SPARSEJIT_ISA` accept besides `auto`.
pub const ISA_NAMES: &str = "generic, avx2, avxvnni, avx512, avx512vnni or cranelift";

impl FromStr for IsaChoice {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_ascii_lowercase();
        if s == "cranelift" {
            return Ok(IsaChoice::Cranelift);
        }
        Isa::LADDER
            .into_iter()
            .find(|isa| isa.name() == s)
            .map(IsaChoice::Level)
            .ok_or_else(|| Error::InvalidArgument(format!("unknown ISA '{s}': use {ISA_NAMES}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for isa in Isa::LADDER {
            assert_eq!(
                isa.name().parse::<IsaChoice>().unwrap(),
                IsaChoice::Level(isa)
            );
        }
        assert_eq!(
            "Cranelift".parse::<IsaChoice>().unwrap(),
            IsaChoice::Cranelift
        );
        let e = "sse9".parse::<IsaChoice>().unwrap_err().to_string();
        assert!(e.contains("avx512vnni"), "{e}");
        for d in [Dtype::F32, Dtype::Int8] {
            assert_eq!(d.name().parse::<Dtype>().unwrap(), d);
        }
        assert!("bf16".parse::<Dtype>().is_err());
        assert!(Isa::LADDER.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn names_say_where_code_runs() {
        assert_eq!(
            Target::dynasm(Isa::Avx512Vnni, Dtype::Int8).name(),
            "avx512vnni"
        );
        assert_eq!(Target::generic(Dtype::F32).name(), "generic");
        let cl = Target {
            backend: Backend::Cranelift,
            isa: Isa::Avx2,
            dtype: Dtype::F32,
        };
        assert_eq!(cl.name(), "cranelift");
        assert!(!Target::generic(Dtype::Int8).is_jit() && cl.is_jit());
    }
}
