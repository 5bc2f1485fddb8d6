//! One transformer layer (post-LayerNorm BERT): self-attention, residual +
//! LayerNorm, the GELU feed-forward, residual + LayerNorm. Its six linear
//! layers are `SparseLinear`s; the time of each kind of operation is added
//! to a [`Profile`] so `bench-model` can show where the time goes.

use super::attention::{AttentionShape, attention};
use super::config::BertConfig;
use super::ops::LayerNorm;
use super::tokenize::Batch;
use crate::error::Result;
use crate::runtime::SparseLinear;
use std::time::{Duration, Instant};

/// Time spent per kind of operation, summed over calls.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Profile {
    /// The 6 linear layers per transformer layer (bias and GELU fused).
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
    pub query: SparseLinear,
    pub key: SparseLinear,
    pub value: SparseLinear,
    pub attention_out: SparseLinear,
    pub attention_norm: LayerNorm,
    pub intermediate: SparseLinear,
    pub output: SparseLinear,
    pub output_norm: LayerNorm,
}

/// Activation buffers, allocated once per forward pass and reused by
/// every layer.
pub(super) struct Workspace {
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
    ctx: Vec<f32>,
    attn: Vec<f32>,
    inter: Vec<f32>,
    scratch: Vec<f32>,
}

impl Workspace {
    pub fn new(tokens: usize, hidden: usize, intermediate: usize) -> Self {
        let th = vec![0.0f32; tokens * hidden];
        Self {
            q: th.clone(),
            k: th.clone(),
            v: th.clone(),
            ctx: th.clone(),
            attn: th,
            inter: vec![0.0f32; tokens * intermediate],
            scratch: Vec::new(),
        }
    }
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
    pub fn linears(&self) -> [&SparseLinear; 6] {
        [
            &self.query,
            &self.key,
            &self.value,
            &self.attention_out,
            &self.intermediate,
            &self.output,
        ]
    }

    pub fn linears_mut(&mut self) -> [&mut SparseLinear; 6] {
        [
            &mut self.query,
            &mut self.key,
            &mut self.value,
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
        let mut t = Instant::now();
        self.query.forward(x, n, &mut ws.q)?;
        self.key.forward(x, n, &mut ws.k)?;
        self.value.forward(x, n, &mut ws.v)?;
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.linear));
        let shape = AttentionShape {
            batch: batch.batch,
            seq: batch.seq,
            heads: config.num_attention_heads,
            head_dim: config.head_dim(),
        };
        attention(
            &ws.q,
            &ws.k,
            &ws.v,
            &batch.mask,
            shape,
            threads,
            &mut ws.scratch,
            &mut ws.ctx,
        );
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.attention));
        self.attention_out.forward(&ws.ctx, n, &mut ws.attn)?;
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.linear));
        // attn = LayerNorm(attn + x)
        self.attention_norm.apply(&mut ws.attn, x);
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.other));
        self.intermediate.forward(&ws.attn, n, &mut ws.inter)?;
        self.output.forward(&ws.inter, n, x)?;
        lap(&mut t, profile.as_deref_mut().map(|p| &mut p.linear));
        // x = LayerNorm(output + attn)
        self.output_norm.apply(x, &ws.attn);
        lap(&mut t, profile.map(|p| &mut p.other));
        Ok(())
    }
}
