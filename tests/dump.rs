//! Dumps of generated code (issue 4): snapshot listings of small fixed
//! kernels, the instruction mix against the plan, raw bytes against the
//! executed bytes, row filters, and the errors for bad paths and for layers
//! that have no generated code.
//!
//! Snapshots live in `tests/snapshots/<kernel-name>.asm`. After a deliberate
//! change to the emitter or the listing, re-record them with
//! `SPARSEJIT_BLESS=1 cargo test --release --test dump` and review the diff.

mod common;

use sparsejit::codegen::{Emitter, KernelArgs, x86::X86Emitter};
use sparsejit::disasm::{self, DisasmOptions};
use sparsejit::layout::Panels;
use sparsejit::plan::{Dtype, Epilogue, IsaChoice, KernelPlan, Schedule, Target};
use sparsejit::runtime::cpu;
use sparsejit::runtime::exec::JitCode;
use sparsejit::sparse::prune::random_block_sparse;
use sparsejit::{Activation, BlockShape, Isa, LinearOptions, SparseLinear};
use std::path::{Path, PathBuf};

fn avx2() -> bool {
    common::runs(Isa::Avx2, Dtype::F32)
}

fn opts(activation: Activation, isa: Isa) -> LinearOptions {
    LinearOptions {
        activation,
        isa: Some(IsaChoice::from(isa)),
        ..Default::default()
    }
}

/// A fixed `m×k` weight: block (rb, cb) is kept when `(rb + 2·cb) % 3 != 1`,
/// values are small distinct multiples of 1/8 (exactly representable).
fn fixed(m: usize, k: usize, block: BlockShape) -> Vec<f32> {
    let mut w = vec![0.0f32; m * k];
    for i in 0..m {
        for j in 0..k {
            let (rb, cb) = (i / block.rows, j / block.cols);
            if (rb + 2 * cb) % 3 != 1 {
                w[i * k + j] = ((i * k + j) % 13) as f32 / 8.0 - 0.75;
            }
        }
    }
    w
}

/// The listing with its one run-dependent line (the compile time) masked.
fn stable(listing: &str) -> String {
    listing
        .lines()
        .map(|l| {
            if l.starts_with("; compile ") {
                "; compile   (masked in snapshots)"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Compares `actual` with the stored snapshot, or records it when
/// `SPARSEJIT_BLESS=1`. A difference fails with a unified diff.
fn check_snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.asm"));
    if std::env::var("SPARSEJIT_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        eprintln!("blessed {}", path.display());
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; record it with SPARSEJIT_BLESS=1 cargo test --release --test dump",
            path.display()
        )
    });
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual)
            .unified_diff()
            .context_radius(3)
            .header("expected (snapshot)", "actual")
            .to_string();
        panic!(
            "listing of {name} differs from {}:\n{diff}\nIf the change is intended, re-record with \
             SPARSEJIT_BLESS=1 cargo test --release --test dump",
            path.display()
        );
    }
}

fn snapshot(m: usize, k: usize, block: (usize, usize), bias: bool, act: Activation) {
    snapshot_for(
        Target::dynasm(Isa::Avx2, Dtype::F32),
        m,
        k,
        block,
        bias,
        act,
    );
}

/// Where the CPU runs `isa`, the listing of the compiled layer (the code
/// that runs); elsewhere the same listing rendered from the emitter's
/// bytes, so every ISA's snapshot is checked on every machine.
fn snapshot_for(
    target: Target,
    m: usize,
    k: usize,
    block: (usize, usize),
    bias: bool,
    act: Activation,
) -> String {
    let block = BlockShape::new(block.0, block.1).unwrap();
    let w = fixed(m, k, block);
    let b: Option<Vec<f32>> = bias.then(|| (0..m).map(|i| i as f32 / 4.0).collect());
    let isa = target.isa;
    let runs = cpu::resolve(Some(isa.into()), target.dtype).is_ok_and(|t| t == target);
    let (name, listing) = if runs {
        let opts = LinearOptions {
            dtype: target.dtype,
            ..opts(act, isa)
        };
        let layer = SparseLinear::from_dense(&w, m, k, block, b, &opts).unwrap();
        let listing = layer.disassemble(&DisasmOptions::default()).unwrap();
        (layer.kernel_name(), listing)
    } else {
        let bsr = sparsejit::BsrMatrix::from_dense(&w, m, k, block).unwrap();
        let epi = Epilogue {
            bias,
            activation: act,
        };
        let plan = KernelPlan::new(m, k, block, target, epi).unwrap();
        let q = (target.dtype == Dtype::Int8).then(|| {
            sparsejit::quant::QuantizedWeights::quantize(&bsr)
                .unwrap()
                .q
        });
        let sched = Schedule::new(&plan, q.as_ref().unwrap_or(&bsr)).unwrap();
        let e = X86Emitter.emit(&plan, &sched, true).unwrap();
        let info = disasm::KernelInfo {
            plan: &plan,
            emitter: X86Emitter.name(),
            weights: bsr.stats(),
            compile_time: std::time::Duration::ZERO,
        };
        let opts = DisasmOptions::default();
        let listing = disasm::render(&info, &e.code, e.code_end, &e.notes, &opts).unwrap();
        (plan.kernel_name(), listing)
    };
    assert!(listing.starts_with(&format!("; kernel    {name}\n")));
    check_snapshot(&name, &stable(&listing));
    listing
}

