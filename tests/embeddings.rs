//! all-MiniLM-L6-v2 end to end against PyTorch: sparsejit's sentence
//! embeddings (every linear layer on SparseLinear kernels) must match the
//! float64 PyTorch + transformers embeddings in
//! `tests/fixtures/minilm_embeddings.json` (written by
//! `scripts/reference_embeddings.py`) to 1 − cosine ≤ 1e-9 and a max-abs
//! element difference ≤ `MAX_ABS` per sentence, for the dense model and for
//! the model one-shot pruned to 80% in 4x1 blocks.
//! The pruned fixture's masks are checked against sparsejit's own pruning
//! first, so a disagreement in pruning is reported as such.
//!
//! Needs the model files: the first test to need them runs
//! scripts/fetch_minilm.sh (`common::minilm_dir`), and fails saying why if
//! that fails.

mod common;

use serde::Deserialize;
use sparsejit::bert::{BATCH, Encoder, EncoderOptions, Prune, ops::cosine};
use sparsejit::runtime::Kernel;
use std::collections::HashMap;
use std::path::PathBuf;

/// Measured: 1 − cosine is at most 2e-12 dense and 6e-12 pruned (f32
/// kernels against a float64 PyTorch). 1e-9 leaves two orders of magnitude
/// for summation-order changes, yet a single wrong weight in one layer
/// moves it far more (one-shot pruning to 50% gives 1 − cosine ≈ 0.6).
const MAX_ONE_MINUS_COSINE: f64 = 1e-9;
/// Cosine ignores a uniform scale error of the whole vector; a bound on
/// each element does not. Embeddings are L2-normalised (elements ≲ 0.3).
const MAX_ABS: f64 = 1e-5;

#[derive(Deserialize)]
struct Fixture {
    sentences: Vec<String>,
    tokens: Vec<usize>,
    dense: Vec<Vec<f32>>,
    pruned: Pruned,
}

#[derive(Deserialize)]
struct Pruned {
    sparsity: f64,
    block: String,
    masks: HashMap<String, MaskDigest>,
    embeddings: Vec<Vec<f32>>,
}

/// The zeroed block indices of one weight, summarised.
#[derive(Deserialize, Debug, PartialEq, Eq)]
struct MaskDigest {
    count: u64,
    sum: u64,
    sum_sq: u64,
}

fn fixture() -> Fixture {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minilm_embeddings.json");
    let text = std::fs::read_to_string(&path).expect("reading the fixture");
    serde_json::from_str(&text).expect("parsing the fixture")
}

fn check(label: &str, sentences: &[String], got: &[Vec<f32>], want: &[Vec<f32>]) {
    assert_eq!(got.len(), want.len());
    let (mut worst, mut worst_abs) = (0.0f64, 0.0f64);
    for ((s, g), w) in sentences.iter().zip(got).zip(want) {
        let text = s.chars().take(60).collect::<String>();
        assert_eq!(g.len(), w.len(), "{label}: embedding width for {text:?}");
        let off = 1.0 - cosine(g, w);
        let abs = g
            .iter()
            .zip(w)
            .map(|(a, b)| (f64::from(*a) - f64::from(*b)).abs())
            .fold(0.0, f64::max);
        worst = worst.max(off);
        worst_abs = worst_abs.max(abs);
        assert!(
            off <= MAX_ONE_MINUS_COSINE,
            "{label}: 1 - cosine {off:.2e} > {MAX_ONE_MINUS_COSINE:e} for {text:?}"
        );
        assert!(
            abs <= MAX_ABS,
            "{label}: max |difference| {abs:.2e} > {MAX_ABS:e} for {text:?}"
        );
    }
    eprintln!(
        "{label}: worst 1 - cosine to PyTorch {worst:.1e}, worst max |difference| {worst_abs:.1e}"
    );
}

/// The MiniLM linear layer names, in the order `Encoder::linears` yields them.
fn linear_names(layers: usize) -> Vec<String> {
    let names = [
        "attention.self.query",
        "attention.self.key",
        "attention.self.value",
        "attention.output.dense",
        "intermediate.dense",
        "output.dense",
    ];
    (0..layers)
        .flat_map(|l| names.map(|n| format!("encoder.layer.{l}.{n}")))
        .collect()
}

#[test]
fn dense_embeddings_match_pytorch() {
    let (dir, fx) = (common::minilm_dir(), fixture());
    let opts = EncoderOptions {
        kernel: Kernel::Dense,
        ..Default::default()
    };
    let enc = Encoder::load(&dir, &opts).unwrap();
    let batch = enc.tokenizer().encode(&fx.sentences).unwrap();
    let lens: Vec<usize> = (0..batch.batch).map(|b| batch.len(b)).collect();
    assert_eq!(lens, fx.tokens, "token counts differ from transformers'");
    let got = enc.embed_batch(&batch, None).unwrap();
    check("dense, one batch", &fx.sentences, &got, &fx.dense);
}

