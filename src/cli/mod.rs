//! Subcommand definitions (clap) and dispatch. Each subcommand lives in its
//! own module; shared table printing is in `table`.

mod bench;
mod bench_model;
mod demo;
mod embed;
mod plot;
mod table;

use clap::{Parser, Subcommand};

/// sparsejit: JIT-compiled block-sparse kernels for pruned transformer weights.
///
/// Each weight matrix's sparsity pattern is baked into x86-64 machine code
/// (AVX2+FMA), so no index is read at run time. Start with `sparsejit demo`.
#[derive(Parser, Debug)]
#[command(name = "sparsejit", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build a BERT-Mini-shaped block-sparse model in memory, compile every
    /// layer, check each against the reference and print the speedup table.
    ///
    /// Needs no arguments and no download. The model is deterministic: 4
    /// encoder layers (hidden 256, intermediate 1024), 24 linear layers with
    /// bias, 4x1 blocks. Each layer is timed three ways in one run: the JIT
    /// kernel, the generic BSR kernel and a dense GEMM (the `gemm` crate).
    Demo(demo::DemoArgs),
    /// Time the JIT kernel, the generic BSR kernel and a dense GEMM on the
    /// same data in one run.
    ///
    /// Prints, per kernel: the median time with its min–max spread, nonzero
    /// and dense-equivalent GFLOP/s, the fraction of the measured FMA peak
    /// (`sparsejit info`), and the speedups over dense and over generic.
    /// Compare kernels within one run: on a shared machine, times across runs
    /// drift, ratios within a run do not.
    ///
    /// Examples:
    ///   sparsejit bench --shape 3072x768x128 --sparsity 0.7
    ///   sparsejit bench --sweep --svg speedup.svg
    ///   sparsejit bench --threads 2 --shape 768x768x512 --json
    Bench(bench::BenchArgs),
    /// Sentence embeddings from a BERT model directory (all-MiniLM-L6-v2),
    /// every linear layer on JIT kernels.
    ///
    /// Mean pooling over the attention mask, then L2 normalisation, as
    /// sentence-transformers does for this model. `--prune S` prunes every
    /// linear weight first (one-shot, no fine-tuning); `--compare` prints
    /// the cosine between the dense and the pruned model's embeddings.
    ///
    /// Examples:
    ///   sparsejit embed .cache/minilm "A cat sits on the mat." "Stocks fell."
    ///   sparsejit embed .cache/minilm "Hello" --prune 0.8 --json
    ///   sparsejit embed .cache/minilm "Hello" "World" --compare --prune 0.7
    Embed(embed::EmbedArgs),
    /// Time the whole encoder (all-MiniLM-L6-v2) three ways in one run:
    /// every linear layer on the dense GEMM, on the generic BSR kernel, and
    /// on JIT kernels, with the time split into linear layers, attention and
    /// the rest.
    ///
    /// The weights are pruned (one-shot, --prune) first, so all three ways
    /// compute the same thing; inputs are random token ids without padding.
    ///
    /// Examples:
    ///   sparsejit bench-model .cache/minilm --prune 0.9 --seq 128 --batch 8
    ///   sparsejit bench-model .cache/minilm --prune 0.7 --threads 2 --json
    BenchModel(bench_model::BenchModelArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo(a) => demo::run(a),
        Command::Bench(a) => bench::run(a),
        Command::Embed(a) => embed::run(a),
        Command::BenchModel(a) => bench_model::run(a),
    }
}
