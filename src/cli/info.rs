//! `sparsejit info`: what this machine offers and what sparsejit will use:
//! CPU features, the ISA chosen, the FMA peak, the kernel templates and the
//! kernel cache's state.

use sparsejit::plan::templates;
use sparsejit::runtime::{CpuFeatures, KernelCache, cpu};

pub fn run() -> anyhow::Result<()> {
    let cpu = CpuFeatures::detect();
    println!("cpu features: {}", cpu.names().join(" "));
    println!("best ISA for this CPU: {}", cpu.best_isa());
    let env = std::env::var(cpu::ISA_ENV).unwrap_or_default();
    println!(
        "ISA chosen: {} ({}={})",
        cpu::resolve(None)?,
        cpu::ISA_ENV,
        if env.is_empty() { "unset" } else { &env }
    );
    match sparsejit::runtime::peak::fma_peak() {
        Ok(p) => println!(
            "fma peak: {p:.1} GFLOP/s per core (fp32, measured now: a JIT loop of independent 256-bit FMAs)"
        ),
        Err(e) => println!("fma peak: not measured ({e})"),
    }
    println!("threads: {} available", rayon::current_num_threads());
    for t in templates::all() {
        let blocks: Vec<String> = t.blocks().iter().map(|b| b.to_string()).collect();
        println!(
            "template {}: isa {}, {} via {}, {} lanes, {} registers, blocks {}",
            t.family,
            t.isa,
            t.dtype,
            t.backend,
            t.lanes,
            t.registers,
            blocks.join(" ")
        );
    }
    let s = KernelCache::global().stats();
    println!(
        "kernel cache: {} kernels, {} code bytes, {} hits, {} misses (per process: it starts empty)",
        s.entries, s.code_bytes, s.hits, s.misses
    );
    Ok(())
}
