//! The instruction mix of generated code: counts by mnemonic, FMAs,
//! broadcasts, stores, and loads by what they read (X, weights, bias,
//! arguments, jump table, constants). `dump --stats` prints it; the tests
//! check it against the plan (one FMA per stored weight per vector, and no
//! load from anything that could be an index array).

use super::{KernelInfo, decode};
use crate::codegen::Note;
use iced_x86::{Instruction, InstructionInfoFactory, Mnemonic, OpAccess, Register};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::ops::Range;

/// Memory reads by the base register they use. The register roles are the
/// emitter's (see `codegen::x86`): anything in `other` would be a read the
/// design does not allow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadSources {
    /// `[r9 + k·NB·4 + 32·v]`: X rows of the current panel (including FMAs
    /// that read X straight from memory).
    pub x: usize,
    /// `[rdx + disp8]`: the packed weights, through the walking pointer.
    pub weights: usize,
    /// `[r8 + 4·row]`: the bias.
    pub bias: usize,
    /// `[rdi + offset]`: `KernelArgs` fields.
    pub args: usize,
    /// `[rdx + rax·4]`: the jump table.
    pub jump_table: usize,
    /// `[rip + ...]`: the epilogue's vector constants.
    pub constants: usize,
    /// `[rsp]`: `ret` reading its return address.
    pub stack: usize,
    pub other: usize,
}

/// Counts of instructions by mnemonic, plus the classes that matter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InstructionMix {
    pub total: usize,
    pub by_mnemonic: BTreeMap<String, usize>,
    /// All FMAs: `vfmadd231ps` (weights) and `vfmadd213ps` (GELU).
    pub fma: usize,
    /// `vfmadd231ps`: one per stored weight per vector of the tile.
    pub weight_fma: usize,
    /// `vbroadcastss` and `vpbroadcastd`: weights, biases, row scales.
    pub broadcasts: usize,
    /// INT8 multiply-accumulates of weight words: `vpdpbusd`, or the AVX2
    /// family's `vpmaddubsw` / `vpmaddwd` that multiply X by a weight word
    /// (the `vpmaddwd` with ones of `maddubs7` is counted in `int8_sums`).
    pub int8_macs: usize,
    /// `vpmaddwd` with ones and `vpaddd`: the AVX2 family's widening sums.
    pub int8_sums: usize,
    /// Instructions that read memory (loads and FMAs with a memory operand).
    pub loads: usize,
    pub loads_from: LoadSources,
    /// Reads whose address uses an index register. Only the jump table's
    /// `movsxd` may: the pattern is baked into displacements.
    pub indexed_loads: usize,
    pub stores: usize,
}

impl InstructionMix {
    fn add(&mut self, ins: &Instruction, info: &mut InstructionInfoFactory) {
        self.total += 1;
        *self
            .by_mnemonic
            .entry(format!("{:?}", ins.mnemonic()).to_lowercase())
            .or_default() += 1;
        match ins.mnemonic() {
            Mnemonic::Vfmadd231ps => {
                self.fma += 1;
                self.weight_fma += 1;
            }
            // GELU's polynomial (x86), or any FMA Cranelift chooses.
            Mnemonic::Vfmadd213ps | Mnemonic::Vfmadd132ps => self.fma += 1,
            Mnemonic::Vbroadcastss | Mnemonic::Vpbroadcastd => self.broadcasts += 1,
            Mnemonic::Vpdpbusd | Mnemonic::Vpmaddubsw => self.int8_macs += 1,
            // In maddwd16 it multiplies X by a weight word; in maddubs7 the
            // product by ones (its second source is its destination).
            Mnemonic::Vpmaddwd if ins.op0_register() == ins.op1_register() => self.int8_sums += 1,
            Mnemonic::Vpmaddwd => self.int8_macs += 1,
            Mnemonic::Vpaddd => self.int8_sums += 1,
            _ => {}
        }
        for mem in info.info(ins).used_memory() {
            match mem.access() {
                OpAccess::Read | OpAccess::CondRead => {
                    self.loads += 1;
                    if mem.index() != Register::None {
                        self.indexed_loads += 1;
                    }
                    let from = &mut self.loads_from;
                    // iced-x86 reports a RIP-relative read with the
                    // absolute target and no base register.
                    let rip = ins.is_ip_rel_memory_operand() && mem.base() == Register::None;
                    *match if rip { Register::RIP } else { mem.base() } {
                        Register::R9 => &mut from.x,
                        // rdx walks the weights; only the jump table
                        // read `[rdx + rax·4]` is indexed.
                        Register::RDX if mem.index() == Register::None => &mut from.weights,
                        Register::RDX => &mut from.jump_table,
                        Register::R8 => &mut from.bias,
                        Register::RDI => &mut from.args,
                        Register::RIP => &mut from.constants,
                        Register::RSP => &mut from.stack,
                        _ => &mut from.other,
                    } += 1;
                }
                OpAccess::Write | OpAccess::CondWrite => self.stores += 1,
                _ => {}
            }
        }
    }
}

