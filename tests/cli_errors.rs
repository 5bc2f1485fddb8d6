//! Bad input through the CLI: each case runs the built binary on a
//! hand-made file and asserts the message and a clean non-zero exit (never
//! a panic), or, for NaN/Inf, the PyTorch-like result.

mod common;

use common::files::{f32_bytes, linear_file, npy, read_npy, safetensors, sparsejit};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// `compile` on a file holding `bytes`.
fn compile_bytes(bytes: &[u8]) -> common::files::Out {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "m.safetensors", bytes);
    sparsejit(&[Path::new("compile"), &p])
}

/// An 8×4 weight, 75% zero in 4×1 blocks: rows 0–3 use column 0 only,
/// rows 4–7 column 1 only.
fn weight() -> Vec<f32> {
    let mut w = vec![0.0f32; 32];
    for i in 0..4 {
        w[i * 4] = 1.0 + i as f32;
        w[(4 + i) * 4 + 1] = -1.0 - i as f32;
    }
    w
}

const F32X2: &str = r#""dtype":"F32","shape":[2]"#;

#[test]
fn missing_file() {
    sparsejit(&["compile", "/nonexistent/model.safetensors"])
        .fails_with("/nonexistent/model.safetensors: cannot open: No such file or directory");
}

#[test]
fn empty_file() {
    compile_bytes(&[]).fails_with("the file is empty (0 bytes)");
}

#[test]
fn truncated_file() {
    compile_bytes(&[1, 0, 0]).fails_with("the file is truncated: 3 bytes");
    // A valid file cut inside its data section.
    let good = linear_file(&weight(), 8, 4, None);
    compile_bytes(&good[..good.len() - 10])
        .fails_with("are past the end of the data section (118 bytes)");
}

#[test]
fn header_not_json() {
    compile_bytes(&safetensors("{this is not json", &[]))
        .fails_with("the header is not valid JSON");
    compile_bytes(&safetensors("\u{0}\u{1}", &[])).fails_with("the header is not valid JSON");
    let mut bytes = safetensors("{}", &[]);
    bytes[8] = 0xff;
    compile_bytes(&bytes).fails_with("the header is not UTF-8 text");
}

#[test]
fn header_length_past_end_of_file() {
    let mut bytes = safetensors("{}", &[]);
    bytes[..8].copy_from_slice(&1000u64.to_le_bytes());
    compile_bytes(&bytes).fails_with(
        "the header length says 1000 bytes but only 2 bytes follow it: the header length is past the end of the file",
    );
}

#[test]
fn tensor_offsets_past_end() {
    let h = format!(
        r#"{{"a.weight":{{{F32X2},"data_offsets":[0,8]}},"b":{{{F32X2},"data_offsets":[8,16]}}}}"#
    );
    compile_bytes(&safetensors(&h, &[0; 12])).fails_with(
        "tensor 'b': data_offsets [8, 16] are past the end of the data section (12 bytes)",
    );
}

#[test]
fn overlapping_tensors() {
    let h = format!(
        r#"{{"a":{{{F32X2},"data_offsets":[0,8]}},"b":{{{F32X2},"data_offsets":[4,12]}}}}"#
    );
    compile_bytes(&safetensors(&h, &[0; 12]))
        .fails_with("tensors 'a' (bytes 0..8) and 'b' (bytes 4..12) overlap");
}

#[test]
fn gap_and_size_mismatch() {
    let h = format!(r#"{{"a":{{{F32X2},"data_offsets":[4,12]}}}}"#);
    compile_bytes(&safetensors(&h, &[0; 12]))
        .fails_with("bytes 0..4 of the data section belong to no tensor");
    let h = r#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#;
    compile_bytes(&safetensors(h, &[0; 8])).fails_with(
        "tensor 'a': dtype F32 with shape [3] needs 12 bytes but data_offsets [0, 8] hold 8",
    );
}

#[test]
fn unknown_dtype() {
    let h = r#"{"fc.weight":{"dtype":"Q4_K","shape":[2],"data_offsets":[0,8]}}"#;
    compile_bytes(&safetensors(h, &[0; 8]))
        .fails_with("tensor 'fc.weight' has unknown dtype 'Q4_K'");
}

#[test]
fn layer_name_that_does_not_exist_lists_close_ones() {
    let dir = TempDir::new().unwrap();
    let m = write(&dir, "m.safetensors", &linear_file(&weight(), 8, 4, None));
    let x = write(&dir, "x.npy", &npy("<f4", &[4], &f32_bytes(&[1.0; 4])));
    let y = dir.path().join("y.npy");
    let out = sparsejit(&[
        "run".as_ref(),
        m.as_os_str(),
        "--layer".as_ref(),
        "fd".as_ref(),
        "--input".as_ref(),
        x.as_os_str(),
        "--output".as_ref(),
        y.as_os_str(),
    ]);
    out.fails_with("no linear layer named 'fd'");
    out.fails_with("closest of the 1 layers: fc");
    let out = sparsejit(&[
        "run".as_ref(),
        m.as_os_str(),
        "--layer".as_ref(),
        "fc.weight".as_ref(),
        "--input".as_ref(),
        x.as_os_str(),
        "--output".as_ref(),
        y.as_os_str(),
    ]);
    out.fails_with("give the layer name without .weight or .bias");
    assert!(!y.exists());
}

/// Runs layer "fc" of the 8×4 model on an input `.npy`.
fn run_on(input: &[u8], extra: &[&str]) -> (common::files::Out, PathBuf, TempDir) {
    let dir = TempDir::new().unwrap();
    let bias: Vec<f32> = (0..8).map(|i| i as f32 * 0.5).collect();
    let m = write(
        &dir,
        "m.safetensors",
        &linear_file(&weight(), 8, 4, Some(&bias)),
    );
    let x = write(&dir, "x.npy", input);
    let y = dir.path().join("y.npy");
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "run".as_ref(),
        m.as_os_str(),
        "--layer".as_ref(),
        "fc".as_ref(),
        "--input".as_ref(),
        x.as_os_str(),
        "--output".as_ref(),
        y.as_os_str(),
    ];
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    (sparsejit(&args), y, dir)
}

