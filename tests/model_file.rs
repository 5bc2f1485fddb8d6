//! A model file that changes while it is open (issue 14.9): what a server
//! that reloads models can rely on.
//!
//! - Compiled layers own their weights: truncating or rewriting the file
//!   after compiling changes nothing, with the model dropped or not.
//! - Replacing the file by rename (how `prune` writes) leaves an open,
//!   mapped model reading the old bytes.
//! - `Model::read` holds the file in memory: truncate it and compile anyway.
//! - A mapped model whose file is truncated in place dies of SIGBUS when it
//!   next reads a tensor. That is the documented limit of `Model::open`;
//!   the test runs it in a child process and checks that this is what
//!   happens, so the docs cannot drift from the behaviour.

mod common;

use common::files::linear_file;
use sparsejit::reference;
use sparsejit::sparse::prune::{SplitMix64, random_block_sparse};
use sparsejit::{BlockShape, CompileOptions, Model, Tensor};
use std::path::Path;

const CHILD: &str = "SPARSEJIT_MODEL_FILE_CHILD";
const M: usize = 64;
const K: usize = 1024;

fn weights(seed: u64) -> (Vec<f32>, Vec<f32>) {
    let w = random_block_sparse(M, K, BlockShape::new(4, 1).unwrap(), 0.8, seed);
    let mut r = SplitMix64::new(seed);
    (w, (0..M).map(|_| r.next_f32_signed()).collect())
}

fn write(path: &Path, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let (w, b) = weights(seed);
    std::fs::write(path, linear_file(&w, M, K, Some(&b))).unwrap();
    (w, b)
}

/// The layer "fc" of `model` computes `x·wᵀ + b`.
fn check(layer: &sparsejit::Layer, w: &[f32], b: &[f32]) {
    let n = 3;
    let x = Tensor::new(vec![n, K], vec![0.25; n * K]).unwrap();
    let mut y = Tensor::default();
    layer.forward(&x, &mut y).unwrap();
    reference::oracle(x.data(), n, K, w, M, Some(b), sparsejit::Activation::None)
        .check(y.data(), M)
        .unwrap();
}

/// Shrinks the file in place to its first page and fills that with zeros,
/// as a `cp` of a smaller file over it would.
fn truncate_in_place(path: &Path) {
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.set_len(0).unwrap();
    f.set_len(4096).unwrap();
}

#[test]
fn compiled_layers_outlive_changes_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.safetensors");
    let (w, b) = write(&path, 1);
    let model = Model::open(&path).unwrap();
    let layers = model.compile(&CompileOptions::default()).unwrap();
    truncate_in_place(&path);
    check(layers.get("fc").unwrap(), &w, &b);
    drop(model);
    check(layers.get("fc").unwrap(), &w, &b);
}

#[test]
fn a_renamed_replacement_leaves_the_open_model_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.safetensors");
    let (w, b) = write(&path, 2);
    let model = Model::open(&path).unwrap();
    let next = dir.path().join("next.safetensors");
    let (w2, b2) = write(&next, 3);
    std::fs::rename(&next, &path).unwrap();
    // The open model still reads the file it mapped; a reload gets the new.
    let old = model.compile(&CompileOptions::default()).unwrap();
    check(old.get("fc").unwrap(), &w, &b);
    let new = Model::open(&path)
        .unwrap()
        .compile(&CompileOptions::default())
        .unwrap();
    check(new.get("fc").unwrap(), &w2, &b2);
}

#[test]
fn a_model_read_into_memory_ignores_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.safetensors");
    let (w, b) = write(&path, 4);
    let model = Model::read(&path).unwrap();
    truncate_in_place(&path);
    std::fs::remove_file(&path).unwrap();
    let layers = model.compile(&CompileOptions::default()).unwrap();
    check(layers.get("fc").unwrap(), &w, &b);
    let (weight, _) = model.weights("fc").unwrap();
    assert_eq!(&weight[..], &w[..], "aligned f32 borrowed from memory");
}

#[test]
fn read_reports_a_file_that_is_not_there() {
    let err = Model::read("/nonexistent/m.safetensors")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("/nonexistent/m.safetensors") && err.contains("cannot open"),
        "{err}"
    );
}

/// In the child: map a model, truncate its file, then read a tensor.
#[test]
#[ignore = "runs only as the child of a_mapped_model_dies_of_sigbus_after_truncation"]
fn child_reads_a_truncated_mapping() {
    let Some(path) = std::env::var_os(CHILD) else {
        return;
    };
    let model = Model::open(&path).unwrap();
    truncate_in_place(Path::new(&path));
    println!("CHILD truncated");
    let _ = model.compile(&CompileOptions::default());
    println!("CHILD survived");
}

#[test]
fn a_mapped_model_dies_of_sigbus_after_truncation() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.safetensors");
    write(&path, 5);
    // Through `sh`, to turn core dumps off: the crash is expected, and a
    // core file would land in the source tree.
    let out = std::process::Command::new("sh")
        .args(["-c", "ulimit -c 0 && exec \"$0\" \"$@\""])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_reads_a_truncated_mapping",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD, &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("CHILD truncated"), "{stdout}");
    assert!(!stdout.contains("CHILD survived"), "{stdout}");
    const SIGBUS: i32 = 7; // on Linux
    assert_eq!(
        out.status.signal(),
        Some(SIGBUS),
        "{:?}\n{stdout}",
        out.status
    );
}
