//! `sparsejit bench-model`: the whole encoder (all-MiniLM-L6-v2) timed
//! three ways in one run on the same pruned weights — every linear layer on
//! the dense GEMM, on the generic BSR kernel, and on the JIT kernels — with
//! the time split into linear layers, attention and the rest.

use super::embed::emit;
use super::table::Table;
use anyhow::{Context, bail};
use sparsejit::BlockShape;
use sparsejit::bert::{Batch, Encoder, EncoderOptions, Profile, Prune};
use sparsejit::runtime::Kernel;
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
    /// Time only these kernels (comma-separated: dense, generic, jit), e.g.
    /// to profile one with `perf`. Speedups are relative to the first.
    #[arg(long, value_delimiter = ',', default_value = "dense,generic,jit", value_parser = parse_kernel)]
    kernels: Vec<Kernel>,
}

fn parse_kernel(s: &str) -> Result<Kernel, String> {
    KERNELS
        .into_iter()
        .find(|k| k.name() == s.trim())
        .ok_or_else(|| format!("'{s}' is not a kernel: write dense, generic or jit"))
}

const KERNELS: [Kernel; 3] = [Kernel::Dense, Kernel::Generic, Kernel::Jit];

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
    if a.kernels.is_empty() {
        bail!("--kernels names no kernel");
    }
    let opts = EncoderOptions {
        prune: Some(Prune {
            sparsity: a.prune,
            block: a.block,
        }),
        block: a.block,
        kernel: Kernel::Jit,
        threads: a.threads,
        ..Default::default()
    };
    let mut enc = Encoder::load(&a.model_dir, &opts)
        .with_context(|| format!("loading the model in {}", a.model_dir.display()))?;
    let batch = Batch::synthetic(a.batch, a.seq, enc.config().vocab_size, 7);
    let (stats, code) = enc.weight_stats();

    // Interleave the kernels pass by pass, so drift on a shared machine
    // hits all three alike. Switching kernels only flips a field: the dense
    // copies of the weights are built once, by the warm-up.
    let kernels = &a.kernels;
    let mut runs: Vec<Runs> = kernels.iter().map(|_| Runs::default()).collect();
    for &k in kernels {
        enc.set_kernel(k)?;
        enc.embed_batch(&batch, None).context("warm-up pass")?;
    }
    let (start, budget) = (Instant::now(), Duration::from_millis(a.budget_ms));
    while runs[0].passes.len() < 5 || (start.elapsed() < budget && runs[0].passes.len() < 1000) {
        for (&k, r) in kernels.iter().zip(&mut runs) {
            enc.set_kernel(k)?;
            let (t, mut p) = (Instant::now(), Profile::default());
            enc.embed_batch(&batch, Some(&mut p))?;
            r.passes.push(t.elapsed());
            r.profiles.push(p);
        }
    }

    let base = &runs[0];
    let rows: Vec<serde_json::Value> = kernels
        .iter()
        .zip(&runs)
        .map(|(k, r)| {
            serde_json::json!({
                "kernel": k.name(),
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
        "bench-model {}: {} linear layers pruned to {:.1}% ({} blocks), batch {} x seq {} = {} tokens, {} thread(s)",
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
        format!("total vs {}", kernels[0]),
        format!("linear vs {}", kernels[0]),
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
            k.name().to_string(),
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
