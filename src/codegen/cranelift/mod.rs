//! The Cranelift backend: the same kernel as `codegen::x86`, built as
//! Cranelift IR and compiled by cranelift-codegen for the host's own ISA.
//!
//! This module owns the target (the host ISA with its native flags), the
//! split of a kernel into Cranelift functions, their parallel compilation,
//! and linking them into one position-independent buffer that follows the
//! `KernelArgs` ABI. `kernel` builds the IR of one function; `epilogue` the
//! bias, activation and transposing store.
//!
//! Buffer layout (entry at offset 0):
//!
//! ```text
//! dispatcher  load group_begin/group_end; return unless group_begin <
//!             group_end ≤ groups; call every chunk that overlaps
//!             [group_begin, group_end), in order
//! chunk 0     groups lo..hi: jump to the first requested group, then the
//!             same per-group panel loop as the x86 kernel, falling through
//!             to the next group until group_end
//! chunk 1     ...
//! data        GELU's vector constants (only for GELU plans)
//! ```
//!
//! Why chunks: Cranelift holds a function's IR, its lowered code and the
//! register allocator's state for every instruction at once, and compiles
//! one function on one core; a 4096×4096 matrix at 50% is ~8 M weights,
//! ~40 M instructions. So a kernel is cut between groups into functions of
//! about `CHUNK_ENTRIES` weights; each is compiled on its own (in
//! parallel), and a small dispatcher calls them. A group is never split:
//! its accumulators live in registers across all its steps.
//!
//! Relocations: the dispatcher's calls and, on x86-64, the chunks' address
//! of GELU's constant table are the only references between pieces.
//! Cranelift reports them as relocations against names we declared
//! (colocated, so PC-relative forms: rel32 on x86-64, `bl` on aarch64), and
//! `link` patches them; any other relocation is an error. Nothing else
//! needs patching: the code never uses Cranelift's constant pool or jump
//! tables (see `kernel`), so on x86-64 the whole code region decodes as
//! instructions (tested).

mod epilogue;
mod kernel;

use super::{EmittedKernel, Emitter, Note};
use crate::error::{Error, Result};
use crate::gelu;
use crate::plan::{Backend, Dtype, KernelPlan, Schedule};
use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{ExternalName, Function, UserExternalName, UserFuncName};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::{Context, FinalizedRelocTarget};
use cranelift_frontend::FunctionBuilderContext;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Weights per Cranelift function (a soft target: whole groups are added
/// until a chunk reaches it). Compile time is ~5 µs per weight whatever the
/// chunk size between one group and 32 K weights (measured on 768×768 at
/// 70%; register allocation is ~70% of it), so the size is set by memory
/// and parallelism: a 4 K-weight function's IR and register-allocation
/// state are a few MB, and a 768×768 matrix still yields dozens of chunks
/// for the threads to share. The per-function cost (prologue, a call) is
/// noise next to 4 K weights × panels of work.
const CHUNK_ENTRIES: usize = 4096;

/// Name namespace for the pieces of one kernel.
const NAMESPACE: u32 = 0;
/// Name index of the constant table; chunk `c` is `FIRST_CHUNK + c`.
const CONSTS: u32 = 0;
const FIRST_CHUNK: u32 = 1;

/// The Cranelift emitter, for one target ISA.
#[derive(Clone)]
pub struct CraneliftEmitter {
    isa: OwnedTargetIsa,
}

/// The host's ISA, built once: Cranelift's native builder enables exactly
/// the features the CPU reports (on x86-64: SSE4.x, AVX, AVX2, FMA, ...).
fn host_isa() -> &'static std::result::Result<OwnedTargetIsa, String> {
    static ISA: OnceLock<std::result::Result<OwnedTargetIsa, String>> = OnceLock::new();
    ISA.get_or_init(|| {
        let builder = cranelift_native::builder()
            .map_err(|e| format!("Cranelift does not support this host ({e})"))?;
        let isa = builder
            .finish(flags(verify_requested())?)
            .map_err(|e| format!("Cranelift cannot target this host: {e}"))?;
        check_target(&*isa)?;
        Ok(isa)
    })
}

