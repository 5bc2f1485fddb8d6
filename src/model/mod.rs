//! A model file and its linear layers: `Model::open` maps (or
//! `Model::read` reads) and validates a safetensors file (`safetensors`),
//! finds the `torch.nn.Linear` weights in it, and `compile` turns each into
//! a JIT-compiled [`Layer`] (`layer`), which owns its weights: once
//! compiled, the layers never touch the file again.
//!
//! A linear layer `X` is a 2-D float (F32, F16 or BF16) tensor named
//! `X.weight`, with `X.bias` as its bias when that is a 1-D float tensor of
//! M values. Embedding tables (`*embeddings.weight`, `embed_tokens.weight`,
//! ...) are also 2-D `.weight` tensors but are looked up, not multiplied,
//! so they are listed as skipped rather than compiled (or pruned).
//!
//! A model quantized elsewhere stores an INT8 layer as an `I8` tensor
//! `X.weight` `[M, K]` with an `F32` tensor `X.weight_scale` `[M]` (one
//! positive, finite scale per output row: `w ≈ scale[m] · q[m, k]`). It
//! always runs the INT8 kernels, on exactly those integers.
//!
//! ```no_run
//! use sparsejit::{CompileOptions, Model, Tensor};
//! let model = Model::open("model-80.safetensors")?;
//! let layers = model.compile(&CompileOptions::default())?;
//! let fc = layers.get("encoder.layer.0.intermediate.dense")?;
//! let x = Tensor::new(vec![4, fc.k()], vec![0.5; 4 * fc.k()])?;
//! let mut y = Tensor::default();
//! fc.forward(&x, &mut y)?; // y: [4, M] = x·Wᵀ + b
//! # Ok::<(), sparsejit::Error>(())
//! ```

pub mod layer;
pub mod safetensors;

pub use layer::{BlockChoice, CompileOptions, Layer, Layers, Tensor};
pub use safetensors::{Dtype, SafetensorsFile, TensorInfo, TensorView};

use crate::error::{Error, Result};
use std::path::Path;

/// f32 values, borrowed from the mapping or converted.
pub type F32s<'a> = std::borrow::Cow<'a, [f32]>;

/// A linear layer found in a model file, before compilation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinearSpec {
    /// The layer name: the weight's name without `.weight`.
    pub name: String,
    /// Output features (the weight's rows).
    pub m: usize,
    /// Input features (the weight's columns).
    pub k: usize,
    pub dtype: Dtype,
    /// Whether `NAME.bias` exists and is used.
    pub bias: bool,
}

impl LinearSpec {
    /// Whether the file stores the layer quantized (`I8` + `weight_scale`).
    pub fn is_quantized(&self) -> bool {
        self.dtype == Dtype::I8
    }
}

/// A `.weight` tensor that is not treated as a linear layer, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub name: String,
    pub reason: String,
}

/// A memory-mapped, validated safetensors model.
#[derive(Debug)]
pub struct Model {
    file: SafetensorsFile,
    linears: Vec<LinearSpec>,
    skipped: Vec<Skipped>,
}

