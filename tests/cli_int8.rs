//! INT8 through the CLI and the model loader: `--dtype int8` on `run`,
//! `compile` (with `--tune`), `dump` and `bench`; models quantized
//! elsewhere (an I8 weight with a `weight_scale`), matched bit for bit by
//! the integer reference; their bad scales; NaN in X; and the whole
//! MiniLM in INT8 against fp32 (`embed --compare`, mean cosine ≥ 0.99).

mod common;

use common::files::{f32_bytes, int8_file, linear_file, npy, read_npy, sparsejit};
use common::minilm_dir;
use sparsejit::quant::QuantizedWeights;
use sparsejit::reference::int8;
use sparsejit::{Activation, BlockShape, BsrMatrix};
use tempfile::TempDir;

/// A 24×40 layer "fc" with 1x4 blocks, about half of them zero.
fn float_model(dir: &TempDir) -> std::path::PathBuf {
    let (m, k) = (24, 40);
    let w: Vec<f32> = (0..m * k)
        .map(|i| {
            if (i / 4) % 2 == (i / k) % 2 {
                ((i * 7) % 13) as f32 / 6.0 - 1.0
            } else {
                0.0
            }
        })
        .collect();
    let b: Vec<f32> = (0..m).map(|i| i as f32 / 10.0).collect();
    let p = dir.path().join("m.safetensors");
    std::fs::write(&p, linear_file(&w, m, k, Some(&b))).unwrap();
    p
}

fn input(dir: &TempDir, n: usize, k: usize, nan_at: Option<usize>) -> std::path::PathBuf {
    let mut x: Vec<f32> = (0..n * k)
        .map(|i| ((i * 31) % 17) as f32 / 8.0 - 1.0)
        .collect();
    if let Some(i) = nan_at {
        x[i] = f32::NAN;
    }
    let p = dir.path().join("x.npy");
    std::fs::write(&p, npy("<f4", &[n, k], &f32_bytes(&x))).unwrap();
    p
}

fn run(
    model: &std::path::Path,
    x: &std::path::Path,
    out: &std::path::Path,
    extra: &[&str],
) -> String {
    let mut args = vec![
        "run",
        model.to_str().unwrap(),
        "--layer",
        "fc",
        "--input",
        x.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--block",
        "1x4",
    ];
    args.extend(extra);
    sparsejit(&args).succeeds().stdout.clone()
}

#[test]
fn run_int8_is_close_to_f32_and_names_an_s8_kernel() {
    let dir = TempDir::new().unwrap();
    let m = float_model(&dir);
    let x = input(&dir, 19, 40, None);
    let (y8, y32) = (dir.path().join("y8.npy"), dir.path().join("y32.npy"));
    let text = run(&m, &x, &y8, &["--dtype", "int8"]);
    assert!(text.contains("s8_bsr1x4_spmm_"), "{text}");
    run(&m, &x, &y32, &[]);
    let ((s8, a), (s32, b)) = (read_npy(&y8), read_npy(&y32));
    assert_eq!(s8, s32);
    let scale = b.iter().fold(0f32, |a, v| a.max(v.abs()));
    let err = a
        .iter()
        .zip(&b)
        .fold(0f32, |e, (p, q)| e.max((p - q).abs()));
    assert!(err > 0.0 && err < 0.02 * scale, "error {err} of {scale}");
}

#[test]
fn a_token_with_nan_gets_nan_outputs_and_the_others_do_not() {
    let dir = TempDir::new().unwrap();
    let m = float_model(&dir);
    let x = input(&dir, 5, 40, Some(2 * 40 + 7));
    let y = dir.path().join("y.npy");
    run(&m, &x, &y, &["--dtype", "int8"]);
    let (_, v) = read_npy(&y);
    for (t, row) in v.chunks(24).enumerate() {
        assert_eq!(row.iter().all(|v| v.is_nan()), t == 2, "token {t}: {row:?}");
        assert!(t == 2 || row.iter().all(|v| v.is_finite()));
    }
}