/// `1` turns Cranelift's IR verifier on in release builds.
pub const VERIFY_ENV: &str = "SPARSEJIT_CRANELIFT_VERIFY";

/// Whether kernels are compiled with Cranelift's verifier: in debug builds,
/// or when `SPARSEJIT_CRANELIFT_VERIFY=1`. The IR comes from one generator
/// whose every shape (each legal tile, block and epilogue, and kernels of
/// many chunks) a unit test compiles with the verifier on
/// (`tests::every_legal_tile_compiles_verified`), so a release build does
/// not pay for it on every kernel, and CI does not set the variable.
fn verify_requested() -> bool {
    cfg!(debug_assertions) || std::env::var(VERIFY_ENV).is_ok_and(|v| v.trim() == "1")
}

/// Shared Cranelift settings for every kernel, with the IR verifier on or
/// off.
fn flags(verify: bool) -> std::result::Result<settings::Flags, String> {
    let mut b = settings::builder();
    let set = |b: &mut settings::Builder, k: &str, v: &str| {
        b.set(k, v)
            .map_err(|e| format!("Cranelift setting {k}={v}: {e}"))
    };
    // `speed` runs the e-graph mid-end; our IR is already free of common
    // subexpressions and invariant code, so it would only cost compile time.
    set(&mut b, "opt_level", "none")?;
    set(
        &mut b,
        "enable_verifier",
        if verify { "true" } else { "false" },
    )?;
    // No unwinding through kernels: they neither panic nor call out.
    set(&mut b, "unwind_info", "false")?;
    Ok(settings::Flags::new(b))
}

/// What the kernel needs of a target: fused multiply-add as an instruction
/// (Cranelift lowers `fma` without it to libm calls, which would be
/// relocations to code outside the kernel), and 128-bit float vectors.
fn check_target(isa: &dyn cranelift_codegen::isa::TargetIsa) -> std::result::Result<(), String> {
    use target_lexicon::Architecture;
    if !matches!(
        isa.triple().architecture,
        Architecture::X86_64 | Architecture::Aarch64(_)
    ) {
        return Err(format!(
            "the Cranelift kernels are not built for {}",
            isa.triple().architecture
        ));
    }
    if !isa.has_native_fma() {
        return Err("the CPU has no FMA, which the Cranelift kernels need".into());
    }
    Ok(())
}

/// `Ok` when the Cranelift backend can generate code that runs on this
/// host, else why not.
pub fn host_support() -> std::result::Result<(), String> {
    host_isa().as_ref().map(|_| ()).map_err(Clone::clone)
}

impl CraneliftEmitter {
    /// The emitter for the machine this runs on.
    pub fn host() -> Result<Self> {
        host_isa()
            .clone()
            .map(|isa| Self { isa })
            .map_err(Error::Unsupported)
    }

    /// An emitter for another target, for code that is inspected but not
    /// run here: `aarch64-unknown-linux-gnu` (its baseline features) is the
    /// one other target built in. The runtime never calls such code.
    pub fn for_target(triple: &str) -> Result<Self> {
        let parsed: target_lexicon::Triple = triple
            .parse()
            .map_err(|e| Error::InvalidArgument(format!("target '{triple}': {e}")))?;
        let builder = cranelift_codegen::isa::lookup(parsed)
            .map_err(|e| Error::Unsupported(format!("Cranelift cannot target {triple}: {e}")))?;
        let isa = builder
            .finish(flags(verify_requested()).map_err(Error::Codegen)?)
            .map_err(|e| Error::Unsupported(format!("Cranelift cannot target {triple}: {e}")))?;
        check_target(&*isa).map_err(Error::Unsupported)?;
        Ok(Self { isa })
    }

