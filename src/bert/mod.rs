//! A BERT encoder (all-MiniLM-L6-v2 and its kin) whose every linear layer
//! is a [`SparseLinear`]: JIT-compiled block-sparse code, or the generic BSR
//! kernel, or a dense GEMM, switchable at run time so the three can be
//! timed on the same weights. Sentence embeddings follow sentence-transformers:
//! mean pooling over the attention mask, then L2 normalisation.
//!
//! - `config`: the `config.json` fields and their checks.
//! - `weights`: the one place the model file is read.
//! - `tokenize`: `tokenizer.json` via the `tokenizers` crate, padded batches.
//! - `attention`: multi-head self-attention (GEMMs per head, rayon).
//! - `ops`: embeddings, residual + LayerNorm, pooling.
//! - `layer`: one transformer layer and the per-op time split.
//!
//! ```no_run
//! use sparsejit::bert::{Encoder, EncoderOptions, Prune};
//! let opts = EncoderOptions { prune: Some(Prune { sparsity: 0.8, block: "4x1".parse()? }), ..Default::default() };
//! let enc = Encoder::load(std::path::Path::new(".cache/minilm"), &opts)?;
//! let emb = enc.embed(&["A cat sits on the mat."])?; // 1 × 384, unit length
//! # Ok::<(), sparsejit::Error>(())
//! ```

pub mod attention;
pub mod config;
mod layer;
pub mod ops;
pub mod tokenize;
pub mod weights;

pub use config::BertConfig;
pub use layer::Profile;
pub use tokenize::{Batch, BertTokenizer, MAX_TOKENS};

use crate::error::{Error, Result};
use crate::plan::{Activation, Dtype, Isa};
use crate::runtime::{Kernel, LinearOptions, SparseLinear};
use crate::sparse::prune::prune_blocks;
use crate::sparse::{BlockShape, SparseStats};
use layer::{BertLayer, WORKSPACE, Workspace};
use ops::LayerNorm;
use std::path::Path;
use std::time::{Duration, Instant};
use weights::Tensors;

/// One-shot block magnitude pruning applied to every linear weight before
/// compiling (`sparse::prune::prune_blocks`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prune {
    pub sparsity: f64,
    pub block: BlockShape,
}

/// How to build an encoder.
#[derive(Clone, Debug)]
pub struct EncoderOptions {
    pub prune: Option<Prune>,
    /// Block shape for the BSR weights when not pruning (with pruning,
    /// the pruning block).
    pub block: BlockShape,
    /// The kernel every linear layer runs. Only `Jit` generates code, and
    /// only then can `set_kernel` switch between all three.
    pub kernel: Kernel,
    /// What the JIT kernels compute in: with `Int8` every linear layer runs
    /// the INT8 kernels (each weight quantized per row, each activation per
    /// token); the generic and dense kernels stay fp32.
    pub dtype: Dtype,
    /// Threads for the linear layers and attention; 0 means all cores.
    pub threads: usize,
    /// Token budget per text (truncation).
    pub max_tokens: usize,
    /// Start each JIT layer from the tuning file's variant
    /// (`LinearOptions::use_tuning_file`).
    pub use_tuning_file: bool,
}

impl Default for EncoderOptions {
    fn default() -> Self {
        Self {
            prune: None,
            block: BlockShape { rows: 4, cols: 1 },
            kernel: Kernel::Jit,
            dtype: Dtype::F32,
            threads: 1,
            max_tokens: MAX_TOKENS,
            use_tuning_file: false,
        }
    }
}

/// Texts per forward pass in [`Encoder::embed`] (sentence-transformers'
/// default `batch_size`).
pub const BATCH: usize = 32;

/// The files a model directory must hold.
pub const MODEL_FILES: [&str; 3] = ["config.json", "model.safetensors", "tokenizer.json"];

/// A loaded, compiled BERT encoder with its tokenizer.
pub struct Encoder {
    config: BertConfig,
    tokenizer: BertTokenizer,
    word: Vec<f32>,
    position: Vec<f32>,
    token_type: Vec<f32>,
    embedding_norm: LayerNorm,
    layers: Vec<BertLayer>,
    threads: usize,
    compile_time: Duration,
}

