//! `sparsejit._sparsejit`: the Rust core of the `sparsejit` Python package.
//!
//! A thin layer over the `sparsejit` crate's public API: [`linear::Linear`]
//! wraps `sparsejit::Layer` (one compiled weight, with the dense fallback
//! under `min_sparsity`), [`model::Model`] wraps `sparsejit::Model`, and
//! [`bench`] runs `sparsejit::bench::bench_weights`. Everything that is
//! easier in Python (the PyTorch modules, `sparsify`) lives in the package's
//! `.py` files.
//!
//! Two rules hold throughout:
//! - arrays cross the boundary without copies where their layout allows
//!   (`arrays`), and
//! - the GIL is released (`Python::detach`) around compiling and around
//!   every kernel call, so Python threads can run layers at the same time.

mod arrays;
mod bench;
mod errors;
mod linear;
mod model;

use pyo3::prelude::*;

#[pymodule]
fn _sparsejit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<linear::Linear>()?;
    m.add_class::<model::Model>()?;
    m.add_class::<model::Layers>()?;
    m.add_function(wrap_pyfunction!(model::load, m)?)?;
    m.add_function(wrap_pyfunction!(bench::bench, m)?)?;
    m.add_function(wrap_pyfunction!(linear::prune, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
