//! `sparsejit::Error` as Python exceptions, carrying the Rust message.
//!
//! What is wrong with an argument or a file is a `ValueError` (a bad
//! shape, block, ISA, sparsity or safetensors file: the caller can fix the
//! value); failing I/O is an `OSError`; a code generator that fails on
//! valid input is a bug, a `RuntimeError`. Wrong types (`TypeError`) are
//! caught in `arrays` before any Rust call, since `sparsejit::Error` has no
//! notion of Python types.

use pyo3::PyErr;
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use sparsejit::Error;

pub fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    match e {
        Error::Io(_) => PyOSError::new_err(msg),
        Error::Codegen(_) => PyRuntimeError::new_err(msg),
        // InvalidArgument, ShapeMismatch, Unsupported, NotFound, File, and
        // any variant added later: what the caller passed is wrong.
        _ => PyValueError::new_err(msg),
    }
}

/// `?` on a `sparsejit::Result` inside a PyO3 function.
pub trait OrPy<T> {
    fn or_py(self) -> pyo3::PyResult<T>;
}

impl<T> OrPy<T> for sparsejit::Result<T> {
    fn or_py(self) -> pyo3::PyResult<T> {
        self.map_err(to_py)
    }
}
