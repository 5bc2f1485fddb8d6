//! Compiled layers of a model: [`CompileOptions`] (block shape or `auto`,
//! ISA, the sparsity below which a layer runs dense, threads, activation),
//! [`Layer`] with `torch.nn.Linear`'s `forward`, [`Layers`] looked up by
//! name, and the small [`Tensor`] (shape + data) that `forward` takes.

use crate::error::{Error, Result};
use crate::plan::{Activation, Dtype, Isa, IsaChoice};
use crate::quant::QuantizedWeights;
use crate::runtime::Kernel;
use crate::runtime::{LinearOptions, SparseLinear};
use crate::sparse::{BlockShape, BsrMatrix, SparseStats};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `auto` picks the largest block whose fill (zeros stored inside kept
/// blocks) stays at or under this: a quarter of the work wasted at most.
pub const DEFAULT_MAX_FILL: f64 = 0.25;

/// Below this sparsity a layer runs a dense GEMM. Measured with `demo`
/// (BERT-Mini shapes, 4x1 blocks, N = 128, one thread, this project's 2-core
/// AVX2 machine), the JIT against the `gemm` crate: 0.87x at 30% sparsity,
/// 1.21x at 50%, 1.87x at 70%. The crossover lies between 30% and 50%, and
/// the code grows with nnz (about 25 bytes per nonzero), so 50% keeps the
/// JIT only where it wins; `--min-sparsity` moves it.
pub const DEFAULT_MIN_SPARSITY: f64 = 0.5;

/// The block shape to compile with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BlockChoice {
    Fixed(BlockShape),
    /// The largest block (by area, then taller first) whose fill is at most
    /// `max_fill`; 1×1 always qualifies (its fill is zero).
    Auto {
        max_fill: f64,
    },
}

impl Default for BlockChoice {
    fn default() -> Self {
        BlockChoice::Fixed(BlockShape { rows: 4, cols: 1 })
    }
}

impl FromStr for BlockChoice {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        if s.trim().eq_ignore_ascii_case("auto") {
            Ok(BlockChoice::Auto {
                max_fill: DEFAULT_MAX_FILL,
            })
        } else {
            s.parse().map(BlockChoice::Fixed)
        }
    }
}

impl BlockChoice {
    /// The block shape for the `[m, k]` weight `w` computed in `dtype`.
    pub fn resolve(self, w: &[f32], m: usize, k: usize, dtype: Dtype) -> BlockShape {
        match self {
            BlockChoice::Fixed(b) => b,
            BlockChoice::Auto { max_fill } => auto_block(w, m, k, max_fill, dtype),
        }
    }
}

impl fmt::Display for BlockChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockChoice::Fixed(b) => write!(f, "{b}"),
            BlockChoice::Auto { .. } => f.write_str("auto"),
        }
    }
}

/// How to compile a model's layers.
#[derive(Clone, Debug)]
pub struct CompileOptions {
    pub block: BlockChoice,
    /// `None`: the best the CPU and `SPARSEJIT_ISA` allow.
    pub isa: Option<IsaChoice>,
    /// What float layers compute in (a layer stored quantized always runs
    /// INT8). INT8 layers under `min_sparsity` run the INT8 kernel on all
    /// their weights rather than a dense fp32 GEMM.
    pub dtype: Dtype,
    /// Layers sparser than this run JIT code; the rest run dense.
    pub min_sparsity: f64,
    /// Threads per `forward`; 0 means all cores.
    pub threads: usize,
    /// Fused into every layer's store.
    pub activation: Activation,
    /// Time JIT, generic and dense on this many tokens per sparse layer and
    /// run the fastest (`SparseLinear::tune`).
    pub tune_tokens: Option<usize>,
    /// Read (and with `tune_tokens`, write) the tuning file
    /// (`LinearOptions::use_tuning_file`).
    pub use_tuning_file: bool,
}

impl Default for CompileOptions {
    fn default() -> Self {
        Self {
            block: BlockChoice::default(),
            isa: None,
            dtype: Dtype::F32,
            min_sparsity: DEFAULT_MIN_SPARSITY,
            threads: 1,
            activation: Activation::None,
            tune_tokens: None,
            use_tuning_file: false,
        }
    }
}

/// A shape and row-major f32 data that agree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tensor {
    shape: Vec<usize>,
    data: Vec<f32>,
}

impl Tensor {
    pub fn new(shape: Vec<usize>, data: Vec<f32>) -> Result<Self> {
        let want = shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
        if want != Some(data.len()) {
            return Err(Error::ShapeMismatch(format!(
                "shape {shape:?} does not hold {} values",
                data.len()
            )));
        }
        Ok(Self { shape, data })
    }
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }
    pub fn data(&self) -> &[f32] {
        &self.data
    }
    pub fn into_data(self) -> Vec<f32> {
        self.data
    }
}

