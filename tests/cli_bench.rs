//! `sparsejit bench` through the CLI: the JSON rows carry every field the
//! issue names with values derived from this run's medians, the kernels
//! run in interleaved rounds, the compile rate is code generation time,
//! `--sweep` covers its grid and draws the SVG, bad arguments fail with a
//! message, and the top-level help names every kernel ISA.

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
    // Every derived figure follows from this run's medians: the speedups
    // over dense and over generic, and the rates, for every row (dense's
    // own 1.00x included, which a constant would also give).
    let med = |k: &str| {
        rows.iter().find(|r| r["kernel"] == k).unwrap()["median_ms"]
            .as_f64()
            .unwrap()
    };
    let close = |got: &serde_json::Value, want: f64| {
        (got.as_f64().unwrap() - want).abs() <= 1e-6 * want.abs()
    };
    let (dense, generic) = (med("dense"), med("generic"));
    for r in &rows {
        let t = r["median_ms"].as_f64().unwrap();
        assert!(close(&r["speedup_vs_dense"], dense / t), "{r}");
        assert!(close(&r["speedup_vs_generic"], generic / t), "{r}");
        let dense_eq = 2.0 * 64.0 * 48.0 * 20.0 / (t * 1e-3) / 1e9;
        assert!(close(&r["gflops_dense_eq"], dense_eq), "{r}");
        let nnz = (1.0 - r["sparsity"].as_f64().unwrap()) * 64.0 * 48.0;
        assert!(
            close(&r["gflops_nnz"], 2.0 * nnz * 20.0 / (t * 1e-3) / 1e9),
            "{r}"
        );
    }
    // The kernels ran in interleaved rounds, so each got the same number
    // of repetitions (timed one after another in equal budgets, the
    // fastest kernel got the most).
    let reps: Vec<u64> = rows.iter().map(|r| r["reps"].as_u64().unwrap()).collect();
    assert!(reps.iter().all(|&n| n == reps[0] && n >= 5), "{reps:?}");
}

/// The compile rate is the kernel's code generation time, the same for a
/// layer whose code came from the cache: a second bench of the same
/// weights in one process reports it again, not the scheduling alone.
#[test]
fn compile_rate_is_code_generation_time_even_on_a_cache_hit() {
    if !sparsejit::runtime::cpu::resolve(None, sparsejit::Dtype::F32)
        .unwrap()
        .is_jit()
    {
        eprintln!("skipped: no JIT ISA on this host");
        return;
    }
    use sparsejit::bench::{BenchConfig, bench_weights};
    let block = sparsejit::BlockShape::new(4, 1).unwrap();
    let (m, k) = (256, 256);
    let w = sparsejit::sparse::prune::random_block_sparse(m, k, block, 0.5, 0xb3);
    let cfg = BenchConfig {
        n: 16,
        threads: 1,
        budget: std::time::Duration::ZERO,
        dense_ref: false,
        peak: None,
        tile: None,
        cranelift: false,
        isa: None,
        dtype: sparsejit::Dtype::F32,
        mac: None,
    };
    let bsr = std::sync::Arc::new(sparsejit::BsrMatrix::from_dense(&w, m, k, block).unwrap());
    // Held here, so the second bench is a cache hit whatever the cache keeps.
    let held = sparsejit::SparseLinear::compile(bsr, None, &Default::default()).unwrap();
    let gen_ms = held.code_generation_time().unwrap().as_secs_f64() * 1e3;
    let mnnz = held.weights().stats().stored as f64 / 1e6;
    for _ in 0..2 {
        let rows = bench_weights("t", &w, m, k, block, &cfg).unwrap();
        let jit = rows.iter().find(|r| r.kernel == "jit").unwrap();
        let rate = jit.compile_ms_per_mnnz.unwrap();
        assert!(
            (rate - gen_ms / mnnz).abs() <= 1e-9 * rate,
            "{rate} vs {}",
            gen_ms / mnnz
        );
    }
}

#[test]
fn top_level_help_names_every_kernel_isa() {
    let out = sparsejit(&["--help"]).succeeds().stdout.clone();
    for isa in ["AVX-512", "AVX2+FMA", "Cranelift", "generic"] {
        assert!(out.contains(isa), "--help does not mention {isa}:\n{out}");
    }
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
