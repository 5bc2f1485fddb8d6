//! Hand-built file fixtures: safetensors bytes (8-byte LE header length +
//! JSON + data) and `.npy` bytes, so each test's corruption is explicit,
//! plus a runner for the built `sparsejit` binary.

use std::path::Path;
use std::process::Command;

/// A safetensors file from a header and a data section, byte for byte.
pub fn safetensors(header: &str, data: &[u8]) -> Vec<u8> {
    let mut b = (header.len() as u64).to_le_bytes().to_vec();
    b.extend_from_slice(header.as_bytes());
    b.extend_from_slice(data);
    b
}

/// f32 values as little-endian bytes.
pub fn f32_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A valid file with one layer "fc": weight [m, k] (row-major) and bias.
pub fn linear_file(w: &[f32], m: usize, k: usize, bias: Option<&[f32]>) -> Vec<u8> {
    let wb = 4 * m * k;
    let mut header = format!(
        r#"{{"__metadata__":{{"format":"pt"}},"fc.weight":{{"dtype":"F32","shape":[{m},{k}],"data_offsets":[0,{wb}]}}"#
    );
    let mut data = f32_bytes(w);
    if let Some(b) = bias {
        header.push_str(&format!(
            r#","fc.bias":{{"dtype":"F32","shape":[{m}],"data_offsets":[{wb},{}]}}"#,
            wb + 4 * m
        ));
        data.extend(f32_bytes(b));
    }
    header.push('}');
    safetensors(&header, &data)
}

/// A `.npy` (version 1.0) file: `descr` like "<f4", a shape, raw data.
pub fn npy(descr: &str, shape: &[usize], data: &[u8]) -> Vec<u8> {
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    let shape = match dims.len() {
        1 => format!("({},)", dims[0]),
        _ => format!("({})", dims.join(", ")),
    };
    let mut dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    // Magic (6) + version (2) + length (2) + dict + '\n', padded to 64.
    while (10 + dict.len() + 1) % 64 != 0 {
        dict.push(' ');
    }
    dict.push('\n');
    let mut b = b"\x93NUMPY\x01\x00".to_vec();
    b.extend((dict.len() as u16).to_le_bytes());
    b.extend(dict.as_bytes());
    b.extend_from_slice(data);
    b
}

/// Reads an f32 `.npy` written by `sparsejit run`: (shape, values).
pub fn read_npy(path: &Path) -> (Vec<usize>, Vec<f32>) {
    let bytes = std::fs::read(path).unwrap();
    let npy = npyz::NpyFile::new(&bytes[..]).unwrap();
    let shape = npy.shape().iter().map(|&d| d as usize).collect();
    (shape, npy.into_vec::<f32>().unwrap())
}

/// The result of one run of the binary.
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Asserts a clean failure: exit status 1, `want` in the message, and
    /// no panic or crash.
    pub fn fails_with(&self, want: &str) {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit 1\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        assert!(
            self.stderr.contains(want),
            "stderr lacks {want:?}:\n{}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }

    pub fn succeeds(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "stdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Runs the built `sparsejit` binary with `args`.
pub fn sparsejit<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Out {
    // No tuning file: a user's ~/.cache/sparsejit/tuning.json must not
    // change which kernels the tests see.
    sparsejit_env(args, &[("SPARSEJIT_TUNING_FILE", "off")])
}

/// [`sparsejit`] with environment variables set.
pub fn sparsejit_env<S: AsRef<std::ffi::OsStr>>(args: &[S], env: &[(&str, &str)]) -> Out {
    let o = Command::new(env!("CARGO_BIN_EXE_sparsejit"))
        .args(args)
        .env_remove("SPARSEJIT_ISA")
        .envs(env.iter().copied())
        .output()
        .expect("running the sparsejit binary");
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// A file with one INT8 layer "fc" quantized elsewhere: an I8 weight
/// [m, k] and, when given, a `fc.weight_scale` with its own dtype, shape
/// and bytes (so a test can make it wrong).
pub fn int8_file(
    q: &[i8],
    m: usize,
    k: usize,
    scale: Option<(&str, &[usize], Vec<u8>)>,
) -> Vec<u8> {
    let wb = m * k;
    let mut header =
        format!(r#"{{"fc.weight":{{"dtype":"I8","shape":[{m},{k}],"data_offsets":[0,{wb}]}}"#);
    let mut data: Vec<u8> = q.iter().map(|&v| v as u8).collect();
    if let Some((dtype, shape, bytes)) = scale {
        let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
        header.push_str(&format!(
            r#","fc.weight_scale":{{"dtype":"{dtype}","shape":[{}],"data_offsets":[{wb},{}]}}"#,
            dims.join(","),
            wb + bytes.len()
        ));
        data.extend(bytes);
    }
    header.push('}');
    safetensors(&header, &data)
}
