"""PyTorch front end: sparsejit layers as ``torch.nn.Module``s.

- ``SparseLinear.from_linear(nn.Linear)`` compiles one layer's weight into a
  JIT kernel and runs it on CPU float32 tensors.
- ``sparsify(model)`` replaces every eligible ``nn.Linear`` of a model in
  place (a Hugging Face ``BertModel``, for example) and reports which layers
  were replaced and which were kept, and why.
- ``prune(model, 0.9)`` zeroes blocks of every ``nn.Linear`` weight (one-shot
  magnitude pruning, as ``sparsejit prune``), to make sparse weights to try
  this on.

Inference only: the kernels have no backward. A forward with grad mode on
and an input that requires grad raises instead of silently cutting the
autograd graph; run the model under ``torch.no_grad()`` or
``torch.inference_mode()``.

Example (all-MiniLM-L6-v2 from a local folder; pruning a dense-trained
model without fine-tuning ruins its accuracy, so this shows speed, not a
model to deploy):
    >>> import torch, sparsejit.torch
    >>> from transformers import AutoModel, AutoTokenizer
    >>> tok = AutoTokenizer.from_pretrained(".cache/minilm")
    >>> model = AutoModel.from_pretrained(".cache/minilm").eval()
    >>> sparsejit.torch.prune(model, 0.9, block="4x1")      # doctest: +SKIP
    >>> report = sparsejit.torch.sparsify(model, block="4x1")
    >>> print(report)                                         # doctest: +SKIP
    >>> with torch.inference_mode():
    ...     out = model(**tok(["A cat sits on the mat."], return_tensors="pt"))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import torch
from torch import nn

import sparsejit

__all__ = ["SparseLinear", "SparsifyReport", "ReplacedLayer", "KeptLayer", "sparsify", "prune"]


class SparseLinear(nn.Module):
    """A ``torch.nn.Linear`` (then an optional fused activation) that runs a
    sparsejit kernel: ``y = act(x @ W.T + b)`` for CPU float32 ``x`` of
    shape ``[..., in_features]``.

    Build it with ``SparseLinear.from_linear(linear, ...)``, or wrap an
    existing ``sparsejit.Linear`` (for example one from
    ``sparsejit.load(...).compile()``) with ``SparseLinear(layer)``.

    The weight is compiled when the module is built; it holds no
    ``nn.Parameter`` and no copy of the dense weight. Tensors cross into the
    kernel without copies (a non-contiguous input is copied once), and the
    output is a new tensor sharing the kernel's output buffer.

    Example:
        >>> lin = torch.nn.Linear(768, 768)
        >>> with torch.no_grad():
        ...     _ = lin.weight.mul_(torch.rand(768, 768) > 0.9)   # 90% zeros
        >>> sp = SparseLinear.from_linear(lin, block="1x1")
        >>> x = torch.randn(128, 768)
        >>> with torch.no_grad():
        ...     torch.allclose(sp(x), lin(x), atol=1e-4)
        True
    """

    def __init__(self, layer: sparsejit.Linear):
        super().__init__()
        if not isinstance(layer, sparsejit.Linear):
            raise TypeError(
                f"SparseLinear wraps a sparsejit.Linear, not {type(layer).__name__}: "
                "use SparseLinear.from_linear(nn.Linear) for a torch layer"
            )
        self.layer = layer
        self.in_features = layer.in_features
        self.out_features = layer.out_features

    @classmethod
    def from_linear(
        cls,
        linear: nn.Linear,
        *,
        block: str = "4x1",
        activation: str = "none",
        threads: int = 1,
        isa: Optional[str] = None,
        min_sparsity: float = 0.5,
        name: Optional[str] = None,
    ) -> "SparseLinear":
        """Compiles ``linear``'s weight and bias (CPU float32; anything else
        is a ``TypeError``). The options are those of ``sparsejit.Linear``;
        a weight less sparse than ``min_sparsity`` runs a dense GEMM."""
        if not isinstance(linear, nn.Linear):
            raise TypeError(f"from_linear takes a torch.nn.Linear, not {type(linear).__name__}")
        w = linear.weight
        problem = _not_cpu_float32(w)
        if problem:
            raise TypeError(
                f"{name or 'linear'}: the weight is {problem}, but sparsejit compiles CPU float32 "
                "weights: call linear.float().cpu() first"
            )
        bias = None if linear.bias is None else linear.bias.detach().numpy()
        layer = sparsejit.Linear(
            w.detach().numpy(),
            bias,
            block=block,
            activation=activation,
            threads=threads,
            isa=isa,
            min_sparsity=min_sparsity,
            name=name or "linear",
        )
        return cls(layer)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # The checks are ordered and written for speed: this runs once per
        # layer per forward pass (x.is_cpu is cheaper than x.device.type).
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"{self.layer.name}: input must be a torch.Tensor, not {type(x).__name__}")
        if x.dtype is not torch.float32 or not x.is_cpu:
            raise TypeError(
                f"{self.layer.name}: sparsejit runs CPU float32 tensors, but the input is "
                f"{_not_cpu_float32(x)}: pass x.to('cpu', torch.float32) "
                "(or run this model on the CPU in float32)"
            )
        if x.requires_grad:
            if torch.is_grad_enabled():
                raise RuntimeError(
                    f"{self.layer.name}: sparsejit.torch.SparseLinear is inference-only (its kernel "
                    "has no backward), but the input requires grad and grad mode is on: run the "
                    "model under torch.no_grad() or torch.inference_mode(), or pass x.detach()"
                )
            x = x.detach()
        # .numpy() views the tensor's memory; from_numpy views the result's.
        return torch.from_numpy(self.layer(x.numpy()))

    def extra_repr(self) -> str:
        l = self.layer
        return (
            f"in_features={l.in_features}, out_features={l.out_features}, bias={l.has_bias}, "
            f"block={l.block}, sparsity={l.sparsity:.3f}, kernel={l.kernel_name}, "
            f"code_bytes={l.code_bytes}"
        )


def _not_cpu_float32(t: torch.Tensor) -> Optional[str]:
    """None for a CPU float32 tensor, else what it is ("torch.float16 on cuda:0")."""
    if t.dtype == torch.float32 and t.device.type == "cpu":
        return None
    return f"{t.dtype} on {t.device}"


@dataclass
class ReplacedLayer:
    """An ``nn.Linear`` that ``sparsify`` replaced by a ``SparseLinear``."""

    name: str
    shape: Tuple[int, int]
    sparsity: float
    kernel: str
    kernel_name: str
    code_bytes: int
    compile_ms: float
    #: The activation fused into the kernel ("none", "relu", "gelu"); the
    #: module that applied it became an ``nn.Identity`` (see ``sparsify``).
    activation: str = "none"


@dataclass
class KeptLayer:
    """An ``nn.Linear`` that ``sparsify`` left as it was, and why."""

    name: str
    reason: str


@dataclass
class SparsifyReport:
    """What ``sparsify`` did: ``replaced`` and ``kept`` layers, by module
    name. ``str(report)`` is a table."""

    replaced: List[ReplacedLayer] = field(default_factory=list)
    kept: List[KeptLayer] = field(default_factory=list)

    @property
    def code_bytes(self) -> int:
        """Generated code over all replaced layers."""
        return sum(r.code_bytes for r in self.replaced)

    def __str__(self) -> str:
        lines = [f"sparsify: replaced {len(self.replaced)} nn.Linear, kept {len(self.kept)}"]
        if self.replaced:
            width = max(len(r.name) for r in self.replaced)
            lines.append(f"{'replaced':<{width}}  shape      sparsity  code bytes  kernel")
            for r in self.replaced:
                shape = f"{r.shape[0]}x{r.shape[1]}"
                lines.append(
                    f"{r.name:<{width}}  {shape:<9}  {r.sparsity:8.3f}  {r.code_bytes:10}  {r.kernel_name}"
                )
            fused = sum(r.activation != "none" for r in self.replaced)
            if fused:
                lines.append(f"{fused} activations fused into their kernels")
        for k in self.kept:
            lines.append(f"kept {k.name}: {k.reason}")
        lines.append(f"total JIT code: {self.code_bytes} bytes")
        return "\n".join(lines)


def sparsify(
    model: nn.Module,
    block: str = "4x1",
    min_sparsity: float = 0.5,
    *,
    threads: int = 1,
    isa: Optional[str] = None,
    fuse_activations: bool = False,
) -> SparsifyReport:
    """Replaces, in place, every eligible ``nn.Linear`` of ``model`` by a
    ``SparseLinear`` compiled from its weights, and returns a
    ``SparsifyReport``.

    A layer is kept as it is (with the reason in ``report.kept``) when its
    weight is not CPU float32, when it is less sparse than ``min_sparsity``
    (PyTorch's dense kernel is the faster there), or when it belongs to an
    ``nn.MultiheadAttention``, which reads the weight directly instead of
    calling the module. The replaced layers are inference-only.

    With ``fuse_activations=True``, an activation that always and only
    follows a replaced layer is computed in the kernel's store instead of in
    a pass of its own over the output, and its module becomes an
    ``nn.Identity``: an ``nn.ReLU`` or exact ``nn.GELU`` right after the
    ``nn.Linear`` in an ``nn.Sequential``, and the ``intermediate_act_fn``
    (exact GELU or ReLU) of Hugging Face's ``*Intermediate`` modules (BERT,
    RoBERTa, ...), which apply it to ``dense``'s output and nothing else.
    The fused GELU is the library's erf approximation (within 3e-7 of the
    exact GELU, relative to max(1, |x|), and PyTorch's own bits where erf
    saturates: x, -0, NaN at -inf). It is off by default: on the machine
    measured (AVX2, all-MiniLM-L6-v2 at 90%, see the README) it made no
    difference at batch 1 and between -7% and +13% at batch 8.

    Example:
        >>> report = sparsejit.torch.sparsify(bert, block="4x1")
        >>> len(report.replaced), report.kept[:1]      # doctest: +SKIP
        (37, [])
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"sparsify takes a torch.nn.Module, not {type(model).__name__}")
    if not 0.0 <= min_sparsity <= 1.0:
        raise ValueError(f"min_sparsity {min_sparsity} is outside 0..1")
    report = SparsifyReport()
    if isinstance(model, nn.Linear):
        report.kept.append(
            KeptLayer("", "the model itself is an nn.Linear: use SparseLinear.from_linear(model)")
        )
        return report
    # Collect first: replacing while iterating named_modules would change it.
    targets = [
        (name, module)
        for name, module in model.named_modules()
        if isinstance(module, nn.Linear) and name
    ]
    parents = {name: module for name, module in model.named_modules()}
    for name, linear in targets:
        parent_name, _, child = name.rpartition(".")
        parent = parents[parent_name] if parent_name else model
        reason = _keep_reason(linear, parent, min_sparsity)
        if reason:
            report.kept.append(KeptLayer(name, reason))
            continue
        fused = _fusable_activation(parent, child) if fuse_activations else None
        sparse = SparseLinear.from_linear(
            linear,
            block=block,
            activation=fused[0] if fused else "none",
            threads=threads,
            isa=isa,
            min_sparsity=min_sparsity,
            name=name,
        )
        setattr(parent, child, sparse)
        if fused:
            setattr(parent, fused[1], nn.Identity())
        l = sparse.layer
        report.replaced.append(
            ReplacedLayer(
                name=name,
                shape=(l.out_features, l.in_features),
                sparsity=l.sparsity,
                kernel=l.kernel,
                kernel_name=l.kernel_name,
                code_bytes=l.code_bytes,
                compile_ms=l.compile_ms,
                activation=l.activation,
            )
        )
    return report