impl Model {
    /// Maps and validates `path` (see [`SafetensorsFile::open`]) and finds
    /// its linear layers. No tensor data is read yet.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::from_file(SafetensorsFile::open(path)?)
    }

    /// As [`open`](Self::open), but reads the file into memory instead of
    /// mapping it: for a process that keeps the model open while the file
    /// may be truncated or rewritten in place (see [`SafetensorsFile`]).
    pub fn read(path: impl AsRef<Path>) -> Result<Self> {
        Self::from_file(SafetensorsFile::read(path)?)
    }

    /// A model from an already opened (or in-memory) file.
    pub fn from_file(file: SafetensorsFile) -> Result<Self> {
        let (linears, skipped) = find_linears(&file)?;
        Ok(Self {
            file,
            linears,
            skipped,
        })
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }
    pub fn file(&self) -> &SafetensorsFile {
        &self.file
    }
    /// The linear layers, sorted by name.
    pub fn linears(&self) -> &[LinearSpec] {
        &self.linears
    }
    /// `.weight` tensors that are not linear layers, with the reason.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// The spec of layer `name`, or an error listing the closest names.
    pub fn linear(&self, name: &str) -> Result<&LinearSpec> {
        self.linears
            .iter()
            .find(|l| l.name == name)
            .ok_or_else(|| self.unknown(name))
    }

    /// The layer's weight `[M, K]` and bias as f32 (borrowed from the
    /// mapping when the file stores aligned f32; an INT8 layer's weight is
    /// dequantized: `scale[m] · q[m, k]`).
    pub fn weights(&self, name: &str) -> Result<(F32s<'_>, Option<F32s<'_>>)> {
        let spec = self.linear(name)?;
        let w = if spec.is_quantized() {
            let (q, scale) = self.quantized(name)?;
            let k = spec.k;
            F32s::Owned(
                q.iter()
                    .enumerate()
                    .map(|(i, &v)| v * scale[i / k])
                    .collect(),
            )
        } else {
            self.tensor(&format!("{name}.weight"))?.to_f32()?
        };
        let b = if spec.bias {
            Some(self.tensor(&format!("{name}.bias"))?.to_f32()?)
        } else {
            None
        };
        Ok((w, b))
    }

    /// An INT8 layer's integer weights (as f32 values, `[M, K]`) and its
    /// per-row scales.
    pub fn quantized(&self, name: &str) -> Result<(Vec<f32>, Vec<f32>)> {
        let spec = self.linear(name)?;
        if !spec.is_quantized() {
            return Err(Error::InvalidArgument(format!(
                "layer '{name}' of {} is not stored quantized (its weight is {:?})",
                self.path().display(),
                spec.dtype
            )));
        }
        let q: Vec<f32> = self
            .tensor(&format!("{name}.weight"))?
            .bytes
            .iter()
            .map(|&b| b as i8 as f32)
            .collect();
        let scale = self.tensor(&format!("{name}.weight_scale"))?.to_f32()?;
        Ok((q, scale.into_owned()))
    }

    /// A tensor by its full name.
    pub fn tensor(&self, name: &str) -> Result<TensorView<'_>> {
        self.file.tensor(name).ok_or_else(|| {
            Error::NotFound(format!(
                "no tensor named '{name}' in {}",
                self.path().display()
            ))
        })
    }

    /// Compiles every linear layer (see [`Model::compile_with`]).
    pub fn compile(&self, opts: &CompileOptions) -> Result<Layers> {
        self.compile_with(opts, |_, _, _| {})
    }

    /// Compiles every linear layer, calling `progress(done, total, name)`
    /// before each one.
    pub fn compile_with(
        &self,
        opts: &CompileOptions,
        mut progress: impl FnMut(usize, usize, &str),
    ) -> Result<Layers> {
        let mut layers = Vec::with_capacity(self.linears.len());
        for (i, spec) in self.linears.iter().enumerate() {
            progress(i, self.linears.len(), &spec.name);
            layers.push(self.compile_layer(&spec.name, opts)?);
        }
        Ok(Layers::new(layers))
    }

    /// Compiles one layer; an unknown name lists the closest ones.
    pub fn compile_layer(&self, name: &str, opts: &CompileOptions) -> Result<Layer> {
        let spec = self.linear(name)?;
        if spec.is_quantized() {
            let (q, scale) = self.quantized(name)?;
            let b = self.weights(name)?.1.map(|b| b.into_owned());
            return Layer::compile_quantized(&spec.name, &q, &scale, spec.m, spec.k, b, opts)
                .map_err(|e| self.in_file(e));
        }
        let (w, b) = self.weights(name)?;
        Layer::compile(
            &spec.name,
            &w,
            spec.m,
            spec.k,
            b.map(|b| b.into_owned()),
            opts,
        )
    }

    /// An error about a tensor's values, naming the file.
    fn in_file(&self, e: Error) -> Error {
        match e {
            Error::InvalidArgument(m) | Error::ShapeMismatch(m) => Error::File {
                path: self.path().to_path_buf(),
                message: m,
            },
            e => e,
        }
    }

    fn unknown(&self, name: &str) -> Error {
        let names: Vec<&str> = self.linears.iter().map(|l| l.name.as_str()).collect();
        let mut msg = format!(
            "no linear layer named '{name}' in {}",
            self.path().display()
        );
        if name.ends_with(".weight") || name.ends_with(".bias") {
            msg.push_str(" (give the layer name without .weight or .bias)");
        }
        msg.push_str(&closest_names(name, &names));
        Error::NotFound(msg)
    }
}