#[test]
fn pruned_embeddings_match_pytorch() {
    let (dir, fx) = (common::minilm_dir(), fixture());
    let prune = Prune {
        sparsity: fx.pruned.sparsity,
        block: fx.pruned.block.parse().unwrap(),
    };
    let opts = EncoderOptions {
        prune: Some(prune),
        block: prune.block,
        threads: 2,
        ..Default::default()
    };
    let mut enc = Encoder::load(&dir, &opts).unwrap();

    // The fixture was pruned by a numpy port of prune_blocks: same masks?
    // Each weight matrix is pruned on its own; q, k and v then run as one
    // stacked layer, whose row blocks are theirs in order.
    let names = linear_names(enc.config().num_hidden_layers);
    assert_eq!(names.len(), fx.pruned.masks.len());
    let mut parts = Vec::new();
    for lin in enc.linears() {
        let w = lin.weights();
        let n = if lin.plan().m == 3 * enc.config().hidden_size {
            3
        } else {
            1
        };
        let rbs = w.row_blocks() / n;
        for part in 0..n {
            parts.push((w, part * rbs..(part + 1) * rbs));
        }
    }
    assert_eq!(parts.len(), names.len());
    for (name, (w, rows)) in names.iter().zip(parts) {
        let cbs = w.cols().div_ceil(w.block().cols) as u64;
        let all = rows.len() as u64 * cbs;
        let mut kept = vec![false; all as usize];
        for (i, rb) in rows.enumerate() {
            for &c in &w.col_idx()[w.row_ptr()[rb]..w.row_ptr()[rb + 1]] {
                kept[i * cbs as usize + c as usize] = true;
            }
        }
        let dropped = (0..all).filter(|&i| !kept[i as usize]);
        let got = MaskDigest {
            count: dropped.clone().count() as u64,
            sum: dropped.clone().sum(),
            sum_sq: dropped.map(|i| i * i).sum(),
        };
        assert_eq!(
            &got, &fx.pruned.masks[name],
            "{name}: sparsejit's pruning and the fixture's differ"
        );
    }

    let got = enc.embed(&fx.sentences).unwrap();
    check(
        "pruned, JIT, one batch",
        &fx.sentences,
        &got,
        &fx.pruned.embeddings,
    );
    // Padding must not change a sentence's embedding: embed the short ones
    // alone (sequence lengths 2..26 instead of 256).
    for (i, s) in fx.sentences.iter().enumerate().take(4) {
        let alone = enc.embed(std::slice::from_ref(s)).unwrap();
        check(
            "pruned, JIT, alone",
            std::slice::from_ref(s),
            &alone,
            &fx.pruned.embeddings[i..i + 1],
        );
    }
    // More texts than one batch: sorted by length, run in batches, and
    // returned in the order given.
    let many: Vec<String> = fx
        .sentences
        .iter()
        .cycle()
        .take(BATCH + 5)
        .cloned()
        .collect();
    let want: Vec<Vec<f32>> = (0..many.len())
        .map(|i| fx.pruned.embeddings[i % fx.sentences.len()].clone())
        .collect();
    check(
        "pruned, JIT, several batches",
        &many,
        &enc.embed(&many).unwrap(),
        &want,
    );
    // The same weights on the generic BSR kernel and the dense GEMM (the
    // kernels bench-model compares), on the short sentences.
    let short = &fx.sentences[..4];
    for kernel in [Kernel::Generic, Kernel::Dense] {
        enc.set_kernel(kernel).unwrap();
        let got = enc.embed(short).unwrap();
        check(
            &format!("pruned, {kernel}"),
            short,
            &got,
            &fx.pruned.embeddings[..4],
        );
    }
}

#[test]
fn missing_model_files_are_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Encoder::load(dir.path(), &EncoderOptions::default())
        .err()
        .expect("an empty directory is no model")
        .to_string();
    assert!(
        err.contains("config.json") && err.contains("fetch_minilm.sh"),
        "{err}"
    );
}

/// The bounds catch what the old one (cosine ≥ 0.9999) let through: an
/// error in one element that costs 1e-6 of cosine, and a uniform scale
/// error, which costs none.
#[test]
fn check_rejects_small_errors_the_old_bound_accepted() {
    let fx = fixture();
    let s = &fx.sentences[..1];
    let want = &fx.dense[..1];
    let mut bumped = want.to_vec();
    bumped[0][0] += 2e-3;
    let mut scaled = want.to_vec();
    scaled[0].iter_mut().for_each(|v| *v *= 1.001);
    for (what, got) in [("one element", bumped), ("scaled", scaled)] {
        assert!(cosine(&got[0], &want[0]) >= 0.9999, "{what}");
        let caught = std::panic::catch_unwind(|| check(what, s, &got, want)).is_err();
        assert!(caught, "{what}: check accepted a wrong embedding");
    }
}
