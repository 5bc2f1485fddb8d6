//! The emitter tested without executing anything: decode the bytes with
//! iced-x86 and check the ISA, the instruction mix and the addressing.

mod common;

use iced_x86::{CpuidFeature, Mnemonic, Register};
use sparsejit::codegen::{Emitter, x86::X86Emitter};
use sparsejit::plan::{Backend, Dtype, Epilogue, Isa, IsaChoice, KernelPlan, Schedule, Target};
use sparsejit::sparse::prune::random_block_sparse;
use sparsejit::{Activation, BlockShape, BsrMatrix, disasm};

fn emit(
    m: usize,
    k: usize,
    block: BlockShape,
    s: f64,
    epi: Epilogue,
) -> (Vec<u8>, usize, Schedule, KernelPlan) {
    emit_for(Target::dynasm(Isa::Avx2, Dtype::F32), m, k, block, s, epi)
}

/// A random `m×k` weight of sparsity `s` emitted for `target` (INT8:
/// quantized first, as the runtime does).
fn emit_for(
    target: Target,
    m: usize,
    k: usize,
    block: BlockShape,
    s: f64,
    epi: Epilogue,
) -> (Vec<u8>, usize, Schedule, KernelPlan) {
    let w = random_block_sparse(m, k, block, s, 3);
    let bsr = BsrMatrix::from_dense(&w, m, k, block).unwrap();
    let plan = KernelPlan::new(m, k, block, target, epi).unwrap();
    let q = (target.dtype == Dtype::Int8).then(|| {
        sparsejit::quant::QuantizedWeights::quantize(&bsr)
            .unwrap()
            .q
    });
    let sched = Schedule::new(&plan, q.as_ref().unwrap_or(&bsr)).unwrap();
    let e = X86Emitter.emit(&plan, &sched, false).unwrap();
    (e.code, e.code_end, sched, plan)
}

fn epilogues() -> Vec<Epilogue> {
    let mut out = Vec::new();
    for activation in [Activation::None, Activation::Relu, Activation::Gelu] {
        for bias in [false, true] {
            out.push(Epilogue { bias, activation });
        }
    }
    out
}

#[test]
fn avx2_kernels_use_nothing_beyond_avx2_and_fma() {
    use CpuidFeature::*;
    let allowed = [
        INTEL8086, INTEL186, INTEL286, INTEL386, INTEL486, X64, SSE, SSE2, AVX, AVX2, FMA,
    ];
    uses_only(Target::dynasm(Isa::Avx2, Dtype::F32), &allowed);
    uses_only(Target::dynasm(Isa::Avx2, Dtype::Int8), &allowed);
}

#[test]
fn vnni_kernels_use_nothing_beyond_their_vnni() {
    use CpuidFeature::*;
    let avx2 = [
        INTEL8086, INTEL186, INTEL286, INTEL386, INTEL486, X64, SSE, SSE2, AVX, AVX2, FMA,
    ];
    uses_only(
        Target::dynasm(Isa::AvxVnni, Dtype::Int8),
        &[&avx2[..], &[AVX_VNNI]].concat(),
    );
    // The level requires BW: the gather's vpshufb zmm is a BW instruction.
    let avx512 = [&avx2[..], &[AVX512F, AVX512VL, AVX512BW, AVX512_VNNI]].concat();
    uses_only(Target::dynasm(Isa::Avx512Vnni, Dtype::Int8), &avx512);
}

#[test]
fn avx512_kernels_use_nothing_beyond_avx512_f_and_vl() {
    use CpuidFeature::*;
    let allowed = [
        INTEL8086, INTEL186, INTEL286, INTEL386, INTEL486, X64, SSE, SSE2, AVX, AVX2, FMA, AVX512F,
        AVX512VL,
    ];
    uses_only(Target::dynasm(Isa::Avx512, Dtype::F32), &allowed);
}

fn uses_only(target: Target, allowed: &[CpuidFeature]) {
    for block in BlockShape::all() {
        for epi in epilogues() {
            let (code, end, _, plan) = emit_for(target, 45, 37, block, 0.5, epi);
            for ins in disasm::decode(&code, end) {
                assert_ne!(
                    ins.mnemonic(),
                    Mnemonic::INVALID,
                    "{}: undecodable bytes",
                    plan.kernel_name()
                );
                for f in ins.cpuid_features() {
                    assert!(
                        allowed.contains(f),
                        "{}: {:?} needs {f:?}",
                        plan.kernel_name(),
                        ins.mnemonic()
                    );
                }
            }
        }
    }
}

#[test]
fn fma_count_matches_the_plan_and_no_index_is_loaded() {
    for isa in [Isa::Avx2, Isa::Avx512] {
        mac_count_and_addressing(Target::dynasm(isa, Dtype::F32));
    }
}

