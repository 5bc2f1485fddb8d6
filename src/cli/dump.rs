//! `sparsejit dump MODEL --layer NAME`: the annotated Intel-syntax listing
//! of one layer's generated code (or its instruction mix, or its raw bytes).
//!
//! `run` opens the model and compiles the one layer; `print_layer` does the
//! printing given a compiled layer.

use super::io::{DtypeArg, IsaArg};
use anyhow::Context;
use sparsejit::disasm::{DisasmOptions, RowBlocks};
use sparsejit::{BlockChoice, CompileOptions, Model, SparseLinear};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct DumpArgs {
    /// The model: a .safetensors file.
    pub model: PathBuf,
    /// The layer: a 2-D weight's name without ".weight".
    #[arg(long, value_name = "NAME")]
    pub layer: String,
    /// Write the exact code bytes (instructions, then the jump table and
    /// constants) to FILE.bin instead of printing; read them with
    /// `objdump -D -b binary -mi386:x86-64 -M intel FILE.bin`.
    #[arg(long, value_name = "FILE.bin", conflicts_with_all = ["rows", "stats"])]
    pub raw: Option<PathBuf>,
    /// Show only the code of row-blocks A..B (half-open; `A..`, `..B` and a
    /// single `A` work too). A large layer's listing runs to megabytes.
    #[arg(long, value_name = "A..B")]
    pub rows: Option<RowBlocks>,
    /// Print the instruction mix (counts by mnemonic, FMAs, broadcasts,
    /// loads by source) instead of the listing.
    #[arg(long)]
    pub stats: bool,
    /// ISA to compile for: auto, generic, avx2, avxvnni, avx512, avx512vnni
    /// or cranelift. Generic runs the BSR kernel in Rust, so it has no
    /// generated code to show.
    #[arg(long, default_value = "auto", value_name = "ISA")]
    pub isa: IsaArg,
    #[command(flatten)]
    pub dtype: DtypeArg,
    /// Block shape RxC the layer is compiled with (or auto).
    #[arg(long, default_value = "4x1")]
    pub block: BlockChoice,
}

/// Opens the model, compiles the one layer (always sparse, whatever its
/// sparsity, so there is code to show) and prints it.
pub fn run(args: DumpArgs) -> anyhow::Result<()> {
    let model = Model::open(&args.model)?;
    let opts = CompileOptions {
        block: args.block,
        isa: args.isa.0,
        dtype: args.dtype.dtype,
        min_sparsity: 0.0,
        use_tuning_file: true,
        ..Default::default()
    };
    let layer = model.compile_layer(&args.layer, &opts)?;
    let sparse = layer
        .sparse()
        .context("the layer was compiled dense, so it has no generated code")?;
    print_layer(sparse, &args)
}

/// Prints (or, with `--raw`, writes) the code of `layer`, compiled from
/// `args.layer`.
pub fn print_layer(layer: &SparseLinear, args: &DumpArgs) -> anyhow::Result<()> {
    let what = || format!("layer {} ({})", args.layer, layer.kernel_name());
    if let Some(path) = &args.raw {
        layer.write_raw(path).with_context(what)?;
        let bytes = layer.raw_code()?.len();
        let end = layer.code_end()?;
        println!(
            "wrote {bytes} bytes of {} to {}: instructions end at {end:#x}, data follows\n\
             read them with: objdump -D -b binary -mi386:x86-64 -M intel --stop-address={end:#x} {}",
            layer.dump_name(),
            path.display(),
            path.display()
        );
        return Ok(());
    }
    let opts = DisasmOptions {
        rows: args.rows,
        stats: args.stats,
    };
    let text = layer.disassemble(&opts).with_context(what)?;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // `sparsejit dump ... | head` closes the pipe early: not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("writing the listing to stdout"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use sparsejit::sparse::prune::random_block_sparse;
    use sparsejit::{BlockShape, Isa, LinearOptions};

    #[derive(Parser)]
    struct Wrap {
        #[command(flatten)]
        args: DumpArgs,
    }

    fn parse(argv: &[&str]) -> Result<DumpArgs, clap::Error> {
        Wrap::try_parse_from(std::iter::once("dump").chain(argv.iter().copied())).map(|w| w.args)
    }

    #[test]
    fn arguments_parse_and_conflict() {
        let a = parse(&[
            "m.safetensors",
            "--layer",
            "fc",
            "--rows",
            "2..4",
            "--stats",
        ])
        .unwrap();
        assert_eq!(a.rows.map(|r| (r.start, r.end)), Some((2, Some(4))));
        assert!(a.stats && a.raw.is_none());
        assert_eq!(a.isa.0, None);
        assert!(parse(&["m", "--layer", "fc", "--rows", "4..2"]).is_err());
        assert!(parse(&["m", "--layer", "fc", "--raw", "k.bin", "--stats"]).is_err());
        assert!(parse(&["m"]).is_err(), "--layer is required");
        let e = parse(&["m", "--layer", "fc", "--isa", "avx3"]).unwrap_err();
        assert!(e.to_string().contains("unknown ISA"), "{e}");
    }

    #[test]
    fn raw_writes_the_executed_bytes() {
        if !sparsejit::runtime::CpuFeatures::detect().supports(Isa::Avx2) {
            return;
        }
        let block = BlockShape::new(4, 1).unwrap();
        let w = random_block_sparse(16, 16, block, 0.5, 1);
        let opts = LinearOptions {
            isa: Some(Isa::Avx2.into()),
            ..Default::default()
        };
        let layer = SparseLinear::from_dense(&w, 16, 16, block, None, &opts).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.bin");
        let raw = path.to_str().unwrap();
        let args = parse(&["m", "--layer", "fc", "--raw", raw]).unwrap();
        print_layer(&layer, &args).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), layer.raw_code().unwrap());
        let bad = parse(&["m", "--layer", "fc", "--raw", "/nonexistent/dir/k.bin"]).unwrap();
        let e = format!("{:#}", print_layer(&layer, &bad).unwrap_err());
        assert!(
            e.contains("layer fc") && e.contains("/nonexistent/dir"),
            "{e}"
        );
    }
}
