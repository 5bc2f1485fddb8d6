//! Reading generated code: iced-x86 decodes the exact bytes that run and
//! this module turns them into what `sparsejit dump` prints — a header that
//! names the kernel, then either an Intel-syntax listing with the emitter's
//! notes and named labels (`listing`) or an instruction mix (`stats`).
//! Writing the raw bytes to a file lives in `files`.
//!
//! Everything here works on bytes plus notes; it never runs code. The
//! runtime (`runtime::dump`) supplies the executed bytes and re-emits the
//! notes, so what is printed is what runs.

mod listing;
mod stats;

pub use stats::{InstructionMix, LoadSources, instruction_mix};

use crate::codegen::Note;
use crate::error::{Error, Result};
use crate::plan::{Activation, KernelPlan};
use crate::sparse::SparseStats;
use iced_x86::{Decoder, DecoderOptions, Instruction};
use std::fmt::Write;
use std::ops::Range;
use std::str::FromStr;
use std::time::Duration;

/// Decodes the instructions in `code[..code_end]` (offsets are the IPs).
pub fn decode(code: &[u8], code_end: usize) -> Vec<Instruction> {
    let end = code_end.min(code.len());
    let mut decoder = Decoder::with_ip(64, &code[..end], 0, DecoderOptions::NONE);
    let mut out = Vec::new();
    while decoder.can_decode() {
        out.push(decoder.decode());
    }
    out
}

/// A range of row-blocks (block rows of W), half-open, as `--rows A..B`.
/// `A..`, `..B` and a single `A` are accepted too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowBlocks {
    pub start: usize,
    /// `None`: to the last row-block.
    pub end: Option<usize>,
}

impl FromStr for RowBlocks {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::InvalidArgument(format!(
                "row-blocks '{s}': use A..B (half-open), A.., ..B or A, with A < B"
            ))
        };
        let num = |t: &str| t.trim().parse::<usize>().map_err(|_| bad());
        let r = match s.trim().split_once("..") {
            None => {
                let a = num(s)?;
                RowBlocks {
                    start: a,
                    end: Some(a + 1),
                }
            }
            Some((a, b)) => RowBlocks {
                start: if a.trim().is_empty() { 0 } else { num(a)? },
                end: if b.trim().is_empty() {
                    None
                } else {
                    Some(num(b)?)
                },
            },
        };
        match r.end {
            Some(end) if end <= r.start => Err(bad()),
            _ => Ok(r),
        }
    }
}

impl std::fmt::Display for RowBlocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.end {
            Some(e) => write!(f, "{}..{e}", self.start),
            None => write!(f, "{}..", self.start),
        }
    }
}

/// What `disassemble` prints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DisasmOptions {
    /// Only the code of these row-blocks (plus the prologue and exit).
    pub rows: Option<RowBlocks>,
    /// The instruction mix instead of the listing.
    pub stats: bool,
}

/// What the header says about a kernel besides its bytes.
#[derive(Clone, Copy, Debug)]
pub struct KernelInfo<'a> {
    pub plan: &'a KernelPlan,
    /// The backend that emitted the code ("dynasm").
    pub emitter: &'static str,
    pub weights: SparseStats,
    pub compile_time: Duration,
}

/// One register tile's code, found from the notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GroupSpan {
    pub group: usize,
    pub row0: usize,
    pub rows: usize,
    pub code: Range<usize>,
}

/// The tiles' code spans, in order; each ends where the next tile (or the
/// exit) begins.
pub(crate) fn group_spans(notes: &[(usize, Note)], code_end: usize) -> Vec<GroupSpan> {
    let mut spans: Vec<GroupSpan> = Vec::new();
    for &(at, note) in notes {
        let close = matches!(note, Note::GroupStart { .. } | Note::Exit);
        if close && let Some(last) = spans.last_mut() {
            last.code.end = last.code.end.min(at);
        }
        if let Note::GroupStart { group, row0, rows } = note {
            spans.push(GroupSpan {
                group,
                row0,
                rows,
                code: at..code_end,
            });
        }
    }
    spans
}

/// The byte ranges to show, and a header line saying what was chosen.
fn selection(
    plan: &KernelPlan,
    notes: &[(usize, Note)],
    code_end: usize,
    rows: Option<RowBlocks>,
) -> Result<(Vec<Range<usize>>, Option<String>)> {
    let Some(rows) = rows else {
        return Ok((std::iter::once(0..code_end).collect(), None));
    };
    let spans = group_spans(notes, code_end);
    if spans.is_empty() {
        return Err(Error::InvalidArgument(
            "a row filter needs an annotated kernel, and this one has no group notes".into(),
        ));
    }
    let br = plan.block.rows;
    let total = plan.m.div_ceil(br);
    let end = rows.end.unwrap_or(total).min(total);
    if rows.start >= total {
        return Err(Error::InvalidArgument(format!(
            "row-blocks {rows}: this layer has {total} row-blocks of {br} rows (0..{total})"
        )));
    }
    let out_rows = rows.start * br..(end * br).min(plan.m);
    let chosen: Vec<&GroupSpan> = spans
        .iter()
        .filter(|g| g.row0 < out_rows.end && g.row0 + g.rows > out_rows.start)
        .collect();
    let first = spans[0].code.start;
    let exit = notes
        .iter()
        .find(|(_, n)| *n == Note::Exit)
        .map_or(code_end, |&(at, _)| at);
    let mut ranges: Vec<Range<usize>> = std::iter::once(0..first).collect();
    ranges.extend(chosen.iter().map(|g| g.code.clone()));
    ranges.push(exit..code_end);
    let (g0, g1) = match (chosen.first(), chosen.last()) {
        (Some(a), Some(b)) => (a.group, b.group + 1),
        _ => (0, 0),
    };
    let line = format!(
        "row-blocks {}..{end} of {total} (output rows {}..{}, groups {g0}..{g1}); prologue and exit kept",
        rows.start, out_rows.start, out_rows.end
    );
    Ok((ranges, Some(line)))
}