impl Encoder {
    /// Loads `dir/{config.json, model.safetensors, tokenizer.json}`,
    /// prunes if asked, and compiles the linear layers.
    pub fn load(dir: &Path, opts: &EncoderOptions) -> Result<Self> {
        for f in MODEL_FILES {
            if !dir.join(f).is_file() {
                return Err(Error::File {
                    path: dir.join(f),
                    message: format!(
                        "missing: a model directory holds {} (scripts/fetch_minilm.sh fetches all-MiniLM-L6-v2 into .cache/minilm)",
                        MODEL_FILES.join(", ")
                    ),
                });
            }
        }
        let config = BertConfig::from_file(&dir.join("config.json"))?;
        let tokenizer = BertTokenizer::from_file(&dir.join("tokenizer.json"), opts.max_tokens)?;
        let tensors = Tensors::open(&dir.join("model.safetensors"))?;
        let start = Instant::now();
        let threads = if opts.threads == 0 {
            rayon::current_num_threads()
        } else {
            opts.threads
        };
        let c = &config;
        let h = c.hidden_size;
        let eps = c.layer_norm_eps as f32;
        let norm = |p: &str| -> Result<LayerNorm> {
            Ok(LayerNorm {
                gamma: tensors.get(&format!("{p}.weight"), &[h])?,
                beta: tensors.get(&format!("{p}.bias"), &[h])?,
                eps,
            })
        };
        let linear = |name: &str, m: usize, k: usize, act: Activation| {
            compile_linear(&tensors, &[name], m, k, act, opts, threads)
        };
        let mut layers = Vec::with_capacity(c.num_hidden_layers);
        for l in 0..c.num_hidden_layers {
            let p = format!("encoder.layer.{l}");
            let (i, none) = (c.intermediate_size, Activation::None);
            layers.push(BertLayer {
                // q, k and v as one [3H, H] layer: one X packing, one
                // kernel call, and a third as many group dispatches.
                qkv: compile_linear(
                    &tensors,
                    &["query", "key", "value"].map(|n| format!("{p}.attention.self.{n}")),
                    h,
                    h,
                    none,
                    opts,
                    threads,
                )?,
                attention_out: linear(&format!("{p}.attention.output.dense"), h, h, none)?,
                attention_norm: norm(&format!("{p}.attention.output.LayerNorm"))?,
                // GELU (erf form) is fused into the intermediate layer's store.
                intermediate: linear(&format!("{p}.intermediate.dense"), i, h, Activation::Gelu)?,
                output: linear(&format!("{p}.output.dense"), h, i, none)?,
                output_norm: norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        let e = "embeddings";
        Ok(Self {
            word: tensors.get(&format!("{e}.word_embeddings.weight"), &[c.vocab_size, h])?,
            position: tensors.get(
                &format!("{e}.position_embeddings.weight"),
                &[c.max_position_embeddings, h],
            )?,
            token_type: tensors.get(
                &format!("{e}.token_type_embeddings.weight"),
                &[c.type_vocab_size, h],
            )?,
            embedding_norm: norm(&format!("{e}.LayerNorm"))?,
            compile_time: start.elapsed(),
            config,
            tokenizer,
            layers,
            threads,
        })
    }

    pub fn config(&self) -> &BertConfig {
        &self.config
    }
    pub fn tokenizer(&self) -> &BertTokenizer {
        &self.tokenizer
    }
    /// Wall time spent pruning and compiling the linear layers.
    pub fn compile_time(&self) -> Duration {
        self.compile_time
    }

    /// Every linear layer, in execution order.
    pub fn linears(&self) -> impl Iterator<Item = &SparseLinear> {
        self.layers.iter().flat_map(|l| l.linears())
    }

    /// Sparsity over all linear weights together, and the bytes of their
    /// generated code (a kernel that layers share through the cache, as
    /// unpruned weights with identical patterns do, counts once).
    pub fn weight_stats(&self) -> (SparseStats, usize) {
        let (mut nnz, mut blocks, mut stored, mut total, mut code) = (0, 0, 0, 0, 0);
        let mut seen = std::collections::HashSet::new();
        for l in self.linears() {
            let s = l.weights().stats();
            nnz += s.nnz;
            blocks += s.blocks;
            stored += s.stored;
            total += l.plan().m * l.plan().k;
            if let Some(c) = l.code()
                && seen.insert(c.as_ptr())
            {
                code += c.len();
            }
        }
        let stats = SparseStats {
            nnz,
            blocks,
            sparsity: 1.0 - nnz as f64 / total.max(1) as f64,
            fill: 1.0 - nnz as f64 / stored.max(1) as f64,
            stored,
        };
        (stats, code)
    }

    /// Runs `kernel` in every linear layer from now on.
    pub fn set_kernel(&mut self, kernel: Kernel) -> Result<()> {
        for l in &mut self.layers {
            for lin in l.linears_mut() {
                lin.set_kernel(kernel)?;
            }
        }
        Ok(())
    }

    /// Sentence embeddings of `texts`: `[texts, hidden]`, each of unit
    /// length, in the order given. As sentence-transformers does, the texts
    /// are sorted by length and run in padded batches of [`BATCH`], so
    /// memory stays bounded and short texts are not padded to long ones.
    pub fn embed<S: AsRef<str>>(&self, texts: &[S]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Err(Error::InvalidArgument("no text to embed".into()));
        }
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(texts[i].as_ref().chars().count()));
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let group: Vec<&str> = chunk.iter().map(|&i| texts[i].as_ref()).collect();
            let batch = self.tokenizer.encode(&group)?;
            for (&i, e) in chunk.iter().zip(self.embed_batch(&batch, None)?) {
                out[i] = e;
            }
        }
        Ok(out)
    }

