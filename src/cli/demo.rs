//! `sparsejit demo`: the main job on a built-in default. A deterministic
//! BERT-Mini-shaped block-sparse model is built in memory, every layer is
//! compiled, checked against the f64 reference, and timed against the
//! generic BSR kernel and a dense GEMM in the same run, in interleaved
//! rounds.

use super::table::Table;
use anyhow::Context;
use sparsejit::measure::time_interleaved;
use sparsejit::reference::{self, gemm::dense_gemm};
use sparsejit::sparse::prune::{SplitMix64, random_block_sparse};
use sparsejit::{Activation, BlockShape, Isa, LinearOptions, SparseLinear};
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Fraction of blocks that are zero.
    #[arg(long, default_value_t = 0.9)]
    sparsity: f64,
    /// Block shape, RxC.
    #[arg(long, default_value = "4x1")]
    block: BlockShape,
    /// Tokens per forward call (N): a batch of one 128-token sequence.
    #[arg(long, default_value_t = 128)]
    tokens: usize,
    /// Threads per kernel call.
    #[arg(long, default_value_t = 1)]
    threads: usize,
}

/// BERT-Mini: 4 layers, hidden 256, intermediate 1024.
fn layers() -> Vec<(String, usize, usize)> {
    let (h, i) = (256, 1024);
    let mut out = Vec::new();
    for l in 0..4 {
        let p = format!("encoder.layer.{l}");
        for name in [
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense",
        ] {
            out.push((format!("{p}.{name}"), h, h));
        }
        out.push((format!("{p}.intermediate.dense"), i, h));
        out.push((format!("{p}.output.dense"), h, i));
    }
    out
}

pub fn run(a: DemoArgs) -> anyhow::Result<()> {
    let isa = sparsejit::runtime::cpu::resolve(None, sparsejit::plan::Dtype::F32)?;
    println!(
        "sparsejit demo: BERT-Mini-shaped model, 24 linear layers, {:.0}% sparse {} blocks, N = {} tokens, {} thread(s), ISA {isa}",
        a.sparsity * 100.0,
        a.block,
        a.tokens,
        a.threads
    );
    if !isa.is_jit() {
        println!(
            "note: this CPU (or SPARSEJIT_ISA) allows no JIT kernels; the generic kernel runs in both columns"
        );
    }
    let mut table = Table::new(&[
        "layer",
        "MxK",
        "sparsity",
        "kernel",
        "code",
        "compile",
        "check",
        "jit ms",
        "generic ms",
        "dense ms",
        "vs dense",
        "vs generic",
    ]);
    let (mut tj, mut tg, mut td) = (0.0, 0.0, 0.0);
    let n = a.tokens;
    let budget = Duration::from_millis(60);
    for (idx, (name, m, k)) in layers().into_iter().enumerate() {
        let w = random_block_sparse(m, k, a.block, a.sparsity, 1000 + idx as u64);
        let mut rng = SplitMix64::new(idx as u64);
        let bias: Vec<f32> = (0..m).map(|_| rng.next_f32_signed()).collect();
        let x: Vec<f32> = (0..n * k).map(|_| rng.next_f32_signed()).collect();
        let act = if name.contains("intermediate") {
            Activation::Gelu
        } else {
            Activation::None
        };
        let bsr = Arc::new(sparsejit::BsrMatrix::from_dense(&w, m, k, a.block)?);
        let opts = LinearOptions {
            activation: act,
            threads: a.threads,
            ..Default::default()
        };
        let jit = SparseLinear::compile(bsr.clone(), Some(bias.clone()), &opts)
            .with_context(|| format!("compiling {name}"))?;
        let generic = SparseLinear::compile(
            bsr,
            Some(bias.clone()),
            &LinearOptions {
                isa: Some(Isa::Generic.into()),
                ..opts
            },
        )?;
        let mut y = vec![0.0f32; n * m];
        jit.forward(&x, n, &mut y)?;
        let oracle = reference::oracle(&x, n, k, &w, m, Some(&bias), act);
        oracle
            .check(&y, m)
            .map_err(|e| anyhow::anyhow!("{name}: JIT result is wrong: {e}"))?;
        // Interleaved rounds (as `bench` and `bench-model` time): a burst
        // of noise on a busy machine then hits all three columns alike
        // instead of one kernel's block of repetitions. Timed one after
        // another, one dense median hit by noise once made a row read
        // "68x faster than dense".
        let (mut yj, mut yg, mut yd) = (y.clone(), y.clone(), y);
        let mut run_jit = || jit.forward(&x, n, &mut yj).expect("shapes were checked");
        let mut run_gen = || {
            generic
                .forward(&x, n, &mut yg)
                .expect("shapes were checked")
        };
        let mut run_dense = || dense_gemm(&x, n, k, &w, m, Some(&bias), act, &mut yd, a.threads);
        let [j, g, d] =
            time_interleaved(5, budget, &mut [&mut run_jit, &mut run_gen, &mut run_dense])[..]
        else {
            unreachable!("three kernels timed")
        };
        tj += j.median_s();
        tg += g.median_s();
        td += d.median_s();
        let st = jit.weights().stats();
        table.row(vec![
            name,
            format!("{m}x{k}"),
            format!("{:.1}%", st.sparsity * 100.0),
            jit.kernel_name(),
            jit.code()
                .map_or("-".into(), |c| format!("{} KiB", c.len() / 1024)),
            format!("{:.2} ms", jit.compile_time().as_secs_f64() * 1e3),
            "ok".into(),
            format!("{:.3}", j.median_s() * 1e3),
            format!("{:.3}", g.median_s() * 1e3),
            format!("{:.3}", d.median_s() * 1e3),
            format!("{:.2}x", d.median_s() / j.median_s()),
            format!("{:.2}x", g.median_s() / j.median_s()),
        ]);
    }
    print!("{}", table.render());
    println!(
        "total: jit {:.3} ms, generic {:.3} ms, dense {:.3} ms; JIT is {:.2}x faster than dense and {:.2}x faster than generic",
        tj * 1e3,
        tg * 1e3,
        td * 1e3,
        td / tj,
        tg / tj
    );
    println!(
        "every layer matched the f64 reference within the documented tolerance (see `reference` docs)"
    );
    Ok(())
}
