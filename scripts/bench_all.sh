#!/usr/bin/env bash
# Reruns every measurement in docs/benchmarks.md, in the order the document
# gives them, and prints each command before its output. About 5 minutes
# on a 2-core machine; run it on an idle one. Ratios within one command's
# output are what to compare: absolute times drift between runs.
#
#   scripts/bench_all.sh            # everything
#   scripts/bench_all.sh kernels    # only the single-layer benchmarks
#   scripts/bench_all.sh model      # only the MiniLM passes (fetches the model)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
case "$what" in all | kernels | model) ;; *)
    echo "usage: scripts/bench_all.sh [all|kernels|model]" >&2
    exit 2
    ;;
esac

cargo build --release --quiet
sj=./target/release/sparsejit
run() {
    echo "\$ sparsejit $*"
    "$sj" "$@"
    echo
}

run info
if [ "$what" != model ]; then
    run bench --sweep --budget-ms 250 --svg docs/speedup-768x768x128.svg
    run bench --sweep --shape 3072x768x128 --budget-ms 250 --svg docs/speedup-3072x768x128.svg
    # The BERT shape set, 4x1 blocks, one thread: the default (best) ISA,
    # then the AVX2 kernels.
    for isa in auto avx2; do
        for s in 768x768 3072x768 768x3072 256x256 1024x256 256x1024; do
            for n in 128 512; do
                for sp in 0.7 0.9; do
                    run bench --shape "${s}x$n" --sparsity "$sp" --budget-ms 200 --isa "$isa"
                done
            done
        done
    done
    # Register tiles of the AVX-512 family (rows x 8-token vectors).
    if "$sj" info | grep -q "ISA chosen: avx512"; then
        for tile in 4x4 4x2 8x2 8x4 4x6 16x2; do
            for shape in 3072x768x128 768x768x128 3072x768x512; do
                for sp in 0.7 0.9; do
                    run bench --shape "$shape" --sparsity "$sp" --budget-ms 150 --tile "$tile"
                done
            done
        done
    fi
    # Two threads against one, N = 512, 90%.
    for s in 768x768 3072x768 768x3072 256x256 1024x256 256x1024; do
        for t in 1 2; do
            run bench --shape "${s}x512" --sparsity 0.9 --threads "$t" --budget-ms 300
        done
    done
fi
if [ "$what" != kernels ]; then
    bash scripts/fetch_minilm.sh
    for sp in 0.9 0.7; do
        for b in 1 8; do
            run bench-model .cache/minilm --prune "$sp" --block 4x1 --seq 128 --batch "$b"
        done
    done
    for seq in 32 512; do
        run bench-model .cache/minilm --prune 0.9 --block 4x1 --seq "$seq" --batch 1 --kernels jit,generic
    done
fi
