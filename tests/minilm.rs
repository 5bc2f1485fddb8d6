//! A real model: all-MiniLM-L6-v2 (fetched by `scripts/fetch_minilm.sh`),
//! pruned by the project's own `prune` to 80% in 4×1 blocks, compiled
//! layer by layer and checked against the f64 oracle; then `compile` and
//! `run` through the binary, `run`'s `.npy` compared with `x·Wᵀ + b`
//! computed from the pruned file (what numpy computes by hand).
//!
//! The model is not in the repository: the first test to need it runs the
//! fetch script, and if that fails the test fails and says why (a silent
//! pass would hide that nothing was checked).

mod common;

use common::files::{f32_bytes, npy, read_npy, sparsejit};
use sparsejit::reference;
use sparsejit::sparse::prune::{SplitMix64, prune_blocks};
use sparsejit::{Activation, BlockShape, CompileOptions, Model};
use std::path::PathBuf;

fn model_path() -> PathBuf {
    common::minilm_dir().join("model.safetensors")
}

fn random(n: usize, seed: u64) -> Vec<f32> {
    let mut r = SplitMix64::new(seed);
    (0..n).map(|_| r.next_f32_signed()).collect()
}

/// One test: prune once, then check the pruned file every way.
#[test]
fn minilm_pruned_80_percent_4x1() {
    let dense_path = model_path();
    let dir = tempfile::TempDir::new().unwrap();
    let pruned_path = dir.path().join("minilm-80.safetensors");
    sparsejit(&[
        "prune".as_ref(),
        dense_path.as_os_str(),
        pruned_path.as_os_str(),
        "--sparsity".as_ref(),
        "0.8".as_ref(),
        "--block".as_ref(),
        "4x1".as_ref(),
    ])
    .succeeds();

    let dense = Model::open(&dense_path).unwrap();
    let model = Model::open(&pruned_path).unwrap();
    let block = BlockShape::new(4, 1).unwrap();

    // 6 encoder layers × (query, key, value, attention output,
    // intermediate, output) = 36, plus the pooler's dense layer.
    let linears = model.linears();
    let encoder = linears
        .iter()
        .filter(|l| l.name.starts_with("encoder.layer."))
        .count();
    assert_eq!(encoder, 36);
    assert_eq!(linears.len(), 37);
    assert!(linears.iter().any(|l| l.name == "pooler.dense"));

    // `prune` did what the library's prune_blocks does, and nothing else.
    for t in dense.file().tensors() {
        let p = model.tensor(t.name()).unwrap();
        assert_eq!((p.dtype(), p.shape()), (t.dtype(), t.shape()));
        match t
            .name()
            .strip_suffix(".weight")
            .and_then(|n| dense.linear(n).ok())
        {
            Some(l) => {
                let mut want = t.to_f32().unwrap().into_owned();
                prune_blocks(&mut want, l.m, l.k, block, 0.8).unwrap();
                assert_eq!(&*p.to_f32().unwrap(), &want[..], "{}", t.name());
            }
            None => assert_eq!(p.bytes, t.bytes, "{} changed", t.name()),
        }
    }

    let layers = model.compile(&CompileOptions::default()).unwrap();
    assert_eq!(layers.len(), 37);
    let n = 19; // not a multiple of the 16-token panel
    for (i, layer) in layers.iter().enumerate() {
        let st = layer.stats();
        assert!(
            (st.sparsity - 0.8).abs() < 0.01,
            "{}: {}",
            layer.name(),
            st.sparsity
        );
        assert!(!layer.is_dense());
        let (w, b) = model.weights(layer.name()).unwrap();
        let (m, k) = (layer.m(), layer.k());
        let x = random(n * k, i as u64);
        let mut y = vec![f32::NAN; n * m];
        layer.forward_rows(&x, n, &mut y).unwrap();
        reference::oracle(&x, n, k, &w, m, b.as_deref(), Activation::None)
            .check(&y, m)
            .unwrap_or_else(|e| panic!("{}: {e}", layer.name()));
    }

    // The same weights again: every kernel comes from the cache.
    if sparsejit::runtime::cpu::resolve(None, sparsejit::plan::Dtype::F32)
        .unwrap()
        .is_jit()
    {
        let again = model.compile(&CompileOptions::default()).unwrap();
        assert!(again.iter().all(|l| l.cache_hit() == Some(true)));
    }

    // The CLI's compile prints one row per layer.
    let out = sparsejit(&["compile".as_ref(), pruned_path.as_os_str()]);
    out.succeeds();
    assert!(out.stdout.contains("37 linear layers"), "{}", out.stdout);
    let rows = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("encoder.layer.") && l.contains("80.0%"))
        .count();
    assert_eq!(rows, 36, "{}", out.stdout);
    assert!(out.stdout.contains("total: 37 layers (0 dense)"));

    // The CLI's run on [B, S, K] against x·Wᵀ + b from the pruned file.
    let name = "encoder.layer.3.intermediate.dense";
    let (w, b) = model.weights(name).unwrap();
    let (m, k, shape) = (1536, 384, [2usize, 7, 384]);
    let x = random(14 * k, 99);
    let xp = dir.path().join("x.npy");
    std::fs::write(&xp, npy("<f4", &shape, &f32_bytes(&x))).unwrap();
    let yp = dir.path().join("y.npy");
    sparsejit(&[
        "run".as_ref(),
        pruned_path.as_os_str(),
        "--layer".as_ref(),
        name.as_ref(),
        "--input".as_ref(),
        xp.as_os_str(),
        "--output".as_ref(),
        yp.as_os_str(),
        "--activation".as_ref(),
        "gelu".as_ref(),
    ])
    .succeeds();
    let (yshape, y) = read_npy(&yp);
    assert_eq!(yshape, [2, 7, m]);
    reference::oracle(&x, 14, k, &w, m, b.as_deref(), Activation::Gelu)
        .check(&y, m)
        .unwrap();
}
