"""sparsejit: block-sparse linear layers compiled to x86-64 code.

Each weight's sparsity pattern is known when the layer is built, so instead
of a generic sparse kernel that reads indices at run time, sparsejit emits
machine code (AVX-512 or AVX2+FMA) per matrix with every nonzero's address
baked in. This package is the Python face of the Rust library:

- ``Linear(weight, bias, block="4x1", activation="gelu")``: one layer,
  ``layer(x)`` on numpy arrays (or torch CPU tensors) of shape ``[..., K]``.
- ``load("model.safetensors").compile()``: every linear layer of a file.
- ``bench(weight)``: JIT against generic sparse against dense, in one run.
- ``prune(weight, 0.9)``: one-shot block magnitude pruning.
- ``sparsejit.torch``: ``SparseLinear.from_linear`` and ``sparsify(model)``
  for PyTorch and Hugging Face models (imported on demand: it needs torch).

Example:
    >>> import numpy as np, sparsejit
    >>> w = sparsejit.prune(np.random.rand(256, 128).astype(np.float32), 0.9)
    >>> layer = sparsejit.Linear(w, block="4x1")
    >>> x = np.random.rand(16, 128).astype(np.float32)
    >>> bool(np.allclose(layer(x), x @ w.T, atol=1e-4))
    True
"""

from collections.abc import Mapping as _Mapping

from ._sparsejit import Layers, Linear, Model, __version__, bench, load, prune

# Layers implements the Mapping protocol in Rust; registering it makes
# isinstance(layers, Mapping) true and dict(layers) work as expected.
_Mapping.register(Layers)

__all__ = ["Layers", "Linear", "Model", "__version__", "bench", "load", "prune"]
