//! Showing a layer's generated code: the `SparseLinear` methods behind
//! `sparsejit dump` (annotated listing, instruction mix, raw bytes), and the
//! hooks that run after each fresh compile when the environment asks:
//!
//! - `SPARSEJIT_DUMP=DIR` writes `<kernel-name>-<hash>.bin` (the exact
//!   bytes) and `.asm` (the listing) into DIR, as oneDNN's
//!   `ONEDNN_JIT_DUMP` does, plus the readable form it lacks;
//! - `SPARSEJIT_PERF_MAP=1` appends `<addr> <size> <name>` to
//!   `/tmp/perf-<pid>.map`, so `perf report` names JIT kernels.
//!
//! Both hooks are best effort: a failure is a warning on stderr and never
//! fails compilation. Listings are made from the executed bytes; the notes
//! come from re-emitting the kernel with annotations, and the two emissions
//! must agree byte for byte or no listing is printed.

use super::SparseLinear;
use crate::codegen::emitter_for;
use crate::disasm::{self, DisasmOptions, InstructionMix, KernelInfo};
use crate::error::{Error, Result};
use crate::plan::Schedule;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Directory that receives a `.bin` and an `.asm` per compiled kernel.
pub const DUMP_ENV: &str = "SPARSEJIT_DUMP";
/// `1` appends every compiled kernel to the perf map.
pub const PERF_MAP_ENV: &str = "SPARSEJIT_PERF_MAP";

fn no_code(layer: &SparseLinear) -> Error {
    Error::Unsupported(format!(
        "this layer runs the generic BSR kernel (target {}): there is no generated code to show; \
         compile it with --isa auto on a CPU that has AVX2 and FMA",
        layer.plan().target
    ))
}

impl SparseLinear {
    /// The exact bytes that run: instructions, jump table and constants,
    /// entry at offset 0. An error for a layer on the generic kernel.
    pub fn raw_code(&self) -> Result<&[u8]> {
        self.jit_kernel()
            .map(|k| k.code.bytes())
            .ok_or_else(|| no_code(self))
    }

    /// Where the instructions end in `raw_code()`; the jump table and the
    /// constants follow.
    pub fn code_end(&self) -> Result<usize> {
        self.jit_kernel()
            .map(|k| k.code.code_end())
            .ok_or_else(|| no_code(self))
    }

    /// Writes `raw_code()` to `path` atomically, for
    /// `objdump -D -b binary -mi386:x86-64 path`.
    pub fn write_raw(&self, path: &Path) -> Result<()> {
        crate::files::write_atomic(path, self.raw_code()?)
    }

    /// `<kernel-name>-<pattern hash>`: the kernel name says everything
    /// but the shape and pattern, which the hash covers. Dump files and
    /// perf-map symbols use it.
    pub fn dump_name(&self) -> String {
        format!(
            "{}-{:016x}",
            self.kernel_name(),
            self.weights().pattern_hash()
        )
    }

    /// The header and the annotated listing (or, with `opts.stats`, the
    /// instruction mix) of the code this layer runs.
    pub fn disassemble(&self, opts: &DisasmOptions) -> Result<String> {
        let kernel = self.jit_kernel().ok_or_else(|| no_code(self))?;
        let emitter = emitter_for(self.plan().target)?;
        let sched = Schedule::new(self.plan(), self.weights())?;
        let annotated = emitter.emit(self.plan(), &sched, true)?;
        let (run, end) = (kernel.code.bytes(), kernel.code.code_end());
        if annotated.code != run || annotated.code_end != end {
            let at = run
                .iter()
                .zip(&annotated.code)
                .position(|(a, b)| a != b)
                .unwrap_or(run.len().min(annotated.code.len()));
            return Err(Error::Codegen(format!(
                "{}: re-emitting with annotations gave {} bytes, but {} bytes run \
                 (first difference at offset {at:#x}); refusing to print a listing that is not the running code",
                self.kernel_name(),
                annotated.code.len(),
                run.len()
            )));
        }
        let info = KernelInfo {
            plan: self.plan(),
            emitter: emitter.name(),
            weights: self.weights().stats(),
            compile_time: kernel.compile_time,
        };
        disasm::render(&info, run, end, &annotated.notes, opts)
    }

    /// The instruction mix of the code this layer runs.
    pub fn instruction_mix(&self) -> Result<InstructionMix> {
        let k = self.jit_kernel().ok_or_else(|| no_code(self))?;
        Ok(disasm::instruction_mix(k.code.bytes(), k.code.code_end()))
    }

    /// Writes `<dump_name>.bin` and `<dump_name>.asm` into `dir` (created
    /// if missing) and returns their paths.
    pub fn dump_to_dir(&self, dir: &Path) -> Result<[PathBuf; 2]> {
        let raw = self.raw_code()?;
        let asm = self.disassemble(&DisasmOptions::default())?;
        std::fs::create_dir_all(dir).map_err(|e| Error::File {
            path: dir.to_path_buf(),
            message: format!("cannot create the dump directory: {e}"),
        })?;
        let name = self.dump_name();
        let bin = dir.join(format!("{name}.bin"));
        let txt = dir.join(format!("{name}.asm"));
        crate::files::write_atomic(&bin, raw)?;
        crate::files::write_atomic(&txt, asm.as_bytes())?;
        Ok([bin, txt])
    }
}

/// `/tmp/perf-<pid>.map`, where `perf` looks for JIT symbols. The
/// directory is fixed by perf, not `TMPDIR`.
pub fn perf_map_path() -> PathBuf {
    PathBuf::from(format!("/tmp/perf-{}.map", std::process::id()))
}

/// Appends one `<hex addr> <hex size> <name>` line for the layer's code.
/// Each line is one `write` on an `O_APPEND` file, so lines from threads
/// compiling at once do not interleave.
pub fn append_perf_map(layer: &SparseLinear) -> Result<()> {
    let Some(k) = layer.jit_kernel() else {
        return Ok(());
    };
    let path = perf_map_path();
    let line = format!(
        "{:x} {:x} {}\n",
        k.code.address(),
        k.code.code_end(),
        layer.dump_name()
    );
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(line.as_bytes()))
        .map_err(|e| Error::File {
            path,
            message: format!("cannot append to the perf map: {e}"),
        })
}

/// Called once per kernel that this process compiled (not on cache hits).
pub(crate) fn on_compiled(layer: &SparseLinear) {
    if layer.jit_kernel().is_none() {
        return;
    }
    if let Some(dir) = std::env::var_os(DUMP_ENV).filter(|d| !d.is_empty())
        && let Err(e) = layer.dump_to_dir(Path::new(&dir))
    {
        eprintln!("warning: {DUMP_ENV}: {e}");
    }
    let perf = std::env::var(PERF_MAP_ENV).unwrap_or_default();
    if !matches!(perf.trim(), "" | "0")
        && let Err(e) = append_perf_map(layer)
    {
        eprintln!("warning: {PERF_MAP_ENV}: {e}");
    }
}
