//! Prints the listing (or instruction mix) of a random block-sparse layer's
//! kernel, without a model file: a way to read generated code until (and
//! beside) `sparsejit dump MODEL`.
//!
//! ```sh
//! cargo run --release --example dump_kernel -- 768 768 0.9 4x1 --stats
//! cargo run --release --example dump_kernel -- 8 6 0.5 4x1 --bias --act relu
//! cargo run --release --example dump_kernel -- 768 768 0.9 4x1 --rows 10..12
//! cargo run --release --example dump_kernel -- 768 768 0.9 4x1 --raw k.bin
//! ```

use sparsejit::disasm::DisasmOptions;
use sparsejit::sparse::prune::random_block_sparse;
use sparsejit::{Activation, BlockShape, LinearOptions, SparseLinear};
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pos = |i: usize, default: &str| args.get(i).cloned().unwrap_or(default.into());
    let flag = |name: &str| args.iter().position(|a| a == name);
    let value = |name: &str| flag(name).and_then(|i| args.get(i + 1)).cloned();
    let (m, k): (usize, usize) = (pos(0, "768").parse()?, pos(1, "768").parse()?);
    let sparsity: f64 = pos(2, "0.9").parse()?;
    let block: BlockShape = pos(3, "4x1").parse()?;
    let activation: Activation = value("--act").unwrap_or("none".into()).parse()?;
    let w = random_block_sparse(m, k, block, sparsity, 1);
    let bias = flag("--bias").map(|_| (0..m).map(|i| i as f32 * 0.01).collect());
    let opts = LinearOptions {
        activation,
        ..Default::default()
    };
    let layer = SparseLinear::from_dense(&w, m, k, block, bias, &opts)?;
    if let Some(path) = value("--raw") {
        layer.write_raw(Path::new(&path))?;
        eprintln!("wrote {} bytes to {path}", layer.raw_code()?.len());
        return Ok(());
    }
    let opts = DisasmOptions {
        rows: value("--rows").map(|r| r.parse()).transpose()?,
        stats: flag("--stats").is_some(),
    };
    print!("{}", layer.disassemble(&opts)?);
    Ok(())
}
