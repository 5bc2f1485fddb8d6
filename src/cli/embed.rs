//! `sparsejit embed`: sentence embeddings from a BERT model directory
//! (all-MiniLM-L6-v2) with every linear layer on JIT kernels (fp32 or
//! INT8), optionally pruned; `--compare` shows what one-shot pruning costs
//! as the cosine between the dense and the pruned model's embeddings, or
//! with `--dtype int8` what INT8 costs against fp32 on the same weights.

use super::io::DtypeArg;
use anyhow::{Context, bail};
use sparsejit::bert::{Encoder, EncoderOptions, Prune, ops::cosine};
use sparsejit::runtime::Kernel;
use sparsejit::{BlockShape, Dtype};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct EmbedArgs {
    /// Directory with config.json, model.safetensors and tokenizer.json
    /// (scripts/fetch_minilm.sh fills .cache/minilm).
    model_dir: PathBuf,
    /// The texts to embed: at most 256 tokens each (longer texts are
    /// truncated), run sorted by length in padded batches of 32.
    #[arg(required = true)]
    texts: Vec<String>,
    /// Prune every linear weight to this fraction of zero blocks first
    /// (one-shot block magnitude pruning, no fine-tuning: accuracy drops).
    /// With --compare: the pruned side's sparsity (default 0.5).
    #[arg(long)]
    prune: Option<f64>,
    /// Block shape RxC for pruning and for the sparse kernels.
    #[arg(long, default_value = "4x1")]
    block: BlockShape,
    /// Run the linear layers on the dense GEMM instead of JIT code.
    #[arg(long)]
    dense: bool,
    /// Print the cosine similarity between the dense model's embeddings and
    /// the pruned model's (--prune, default 0.5) for each text; with
    /// --dtype int8, between the fp32 and the INT8 model's on the same
    /// weights (pruned with --prune, else dense).
    #[arg(long)]
    compare: bool,
    #[command(flatten)]
    dtype: DtypeArg,
    /// Print JSON: [{"text": ..., "embedding": [...]}] (with --compare:
    /// [{"text": ..., "cosine": ...}]).
    #[arg(long)]
    json: bool,
    /// Threads for the linear layers and attention.
    #[arg(long, default_value_t = 1)]
    threads: usize,
}

pub fn run(a: EmbedArgs) -> anyhow::Result<()> {
    let mut out = String::new();
    if a.threads == 0 {
        bail!("--threads must be at least 1");
    }
    if let Some(s) = a.prune
        && !(0.0..=1.0).contains(&s)
    {
        bail!("--prune {s} is outside 0..=1 (0.9 means 90% of the blocks become zero)");
    }
    if a.compare {
        return compare(&a);
    }
    let opts = EncoderOptions {
        prune: a.prune.map(|sparsity| Prune {
            sparsity,
            block: a.block,
        }),
        block: a.block,
        kernel: if a.dense { Kernel::Dense } else { Kernel::Jit },
        dtype: a.dtype.dtype,
        threads: a.threads,
        use_tuning_file: true,
        ..Default::default()
    };
    if a.dense && a.dtype.dtype == Dtype::Int8 {
        bail!(
            "--dense runs the fp32 dense GEMM; drop it for --dtype int8 (INT8 runs its own kernels on dense weights too)"
        );
    }
    let enc = load(&a, &opts)?;
    let (stats, code) = enc.weight_stats();
    if !a.dense && stats.sparsity < 0.5 {
        // JIT code for (nearly) dense weights is correct but large and
        // slower than the dense GEMM.
        eprintln!(
            "note: the linear weights are only {:.0}% sparse; --prune S makes them sparse, --dense runs the dense GEMM",
            stats.sparsity * 100.0
        );
    }
    let embeddings = enc.embed(&a.texts).context("embedding")?;
    if a.json {
        let rows: Vec<_> = a
            .texts
            .iter()
            .zip(&embeddings)
            .map(|(t, e)| serde_json::json!({ "text": t, "embedding": e }))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return emit(&out);
    }
    writeln!(
        out,
        "{} linear layers (q, k and v fused) on {} kernels, {:.1}% sparse {} blocks, {:.1} MB of code, compiled in {:.0} ms; {}-d embeddings (first 8 shown, --json for all):",
        enc.linears().count(),
        if a.dense { "dense" } else { "jit" },
        stats.sparsity * 100.0,
        a.block,
        code as f64 / 1e6,
        enc.compile_time().as_secs_f64() * 1e3,
        enc.config().hidden_size,
    )?;
    for (t, e) in a.texts.iter().zip(&embeddings) {
        let head: Vec<String> = e.iter().take(8).map(|v| format!("{v:+.4}")).collect();
        writeln!(out, "[{}, ...]  {t}", head.join(", "))?;
    }
    emit(&out)
}