def _activation_name(module: Optional[nn.Module]) -> Optional[str]:
    """"relu" or "gelu" for the activation modules the kernels compute
    exactly as PyTorch does, else None (tanh-GELU, SiLU, ... stay)."""
    if type(module) is nn.ReLU:
        return "relu"
    if type(module) is nn.GELU and module.approximate == "none":
        return "gelu"
    # transformers.activations.GELUActivation with the exact erf GELU
    # (by name: this module does not import transformers).
    if type(module).__name__ == "GELUActivation" and getattr(module, "act", None) is nn.functional.gelu:
        return "gelu"
    return None


def _fusable_activation(parent: nn.Module, child: str) -> Optional[Tuple[str, str]]:
    """(activation, attribute of the module to replace by nn.Identity)
    when the activation applied to ``parent.<child>``'s output, and to
    nothing else, can move into its kernel; see ``sparsify``."""
    if isinstance(parent, nn.Sequential):
        names = list(parent._modules)
        i = names.index(child)
        if i + 1 < len(names):
            act = _activation_name(parent._modules[names[i + 1]])
            if act:
                return act, names[i + 1]
        return None
    # Hugging Face's BertIntermediate and its copies (RobertaIntermediate,
    # ...): forward is intermediate_act_fn(dense(x)).
    if child == "dense" and type(parent).__name__.endswith("Intermediate"):
        act = _activation_name(getattr(parent, "intermediate_act_fn", None))
        if act:
            return act, "intermediate_act_fn"
    return None


