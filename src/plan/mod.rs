//! What to compute: the `KernelPlan` (pure data, no pointers, the cache key
//! together with the pattern hash) and the `Schedule` that lays a BSR
//! pattern out as register-tile groups and steps for the emitters.
//!
//! A plan is chosen from the kernel templates in `templates/`: the template
//! for the ISA supplies the register tile for the block shape.

pub mod schedule;
pub mod templates;

use crate::error::{Error, Result};
use crate::sparse::BlockShape;
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

pub use schedule::{Group, Schedule, Step};

/// A kernel family's target. `Generic` and `Avx2` form a ladder of levels
/// that nest (`Avx2` implies the CPU can also run everything `Generic`
/// does), and the derived order is that ladder. `Cranelift` is not on it: it
/// is a second backend beside the ladder (portable code for whatever host
/// Cranelift supports, using the host's features), chosen only when asked
/// for by name; see `runtime::cpu` for how it is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Isa {
    /// Plain Rust: the generic BSR kernel, no generated code.
    Generic,
    /// x86-64 with AVX2 and FMA3, emitted by the dynasmrt backend.
    Avx2,
    /// x86-64 with AVX-512 F and VL: the dynasmrt backend's 512-bit kernels
    /// (FMAs broadcast their weight straight from memory; EVEX encoded by
    /// `codegen::x86::evex`).
    Avx512,
    /// The host's own vector ISA through cranelift-codegen (128-bit vectors,
    /// FMA required), emitted by `codegen::cranelift`.
    Cranelift,
}

impl Isa {
    pub fn name(self) -> &'static str {
        match self {
            Isa::Generic => "generic",
            Isa::Avx2 => "avx2",
            Isa::Avx512 => "avx512",
            Isa::Cranelift => "cranelift",
        }
    }

    /// Whether this ISA is on the ladder of nesting levels that
    /// `SPARSEJIT_ISA` caps (`Cranelift` is beside it).
    pub fn is_level(self) -> bool {
        self != Isa::Cranelift
    }

    /// The template family whose tiles and panel layout this ISA uses: the
    /// generic kernel shares the packed-panel layout of the AVX2 family.
    fn template(self) -> &'static templates::Template {
        let family = match self {
            Isa::Generic | Isa::Avx2 => Isa::Avx2,
            Isa::Avx512 => Isa::Avx512,
            Isa::Cranelift => Isa::Cranelift,
        };
        templates::for_isa(family).expect("every family's template is embedded")
    }
}

impl fmt::Display for Isa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Isa {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "generic" => Ok(Isa::Generic),
            "avx2" => Ok(Isa::Avx2),
            "avx512" => Ok(Isa::Avx512),
            "cranelift" => Ok(Isa::Cranelift),
            other => Err(Error::InvalidArgument(format!(
                "unknown ISA '{other}': use generic, avx2, avx512 or cranelift"
            ))),
        }
    }
}

/// The activation fused into the kernel's store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Activation {
    #[default]
    None,
    Relu,
    /// The exact (erf) GELU of `torch.nn.GELU()`, evaluated with a rational
    /// erf approximation whose error is bounded in `reference::act`.
    Gelu,
}

impl Activation {
    pub fn name(self) -> &'static str {
        match self {
            Activation::None => "none",
            Activation::Relu => "relu",
            Activation::Gelu => "gelu",
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Activation {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Activation::None),
            "relu" => Ok(Activation::Relu),
            "gelu" => Ok(Activation::Gelu),
            other => Err(Error::InvalidArgument(format!(
                "unknown activation '{other}': use none, relu or gelu"
            ))),
        }
    }
}

/// What happens to an accumulator before it is stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Epilogue {
    pub bias: bool,
    pub activation: Activation,
}

/// The register tile: `rows` output rows × `vecs` vectors of 8 tokens.
/// A "vector" is 8 tokens in every family so that panels stay `8 · vecs`
/// tokens wide; a backend with narrower registers holds one as several
/// (the Cranelift family: two f32x4), one with wider registers holds
/// several in one (the AVX-512 family: two per zmm, so `vecs` is even).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RegisterTile {
    pub rows: usize,
    pub vecs: usize,
}

