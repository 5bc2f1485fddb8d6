//! The `embed` and `bench-model` commands through the binary: JSON output
//! that parses into unit-length 384-d embeddings, batching that does not
//! change a text's embedding, `--compare`, a short `bench-model` run, and
//! bad arguments that end in a message and exit status 1, never a panic.

mod common;

use common::files::sparsejit;
use common::minilm_dir;

fn dir() -> String {
    minilm_dir().to_string_lossy().into_owned()
}

fn embeddings(json: &str) -> Vec<(String, Vec<f64>)> {
    let v: serde_json::Value = serde_json::from_str(json).expect("embed --json prints JSON");
    v.as_array()
        .expect("an array")
        .iter()
        .map(|o| {
            let text = o["text"].as_str().expect("text").to_string();
            let e = o["embedding"].as_array().expect("embedding");
            (text, e.iter().map(|x| x.as_f64().unwrap()).collect())
        })
        .collect()
}

#[test]
fn embed_json_is_unit_length_and_independent_of_the_batch() {
    let d = dir();
    let both = sparsejit(&["embed", &d, "A cat sits on the mat.", "ok", "--json"]);
    let both = embeddings(&both.succeeds().stdout);
    assert_eq!(both.len(), 2);
    assert_eq!(both[1].0, "ok");
    for (_, e) in &both {
        assert_eq!(e.len(), 384);
        let norm: f64 = e.iter().map(|x| x * x).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "{norm}");
    }
    // "ok" alone is 3 tokens; in the batch it is padded to 9.
    let alone = embeddings(&sparsejit(&["embed", &d, "ok", "--json"]).succeeds().stdout);
    let dot: f64 = alone[0].1.iter().zip(&both[1].1).map(|(a, b)| a * b).sum();
    assert!(dot > 0.99999, "padding changed the embedding: cosine {dot}");
}

#[test]
fn embed_dense_and_compare_run() {
    let d = dir();
    let out = sparsejit(&["embed", &d, "Hello world", "--dense", "--threads", "2"]);
    assert!(
        out.succeeds().stdout.contains("on dense kernels"),
        "{}",
        out.stdout
    );
    let out = sparsejit(&[
        "embed",
        &d,
        "Hello world",
        "Goodbye",
        "--compare",
        "--prune",
        "0.5",
    ]);
    let text = &out.succeeds().stdout;
    assert!(
        text.contains("50% pruned") && text.contains("mean over 2 texts"),
        "{text}"
    );
}

#[test]
fn bench_model_prints_three_kernels() {
    let out = sparsejit(&["bench-model", &dir(), "--seq", "16", "--budget-ms", "1"]);
    let text = &out.succeeds().stdout;
    for k in ["dense", "generic", "jit", "attention", "90.0%"] {
        assert!(text.contains(k), "{k} missing:\n{text}");
    }
}

#[test]
fn bench_model_json_has_the_split() {
    let out = sparsejit(&[
        "bench-model",
        &dir(),
        "--seq",
        "8",
        "--batch",
        "2",
        "--prune",
        "0.7",
        "--kernels",
        "jit,dense",
        "--budget-ms",
        "1",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out.succeeds().stdout).unwrap();
    assert_eq!(v["base"], "jit");
    let kernels = v["kernels"].as_array().unwrap();
    assert_eq!(kernels.len(), 2);
    assert_eq!(kernels[1]["kernel"], "dense");
    for k in kernels {
        for f in ["median_ms", "linear_ms", "attention_ms", "other_ms"] {
            assert!(k[f].as_f64().unwrap() > 0.0, "{f} in {k}");
        }
    }
    assert!((v["sparsity"].as_f64().unwrap() - 0.7).abs() < 0.01);
}

#[test]
fn bad_arguments_are_clear_errors() {
    let d = dir();
    sparsejit(&["embed", "/nonexistent/model", "hi"]).fails_with("fetch_minilm.sh");
    sparsejit(&["embed", &d, "hi", "--prune", "1.5"]).fails_with("outside 0..=1");
    sparsejit(&["embed", &d, "hi", "--compare", "--dense"]).fails_with("drop --dense");
    sparsejit(&["embed", &d, "hi", "--threads", "0"]).fails_with("at least 1");
    sparsejit(&["bench-model", &d, "--seq", "600", "--budget-ms", "1"])
        .fails_with("exceed the model's 512 positions");
    // clap rejects it while parsing: usage errors exit with 2.
    let out = sparsejit(&["bench-model", &d, "--kernels", "fast"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("not a kernel"), "{}", out.stderr);
    let bad = tempfile::tempdir().unwrap();
    for f in ["config.json", "model.safetensors", "tokenizer.json"] {
        std::fs::write(bad.path().join(f), "{}").unwrap();
    }
    let b = bad.path().to_string_lossy().into_owned();
    sparsejit(&["embed", &b, "hi"]).fails_with("not a BERT config.json");
}
