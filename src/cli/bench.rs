//! `sparsejit bench`: the JIT kernel, the generic BSR kernel and a dense
//! GEMM on the same data, timed in one run, on a synthetic shape or a sweep
//! of sparsities and block shapes; a table, JSON, or an SVG plot.

use super::table::Table;
use anyhow::{Context, bail};
use sparsejit::BlockShape;
use sparsejit::bench::{BenchConfig, BenchRow, bench_weights};
use sparsejit::sparse::prune::random_block_sparse;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// A .safetensors model: benchmark each of its linear layers with its
    /// real weights and pattern (N = the N of --shape). Without it, a
    /// synthetic matrix of --shape, --sparsity and --block.
    model: Option<PathBuf>,
    /// Only the layers whose name contains this (with a model).
    #[arg(long, value_name = "TEXT")]
    layers: Option<String>,
    /// Problem shape MxKxN: weight [M, K], input [N, K]. Synthetic weights
    /// with `--sparsity` and `--block`, deterministic.
    #[arg(long, default_value = "768x768x128", value_parser = parse_shape)]
    shape: (usize, usize, usize),
    /// Fraction of blocks that are zero.
    #[arg(long, default_value_t = 0.9)]
    sparsity: f64,
    /// Block shape RxC.
    #[arg(long, default_value = "4x1")]
    block: BlockShape,
    /// Threads for every kernel (JIT, generic and dense alike).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Sparsities 0.5, 0.7, 0.8, 0.9, 0.95 × blocks 1x1, 4x1, 8x1.
    #[arg(long)]
    sweep: bool,
    /// Print JSON (one object per shape, sparsity, block and kernel) instead
    /// of a table.
    #[arg(long)]
    json: bool,
    /// Draw speedup over dense against sparsity, one line per kernel and
    /// block, to this SVG file (most useful with --sweep).
    #[arg(long)]
    svg: Option<PathBuf>,
    /// Time budget per kernel in milliseconds: the kernels run in
    /// interleaved rounds for this times their count (at least 5 rounds).
    #[arg(long, default_value_t = 300)]
    budget_ms: u64,
    /// Register tile ROWSxVECS for the JIT kernel (rows × 8-token vectors),
    /// overriding the template's default; see templates/ for legal tiles.
    #[arg(long, value_parser = parse_tile)]
    tile: Option<sparsejit::plan::RegisterTile>,
    /// Also time the Cranelift backend's kernel (a "cranelift" row; its
    /// code generation is much slower than dynasm's).
    #[arg(long)]
    cranelift: bool,
    /// ISA of the "jit" row: auto, generic, avx2, avxvnni, avx512,
    /// avx512vnni or cranelift (generic has no generated code, so the row
    /// is left out).
    #[arg(long, default_value = "auto", value_name = "ISA")]
    isa: super::io::IsaArg,
    /// What the "jit" row computes in: f32, or int8 (s8 weights × u8
    /// activations quantized per token as X is packed, int32 accumulators).
    /// With int8 a "jit-f32" row times the fp32 JIT kernel beside it, and
    /// the INT8 row's figures are GOP/s against the INT8 peak (`info`).
    #[arg(long, default_value = "f32")]
    dtype: sparsejit::Dtype,
    /// INT8 multiply-accumulate of the AVX2 family: maddubs7 (default:
    /// 7-bit activations, vpmaddubsw) or maddwd16 (8-bit, widened to s16).
    #[arg(long)]
    mac: Option<sparsejit::plan::Mac>,
    /// Also time the project's own dense reference (slower than `gemm`).
    #[arg(long)]
    dense_ref: bool,
}

fn parse_tile(s: &str) -> Result<sparsejit::plan::RegisterTile, String> {
    let bad = || format!("'{s}' is not a tile: write ROWSxVECS, e.g. 4x2 (4 rows × 16 tokens)");
    let (r, v) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    Ok(sparsejit::plan::RegisterTile {
        rows: r.trim().parse().map_err(|_| bad())?,
        vecs: v.trim().parse().map_err(|_| bad())?,
    })
}

fn parse_shape(s: &str) -> Result<(usize, usize, usize), String> {
    let parts: Vec<_> = s
        .split(['x', 'X'])
        .map(|p| p.trim().parse::<usize>())
        .collect();
    match parts.as_slice() {
        [Ok(m), Ok(k), Ok(n)] if *m > 0 && *k > 0 && *n > 0 => Ok((*m, *k, *n)),
        _ => Err(format!(
            "'{s}' is not a shape: write MxKxN with positive sizes, e.g. 768x768x128"
        )),
    }
}

