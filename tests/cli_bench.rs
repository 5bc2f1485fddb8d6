//! `sparsejit bench` through the CLI: the JSON rows carry every field the
//! issue names with consistent values, `--sweep` covers its grid and draws
//! the SVG, and bad arguments fail with a message.

mod common;

use common::files::sparsejit;

fn rows(out: &str) -> Vec<serde_json::Value> {
    serde_json::from_str::<Vec<serde_json::Value>>(out).expect("bench --json prints a JSON array")
}

#[test]
fn json_rows_have_every_field() {
    let out = sparsejit(&[
        "bench",
        "--shape",
        "64x48x20",
        "--sparsity",
        "0.8",
        "--budget-ms",
        "5",
        "--json",
    ]);
    let rows = rows(&out.succeeds().stdout);
    let kernels: Vec<&str> = rows.iter().map(|r| r["kernel"].as_str().unwrap()).collect();
    assert!(
        kernels.contains(&"generic") && kernels.contains(&"dense"),
        "{kernels:?}"
    );
    for r in &rows {
        for f in [
            "kernel",
            "m",
            "k",
            "n",
            "sparsity",
            "block",
            "threads",
            "median_ms",
            "min_ms",
            "max_ms",
            "gflops_nnz",
            "gflops_dense_eq",
            "peak_fraction",
            "speedup_vs_dense",
            "speedup_vs_generic",
        ] {
            assert!(r.get(f).is_some(), "missing {f} in {r}");
        }
        assert_eq!(
            (r["m"].as_u64(), r["k"].as_u64(), r["n"].as_u64()),
            (Some(64), Some(48), Some(20))
        );
        assert_eq!(r["block"], "4x1");
        let (lo, mid, hi) = (
            r["min_ms"].as_f64().unwrap(),
            r["median_ms"].as_f64().unwrap(),
            r["max_ms"].as_f64().unwrap(),
        );
        assert!(lo <= mid && mid <= hi, "{r}");
    }
    // Speedups are ratios of medians measured in this run.
    let med = |k: &str| {
        rows.iter().find(|r| r["kernel"] == k).unwrap()["median_ms"]
            .as_f64()
            .unwrap()
    };
    let dense = rows.iter().find(|r| r["kernel"] == "dense").unwrap();
    assert!((dense["speedup_vs_dense"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    let g = rows.iter().find(|r| r["kernel"] == "generic").unwrap();
    let want = med("dense") / med("generic");
    assert!((g["speedup_vs_dense"].as_f64().unwrap() - want).abs() < 1e-6 * want);
}

#[test]
fn sweep_covers_the_grid_and_draws_the_plot() {
    let dir = tempfile::TempDir::new().unwrap();
    let svg = dir.path().join("s.svg");
    let out = sparsejit(&[
        "bench",
        "--shape",
        "32x32x8",
        "--sweep",
        "--budget-ms",
        "1",
        "--json",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    let rows = rows(&out.succeeds().stdout);
    let mut cases: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["block"].as_str().unwrap().to_string(),
                format!("{:.2}", r["sparsity"].as_f64().unwrap()),
            )
        })
        .collect();
    cases.sort();
    cases.dedup();
    assert_eq!(
        cases
            .iter()
            .map(|c| &c.0)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        3
    );
    assert!(cases.len() >= 12, "{cases:?}");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("speedup over dense"));
}

#[test]
fn bad_arguments_fail_with_a_message() {
    // A malformed argument is clap's error: exit status 2.
    let out = sparsejit(&["bench", "--shape", "64x48"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("is not a shape: write MxKxN"),
        "{}",
        out.stderr
    );
    sparsejit(&["bench", "--sparsity", "1.5"]).fails_with("outside 0..=1");
    sparsejit(&["bench", "--tile", "4x9"]).fails_with("does not fit template");
    sparsejit(&["bench", "/nonexistent/m.safetensors"]).fails_with("/nonexistent/m.safetensors");
}

/// `--isa cranelift` puts the Cranelift kernel in the "jit" row.
#[test]
fn isa_selects_the_backend_of_the_jit_row() {
    if !common::runs(
        sparsejit::plan::IsaChoice::Cranelift,
        sparsejit::plan::Dtype::F32,
    ) {
        return;
    }
    let out = sparsejit(&[
        "bench",
        "--shape",
        "32x32x8",
        "--budget-ms",
        "1",
        "--json",
        "--isa",
        "cranelift",
    ]);
    let rows = rows(&out.succeeds().stdout);
    let jit = rows
        .iter()
        .find(|r| r["kernel"] == "jit")
        .expect("a jit row");
    assert!(
        jit["kernel_name"].as_str().unwrap().contains("cranelift"),
        "{jit}"
    );
}
