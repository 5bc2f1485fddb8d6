//! `sparsejit tune`: time every kernel variant the templates allow on
//! random block-sparse weights of the given shapes, and record the fastest
//! per weight class in the tuning file (`runtime::tuned`) that the other
//! commands read.

use super::io::{DtypeArg, IsaArg};
use super::table::Table;
use sparsejit::runtime::tuned::{self, TuneKey};
use sparsejit::sparse::prune::random_block_sparse;
use sparsejit::{BlockShape, LinearOptions, SparseLinear};

#[derive(clap::Args, Debug)]
pub struct TuneArgs {
    /// Weight shapes MxK, comma-separated (default: BERT-base's three).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "768x768,3072x768,768x3072"
    )]
    shape: Vec<String>,
    /// Sparsities, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "0.7,0.9")]
    sparsity: Vec<f64>,
    /// Block shapes RxC, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "4x1")]
    block: Vec<BlockShape>,
    /// Tokens each variant is timed on.
    #[arg(long, default_value_t = 128)]
    tokens: usize,
    /// Instruction set: auto (the best this CPU and SPARSEJIT_ISA allow),
    /// or a dynasm level (avx512vnni, avx512, avxvnni, avx2). Cranelift
    /// and generic have no variants to tune.
    #[arg(long, default_value = "auto")]
    isa: IsaArg,
    #[command(flatten)]
    dtype: DtypeArg,
}

fn parse_shape(s: &str) -> anyhow::Result<(usize, usize)> {
    let bad = || anyhow::anyhow!("shape '{s}': expected MxK, e.g. 768x3072");
    let (m, k) = s.trim().split_once('x').ok_or_else(bad)?;
    let (m, k): (usize, usize) = (m.parse().map_err(|_| bad())?, k.parse().map_err(|_| bad())?);
    anyhow::ensure!(m > 0 && k > 0, "shape '{s}': M and K must be at least 1");
    Ok((m, k))
}

pub fn run(a: TuneArgs) -> anyhow::Result<()> {
    let shapes: Vec<(usize, usize)> = a
        .shape
        .iter()
        .map(|s| parse_shape(s))
        .collect::<Result<_, _>>()?;
    for &s in &a.sparsity {
        anyhow::ensure!((0.0..1.0).contains(&s), "sparsity {s}: must be in [0, 1)");
    }
    anyhow::ensure!(a.tokens > 0, "--tokens must be at least 1");
    let target = sparsejit::runtime::cpu::resolve(a.isa.0, a.dtype.dtype)?;
    anyhow::ensure!(
        target.backend == sparsejit::plan::Backend::Dynasm,
        "{target} has no kernel variants to tune: only the dynasm JIT levels (avx2, avxvnni, avx512, avx512vnni) do"
    );
    let path = tuned::default_path().ok_or_else(|| {
        anyhow::anyhow!(
            "no tuning file: {} is off (or there is no cache directory); set it to a path",
            tuned::TUNING_ENV
        )
    })?;
    let mut table = Table::new(&[
        "shape", "sparsity", "block", "class", "start ms", "best", "best ms", "speedup",
    ]);
    let combos = shapes.len() * a.sparsity.len() * a.block.len();
    let mut i = 0;
    for &(m, k) in &shapes {
        for &sparsity in &a.sparsity {
            for &block in &a.block {
                i += 1;
                eprintln!(
                    "tuning {i}/{combos}: {m}x{k} {:.0}% {block}",
                    sparsity * 100.0
                );
                let w = random_block_sparse(m, k, block, sparsity, 1);
                let opts = LinearOptions {
                    isa: a.isa.0,
                    dtype: a.dtype.dtype,
                    ..Default::default()
                };
                let mut layer = SparseLinear::from_dense(&w, m, k, block, None, &opts)?;
                let t = layer.tune(a.tokens)?;
                layer.record_variant(&t)?;
                let plan = layer.plan();
                let density = layer.weights().stats().nnz as f64 / (m * k) as f64;
                let key = TuneKey::new(plan.target.isa, plan.target.dtype, block, k, density);
                let ms = |s: Option<f64>| s.map_or("-".into(), |s| format!("{:.3}", s * 1e3));
                table.row(vec![
                    format!("{m}x{k}"),
                    format!("{:.0}%", sparsity * 100.0),
                    block.to_string(),
                    key.class,
                    ms(t.jit_start),
                    format!(
                        "{}x{} {}{}",
                        plan.tile.rows,
                        plan.tile.vecs,
                        plan.mac.name(),
                        // The K-block, for the families that have them
                        // (kb0: none).
                        if plan.can_k_block() {
                            format!(" kb{}", plan.k_block)
                        } else {
                            String::new()
                        }
                    ),
                    ms(t.jit),
                    match (t.jit_start, t.jit) {
                        (Some(a), Some(b)) => format!("{:.2}x", a / b),
                        _ => "-".into(),
                    },
                ]);
            }
        }
    }
    println!(
        "tune on {} ({} tokens per variant)",
        tuned::cpu_model(),
        a.tokens
    );
    print!("{}", table.render());
    println!(
        "recorded in {} (compile, run, dump, embed and bench-model start from these; `sparsejit info` lists them)",
        path.display()
    );
    Ok(())
}
