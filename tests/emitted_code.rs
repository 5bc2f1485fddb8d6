//! The emitter tested without executing anything: decode the bytes with
//! iced-x86 and check the ISA, the instruction mix and the addressing.

use iced_x86::{CpuidFeature, Mnemonic, Register};
use sparsejit::codegen::{Emitter, x86::Avx2Emitter};
use sparsejit::plan::{Epilogue, Isa, KernelPlan, Schedule};
use sparsejit::sparse::prune::random_block_sparse;
use sparsejit::{Activation, BlockShape, BsrMatrix, disasm};

fn emit(
    m: usize,
    k: usize,
    block: BlockShape,
    s: f64,
    epi: Epilogue,
) -> (Vec<u8>, usize, Schedule, KernelPlan) {
    let w = random_block_sparse(m, k, block, s, 3);
    let bsr = BsrMatrix::from_dense(&w, m, k, block).unwrap();
    let plan = KernelPlan::new(m, k, block, Isa::Avx2, epi).unwrap();
    let sched = Schedule::new(&plan, &bsr).unwrap();
    let e = Avx2Emitter.emit(&plan, &sched, false).unwrap();
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
    for block in BlockShape::all() {
        for epi in epilogues() {
            let (code, end, _, plan) = emit(45, 37, block, 0.5, epi);
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
    for block in BlockShape::all() {
        let epi = Epilogue {
            bias: true,
            activation: Activation::Relu,
        };
        let (code, end, sched, plan) = emit(64, 96, block, 0.7, epi);
        let mix = disasm::instruction_mix(&code, end);
        // One FMA per stored weight per vector of the tile.
        assert_eq!(
            mix.fma,
            sched.entries() * plan.tile.vecs,
            "{}",
            plan.kernel_name()
        );
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
}
