//! The one boundary between the encoder and the model file: `Tensors::open`
//! reads `model.safetensors`, and `Tensors::get` hands out one f32 tensor
//! by name, with its shape checked against what the config says.
//!
//! Interim: this reads the file with the `safetensors` crate until
//! `sparsejit::Model` (memory-mapped, validated loading) lands on main; then
//! this module switches to `Model` and nothing else in `bert/` changes.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The f32 tensors of a safetensors file.
pub struct Tensors {
    path: PathBuf,
    tensors: HashMap<String, (Vec<usize>, Vec<f32>)>,
}

impl Tensors {
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Self {
            path: path.to_path_buf(),
            tensors: load_tensors(path)?,
        })
    }

    /// The tensor `name` as f32, which must have shape `shape`. Checkpoints
    /// saved from `BertForX` prefix every name with `bert.`; both spellings
    /// are accepted.
    pub fn get(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>> {
        let (have, data) = self
            .tensors
            .get(name)
            .or_else(|| self.tensors.get(&format!("bert.{name}")))
            .ok_or_else(|| self.fail(format!("has no tensor '{name}'")))?;
        if have != shape {
            return Err(self.fail(format!(
                "tensor '{name}' has shape {have:?}, but the config needs {shape:?}"
            )));
        }
        Ok(data.clone())
    }

    fn fail(&self, message: String) -> Error {
        Error::File {
            path: self.path.clone(),
            message,
        }
    }
}

/// Every F32 tensor in the file, by name (other dtypes are left out: the
/// encoder only asks for f32 weights, and a missing one is reported by name).
fn load_tensors(path: &Path) -> Result<HashMap<String, (Vec<usize>, Vec<f32>)>> {
    let fail = |message: String| Error::File {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    let st = safetensors::SafeTensors::deserialize(&bytes)
        .map_err(|e| fail(format!("not a valid safetensors file: {e}")))?;
    let mut out = HashMap::new();
    for (name, view) in st.tensors() {
        if view.dtype() != safetensors::Dtype::F32 {
            continue;
        }
        let data: Vec<f32> = view
            .data()
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        out.insert(name, (view.shape().to_vec(), data));
    }
    Ok(out)
}
