//! The encoder's element-wise and row-wise operations, in plain Rust
//! compiled for AVX2+FMA too (`multiversion`): embedding lookup, residual
//! add + LayerNorm, and sentence-transformers' mean pooling with L2
//! normalisation. The matrix products live elsewhere (linear layers in
//! `SparseLinear`, attention in `attention`).

use multiversion::multiversion;

/// LayerNorm's learned scale and shift, and its epsilon.
#[derive(Clone, Debug)]
pub struct LayerNorm {
    pub gamma: Vec<f32>,
    pub beta: Vec<f32>,
    pub eps: f32,
}

impl LayerNorm {
    /// `x = LayerNorm(x + residual)` row by row (`residual` may be empty:
    /// no residual), as `torch.nn.LayerNorm` with the biased variance.
    pub fn apply(&self, x: &mut [f32], residual: &[f32]) {
        add_layer_norm(x, residual, &self.gamma, &self.beta, self.eps);
    }
}

#[multiversion(targets("x86_64+avx2+fma"))]
fn add_layer_norm(x: &mut [f32], residual: &[f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let h = gamma.len();
    debug_assert!(residual.is_empty() || residual.len() == x.len());
    for (r, row) in x.chunks_exact_mut(h).enumerate() {
        if !residual.is_empty() {
            row.iter_mut()
                .zip(&residual[r * h..(r + 1) * h])
                .for_each(|(v, s)| *v += s);
        }
        // Two passes (mean, then squared deviations): no cancellation.
        let mean = sum8(row, |v| v) / h as f32;
        let var = sum8(row, |v| (v - mean) * (v - mean)) / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

/// `Σ f(v)` with eight independent accumulators over chunks of 8, so the
/// loop vectorises without the compiler having to reassociate.
#[inline(always)]
fn sum8(row: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut part = [0.0f32; 8];
    let mut chunks = row.chunks_exact(8);
    for c in &mut chunks {
        for l in 0..8 {
            part[l] += f(c[l]);
        }
    }
    let rest: f32 = chunks.remainder().iter().map(|&v| f(v)).sum();
    part.iter().sum::<f32>() + rest
}

/// `out[t] = word[ids[t]] + position[t mod seq] + token_type[type_ids[t]]`
/// for every token `t` of a `[batch, seq]` batch; rows of `h` floats.
/// The caller has checked every id against its table.
pub fn embed_tokens(
    out: &mut [f32],
    ids: &[u32],
    type_ids: &[u32],
    seq: usize,
    tables: (&[f32], &[f32], &[f32]),
    h: usize,
) {
    let (word, position, token_type) = tables;
    for (t, row) in out.chunks_exact_mut(h).enumerate() {
        let (id, ty, pos) = (ids[t] as usize, type_ids[t] as usize, t % seq);
        let w = &word[id * h..(id + 1) * h];
        let p = &position[pos * h..(pos + 1) * h];
        let y = &token_type[ty * h..(ty + 1) * h];
        for (j, v) in row.iter_mut().enumerate() {
            *v = w[j] + p[j] + y[j];
        }
    }
}

/// Sentence embeddings as sentence-transformers computes them for this
/// model: the mean of the token vectors under the attention mask (divided
/// by max(count, 1e-9)), then divided by max(‖·‖₂, 1e-12).
pub fn mean_pool_normalize(hidden: &[f32], mask: &[u32], seq: usize, h: usize) -> Vec<Vec<f32>> {
    hidden
        .chunks_exact(seq * h)
        .zip(mask.chunks_exact(seq))
        .map(|(tokens, m)| {
            let mut sum = vec![0.0f64; h];
            let mut count = 0.0f64;
            for (row, &keep) in tokens.chunks_exact(h).zip(m) {
                if keep != 0 {
                    count += 1.0;
                    sum.iter_mut().zip(row).for_each(|(s, &v)| *s += v as f64);
                }
            }
            let mean: Vec<f64> = sum.iter().map(|s| s / count.max(1e-9)).collect();
            let norm = mean.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-12);
            mean.iter().map(|v| (v / norm) as f32).collect()
        })
        .collect()
}

/// Cosine similarity in f64 (0 when either vector is zero).
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum();
    let na: f64 = a.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_norm_matches_the_definition() {
        let ln = LayerNorm {
            gamma: vec![1.0, 2.0, 0.5, 1.0],
            beta: vec![0.0, 1.0, 0.0, -1.0],
            eps: 1e-12,
        };
        let mut x = vec![1.0, 2.0, 3.0, 4.0];
        ln.apply(&mut x, &[1.0, 1.0, 1.0, 1.0]);
        // (x+1) = 2..5: mean 3.5, variance 1.25.
        let s = 1.25f64.sqrt();
        let want = [-1.5 / s, 2.0 * -0.5 / s + 1.0, 0.5 * 0.5 / s, 1.5 / s - 1.0];
        for (g, w) in x.iter().zip(want) {
            assert!((*g as f64 - w).abs() < 1e-6, "{x:?}");
        }
    }

    #[test]
    fn pooling_ignores_padding_and_normalises() {
        // Two tokens of width 2; the second is padding.
        let out = mean_pool_normalize(&[3.0, 4.0, 100.0, 100.0], &[1, 0], 2, 2);
        assert_eq!(out, vec![vec![0.6, 0.8]]);
        assert!((cosine(&out[0], &[6.0, 8.0]) - 1.0).abs() < 1e-12);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
    }
}