/// One compiled linear layer: `y = act(x · Wᵀ + b)`.
pub struct Layer {
    name: String,
    m: usize,
    k: usize,
    block: BlockShape,
    stats: SparseStats,
    activation: Activation,
    threads: usize,
    non_finite_weights: usize,
    compile_time: Duration,
    cache_hit: Option<bool>,
    /// Runs the JIT (or generic) kernel, or the dense GEMM under
    /// `min_sparsity`.
    linear: SparseLinear,
}

impl Layer {
    /// Compiles the dense row-major `[m, k]` weight `w` (see `CompileOptions`).
    pub fn compile(
        name: &str,
        w: &[f32],
        m: usize,
        k: usize,
        bias: Option<Vec<f32>>,
        opts: &CompileOptions,
    ) -> Result<Self> {
        let start = Instant::now();
        if !(0.0..=1.0).contains(&opts.min_sparsity) {
            return Err(Error::InvalidArgument(format!(
                "min sparsity {} is outside 0..=1",
                opts.min_sparsity
            )));
        }
        let block = opts.block.resolve(w, m, k, opts.dtype);
        let bsr = BsrMatrix::from_dense(w, m, k, block)?;
        let stats = bsr.stats();
        let non_finite_weights = w.iter().filter(|v| !v.is_finite()).count();
        let threads = if opts.threads == 0 {
            rayon::current_num_threads()
        } else {
            opts.threads
        };
        // An fp32 layer under the minimum sparsity runs the dense GEMM; an
        // INT8 one its own kernel on every weight.
        let dense = stats.sparsity < opts.min_sparsity && opts.dtype == Dtype::F32;
        let lin_opts = LinearOptions {
            activation: opts.activation,
            // A dense layer needs no generated code.
            isa: if dense {
                Some(Isa::Generic.into())
            } else {
                opts.isa
            },
            dtype: opts.dtype,
            threads,
            tune_tokens: if dense { None } else { opts.tune_tokens },
            use_tuning_file: opts.use_tuning_file,
            ..Default::default()
        };
        let mut linear =
            SparseLinear::compile(Arc::new(bsr), bias, &lin_opts).map_err(|e| e.within(name))?;
        if dense {
            linear.set_kernel(Kernel::Dense)?;
        }
        Ok(Self::new(
            name,
            linear,
            opts,
            non_finite_weights,
            threads,
            start,
        ))
    }

    /// Compiles an INT8 layer quantized elsewhere: integer weights `q`
    /// (`[m, k]`, values in -128..=127) and one scale per row, always as
    /// INT8 (see `CompileOptions::dtype`), blocks as `opts.block` says.
    pub fn compile_quantized(
        name: &str,
        q: &[f32],
        scale: &[f32],
        m: usize,
        k: usize,
        bias: Option<Vec<f32>>,
        opts: &CompileOptions,
    ) -> Result<Self> {
        let start = Instant::now();
        let block = opts.block.resolve(q, m, k, Dtype::Int8);
        let threads = if opts.threads == 0 {
            rayon::current_num_threads()
        } else {
            opts.threads
        };
        let weights =
            QuantizedWeights::from_parts(BsrMatrix::from_dense(q, m, k, block)?, scale.to_vec())
                .map_err(|e| e.within(name))?;
        let lin_opts = LinearOptions {
            activation: opts.activation,
            isa: opts.isa,
            dtype: Dtype::Int8,
            threads,
            tune_tokens: opts.tune_tokens,
            use_tuning_file: opts.use_tuning_file,
            ..Default::default()
        };
        let linear = SparseLinear::compile_quantized(weights, bias, &lin_opts)
            .map_err(|e| e.within(name))?;
        Ok(Self::new(name, linear, opts, 0, threads, start))
    }

