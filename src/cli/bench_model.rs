//! `sparsejit bench-model`: the whole encoder (all-MiniLM-L6-v2) timed
//! three ways in one run on the same pruned weights — every linear layer on
//! the dense GEMM, on the generic BSR kernel, and on the JIT kernels — with
//! the time split into linear layers, attention and the rest. With
//! `--dtype int8` the JIT row is the INT8 kernels and a `jit-f32` row (a
//! second encoder on the same weights) times the fp32 JIT beside it.

use super::embed::emit;
use super::io::DtypeArg;
use super::table::Table;
use anyhow::{Context, bail};
use sparsejit::bert::{Batch, Encoder, EncoderOptions, Profile, Prune};
use sparsejit::runtime::Kernel;
use sparsejit::{BlockShape, Dtype};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(clap::Args, Debug)]
pub struct BenchModelArgs {
    /// Directory with config.json, model.safetensors and tokenizer.json.
    model_dir: PathBuf,
    /// Fraction of blocks pruned from every linear weight (one-shot block
    /// magnitude pruning) before compiling.
    #[arg(long, default_value_t = 0.9)]
    prune: f64,
    /// Block shape RxC.
    #[arg(long, default_value = "4x1")]
    block: BlockShape,
    /// Tokens per sequence (random ids, no padding).
    #[arg(long, default_value_t = 128)]
    seq: usize,
    /// Sequences per forward pass.
    #[arg(long, default_value_t = 1)]
    batch: usize,
    /// Threads for the linear layers and attention (all three ways alike).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Total time budget in milliseconds (at least 5 passes per kernel).
    #[arg(long, default_value_t = 6000)]
    budget_ms: u64,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Time only these kernels (comma-separated: dense, generic, jit, and
    /// with --dtype int8 jit-f32), e.g. to profile one with `perf`.
    /// Speedups are relative to the first. Default: dense, generic, jit
    /// (and jit-f32 before jit with --dtype int8).
    #[arg(long, value_delimiter = ',', value_parser = parse_kernel)]
    kernels: Vec<Row>,
    #[command(flatten)]
    dtype: DtypeArg,
}

/// One row of the table: a kernel, and for the JIT whether it is the fp32
/// one beside an INT8 run.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Row {
    Kernel(Kernel),
    JitF32,
}

impl Row {
    fn name(self) -> &'static str {
        match self {
            Row::Kernel(k) => k.name(),
            Row::JitF32 => "jit-f32",
        }
    }
}

/// What a row computes in: only the JIT row of an INT8 run is INT8.
fn row_dtype(row: Row, int8: bool) -> &'static str {
    if int8 && row == Row::Kernel(Kernel::Jit) {
        "int8"
    } else {
        "f32"
    }
}

fn parse_kernel(s: &str) -> Result<Row, String> {
    [Kernel::Dense, Kernel::Generic, Kernel::Jit]
        .into_iter()
        .map(Row::Kernel)
        .chain([Row::JitF32])
        .find(|k| k.name() == s.trim())
        .ok_or_else(|| format!("'{s}' is not a kernel: write dense, generic, jit or jit-f32"))
}

/// Per-kernel measurements: the wall time and the split of each pass.
#[derive(Default)]
struct Runs {
    passes: Vec<Duration>,
    profiles: Vec<Profile>,
}

impl Runs {
    /// The median over passes of `f(pass)`, in ms: medians, not means, so
    /// that a pass another job on the machine interrupted does not count.
    fn median_ms(&self, f: impl Fn(Duration, &Profile) -> Duration) -> f64 {
        let mut v: Vec<Duration> = self
            .passes
            .iter()
            .zip(&self.profiles)
            .map(|(&t, p)| f(t, p))
            .collect();
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    }
    fn total_ms(&self) -> f64 {
        self.median_ms(|t, _| t)
    }
    fn linear_ms(&self) -> f64 {
        self.median_ms(|_, p| p.linear)
    }
    fn attention_ms(&self) -> f64 {
        self.median_ms(|_, p| p.attention)
    }
    fn other_ms(&self) -> f64 {
        self.median_ms(|_, p| p.other)
    }
}

