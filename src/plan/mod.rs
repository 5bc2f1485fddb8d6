//! What to compute: the `KernelPlan` (pure data, no pointers, the cache key
//! together with the pattern hash) and the `Schedule` that lays a BSR
//! pattern out as register-tile groups and steps for the emitters.
//!
//! A plan is chosen from the kernel templates in `templates/`: the template
//! for the ISA supplies the register tile for the block shape.

pub mod schedule;
pub mod target;
pub mod templates;

use crate::error::{Error, Result};
use crate::sparse::BlockShape;
use std::fmt;
use std::str::FromStr;

pub use schedule::{Group, Schedule, Step};
pub use target::{Backend, Dtype, ISA_NAMES, Isa, IsaChoice, Mac, Target};

/// The activation fused into the kernel's store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Activation {
    #[default]
    None,
    Relu,
    /// The exact (erf) GELU of `torch.nn.GELU()`, evaluated with a rational
    /// erf approximation whose error is bounded in `crate::gelu`.
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
    pub target: Target,
    /// The multiply-accumulate: `Fma` for fp32; one of the template's for
    /// INT8.
    pub mac: Mac,
    /// INT8 only: X rows hold one k (a byte per token), and each step
    /// gathers 4 of them, the stored columns of one row-block, into the
    /// 4-byte lanes a `vpdpbusd` reads, with the weights packed to match
    /// (SparseLib's 4x1 layout). Otherwise X rows hold granules of
    /// consecutive k, and narrow blocks are padded to them.
    pub gather: bool,
    pub tile: RegisterTile,
    pub epilogue: Epilogue,
    /// Floats between consecutive token rows of the kernel's output. `M`
    /// unless that is a multiple of 512 floats: then every token row of a
    /// panel falls in the same few L1 sets, the tile's 16 scattered stores
    /// per row group evict each other, and small-K layers run at half speed.
    /// The kernel then writes rows `M + 16` floats apart into a staging
    /// buffer the runtime copies out.
    pub ldy: usize,
    /// Input rows per K-block, or 0 for one block over the whole K. A
    /// K-blocked kernel runs every group over the first `k_block` rows of X
    /// for all its panels, keeps each tile's sums in the caller's partial
    /// buffer, then does the next block: X rows a sweep touches stay in L2
    /// (`Kb · tokens · 4` bytes) instead of the whole `K · tokens · 4`.
    /// Only dynasm kernels whose X is not gathered have it (see
    /// `with_k_block`).
    pub k_block: usize,
}