#[test]
fn listing_snapshot_4x1_bias_relu() {
    if avx2() {
        snapshot(8, 6, (4, 1), true, Activation::Relu);
    }
}

#[test]
fn listing_snapshot_2x2_gelu_with_edges() {
    // M = 5 and K = 3 cut the last row-block and block column, so the
    // last tile stores a single row.
    if avx2() {
        snapshot(5, 3, (2, 2), false, Activation::Gelu);
    }
}

/// INT8 kernels: the AVX2 family (vpmaddubsw on 7-bit codes) with a K
/// that is no multiple of the 4-k granule, and AVX-512 VNNI with 4x1
/// blocks padded to granules; the listing names the dequantization and
/// each step's k range.
#[test]
fn listing_snapshots_int8() {
    let avx2 = Target::dynasm(Isa::Avx2, Dtype::Int8);
    let l = snapshot_for(avx2, 8, 10, (1, 4), true, Activation::Gelu);
    assert!(
        l.contains("k=8..12: weight words") && l.contains("dequantize"),
        "{l}"
    );
    let vnni = Target::dynasm(Isa::Avx512Vnni, Dtype::Int8);
    let l = snapshot_for(vnni, 8, 6, (4, 1), true, Activation::Relu);
    assert!(
        l.contains("vpdpbusd  zmm16,zmm0,[rdx") && l.contains("{1to16}"),
        "{l}"
    );
}

#[test]
fn listing_snapshot_avx512_4x1_bias_gelu() {
    let avx512 = Target::dynasm(Isa::Avx512, Dtype::F32);
    snapshot_for(avx512, 8, 6, (4, 1), true, Activation::Gelu);
}

#[test]
fn instruction_mix_matches_the_plan() {
    if !avx2() {
        return;
    }
    for block in BlockShape::all() {
        for (bias, act) in [(true, Activation::Relu), (false, Activation::Gelu)] {
            // M and K are multiples of every block, so stored = blocks × area.
            let (m, k) = (64, 48);
            let w = random_block_sparse(m, k, block, 0.7, 5);
            let b = bias.then(|| vec![0.5; m]);
            let layer =
                SparseLinear::from_dense(&w, m, k, block, b, &opts(act, Isa::Avx2)).unwrap();
            let name = layer.kernel_name();
            let stats = layer.weights().stats();
            let vecs = layer.plan().tile.vecs;
            let mix = layer.instruction_mix().unwrap();
            assert_eq!(stats.stored, stats.blocks * block.area(), "{name}");
            assert_eq!(mix.weight_fma, stats.stored * vecs, "{name}: FMAs");
            if act != Activation::Gelu {
                assert_eq!(mix.fma, mix.weight_fma, "{name}: no other FMA");
            }
            // One broadcast per stored weight, plus one per bias row.
            let bias_rows = if bias { m } else { 0 };
            assert_eq!(mix.broadcasts, stats.stored + bias_rows, "{name}");
            assert_eq!(mix.loads_from.weights, stats.stored, "{name}");
            assert_eq!(mix.loads_from.bias, bias_rows, "{name}");
            // Each step reads its X row once per vector (a vmovups, or the
            // memory operand of the FMA when one row uses the column).
            let steps = Schedule::new(layer.plan(), layer.weights())
                .unwrap()
                .steps
                .len();
            assert_eq!(mix.loads_from.x, steps * vecs, "{name}");
            // No index array: nothing read through another base, and only
            // the jump table's movsxd uses an index register.
            assert_eq!(mix.loads_from.other, 0, "{name}");
            assert_eq!(mix.indexed_loads, 1, "{name}");
            assert_eq!(mix.by_mnemonic.get("movsxd"), Some(&1), "{name}");
            // The --stats report says the same.
            let report = layer
                .disassemble(&DisasmOptions {
                    stats: true,
                    ..Default::default()
                })
                .unwrap();
            let expected = format!(
                "vfmadd231ps {} (weights: {} stored x {vecs} vectors = {})",
                mix.weight_fma,
                stats.stored,
                stats.stored * vecs
            );
            assert!(report.contains(&expected), "{name}:\n{report}");
            assert!(report.contains("other 0"), "{name}:\n{report}");
        }
    }
}

