//! The one boundary between the encoder and the model file: `Tensors::open`
//! opens `model.safetensors` as a [`Model`] (memory-mapped and validated:
//! offsets, overlaps, dtypes and sizes are checked there, not here), and
//! `Tensors::get` hands out one tensor as f32 by name, with its shape
//! checked against what the config says. F16 and BF16 weights convert.

use crate::error::{Error, Result};
use crate::model::Model;
use std::path::Path;

/// The tensors of a model file.
pub struct Tensors {
    model: Model,
}

impl Tensors {
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Self {
            model: Model::open(path)?,
        })
    }

    /// The tensor `name` as f32, which must have shape `shape`. Checkpoints
    /// saved from `BertForX` prefix every name with `bert.`; both spellings
    /// are accepted.
    pub fn get(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>> {
        let view = self
            .model
            .tensor(name)
            .or_else(|e| self.model.tensor(&format!("bert.{name}")).map_err(|_| e))?;
        if view.shape() != shape {
            return Err(Error::File {
                path: self.model.path().to_path_buf(),
                message: format!(
                    "tensor '{name}' has shape {:?}, but the config needs {shape:?}",
                    view.shape()
                ),
            });
        }
        Ok(view.to_f32()?.into_owned())
    }
}
