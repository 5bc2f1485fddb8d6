//! `sparsejit compile`: open a model, JIT-compile every linear layer and
//! print one row per layer (shape, block, sparsity, kernel, code bytes,
//! compile time, cache), then totals and the kernel cache's hits.

use super::io::{DtypeArg, IsaArg};
use super::table::Table;
use sparsejit::model::layer::DEFAULT_MIN_SPARSITY;
use sparsejit::runtime::KernelCache;
use sparsejit::{BlockChoice, CompileOptions, Model};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct CompileArgs {
    /// The model: a .safetensors file.
    model: PathBuf,
    /// Block shape RxC (rows 1,2,4,8,16 × cols 1,2,4), or `auto`: per
    /// layer, the largest block whose fill (zeros stored inside kept
    /// blocks) is at most 25%.
    #[arg(long, default_value = "4x1")]
    block: BlockChoice,
    /// Instruction set: auto (the best this CPU and SPARSEJIT_ISA allow),
    /// avx512vnni, avx512, avxvnni or avx2 (JIT code; the VNNI levels give
    /// fp32 layers the avx512/avx2 kernels), cranelift (JIT code through
    /// cranelift-codegen) or generic (the portable kernels, no JIT).
    #[arg(long, default_value = "auto")]
    isa: IsaArg,
    #[command(flatten)]
    dtype: DtypeArg,
    /// Layers less sparse than this run a dense GEMM instead ("dense" in
    /// the kernel column); with --dtype int8 they run the INT8 kernel on
    /// all their weights.
    #[arg(long, default_value_t = DEFAULT_MIN_SPARSITY)]
    min_sparsity: f64,
    /// Threads each layer's forward will use (0 = all cores).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Time each sparse layer's JIT kernel, the generic kernel and a dense
    /// GEMM on N tokens and run the fastest (the "runs" and "tuned" columns
    /// say which, and the times behind it). With --dtype int8 the fp32 JIT
    /// kernel is timed too ("f32" in the tuned column) and the layer runs
    /// fp32 where that is faster; without it no layer becomes INT8. Off by
    /// default: it costs a few tens of milliseconds per layer.
    #[arg(long, value_name = "N")]
    tune: Option<usize>,
}

pub fn run(a: CompileArgs) -> anyhow::Result<()> {
    let model = Model::open(&a.model)?;
    let opts = CompileOptions {
        block: a.block,
        isa: a.isa.0,
        dtype: a.dtype.dtype,
        min_sparsity: a.min_sparsity,
        threads: a.threads,
        tune_tokens: a.tune,
        use_tuning_file: true,
        ..Default::default()
    };
    let isa = sparsejit::runtime::cpu::resolve(opts.isa, opts.dtype)?;
    let total = model.linears().len();
    println!(
        "{}: {total} linear layers, block {}, {} on {isa}, dense under {:.0}% sparsity",
        a.model.display(),
        a.block,
        opts.dtype,
        a.min_sparsity * 100.0
    );
    for s in model.skipped() {
        println!("skipped {}: {}", s.name, s.reason);
    }
    let before = KernelCache::global().stats();
    let start = Instant::now();
    // Progress goes to stderr so stdout stays the table; only worth it when
    // the model is big enough to take a noticeable time.
    let layers = model.compile_with(&opts, |i, n, name| {
        if n >= 8 {
            eprintln!("compiling {}/{n} {name}", i + 1);
        }
    })?;
    let wall = start.elapsed();
    let after = KernelCache::global().stats();
    let mut table = Table::new(&[
        "layer",
        "shape",
        "block",
        "sparsity",
        "kernel",
        "code",
        "compile",
        "cache",
        "runs",
        "tuned: jit/generic/dense ms",
    ]);
    let (mut code, mut nnz, mut dense) = (0usize, 0usize, 0usize);
    for l in layers.iter() {
        if l.non_finite_weights() > 0 {
            eprintln!(
                "warning: layer {} has {} non-finite weights (NaN or Inf); they propagate to its outputs as in PyTorch",
                l.name(),
                l.non_finite_weights()
            );
        }
        let st = l.stats();
        code += l.code_bytes();
        nnz += st.nnz;
        dense += usize::from(l.is_dense());
        table.row(vec![
            l.name().to_string(),
            format!("{}x{}", l.m(), l.k()),
            l.block().to_string(),
            format!("{:.1}%", st.sparsity * 100.0),
            l.kernel_name(),
            l.code_bytes().to_string(),
            format!("{:.2} ms", l.compile_time().as_secs_f64() * 1e3),
            match l.cache_hit() {
                Some(true) => "hit",
                Some(false) => "miss",
                None => "-",
            }
            .into(),
            l.kernel().to_string(),
            l.tuning().map_or("-".into(), |t| {
                let ms = |s: f64| format!("{:.3}", s * 1e3);
                // An INT8 layer's tuning also timed the fp32 JIT kernel.
                let f32 = t
                    .jit_f32
                    .map_or(String::new(), |s| format!(" (f32 {})", ms(s)));
                format!(
                    "{}{f32}/{}/{}",
                    t.jit.map_or("-".into(), ms),
                    ms(t.generic),
                    ms(t.dense)
                )
            }),
        ]);
    }
    print!("{}", table.render());
    println!(
        "total: {} layers ({} dense), {nnz} nonzeros, {code} code bytes ({:.1} per nonzero), compiled in {:.1} ms",
        layers.len(),
        dense,
        code as f64 / nnz.max(1) as f64,
        wall.as_secs_f64() * 1e3
    );
    println!(
        "kernel cache: {} hits, {} misses, {} evictions in this compile; {} kernels, {} code bytes cached",
        after.hits - before.hits,
        after.misses - before.misses,
        after.evictions - before.evictions,
        after.entries,
        after.code_bytes
    );
    Ok(())
}
