//! The one boundary between the encoder and the model file: `Tensors::open`
//! reads `model.safetensors` as a [`Model`] (validated: offsets, overlaps,
//! dtypes and sizes are checked there, not here), and
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
    /// Reads the file into memory rather than mapping it (`Model::read`):
    /// a server that reloads its model while the file is being replaced in
    /// place must not die of SIGBUS halfway through a load. Every tensor is
    /// copied out anyway, and the copy is dropped with `Tensors` when
    /// `Encoder::load` returns.
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Self {
            model: Model::read(path)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::safetensors::{Dtype, TensorBytes, write_atomic};
    use std::borrow::Cow;

    /// Truncating the file after it was opened changes nothing.
    #[test]
    fn tensors_do_not_read_the_file_after_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        let v: Vec<f32> = (0..4096).map(|i| i as f32).collect();
        let t = TensorBytes {
            name: "w".into(),
            dtype: Dtype::F32,
            shape: vec![64, 64],
            bytes: Cow::Owned(bytemuck::cast_slice(&v).to_vec()),
        };
        write_atomic(&path, vec![t], None).unwrap();
        let tensors = Tensors::open(&path).unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(0)
            .unwrap();
        assert_eq!(tensors.get("w", &[64, 64]).unwrap(), v);
    }
}