    /// The host emitter with the verifier on whatever the build and the
    /// environment say, for the tests that must verify.
    #[cfg(test)]
    fn host_verifying() -> Result<Self> {
        let builder = cranelift_native::builder().map_err(|e| Error::Unsupported(e.into()))?;
        let isa = builder
            .finish(flags(true).map_err(Error::Codegen)?)
            .map_err(|e| Error::Unsupported(e.to_string()))?;
        check_target(&*isa).map_err(Error::Unsupported)?;
        Ok(Self { isa })
    }

    fn is_x86(&self) -> bool {
        self.isa.triple().architecture == target_lexicon::Architecture::X86_64
    }

    /// The calling convention of the kernel's entry: System V on x86-64 (the
    /// runtime calls it as `extern "sysv64"`), the platform's elsewhere.
    fn call_conv(&self) -> CallConv {
        match self.isa.triple().architecture {
            target_lexicon::Architecture::X86_64 => CallConv::SystemV,
            _ => self.isa.default_call_conv(),
        }
    }
}

impl Emitter for CraneliftEmitter {
    fn name(&self) -> &'static str {
        "cranelift"
    }

    fn emit(&self, plan: &KernelPlan, sched: &Schedule, annotate: bool) -> Result<EmittedKernel> {
        if plan.target.backend != Backend::Cranelift || plan.target.dtype != Dtype::F32 {
            return Err(Error::Codegen(format!(
                "the Cranelift emitter got a plan for {} {}",
                plan.target.dtype, plan.target
            )));
        }
        kernel::check_offsets(plan, sched)?;
        let chunks = chunks(sched);
        // On x86-64 GELU's constants are a table after the code, reached
        // RIP-relatively, so they fold into the FMAs as memory operands.
        // Elsewhere they are immediates (`fmov`/`dup`): no relocation kinds
        // to patch beyond calls.
        let table = self.is_x86();
        let isa = &*self.isa;
        let shape = kernel::Shape {
            conv: self.call_conv(),
            cfg: isa.frontend_config(),
            table,
        };
        let compiled = compile_chunks(&chunks, |ctx, fctx, groups| {
            kernel::build_chunk(&mut ctx.func, fctx, shape, plan, sched, groups);
            compile(isa, ctx, plan)
        })?;
        let mut ctx = Context::new();
        let mut fctx = FunctionBuilderContext::new();
        let starts: Vec<usize> = chunks.iter().map(|c| c.start).collect();
        kernel::build_dispatcher(&mut ctx.func, &mut fctx, shape, &starts, sched.groups.len());
        let dispatcher = compile(isa, &mut ctx, plan)?;
        let pad = if table { PAD_X86 } else { PAD_OTHER };
        link(plan, sched, dispatcher, compiled, &chunks, annotate, pad)
    }
}

/// Compiles every chunk with `one`, in parallel on scoped threads of its
/// own rather than on rayon's pool. Callers compile inside the kernel
/// cache's compile window, often from rayon tasks; a rayon worker waiting
/// there for a chunk would run other tasks meanwhile (work stealing), and
/// one that asks the cache for the kernel this thread is compiling, or for
/// one whose compiler waits on this thread, deadlocks. A plain join never
/// runs anything else. The threads pull chunks from a shared counter, so
/// slow chunks balance.
fn compile_chunks(
    chunks: &[Range<usize>],
    one: impl Fn(&mut Context, &mut FunctionBuilderContext, Range<usize>) -> Result<Piece> + Sync,
) -> Result<Vec<Piece>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(chunks.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let work = || {
        let (mut ctx, mut fctx) = (Context::new(), FunctionBuilderContext::new());
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(groups) = chunks.get(i) else {
                return done;
            };
            done.push((i, one(&mut ctx, &mut fctx, groups.clone())));
        }
    };
    let mut pieces: Vec<(usize, Result<Piece>)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
            let mut all = work();
            for h in helpers {
                match h.join() {
                    Ok(done) => all.extend(done),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            all
        })
    };
    pieces.sort_by_key(|(i, _)| *i);
    pieces.into_iter().map(|(_, p)| p).collect()
}