/// One `vpdpbusd` per stored 4-weight word per register of a tile row (the
/// AVX2 family's `vpmaddubsw` or `vpmaddwd` likewise), and the same
/// addressing rules as fp32: no index is read.
#[test]
fn int8_mac_count_matches_the_plan_and_no_index_is_loaded() {
    for isa in [Isa::Avx2, Isa::AvxVnni, Isa::Avx512Vnni] {
        mac_count_and_addressing(Target::dynasm(isa, Dtype::Int8));
    }
}

fn mac_count_and_addressing(target: Target) {
    for block in BlockShape::all() {
        let epi = Epilogue {
            bias: true,
            activation: Activation::Relu,
        };
        let (code, end, sched, plan) = emit_for(target, 64, 96, block, 0.7, epi);
        let mix = disasm::instruction_mix(&code, end);
        let regs = plan.regs_per_row();
        let count = |m: Mnemonic| {
            disasm::decode(&code, end)
                .iter()
                .filter(|i| i.mnemonic() == m)
                .count()
        };
        if target.dtype == Dtype::Int8 {
            // Entries are 4-byte words: 4 s8 (or 2 s16) weights of one row.
            let mac = match plan.mac {
                sparsejit::plan::Mac::Dpbusd => Mnemonic::Vpdpbusd,
                sparsejit::plan::Mac::Maddubs7 => Mnemonic::Vpmaddubsw,
                _ => Mnemonic::Vpmaddwd,
            };
            assert_eq!(count(mac), sched.entries() * regs, "{}", plan.kernel_name());
            // A 1x4 block (K a multiple of 4) is exactly one word.
            if (block.rows, block.cols) == (1, 4) && plan.granule() == 4 {
                let bsr = BsrMatrix::from_dense(
                    &random_block_sparse(64, 96, block, 0.7, 3),
                    64,
                    96,
                    block,
                )
                .unwrap();
                assert_eq!(
                    4 * sched.entries(),
                    bsr.stats().stored,
                    "{}",
                    plan.kernel_name()
                );
            }
        } else {
            // One FMA per stored weight per vector register of a tile row.
            assert_eq!(mix.fma, sched.entries() * regs, "{}", plan.kernel_name());
        }
        // Only KernelArgs (rdi), weights (rsi), bias (r8), X (r9), Y (r10),
        // the jump table (rdx) and constants (rip) are ever addressed, and
        // only the jump table is indexed: no index array exists.
        for ins in disasm::decode(&code, end) {
            for op in 0..ins.op_count() {
                if ins.op_kind(op) != iced_x86::OpKind::Memory {
                    continue;
                }
                let base = ins.memory_base();
                assert!(
                    [
                        Register::RDI,
                        Register::RSI,
                        Register::R8,
                        Register::R9,
                        Register::R10,
                        Register::RDX,
                        Register::RIP
                    ]
                    .contains(&base),
                    "{}: unexpected base {base:?} in {ins}",
                    plan.kernel_name()
                );
                if ins.memory_index() != Register::None {
                    assert_eq!(
                        ins.mnemonic(),
                        Mnemonic::Movsxd,
                        "only the jump table is indexed: {ins}"
                    );
                }
            }
        }
    }
}

#[test]
fn emission_is_deterministic() {
    let block = BlockShape::new(4, 1).unwrap();
    let epi = Epilogue {
        bias: true,
        activation: Activation::Gelu,
    };
    let (a, ..) = emit(50, 70, block, 0.8, epi);
    let (b, ..) = emit(50, 70, block, 0.8, epi);
    assert_eq!(a, b);
    #[cfg(target_arch = "x86_64")]
    if let (Some(a), Some(b)) = (
        emit_cranelift(300, 70, block, 0.2, epi),
        emit_cranelift(300, 70, block, 0.2, epi),
    ) {
        // Chunks compile in parallel but link in order.
        assert_eq!(a.0.code, b.0.code);
    }
}

#[cfg(target_arch = "x86_64")]
/// Whether this CPU has what an instruction needs (the features iced
/// reports for Cranelift's output on x86-64).
fn host_has(f: CpuidFeature) -> bool {
    use CpuidFeature::*;
    match f {
        INTEL8086 | INTEL186 | INTEL286 | INTEL386 | INTEL486 | X64 | CMOV | SSE | SSE2 => true,
        SSE3 => std::arch::is_x86_feature_detected!("sse3"),
        SSSE3 => std::arch::is_x86_feature_detected!("ssse3"),
        SSE4_1 => std::arch::is_x86_feature_detected!("sse4.1"),
        SSE4_2 => std::arch::is_x86_feature_detected!("sse4.2"),
        POPCNT => std::arch::is_x86_feature_detected!("popcnt"),
        LZCNT => std::arch::is_x86_feature_detected!("lzcnt"),
        BMI1 => std::arch::is_x86_feature_detected!("bmi1"),
        BMI2 => std::arch::is_x86_feature_detected!("bmi2"),
        AVX => std::arch::is_x86_feature_detected!("avx"),
        AVX2 => std::arch::is_x86_feature_detected!("avx2"),
        FMA => std::arch::is_x86_feature_detected!("fma"),
        AVX512F => std::arch::is_x86_feature_detected!("avx512f"),
        AVX512VL => std::arch::is_x86_feature_detected!("avx512vl"),
        AVX512DQ => std::arch::is_x86_feature_detected!("avx512dq"),
        AVX512BW => std::arch::is_x86_feature_detected!("avx512bw"),
        _ => false,
    }
}