impl RegisterTile {
    /// Tokens per X panel: the N width one tile covers.
    pub fn panel_width(self) -> usize {
        8 * self.vecs
    }
}

/// Everything that decides the generated code except the pattern itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KernelPlan {
    /// `M`: output features (weight rows).
    pub m: usize,
    /// `K`: input features (weight columns).
    pub k: usize,
    pub block: BlockShape,
    pub isa: Isa,
    pub tile: RegisterTile,
    pub epilogue: Epilogue,
    /// Floats between consecutive token rows of the kernel's output. `M`
    /// unless that is a multiple of 512 floats: then every token row of a
    /// panel falls in the same few L1 sets, the tile's 16 scattered stores
    /// per row group evict each other, and small-K layers run at half speed.
    /// The kernel then writes rows `M + 16` floats apart into a staging
    /// buffer the runtime copies out.
    pub ldy: usize,
}

/// The output row stride for `m` output features (see `KernelPlan::ldy`).
pub fn output_stride(m: usize) -> usize {
    if (m * 4).is_multiple_of(2048) {
        m + 16
    } else {
        m
    }
}

impl KernelPlan {
    /// The plan the template for `isa` gives for this shape and block.
    pub fn new(
        m: usize,
        k: usize,
        block: BlockShape,
        isa: Isa,
        epilogue: Epilogue,
    ) -> Result<Self> {
        let template = isa.template();
        if !template.supports(block) {
            return Err(Error::Unsupported(format!(
                "block {block} is not in template {}",
                template.family
            )));
        }
        let tile = template.default_tile(block)?;
        Self::with_tile(m, k, block, isa, epilogue, tile)
    }

    /// A plan with an explicit register tile, checked against the template.
    pub fn with_tile(
        m: usize,
        k: usize,
        block: BlockShape,
        isa: Isa,
        epilogue: Epilogue,
        tile: RegisterTile,
    ) -> Result<Self> {
        let template = isa.template();
        if !template.tile_is_legal(tile) {
            return Err(Error::Unsupported(format!(
                "register tile {}x{} does not fit template {}",
                tile.rows,
                tile.panel_width(),
                template.family
            )));
        }
        if !tile.rows.is_multiple_of(block.rows) && !block.rows.is_multiple_of(tile.rows) {
            return Err(Error::Unsupported(format!(
                "tile of {} rows does not nest with {}-row blocks",
                tile.rows, block.rows
            )));
        }
        // Displacements are 32-bit immediates: one X panel and one panel of
        // output rows must each stay below 2 GiB.
        let limit = i32::MAX as usize / 4 / tile.panel_width();
        if m == 0 || k == 0 || m > limit || k > limit {
            return Err(Error::Unsupported(format!(
                "shape {m}x{k} is outside 1..={limit} in each dimension"
            )));
        }
        Ok(Self {
            m,
            k,
            block,
            isa,
            tile,
            epilogue,
            ldy: output_stride(m),
        })
    }

    /// The kernel's name: everything that decides its code, in XNNPACK's
    /// style, reused by the dump header, the bench rows and the logs.
    pub fn kernel_name(&self) -> String {
        let mut name = format!(
            "f32_bsr{}_spmm_{}x{}__{}",
            self.block,
            self.tile.rows,
            self.tile.panel_width(),
            self.isa
        );
        if self.epilogue.bias {
            name.push_str("_bias");
        }
        if self.epilogue.activation != Activation::None {
            name.push('_');
            name.push_str(self.epilogue.activation.name());
        }
        name
    }
}

impl fmt::Display for KernelPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "M={} K={} block={} isa={} tile={}x{} (rows x tokens) bias={} act={}",
            self.m,
            self.k,
            self.block,
            self.isa,
            self.tile.rows,
            self.tile.panel_width(),
            self.epilogue.bias,
            self.epilogue.activation
        )?;
        if self.ldy != self.m {
            write!(f, " ldy={}", self.ldy)?;
        }
        Ok(())
    }
}
