//! `sparsejit dump` through the CLI: the listing, the instruction mix and the
//! raw bytes of a model's layer, and its errors (a bad layer name, an
//! unwritable path). Skipped, with a message, where AVX2 code can't run.

mod common;

use common::files::{linear_file, sparsejit};
use tempfile::TempDir;

/// The commands ask for `--isa avx2`, so the names and the listing are
/// the same on every machine that runs AVX2 code.
fn avx2() -> bool {
    common::runs(sparsejit::Isa::Avx2, sparsejit::plan::Dtype::F32)
}

/// A 12×8 layer "fc" with 4×1 blocks, about half of them zero.
fn model(dir: &TempDir) -> std::path::PathBuf {
    let (m, k) = (12, 8);
    let w: Vec<f32> = (0..m * k)
        .map(|i| {
            if (i / k + i % k) % 2 == 0 {
                1.0 + i as f32
            } else {
                0.0
            }
        })
        .collect();
    let p = dir.path().join("m.safetensors");
    std::fs::write(&p, linear_file(&w, m, k, Some(&[0.5; 12]))).unwrap();
    p
}

#[test]
fn listing_stats_and_raw_bytes() {
    if !avx2() {
        return;
    }
    let dir = TempDir::new().unwrap();
    let m = model(&dir);
    let path = m.to_str().unwrap();
    let out = sparsejit(&["dump", path, "--layer", "fc", "--isa", "avx2"]);
    let listing = out.succeeds().stdout.clone();
    assert!(
        listing.contains("; kernel    f32_bsr4x1_spmm_4x16__avx2_bias"),
        "{listing}"
    );
    assert!(
        listing.contains("group_0:") && listing.contains("vfmadd231ps"),
        "{listing}"
    );
    let stats = sparsejit(&["dump", path, "--layer", "fc", "--isa", "avx2", "--stats"]);
    assert!(
        stats
            .succeeds()
            .stdout
            .contains("indexed loads            1")
    );
    let raw = dir.path().join("k.bin");
    sparsejit(&[
        "dump",
        path,
        "--layer",
        "fc",
        "--isa",
        "avx2",
        "--raw",
        raw.to_str().unwrap(),
    ])
    .succeeds();
    let bytes = std::fs::read(&raw).unwrap();
    // The header's code size is the file's size.
    assert!(
        listing.contains(&format!("; code      {} bytes", bytes.len())),
        "{listing}"
    );
}

#[test]
fn bad_layer_name_and_unwritable_path() {
    let dir = TempDir::new().unwrap();
    let m = model(&dir);
    let path = m.to_str().unwrap();
    sparsejit(&["dump", path, "--layer", "fd"]).fails_with("closest of the 1 layers: fc");
    if avx2() {
        sparsejit(&[
            "dump",
            path,
            "--layer",
            "fc",
            "--raw",
            "/nonexistent/dir/k.bin",
        ])
        .fails_with("/nonexistent/dir/k.bin");
    }
}