#[test]
fn raw_bytes_are_the_executed_bytes() {
    if !avx2() {
        return;
    }
    let block = BlockShape::new(4, 1).unwrap();
    let (m, k) = (96, 80);
    let w = random_block_sparse(m, k, block, 0.8, 9);
    let layer = SparseLinear::from_dense(&w, m, k, block, None, &opts(Activation::Gelu, Isa::Avx2))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kernel.bin");
    layer.write_raw(&path).unwrap();
    let written = std::fs::read(&path).unwrap();
    // They are what the emitter makes for this plan and pattern.
    let sched = Schedule::new(layer.plan(), layer.weights()).unwrap();
    let emitted = X86Emitter.emit(layer.plan(), &sched, false).unwrap();
    assert_eq!(written, emitted.code);
    // And they run: the file's bytes, mapped afresh and called directly,
    // compute what the layer's `forward` computes, bit for bit (the same
    // instructions on the same packed data). `raw_code()` and `code()` are
    // one accessor, so comparing those two would prove nothing.
    let n = 40;
    let x: Vec<f32> = (0..n * k)
        .map(|i| ((i * 7) % 13) as f32 / 8.0 - 0.75)
        .collect();
    let mut want = vec![0.0f32; n * m];
    layer.forward(&x, n, &mut want).unwrap();
    let (plan, nb) = (layer.plan(), layer.plan().tile.panel_width());
    assert_eq!(plan.ldy, m, "a padded output stride would need staging");
    let mut panels = Panels::default();
    panels.pack(&x, n, k, nb);
    let mut got = vec![f32::NAN; n.div_ceil(nb) * nb * m];
    let code = JitCode::new(&written, layer.code_end().unwrap()).unwrap();
    let args = KernelArgs {
        x: panels.as_slice().as_ptr(),
        y: got.as_mut_ptr(),
        values: sched.values.as_ptr(),
        bias: std::ptr::null(),
        panels: panels.count() as u64,
        group_begin: 0,
        group_end: sched.groups.len() as u64,
        partial: std::ptr::null_mut(),
    };
    // SAFETY: the bytes are the kernel emitted for this plan (checked
    // above) on an AVX2 machine (checked by `avx2()`); x holds `panels`
    // packed panels of [K][NB], y has room for `panels · NB` rows of M = ldy
    // floats, values are the schedule's, the plan has no bias, and the
    // group range is the whole schedule.
    unsafe { code.call(&args) };
    assert!(
        got[..n * m]
            .iter()
            .zip(&want)
            .all(|(a, b)| a.to_bits() == b.to_bits()),
        "the dumped bytes compute something else than the layer"
    );
    // The listing decodes these same bytes: its first instruction is the
    // first instruction of the file.
    let first = disasm::decode(&written, emitted.code_end)[0];
    let listing = layer.disassemble(&DisasmOptions::default()).unwrap();
    let hex: String = written[..first.len()]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(listing.contains(&format!("00000000  {hex} ")), "{listing}");
}