pub fn run(a: BenchModelArgs) -> anyhow::Result<()> {
    let mut out = String::new();
    if !(0.0..=1.0).contains(&a.prune) {
        bail!("--prune {} is outside 0..=1", a.prune);
    }
    if a.threads == 0 || a.seq == 0 || a.batch == 0 {
        bail!("--threads, --seq and --batch must be at least 1");
    }
    let int8 = a.dtype.dtype == Dtype::Int8;
    let kernels: Vec<Row> = if a.kernels.is_empty() {
        let mut k = vec![Row::Kernel(Kernel::Dense), Row::Kernel(Kernel::Generic)];
        if int8 {
            k.push(Row::JitF32);
        }
        k.push(Row::Kernel(Kernel::Jit));
        k
    } else {
        a.kernels.clone()
    };
    if kernels.contains(&Row::JitF32) && !int8 {
        bail!("the jit-f32 row is the fp32 JIT beside an INT8 one: add --dtype int8");
    }
    let load = |dtype| {
        let opts = EncoderOptions {
            prune: Some(Prune {
                sparsity: a.prune,
                block: a.block,
            }),
            block: a.block,
            kernel: Kernel::Jit,
            dtype,
            threads: a.threads,
            use_tuning_file: true,
            ..Default::default()
        };
        Encoder::load(&a.model_dir, &opts)
            .with_context(|| format!("loading the model in {}", a.model_dir.display()))
    };
    // The fp32 encoder runs dense, generic and fp32 JIT; with INT8 a second
    // one, on the same pruned weights, runs the INT8 JIT.
    let mut encs = vec![load(Dtype::F32)?];
    if int8 {
        encs.push(load(Dtype::Int8)?);
    }
    let which = |row: Row| match row {
        Row::Kernel(Kernel::Jit) if int8 => (1, Kernel::Jit),
        Row::Kernel(k) => (0, k),
        Row::JitF32 => (0, Kernel::Jit),
    };
    let enc = encs.last().expect("an encoder");
    let batch = Batch::synthetic(a.batch, a.seq, enc.config().vocab_size, 7);
    let (stats, code) = enc.weight_stats();

    // Interleave the kernels pass by pass, so drift on a shared machine
    // hits all three alike. Switching kernels only flips a field: the dense
    // copies of the weights are built once, by the warm-up.
    let kernels = &kernels;
    let mut runs: Vec<Runs> = kernels.iter().map(|_| Runs::default()).collect();
    for &row in kernels {
        let (e, k) = which(row);
        encs[e].set_kernel(k)?;
        encs[e].embed_batch(&batch, None).context("warm-up pass")?;
    }
    let (start, budget) = (Instant::now(), Duration::from_millis(a.budget_ms));
    while runs[0].passes.len() < 5 || (start.elapsed() < budget && runs[0].passes.len() < 1000) {
        for (&row, r) in kernels.iter().zip(&mut runs) {
            let (e, k) = which(row);
            let enc = &mut encs[e];
            enc.set_kernel(k)?;
            let (t, mut p) = (Instant::now(), Profile::default());
            enc.embed_batch(&batch, Some(&mut p))?;
            r.passes.push(t.elapsed());
            r.profiles.push(p);
        }
    }
    let enc = encs.last().expect("an encoder");

    let base = &runs[0];
    let rows: Vec<serde_json::Value> = kernels
        .iter()
        .zip(&runs)
        .map(|(k, r)| {
            serde_json::json!({
                "kernel": k.name(),
                "dtype": row_dtype(*k, int8),
                "passes": r.passes.len(),
                "median_ms": r.total_ms(),
                "linear_ms": r.linear_ms(),
                "attention_ms": r.attention_ms(),
                "other_ms": r.other_ms(),
                "speedup_vs_base": base.total_ms() / r.total_ms(),
                "linear_speedup_vs_base": base.linear_ms() / r.linear_ms(),
            })
        })
        .collect();
    if a.json {
        let json = serde_json::json!({
            "model": a.model_dir, "sparsity": stats.sparsity, "block": a.block.to_string(),
            "batch": a.batch, "seq": a.seq, "threads": a.threads, "code_bytes": code,
            "compile_ms": enc.compile_time().as_secs_f64() * 1e3,
            "base": kernels[0].name(), "kernels": rows,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        return emit(&out);
    }
    writeln!(
        out,
        "bench-model {}: {} linear layers (q, k and v fused) pruned to {:.1}% ({} blocks), batch {} x seq {} = {} tokens, {} thread(s)",
        a.model_dir.display(),
        enc.linears().count(),
        stats.sparsity * 100.0,
        a.block,
        a.batch,
        a.seq,
        a.batch * a.seq,
        a.threads
    )?;
    writeln!(
        out,
        "JIT code {:.1} MB, pruning + compiling {:.0} ms; {} passes per kernel, interleaved; ms per forward pass (embeddings to pooled output)",
        code as f64 / 1e6,
        enc.compile_time().as_secs_f64() * 1e3,
        base.passes.len()
    )?;
    let (vs_total, vs_linear) = (
        format!("total vs {}", kernels[0].name()),
        format!("linear vs {}", kernels[0].name()),
    );
    let mut t = Table::new(&[
        "linear layers on",
        "total ms",
        "linear",
        "attention",
        "rest",
        "linear share",
        &vs_total,
        &vs_linear,
    ]);
    for (k, r) in kernels.iter().zip(&runs) {
        t.row(vec![
            if row_dtype(*k, int8) == "int8" {
                "jit (int8)".to_string()
            } else {
                k.name().to_string()
            },
            format!("{:.2}", r.total_ms()),
            format!("{:.2}", r.linear_ms()),
            format!("{:.2}", r.attention_ms()),
            format!("{:.2}", r.other_ms()),
            format!("{:.0}%", 100.0 * r.linear_ms() / r.total_ms()),
            format!("{:.2}x", base.total_ms() / r.total_ms()),
            format!("{:.2}x", base.linear_ms() / r.linear_ms()),
        ]);
    }
    write!(out, "{}", t.render())?;
    writeln!(
        out,
        "every column is a median over passes; linear / attention / rest: time inside each kind of op"
    )?;
    emit(&out)
}
