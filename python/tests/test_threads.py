"""Python threads calling one layer at the same time: the GIL is released
around the kernel, and concurrent calls give the results of sequential
ones."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

import sparsejit
from conftest import block_sparse


def test_concurrent_calls_on_one_layer_match_sequential_calls(rng):
    w = block_sparse(384, 256, "4x1", 0.8, seed=3)
    b = rng.standard_normal(384).astype(np.float32)
    inputs = [rng.standard_normal((n, 256)).astype(np.float32) for n in (1, 7, 16, 64, 129) * 8]
    for threads in (1, 2):
        layer = sparsejit.Linear(w, b, threads=threads)
        want = [layer(x) for x in inputs]
        with ThreadPoolExecutor(max_workers=4) as pool:
            got = list(pool.map(layer, inputs))
            # forward(out=...) too, each call into its own array.
            outs = [np.empty((x.shape[0], 384), np.float32) for x in inputs]
            list(pool.map(lambda xo: layer.forward(xo[0], out=xo[1]), zip(inputs, outs)))
        for g, o, e in zip(got, outs, want):
            np.testing.assert_array_equal(g, e)
            np.testing.assert_array_equal(o, e)


def test_the_gil_is_released_during_the_kernel(rng):
    # A layer call long enough (tens of ms) to see: while it runs, another
    # Python thread must get to run Python code. With the GIL held during
    # the call, no bytecode runs in other threads between start and end.
    w = block_sparse(1024, 1024, "4x1", 0.5, seed=4)
    layer = sparsejit.Linear(w, min_sparsity=0.0)
    x = rng.standard_normal((2048, 1024)).astype(np.float32)
    layer(x[:16])  # warm up
    stamps, stop = [], threading.Event()

    def tick():
        while not stop.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0)

    t = threading.Thread(target=tick)
    t.start()
    try:
        time.sleep(0.01)
        start = time.perf_counter()
        layer(x)
        end = time.perf_counter()
    finally:
        stop.set()
        t.join()
    inside = [s for s in stamps if start < s < end]
    assert end - start > 0.005, "the call was too short to tell"
    assert len(inside) > 10, f"{len(inside)} ticks of another thread during a {end - start:.3f} s call"
