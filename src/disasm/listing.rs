//! The annotated Intel-syntax listing: instructions decoded by iced-x86,
//! the emitter's notes printed between them, labels named after what they
//! mark (`group_3:`, `panel_loop_3:`, `done_3:`, `exit:`), branch and
//! RIP-relative targets printed with those names through iced-x86's symbol
//! resolver, and the data after the code (jump table, constants) decoded.

use super::{decode, group_spans};
use crate::codegen::{KernelArgs, Note};
use crate::plan::{Activation, KernelPlan};
use iced_x86::{
    Formatter, Instruction, IntelFormatter, Mnemonic, OpKind, Register, SymbolResolver,
    SymbolResult,
};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::mem::offset_of;
use std::ops::Range;
use std::sync::Arc;

/// Label names by code offset.
type Labels = BTreeMap<u64, String>;

/// Column of the `;` of a note, so notes line up with the mnemonics.
const NOTE_COL: usize = 32;

/// Names every offset a note marks, and every branch target; a target with
/// no note (the end of a tile's panel loop) is named after its tile.
fn labels(notes: &[(usize, Note)], code: &[u8], code_end: usize, ins: &[Instruction]) -> Labels {
    let mut out = Labels::new();
    let mut group = 0;
    // K-blocked kernels have a segment per (K-block, group): "kb1_group_3".
    let mut kb = String::new();
    for &(at, note) in notes {
        let name = match note {
            Note::GroupStart { group: g, .. } => {
                group = g;
                format!("{kb}group_{g}")
            }
            Note::KBlock { block, .. } => {
                kb = format!("kb{block}_");
                format!("k_block_{block}")
            }
            Note::PanelLoop => format!("{kb}panel_loop_{group}"),
            Note::CodePrefetch { .. } => format!("{kb}prefetch_{group}"),
            Note::Exit => "exit".into(),
            Note::JumpTable => "jump_table".into(),
            Note::Constants => "constants".into(),
            Note::Prologue | Note::Step { .. } | Note::Epilogue => continue,
        };
        out.insert(at as u64, name);
    }
    let spans = group_spans(notes, code_end);
    for i in ins {
        if !is_branch(i) {
            continue;
        }
        let target = i.near_branch_target();
        if out.contains_key(&target) || target as usize >= code.len() {
            continue;
        }
        let name = match spans.iter().find(|s| s.code.contains(&(target as usize))) {
            Some(s) => format!("done_{}", s.group),
            None => format!("L{target:x}"),
        };
        out.insert(target, name);
    }
    out
}

fn is_branch(i: &Instruction) -> bool {
    (0..i.op_count()).any(|op| {
        matches!(
            i.op_kind(op),
            OpKind::NearBranch16 | OpKind::NearBranch32 | OpKind::NearBranch64
        )
    })
}

/// `KernelArgs` fields by offset, for `mov r, [rdi+offset]`.
const ARG_FIELDS: [(usize, &str); 8] = [
    (offset_of!(KernelArgs, x), "args.x"),
    (offset_of!(KernelArgs, y), "args.y"),
    (offset_of!(KernelArgs, values), "args.values"),
    (offset_of!(KernelArgs, bias), "args.bias"),
    (offset_of!(KernelArgs, panels), "args.panels"),
    (offset_of!(KernelArgs, group_begin), "args.group_begin"),
    (offset_of!(KernelArgs, group_end), "args.group_end"),
    (offset_of!(KernelArgs, partial), "args.partial"),
];

/// Resolves branch targets and RIP-relative addresses to label names.
/// Plain displacements and immediates are left as numbers: `[r9+0x40]` is
/// an X row, not a label that happens to sit at offset 0x40.
struct Resolver {
    labels: Arc<Labels>,
}

impl SymbolResolver for Resolver {
    fn symbol(
        &mut self,
        instruction: &Instruction,
        _operand: u32,
        instruction_operand: Option<u32>,
        address: u64,
        _address_size: u32,
    ) -> Option<SymbolResult<'_>> {
        let op = instruction_operand?;
        let wanted = match instruction.op_kind(op) {
            OpKind::NearBranch16 | OpKind::NearBranch32 | OpKind::NearBranch64 => true,
            OpKind::Memory if instruction.memory_base() == Register::RDI => {
                // rdi is &KernelArgs: name the field.
                let field = ARG_FIELDS.iter().find(|f| f.0 as u64 == address)?;
                return Some(SymbolResult::with_str(address, field.1));
            }
            OpKind::Memory => instruction.is_ip_rel_memory_operand(),
            _ => false,
        };
        if !wanted {
            return None;
        }
        // The nearest label at or before the address: constants are one
        // label, so `constants+0x60` names the fourth vector.
        let (&at, name) = self.labels.range(..=address).next_back()?;
        Some(SymbolResult::with_str(at, name.as_str()))
    }
}

