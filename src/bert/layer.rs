//! One transformer layer (post-LayerNorm BERT): self-attention, residual +
//! LayerNorm, the GELU feed-forward, residual + LayerNorm. Its linear
//! layers are four `SparseLinear`s (q, k and v fused into one); the time of each kind of operation is added
//! to a [`Profile`] so `bench-model` can show where the time goes.

use super::attention::{AttentionShape, Qkv, attention};
use super::config::BertConfig;
use super::ops::LayerNorm;
use super::tokenize::Batch;
use crate::error::Result;
use crate::runtime::SparseLinear;
use std::cell::RefCell;
use std::time::{Duration, Instant};

/// Time spent per kind of operation, summed over calls.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Profile {
    /// The linear layers (q, k and v fused; bias and GELU fused).
    pub linear: Duration,
    /// Q·Kᵀ, softmax, ·V, and the head gathers.
    pub attention: Duration,
    /// Embeddings, residual adds, LayerNorms and pooling.
    pub other: Duration,
}

impl Profile {
    pub fn total(&self) -> Duration {
        self.linear + self.attention + self.other
    }
}

pub(super) struct BertLayer {
    /// q, k and v stacked, `[3·hidden, hidden]`: out comes `[tokens,
    /// q | k | v]`, which attention reads in place.
    pub qkv: SparseLinear,
    pub attention_out: SparseLinear,
    pub attention_norm: LayerNorm,
    pub intermediate: SparseLinear,
    pub output: SparseLinear,
    pub output_norm: LayerNorm,
}

/// Activation buffers shared by every layer of a forward pass, and kept
/// per thread between passes: a batch of 8 × 128 tokens needs 14 MB, and
/// allocating them afresh each pass cost page faults and zeroing. Every
/// buffer is overwritten before it is read, so growing is all `prepare` does.
#[derive(Default)]
pub(super) struct Workspace {
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    attn: Vec<f32>,
    inter: Vec<f32>,
    scratch: Vec<f32>,
}

impl Workspace {
    /// Sizes the buffers for `tokens` tokens.
    pub fn prepare(&mut self, tokens: usize, hidden: usize, intermediate: usize) {
        self.qkv.resize(tokens * 3 * hidden, 0.0);
        for b in [&mut self.ctx, &mut self.attn] {
            b.resize(tokens * hidden, 0.0);
        }
        self.inter.resize(tokens * intermediate, 0.0);
    }

    /// Frees the buffers if they are larger than `keep` bytes: a pass over
    /// a big batch should not pin its memory to the thread for good.
    pub fn trim(&mut self, keep: usize) {
        let floats: usize = [&self.qkv, &self.ctx, &self.attn, &self.inter, &self.scratch]
            .iter()
            .map(|b| b.capacity())
            .sum();
        if floats * 4 > keep {
            *self = Self::default();
        }
    }
}

thread_local! {
    pub(super) static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace::default());
}

/// Adds the time since `*start` to `slot` and restarts the clock.
fn lap(start: &mut Instant, slot: Option<&mut Duration>) {
    if let Some(s) = slot {
        let now = Instant::now();
        *s += now - *start;
        *start = now;
    }
}

impl BertLayer {
    pub fn linears(&self) -> [&SparseLinear; 4] {
        [
            &self.qkv,
            &self.attention_out,
            &self.intermediate,
            &self.output,
        ]
    }

    pub fn linears_mut(&mut self) -> [&mut SparseLinear; 4] {
        [
            &mut self.qkv,
            &mut self.attention_out,
            &mut self.intermediate,
            &mut self.output,
        ]
    }

    /// `x` `[tokens, hidden]` becomes this layer's output, in place.
    pub fn forward(
        &self,
        x: &mut [f32],
        batch: &Batch,
        config: &BertConfig,
        threads: usize,
        ws: &mut Workspace,
        mut profile: Option<&mut Profile>,
    ) -> Result<()> {
        let n = batch.batch * batch.seq;
        let (h, i) = (config.hidden_size, config.intermediate_size);
        let qkv = &mut ws.qkv[..n * 3 * h];
        let (ctx, attn) = (&mut ws.ctx[..n * h], &mut ws.attn[..n * h]);
        let inter = &mut ws.inter[..n * i];
        let mut t = Instant::now();
        self.qkv.forward(x, n, qkv)?;
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.linear));
        let shape = AttentionShape {
            batch: batch.batch,
            seq: batch.seq,
            heads: config.num_attention_heads,
            head_dim: config.head_dim(),
        };
        let qkv = Qkv {
            q: qkv,
            k: &qkv[h..],
            v: &qkv[2 * h..],
            ld: 3 * h,
        };
        attention(qkv, &batch.mask, shape, threads, &mut ws.scratch, ctx);
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.attention));
        self.attention_out.forward(ctx, n, attn)?;
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.linear));
        // attn = LayerNorm(attn + x)
        self.attention_norm.apply(attn, x);
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.other));
        self.intermediate.forward(attn, n, inter)?;
        self.output.forward(inter, n, x)?;
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.linear));
        // x = LayerNorm(output + attn)
        self.output_norm.apply(x, attn);
        lap(&mut t, profile.map(|p| &mut p.other));
        Ok(())
    }
}
