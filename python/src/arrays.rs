//! Arrays across the boundary: what the layers accept, and when a copy is
//! made.
//!
//! - **Inputs** (`x`): a float32 numpy array that is C-contiguous and
//!   aligned is read in place. Anything else goes through
//!   `numpy.asarray`, which views torch CPU tensors, buffer-protocol objects
//!   and other `__array__` providers without a copy; a strided (transposed,
//!   sliced) or unaligned result is then copied once into C order, the only
//!   layout the kernels read. Any dtype but float32 is a `TypeError`: a
//!   silent conversion would cost a copy on every call and hide a mistake
//!   that `torch.nn.Linear` also rejects.
//! - **Weights and biases** are read once, when a layer is compiled, so any
//!   real floating dtype (float16, float32, float64) is accepted and
//!   converted to float32; integers and the rest are a `TypeError`.
//! - **Outputs** given with `out=` must be float32 numpy arrays, C-contiguous,
//!   aligned and writeable, of exactly the output shape: the kernel writes
//!   them in place, and a layout it cannot write is an error, never a copy
//!   that would leave `out` untouched.

use numpy::{PyArrayDyn, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

/// The `numpy` module, imported once.
pub fn numpy(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static NUMPY: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    NUMPY
        .get_or_try_init(py, || py.import("numpy").map(Bound::unbind))
        .map(|m| m.bind(py))
}

/// Whether the kernels can read (or write) `a` in place.
fn in_place(a: &Bound<'_, PyArrayDyn<f32>>) -> bool {
    a.is_c_contiguous() && a.is_aligned()
}

/// `numpy.asarray(obj)` as an untyped array.
fn as_ndarray<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyUntypedArray>> {
    let arr = numpy(obj.py())?.call_method1("asarray", (obj,))?;
    arr.cast_into::<PyUntypedArray>().map_err(|e| {
        PyTypeError::new_err(format!(
            "numpy.asarray gave a {} instead of an array",
            e.into_inner().get_type()
        ))
    })
}

fn dtype_name(a: &Bound<'_, PyUntypedArray>) -> PyResult<String> {
    a.dtype().getattr("name")?.extract()
}

/// The input `x` as a C-contiguous, aligned float32 array (see the module
/// docs for when that is `x` itself).
pub fn input<'py>(x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyArrayDyn<f32>>> {
    // The hot path: a float32 ndarray in C order, taken as it is.
    if let Ok(a) = x.cast::<PyArrayDyn<f32>>()
        && in_place(a)
    {
        return Ok(a.clone());
    }
    let np = numpy(x.py())?;
    let arr = as_ndarray(x)?;
    let dtype = dtype_name(&arr)?;
    if dtype != "float32" {
        return Err(PyTypeError::new_err(format!(
            "x has dtype {dtype}, but sparsejit layers compute in float32: \
             pass x.astype(numpy.float32) (for a torch tensor, x.float())"
        )));
    }
    // Strided, unaligned or byte-swapped float32: one copy into a fresh
    // native-order C array (`require` copies only when it must).
    let fixed = np.call_method1("require", (arr, np.getattr("float32")?, "CA"))?;
    Ok(fixed.cast_into::<PyArrayDyn<f32>>()?)
}

/// A weight or bias as a C-contiguous float32 array of rank `rank`,
/// converted from any real floating dtype.
pub fn parameter<'py>(
    obj: &Bound<'py, PyAny>,
    what: &str,
    rank: usize,
    shape_hint: &str,
) -> PyResult<Bound<'py, PyArrayDyn<f32>>> {
    let np = numpy(obj.py())?;
    let arr = as_ndarray(obj)?;
    let kind: String = arr.dtype().getattr("kind")?.extract()?;
    if kind != "f" {
        return Err(PyTypeError::new_err(format!(
            "{what} has dtype {}, but a float array is needed (float32, or float16/float64, \
             converted to float32): pass {what}.astype(numpy.float32)",
            dtype_name(&arr)?
        )));
    }
    if arr.ndim() != rank {
        return Err(PyValueError::new_err(format!(
            "{what} has shape {:?}, but it must be {shape_hint}",
            arr.shape()
        )));
    }
    // Converts the dtype and makes a C-order, aligned copy only if needed.
    let fixed = np.call_method1("require", (arr, np.getattr("float32")?, "CA"))?;
    Ok(fixed.cast_into::<PyArrayDyn<f32>>()?)
}

/// Checks that `out` can receive an output of `shape` in place.
pub fn output<'py>(
    out: &Bound<'py, PyAny>,
    shape: &[usize],
) -> PyResult<Bound<'py, PyArrayDyn<f32>>> {
    let Ok(a) = out.cast::<PyArrayDyn<f32>>() else {
        let what = match out.cast::<PyUntypedArray>() {
            Ok(u) => format!("an array of dtype {}", dtype_name(u)?),
            Err(_) => format!("a {}", out.get_type()),
        };
        return Err(PyTypeError::new_err(format!(
            "out must be a float32 numpy.ndarray, but it is {what}: \
             allocate it with numpy.empty({shape:?}, dtype=numpy.float32)"
        )));
    };
    if a.shape() != shape {
        return Err(PyValueError::new_err(format!(
            "out has shape {:?}, but this input gives an output of shape {shape:?}",
            a.shape()
        )));
    }
    if !in_place(a) {
        return Err(PyValueError::new_err(
            "out must be C-contiguous and aligned (the kernel writes it in place): \
             pass numpy.empty(shape, dtype=numpy.float32) or numpy.ascontiguousarray(out)",
        ));
    }
    Ok(a.clone())
}
