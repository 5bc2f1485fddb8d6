//! Listings of generated code: iced-x86 decodes the exact bytes that run and
//! formats them in Intel syntax, with the emitter's notes between the
//! instructions; and an instruction mix for `--stats`.

use crate::codegen::Note;
use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter, Mnemonic};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Decodes the instructions in `code[..code_end]`.
pub fn decode(code: &[u8], code_end: usize) -> Vec<Instruction> {
    let mut decoder = Decoder::with_ip(64, &code[..code_end], 0, DecoderOptions::NONE);
    let mut out = Vec::new();
    while decoder.can_decode() {
        out.push(decoder.decode());
    }
    out
}

fn describe(note: &Note) -> String {
    match *note {
        Note::Prologue => "prologue: load KernelArgs, jump to group_begin".into(),
        Note::GroupStart { group, row0, rows } => {
            format!("group_{group}: output rows {row0}..{}", row0 + rows)
        }
        Note::PanelLoop => "panel_loop: one panel of tokens per iteration".into(),
        Note::Step {
            k,
            first,
            len,
            block,
        } => format!(
            "k={k}: weights {first}..{} (block row {}, block col {})",
            first as usize + len as usize,
            block.0,
            block.1
        ),
        Note::Epilogue => "epilogue: bias, activation, transpose, store".into(),
        Note::Exit => "exit".into(),
        Note::JumpTable => "data: jump table (i32 offsets of the groups)".into(),
        Note::Constants => "data: vector constants".into(),
    }
}

/// An Intel-syntax listing of `code`, with `notes` printed before the
/// instruction at their offset. Offsets are relative to the code start.
pub fn listing(code: &[u8], code_end: usize, notes: &[(usize, Note)]) -> String {
    let mut fmt = IntelFormatter::new();
    fmt.options_mut().set_first_operand_char_index(10);
    fmt.options_mut().set_hex_prefix("0x");
    fmt.options_mut().set_hex_suffix("");
    let mut out = String::new();
    let mut notes = notes.iter().peekable();
    let mut text = String::new();
    for ins in decode(code, code_end) {
        let at = ins.ip() as usize;
        while let Some((off, note)) = notes.peek() {
            if *off > at {
                break;
            }
            let _ = writeln!(out, "                                ; {}", describe(note));
            notes.next();
        }
        text.clear();
        fmt.format(&ins, &mut text);
        let bytes: String = code[at..at + ins.len()]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let _ = writeln!(out, "{at:08x}  {bytes:<22}  {text}");
    }
    for (_, note) in notes {
        let _ = writeln!(out, "                                ; {}", describe(note));
    }
    if code_end < code.len() {
        let _ = writeln!(
            out,
            "{code_end:08x}  ({} bytes of data)",
            code.len() - code_end
        );
    }
    out
}

/// Counts of instructions by mnemonic, plus the classes that matter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InstructionMix {
    pub total: usize,
    pub by_mnemonic: BTreeMap<String, usize>,
    pub fma: usize,
    pub broadcasts: usize,
    /// Instructions that read memory (loads and FMAs with a memory operand).
    pub loads: usize,
    pub stores: usize,
}

pub fn instruction_mix(code: &[u8], code_end: usize) -> InstructionMix {
    use iced_x86::{InstructionInfoFactory, OpAccess};
    let mut mix = InstructionMix::default();
    let mut info = InstructionInfoFactory::new();
    for ins in decode(code, code_end) {
        mix.total += 1;
        *mix.by_mnemonic
            .entry(format!("{:?}", ins.mnemonic()).to_lowercase())
            .or_default() += 1;
        if matches!(
            ins.mnemonic(),
            Mnemonic::Vfmadd231ps | Mnemonic::Vfmadd213ps | Mnemonic::Vfmadd132ps
        ) {
            mix.fma += 1;
        }
        if matches!(
            ins.mnemonic(),
            Mnemonic::Vbroadcastss | Mnemonic::Vpbroadcastd
        ) {
            mix.broadcasts += 1;
        }
        let info = info.info(&ins);
        for mem in info.used_memory() {
            match mem.access() {
                OpAccess::Read | OpAccess::CondRead => mix.loads += 1,
                OpAccess::Write | OpAccess::CondWrite => mix.stores += 1,
                _ => {}
            }
        }
    }
    mix
}