#[test]
fn compile_tune_dump_and_bench_take_the_dtype() {
    let dir = TempDir::new().unwrap();
    let m = float_model(&dir);
    let path = m.to_str().unwrap();
    let out = sparsejit(&[
        "compile",
        path,
        "--dtype",
        "int8",
        "--block",
        "1x4",
        "--min-sparsity",
        "0",
    ]);
    let text = &out.succeeds().stdout;
    assert!(
        text.contains("int8 on") && text.contains("s8_bsr1x4_spmm_"),
        "{text}"
    );
    let out = sparsejit(&[
        "compile",
        path,
        "--dtype",
        "int8",
        "--block",
        "1x4",
        "--min-sparsity",
        "0",
        "--tune",
        "16",
    ]);
    assert!(
        out.succeeds().stdout.contains("(f32 "),
        "the fp32 JIT competes:\n{}",
        out.stdout
    );
    let out = sparsejit(&[
        "dump", path, "--layer", "fc", "--dtype", "int8", "--block", "1x4",
    ]);
    let listing = &out.succeeds().stdout;
    assert!(
        listing.contains("; kernel    s8_") && listing.contains("dequantize"),
        "{listing}"
    );
    let out = sparsejit(&[
        "bench",
        "--shape",
        "64x64x16",
        "--block",
        "1x4",
        "--dtype",
        "int8",
        "--budget-ms",
        "1",
        "--json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&out.succeeds().stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["kernel"].as_str().unwrap(), r["dtype"].as_str().unwrap()))
        .collect();
    if sparsejit::runtime::cpu::resolve(None, sparsejit::Dtype::Int8)
        .unwrap()
        .is_jit()
    {
        assert_eq!(
            kinds[..2],
            [("jit", "int8"), ("jit-f32", "f32")],
            "{kinds:?}"
        );
        assert!(
            rows[0]["kernel_name"]
                .as_str()
                .unwrap()
                .starts_with("s8_bsr1x4_")
        );
        // GOP/s on the nonzeros and the INT8 peak fraction are consistent.
        let r = &rows[0];
        let ops = r["gflops_nnz"].as_f64().unwrap() * r["median_ms"].as_f64().unwrap() * 1e6;
        assert!(ops > 0.0, "{r}");
    }
    assert!(
        kinds.contains(&("generic", "f32")) && kinds.contains(&("dense", "f32")),
        "{kinds:?}"
    );
}

/// An I8 weight with per-row scales runs exactly the integer arithmetic of
/// the reference on those integers (−128 included).
#[test]
fn a_model_quantized_elsewhere_matches_the_integer_reference() {
    let (m, k, n) = (8, 12, 5);
    let q: Vec<i8> = (0..m * k)
        .map(|i| {
            if (i / 4) % 3 == 0 {
                0
            } else {
                ((i * 37) % 256) as u8 as i8
            }
        })
        .collect();
    let scale: Vec<f32> = (0..m).map(|i| 0.01 + i as f32 * 0.003).collect();
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("q.safetensors");
    std::fs::write(
        &p,
        int8_file(&q, m, k, Some(("F32", &[m], f32_bytes(&scale)))),
    )
    .unwrap();
    let x = input(&dir, n, k, None);
    let y = dir.path().join("y.npy");
    // --dtype is f32 by default: a quantized layer runs INT8 anyway.
    let text = run(&p, &x, &y, &[]);
    assert!(text.contains("s8_bsr1x4_"), "{text}");
    let (_, got) = read_npy(&y);
    let qf: Vec<f32> = q.iter().map(|&v| v as f32).collect();
    let block = BlockShape::new(1, 4).unwrap();
    let qw = QuantizedWeights::from_parts(BsrMatrix::from_dense(&qf, m, k, block).unwrap(), scale)
        .unwrap();
    let xs: Vec<f32> = (0..n * k)
        .map(|i| ((i * 31) % 17) as f32 / 8.0 - 1.0)
        .collect();
    let target = sparsejit::runtime::cpu::resolve(None, sparsejit::Dtype::Int8).unwrap();
    let qmax = if target.is_jit() && target.isa == sparsejit::Isa::Avx2 {
        127
    } else {
        255
    };
    let mut want = vec![0.0; n * m];
    int8::linear(&xs, n, &qw, None, Activation::None, qmax, &mut want);
    assert_eq!(
        got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        want.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
}

#[test]
fn bad_int8_scales_are_clear_errors_naming_the_file() {
    let (m, k) = (4, 8);
    let q = vec![1i8; m * k];
    let dir = TempDir::new().unwrap();
    let x = input(&dir, 2, k, None);
    // (the scale tensor's dtype, shape and bytes, or none; the message)
    type Scale<'a> = Option<(&'a str, Vec<usize>, Vec<u8>)>;
    let cases: Vec<(Scale, &str)> = vec![
        (None, "'fc.weight_scale' is missing"),
        (
            Some(("F32", vec![m + 1], f32_bytes(&vec![1.0; m + 1]))),
            "needs F32 scales of shape [4]",
        ),
        (
            Some(("F16", vec![m], vec![0; 2 * m])),
            "needs F32 scales of shape [4]",
        ),
        (
            Some(("F32", vec![m], f32_bytes(&[1.0, 0.0, 1.0, 1.0]))),
            "row 1 is 0",
        ),
        (
            Some(("F32", vec![m], f32_bytes(&[1.0, 1.0, -2.0, 1.0]))),
            "row 2 is -2",
        ),
        (
            Some(("F32", vec![m], f32_bytes(&[f32::NAN, 1.0, 1.0, 1.0]))),
            "row 0 is NaN",
        ),
        (
            Some(("F32", vec![m], f32_bytes(&[1.0, 1.0, 1.0, f32::INFINITY]))),
            "row 3 is inf",
        ),
    ];
    for (i, (scale, want)) in cases.into_iter().enumerate() {
        let p = dir.path().join(format!("bad{i}.safetensors"));
        let s = scale
            .as_ref()
            .map(|(d, sh, b)| (*d, sh.as_slice(), b.clone()));
        std::fs::write(&p, int8_file(&q, m, k, s)).unwrap();
        let path = p.to_str().unwrap();
        let out = sparsejit(&[
            "run",
            path,
            "--layer",
            "fc",
            "--input",
            x.to_str().unwrap(),
            "--output",
            dir.path().join("y.npy").to_str().unwrap(),
        ]);
        out.fails_with(want);
        out.fails_with(path);
    }
}

/// The whole of all-MiniLM-L6-v2, dense, with every linear layer INT8,
/// against fp32 on the fixture sentences: mean cosine ≥ 0.99.
#[test]
fn minilm_int8_embeddings_are_close_to_fp32() {
    let fixtures: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/minilm_embeddings.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let sentences: Vec<String> = fixtures["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let dir = minilm_dir().to_string_lossy().into_owned();
    let mut args = vec![
        "embed".to_string(),
        dir,
        "--compare".into(),
        "--dtype".into(),
        "int8".into(),
        "--json".into(),
    ];
    args.extend(sentences.iter().cloned());
    let out = sparsejit(&args);
    let rows: serde_json::Value = serde_json::from_str(&out.succeeds().stdout).unwrap();
    let cos: Vec<f64> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["cosine"].as_f64().unwrap())
        .collect();
    assert_eq!(cos.len(), sentences.len());
    let mean = cos.iter().sum::<f64>() / cos.len() as f64;
    eprintln!(
        "INT8 against fp32, dense MiniLM: mean cosine {mean:.5}, min {:.5}",
        cos.iter().cloned().fold(1.0, f64::min)
    );
    assert!(mean >= 0.99, "mean cosine {mean} over {cos:?}");
}
