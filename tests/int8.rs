//! INT8 kernels against the exact integer reference, bit for bit: every
//! INT8 family this machine runs (and each multiply-accumulate of the AVX2
//! family), on random shapes, all block shapes, sparsities 0 to 100%, N 1
//! to 600, bias, activations and threads; the saturation edges of
//! `vpmaddubsw`; models quantized elsewhere; and the error against fp32
//! within the bound derived from the scales (`reference::int8`).

mod common;

use common::{Case, isas_for};
use proptest::prelude::*;
use sparsejit::plan::{Dtype, IsaChoice, Mac, templates};
use sparsejit::quant::QuantizedWeights;
use sparsejit::reference::{self, int8};
use sparsejit::{Activation, BlockShape, BsrMatrix, LinearOptions, SparseLinear};

/// The (ISA, multiply-accumulate) pairs that make distinct INT8 kernels
/// here: every family this machine runs, every mac of each.
fn variants() -> Vec<(IsaChoice, Option<Mac>)> {
    let mut out = Vec::new();
    for isa in isas_for(Dtype::Int8) {
        let target = sparsejit::runtime::cpu::resolve(Some(isa), Dtype::Int8).unwrap();
        if !target.is_jit() {
            out.push((isa, None));
            continue;
        }
        for &mac in templates::for_target(target).unwrap().macs() {
            out.push((isa, Some(mac)));
        }
    }
    out
}

fn opts(c: &Case, isa: IsaChoice, mac: Option<Mac>) -> LinearOptions {
    LinearOptions {
        activation: c.activation,
        isa: Some(isa),
        dtype: Dtype::Int8,
        threads: c.threads,
        mac,
        ..Default::default()
    }
}

/// Runs `c` as INT8 on `isa`/`mac` and compares every output's bits with
/// the reference's.
fn check_exact(c: &Case, isa: IsaChoice, mac: Option<Mac>) -> Result<(), String> {
    let w = c.weights();
    let (x, b) = c.inputs();
    let bsr = std::sync::Arc::new(BsrMatrix::from_dense(&w, c.m, c.k, c.block).unwrap());
    let mut o = opts(c, isa, mac);
    let mut layer =
        SparseLinear::compile(bsr.clone(), b.clone(), &o).map_err(|e| format!("compile: {e}"))?;
    // The case's K-block, where the plan has K-blocks (X in granules).
    if c.k_block > 0 && layer.plan().can_k_block() {
        o.k_block = Some(c.k_block);
        layer = SparseLinear::compile(bsr, b.clone(), &o).map_err(|e| format!("compile: {e}"))?;
    }
    check_layer(&layer, &x, c.n, b.as_deref(), c.activation)
        .map_err(|e| format!("{c:?} on {isa} {mac:?}: {e}"))
}

fn check_layer(
    layer: &SparseLinear,
    x: &[f32],
    n: usize,
    b: Option<&[f32]>,
    act: Activation,
) -> Result<(), String> {
    let m = layer.plan().m;
    let mut y = vec![f32::NAN; n * m];
    layer
        .forward(x, n, &mut y)
        .map_err(|e| format!("forward: {e}"))?;
    let mut want = vec![0.0f32; n * m];
    let q = layer.quantized().expect("an INT8 layer");
    int8::linear(x, n, q, b, act, layer.plan().mac.qmax(), &mut want);
    for (i, (g, w)) in y.iter().zip(&want).enumerate() {
        if g.to_bits() != w.to_bits() {
            return Err(format!(
                "{}: y[{}, {}] = {g:e}, the reference gives {w:e}",
                layer.kernel_name(),
                i / m,
                i % m
            ));
        }
    }
    Ok(())
}

fn case() -> impl Strategy<Value = Case> {
    common::case_strategy(1..120, 1..300, 1..=600, 1..=3)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_int8_kernel_matches_the_integer_reference(c in case()) {
        for (isa, mac) in variants() {
            let r = check_exact(&c, isa, mac);
            prop_assert!(r.is_ok(), "{}", r.unwrap_err());
        }
    }
}

