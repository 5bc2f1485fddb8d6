//! `.npy` input and output for the CLI (the `npyz` crate), and parsing of
//! the `--isa` choice shared by several subcommands.
//!
//! Only f32 arrays in C order are read: numpy's `np.save` of a
//! `float32` array. Anything else gets an error that says how to convert
//! it, rather than a silent cast. Output goes through the library's atomic
//! writer, so a failure never leaves a half-written file.

use anyhow::{Context, bail};
use npyz::WriterBuilder;
use sparsejit::Tensor;
use sparsejit::plan::IsaChoice;
use std::path::Path;
use std::str::FromStr;

/// `--isa auto|generic|avx2|avxvnni|avx512|avx512vnni|cranelift`: `auto`
/// is the best the CPU and `SPARSEJIT_ISA` allow.
#[derive(Clone, Copy, Debug, Default)]
pub struct IsaArg(pub Option<IsaChoice>);

impl FromStr for IsaArg {
    type Err = sparsejit::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("auto") {
            Ok(IsaArg(None))
        } else {
            s.parse().map(|i| IsaArg(Some(i)))
        }
    }
}

/// Reads an f32 `.npy` file of any rank (the caller checks the rank).
pub fn read_npy_f32(path: &Path) -> anyhow::Result<Tensor> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("{}: cannot open the input", path.display()))?;
    let npy = npyz::NpyFile::new(std::io::BufReader::new(file))
        .with_context(|| format!("{}: not a readable .npy file", path.display()))?;
    let dtype = npy.dtype();
    let is_f32 = matches!(&dtype, npyz::DType::Plain(t)
        if t.type_char() == npyz::TypeChar::Float && t.size_field() == 4);
    if !is_f32 {
        bail!(
            "{}: the array's dtype is {} but float32 is needed (in numpy: x.astype(np.float32))",
            path.display(),
            dtype.descr()
        );
    }
    let shape: Vec<usize> = npy.shape().iter().map(|&d| d as usize).collect();
    if npy.order() == npyz::Order::Fortran && shape.iter().filter(|&&d| d > 1).count() > 1 {
        bail!(
            "{}: the array is in Fortran (column-major) order; save it in C order (np.ascontiguousarray(x))",
            path.display()
        );
    }
    let data: Vec<f32> = npy.into_vec().with_context(|| {
        format!(
            "{}: cannot read the array data (truncated?)",
            path.display()
        )
    })?;
    Tensor::new(shape, data).with_context(|| format!("{}", path.display()))
}

/// Writes `t` as an f32 `.npy` file, atomically (temporary file + rename).
pub fn write_npy_f32(path: &Path, t: &Tensor) -> anyhow::Result<()> {
    let shape: Vec<u64> = t.shape().iter().map(|&d| d as u64).collect();
    let mut bytes = Vec::with_capacity(128 + 4 * t.data().len());
    {
        let mut w = npyz::WriteOptions::<f32>::new()
            .default_dtype()
            .shape(&shape)
            .writer(&mut bytes)
            .begin_nd()?;
        w.extend(t.data().iter().copied())?;
        w.finish()?;
    }
    sparsejit::files::write_atomic(path, &bytes)?;
    Ok(())
}