    /// Sentence embeddings of a tokenised batch, adding the time per kind of
    /// operation to `profile` when given.
    pub fn embed_batch(
        &self,
        batch: &Batch,
        mut profile: Option<&mut Profile>,
    ) -> Result<Vec<Vec<f32>>> {
        let hidden = self.forward(batch, profile.as_deref_mut())?;
        let start = Instant::now();
        let out =
            ops::mean_pool_normalize(&hidden, &batch.mask, batch.seq, self.config.hidden_size);
        if let Some(p) = profile {
            p.other += start.elapsed();
        }
        Ok(out)
    }

    /// The last hidden state `[batch·seq, hidden]` (what `transformers`'
    /// `BertModel` returns as `last_hidden_state`).
    pub fn forward(&self, batch: &Batch, mut profile: Option<&mut Profile>) -> Result<Vec<f32>> {
        self.check_batch(batch)?;
        let start = Instant::now();
        let (h, tokens) = (self.config.hidden_size, batch.batch * batch.seq);
        let mut x = vec![0.0f32; tokens * h];
        ops::embed_tokens(
            &mut x,
            &batch.ids,
            &batch.type_ids,
            batch.seq,
            (&self.word, &self.position, &self.token_type),
            h,
        );
        self.embedding_norm.apply(&mut x, &[]);
        if let Some(p) = profile.as_deref_mut() {
            p.other += start.elapsed();
        }
        let mut run = |ws: &mut Workspace| -> Result<()> {
            ws.prepare(tokens, h, self.config.intermediate_size);
            for layer in &self.layers {
                let p = profile.as_deref_mut();
                layer.forward(&mut x, batch, &self.config, self.threads, ws, p)?;
            }
            // Kept for the next pass up to 64 MB (8 × 128 tokens of MiniLM
            // need 14 MB); beyond that, reallocating costs little next to
            // the pass itself.
            ws.trim(64 << 20);
            Ok(())
        };
        WORKSPACE.with(|ws| match ws.try_borrow_mut() {
            Ok(mut ws) => run(&mut ws),
            // Re-entered on this thread (a rayon worker that picked up
            // another forward pass while waiting): use a fresh workspace.
            Err(_) => run(&mut Workspace::default()),
        })?;
        Ok(x)
    }

    fn check_batch(&self, b: &Batch) -> Result<()> {
        let c = &self.config;
        let n = b.batch * b.seq;
        if b.ids.len() != n || b.type_ids.len() != n || b.mask.len() != n {
            return Err(Error::ShapeMismatch(format!(
                "a batch of {}x{} needs {n} ids, token types and mask values",
                b.batch, b.seq
            )));
        }
        if b.seq > c.max_position_embeddings {
            return Err(Error::InvalidArgument(format!(
                "{} tokens per sequence exceed the model's {} positions",
                b.seq, c.max_position_embeddings
            )));
        }
        if let Some(id) = b.ids.iter().find(|&&i| i as usize >= c.vocab_size) {
            return Err(Error::InvalidArgument(format!(
                "token id {id} is outside the vocabulary of {}",
                c.vocab_size
            )));
        }
        if let Some(t) = b
            .type_ids
            .iter()
            .find(|&&t| t as usize >= c.type_vocab_size)
        {
            return Err(Error::InvalidArgument(format!(
                "token type {t} is outside the model's {} types",
                c.type_vocab_size
            )));
        }
        Ok(())
    }
}

/// Reads, prunes (if asked) and compiles one linear layer, from the
/// weights of `names` (each `[m, k]`, pruned on its own) stacked into one
/// `[names·m, k]` matrix, their biases likewise. Unless the JIT kernel is
/// asked for, the layer compiles for the generic ISA, so no code is
/// generated for weights that only the dense GEMM or the generic kernel
/// will run (an `Encoder` built so cannot switch to JIT later).
fn compile_linear<S: AsRef<str>>(
    tensors: &Tensors,
    names: &[S],
    m: usize,
    k: usize,
    activation: Activation,
    opts: &EncoderOptions,
    threads: usize,
) -> Result<SparseLinear> {
    let (mut w, mut bias) = (Vec::with_capacity(names.len() * m * k), Vec::new());
    for name in names {
        let name = name.as_ref();
        let mut part = tensors.get(&format!("{name}.weight"), &[m, k])?;
        if let Some(p) = opts.prune {
            prune_blocks(&mut part, m, k, p.block, p.sparsity)?;
        }
        w.extend_from_slice(&part);
        bias.extend(tensors.get(&format!("{name}.bias"), &[m])?);
    }
    let block = opts.prune.map_or(opts.block, |p| p.block);
    let jit = opts.kernel == Kernel::Jit;
    let lin_opts = LinearOptions {
        activation,
        isa: (!jit).then_some(Isa::Generic.into()),
        dtype: if jit { opts.dtype } else { Dtype::F32 },
        threads,
        use_tuning_file: opts.use_tuning_file,
        ..Default::default()
    };
    let name = names
        .iter()
        .map(|n| n.as_ref())
        .collect::<Vec<_>>()
        .join(" + ");
    let m = names.len() * m;
    let mut lin = SparseLinear::from_dense(&w, m, k, block, Some(bias), &lin_opts)
        .map_err(|e| e.within(&name))?;
    lin.set_kernel(opts.kernel).map_err(|e| e.within(&name))?;
    Ok(lin)
}