/// The hidden shapes: tails in M, K and N, N = 1, all-zero and fully dense
/// weights, one token per panel, every block shape.
#[test]
fn edges_match_bit_for_bit() {
    for block in BlockShape::all() {
        for (m, k, n, s) in [
            (1, 1, 1, 0.0),
            (17, 5, 1, 0.5),
            (33, 67, 19, 0.0),
            (16, 16, 16, 1.0),
            (40, 130, 33, 0.9),
        ] {
            let mut c = Case::new(m, k, n, (block.rows, block.cols), s);
            c.bias = true;
            c.activation = Activation::Gelu;
            for (isa, mac) in variants() {
                check_exact(&c, isa, mac).unwrap();
            }
        }
    }
}

/// The largest products: codes at their maximum against weights of +127
/// and −128 (a model quantized elsewhere may use −128), so `vpmaddubsw`'s
/// s16 pair sums reach ±32512 and would saturate with 8-bit codes, and
/// the int32 sums are as large as K allows. Every kernel must still match.
#[test]
fn saturation_edges_match_bit_for_bit() {
    let (m, k, n) = (16, 1024, 24);
    for sign in [1.0f32, -1.0] {
        let q: Vec<f32> = (0..m * k)
            .map(|i| {
                if sign < 0.0 && i % 3 != 0 {
                    -128.0
                } else {
                    127.0
                }
            })
            .collect();
        let bsr = BsrMatrix::from_dense(&q, m, k, BlockShape::new(1, 4).unwrap()).unwrap();
        let qw = QuantizedWeights::from_parts(bsr, vec![0.01; m]).unwrap();
        // Each token is 0 except a run at its maximum, so most codes are the
        // largest the kernel takes (and the offset is 0).
        let x: Vec<f32> = (0..n * k)
            .map(|i| {
                if i % k == 0 {
                    0.0
                } else {
                    1.0 + (i % 7) as f32
                }
            })
            .map(|v| if v > 0.0 { 7.0 } else { v })
            .collect();
        for (isa, mac) in variants() {
            let opts = LinearOptions {
                isa: Some(isa),
                mac,
                ..Default::default()
            };
            let layer = SparseLinear::compile_quantized(qw.clone(), None, &opts).unwrap();
            check_layer(&layer, &x, n, None, Activation::None).unwrap();
            // And the result is the exact product (codes Q, weights q).
            let mut y = vec![0.0; n * m];
            layer.forward(&x, n, &mut y).unwrap();
            let want: f64 = (1..k).map(|l| 7.0 * q[l] as f64 * 0.01).sum();
            assert!(
                (y[0] as f64 - want).abs() < 1e-3 * want.abs(),
                "{} vs {want}",
                y[0]
            );
        }
    }
}

/// INT8 against the fp32 oracle, within the bound derived from the scales.
#[test]
fn error_against_fp32_is_within_the_derived_bound() {
    for (block, s, act) in [
        ((1, 4), 0.0, Activation::None),
        ((4, 1), 0.7, Activation::Gelu),
        ((1, 1), 0.9, Activation::Relu),
    ] {
        let mut c = Case::new(64, 300, 40, block, s);
        c.bias = true;
        c.activation = act;
        let w = c.weights();
        let (x, b) = c.inputs();
        for (isa, mac) in variants() {
            let bsr = BsrMatrix::from_dense(&w, c.m, c.k, c.block).unwrap();
            let layer = SparseLinear::compile(bsr.into(), b.clone(), &opts(&c, isa, mac)).unwrap();
            let mut y = vec![0.0; c.n * c.m];
            layer.forward(&x, c.n, &mut y).unwrap();
            let q = layer.quantized().unwrap();
            let qmax = layer.plan().mac.qmax();
            let bound = int8::error_bound(&x, c.n, &w, q, b.as_deref(), act, qmax);
            let oracle = reference::oracle(&x, c.n, c.k, &w, c.m, b.as_deref(), act);
            let mut worst = 0.0f64;
            for (i, &g) in y.iter().enumerate() {
                let err = (g as f64 - oracle.value(i)).abs();
                let allowed = bound[i] + oracle.tolerance(i);
                assert!(
                    err <= allowed,
                    "{} y[{i}] = {g}, fp32 {} (error {err:e} > bound {allowed:e})",
                    layer.kernel_name(),
                    oracle.value(i)
                );
                worst = worst.max(err / allowed);
            }
            // The bound is not vacuous: some output uses a fair part of it.
            assert!(
                worst > 0.01,
                "{}: worst error is {worst} of the bound",
                layer.kernel_name()
            );
        }
    }
}
