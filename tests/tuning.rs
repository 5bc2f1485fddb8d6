//! The tuning file end to end, through the CLI: `tune` records variants,
//! `info` lists them, `dump` (like every compiling command) starts from
//! the recorded variant, and a broken file is ignored with a warning.

mod common;

use common::files::{linear_file, sparsejit_env};
use sparsejit::plan::{Dtype, Epilogue, KernelPlan};
use sparsejit::runtime::cpu;
use sparsejit::runtime::tuned::{TuneEntry, TuneKey, TuningFile};
use sparsejit::sparse::prune::random_block_sparse;
use sparsejit::{Activation, BlockShape};

fn env(path: &std::path::Path) -> [(&'static str, &str); 1] {
    [("SPARSEJIT_TUNING_FILE", path.to_str().unwrap())]
}

#[test]
fn tune_records_variants_that_info_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tuning.json");
    let args = [
        "tune",
        "--shape",
        "96x64",
        "--sparsity",
        "0.6",
        "--tokens",
        "16",
    ];
    let out = sparsejit_env(&args, &env(&path)).succeeds().stdout.clone();
    assert!(
        out.contains("recorded in") && out.contains("96x64"),
        "{out}"
    );
    let file = TuningFile::open(&path).unwrap();
    assert_eq!(file.entries().len(), 1, "{:?}", file.entries());
    let e = &file.entries()[0];
    assert_eq!(e.key.class, "k<=512,density>=20%");
    assert!(e.variant().is_some() && e.speedup >= 1.0, "{e:?}");
    let info = sparsejit_env(&["info"], &env(&path))
        .succeeds()
        .stdout
        .clone();
    assert!(info.contains("1 variants for this CPU"), "{info}");
    assert!(
        info.contains(&format!("tile {} {}", e.tile, e.mac)),
        "{info}"
    );
    // Targets without variants are refused, not "recorded".
    for isa in ["cranelift", "generic"] {
        let mut a = args.to_vec();
        a.extend(["--isa", isa]);
        sparsejit_env(&a, &env(&path)).fails_with("no kernel variants to tune");
    }
    // Off: nothing to record into, and the command says how to fix it.
    sparsejit_env(&args, &[("SPARSEJIT_TUNING_FILE", "off")]).fails_with("set it to a path");
}

#[test]
fn compiles_start_from_the_recorded_variant() {
    let target = cpu::resolve(None, Dtype::F32).unwrap();
    if !target.is_jit() || target.backend != sparsejit::plan::Backend::Dynasm {
        return;
    }
    let (m, k) = (64, 64);
    let block = BlockShape::new(4, 1).unwrap();
    let w = random_block_sparse(m, k, block, 0.7, 5);
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.safetensors");
    std::fs::write(&model, linear_file(&w, m, k, None)).unwrap();
    let epilogue = Epilogue {
        bias: false,
        activation: Activation::None,
    };
    let default = KernelPlan::new(m, k, block, target, epilogue).unwrap();
    // A legal tile other than the default, as the tuner might have found.
    let other = default
        .template()
        .legal_tiles()
        .into_iter()
        .find(|t| *t != default.tile && t.rows >= 4 && t.rows % 4 == 0)
        .expect("the template has more than one tile");
    let tuned = KernelPlan::with_tile(m, k, block, target, epilogue, other).unwrap();
    let density = w.iter().filter(|v| **v != 0.0).count() as f64 / (m * k) as f64;
    let path = dir.path().join("tuning.json");
    let mut file = TuningFile::open(&path).unwrap();
    file.record(TuneEntry {
        key: TuneKey::new(target.isa, Dtype::F32, block, k, density),
        tile: format!("{}x{}", other.rows, other.vecs),
        mac: default.mac.name().into(),
        k_block: None,
        speedup: 1.5,
        measured_on: "a test".into(),
    })
    .unwrap();
    let dump = ["dump", model.to_str().unwrap(), "--layer", "fc"];
    let out = sparsejit_env(&dump, &env(&path)).succeeds().stdout.clone();
    assert!(
        out.contains(&tuned.kernel_name()),
        "{}\n{out}",
        tuned.kernel_name()
    );
    let out = sparsejit_env(&dump, &[("SPARSEJIT_TUNING_FILE", "off")])
        .succeeds()
        .stdout
        .clone();
    assert!(out.contains(&default.kernel_name()), "{out}");
    // A recorded tile the template does not allow (a hand-edited file, or
    // one from another build): the defaults.
    let mut file = TuningFile::open(&path).unwrap();
    file.record(TuneEntry {
        tile: "3x7".into(),
        ..file.entries()[0].clone()
    })
    .unwrap();
    let out = sparsejit_env(&dump, &env(&path)).succeeds().stdout.clone();
    assert!(out.contains(&default.kernel_name()), "{out}");
    // A broken file: a warning, and the defaults.
    std::fs::write(&path, b"{ broken").unwrap();
    let o = sparsejit_env(&dump, &env(&path));
    o.succeeds();
    assert!(o.stdout.contains(&default.kernel_name()), "{}", o.stdout);
    assert!(
        o.stderr.contains("ignoring the tuning file"),
        "{}",
        o.stderr
    );
    // ... and the next `tune` replaces it.
    let args = [
        "tune",
        "--shape",
        "64x64",
        "--sparsity",
        "0.7",
        "--tokens",
        "8",
    ];
    sparsejit_env(&args, &env(&path)).succeeds();
    assert_eq!(TuningFile::open(&path).unwrap().entries().len(), 1);
}