/// The K-block a plan gets by default on a CPU with `l2` bytes of L2: 0
/// (none) unless the X rows one sweep over the whole K touches at 128
/// tokens (`K · 128 · 4` bytes) pass half the L2; then blocks whose X
/// takes a quarter of it (256 rows on a 512 KiB L2). Measured on Zen 3
/// (512 KiB), MiniLM 70% at batch 1: its 384x1536 layers alone are
/// blocked, and the JIT layers took 27.9-31.5 ms instead of 33.4-36.6;
/// K = 384 layers, blocked too, ran 5-10% slower, hence the threshold.
///
/// AVX-512 kernels get none by default: measured on no AVX-512 machine
/// yet, their K-blocks are for `tune` (and `SPARSEJIT_K_BLOCK`) to try.
pub fn default_k_block(plan: &KernelPlan, l2: usize) -> usize {
    const TOKENS: usize = 128;
    let per_k = TOKENS * plan.x_bytes_per_k();
    if !plan.can_k_block() || plan.target.isa.is_wide() || plan.k * per_k <= l2 / 2 {
        return 0;
    }
    (l2 / 4 / per_k) / 16 * 16
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
    /// The plan the template for `target` gives for this shape and block.
    pub fn new(
        m: usize,
        k: usize,
        block: BlockShape,
        target: Target,
        epilogue: Epilogue,
    ) -> Result<Self> {
        let template = templates::for_target(target)?;
        if !template.supports(block) {
            return Err(Error::Unsupported(format!(
                "block {block} is not in template {}",
                template.name()
            )));
        }
        let tile = template.default_tile(block)?;
        Self::with_tile(m, k, block, target, epilogue, tile)
    }

    /// Whether this plan's family and multiply-accumulate can gather.
    pub fn can_gather(&self) -> bool {
        self.template().gather && self.mac.granule() == 4
    }

    /// The layout a template's family uses for `block` by default: gathered
    /// X for narrow blocks of two rows or more (their granules would be
    /// mostly padding, and a gathered quad serves every row of the block),
    /// granules otherwise.
    fn default_gather(&self) -> bool {
        self.can_gather() && self.block.rows >= 2 && self.block.cols < 4
    }

    /// This plan with another multiply-accumulate of its template.
    pub fn with_mac(mut self, mac: Mac) -> Result<Self> {
        let template = self.template();
        if !template.macs().contains(&mac) {
            return Err(Error::Unsupported(format!(
                "multiply-accumulate {} is not in template {} (it has {})",
                mac.name(),
                template.name(),
                template
                    .macs()
                    .iter()
                    .map(|m| m.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        self.mac = mac;
        // The layout follows the multiply-accumulate, whatever the plan had
        // before: a plan's X layout is always its family's default.
        self.gather = self.default_gather();
        if !self.can_k_block() {
            self.k_block = 0;
        }
        self.check_k()?;
        Ok(self)
    }

    /// INT8 accumulators must not overflow: K is bounded by the codes.
    fn check_k(&self) -> Result<()> {
        if self.target.dtype == Dtype::Int8 && self.k > crate::quant::max_k(self.mac.qmax()) {
            return Err(Error::Unsupported(format!(
                "K = {} is too large for INT8 with {}: its int32 accumulators hold K up to {}; use --dtype f32",
                self.k,
                self.mac.name(),
                crate::quant::max_k(self.mac.qmax())
            )));
        }
        Ok(())
    }

    /// Consecutive k per weight word and X element (1 for fp32).
    pub fn granule(&self) -> usize {
        self.mac.granule()
    }

    /// Rows of one X panel: a row per granule of K (each `NB` 4-byte
    /// elements), and for INT8 two more rows holding each token's
    /// quantization scale and offset (see `layout`).
    pub fn panel_rows(&self) -> usize {
        let rows = self.k.div_ceil(self.granule());
        match self.target.dtype {
            Dtype::F32 => rows,
            Dtype::Int8 => rows + 2,
        }
    }

    /// A plan with an explicit register tile, checked against the template.
    pub fn with_tile(
        m: usize,
        k: usize,
        block: BlockShape,
        target: Target,
        epilogue: Epilogue,
        tile: RegisterTile,
    ) -> Result<Self> {
        let template = templates::for_target(target)?;
        if !template.tile_is_legal(tile) {
            return Err(Error::Unsupported(format!(
                "register tile {}x{} does not fit template {}",
                tile.rows,
                tile.panel_width(),
                template.name()
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
        let plan = Self {
            m,
            k,
            block,
            target,
            mac: template.macs()[0],
            gather: false,
            tile,
            epilogue,
            ldy: output_stride(m),
            k_block: 0,
        };
        let plan = Self {
            gather: plan.default_gather(),
            ..plan
        };
        plan.check_k()?;
        Ok(plan)
    }

    /// This plan K-blocked in blocks of `rows` input rows (0, or `rows ≥ K`,
    /// for none). Blocks are whole multiples of 16 rows, so that a block's
    /// X stays in whole cache lines.
    pub fn with_k_block(mut self, rows: usize) -> Result<Self> {
        if rows == 0 || rows >= self.k {
            self.k_block = 0;
            return Ok(self);
        }
        if !self.can_k_block() {
            return Err(Error::Unsupported(format!(
                "K-blocks need a dynasm kernel whose X is not gathered, not {} {}{}",
                self.target,
                self.target.dtype,
                if self.gather { " (gathered)" } else { "" }
            )));
        }
        if !rows.is_multiple_of(16) {
            return Err(Error::InvalidArgument(format!(
                "a K-block of {rows} rows is not a multiple of 16"
            )));
        }
        self.k_block = rows;
        Ok(self)
    }

    /// Whether this plan's family has K-blocked kernels: the dynasm ones,
    /// fp32 and INT8 with X in granules (a gathering INT8 plan's steps
    /// take the tile's row-blocks in turn, not ascending k).
    pub fn can_k_block(&self) -> bool {
        self.target.backend == Backend::Dynasm && !self.gather
    }

    /// Bytes of X one input row takes per token: 4 for fp32, 4 / granule
    /// for INT8 (1 for u8 codes, 2 for u16).
    pub fn x_bytes_per_k(&self) -> usize {
        4 / self.granule()
    }

    /// The K-blocks: `k_block` rows each (the last may be shorter), or one
    /// block over K.
    pub fn k_blocks(&self) -> usize {
        if self.k_block == 0 {
            1
        } else {
            self.k.div_ceil(self.k_block)
        }
    }

    /// Floats of partial sums one group keeps per panel between K-blocks
    /// (0 for a plan without K-blocks).
    pub fn partial_floats(&self) -> usize {
        if self.k_block == 0 {
            0
        } else {
            self.tile.rows * self.tile.panel_width()
        }
    }

    /// The template this plan was made from.
    pub fn template(&self) -> &'static templates::Template {
        templates::for_target(self.target).expect("a plan is only made from a template")
    }

    /// Vector registers one row of the tile takes (a zmm holds two of the
    /// plan's 8-token vectors, a Cranelift f32x4 half of one).
    pub fn regs_per_row(&self) -> usize {
        self.template()
            .regs_per_row(self.tile)
            .expect("a plan's tile is legal for its template")
    }

    /// Whether the epilogue transposes the whole tile in zmm registers and
    /// stores each token's 16 outputs at once (the AVX-512 16×16 tile), or
    /// else transposes 4 rows × 8 tokens at a time. The emitter, the listing
    /// and the instruction-mix report all ask this.
    pub fn stores_whole_tile(&self) -> bool {
        self.target.backend == Backend::Dynasm
            && self.target.isa.is_wide()
            && self.tile.rows == 16
            && self.tile.panel_width() == 16
    }

    /// The kernel's name: everything that decides its code, in XNNPACK's
    /// style, reused by the dump header, the bench rows and the logs.
    pub fn kernel_name(&self) -> String {
        let mut name = format!(
            "{}_bsr{}_spmm_{}x{}__{}",
            self.target.dtype.kernel_prefix(),
            self.block,
            self.tile.rows,
            self.tile.panel_width(),
            self.target
        );
        if self.mac != self.template().macs()[0] {
            name.push('_');
            name.push_str(self.mac.name());
        }
        // Only a plan whose public `gather` was set by hand has another
        // layout than its family's default (the constructors and `with_mac`
        // always pick the default).
        if self.gather != self.default_gather() {
            name.push_str(if self.gather { "_gather" } else { "_words" });
        }
        if self.k_block != 0 {
            name.push_str(&format!("_kb{}", self.k_block));
        }
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
            "M={} K={} block={} dtype={} target={} mac={}{} tile={}x{} (rows x tokens) bias={} act={}",
            self.m,
            self.k,
            self.block,
            self.target.dtype,
            self.target,
            self.mac.name(),
            if self.gather { " gather" } else { "" },
            self.tile.rows,
            self.tile.panel_width(),
            self.epilogue.bias,
            self.epilogue.activation
        )?;
        if self.ldy != self.m {
            write!(f, " ldy={}", self.ldy)?;
        }
        if self.k_block != 0 {
            write!(f, " k_block={}", self.k_block)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    /// The default K-block follows the L2: none while a whole-K sweep's X
    /// at 128 tokens fits half of it, blocks of a quarter of it past that;
    /// only AVX2 fp32 has them by default, AVX-512 fp32 when asked, and
    /// an explicit K-block elsewhere is an error.
    #[test]
    fn k_blocks_follow_the_l2_and_the_family() {
        let block = BlockShape::new(4, 1).unwrap();
        let avx2 = Target::dynasm(Isa::Avx2, Dtype::F32);
        let plan = |k| KernelPlan::new(64, k, block, avx2, Epilogue::default()).unwrap();
        let l2 = 512 << 10;
        assert_eq!(default_k_block(&plan(384), l2), 0);
        assert_eq!(default_k_block(&plan(512), l2), 0);
        assert_eq!(default_k_block(&plan(1536), l2), 256);
        assert_eq!(default_k_block(&plan(1536), 2 << 20), 0);
        assert_eq!(default_k_block(&plan(3072), 2 << 20), 1024);
        let p = plan(1536).with_k_block(256).unwrap();
        assert_eq!((p.k_blocks(), p.partial_floats()), (6, 64));
        assert!(p.kernel_name().contains("_kb256"));
        assert_eq!(plan(100).with_k_block(256).unwrap().k_block, 0);
        assert!(plan(1536).with_k_block(100).is_err());
        // AVX-512: K-blocks only when asked for (not measured yet).
        let wide = Target::dynasm(Isa::Avx512, Dtype::F32);
        let p = KernelPlan::new(64, 1536, block, wide, Epilogue::default()).unwrap();
        assert_eq!(default_k_block(&p, l2), 0);
        assert_eq!(p.with_k_block(256).unwrap().k_blocks(), 6);
        let int8 = Target::dynasm(Isa::Avx2, Dtype::Int8);
        let p = KernelPlan::new(64, 1536, block, int8, Epilogue::default()).unwrap();
        assert_eq!(default_k_block(&p, l2), 0);
        assert!(p.with_k_block(256).is_err());
    }

    use super::*;

    /// A plan's X layout follows its multiply-accumulate: switching to
    /// one that cannot gather and back gives the gathering default again.
    /// (It kept granules before, a layout no test or tuner runs for 4x1
    /// blocks, under a `_words` name.)
    #[test]
    fn with_mac_restores_the_default_layout() {
        let block = BlockShape::new(4, 1).unwrap();
        let target = Target::dynasm(Isa::Avx2, Dtype::Int8);
        let plan = KernelPlan::new(64, 64, block, target, Epilogue::default()).unwrap();
        assert!(plan.gather);
        let words = plan.clone().with_mac(Mac::Maddwd16).unwrap();
        assert!(!words.gather);
        let back = words.with_mac(Mac::Maddubs7).unwrap();
        assert!(back.gather);
        assert_eq!(back.kernel_name(), plan.kernel_name());
    }
}
