//! `sparsejit run`: one layer of a model on a `.npy` input:
//! `Y = act(X·Wᵀ + b)`, written to a `.npy` output. Only the named layer is
//! compiled.

use super::io::{DtypeArg, IsaArg, read_npy_f32, write_npy_f32};
use anyhow::Context;
use sparsejit::model::layer::{DEFAULT_MIN_SPARSITY, output_shape};
use sparsejit::{Activation, BlockChoice, CompileOptions, Model, Tensor};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// The model: a .safetensors file.
    model: PathBuf,
    /// The layer: the weight's name without ".weight"
    /// (`sparsejit compile MODEL` lists them).
    #[arg(long)]
    layer: String,
    /// X: float32 .npy of shape [K] (one token), [N, K] or [B, S, K].
    #[arg(long)]
    input: PathBuf,
    /// Y: written as float32 .npy of shape [M], [N, M] or [B, S, M].
    #[arg(long)]
    output: PathBuf,
    /// Activation fused after the bias: none, relu or gelu (erf form, as
    /// torch.nn.GELU()).
    #[arg(long, default_value = "none")]
    activation: Activation,
    /// Threads (0 = all cores).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Instruction set: auto, generic, avx2, avxvnni, avx512, avx512vnni or
    /// cranelift.
    #[arg(long, default_value = "auto")]
    isa: IsaArg,
    #[command(flatten)]
    dtype: DtypeArg,
    /// Block shape RxC or auto (see `compile --help`).
    #[arg(long, default_value = "4x1")]
    block: BlockChoice,
    /// Run a dense GEMM when the layer is less sparse than this.
    #[arg(long, default_value_t = DEFAULT_MIN_SPARSITY)]
    min_sparsity: f64,
}

pub fn run(a: RunArgs) -> anyhow::Result<()> {
    let model = Model::open(&a.model)?;
    // Name and input shape are checked before anything is compiled.
    let spec = model.linear(&a.layer)?.clone();
    let x = read_npy_f32(&a.input)?;
    let opts = CompileOptions {
        block: a.block,
        isa: a.isa.0,
        dtype: a.dtype.dtype,
        min_sparsity: a.min_sparsity,
        threads: a.threads,
        activation: a.activation,
        tune_tokens: None,
        use_tuning_file: true,
    };
    output_shape(&spec.name, spec.m, spec.k, x.shape())
        .with_context(|| format!("input {}", a.input.display()))?;
    let layer = model.compile_layer(&spec.name, &opts)?;
    if layer.non_finite_weights() > 0 {
        eprintln!(
            "warning: layer {} has {} non-finite weights (NaN or Inf); they propagate to its outputs as in PyTorch",
            layer.name(),
            layer.non_finite_weights()
        );
    }
    let mut y = Tensor::default();
    let start = Instant::now();
    layer.forward(&x, &mut y)?;
    let took = start.elapsed();
    write_npy_f32(&a.output, &y)?;
    println!(
        "{}: {:?} -> {:?} with {} ({}, {:.1}% sparse, {} block) in {:.3} ms; wrote {}",
        layer.name(),
        x.shape(),
        y.shape(),
        layer.kernel_name(),
        if spec.bias { "bias" } else { "no bias" },
        layer.stats().sparsity * 100.0,
        layer.block(),
        took.as_secs_f64() * 1e3,
        a.output.display()
    );
    Ok(())
}