fn header(info: &KernelInfo, code: &[u8], code_end: usize, shown: Option<&str>) -> String {
    let plan = info.plan;
    let w = &info.weights;
    let mut h = String::new();
    let _ = writeln!(h, "; kernel    {}", plan.kernel_name());
    let _ = writeln!(h, "; plan      {plan}");
    let _ = writeln!(
        h,
        "; code      {} bytes: {code_end} of instructions (to {code_end:#x}), {} of data ({}); emitted by {}",
        code.len(),
        code.len() - code_end,
        if plan.epilogue.activation == Activation::Gelu
            || (plan.gather && plan.target.isa.is_wide())
        {
            "jump table, constants"
        } else {
            "jump table"
        },
        info.emitter
    );
    let per_nnz = if w.nnz == 0 {
        "no nonzeros".to_string()
    } else {
        format!(
            "{:.2} code bytes per nonzero",
            code.len() as f64 / w.nnz as f64
        )
    };
    let _ = writeln!(
        h,
        "; weights   nnz {} ({} stored in {} blocks, {:.1}% sparse), {per_nnz}",
        w.nnz,
        w.stored,
        w.blocks,
        w.sparsity * 100.0
    );
    let _ = writeln!(
        h,
        "; compile   {:.3} ms",
        info.compile_time.as_secs_f64() * 1e3
    );
    if let Some(line) = shown {
        let _ = writeln!(h, "; showing   {line}");
    }
    h
}

/// The header, then the listing (or the instruction mix) of the chosen
/// part of `code`. `notes` come from the emitter (sorted by offset); with
/// none, the listing is plain and a row filter is refused.
pub fn render(
    info: &KernelInfo,
    code: &[u8],
    code_end: usize,
    notes: &[(usize, Note)],
    opts: &DisasmOptions,
) -> Result<String> {
    if code_end > code.len() {
        return Err(Error::InvalidArgument(format!(
            "code ends at {code_end} but only {} bytes were given",
            code.len()
        )));
    }
    let (ranges, shown) = selection(info.plan, notes, code_end, opts.rows)?;
    let mut out = header(info, code, code_end, shown.as_deref());
    out.push('\n');
    if opts.stats {
        out.push_str(&stats::report(info, code, code_end, notes, &ranges));
    } else {
        listing::write(&mut out, info.plan, code, code_end, notes, &ranges);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arbitrary_bytes_and_notes_never_panic() {
        use crate::plan::{Dtype, Epilogue, Isa, Target};
        use crate::sparse::BlockShape;
        let plan = KernelPlan::new(
            8,
            6,
            BlockShape::new(4, 1).unwrap(),
            Target::dynasm(Isa::Avx2, Dtype::F32),
            Epilogue::default(),
        )
        .unwrap();
        let info = KernelInfo {
            plan: &plan,
            emitter: "test",
            weights: SparseStats {
                nnz: 0,
                blocks: 0,
                sparsity: 1.0,
                fill: 0.0,
                stored: 0,
            },
            compile_time: Duration::ZERO,
        };
        let code: Vec<u8> = (0..300u32).map(|i| (i * 37 % 251) as u8).collect();
        let notes = [
            (
                3,
                Note::GroupStart {
                    group: 0,
                    row0: 0,
                    rows: 4,
                },
            ),
            (999, Note::Exit),
            (250, Note::JumpTable),
            (5000, Note::Constants),
        ];
        for stats in [false, true] {
            for rows in [None, Some("0..1".parse().unwrap())] {
                let opts = DisasmOptions { rows, stats };
                assert!(render(&info, &code, 200, &notes, &opts).is_ok());
                let plain = render(&info, &code, 300, &[], &opts);
                assert_eq!(plain.is_err(), rows.is_some(), "a filter needs notes");
            }
        }
        assert!(render(&info, &code, 301, &notes, &DisasmOptions::default()).is_err());
    }

    #[test]
    fn row_blocks_parse() {
        let p = |s: &str| s.parse::<RowBlocks>();
        assert_eq!(
            p("2..5").unwrap(),
            RowBlocks {
                start: 2,
                end: Some(5)
            }
        );
        assert_eq!(p("3").unwrap().end, Some(4));
        assert_eq!(p("4..").unwrap().end, None);
        assert_eq!(p("..4").unwrap().start, 0);
        for bad in ["", "a..b", "5..5", "6..2", "1..2..3", "-1..2"] {
            let e = p(bad).unwrap_err().to_string();
            assert!(e.contains("use A..B"), "{bad}: {e}");
        }
    }
}