#[test]
fn input_whose_last_dim_is_not_k() {
    let (out, y, _d) = run_on(&npy("<f4", &[2, 5], &f32_bytes(&[1.0; 10])), &[]);
    out.fails_with("input's last dimension is 5 (shape [2, 5]) but the layer has K = 4");
    assert!(!y.exists());
}

#[test]
fn input_not_f32() {
    let data: Vec<u8> = [1.0f64; 8].iter().flat_map(|v| v.to_le_bytes()).collect();
    let (out, _, _d) = run_on(&npy("<f8", &[2, 4], &data), &[]);
    out.fails_with("the array's dtype is '<f8' but float32 is needed");
    let (out, _, _d) = run_on(b"not an npy file at all", &[]);
    out.fails_with("not a readable .npy file");
}

#[test]
fn input_rank_0_or_above_3() {
    let (out, _, _d) = run_on(&npy("<f4", &[], &f32_bytes(&[1.0])), &[]);
    out.fails_with("input has rank 0");
    let (out, _, _d) = run_on(&npy("<f4", &[1, 1, 2, 4], &f32_bytes(&[1.0; 8])), &[]);
    out.fails_with("input has rank 4 (shape [1, 1, 2, 4]); it must be [K], [N, K] or [B, S, K]");
}

#[test]
fn ranks_1_to_3_give_matching_output_shapes() {
    for shape in [vec![4], vec![3, 4], vec![2, 3, 4]] {
        let n: usize = shape.iter().product();
        let (out, y, _d) = run_on(&npy("<f4", &shape, &f32_bytes(&vec![1.0; n])), &[]);
        out.succeeds();
        let (got, vals) = read_npy(&y);
        let mut want = shape.clone();
        *want.last_mut().unwrap() = 8;
        assert_eq!(got, want);
        // Row 0: w[0,0] = 1, bias 0; row 5: w[5,1] = -2, bias 2.5.
        assert_eq!(vals[0], 1.0);
        assert_eq!(vals[5], 0.5);
    }
}

#[test]
fn nan_and_inf_in_weights_warn_and_still_run() {
    let mut w = weight();
    w[0] = f32::NAN;
    w[5 * 4 + 1] = f32::INFINITY;
    let dir = TempDir::new().unwrap();
    let m = write(&dir, "m.safetensors", &linear_file(&w, 8, 4, None));
    let out = sparsejit(&[Path::new("compile"), &m]);
    out.succeeds();
    assert!(
        out.stderr
            .contains("warning: layer fc has 2 non-finite weights (NaN or Inf)"),
        "{}",
        out.stderr
    );
    let x = write(&dir, "x.npy", &npy("<f4", &[1, 4], &f32_bytes(&[1.0; 4])));
    let y = dir.path().join("y.npy");
    let out = sparsejit(&[
        "run".as_ref(),
        m.as_os_str(),
        "--layer".as_ref(),
        "fc".as_ref(),
        "--input".as_ref(),
        x.as_os_str(),
        "--output".as_ref(),
        y.as_os_str(),
    ]);
    out.succeeds();
    assert!(out.stderr.contains("layer fc has 2 non-finite weights"));
    let (_, v) = read_npy(&y);
    assert!(v[0].is_nan());
    assert_eq!(v[5], f32::INFINITY);
    assert_eq!(v[1], 2.0);
}