/// The mix of all instructions in `code[..code_end]`.
pub fn instruction_mix(code: &[u8], code_end: usize) -> InstructionMix {
    mix_of(code, code_end, std::slice::from_ref(&(0..code_end)))
}

/// The mix of the instructions that start inside `ranges`.
fn mix_of(code: &[u8], code_end: usize, ranges: &[Range<usize>]) -> InstructionMix {
    let mut mix = InstructionMix::default();
    let mut info = InstructionInfoFactory::new();
    for ins in decode(code, code_end) {
        if ranges.iter().any(|r| r.contains(&(ins.ip() as usize))) {
            mix.add(&ins, &mut info);
        }
    }
    mix
}

/// The `--stats` report for the instructions in `ranges`.
pub(super) fn report(
    info: &KernelInfo,
    code: &[u8],
    code_end: usize,
    notes: &[(usize, Note)],
    ranges: &[Range<usize>],
) -> String {
    let mix = mix_of(code, code_end, ranges);
    // FMAs per stored weight: one per vector register of a tile row (a zmm
    // holds two of the plan's 8-token vectors).
    let wide = info.plan.target.isa.is_wide();
    let vecs = info.plan.regs_per_row();
    // Stored weights in the shown code, from the step notes.
    let entries: usize = notes
        .iter()
        .filter(|(at, _)| ranges.iter().any(|r| r.contains(at)))
        .map(|(_, n)| match n {
            Note::Step { len, .. } => *len as usize,
            _ => 0,
        })
        .sum();
    let bytes: usize = ranges.iter().map(|r| r.len()).sum();
    let l = &mix.loads_from;
    let mut out = String::new();
    let mut row = |name: &str, n: usize, what: String| {
        let _ = writeln!(out, "{name:<16}{n:>10}  {what}");
    };
    row(
        "instructions",
        mix.total,
        format!("in {bytes} bytes of code"),
    );
    if info.plan.target.dtype == crate::plan::Dtype::Int8 {
        row(
            "int8 mac",
            mix.int8_macs,
            format!(
                "{} (weight words of {} k: {entries} stored x {vecs} registers = {}), plus {} widening sums",
                match info.plan.mac {
                    crate::plan::Mac::Dpbusd => "vpdpbusd",
                    crate::plan::Mac::Maddubs7 => "vpmaddubsw",
                    _ => "vpmaddwd",
                },
                info.plan.granule(),
                entries * vecs,
                mix.int8_sums
            ),
        );
        row(
            "fma",
            mix.fma,
            "vfmadd231ps and vfmadd213ps of the dequantization and gelu".into(),
        );
    } else {
        row(
            "fma",
            mix.fma,
            format!(
                "vfmadd231ps {} (weights: {entries} stored x {vecs} vectors = {}), vfmadd213ps {} (gelu)",
                mix.weight_fma,
                entries * vecs,
                mix.fma - mix.weight_fma
            ),
        );
    }
    row(
        "broadcasts",
        mix.broadcasts,
        match (wide, info.plan.target.dtype) {
            (true, crate::plan::Dtype::F32) => {
                "vbroadcastss: one per single-weight column (other FMAs broadcast from memory)"
                    .into()
            }
            (true, _) => "none: vpdpbusd broadcasts its weight word from memory".into(),
            (false, crate::plan::Dtype::F32) => {
                "vbroadcastss: one per stored weight, one per bias row".into()
            }
            (false, _) => {
                "vpbroadcastd: one per weight word; vbroadcastss: row scale, bias, compensation"
                    .into()
            }
        },
    );
    row(
        "loads",
        mix.loads,
        format!(
            "X [r9] {}, weights [rdx] {}, bias [r8] {}, args [rdi] {}, jump table {}, constants {}, ret {}, other {}",
            l.x, l.weights, l.bias, l.args, l.jump_table, l.constants, l.stack, l.other
        ),
    );
    row(
        "indexed loads",
        mix.indexed_loads,
        "only the jump table is indexed: no index array is read".into(),
    );
    row("stores", mix.stores, "to Y [r10]".into());
    let _ = writeln!(out, "\nby mnemonic:");
    let mut by: Vec<_> = mix.by_mnemonic.iter().collect();
    by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (name, n) in by {
        let pct = 100.0 * *n as f64 / mix.total.max(1) as f64;
        let _ = writeln!(out, "  {name:<14}{n:>10}  {pct:5.1}%");
    }
    out
}