#[test]
fn unwritable_paths_are_clear_errors() {
    if !avx2() {
        return;
    }
    let block = BlockShape::new(4, 1).unwrap();
    let w = random_block_sparse(16, 16, block, 0.5, 2);
    let layer =
        SparseLinear::from_dense(&w, 16, 16, block, None, &opts(Activation::None, Isa::Avx2))
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            dir.path().join("missing/sub/k.bin"),
            "cannot create a file in",
        ),
        (dir.path().to_path_buf(), "is a directory"),
        (PathBuf::new(), "the path is empty"),
    ];
    for (path, want) in cases {
        let e = layer.write_raw(&path).unwrap_err().to_string();
        assert!(e.contains(want), "{}: {e}", path.display());
        assert!(e.contains(&path.display().to_string()), "{e}");
    }
    // A file standing where a directory should be.
    let file = dir.path().join("plain");
    std::fs::write(&file, b"x").unwrap();
    let e = layer
        .write_raw(&file.join("k.bin"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("cannot create a file in"), "{e}");
    let e = layer
        .dump_to_dir(&file.join("sub"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("cannot create the dump directory"), "{e}");
    // Nothing but the plain file was left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn generic_layers_have_no_code_to_dump() {
    let block = BlockShape::new(4, 1).unwrap();
    let w = random_block_sparse(16, 16, block, 0.5, 2);
    let layer = SparseLinear::from_dense(
        &w,
        16,
        16,
        block,
        None,
        &opts(Activation::None, Isa::Generic),
    )
    .unwrap();
    let e = layer
        .disassemble(&DisasmOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("generic") && e.contains("no generated code"),
        "{e}"
    );
    assert!(layer.raw_code().is_err());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.bin");
    assert!(layer.write_raw(&path).is_err());
    assert!(!path.exists());
}

#[test]
fn row_filter_shows_only_the_chosen_row_blocks() {
    if !avx2() {
        return;
    }
    let block = BlockShape::new(4, 1).unwrap();
    let (m, k) = (64, 32);
    let w = random_block_sparse(m, k, block, 0.5, 4);
    let layer = SparseLinear::from_dense(&w, m, k, block, None, &opts(Activation::None, Isa::Avx2))
        .unwrap();
    let show = |rows: &str| {
        layer.disassemble(&DisasmOptions {
            rows: Some(rows.parse().unwrap()),
            stats: false,
        })
    };
    let out = show("3..5").unwrap();
    assert!(out.contains("; showing   row-blocks 3..5 of 16 (output rows 12..20, groups 3..5)"));
    for g in 0..16 {
        let shown = out.contains(&format!("\ngroup_{g}:"));
        assert_eq!(shown, g == 3 || g == 4, "group_{g}:\n{out}");
    }
    assert!(out.contains("jump_table") && out.contains("\nexit:"));
    assert!(out.contains("bytes not shown"));
    // The filtered listing is a subset of the full one, line for line.
    let full = layer.disassemble(&DisasmOptions::default()).unwrap();
    let code_lines = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("000"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let all = code_lines(&full);
    assert!(code_lines(&out).iter().all(|l| all.contains(l)));
    // A range past the end is an error that says how many there are.
    let e = show("16..20").unwrap_err().to_string();
    assert!(e.contains("16 row-blocks"), "{e}");
    // The end is clamped: 10.. shows the last six.
    assert!(show("10..").unwrap().contains("row-blocks 10..16 of 16"));
}

/// A K-blocked kernel's listing: the rbx save, every block's segments and
/// stubs, and each block's jump table with every entry naming the segment
/// it jumps to (relative to its own table), with a row filter too. The
/// entries of later tables were `?` before they were taken relative to
/// their own table.
#[test]
fn k_blocked_listings_name_every_block_and_table() {
    if !avx2() {
        return;
    }
    let (m, k) = (16, 64);
    let block = BlockShape::new(4, 1).unwrap();
    let w = fixed(m, k, block);
    let layer = SparseLinear::from_dense(
        &w,
        m,
        k,
        block,
        None,
        &LinearOptions {
            k_block: Some(16),
            ..opts(Activation::None, Isa::Avx2)
        },
    )
    .unwrap();
    assert_eq!(layer.plan().k_blocks(), 4);
    for rows in [None, Some("1..2".parse().unwrap())] {
        let listing = layer
            .disassemble(&DisasmOptions { rows, stats: false })
            .unwrap();
        let g = if rows.is_some() { 1 } else { 0 };
        for needle in [
            "push      rbx".to_string(),
            "pop       rbx".into(),
            "rbx,[rdi+args.partial]".into(),
            format!("kb0_group_{g}:"),
            format!("kb3_group_{g}:"),
            format!("kb2_group_{g}-jump_table_2"),
            format!("kb0_group_{g}-jump_table\n"),
        ] {
            assert!(listing.contains(&needle), "no {needle:?} in\n{listing}");
        }
        assert!(!listing.contains("?-jump_table"), "{listing}");
        // The stubs between blocks follow the last group's segment, which
        // the filter leaves out.
        assert_eq!(listing.contains("k_block_2:"), rows.is_none(), "{listing}");
    }
}
