//! `sparsejit.load(path)`: a safetensors model through the Rust loader
//! (memory-mapped, the whole header validated before any tensor is read,
//! the same errors as the CLI), and `Model.compile`, which returns the
//! compiled layers by name.

use crate::errors::OrPy;
use crate::linear::{Linear, compile_options};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::exceptions::{PyFileNotFoundError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use sparsejit::model::closest_names;
use std::path::PathBuf;

/// Opens and validates a safetensors file and finds its linear layers: a
/// 2-D float tensor ``NAME.weight`` (``[out_features, in_features]``, F32,
/// or F16/BF16 converted to float32) with ``NAME.bias`` as its bias when
/// present. Embedding tables are listed in ``skipped``, never compiled.
///
/// A corrupt or truncated file is a ``ValueError`` naming the file and the
/// rule it breaks; a missing one is a ``FileNotFoundError``.
///
/// Example:
///     >>> model = sparsejit.load(".cache/minilm/model.safetensors")
///     >>> layers = model.compile(block="4x1")
///     >>> fc = layers["encoder.layer.0.intermediate.dense"]
///     >>> y = fc(np.ones((8, fc.in_features), np.float32))
#[pyfunction]
pub fn load(py: Python<'_>, path: PathBuf) -> PyResult<Model> {
    if let Err(e) = std::fs::metadata(&path)
        && e.kind() == std::io::ErrorKind::NotFound
    {
        return Err(PyFileNotFoundError::new_err(format!(
            "{}: no such file",
            path.display()
        )));
    }
    let model = py.detach(|| sparsejit::Model::open(&path)).or_py()?;
    Ok(Model { model })
}

/// A validated, memory-mapped safetensors model (see ``sparsejit.load``).
#[pyclass(module = "sparsejit", name = "Model", frozen)]
pub struct Model {
    model: sparsejit::Model,
}

#[pymethods]
impl Model {
    #[getter]
    fn path(&self) -> String {
        self.model.path().display().to_string()
    }

    /// The linear layers' names, sorted.
    #[getter]
    fn layer_names(&self) -> Vec<String> {
        self.model
            .linears()
            .iter()
            .map(|l| l.name.clone())
            .collect()
    }

    /// One dict per linear layer: ``name``, ``out_features``,
    /// ``in_features``, ``dtype`` and ``bias`` (whether it has one).
    #[getter]
    fn linears<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for l in self.model.linears() {
            let d = PyDict::new(py);
            d.set_item("name", &l.name)?;
            d.set_item("out_features", l.m)?;
            d.set_item("in_features", l.k)?;
            d.set_item("dtype", format!("{:?}", l.dtype))?;
            d.set_item("bias", l.bias)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// ``(name, reason)`` for each ``.weight`` tensor that is not compiled.
    #[getter]
    fn skipped(&self) -> Vec<(String, String)> {
        self.model
            .skipped()
            .iter()
            .map(|s| (s.name.clone(), s.reason.clone()))
            .collect()
    }

    /// A layer's weight ``[M, K]`` and bias ``[M]`` (or None) as float32
    /// copies.
    fn weights<'py>(
        &self,
        py: Python<'py>,
        name: &str,
    ) -> PyResult<(Bound<'py, PyAny>, Option<Bound<'py, PyAny>>)> {
        let spec = self.model.linear(name).or_py()?;
        let (w, b) = self.model.weights(name).or_py()?;
        let w = PyArray1::from_slice(py, &w).reshape([spec.m, spec.k])?;
        let b = b.map(|b| PyArray1::from_slice(py, &b).into_any());
        Ok((w.into_any(), b))
    }

    /// Compiles every linear layer (or those named in ``layers``) and
    /// returns them by name as a ``Layers`` mapping of ``Linear``.
    ///
    /// ``block``, ``isa``, ``min_sparsity``, ``threads``, ``activation`` and
    /// ``dtype`` are those of ``Linear``; ``tune=N`` times the JIT, generic and dense
    /// kernels on N tokens per layer and runs the fastest (``layer.tuning``
    /// tells the times). The GIL is released while compiling.
    ///
    /// Example:
    ///     >>> layers = model.compile(block="4x1", tune=128)
    ///     >>> layers["encoder.layer.0.intermediate.dense"].kernel
    ///     'jit'
    #[pyo3(signature = (*, block="4x1", tune=None, isa=None, min_sparsity=0.5, threads=1,
                        activation="none", layers=None, dtype=None))]
    #[allow(clippy::too_many_arguments)]
    fn compile(
        &self,
        py: Python<'_>,
        block: &str,
        tune: Option<usize>,
        isa: Option<&str>,
        min_sparsity: f64,
        threads: i64,
        activation: &str,
        layers: Option<Vec<String>>,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Layers> {
        let mut opts = compile_options(block, activation, threads, isa, min_sparsity, tune)?;
        opts.dtype = crate::linear::parse_dtype(py, dtype)?;
        let names: Vec<String> = match layers {
            Some(names) => names,
            None => self.layer_names(),
        };
        let model = &self.model;
        let compiled = py
            .detach(|| {
                names
                    .iter()
                    .map(|n| {
                        let bias = model.linear(n)?.bias;
                        Ok((model.compile_layer(n, &opts)?, bias))
                    })
                    .collect::<sparsejit::Result<Vec<_>>>()
            })
            .or_py()?;
        let mut entries = Vec::with_capacity(compiled.len());
        for (layer, bias) in compiled {
            let name = layer.name().to_string();
            let linear = Linear::from_layer(layer, bias);
            linear.warn_non_finite(py)?;
            entries.push((name, Py::new(py, linear)?));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        Ok(Layers { entries })
    }

    fn __repr__(&self) -> String {
        format!(
            "Model('{}', {} linear layers, {} skipped)",
            self.model.path().display(),
            self.model.linears().len(),
            self.model.skipped().len()
        )
    }
}

/// A model's compiled layers by name (a read-only
/// ``collections.abc.Mapping`` of ``str`` to ``Linear``, sorted by name).
/// An unknown name is a ``KeyError`` that lists the closest names.
#[pyclass(module = "sparsejit", name = "Layers", frozen, mapping)]
pub struct Layers {
    /// Sorted by name, unique.
    entries: Vec<(String, Py<Linear>)>,
}

impl Layers {
    fn find(&self, name: &str) -> Option<&Py<Linear>> {
        self.entries
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| &self.entries[i].1)
    }
}

