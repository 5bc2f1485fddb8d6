//! `.npy` input and output for the CLI (the `npyz` crate), and parsing of
//! the `--isa` choice shared by several subcommands.
//!
//! Reading is the library's `npy` module: only f32 arrays in C order, as
//! numpy's `np.save` of a `float32` array writes them; anything else gets
//! an error that says how to convert it, rather than a silent cast. Output
//! goes through the library's atomic writer, so a failure never leaves a
//! half-written file.

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

/// Reads an f32 `.npy` file of any rank (the caller checks the rank);
/// see `sparsejit::npy` for the checks.
pub fn read_npy_f32(path: &Path) -> anyhow::Result<Tensor> {
    Ok(sparsejit::npy::read_f32(path)?)
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

/// `--dtype f32|int8`, shared by the commands that compile layers.
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct DtypeArg {
    /// What the kernels compute in: f32, or int8 (s8 weights quantized per
    /// output row at load × u8 activations quantized per token as X is
    /// packed, int32 accumulators, fp32 bias and activation; see README
    /// "INT8"). A layer stored quantized in the file (I8 weight +
    /// weight_scale) always runs int8.
    #[arg(long, default_value = "f32")]
    pub dtype: sparsejit::Dtype,
}
