"""Type stubs for the Rust extension behind ``sparsejit`` (see its docstrings)."""

import os
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union, final, overload

import numpy as np
import numpy.typing as npt

__all__ = ["Linear", "Model", "Layers", "load", "bench", "prune", "__version__"]
__version__: str

_ArrayLike = Union[npt.ArrayLike, Any]  # numpy arrays, torch CPU tensors, buffers
_F32Array = npt.NDArray[np.float32]

@final
class Linear:
    """A block-sparse linear layer compiled to x86-64 code:
    ``y = act(x @ weight.T + bias)``.

    Example:
        >>> layer = sparsejit.Linear(w, b, block="4x1", activation="gelu")
        >>> y = layer(x)                  # x [..., K] float32 -> y [..., M]
        >>> layer.forward(x, out=y)       # into an existing array
    """

    def __new__(
        cls,
        weight: _ArrayLike,
        bias: Optional[_ArrayLike] = None,
        *,
        block: str = "4x1",
        activation: str = "none",
        threads: int = 1,
        isa: Optional[str] = None,
        min_sparsity: float = 0.5,
        dtype: Union[str, np.dtype, type, None] = None,  # None: float32; or "int8"
        name: str = "linear",
    ) -> "Linear": ...
    def __call__(self, x: _ArrayLike) -> _F32Array:
        """A new ``[..., M]`` float32 array for float32 ``x`` ``[..., K]``."""
    def forward(self, x: _ArrayLike, *, out: Optional[_F32Array] = None) -> _F32Array:
        """Like ``layer(x)``; with ``out``, writes into it and returns it."""
    def disassemble(self, *, rows: Optional[str] = None, stats: bool = False) -> str:
        """The annotated listing (or, with ``stats``, the instruction mix)."""
    def raw_code(self) -> bytes:
        """The exact bytes of the generated code."""
    @property
    def code_end(self) -> Optional[int]: ...
    @property
    def in_features(self) -> int: ...
    @property
    def out_features(self) -> int: ...
    @property
    def shape(self) -> Tuple[int, int]: ...
    @property
    def name(self) -> str: ...
    @property
    def block(self) -> str: ...
    @property
    def activation(self) -> str: ...
    @property
    def threads(self) -> int: ...
    @property
    def has_bias(self) -> bool: ...
    @property
    def kernel(self) -> str:
        """``"jit"``, ``"generic"`` or ``"dense"``."""
    @property
    def kernel_name(self) -> str: ...
    @property
    def isa(self) -> Optional[str]: ...
    @property
    def sparsity(self) -> float: ...
    @property
    def nnz(self) -> int: ...
    @property
    def blocks(self) -> int: ...
    @property
    def code_bytes(self) -> int: ...
    @property
    def compile_ms(self) -> float: ...
    @property
    def cache_hit(self) -> Optional[bool]: ...
    @property
    def non_finite_weights(self) -> int: ...
    @property
    def tuning(self) -> Optional[Dict[str, Any]]:
        """``{"tokens", "jit_ms", "generic_ms", "dense_ms", "chosen"}`` after ``tune=N``."""
    def __copy__(self) -> "Linear": ...
    def __deepcopy__(self, memo: Any) -> "Linear": ...

@final
class Layers(Mapping[str, Linear]):
    """A model's compiled layers by name; unknown names raise ``KeyError``
    listing the closest ones."""

    def __getitem__(self, key: str, /) -> Linear: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def __contains__(self, key: object, /) -> bool: ...
    def keys(self) -> List[str]: ...  # type: ignore[override]
    def values(self) -> List[Linear]: ...  # type: ignore[override]
    def items(self) -> List[Tuple[str, Linear]]: ...  # type: ignore[override]
    @overload
    def get(self, name: str) -> Optional[Linear]: ...
    @overload
    def get(self, name: str, default: Any) -> Any: ...
    @property
    def code_bytes(self) -> int: ...

@final
class Model:
    """A validated, memory-mapped safetensors model."""

    @property
    def path(self) -> str: ...
    @property
    def layer_names(self) -> List[str]: ...
    @property
    def linears(self) -> List[Dict[str, Any]]: ...
    @property
    def skipped(self) -> List[Tuple[str, str]]: ...
    def weights(self, name: str) -> Tuple[_F32Array, Optional[_F32Array]]: ...
    def compile(
        self,
        *,
        block: str = "4x1",
        tune: Optional[int] = None,
        isa: Optional[str] = None,
        min_sparsity: float = 0.5,
        threads: int = 1,
        activation: str = "none",
        layers: Optional[Sequence[str]] = None,
        dtype: Union[str, np.dtype, type, None] = None,
    ) -> Layers: ...

def load(path: Union[str, os.PathLike]) -> Model:
    """Opens and validates a safetensors file (``ValueError`` when corrupt)."""

def bench(
    weight: _ArrayLike,
    n: int = 128,
    threads: int = 1,
    *,
    block: str = "4x1",
    budget_ms: int = 300,
    isa: Optional[str] = None,
    dense_ref: bool = False,
    name: Optional[str] = None,
    dtype: Union[str, np.dtype, type, None] = None,
) -> List[Dict[str, Any]]:
    """The rows of ``sparsejit bench --json`` for this weight."""

def prune(weight: _ArrayLike, sparsity: float, *, block: str = "4x1") -> _F32Array:
    """One-shot block magnitude pruning (a float32 copy)."""