fn load(a: &EmbedArgs, opts: &EncoderOptions) -> anyhow::Result<Encoder> {
    Encoder::load(&a.model_dir, opts)
        .with_context(|| format!("loading the model in {}", a.model_dir.display()))
}

/// Dense (the dense GEMM, unpruned) against pruned (JIT), per text; or,
/// with `--dtype int8`, fp32 against INT8 JIT kernels on the same weights.
fn compare(a: &EmbedArgs) -> anyhow::Result<()> {
    let mut out = String::new();
    if a.dense {
        bail!("--compare runs the dense model itself; drop --dense");
    }
    let int8 = a.dtype.dtype == Dtype::Int8;
    let sparsity = a.prune.unwrap_or(if int8 { 0.0 } else { 0.5 });
    let prune = (sparsity > 0.0).then_some(Prune {
        sparsity,
        block: a.block,
    });
    let base_opts = if int8 {
        EncoderOptions {
            prune,
            block: a.block,
            threads: a.threads,
            use_tuning_file: true,
            ..Default::default()
        }
    } else {
        EncoderOptions {
            kernel: Kernel::Dense,
            threads: a.threads,
            use_tuning_file: true,
            ..Default::default()
        }
    };
    let other_opts = EncoderOptions {
        prune,
        block: a.block,
        dtype: a.dtype.dtype,
        threads: a.threads,
        use_tuning_file: true,
        ..Default::default()
    };
    let (dense, pruned) = (load(a, &base_opts)?, load(a, &other_opts)?);
    let d = dense
        .embed(&a.texts)
        .context("embedding (reference side)")?;
    let p = pruned
        .embed(&a.texts)
        .context("embedding (compared side)")?;
    let cos: Vec<f64> = d.iter().zip(&p).map(|(x, y)| cosine(x, y)).collect();
    if a.json {
        let rows: Vec<_> = a
            .texts
            .iter()
            .zip(&cos)
            .map(|(t, c)| serde_json::json!({ "text": t, "cosine": c }))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return emit(&out);
    }
    if int8 {
        writeln!(
            out,
            "cosine(fp32, int8) per text, the same {} weights in both (every linear layer INT8: weights per row, activations per token):",
            if sparsity > 0.0 {
                format!("{:.0}% pruned {}", sparsity * 100.0, a.block)
            } else {
                "dense".into()
            }
        )?;
    } else {
        writeln!(
            out,
            "cosine(dense, {:.0}% pruned {} blocks, one-shot, no fine-tuning) per text:",
            sparsity * 100.0,
            a.block
        )?;
    }
    for (t, c) in a.texts.iter().zip(&cos) {
        writeln!(out, "{c:.4}  {t}")?;
    }
    writeln!(
        out,
        "{:.4}  mean over {} texts",
        cos.iter().sum::<f64>() / cos.len() as f64,
        cos.len()
    )?;
    // For scale: how similar different texts are under the dense model. A
    // pruned embedding no closer to its own dense one than this has lost
    // what the text says.
    let pairs: Vec<f64> = (0..d.len())
        .flat_map(|i| (i + 1..d.len()).map(move |j| (i, j)))
        .map(|(i, j)| cosine(&d[i], &d[j]))
        .collect();
    if !pairs.is_empty() {
        writeln!(
            out,
            "{:.4}  for scale: mean cosine between different texts (dense), over {} pairs",
            pairs.iter().sum::<f64>() / pairs.len() as f64,
            pairs.len()
        )?;
    }
    emit(&out)
}

/// Writes the command's whole output to stdout. A reader that stops early
/// (`sparsejit embed ... | head`) is not an error; `println!` would panic.
pub(super) fn emit(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("writing to stdout"),
    }
}
