//! Differential property tests: every backend the machine can run against
//! the f64 oracle, on random shapes, block shapes, sparsities (0 to 100%),
//! N from 1 to 600, with and without bias, each activation, 1 to 8 threads
//! (more threads than panels splits groups and panels at once; the 2-core
//! machines this runs on are oversubscribed, which is fine).
//! proptest's seed is fixed by `PROPTEST_RNG_SEED` when set, and failures
//! are shrunk and printed as a `Case`.

mod common;
use common::{Case, isas};
use proptest::prelude::*;

fn case() -> impl Strategy<Value = Case> {
    common::case_strategy(1..200, 1..300, 1..=600, 1..=8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn every_backend_matches_the_oracle(c in case()) {
        for isa in isas() {
            prop_assert!(c.check(isa).is_ok(), "{}", c.check(isa).unwrap_err());
        }
    }
}

/// Every legal register tile of the Cranelift template, natively, with
/// every block shape whose rows nest with it and each epilogue, against the
/// oracle. The dynasm templates' tiles run in tests/emulated.rs (the
/// interpreter reads only x86 code the crate emits, not Cranelift's); the
/// tuner tries dynasm tiles only, but `LinearOptions::tile` (`--tile`)
/// takes any legal one.
#[test]
fn every_cranelift_tile_matches_the_oracle() {
    use sparsejit::IsaChoice;
    use sparsejit::plan::{Backend, Dtype, Isa, Target, templates};
    if !common::runs(IsaChoice::Cranelift, Dtype::F32) {
        return;
    }
    let target = Target {
        backend: Backend::Cranelift,
        isa: Isa::Generic,
        dtype: Dtype::F32,
    };
    let template = templates::for_target(target).unwrap();
    let mut ran = 0;
    for tile in template.legal_tiles() {
        for mut c in common::tile_cases(tile) {
            c.seed = ran;
            let r = c.check_tile(IsaChoice::Cranelift, Some(tile), &c.weights());
            assert!(r.is_ok(), "tile {tile:?}: {}", r.unwrap_err());
            ran += 1;
        }
    }
    assert!(ran > 100, "{ran} configurations");
}

/// Every legal register tile of the AVX2 fp32 template K-blocked (what
/// `--tune` may pick: a tile, then a K-block), natively, against the
/// oracle: K = 23 in blocks of 16 rows runs a first block (zeroed tiles,
/// sums stored) and a last (sums reloaded, epilogue); the proptest above
/// runs the middle blocks and the empty ones on the default tiles.
#[test]
fn every_avx2_tile_k_blocked_matches_the_oracle() {
    use sparsejit::IsaChoice;
    use sparsejit::plan::{Dtype, Isa, Target, templates};
    let choice = IsaChoice::Level(Isa::Avx2);
    if !common::runs(choice, Dtype::F32) {
        return;
    }
    let template = templates::for_target(Target::dynasm(Isa::Avx2, Dtype::F32)).unwrap();
    let mut ran = 0;
    for tile in template.legal_tiles() {
        for mut c in common::tile_cases(tile) {
            c.seed = ran;
            c.k_block = 16;
            let r = c.check_tile(choice, Some(tile), &c.weights());
            assert!(r.is_ok(), "tile {tile:?}: {}", r.unwrap_err());
            ran += 1;
        }
    }
    assert!(ran > 100, "{ran} configurations");
}

/// `SPARSEJIT_REQUIRE_ISA` (set by `.ci/run` from `sparsejit info`) names
/// every kernel family this machine runs; each must really be available,
/// so a test path switched off by mistake fails here even if no other test
/// asks for it.
#[test]
fn required_isas_run_here() {
    for choice in common::required() {
        assert!(common::runs(choice, sparsejit::plan::Dtype::F32));
    }
}
