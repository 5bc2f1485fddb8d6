//! sparsejit turns block-sparse neural-network weights into machine code.
//!
//! Each weight matrix's sparsity pattern is known when the model is loaded,
//! so instead of a generic sparse kernel that reads indices at run time,
//! sparsejit emits x86-64 code per matrix with the nonzero offsets baked in.
//!
//! The crate is split by concern:
//! - [`sparse`]: block-sparse formats, pattern detection, pruning.
//! - [`plan`]: what to compute (`KernelPlan`, `Schedule`, the templates).
//! - [`codegen`]: how to emit it (the dynasmrt x86-64 and Cranelift backends).
//! - [`runtime`]: when to run it (CPU detection, cache, threads, memory).
//! - [`quant`]: INT8 quantization of weights and activations.
//! - [`reference`]: the plain-Rust oracle and generic kernels, fp32 and INT8.
//! - [`gelu`]: the fp32 GELU every kernel computes, and its constant table.
//! - [`model`]: safetensors files (memory-mapped, validated) and their
//!   linear layers, compiled.
//! - [`npy`]: float32 `.npy` arrays, read with every size checked.
//! - [`bert`]: a whole BERT encoder (all-MiniLM-L6-v2) on those kernels,
//!   with its tokenizer and sentence embeddings.
//!
//! ```no_run
//! use sparsejit::{BlockShape, LinearOptions, SparseLinear};
//! let (m, k, n) = (768, 768, 128);
//! let w = sparsejit::sparse::prune::random_block_sparse(m, k, BlockShape::new(4, 1)?, 0.9, 1);
//! let layer = SparseLinear::from_dense(&w, m, k, BlockShape::new(4, 1)?, None, &LinearOptions::default())?;
//! let x = vec![1.0f32; n * k];
//! let mut y = vec![0.0f32; n * m];
//! layer.forward(&x, n, &mut y)?;
//! # Ok::<(), sparsejit::Error>(())
//! ```

pub mod bench;
pub mod bert;
pub mod codegen;
pub mod disasm;
pub mod error;
pub mod files;
pub mod gelu;
pub mod layout;
pub mod measure;
pub mod model;
pub mod npy;
pub mod plan;
pub mod quant;
pub mod reference;
pub mod runtime;
pub mod sparse;

pub use error::{Error, Result};
pub use model::{BlockChoice, CompileOptions, Layer, Layers, Model, Tensor};
pub use plan::{Activation, Dtype, Isa, IsaChoice, KernelPlan, Target};
pub use runtime::{LinearOptions, SparseLinear};
pub use sparse::{BlockShape, BsrMatrix};
