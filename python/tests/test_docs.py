"""The self-contained examples in the docstrings run and print what they
show (the others need a model file or names from around them)."""

import doctest

import numpy as np
import torch

import sparsejit
import sparsejit.torch as sjt


def run_examples(obj, name):
    globs = {"np": np, "sparsejit": sparsejit, "torch": torch, "SparseLinear": sjt.SparseLinear}
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(obj, name, globs=globs)
    assert tests and tests[0].examples, f"{name} has no examples"
    for t in tests:
        runner.run(t)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_package_example():
    run_examples(sparsejit, "sparsejit")


def test_prune_example():
    run_examples(sparsejit.prune, "sparsejit.prune")


def test_sparse_linear_example():
    run_examples(sjt.SparseLinear, "sparsejit.torch.SparseLinear")
