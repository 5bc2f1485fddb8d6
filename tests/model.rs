//! The library's `Model` API on small hand-made files: layer discovery,
//! lookup errors, forward over ranks 1–3 against the oracle, the dense path
//! under the minimum sparsity, `auto` blocks, and the kernel cache.

mod common;

use common::files::{f32_bytes, linear_file, safetensors};
use sparsejit::reference;
use sparsejit::sparse::prune::{SplitMix64, random_block_sparse};
use sparsejit::{Activation, BlockChoice, BlockShape, CompileOptions, Model, Tensor};
use tempfile::TempDir;

fn open(bytes: &[u8]) -> (Model, TempDir) {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("m.safetensors");
    std::fs::write(&p, bytes).unwrap();
    (Model::open(&p).unwrap(), dir)
}

fn random(n: usize, seed: u64) -> Vec<f32> {
    let mut r = SplitMix64::new(seed);
    (0..n).map(|_| r.next_f32_signed()).collect()
}

#[test]
fn finds_linears_skips_embeddings_and_norms() {
    let h = r#"{"emb.word_embeddings.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},"ln.weight":{"dtype":"F32","shape":[2],"data_offsets":[24,32]},"fc.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[32,40]},"fc.bias":{"dtype":"F32","shape":[1],"data_offsets":[40,44]},"ids.weight":{"dtype":"I64","shape":[1,1],"data_offsets":[44,52]}}"#;
    let (model, _d) = open(&safetensors(h, &[0; 52]));
    let names: Vec<&str> = model.linears().iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["fc"]);
    assert!(model.linears()[0].bias);
    let skipped: Vec<&str> = model.skipped().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(skipped, ["emb.word_embeddings", "ids"]);
}

#[test]
fn forward_matches_the_oracle_for_every_rank_and_activation() {
    let (m, k) = (40, 24);
    let w = random_block_sparse(m, k, BlockShape::new(4, 1).unwrap(), 0.8, 7);
    let b = random(m, 8);
    let (model, _d) = open(&linear_file(&w, m, k, Some(&b)));
    for act in [Activation::None, Activation::Relu, Activation::Gelu] {
        let opts = CompileOptions {
            activation: act,
            ..Default::default()
        };
        let layers = model.compile(&opts).unwrap();
        let fc = layers.get("fc").unwrap();
        assert!(!fc.is_dense());
        for shape in [vec![k], vec![5, k], vec![2, 3, k]] {
            let n: usize = shape[..shape.len() - 1].iter().product();
            let x = Tensor::new(shape.clone(), random(n * k, 9)).unwrap();
            let mut y = Tensor::default();
            fc.forward(&x, &mut y).unwrap();
            let mut want = shape.clone();
            *want.last_mut().unwrap() = m;
            assert_eq!(y.shape(), want);
            reference::oracle(x.data(), n, k, &w, m, Some(&b), act)
                .check(y.data(), m)
                .unwrap();
        }
    }
}

#[test]
fn unknown_layer_lists_the_closest_names() {
    let (m, k) = (8, 4);
    let w = vec![1.0; m * k];
    let (model, _d) = open(&linear_file(&w, m, k, None));
    let layers = model.compile(&CompileOptions::default()).unwrap();
    let err = layers.get("fcc").err().unwrap().to_string();
    assert!(
        err.contains("no layer named 'fcc'; closest of the 1 layers: fc"),
        "{err}"
    );
    let err = model
        .compile_layer("f", &CompileOptions::default())
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("closest of the 1 layers: fc"),
        "{err}"
    );
}

#[test]
fn dense_under_min_sparsity_and_auto_blocks() {
    let (m, k, n) = (32, 16, 6);
    let w = random_block_sparse(m, k, BlockShape::new(8, 1).unwrap(), 0.3, 3);
    let (model, _d) = open(&linear_file(&w, m, k, None));
    let x = random(n * k, 4);
    let dense = model.compile(&CompileOptions::default()).unwrap();
    let fc = dense.get("fc").unwrap();
    assert!(fc.is_dense(), "30% sparse is under the 50% default");
    assert_eq!(fc.kernel_name(), "dense");
    let mut y = vec![0.0; n * m];
    fc.forward_rows(&x, n, &mut y).unwrap();
    reference::oracle(&x, n, k, &w, m, None, Activation::None)
        .check(&y, m)
        .unwrap();
    // `auto` on a matrix pruned in 8x1 blocks at 80% finds 8x1: every
    // larger block would store over 25% zeros.
    let w = random_block_sparse(m, k, BlockShape::new(8, 1).unwrap(), 0.8, 5);
    let (model, _d) = open(&linear_file(&w, m, k, None));
    let opts = CompileOptions {
        block: "auto".parse::<BlockChoice>().unwrap(),
        ..Default::default()
    };
    let auto = model.compile(&opts).unwrap();
    let fc = auto.get("fc").unwrap();
    assert_eq!(fc.block(), BlockShape::new(8, 1).unwrap());
    assert!(!fc.is_dense());
    fc.forward_rows(&x, n, &mut y).unwrap();
    reference::oracle(&x, n, k, &w, m, None, Activation::None)
        .check(&y, m)
        .unwrap();
}

#[test]
fn compiling_the_same_weights_twice_hits_the_cache() {
    // A pattern no other test uses, so the first compile is a miss.
    let (m, k) = (52, 36);
    let w = random_block_sparse(m, k, BlockShape::new(4, 1).unwrap(), 0.9, 4242);
    let (model, _d) = open(&linear_file(&w, m, k, None));
    let first = model.compile(&CompileOptions::default()).unwrap();
    let second = model.compile(&CompileOptions::default()).unwrap();
    if sparsejit::runtime::cpu::resolve(None, sparsejit::plan::Dtype::F32)
        .unwrap()
        .is_jit()
    {
        assert_eq!(first.get("fc").unwrap().cache_hit(), Some(false));
        assert_eq!(second.get("fc").unwrap().cache_hit(), Some(true));
        assert!(first.get("fc").unwrap().code_bytes() > 0);
    }
}

#[test]
fn aligned_f32_weights_are_borrowed_from_the_mapping() {
    let w = random(12, 1);
    // Pad the header to a multiple of 8, as writers do, so the data is
    // aligned in the (page-aligned) mapping and can be borrowed.
    let mut h = r#"{"fc.weight":{"dtype":"F32","shape":[3,4],"data_offsets":[0,48]}}"#.to_string();
    while !h.len().is_multiple_of(8) {
        h.push(' ');
    }
    let (model, _d) = open(&safetensors(&h, &f32_bytes(&w)));
    let (got, bias) = model.weights("fc").unwrap();
    assert!(bias.is_none());
    assert!(matches!(got, std::borrow::Cow::Borrowed(_)));
    assert_eq!(&*got, &w[..]);
    // One byte of misalignment: still correct, through a copy.
    h.push(' ');
    let (model, _d) = open(&safetensors(&h, &f32_bytes(&w)));
    assert_eq!(&*model.weights("fc").unwrap().0, &w[..]);
}