pub fn run(a: BenchArgs) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&a.sparsity) {
        bail!("--sparsity {} is outside 0..=1", a.sparsity);
    }
    if a.threads == 0 {
        bail!("--threads must be at least 1");
    }
    let (m, k, n) = a.shape;
    let peak = match sparsejit::runtime::peak::fma_peak() {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!("warning: no FMA peak: {e}");
            None
        }
    };
    let cases: Vec<(f64, BlockShape)> = if a.sweep {
        let blocks = ["1x1", "4x1", "8x1"].map(|b| b.parse::<BlockShape>().expect("valid"));
        [0.5, 0.7, 0.8, 0.9, 0.95]
            .into_iter()
            .flat_map(|s| blocks.into_iter().map(move |b| (s, b)))
            .collect()
    } else {
        vec![(a.sparsity, a.block)]
    };
    let cfg = BenchConfig {
        n,
        threads: a.threads,
        budget: Duration::from_millis(a.budget_ms),
        dense_ref: a.dense_ref,
        peak,
        tile: a.tile,
        cranelift: a.cranelift,
        isa: a.isa.0,
        dtype: a.dtype,
        mac: a.mac,
    };
    if !a.json {
        let what = match &a.model {
            Some(p) => format!("{} (real weights, N = {n})", p.display()),
            None => format!("{m}x{k}x{n}"),
        };
        println!(
            "bench {what}, {} thread(s), FMA peak {}; times are medians with [min–max]",
            a.threads,
            peak.map_or("unknown".into(), |p| format!("{p:.1} GFLOP/s per core"))
        );
    }
    let mut rows = Vec::new();
    if let Some(path) = &a.model {
        rows = bench_model(path, a.layers.as_deref(), a.block, &cfg)?;
        if rows.is_empty() {
            bail!("no linear layer of {} matches --layers", path.display());
        }
        print_rows(&a, &rows)?;
        return Ok(());
    }
    for (i, &(s, block)) in cases.iter().enumerate() {
        if a.sweep {
            eprintln!("[{}/{}] sparsity {s}, block {block}", i + 1, cases.len());
        }
        let w = random_block_sparse(m, k, block, s, 42);
        let name = format!("{m}x{k}x{n}");
        rows.extend(bench_weights(&name, &w, m, k, block, &cfg).context("benchmarking")?);
    }
    print_rows(&a, &rows)
}

/// Benchmarks every linear layer of a model (as compiled, with its real
/// weights), skipping those whose name lacks `filter`.
fn bench_model(
    path: &std::path::Path,
    filter: Option<&str>,
    block: BlockShape,
    cfg: &BenchConfig,
) -> anyhow::Result<Vec<BenchRow>> {
    let model = sparsejit::Model::open(path)?;
    let specs: Vec<_> = model
        .linears()
        .iter()
        .filter(|l| filter.is_none_or(|f| l.name.contains(f)))
        .collect();
    let mut rows = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        eprintln!(
            "[{}/{}] {} ({}x{})",
            i + 1,
            specs.len(),
            spec.name,
            spec.m,
            spec.k
        );
        let (w, _) = model.weights(&spec.name)?;
        rows.extend(
            bench_weights(&spec.name, &w, spec.m, spec.k, block, cfg)
                .with_context(|| format!("benchmarking {}", spec.name))?,
        );
    }
    Ok(rows)
}

fn print_rows(a: &BenchArgs, rows: &[BenchRow]) -> anyhow::Result<()> {
    if a.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print!("{}", render(rows));
        println!("* = fastest here: the kernel a tuned layer (compile --tune N) runs");
        if rows.iter().any(|r| r.dtype == "int8") {
            println!(
                "G/s: GFLOP/s for f32 rows, GOP/s (integer multiplies and adds) for int8 (s8_...) rows; \
                 an int8 row's peak is that of its INT8 family (sparsejit info)"
            );
        }
        if a.sweep {
            for block in ["1x1", "4x1", "8x1"] {
                match sparsejit::bench::crossover(rows, block) {
                    Some(s) => println!(
                        "crossover, block {block}: the JIT kernel beats dense from about {:.0}% sparsity",
                        s * 100.0
                    ),
                    None => {
                        let wins: Vec<bool> = rows
                            .iter()
                            .filter(|r| r.kernel == "jit" && r.block == block)
                            .map(|r| r.speedup_vs_dense >= 1.0)
                            .collect();
                        let what = if wins.iter().all(|&w| w) {
                            "the JIT kernel beats dense at every measured sparsity"
                        } else if wins.iter().all(|&w| !w) {
                            "the JIT kernel beats dense at no measured sparsity"
                        } else {
                            "no single crossover (the speedup is not monotonic here)"
                        };
                        println!("crossover, block {block}: {what}")
                    }
                }
            }
        }
    }
    if let Some(path) = &a.svg {
        super::plot::speedup_svg(rows, path)
            .with_context(|| format!("writing {}", path.display()))?;
        if !a.json {
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}

/// The human-readable table.
pub fn render(rows: &[BenchRow]) -> String {
    let mut t = Table::new(&[
        "problem",
        "sparsity",
        "block",
        "kernel",
        "median ms",
        "[min–max]",
        "G/s nnz",
        "G/s dense-eq",
        "peak",
        "vs dense",
        "vs generic",
    ]);
    for r in rows {
        t.row(vec![
            r.name.clone(),
            format!("{:.1}%", r.sparsity * 100.0),
            r.block.clone(),
            format!(
                "{}{}",
                r.kernel_name.clone().unwrap_or_else(|| r.kernel.clone()),
                if r.chosen { " *" } else { "" }
            ),
            format!("{:.3}", r.median_ms),
            format!("[{:.3}–{:.3}]", r.min_ms, r.max_ms),
            format!("{:.1}", r.gflops_nnz),
            format!("{:.1}", r.gflops_dense_eq),
            r.peak_fraction
                .map_or("-".into(), |p| format!("{:.0}%", p * 100.0)),
            format!("{:.2}x", r.speedup_vs_dense),
            format!("{:.2}x", r.speedup_vs_generic),
        ]);
    }
    t.render()
}
