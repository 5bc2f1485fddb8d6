//! Subcommand definitions (clap) and dispatch. Each subcommand lives in its
//! own module; shared table printing is in `table`, `.npy` I/O in `io`.
//! The long help of every subcommand says what it does, its defaults and an
//! example, so `sparsejit help <command>` is the manual.

mod bench;
mod bench_model;
mod compile;
mod demo;
mod dump;
mod embed;
mod info;
mod io;
mod plot;
mod prune;
mod run;
mod table;
mod tune;

use clap::{Parser, Subcommand};

/// sparsejit: JIT-compiled block-sparse kernels for pruned transformer weights.
///
/// Each weight matrix's sparsity pattern is baked into x86-64 machine code
/// (AVX-512 where the CPU has it, else AVX2+FMA; a Cranelift backend on
/// request, a generic kernel on any CPU), so no index is read at run time. Start with `sparsejit demo`;
/// on a real model: `sparsejit prune` it, `sparsejit compile` it,
/// `sparsejit run` a layer. `sparsejit help <command>` explains each.
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
    /// JIT-compile every linear layer of a safetensors model; one row per layer.
    ///
    /// A linear layer NAME is a 2-D float tensor NAME.weight ([out, in], as
    /// torch.nn.Linear stores it; F32, or F16/BF16 converted to f32) with
    /// NAME.bias as its bias when present. Embedding tables are skipped. The
    /// file is memory-mapped and its header fully validated first.
    ///
    /// Each row: name, shape (MxK), block, sparsity, kernel (or "dense" when
    /// the layer is under --min-sparsity), code bytes, compile time, and
    /// whether the kernel cache already had the code. Totals and the cache's
    /// hits and misses follow. Progress goes to stderr.
    ///
    /// Defaults: --block 4x1, --isa auto, --min-sparsity 0.5, --threads 1.
    ///
    /// Example:
    ///   sparsejit compile .cache/minilm/model-80.safetensors --block 4x1
    #[command(verbatim_doc_comment)]
    Compile(compile::CompileArgs),
    /// Run one layer of a model on a .npy input: Y = act(X·Wᵀ + b).
    ///
    /// X is a float32 .npy of shape [K] (one token), [N, K] or [B, S, K];
    /// Y is written as float32 .npy of shape [..., M], through a temporary
    /// file renamed into place, so a failed run leaves no partial output.
    /// Semantics are torch.nn.Linear's, NaN and Inf included: a non-finite
    /// input gives the same NaNs a dense product would, even where the
    /// weight was pruned to zero.
    ///
    /// Defaults: --activation none, --threads 1, --isa auto, --block 4x1,
    /// --min-sparsity 0.5.
    ///
    /// Example:
    ///   sparsejit run model.safetensors --layer encoder.layer.0.intermediate.dense \
    ///       --input x.npy --output y.npy --activation gelu
    #[command(verbatim_doc_comment)]
    Run(run::RunArgs),
    /// One-shot block magnitude pruning of every linear weight (no fine-tuning).
    ///
    /// In each linear weight (2-D float NAME.weight; embedding tables are
    /// left alone), the --sparsity fraction of RxC blocks with the smallest
    /// L2 norm become zero. All other tensors are copied unchanged; the
    /// output keeps each tensor's dtype and is written atomically.
    ///
    /// It does NOT fine-tune, and one-shot pruning wrecks a dense-trained
    /// model's accuracy: on all-MiniLM-L6-v2 with 4x1 blocks, the embedding
    /// cosine to the dense model falls to about 0.4 at 50% sparsity and
    /// 0.25 at 80%. Use `prune` to get real sparsity patterns for
    /// benchmarks and tests; a deployable sparse model comes from pruning
    /// during training.
    ///
    /// Defaults: --block 4x1 (--sparsity is required).
    ///
    /// Example:
    ///   sparsejit prune model.safetensors model-80.safetensors --sparsity 0.8 --block 4x1
    #[command(verbatim_doc_comment)]
    Prune(prune::PruneArgs),
    /// Print CPU features, the ISA chosen, the FMA peak, templates and the cache.
    ///
    /// Prints the CPU features detected, the ISA chosen, the measured FMA
    /// peak, the kernel templates and the kernel cache's state.
    ///
    /// The ISA is the best the CPU runs, capped by the environment variable
    /// SPARSEJIT_ISA (auto, avx512, avx2 or generic), which never raises it;
    /// cranelift is chosen only when asked for.
    ///
    /// The cache line counts kernels, code bytes, hits, misses, evictions
    /// and failed compiles. The cache keeps up to SPARSEJIT_CACHE_MB MiB
    /// (default 64) of code that no layer holds, and frees the rest.
    ///
    /// Example:
    ///   SPARSEJIT_ISA=generic sparsejit info
    #[command(verbatim_doc_comment)]
    Info,
    /// Time the JIT kernel, the generic BSR kernel and a dense GEMM on the same data in one run.
    ///
    /// Prints, per kernel: the median time with its min–max spread, nonzero
    /// and dense-equivalent GFLOP/s, the fraction of the measured FMA peak
    /// (`sparsejit info`), and the speedups over dense and over generic.
    /// The kernels are timed in interleaved rounds (each round calls every
    /// kernel once), so noise during the run hits them alike. Compare
    /// kernels within one run: on a shared machine, times across runs
    /// drift, ratios within a run do not. The dense row is the `gemm`
    /// crate on the plain [M, K] weight; it packs X on every call, and W
    /// only past thousands of tokens, so at the usual N no W re-packing
    /// is in its time.
    ///
    /// Examples:
    ///   sparsejit bench --shape 3072x768x128 --sparsity 0.7
    ///   sparsejit bench --sweep --svg speedup.svg
    ///   sparsejit bench --threads 2 --shape 768x768x512 --json
    ///   sparsejit bench model.safetensors --layers layer.0. --cranelift
    #[command(verbatim_doc_comment)]
    Bench(bench::BenchArgs),
    /// Print one layer's generated code: annotated listing, instruction mix or raw bytes.
    ///
    /// The listing is Intel syntax, decoded with iced-x86 from the exact bytes
    /// that run.
    ///
    /// The header gives the kernel name, plan, code size, nonzeros, code bytes
    /// per nonzero and compile time; notes between the instructions say which
    /// row-block starts where, which weight block each FMA group serves and
    /// where the epilogue begins. See README "Reading a dump".
    ///
    /// Examples:
    ///   sparsejit dump model.safetensors --layer encoder.layer.0.output.dense --rows 0..2
    ///   sparsejit dump model.safetensors --layer encoder.layer.0.output.dense --stats
    ///   sparsejit dump model.safetensors --layer encoder.layer.0.output.dense --raw k.bin
    ///   objdump -D -b binary -mi386:x86-64 -M intel k.bin
    #[command(verbatim_doc_comment)]
    Dump(dump::DumpArgs),
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
    #[command(verbatim_doc_comment)]
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
    #[command(verbatim_doc_comment)]
    BenchModel(bench_model::BenchModelArgs),
    /// Find the fastest kernel variant for this CPU and record it in the
    /// tuning file, which compile, run, dump, embed and bench-model read.
    ///
    /// The best register tile (and, for AVX2 INT8, multiply-accumulate)
    /// differs by microarchitecture. For each shape, sparsity and block, a
    /// random block-sparse weight is compiled and every variant its
    /// template allows is timed on --tokens random tokens; the fastest is
    /// recorded for the weight's class (its K: <=512, <=1536 or more; its
    /// density: under or over 20%), this CPU model, ISA, dtype and block.
    /// `compile --tune N` records the winners of a real model's layers too.
    ///
    /// The file is $SPARSEJIT_TUNING_FILE, else ~/.cache/sparsejit/tuning.json;
    /// SPARSEJIT_TUNING_FILE=off turns reading and writing it off. Deleting
    /// it restores the templates' defaults. `sparsejit info` lists it.
    ///
    /// Examples:
    ///   sparsejit tune
    ///   sparsejit tune --block 4x1,1x4 --dtype int8
    ///   sparsejit tune --shape 384x384,1536x384 --sparsity 0.8 --tokens 256
    #[command(verbatim_doc_comment)]
    Tune(tune::TuneArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo(a) => demo::run(a),
        Command::Compile(a) => compile::run(a),
        Command::Run(a) => run::run(a),
        Command::Prune(a) => prune::run(a),
        Command::Info => info::run(),
        Command::Bench(a) => bench::run(a),
        Command::Dump(a) => dump::run(a),
        Command::Embed(a) => embed::run(a),
        Command::BenchModel(a) => bench_model::run(a),
        Command::Tune(a) => tune::run(a),
    }
}
