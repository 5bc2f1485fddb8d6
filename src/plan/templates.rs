//! The kernel templates in `templates/`, embedded at build time and parsed
//! once. A template names a kernel family (ISA, dtype, block shapes), the
//! default register tile per block height, and the knob ranges a tuner may
//! try. Planner, CLI, tests and benches all read the families from here.

use super::{Backend, Dtype, Isa, Mac, RegisterTile, Target};
use crate::error::{Error, Result};
use crate::sparse::BlockShape;
use serde::Deserialize;
use std::sync::OnceLock;

/// The embedded template files: (file name, TOML text).
pub const SOURCES: &[(&str, &str)] = &[
    (
        "f32_spmm_avx2.toml",
        include_str!("../../templates/f32_spmm_avx2.toml"),
    ),
    (
        "f32_spmm_avx512.toml",
        include_str!("../../templates/f32_spmm_avx512.toml"),
    ),
    (
        "f32_spmm_cranelift.toml",
        include_str!("../../templates/f32_spmm_cranelift.toml"),
    ),
    (
        "s8_spmm_avx2.toml",
        include_str!("../../templates/s8_spmm_avx2.toml"),
    ),
    (
        "s8_spmm_avxvnni.toml",
        include_str!("../../templates/s8_spmm_avxvnni.toml"),
    ),
    (
        "s8_spmm_avx512vnni.toml",
        include_str!("../../templates/s8_spmm_avx512vnni.toml"),
    ),
];

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub family: String,
    /// The level the family's code needs; absent for a backend that
    /// targets whatever the host has (Cranelift).
    #[serde(default)]
    pub isa: Option<Isa>,
    pub dtype: Dtype,
    pub backend: Backend,
    pub lanes: usize,
    pub registers: usize,
    /// Registers kept outside the tile when the family reserves a fixed set
    /// (the AVX-512 epilogue); otherwise the inner loop's registers (the X
    /// vectors, the broadcast and `loop_temps`) and the epilogue's
    /// (`EPILOGUE_TEMPS`, and for INT8 each vector's token scales and
    /// offsets) share what the tile leaves.
    #[serde(default)]
    pub reserved: Option<usize>,
    /// Registers the inner loop needs beyond the X vectors and the weight
    /// broadcast (AVX2 INT8: a vector of ones and a product).
    #[serde(default)]
    pub loop_temps: usize,
    /// The multiply-accumulates this family can emit, the default first
    /// (fp32 families: `fma` only).
    #[serde(default)]
    macs: Vec<Mac>,
    /// Whether the family can gather single-k X rows into VNNI lanes for
    /// narrow blocks (`KernelPlan::gather`).
    #[serde(default)]
    pub gather: bool,
    /// Vector temporaries this family's epilogue needs beside the tile,
    /// when it differs from the x86 epilogue's `EPILOGUE_TEMPS`.
    #[serde(default)]
    pub epilogue_temps: Option<usize>,
    blocks: Vec<String>,
    #[serde(rename = "tile")]
    tiles: Vec<TileDefault>,
    pub knobs: Knobs,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TileDefault {
    block_rows: usize,
    rows: usize,
    vecs: usize,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knobs {
    pub rows: Vec<usize>,
    pub vecs: Vec<usize>,
}

impl Template {
    /// `family__isa` (or `family__backend` for a host-ISA backend).
    pub fn name(&self) -> String {
        format!(
            "{}__{}",
            self.family,
            self.isa.map_or(self.backend.name(), |i| i.name())
        )
    }

    /// The multiply-accumulates this family can emit, the default first.
    pub fn macs(&self) -> &[Mac] {
        if self.macs.is_empty() {
            &[Mac::Fma]
        } else {
            &self.macs
        }
    }

    /// The block shapes this family compiles.
    pub fn blocks(&self) -> Vec<BlockShape> {
        self.blocks
            .iter()
            .map(|b| {
                b.parse()
                    .expect("template block shapes are checked by a test")
            })
            .collect()
    }

    pub fn supports(&self, block: BlockShape) -> bool {
        self.blocks().contains(&block)
    }

    /// The default register tile for `block`.
    pub fn default_tile(&self, block: BlockShape) -> Result<RegisterTile> {
        self.tiles
            .iter()
            .find(|t| t.block_rows == block.rows)
            .map(|t| RegisterTile {
                rows: t.rows,
                vecs: t.vecs,
            })
            .ok_or_else(|| {
                Error::Unsupported(format!(
                    "template {} has no tile for {}-row blocks",
                    self.family, block.rows
                ))
            })
    }

    /// Registers one row of `tile` takes in this family (`None` when its
    /// tokens do not fill whole registers).
    pub fn regs_per_row(&self, tile: RegisterTile) -> Option<usize> {
        let lanes = tile.vecs * 8;
        lanes
            .is_multiple_of(self.lanes)
            .then_some(lanes / self.lanes)
    }

    /// Whether `tile` fits the register file with the epilogue's temporaries
    /// and lies within the knob ranges.
    pub fn tile_is_legal(&self, tile: RegisterTile) -> bool {
        let Some(v) = self.regs_per_row(tile) else {
            return false;
        };
        let epilogue = match self.dtype {
            Dtype::F32 => self.epilogue_temps.unwrap_or(EPILOGUE_TEMPS),
            // Per vector a token-scale and a token-offset register, and
            // three for the broadcast row scale, compensation and bias.
            Dtype::Int8 => (2 * v + 3).max(EPILOGUE_TEMPS),
        };
        let outside = self
            .reserved
            .unwrap_or((v + 1 + self.loop_temps).max(epilogue));
        self.knobs.rows.contains(&tile.rows)
            && self.knobs.vecs.contains(&tile.vecs)
            && v <= outside
            && tile.rows * v + outside <= self.registers
    }

    /// Every legal tile within the knob ranges, for a tuner to try.
    pub fn legal_tiles(&self) -> Vec<RegisterTile> {
        let mut out = Vec::new();
        for &rows in &self.knobs.rows {
            for &vecs in &self.knobs.vecs {
                let t = RegisterTile { rows, vecs };
                if self.tile_is_legal(t) {
                    out.push(t);
                }
            }
        }
        out
    }
}

/// Vector temporaries the x86 epilogue needs beyond the accumulators: four
/// for the 4×8 transpose's unpacks (or GELU's polynomial). The transposed
/// rows go back into the tile's own dead registers.
pub const EPILOGUE_TEMPS: usize = 4;

/// All templates, parsed once.
pub fn all() -> &'static [Template] {
    static PARSED: OnceLock<Vec<Template>> = OnceLock::new();
    PARSED.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(name, text)| {
                toml::from_str(text).unwrap_or_else(|e| panic!("templates/{name} is invalid: {e}"))
            })
            .collect()
    })
}

