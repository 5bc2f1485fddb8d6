//! `sparsejit prune`: one-shot block magnitude pruning of a model's linear
//! weights (`sparse::prune::prune_blocks`), everything else copied byte for
//! byte, written as a new safetensors file (atomically).

use half::{bf16, f16};
use sparsejit::BlockShape;
use sparsejit::model::safetensors::{TensorBytes, write_atomic};
use sparsejit::model::{Dtype, Model};
use sparsejit::sparse::prune::prune_blocks;
use std::borrow::Cow;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct PruneArgs {
    /// The model to prune (.safetensors); it is not modified.
    input: PathBuf,
    /// Where to write the pruned model (.safetensors).
    output: PathBuf,
    /// Fraction of each weight's blocks to zero, 0..=1 (0.8 = 80%).
    #[arg(long)]
    sparsity: f64,
    /// Block shape RxC: rows 1,2,4,8,16 × cols 1,2,4.
    #[arg(long, default_value = "4x1")]
    block: BlockShape,
}

pub fn run(a: PruneArgs) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&a.sparsity) {
        anyhow::bail!(
            "--sparsity {} is outside 0..=1 (0.8 means 80% of the blocks become zero)",
            a.sparsity
        );
    }
    let model = Model::open(&a.input)?;
    let mut out = Vec::new();
    let mut pruned = 0;
    for t in model.file().tensors() {
        let linear = t
            .name()
            .strip_suffix(".weight")
            .and_then(|n| model.linears().iter().find(|l| l.name == n));
        let bytes = match linear {
            Some(l) => {
                let mut w = t.to_f32()?.into_owned();
                prune_blocks(&mut w, l.m, l.k, a.block, a.sparsity)?;
                pruned += 1;
                // Back to the file's dtype: the kept values came from it, so
                // the round trip is exact, and zero is exact in every dtype.
                Cow::Owned(encode(&w, t.dtype()))
            }
            None => Cow::Borrowed(t.bytes),
        };
        out.push(TensorBytes {
            name: t.name().to_string(),
            dtype: t.dtype(),
            shape: t.shape().to_vec(),
            bytes,
        });
    }
    let kept = out.len() - pruned;
    write_atomic(&a.output, out, model.file().metadata().cloned())?;
    for s in model.skipped() {
        println!("not pruned {}: {}", s.name, s.reason);
    }
    println!(
        "pruned {pruned} linear weights to {:.0}% zero {} blocks (one-shot, no fine-tuning); {kept} other tensors copied unchanged; wrote {}",
        a.sparsity * 100.0,
        a.block,
        a.output.display()
    );
    Ok(())
}

/// f32 values as little-endian bytes of `dtype` (F32, F16 or BF16).
fn encode(w: &[f32], dtype: Dtype) -> Vec<u8> {
    match dtype {
        Dtype::F16 => w
            .iter()
            .flat_map(|&v| f16::from_f32(v).to_le_bytes())
            .collect(),
        Dtype::BF16 => w
            .iter()
            .flat_map(|&v| bf16::from_f32(v).to_le_bytes())
            .collect(),
        // Linear weights are F32, F16 or BF16 (see `model`).
        _ => w.iter().flat_map(|&v| v.to_le_bytes()).collect(),
    }
}