def _keep_reason(linear: nn.Linear, parent: nn.Module, min_sparsity: float) -> Optional[str]:
    """Why ``linear`` must stay an ``nn.Linear``, or None to replace it."""
    if isinstance(parent, nn.MultiheadAttention):
        return "part of nn.MultiheadAttention, which uses the weight directly, not the module"
    problem = _not_cpu_float32(linear.weight)
    if problem:
        return f"weight is {problem}; sparsejit runs CPU float32"
    if linear.bias is not None and _not_cpu_float32(linear.bias):
        return f"bias is {_not_cpu_float32(linear.bias)}; sparsejit runs CPU float32"
    with torch.no_grad():
        sparsity = float((linear.weight == 0).sum()) / linear.weight.numel()
    if sparsity < min_sparsity:
        return (
            f"sparsity {sparsity:.3f} is under min_sparsity {min_sparsity}: "
            "PyTorch's dense kernel is faster there"
        )
    return None


def prune(model: nn.Module, sparsity: float, block: str = "4x1") -> List[str]:
    """Zeroes, in place, the ``sparsity`` fraction of ``block`` tiles with
    the smallest L2 norm in every CPU float32 ``nn.Linear`` weight of
    ``model`` (``sparsejit.prune``, the rule of ``sparsejit prune``), and
    returns the pruned layers' names.

    One-shot pruning without fine-tuning destroys a dense-trained model's
    accuracy: use it to make real sparsity patterns for timing and tests.
    """
    pruned = []
    with torch.no_grad():
        for name, module in model.named_modules():
            if isinstance(module, nn.Linear) and _not_cpu_float32(module.weight) is None:
                w = sparsejit.prune(module.weight.detach().numpy(), sparsity, block=block)
                module.weight.copy_(torch.from_numpy(w))
                pruned.append(name)
    return pruned
