//! Unit tests of the Cranelift backend: the IR passes Cranelift's verifier,
//! chunks cover the groups, and linking leaves no call or constant
//! reference unpatched.

use super::*;
use crate::gelu;
use crate::plan::{Activation, Epilogue, Isa, Target};
use crate::sparse::prune::random_block_sparse;
use crate::sparse::{BlockShape, BsrMatrix};

fn case(m: usize, k: usize, s: f64, act: Activation) -> (KernelPlan, Schedule) {
    let block = BlockShape::new(4, 1).unwrap();
    let w = random_block_sparse(m, k, block, s, 5);
    let bsr = BsrMatrix::from_dense(&w, m, k, block).unwrap();
    let epi = Epilogue {
        bias: true,
        activation: act,
    };
    let target = Target {
        backend: Backend::Cranelift,
        isa: Isa::Generic,
        dtype: Dtype::F32,
    };
    let plan = KernelPlan::new(m, k, block, target, epi).unwrap();
    let sched = Schedule::new(&plan, &bsr).unwrap();
    (plan, sched)
}

fn verify(func: &Function, isa: &dyn cranelift_codegen::isa::TargetIsa) {
    if let Err(e) = cranelift_codegen::verify_function(func, isa.flags()) {
        panic!(
            "{}",
            cranelift_codegen::print_errors::pretty_verifier_error(func, None, e)
        );
    }
}

#[test]
fn the_ir_passes_the_verifier() {
    let Ok(em) = CraneliftEmitter::host() else {
        return;
    };
    let isa = &*em.isa;
    let conv = em.call_conv();
    let mut fctx = FunctionBuilderContext::new();
    for act in [Activation::None, Activation::Relu, Activation::Gelu] {
        // 13 rows: a partial last tile (1 live row of 4).
        let (plan, sched) = case(13, 40, 0.5, act);
        let mut func = Function::new();
        // With the constant table (x86-64) and with immediates (elsewhere).
        for table in [true, false] {
            kernel::build_chunk(
                &mut func,
                &mut fctx,
                kernel::Shape {
                    conv,
                    cfg: isa.frontend_config(),
                    table,
                },
                &plan,
                &sched,
                0..sched.groups.len(),
            );
            verify(&func, isa);
        }
        kernel::build_dispatcher(
            &mut func,
            &mut fctx,
            kernel::Shape {
                conv,
                cfg: isa.frontend_config(),
                table: true,
            },
            &[0, 2, 3],
            4,
        );
        verify(&func, isa);
    }
}

#[test]
fn chunks_cover_every_group_once_in_order() {
    let (_, sched) = case(768, 768, 0.3, Activation::None);
    let c = chunks(&sched);
    assert!(
        c.len() > 1,
        "a 768×768 matrix at 70% is cut into several chunks"
    );
    assert_eq!(c[0].start, 0);
    assert_eq!(c.last().unwrap().end, sched.groups.len());
    for w in c.windows(2) {
        assert_eq!(w[0].end, w[1].start);
    }
    assert!(c.iter().all(|r| !r.is_empty()));
}

#[cfg(target_arch = "x86_64")]
#[test]
fn links_calls_to_chunk_starts_and_constants_to_the_table() {
    use iced_x86::{FlowControl, OpKind};
    let Ok(em) = CraneliftEmitter::host() else {
        return;
    };
    let (plan, sched) = case(256, 512, 0.5, Activation::Gelu);
    let e = em.emit(&plan, &sched, true).unwrap();
    let starts: Vec<usize> = e
        .notes
        .iter()
        .filter(|(_, n)| matches!(n, Note::GroupStart { .. }))
        .map(|&(at, _)| at)
        .collect();
    assert!(starts.len() > 1, "several chunks");
    let consts = e
        .notes
        .iter()
        .find(|(_, n)| *n == Note::Constants)
        .map(|&(at, _)| at)
        .unwrap();
    assert_eq!(consts, e.code_end.next_multiple_of(ALIGN));
    let mut calls = Vec::new();
    let mut boundaries = std::collections::HashSet::new();
    let mut const_refs = 0;
    for ins in crate::disasm::decode(&e.code, e.code_end) {
        boundaries.insert(ins.ip() as usize);
        if ins.flow_control() == FlowControl::Call {
            assert_eq!(ins.op0_kind(), OpKind::NearBranch64, "{ins}");
            calls.push(ins.near_branch_target() as usize);
        }
        if ins.is_ip_rel_memory_operand() {
            let to = ins.ip_rel_memory_address() as usize;
            // Every RIP-relative reference is into the constant table: no
            // constant pool or jump table sits inside the code.
            assert!(
                (consts..consts + 16 * gelu::constants().len()).contains(&to),
                "{ins} points at {to:#x}"
            );
            const_refs += 1;
        }
    }
    assert_eq!(calls, starts, "the dispatcher calls each chunk, in order");
    assert_eq!(const_refs, starts.len(), "one table address per chunk");
    for s in &starts {
        assert!(boundaries.contains(s), "chunk at {s:#x} decodes in sync");
    }
}