    fn new(
        name: &str,
        linear: SparseLinear,
        opts: &CompileOptions,
        non_finite_weights: usize,
        threads: usize,
        start: Instant,
    ) -> Self {
        let (m, k, block) = (linear.plan().m, linear.plan().k, linear.plan().block);
        let stats = linear.weights().stats();
        let cache_hit = linear.cache_hit();
        Self {
            name: name.to_string(),
            m,
            k,
            block,
            stats,
            activation: opts.activation,
            threads,
            non_finite_weights,
            compile_time: start.elapsed(),
            cache_hit,
            linear,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    /// Output features.
    pub fn m(&self) -> usize {
        self.m
    }
    /// Input features.
    pub fn k(&self) -> usize {
        self.k
    }
    pub fn block(&self) -> BlockShape {
        self.block
    }
    pub fn stats(&self) -> SparseStats {
        self.stats
    }
    pub fn activation(&self) -> Activation {
        self.activation
    }
    /// Threads per `forward`.
    pub fn threads(&self) -> usize {
        self.threads
    }
    /// The kernel `forward` runs.
    pub fn kernel(&self) -> Kernel {
        self.linear.kernel()
    }
    /// The timings behind the choice, when compiled with `tune_tokens`.
    pub fn tuning(&self) -> Option<crate::runtime::Tuning> {
        self.linear.tuning()
    }
    /// NaN and ±Inf values in the weight (they propagate as in PyTorch).
    pub fn non_finite_weights(&self) -> usize {
        self.non_finite_weights
    }
    /// Wall time of `compile`: block detection, schedule, code generation.
    pub fn compile_time(&self) -> Duration {
        self.compile_time
    }
    /// Whether the kernel came from the cache (`None`: no generated code).
    pub fn cache_hit(&self) -> Option<bool> {
        self.cache_hit
    }
    pub fn is_dense(&self) -> bool {
        self.linear.kernel() == Kernel::Dense
    }
    /// The kernel's name, or "dense" under the minimum sparsity.
    pub fn kernel_name(&self) -> String {
        if self.is_dense() {
            "dense".into()
        } else {
            self.linear.kernel_name()
        }
    }
    /// Generated code bytes (0 for dense and the generic kernel).
    pub fn code_bytes(&self) -> usize {
        if self.is_dense() {
            0
        } else {
            self.linear.code().map_or(0, |c| c.len())
        }
    }
    /// The compiled sparse layer, unless this layer runs dense.
    pub fn sparse(&self) -> Option<&SparseLinear> {
        (!self.is_dense()).then_some(&self.linear)
    }

    /// The output shape for input shape `x` (`[K]`, `[N, K]` or
    /// `[B, S, K]`), or an error saying what is wrong with it.
    pub fn output_shape(&self, x: &[usize]) -> Result<Vec<usize>> {
        output_shape(&self.name, self.m, self.k, x)
    }

    /// `y = act(x · Wᵀ + b)`, as `torch.nn.Linear` (then the activation):
    /// `x` is `[K]`, `[N, K]` or `[B, S, K]`; `y` becomes `[..., M]`
    /// (its buffer is reused).
    pub fn forward(&self, x: &Tensor, y: &mut Tensor) -> Result<()> {
        let shape = self.output_shape(x.shape())?;
        let n = x.data.len() / self.k;
        let ys = n.checked_mul(self.m).ok_or_else(|| self.too_large(n))?;
        y.data.resize(ys, 0.0);
        y.shape = shape;
        self.forward_rows(&x.data, n, &mut y.data)
    }

    /// `forward` on raw row-major slices: `x` `[n, K]`, `y` `[n, M]`.
    pub fn forward_rows(&self, x: &[f32], n: usize, y: &mut [f32]) -> Result<()> {
        let (m, k) = (self.m, self.k);
        // Checked: a wrapped `n · K` equal to x's length would hand the
        // kernel (or the dense GEMM, through raw pointers) a token count
        // far past both slices.
        let (xs, ys) = n
            .checked_mul(k)
            .zip(n.checked_mul(m))
            .ok_or_else(|| self.too_large(n))?;
        if x.len() != xs || y.len() != ys {
            return Err(Error::ShapeMismatch(format!(
                "{}: x has {} values and y {}, but [{n}, {k}] and [{n}, {m}] need {xs} and {ys}",
                self.name,
                x.len(),
                y.len(),
            )));
        }
        self.linear.forward(x, n, y)
    }

    fn too_large(&self, n: usize) -> Error {
        Error::ShapeMismatch(format!(
            "{}: [{n}, {}] inputs or [{n}, {}] outputs are more than any buffer holds",
            self.name, self.k, self.m
        ))
    }
}

/// The output shape of layer `name` (weight `[m, k]`) for input shape `x`:
/// `[K]`, `[N, K]` or `[B, S, K]` give `[..., M]`; anything else is an
/// error that says what is wrong. Usable before the layer is compiled.
pub fn output_shape(name: &str, m: usize, k: usize, x: &[usize]) -> Result<Vec<usize>> {
    if x.is_empty() || x.len() > 3 {
        return Err(Error::ShapeMismatch(format!(
            "{name}: input has rank {} (shape {x:?}); it must be [K], [N, K] or [B, S, K] with K = {k}",
            x.len()
        )));
    }
    if x[x.len() - 1] != k {
        return Err(Error::ShapeMismatch(format!(
            "{name}: input's last dimension is {} (shape {x:?}) but the layer has K = {k} input features (weight [{m}, {k}])",
            x[x.len() - 1]
        )));
    }
    let mut out = x.to_vec();
    *out.last_mut().expect("rank checked") = m;
    Ok(out)
}

/// The largest block shape whose fill is at most `max_fill`, for kernels
/// computing in `dtype`. Among shapes of one area, fp32 prefers taller ones
/// (r×1 blocks are its best family); INT8 prefers 4 columns (a block row
/// is then whole 4-k words, one `vpdpbusd` each, where r×1 blocks need a
/// gather per 4 blocks), then taller ones.
pub fn auto_block(w: &[f32], m: usize, k: usize, max_fill: f64, dtype: Dtype) -> BlockShape {
    let nnz = w.iter().filter(|v| **v != 0.0).count();
    let mut shapes: Vec<BlockShape> = BlockShape::all().collect();
    let int8 = dtype == Dtype::Int8;
    shapes.sort_by_key(|b| std::cmp::Reverse((b.area(), int8 && b.cols == 4, b.rows)));
    let mut any = Vec::new();
    for b in shapes {
        if b.area() == 1 {
            return b;
        }
        let (r, c) = (b.rows, b.cols);
        let mut stored = 0usize;
        for rb in 0..m.div_ceil(r) {
            let rows = rb * r..((rb + 1) * r).min(m);
            any.clear();
            any.resize(k.div_ceil(c), false);
            for i in rows.clone() {
                for (j, v) in w[i * k..(i + 1) * k].iter().enumerate() {
                    any[j / c] |= *v != 0.0;
                }
            }
            for (cb, _) in any.iter().enumerate().filter(|(_, a)| **a) {
                stored += rows.len() * (((cb + 1) * c).min(k) - cb * c);
            }
        }
        let fill = if stored == 0 {
            0.0
        } else {
            1.0 - nnz as f64 / stored as f64
        };
        if fill <= max_fill {
            return b;
        }
    }
    BlockShape { rows: 1, cols: 1 }
}

/// A model's compiled layers, in name order.
pub struct Layers {
    layers: Vec<Layer>,
}

impl Layers {
    pub fn new(mut layers: Vec<Layer>) -> Self {
        layers.sort_by(|a, b| a.name.cmp(&b.name));
        Self { layers }
    }

    /// The layer `name` (without `.weight`); an unknown name lists the
    /// closest ones.
    pub fn get(&self, name: &str) -> Result<&Layer> {
        match self.layers.binary_search_by(|l| l.name.as_str().cmp(name)) {
            Ok(i) => Ok(&self.layers[i]),
            Err(_) => {
                let names: Vec<&str> = self.layers.iter().map(|l| l.name.as_str()).collect();
                Err(Error::NotFound(format!(
                    "no layer named '{name}'{}",
                    super::closest_names(name, &names)
                )))
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Layer> {
        self.layers.iter()
    }
    pub fn len(&self) -> usize {
        self.layers.len()
    }
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sparse::prune::random_block_sparse;

    #[test]
    fn auto_block_finds_the_pruning_block() {
        for (r, c) in [(4, 1), (8, 1), (1, 1), (2, 2), (1, 4)] {
            let b = BlockShape::new(r, c).unwrap();
            let w = random_block_sparse(64, 96, b, 0.8, 3);
            for dtype in [Dtype::F32, Dtype::Int8] {
                assert_eq!(auto_block(&w, 64, 96, DEFAULT_MAX_FILL, dtype), b);
            }
        }
        let dense = vec![1.0; 40 * 30];
        assert_eq!(auto_block(&dense, 40, 30, 0.0, Dtype::F32).area(), 64);
    }

    #[test]
    fn non_finite_input_matches_the_dense_product() {
        let (m, k, n) = (12, 9, 3);
        let b = BlockShape::new(4, 1).unwrap();
        let w = random_block_sparse(m, k, b, 0.7, 5);
        let mut x = vec![0.5f32; n * k];
        x[2] = f32::INFINITY;
        x[k + 4] = f32::NAN;
        x[2 * k + 1] = f32::NEG_INFINITY;
        let mut want = vec![0.0; n * m];
        crate::reference::dense_linear(&x, n, k, &w, m, None, Activation::None, &mut want);
        // Sparse (the fix-up) and dense (min_sparsity 1: the gemm crate).
        for min_sparsity in [0.0, 1.0] {
            let opts = CompileOptions {
                min_sparsity,
                ..Default::default()
            };
            let layer = Layer::compile("l", &w, m, k, None, &opts).unwrap();
            assert_eq!(layer.is_dense(), min_sparsity == 1.0);
            let mut y = vec![0.0; n * m];
            layer.forward_rows(&x, n, &mut y).unwrap();
            for (i, (g, d)) in y.iter().zip(&want).enumerate() {
                assert_eq!(g.is_nan(), d.is_nan(), "y[{i}] = {g}, dense {d}");
                assert_eq!(g.is_infinite(), d.is_infinite(), "y[{i}] = {g}, dense {d}");
            }
        }
    }
}