fn formatter(labels: Arc<Labels>) -> IntelFormatter {
    let mut fmt = IntelFormatter::with_options(Some(Box::new(Resolver { labels })), None);
    let o = fmt.options_mut();
    o.set_first_operand_char_index(10);
    o.set_hex_prefix("0x");
    o.set_hex_suffix("");
    o.set_show_branch_size(false);
    o.set_rip_relative_addresses(false);
    o.set_uppercase_hex(false);
    fmt
}

/// What a note says, in one line.
fn describe(note: &Note, plan: &KernelPlan) -> String {
    match *note {
        Note::Prologue => {
            "prologue: load KernelArgs; exit unless group_begin < group_end <= groups; jump through jump_table to group_begin".into()
        }
        Note::GroupStart { row0, rows, .. } => {
            let br = plan.block.rows;
            let (b0, b1) = (row0 / br, (row0 + rows).div_ceil(br));
            format!(
                "output rows {row0}..{} (row-blocks {b0}..{b1}); load X, Y and the panel count",
                row0 + rows
            )
        }
        Note::CodePrefetch { next } => {
            format!("prefetch group_{next}'s code into L2, a 64-byte line per iteration")
        }
        Note::KBlock { block, rows } => format!(
            "K-block {block}: every group over input rows {}..{}, its sums kept in args.partial between blocks",
            rows.0, rows.1
        ),
        Note::PanelLoop => format!(
            "one panel of {} tokens per iteration: {} the {}x{} accumulator tile",
            plan.tile.panel_width(),
            if plan.k_block == 0 {
                "zero"
            } else {
                "zero (K-block 0) or reload from args.partial"
            },
            plan.tile.rows,
            plan.tile.panel_width()
        ),
        Note::Step {
            k,
            first,
            len,
            block,
            gathered,
        } => {
            let g = plan.granule() as u32;
            let what = match gathered {
                Some(q) => format!(
                    "k={},{},{},{} gathered: weight words",
                    q[0], q[1], q[2], q[3]
                ),
                None if g == 1 => format!("k={k}: weights"),
                None => format!("k={k}..{}: weight words", k + g),
            };
            format!(
                "{what} {first}..{} for block ({}, {})",
                first as usize + len as usize,
                block.0,
                block.1
            )
        }
        Note::Epilogue => {
            let mut parts = Vec::new();
            if plan.target.dtype == crate::plan::Dtype::Int8 {
                parts.push(if plan.epilogue.bias {
                    "dequantize (acc·s_w·s_x + bias + offset·comp)"
                } else {
                    "dequantize (acc·s_w·s_x + offset·comp)"
                });
            } else if plan.epilogue.bias {
                parts.push("add bias");
            }
            match plan.epilogue.activation {
                Activation::None => {}
                Activation::Relu => parts.push("relu"),
                Activation::Gelu => parts.push("gelu"),
            }
            parts.push(if plan.stores_whole_tile() {
                "transpose 16x16, store to Y; next panel"
            } else {
                "transpose 4x8, store to Y; next panel"
            });
            format!("epilogue: {}", parts.join(", "))
        }
        Note::Exit => "return".into(),
        Note::JumpTable => "i32 offsets of the groups, from jump_table".into(),
        Note::Constants => "vector constants (GELU's, or the gather's permutations)".into(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Padding bytes (nop or int3 runs), short: `cc x 28`.
fn fill(bytes: &[u8]) -> String {
    match bytes {
        [b, rest @ ..] if bytes.len() > 8 && rest.iter().all(|r| r == b) => {
            format!("{b:02x} x {}", bytes.len())
        }
        _ => hex(bytes),
    }
}

/// A note on its own line (notes without a label are indented).
fn note_line(out: &mut String, label: Option<&str>, text: &str) {
    let lead = label.map_or(String::new(), |l| format!("{l}:"));
    let _ = writeln!(out, "{lead:<NOTE_COL$}; {text}");
}

/// Writes the listing of `ranges` of the instructions, then the data.
pub(super) fn write(
    out: &mut String,
    plan: &KernelPlan,
    code: &[u8],
    code_end: usize,
    notes: &[(usize, Note)],
    ranges: &[Range<usize>],
) {
    let ins = decode(code, code_end);
    let labels = Arc::new(labels(notes, code, code_end, &ins));
    let mut fmt = formatter(labels.clone());
    let shown = |at: usize| ranges.iter().any(|r| r.contains(&at));
    let mut notes_at: BTreeMap<usize, Vec<&Note>> = BTreeMap::new();
    for (at, n) in notes {
        notes_at.entry(*at).or_default().push(n);
    }
    let mut text = String::new();
    let mut skipped: Option<usize> = None;
    let mut i = 0;
    while i < ins.len() {
        let at = ins[i].ip() as usize;
        if !shown(at) {
            skipped.get_or_insert(at);
            i += 1;
            continue;
        }
        if let Some(from) = skipped.take() {
            let _ = writeln!(out, "{:NOTE_COL$}; ... {} bytes not shown", "", at - from);
        }
        // A label line carries the first note at its offset; the rest follow.
        let mut here = notes_at.get(&at).map_or(&[][..], |v| v.as_slice()).iter();
        if let Some(label) = labels.get(&(at as u64)) {
            match here.next() {
                Some(n) => note_line(out, Some(label), &describe(n, plan)),
                None => {
                    let _ = writeln!(out, "{label}:");
                }
            }
        }
        for n in here {
            note_line(out, None, &describe(n, plan));
        }
        // Alignment padding: a run of one-byte nops is one line.
        let is_pad = |n: &Instruction| n.mnemonic() == Mnemonic::Nop && n.len() == 1;
        let unmarked = |n: &Instruction| {
            !notes_at.contains_key(&(n.ip() as usize)) && !labels.contains_key(&n.ip())
        };
        let run = if is_pad(&ins[i]) {
            1 + ins[i + 1..]
                .iter()
                .take_while(|n| is_pad(n) && unmarked(n) && shown(n.ip() as usize))
                .count()
        } else {
            0
        };
        if run > 1 {
            let _ = writeln!(
                out,
                "{at:08x}  {:<20}  nop       ; {run} bytes of alignment",
                fill(&code[at..at + run])
            );
            i += run;
            continue;
        }
        text.clear();
        fmt.format(&ins[i], &mut text);
        let bytes = hex(&code[at..at + ins[i].len()]);
        let _ = writeln!(out, "{at:08x}  {bytes:<20}  {text}");
        i += 1;
    }
    data(out, plan, code, code_end, notes, &labels, ranges);
}

/// The bytes after the instructions: padding, the jump table (each entry
/// shown with the group it points at) and the constants (as floats).
fn data(
    out: &mut String,
    plan: &KernelPlan,
    code: &[u8],
    code_end: usize,
    notes: &[(usize, Note)],
    labels: &Labels,
    ranges: &[Range<usize>],
) {
    // Offsets come from the caller's notes: ignore any outside the data.
    let find = |want: Note| {
        notes
            .iter()
            .find(|(_, n)| *n == want)
            .map(|&(at, _)| at)
            .filter(|&at| (code_end..=code.len()).contains(&at))
    };
    let table = find(Note::JumpTable);
    let consts = find(Note::Constants);
    let Some(table) = table else {
        if code_end < code.len() {
            let _ = writeln!(
                out,
                "{code_end:08x}  ({} bytes of data)",
                code.len() - code_end
            );
        }
        return;
    };
    if table > code_end {
        let _ = writeln!(
            out,
            "{code_end:08x}  {:<20}  ; padding",
            fill(&code[code_end..table])
        );
    }
    note_line(out, Some("jump_table"), &describe(&Note::JumpTable, plan));
    let spans = group_spans(notes, code_end);
    // One i32 per group; alignment padding may follow before the constants.
    let table_end = match spans.len() {
        0 => consts.unwrap_or(code.len()),
        n => (table + 4 * n).min(code.len()),
    };
    // A K-blocked kernel has one table per K-block, one after the other,
    // each relative to its own start.
    let per_table = (spans.len() / plan.k_blocks()).max(1);
    for (g, entry) in code[table..table_end].chunks_exact(4).enumerate() {
        let at = table + 4 * g;
        let c = g / per_table;
        let base = table + 4 * per_table * c;
        let table_name = if c == 0 {
            "jump_table".to_string()
        } else {
            format!("jump_table_{c}")
        };
        if c > 0 && g % per_table == 0 {
            let what = format!("i32 offsets of K-block {c}'s segments, from {table_name}");
            note_line(out, Some(&table_name), &what);
        }
        let rel = i32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]);
        let target = (base as i64 + rel as i64) as u64;
        let chosen = spans
            .get(g)
            .is_none_or(|s| ranges.iter().any(|r| r.contains(&s.code.start)));
        if !chosen {
            continue;
        }
        let name = labels.get(&target).map_or("?", String::as_str);
        let _ = writeln!(
            out,
            "{at:08x}  {:<20}  dd        {name}-{table_name}",
            hex(entry)
        );
    }
    let Some(consts) = consts.filter(|&c| c >= table_end) else {
        return;
    };
    let pad_from = table_end;
    if consts > pad_from {
        let _ = writeln!(
            out,
            "{pad_from:08x}  {:<20}  ; padding",
            fill(&code[pad_from..consts])
        );
    }
    note_line(out, Some("constants"), &describe(&Note::Constants, plan));
    for (c, v) in code[consts..].chunks(32).enumerate() {
        let at = consts + 32 * c;
        let lanes: Vec<f32> = v
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let value = match lanes.first() {
            Some(&first)
                if lanes.len() == 8 && lanes.iter().all(|l| l.to_bits() == first.to_bits()) =>
            {
                format!("8 dup ({first:?})")
            }
            _ => lanes
                .iter()
                .map(|l| format!("{l:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let _ = writeln!(
            out,
            "{at:08x}  {:<20}  dd        {value}  ; constants+{:#x}",
            hex(&v[..v.len().min(4)]),
            32 * c
        );
    }
}
