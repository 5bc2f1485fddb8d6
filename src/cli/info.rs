//! `sparsejit info`: what this machine offers and what sparsejit will use:
//! CPU features, the ISA chosen per dtype, the FMA and INT8 peaks, the
//! kernel templates and the kernel cache's state.

use sparsejit::plan::{Dtype, Mac, templates};
use sparsejit::runtime::{CpuFeatures, KernelCache, cpu};

pub fn run() -> anyhow::Result<()> {
    let cpu = CpuFeatures::detect();
    println!("cpu features: {}", cpu.names().join(" "));
    println!("best ISA for this CPU: {}", cpu.best_isa());
    // One comma-separated line, for SPARSEJIT_REQUIRE_ISA (`.ci/run` reads
    // it so the tests cannot silently skip a kernel family this machine runs).
    let mut runs: Vec<&str> = cpu.levels().iter().map(|i| i.name()).collect();
    if cpu.supports(sparsejit::plan::IsaChoice::Cranelift) {
        runs.push("cranelift");
    }
    println!("isas this machine runs: {}", runs.join(","));
    let env = std::env::var(cpu::ISA_ENV).unwrap_or_default();
    println!(
        "ISA chosen: {} for f32, {} for int8 ({}={})",
        cpu::resolve(None, Dtype::F32)?,
        cpu::resolve(None, Dtype::Int8)?,
        cpu::ISA_ENV,
        if env.is_empty() { "unset" } else { &env }
    );
    use sparsejit::runtime::peak::{Width, fma_peak_of};
    match Width::widest() {
        None => println!("fma peak: not measured (this CPU has no AVX2+FMA)"),
        Some(widest) => {
            for w in [Width::Ymm, Width::Zmm] {
                if w.bits() > widest.bits() {
                    continue;
                }
                match fma_peak_of(w) {
                    Ok(p) => println!(
                        "fma peak {}-bit: {p:.1} GFLOP/s per core (fp32, measured now: a JIT loop of independent FMAs){}",
                        w.bits(),
                        if w == widest {
                            "; the machine's peak, the denominator of every `peak` column"
                        } else {
                            ""
                        }
                    ),
                    Err(e) => println!("fma peak {}-bit: not measured ({e})", w.bits()),
                }
            }
        }
    }
    // The INT8 peak of every INT8 family this CPU runs, for each of its
    // multiply-accumulates: the denominator of INT8 rows' `peak` column.
    for t in templates::all().iter().filter(|t| t.dtype == Dtype::Int8) {
        let Some(isa) = t.isa.filter(|&i| cpu.runs(i)) else {
            continue;
        };
        for &mac in t.macs() {
            match sparsejit::runtime::peak::int8_peak(isa, mac) {
                Ok(p) => println!(
                    "int8 peak {isa} {}: {p:.1} GOP/s per core (measured now: a JIT loop of independent {})",
                    mac.name(),
                    mac_instructions(mac)
                ),
                Err(e) => println!("int8 peak {isa} {}: not measured ({e})", mac.name()),
            }
        }
    }
    println!("threads: {} available", rayon::current_num_threads());
    for t in templates::all() {
        let blocks: Vec<String> = t.blocks().iter().map(|b| b.to_string()).collect();
        println!(
            "template {}: isa {}, {} via {}, {} lanes, {} registers, blocks {}",
            t.name(),
            t.isa.map_or("host", |i| i.name()),
            t.dtype,
            t.backend.name(),
            t.lanes,
            t.registers,
            blocks.join(" ")
        );
    }
    match sparsejit::runtime::tuned::default_path() {
        None => println!(
            "tuning file: off ({}=off, or no cache directory)",
            sparsejit::runtime::tuned::TUNING_ENV
        ),
        Some(path) => match sparsejit::runtime::tuned::TuningFile::open(&path) {
            Err(e) => println!("tuning file: unreadable, ignored ({e})"),
            Ok(f) => {
                let here = sparsejit::runtime::tuned::cpu_model();
                let mine: Vec<_> = f.entries().iter().filter(|e| e.key.cpu == here).collect();
                println!(
                    "tuning file: {} ({} variants for this CPU, {} for others; `sparsejit tune` adds them)",
                    path.display(),
                    mine.len(),
                    f.entries().len() - mine.len()
                );
                for e in mine {
                    println!(
                        "  tuned {} {} {} {}: tile {} {}{}, {:.2}x the default (measured on {})",
                        e.key.isa,
                        e.key.dtype,
                        e.key.block,
                        e.key.class,
                        e.tile,
                        e.mac,
                        match e.k_block {
                            Some(0) => ", no K-blocks".to_string(),
                            Some(rows) => format!(", K-blocks of {rows}"),
                            None => String::new(),
                        },
                        e.speedup,
                        e.measured_on
                    );
                }
            }
        },
    }
    let s = KernelCache::global().stats();
    println!(
        "kernel cache: {} kernels, {} code bytes, {} hits, {} misses, {} evictions, {} failed compiles (per process: it starts empty)",
        s.entries, s.code_bytes, s.hits, s.misses, s.evictions, s.failures
    );
    println!(
        "kernel cache keeps up to {} of code no layer holds ({} now; {}=MiB sets it), and frees the rest",
        mib(s.retain_limit),
        mib(s.retained_bytes),
        sparsejit::runtime::cache::RETAIN_ENV
    );
    Ok(())
}

/// The instructions one INT8 multiply-accumulate of the kernels issues.
fn mac_instructions(mac: Mac) -> &'static str {
    match mac {
        Mac::Dpbusd => "vpdpbusd",
        Mac::Maddubs7 => "vpmaddubsw + vpmaddwd + vpaddd",
        Mac::Maddwd16 => "vpmaddwd + vpaddd",
        Mac::Fma => "vfmadd231ps",
    }
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
}