#[test]
fn nan_and_inf_in_input_propagate_as_in_pytorch() {
    // Token 0: x[0] = +Inf. Rows 0–3 have w[.,0] > 0, so +Inf (plus bias);
    // rows 4–7 have a pruned zero there: 0·Inf = NaN in a dense product.
    // Token 1: x[3] = NaN hits a column that is zero in every row: all NaN.
    // Token 2: finite, untouched.
    let x = [
        f32::INFINITY,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        f32::NAN,
        1.0,
        1.0,
        1.0,
        1.0,
    ];
    for act in ["none", "relu", "gelu"] {
        let (out, y, _d) = run_on(&npy("<f4", &[3, 4], &f32_bytes(&x)), &["--activation", act]);
        out.succeeds();
        let (_, v) = read_npy(&y);
        assert!(
            v[..4].iter().all(|v| *v == f32::INFINITY),
            "{act} {:?}",
            &v[..4]
        );
        assert!(v[4..8].iter().all(|v| v.is_nan()), "{act} {:?}", &v[4..8]);
        assert!(v[8..16].iter().all(|v| v.is_nan()), "{act} {:?}", &v[8..16]);
        assert!(v[16..].iter().all(|v| v.is_finite()), "{act}");
    }
}

#[test]
fn output_that_cannot_be_written_leaves_nothing() {
    let ok = npy("<f4", &[1, 4], &f32_bytes(&[1.0; 4]));
    // Into a directory that does not exist.
    let dir = TempDir::new().unwrap();
    let m = write(&dir, "m.safetensors", &linear_file(&weight(), 8, 4, None));
    let x = write(&dir, "x.npy", &ok);
    let run = |y: &Path| {
        sparsejit(&[
            "run".as_ref(),
            m.as_os_str(),
            "--layer".as_ref(),
            "fc".as_ref(),
            "--input".as_ref(),
            x.as_os_str(),
            "--output".as_ref(),
            y.as_os_str(),
        ])
    };
    run(&dir.path().join("no/such/dir/y.npy")).fails_with("cannot create a file in");
    // Onto an existing directory: the rename fails after the data was
    // written, and the temporary file must be gone.
    let target = dir.path().join("y.npy");
    std::fs::create_dir(&target).unwrap();
    run(&target).fails_with("cannot write");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["m.safetensors", "x.npy", "y.npy"],
        "leftovers: {names:?}"
    );
}

#[test]
fn prune_rejects_bad_arguments_and_files() {
    let dir = TempDir::new().unwrap();
    let m = write(&dir, "m.safetensors", &linear_file(&weight(), 8, 4, None));
    let out_path = dir.path().join("p.safetensors");
    let out = sparsejit(&[
        "prune".as_ref(),
        m.as_os_str(),
        out_path.as_os_str(),
        "--sparsity".as_ref(),
        "1.5".as_ref(),
    ]);
    out.fails_with("--sparsity 1.5 is outside 0..=1");
    let bad = write(&dir, "bad.safetensors", &[]);
    let out = sparsejit(&[
        "prune".as_ref(),
        bad.as_os_str(),
        out_path.as_os_str(),
        "--sparsity".as_ref(),
        "0.5".as_ref(),
    ]);
    out.fails_with("the file is empty");
    assert!(!out_path.exists());
    let out = sparsejit(&[
        "compile".as_ref(),
        m.as_os_str(),
        "--block".as_ref(),
        "3x1".as_ref(),
    ]);
    assert_eq!(out.code, Some(2), "clap rejects bad values with exit 2");
    assert!(
        out.stderr.contains("unsupported block shape 3x1"),
        "{}",
        out.stderr
    );
}

#[test]
fn f16_and_bf16_weights_are_converted() {
    let w = weight();
    let f16: Vec<u8> = w
        .iter()
        .flat_map(|v| half::f16::from_f32(*v).to_le_bytes())
        .collect();
    let bf16: Vec<u8> = w
        .iter()
        .flat_map(|v| half::bf16::from_f32(*v).to_le_bytes())
        .collect();
    let h = r#"{"a.weight":{"dtype":"F16","shape":[8,4],"data_offsets":[0,64]},"b.weight":{"dtype":"BF16","shape":[8,4],"data_offsets":[64,128]}}"#;
    let mut data = f16;
    data.extend(bf16);
    let out = compile_bytes(&safetensors(h, &data));
    out.succeeds();
    assert!(out.stdout.contains("2 linear layers"), "{}", out.stdout);
    assert!(out.stdout.contains("75.0%"), "{}", out.stdout);
}

#[test]
fn help_teaches_each_command() {
    let out = sparsejit(&["prune", "--help"]);
    out.succeeds();
    for want in ["does NOT fine-tune", "wrecks", "0.25 at 80%", "Example:"] {
        assert!(out.stdout.contains(want), "prune --help lacks {want:?}");
    }
    for cmd in ["compile", "run", "info"] {
        let out = sparsejit(&[cmd, "--help"]);
        out.succeeds();
        assert!(
            out.stdout.contains("Example:"),
            "{cmd} --help has no example"
        );
    }
    let out = sparsejit(&["info"]);
    out.succeeds();
    for want in [
        "cpu features:",
        "ISA chosen:",
        "fma peak",
        "template ",
        "kernel cache:",
    ] {
        assert!(
            out.stdout.contains(want),
            "info lacks {want:?}:\n{}",
            out.stdout
        );
    }
}