/// Cuts the groups into chunks of about `CHUNK_ENTRIES` weights.
fn chunks(sched: &Schedule) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for g in 0..sched.groups.len() {
        // A group costs its weights plus a fixed epilogue and loop.
        size += sched.group_entries(g) + 64;
        if size >= CHUNK_ENTRIES {
            out.push(start..g + 1);
            (start, size) = (g + 1, 0);
        }
    }
    if start < sched.groups.len() {
        out.push(start..sched.groups.len());
    }
    out
}

/// One compiled function: its bytes and its references to other pieces.
struct Piece {
    bytes: Vec<u8>,
    relocs: Vec<(u32, Reloc, Target, i64)>,
}

/// What a relocation refers to.
#[derive(Clone, Copy, Debug)]
enum Target {
    /// A declared name (`CONSTS` or a chunk).
    Name(u32),
    /// An offset in the same function.
    Local(u32),
}

/// A fresh function with the kernel's signature and a name.
pub(super) fn new_function(conv: CallConv, index: u32) -> Function {
    let mut sig = cranelift_codegen::ir::Signature::new(conv);
    sig.params.push(cranelift_codegen::ir::AbiParam::new(
        cranelift_codegen::ir::types::I64,
    ));
    Function::with_name_signature(UserFuncName::user(NAMESPACE, index), sig)
}

/// Compiles the function in `ctx` and takes its bytes and relocations.
fn compile(
    isa: &dyn cranelift_codegen::isa::TargetIsa,
    ctx: &mut Context,
    plan: &KernelPlan,
) -> Result<Piece> {
    let mut ctrl = ControlPlane::default();
    ctx.compile(isa, &mut ctrl).map_err(|e| {
        Error::Codegen(format!(
            "Cranelift failed on {}: {:?}",
            plan.kernel_name(),
            e.inner
        ))
    })?;
    let code = ctx.compiled_code().expect("just compiled");
    let names = ctx.func.params.user_named_funcs();
    let mut relocs = Vec::new();
    for r in code.buffer.relocs() {
        let target = match &r.target {
            FinalizedRelocTarget::ExternalName(ExternalName::User(name)) => {
                let UserExternalName { namespace, index } = names[*name];
                if namespace != NAMESPACE {
                    return Err(unexpected(plan, r.kind, "a foreign name"));
                }
                Target::Name(index)
            }
            FinalizedRelocTarget::Func(off) => Target::Local(*off),
            FinalizedRelocTarget::ExternalName(other) => {
                return Err(unexpected(plan, r.kind, &format!("{other:?}")));
            }
        };
        relocs.push((r.offset, r.kind, target, r.addend));
    }
    let bytes = code.code_buffer().to_vec();
    ctx.clear();
    Ok(Piece { bytes, relocs })
}

fn unexpected(plan: &KernelPlan, kind: Reloc, what: &str) -> Error {
    Error::Codegen(format!(
        "Cranelift emitted a relocation {kind:?} against {what} in {}: the kernel \
         must only reference itself",
        plan.kernel_name()
    ))
}

/// Alignment of each function and of the constant table.
const ALIGN: usize = 16;
/// Padding between functions: `int3` on x86-64, which decodes as an
/// instruction; zero elsewhere (`udf #0` on aarch64).
const PAD_X86: u8 = 0xcc;
const PAD_OTHER: u8 = 0;