#[pymethods]
impl Layers {
    fn __getitem__(&self, py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<Py<Linear>> {
        let key: String = name.extract().map_err(|_| {
            PyKeyError::new_err(format!("layer names are str, not {}", name.get_type()))
        })?;
        match self.find(&key) {
            Some(l) => Ok(l.clone_ref(py)),
            None => {
                let names: Vec<&str> = self.entries.iter().map(|(n, _)| n.as_str()).collect();
                Err(PyKeyError::new_err(format!(
                    "no layer named '{key}'{}",
                    closest_names(&key, &names)
                )))
            }
        }
    }

    fn __len__(&self) -> usize {
        self.entries.len()
    }

    fn __contains__(&self, name: &Bound<'_, PyAny>) -> bool {
        name.extract::<String>()
            .is_ok_and(|n| self.find(&n).is_some())
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyList::new(py, self.entries.iter().map(|(n, _)| n))?
            .try_iter()
            .map(Bound::into_any)
    }

    fn keys(&self) -> Vec<String> {
        self.entries.iter().map(|(n, _)| n.clone()).collect()
    }

    fn values(&self, py: Python<'_>) -> Vec<Py<Linear>> {
        self.entries.iter().map(|(_, l)| l.clone_ref(py)).collect()
    }

    fn items<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyTuple>>> {
        self.entries
            .iter()
            .map(|(n, l)| {
                PyTuple::new(
                    py,
                    [
                        n.into_pyobject(py)?.into_any(),
                        l.bind(py).clone().into_any(),
                    ],
                )
            })
            .collect()
    }

    #[pyo3(signature = (name, default=None))]
    fn get(&self, py: Python<'_>, name: &str, default: Option<Py<PyAny>>) -> Option<Py<PyAny>> {
        match self.find(name) {
            Some(l) => Some(l.clone_ref(py).into_any()),
            None => default,
        }
    }

    /// Bytes of generated code over all layers.
    #[getter]
    fn code_bytes(&self) -> usize {
        self.entries
            .iter()
            .map(|(_, l)| l.get().layer().code_bytes())
            .sum()
    }

    fn __repr__(&self) -> String {
        let shown: Vec<&str> = self
            .entries
            .iter()
            .take(3)
            .map(|(n, _)| n.as_str())
            .collect();
        let more = if self.entries.len() > 3 { ", ..." } else { "" };
        format!(
            "Layers({} layers: {}{more})",
            self.entries.len(),
            shown.join(", ")
        )
    }
}