#[cfg(target_arch = "x86_64")]
fn emit_cranelift(
    m: usize,
    k: usize,
    block: BlockShape,
    s: f64,
    epi: Epilogue,
) -> Option<(sparsejit::codegen::EmittedKernel, Schedule, KernelPlan)> {
    use sparsejit::codegen::cranelift::CraneliftEmitter;
    let Ok(em) = CraneliftEmitter::host() else {
        // A skip, unless SPARSEJIT_REQUIRE_ISA names Cranelift: then
        // `runs` fails the test.
        assert!(!common::runs(IsaChoice::Cranelift, Dtype::F32));
        return None;
    };
    let w = random_block_sparse(m, k, block, s, 3);
    let bsr = BsrMatrix::from_dense(&w, m, k, block).unwrap();
    let target = Target {
        backend: Backend::Cranelift,
        isa: Isa::Generic,
        dtype: Dtype::F32,
    };
    let plan = KernelPlan::new(m, k, block, target, epi).unwrap();
    let sched = Schedule::new(&plan, &bsr).unwrap();
    Some((em.emit(&plan, &sched, true).unwrap(), sched, plan))
}

#[cfg(target_arch = "x86_64")]
/// Cranelift kernels decode as instructions from start to `code_end` (no
/// inline data), the listing works, and no instruction needs a feature the
/// host lacks. Skipped where Cranelift does not support the host.
#[test]
fn cranelift_kernels_decode_and_use_only_host_features() {
    for block in BlockShape::all() {
        for epi in epilogues() {
            let Some((e, _, plan)) = emit_cranelift(45, 37, block, 0.5, epi) else {
                eprintln!("Cranelift does not support this host: skipped");
                return;
            };
            let w = random_block_sparse(45, 37, block, 0.5, 3);
            let info = disasm::KernelInfo {
                plan: &plan,
                emitter: "cranelift",
                weights: BsrMatrix::from_dense(&w, 45, 37, block).unwrap().stats(),
                compile_time: std::time::Duration::ZERO,
            };
            let opts = disasm::DisasmOptions::default();
            let listing = disasm::render(&info, &e.code, e.code_end, &e.notes, &opts).unwrap();
            assert!(listing.contains("group_0"), "the listing carries the notes");
            let decoded = disasm::decode(&e.code, e.code_end);
            let last = decoded.last().unwrap();
            assert_eq!(
                last.ip() as usize + last.len(),
                e.code_end,
                "decoding ends exactly at code_end"
            );
            let boundaries: Vec<usize> = decoded.iter().map(|i| i.ip() as usize).collect();
            for (at, _) in &e.notes {
                assert!(
                    *at >= e.code_end || boundaries.binary_search(at).is_ok(),
                    "note at {at:#x} is not an instruction boundary"
                );
            }
            for ins in &decoded {
                assert_ne!(ins.mnemonic(), Mnemonic::INVALID, "undecodable bytes");
                for f in ins.cpuid_features() {
                    assert!(host_has(*f), "{ins} needs {f:?}, which this CPU lacks");
                }
                if ins.is_ip_rel_memory_operand() {
                    assert!(
                        ins.ip_rel_memory_address() as usize >= e.code_end,
                        "{ins}: RIP-relative data inside the code"
                    );
                }
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
/// Each FMA covers 4 tokens, so a 4×8 tile issues two per stored weight.
#[test]
fn cranelift_fma_count_matches_the_plan() {
    for block in BlockShape::all() {
        let epi = Epilogue {
            bias: true,
            activation: Activation::Relu,
        };
        let Some((e, sched, plan)) = emit_cranelift(64, 96, block, 0.7, epi) else {
            return;
        };
        let mix = disasm::instruction_mix(&e.code, e.code_end);
        assert_eq!(
            mix.fma,
            sched.entries() * plan.tile.panel_width() / 4,
            "{}",
            plan.kernel_name()
        );
        // No index register anywhere: every address is a base + constant.
        for ins in disasm::decode(&e.code, e.code_end) {
            for op in 0..ins.op_count() {
                if ins.op_kind(op) == iced_x86::OpKind::Memory {
                    assert_eq!(ins.memory_index(), Register::None, "{ins}");
                }
            }
        }
    }
}