/// aarch64 code is generated (not run): the dispatcher's `bl`s land on the
/// chunk starts after linking.
#[test]
fn emits_aarch64_code_without_running_it() {
    let em = CraneliftEmitter::for_target("aarch64-unknown-linux-gnu").unwrap();
    for act in [Activation::None, Activation::Relu, Activation::Gelu] {
        let (plan, sched) = case(256, 512, 0.5, act);
        let e = em.emit(&plan, &sched, true).unwrap();
        assert_eq!(e.code_end, e.code.len(), "no data after the code");
        let starts: Vec<usize> = e
            .notes
            .iter()
            .filter(|(_, n)| matches!(n, Note::GroupStart { .. }))
            .map(|&(at, _)| at)
            .collect();
        assert!(starts.len() > 1);
        // `bl` is 0b100101 in the top six bits; only the dispatcher calls.
        let calls: Vec<usize> = e.code[..starts[0]]
            .chunks_exact(4)
            .enumerate()
            .filter_map(|(i, w)| {
                let ins = u32::from_le_bytes(w.try_into().unwrap());
                (ins >> 26 == 0b100101).then(|| {
                    let off = ((ins << 6) as i32 >> 6) as i64 * 4;
                    (4 * i as i64 + off) as usize
                })
            })
            .collect();
        assert_eq!(calls, starts, "{act}");
    }
}

/// Every kernel shape the backend can be asked for, compiled through the
/// whole pipeline with Cranelift's verifier on (`Context::compile` then
/// checks the IR before and after its own passes): each legal tile of the
/// template, each block shape that nests with it, with and without bias,
/// each activation, on a shape with tails in M and K, and kernels of many
/// chunks. This is where the verifier runs: release builds leave it off
/// (`verify_requested`), and CI no longer turns it on for every test.
#[test]
fn every_legal_tile_compiles_verified() {
    use crate::plan::{RegisterTile, templates};
    let Ok(em) = CraneliftEmitter::host_verifying() else {
        return;
    };
    assert!(em.isa.flags().enable_verifier(), "the verifier is on");
    let target = Target {
        backend: Backend::Cranelift,
        isa: Isa::Generic,
        dtype: Dtype::F32,
    };
    let template = templates::for_target(target).unwrap();
    let tiles: Vec<RegisterTile> = template.legal_tiles();
    assert!(tiles.len() > 1, "{tiles:?}");
    let mut compiled = 0;
    for tile in tiles {
        for block in BlockShape::all() {
            if !tile.rows.is_multiple_of(block.rows) && !block.rows.is_multiple_of(tile.rows) {
                continue;
            }
            let (m, k) = (19, 23);
            let w = random_block_sparse(m, k, block, 0.5, compiled as u64);
            let bsr = BsrMatrix::from_dense(&w, m, k, block).unwrap();
            for bias in [false, true] {
                for activation in [Activation::None, Activation::Relu, Activation::Gelu] {
                    let epi = Epilogue { bias, activation };
                    let plan = KernelPlan::with_tile(m, k, block, target, epi, tile).unwrap();
                    let sched = Schedule::new(&plan, &bsr).unwrap();
                    em.emit(&plan, &sched, false)
                        .unwrap_or_else(|e| panic!("{}: {e}", plan.kernel_name()));
                    compiled += 1;
                }
            }
        }
    }
    // A kernel of many chunks: the dispatcher's calls and chunk-range
    // compares, chunks that start mid-schedule, each chunk's reference to
    // GELU's constant table.
    let (plan, sched) = case(256, 512, 0.5, Activation::Gelu);
    assert!(chunks(&sched).len() > 4);
    em.emit(&plan, &sched, false)
        .unwrap_or_else(|e| panic!("{}: {e}", plan.kernel_name()));
    compiled += 1;
    eprintln!("{compiled} Cranelift kernels verified");
}