/// The template a target's plans come from. The generic backend has no
/// code of its own but shares the packed-panel layout (and so the tiles) of
/// the dynasm AVX2 family of its dtype.
pub fn for_target(target: Target) -> Result<&'static Template> {
    let (backend, isa) = match target.backend {
        Backend::Generic => (Backend::Dynasm, Some(Isa::Avx2)),
        Backend::Dynasm => (Backend::Dynasm, Some(target.isa)),
        Backend::Cranelift => (Backend::Cranelift, None),
    };
    all()
        .iter()
        .find(|t| {
            t.backend == backend && t.dtype == target.dtype && (isa.is_none() || t.isa == isa)
        })
        .ok_or_else(|| {
            Error::Unsupported(format!("no {} kernel family for {}", target.dtype, target))
        })
}

/// The dynasm families of `dtype`, lowest level first: the levels a CPU may
/// pick from for that dtype.
pub fn dynasm_levels(dtype: Dtype) -> Vec<Isa> {
    let mut levels: Vec<Isa> = all()
        .iter()
        .filter(|t| t.backend == Backend::Dynasm && t.dtype == dtype)
        .filter_map(|t| t.isa)
        .collect();
    levels.sort();
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What each backend's code assumes: (backend, ISA, dtype, lanes per
    /// vector register (32-bit lanes: fp32 values or int32 accumulators),
    /// vector registers it allocates from, fp32 epilogue temporaries
    /// beside the tile when no fixed set is reserved).
    type Assumed = (Backend, Option<Isa>, Dtype, usize, usize, Option<usize>);
    const BACKENDS: &[Assumed] = &[
        // dynasm: 8 lanes per ymm, 16 ymm in AVX2; the x86 epilogue's 4.
        (
            Backend::Dynasm,
            Some(Isa::Avx2),
            Dtype::F32,
            8,
            16,
            Some(EPILOGUE_TEMPS),
        ),
        // dynasm + EVEX: 16 lanes per zmm, 32 zmm in AVX-512 (a reserved set).
        (Backend::Dynasm, Some(Isa::Avx512), Dtype::F32, 16, 32, None),
        // Cranelift: f32x4 (its x64 backend has no 256-bit vectors) and the
        // 16 xmm its register allocator uses (it never touches xmm16..31).
        // Its GELU holds z, z², p, q and a constant at once: 5 temporaries
        // (the 4×4 transpose needs 4).
        (Backend::Cranelift, None, Dtype::F32, 4, 16, Some(5)),
        // INT8: int32 accumulators, 8 per ymm and 16 per zmm.
        (Backend::Dynasm, Some(Isa::Avx2), Dtype::Int8, 8, 16, None),
        (
            Backend::Dynasm,
            Some(Isa::AvxVnni),
            Dtype::Int8,
            8,
            16,
            None,
        ),
        (
            Backend::Dynasm,
            Some(Isa::Avx512Vnni),
            Dtype::Int8,
            16,
            32,
            None,
        ),
    ];

    #[test]
    fn templates_parse_and_agree_with_the_code() {
        assert_eq!(all().len(), BACKENDS.len(), "one template per backend");
        for t in all() {
            let &(.., lanes, registers, temps) = BACKENDS
                .iter()
                .find(|b| (b.0, b.1, b.2) == (t.backend, t.isa, t.dtype))
                .unwrap_or_else(|| panic!("{}: no backend for {:?}", t.family, t.isa));
            assert_eq!(t.lanes, lanes, "{}: lanes per vector register", t.name());
            assert_eq!(t.registers, registers, "{}: vector registers", t.name());
            if let Some(temps) = temps {
                assert_eq!(
                    t.epilogue_temps.unwrap_or(EPILOGUE_TEMPS),
                    temps,
                    "{}: epilogue temporaries",
                    t.name()
                );
            }
            for b in t.blocks() {
                let tile = t.default_tile(b).unwrap();
                assert!(
                    t.tile_is_legal(tile),
                    "{}: default tile {tile:?} is illegal",
                    t.family
                );
                assert!(
                    tile.rows % b.rows == 0 || b.rows % tile.rows == 0,
                    "tile rows {} and block rows {} must nest",
                    tile.rows,
                    b.rows
                );
            }
            // Every block shape the sparse format supports has a kernel.
            for b in BlockShape::all() {
                assert!(t.supports(b), "{} lacks block {b}", t.family);
            }
        }
        for dtype in [Dtype::F32, Dtype::Int8] {
            assert!(for_target(Target::generic(dtype)).is_ok());
        }
        assert_eq!(dynasm_levels(Dtype::F32), [Isa::Avx2, Isa::Avx512]);
        assert_eq!(
            dynasm_levels(Dtype::Int8),
            [Isa::Avx2, Isa::AvxVnni, Isa::Avx512Vnni]
        );
        // The families' multiply-accumulates are the ones the emitter has.
        for t in all() {
            let ok: &[Mac] = match (t.dtype, t.isa) {
                (Dtype::F32, _) => &[Mac::Fma],
                (Dtype::Int8, Some(Isa::Avx2)) => &[Mac::Maddubs7, Mac::Maddwd16],
                (Dtype::Int8, _) => &[Mac::Dpbusd],
            };
            assert_eq!(t.macs(), ok, "{}", t.name());
        }
        assert!(for_target(Target::dynasm(Isa::AvxVnni, Dtype::F32)).is_err());
    }

    /// The legality rule is the one each template states. Cranelift's says
    /// `rows·v + max(v + 1, 5) ≤ 16`; with the x86 epilogue's 4 a 6-row
    /// tile of one 8-token vector (v = 2: 12 + 4 = 16) would pass.
    #[test]
    fn legality_uses_each_familys_epilogue_temporaries() {
        let cranelift = Target {
            backend: Backend::Cranelift,
            isa: Isa::Generic,
            dtype: Dtype::F32,
        };
        let mut t = for_target(cranelift).unwrap().clone();
        t.knobs.rows.push(6);
        let six = RegisterTile { rows: 6, vecs: 1 };
        assert!(!t.tile_is_legal(six), "rule: 12 + max(3, 5) = 17 > 16");
        t.epilogue_temps = Some(EPILOGUE_TEMPS);
        assert!(t.tile_is_legal(six), "with 4 temporaries it fits exactly");
    }
}