/// Concatenates the pieces, appends the constants and patches references.
/// The layout is computed from the sizes first, so each piece is patched
/// and dropped as it is copied: peak memory is one copy of the code, not
/// two (a 4096×4096 kernel at 50% is ~265 MB).
fn link(
    plan: &KernelPlan,
    sched: &Schedule,
    dispatcher: Piece,
    chunks: Vec<Piece>,
    ranges: &[Range<usize>],
    annotate: bool,
    pad: u8,
) -> Result<EmittedKernel> {
    let pieces: Vec<Piece> = std::iter::once(dispatcher).chain(chunks).collect();
    let mut starts = Vec::with_capacity(pieces.len());
    let mut end = 0usize;
    for piece in &pieces {
        let at = end.next_multiple_of(ALIGN);
        starts.push(at);
        end = at + piece.bytes.len();
    }
    let code_end = end;
    let consts = pad == PAD_X86 && epilogue::needs_constants(plan.epilogue.activation);
    let consts_at = consts.then(|| code_end.next_multiple_of(ALIGN));
    let total = consts_at.map_or(code_end, |at| at + 16 * gelu::constants().len());
    let mut code = Vec::with_capacity(total);
    let mut notes = Vec::new();
    for (i, mut piece) in pieces.into_iter().enumerate() {
        let base = starts[i];
        code.resize(base, pad);
        if annotate {
            notes.push((base, note(sched, ranges, i)));
        }
        for &(offset, kind, target, addend) in &piece.relocs {
            let to = match target {
                Target::Name(CONSTS) => consts_at.ok_or_else(|| {
                    unexpected(plan, kind, "the constants, which this plan has not")
                })?,
                Target::Name(n) => {
                    let c = (n - FIRST_CHUNK) as usize;
                    *starts
                        .get(1 + c)
                        .ok_or_else(|| unexpected(plan, kind, &format!("chunk {c}")))?
                }
                Target::Local(off) => base + off as usize,
            };
            let at = offset as usize;
            match kind {
                // PC-relative 32-bit: S + A - P.
                Reloc::X86PCRel4 | Reloc::X86CallPCRel4 => {
                    let rel = to as i64 + addend - (base + at) as i64;
                    let rel = i32::try_from(rel).map_err(|_| {
                        Error::Unsupported(format!(
                            "{}: the code is too large for 32-bit offsets",
                            plan.kernel_name()
                        ))
                    })?;
                    piece.bytes[at..at + 4].copy_from_slice(&rel.to_le_bytes());
                }
                // aarch64 `bl`: a signed 26-bit word offset in bits 0..26.
                Reloc::Arm64Call => {
                    let rel = to as i64 + addend - (base + at) as i64;
                    if rel % 4 != 0 || !(-(1 << 27)..(1 << 27)).contains(&rel) {
                        return Err(Error::Unsupported(format!(
                            "{}: a call spans {rel} bytes, beyond bl's ±128 MiB",
                            plan.kernel_name()
                        )));
                    }
                    let word = &mut piece.bytes[at..at + 4];
                    let ins = u32::from_le_bytes(word.try_into().expect("4 bytes"));
                    let ins = (ins & 0xfc00_0000) | ((rel >> 2) as u32 & 0x03ff_ffff);
                    word.copy_from_slice(&ins.to_le_bytes());
                }
                other => return Err(unexpected(plan, other, "a name")),
            }
        }
        code.extend_from_slice(&piece.bytes);
    }
    assert_eq!(code.len(), code_end, "linked pieces fill the code exactly");
    if let Some(at) = consts_at {
        code.resize(at, pad);
        if annotate {
            notes.push((at, Note::Constants));
        }
        for v in gelu::constants() {
            for _ in 0..4 {
                code.extend(v.to_le_bytes());
            }
        }
    }
    Ok(EmittedKernel {
        code,
        code_end,
        notes,
    })
}

/// The listing's note for piece `i` (0: the dispatcher, then the chunks).
fn note(sched: &Schedule, ranges: &[Range<usize>], i: usize) -> Note {
    if i == 0 {
        return Note::Prologue;
    }
    let groups = &ranges[i - 1];
    let first = &sched.groups[groups.start];
    let last = &sched.groups[groups.end - 1];
    Note::GroupStart {
        group: groups.start,
        row0: first.row0,
        rows: last.row0 + last.rows - first.row0,
    }
}

#[cfg(test)]
mod tests;