/// "; closest: a, b, c" (or the whole list when it is short, or a note that
/// there are none), ranked by normalized Levenshtein similarity (strsim).
pub fn closest_names(name: &str, names: &[&str]) -> String {
    if names.is_empty() {
        return "; the file has no linear layers".into();
    }
    let mut ranked: Vec<(f64, &str)> = names
        .iter()
        .map(|n| (strsim::normalized_levenshtein(name, n), *n))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let best: Vec<&str> = ranked.iter().take(5).map(|(_, n)| *n).collect();
    format!(
        "; closest of the {} layers: {}",
        names.len(),
        best.join(", ")
    )
}

/// Whether a `.weight` tensor's module looks like an embedding table.
fn is_embedding(layer: &str) -> bool {
    let last = layer
        .rsplit('.')
        .next()
        .unwrap_or(layer)
        .to_ascii_lowercase();
    last.contains("embed") || last == "wte" || last == "wpe"
}

fn find_linears(file: &SafetensorsFile) -> Result<(Vec<LinearSpec>, Vec<Skipped>)> {
    let mut linears = Vec::new();
    let mut skipped = Vec::new();
    for t in file.tensors() {
        let Some(name) = t.name().strip_suffix(".weight") else {
            continue;
        };
        let skip = |reason: String| Skipped {
            name: name.to_string(),
            reason,
        };
        if t.shape().len() != 2 {
            // LayerNorm and friends: 1-D weights are no matrix product.
            continue;
        }
        if is_embedding(name) {
            skipped.push(skip("embedding table (looked up, not multiplied)".into()));
            continue;
        }
        let (m, k) = (t.shape()[0], t.shape()[1]);
        let bad = |message: String| Error::File {
            path: file.path().to_path_buf(),
            message,
        };
        if t.dtype() == Dtype::I8 {
            // An INT8 layer quantized elsewhere needs its row scales.
            match file.tensor(&format!("{name}.weight_scale")) {
                None => {
                    return Err(bad(format!(
                        "'{name}.weight' is I8 but '{name}.weight_scale' is missing: an INT8 layer needs an F32 tensor of shape [{m}] with one scale per output row"
                    )));
                }
                Some(s) if s.dtype() != Dtype::F32 || s.shape() != [m] => {
                    return Err(bad(format!(
                        "'{name}.weight_scale' has dtype {:?} and shape {:?}, but the I8 weight [{m}, {k}] needs F32 scales of shape [{m}]",
                        s.dtype(),
                        s.shape()
                    )));
                }
                Some(_) => {}
            }
        } else if !t.is_float() {
            skipped.push(skip(format!(
                "dtype {:?}: only F32, F16 and BF16 weights (or I8 with a weight_scale) are compiled",
                t.dtype()
            )));
            continue;
        }
        if m == 0 || k == 0 {
            skipped.push(skip(format!("empty shape [{m}, {k}]")));
            continue;
        }
        let bias = match file.tensor(&format!("{name}.bias")) {
            None => false,
            Some(b) if b.is_float() && b.shape() == [m] => true,
            Some(b) => {
                return Err(Error::File {
                    path: file.path().to_path_buf(),
                    message: format!(
                        "'{name}.bias' has dtype {:?} and shape {:?}, but the weight [{m}, {k}] needs a float bias of shape [{m}]",
                        b.dtype(),
                        b.shape()
                    ),
                });
            }
        };
        linears.push(LinearSpec {
            name: name.to_string(),
            m,
            k,
            dtype: t.dtype(),
            bias,
        });
    }
    Ok((linears, skipped))
}
