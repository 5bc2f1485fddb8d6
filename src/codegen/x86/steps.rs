//! The code of one step (one input column, or INT8 k-granule, of a
//! register tile): the X row loads (and the INT8 gather of narrow blocks'
//! X quads), the weight broadcasts from the walking weight pointer `rdx`,
//! and the multiply-accumulates, fp32 (`vfmadd231ps`) and INT8
//! (`vpdpbusd`, or AVX2's `vpmaddubsw`/`vpmaddwd` sequences); and the
//! listing notes that say which weight block each serves.

// dynasm! expands dynamic registers to `.into()` calls on our u8 numbers.
#![allow(clippy::useless_conversion)]

use super::evex::{self, Len, Rm};
use super::{Gen, R9, RDX, imm, vbroadcastss, vex};
use crate::codegen::Note;
use crate::error::Result;
use crate::plan::{Dtype, Mac, Step};
use dynasmrt::{DynasmApi, dynasm};

impl Gen<'_> {
    /// The displacement of weight `e` from `rdx`, which is kept within
    /// disp8 reach: a broadcast of 6 bytes (AVX2) or an FMA of 7 (AVX-512)
    /// instead of 3 bytes more, at the cost of a pointer bump every
    /// `window / 2` weights.
    fn weight_disp(&mut self, e: usize) -> i32 {
        let half = self.window / 2;
        while e >= self.w_base + half {
            let bytes = 4 * half as i32;
            if bytes == 128 {
                // 128 is out of imm8 reach; -128 is not: 4 bytes, not 7.
                dynasm!(self.ops ; .arch x64 ; sub rdx, -128);
            } else {
                dynasm!(self.ops ; .arch x64 ; add rdx, bytes);
            }
            self.w_base += half;
        }
        imm(4 * e) - imm(4 * self.w_base)
    }

    /// Broadcasts weight `e` into register `dst`.
    fn broadcast_weight(&mut self, dst: u8, e: usize) {
        let d = self.weight_disp(e);
        if self.regs.wide {
            let rm = Rm::Mem {
                base: RDX,
                disp: d,
                bcst: false,
            };
            evex::emit_sized(
                &mut self.ops,
                evex::VBROADCASTSS,
                Len::Z512,
                dst,
                0,
                rm,
                Some(4),
            );
        } else {
            vbroadcastss(&mut self.ops, dst, RDX, d);
        }
    }

    pub(super) fn step(&mut self, g: usize, s: usize) -> Result<()> {
        if self.plan.target.dtype == Dtype::Int8 {
            let step = self.sched.steps[s];
            self.note_block(g, step, step.first as usize);
            if self.plan.gather {
                self.gather_x(s);
            }
            self.step_int8(g, s);
            return Ok(());
        }
        let step = self.sched.steps[s];
        let r = self.regs;
        self.note_block(g, step, step.first as usize);
        let x_row = self.x_row;
        let vec_bytes = 4 * r.lanes();
        let x_at = |v: usize| imm(step.k as usize * x_row + vec_bytes * v);
        let b = r.bcast();
        if step.len == 1 {
            // One row uses this column: FMA straight from memory, no X load.
            let e = step.first as usize;
            let row = self.sched.entry_rows[e] as usize;
            self.broadcast_weight(b, e);
            for v in 0..r.vecs {
                let (a, off) = (r.acc(row, v), x_at(v));
                if r.wide {
                    let rm = Rm::Mem {
                        base: R9,
                        disp: off,
                        bcst: false,
                    };
                    evex::emit(&mut self.ops, evex::VFMADD231PS, Len::Z512, a, b, rm);
                } else {
                    dynasm!(self.ops ; .arch x64 ; vfmadd231ps Ry(a), Ry(b), [r9 + off]);
                }
            }
            return Ok(());
        }
        for v in 0..r.vecs {
            let (x, off) = (r.x(v), x_at(v));
            if r.wide {
                let rm = Rm::Mem {
                    base: R9,
                    disp: off,
                    bcst: false,
                };
                evex::emit(&mut self.ops, evex::VMOVUPS, Len::Z512, x, 0, rm);
            } else {
                dynasm!(self.ops ; .arch x64 ; vmovups Ry(x), [r9 + off]);
            }
        }
        for e in step.entries() {
            if self.notes.is_some()
                && e > step.first as usize
                && self.block_row(g, e) != self.block_row(g, e - 1)
            {
                self.note_block(g, step, e);
            }
            let row = self.sched.entry_rows[e] as usize;
            if r.wide {
                // The FMA broadcasts the weight itself: {1to16}.
                let rm = Rm::Mem {
                    base: RDX,
                    disp: self.weight_disp(e),
                    bcst: true,
                };
                for v in 0..r.vecs {
                    let (a, x) = (r.acc(row, v), r.x(v));
                    evex::emit(&mut self.ops, evex::VFMADD231PS, Len::Z512, a, x, rm);
                }
            } else {
                self.broadcast_weight(b, e);
                for v in 0..r.vecs {
                    let (a, x) = (r.acc(row, v), r.x(v));
                    vex::emit(&mut self.ops, vex::VFMADD231PS, a, x, vex::Rm::Reg(b));
                }
            }
        }
        Ok(())
    }

    /// Builds a gathering step's X vectors: per token, the 4 codes of the
    /// quad's k in one dword, from 4 single-k X rows (a byte per token).
    /// zmm: the 4 rows of 16 tokens into the 4 lanes (`vmovups` +
    /// 3 `vinserti32x4`), then `vpermd` puts each lane's tokens 4L..4L+4 of
    /// all 4 rows into lane L and `vpshufb` interleaves their bytes. ymm:
    /// two `vpunpcklbw` pair rows (a, b) and (c, d), `vpunpck{l,h}wd` join
    /// the pairs for tokens 0..4 and 4..8, and `vinserti128` puts those
    /// halves together. Byte rows are read where they are, so the 16-byte
    /// memory forms read up to 8 bytes past a row: still inside the panel,
    /// whose last rows are the token scales.
    fn gather_x(&mut self, s: usize) {
        let step = self.sched.steps[s];
        let quad = self.sched.gathers[step.k as usize];
        let r = self.regs;
        let nb = self.plan.tile.panel_width();
        let row = |k: u32, v: usize, lanes: usize| imm(k as usize * nb + lanes * v);
        for v in 0..r.vecs {
            let x = r.x(v);
            if r.wide {
                let mem = |k| Rm::Mem {
                    base: R9,
                    disp: row(k, v, 16),
                    bcst: false,
                };
                let first = vex::Rm::Mem {
                    base: R9,
                    disp: row(quad[0], v, 16),
                };
                vex::emit(&mut self.ops, vex::VMOVUPS_X, x, 0, first);
                for (lane, &k) in quad.iter().enumerate().skip(1) {
                    evex::emit_sized(
                        &mut self.ops,
                        evex::VINSERTI32X4,
                        Len::Z512,
                        x,
                        x,
                        mem(k),
                        Some(16),
                    );
                    self.ops.push(lane as u8);
                }
                let (idx, ctrl) = r.gather_perm();
                evex::emit(&mut self.ops, evex::VPERMD, Len::Z512, x, idx, Rm::Reg(x));
                evex::emit(&mut self.ops, evex::VPSHUFB, Len::Z512, x, x, Rm::Reg(ctrl));
                continue;
            }
            let [a, c, t] = r.gather_temps(self.plan.mac);
            let mem = |k| vex::Rm::Mem {
                base: R9,
                disp: row(k, v, 8),
            };
            let ops = &mut self.ops;
            vex::emit(ops, vex::VMOVQ, a, 0, mem(quad[0]));
            vex::emit(ops, vex::VPUNPCKLBW_X, a, a, mem(quad[1]));
            vex::emit(ops, vex::VMOVQ, c, 0, mem(quad[2]));
            vex::emit(ops, vex::VPUNPCKLBW_X, c, c, mem(quad[3]));
            vex::emit(ops, vex::VPUNPCKHWD_X, t, a, vex::Rm::Reg(c));
            vex::emit(ops, vex::VPUNPCKLWD_X, a, a, vex::Rm::Reg(c));
            vex::emit(ops, vex::VINSERTI128, x, a, vex::Rm::Reg(t));
            ops.push(1);
        }
    }

    /// One INT8 step: load the granule's X row (a word per token), then
    /// per entry multiply-accumulate the row's weight word into its
    /// accumulators. `vpdpbusd` and `vpmaddubsw` take the unsigned
    /// activations as their first source and the signed weights second.
    fn step_int8(&mut self, g: usize, s: usize) {
        let step = self.sched.steps[s];
        let r = self.regs;
        let vec_bytes = 4 * r.lanes();
        let x_at = |v: usize| imm(step.k as usize * self.x_row + vec_bytes * v);
        // A gathering step has its X vectors from `gather_x` already.
        for v in (0..r.vecs).filter(|_| !self.plan.gather) {
            let (x, off) = (r.x(v), x_at(v));
            if r.wide {
                let rm = Rm::Mem {
                    base: R9,
                    disp: off,
                    bcst: false,
                };
                evex::emit(&mut self.ops, evex::VMOVUPS, Len::Z512, x, 0, rm);
            } else {
                let rm = vex::Rm::Mem {
                    base: R9,
                    disp: off,
                };
                vex::emit(&mut self.ops, vex::VMOVUPS, x, 0, rm);
            }
        }
        let (b, mac) = (r.bcast(), self.plan.mac);
        for e in step.entries() {
            if self.notes.is_some()
                && e > step.first as usize
                && self.block_row(g, e) != self.block_row(g, e - 1)
            {
                self.note_block(g, step, e);
            }
            let row = self.sched.entry_rows[e] as usize;
            let d = self.weight_disp(e);
            if r.wide {
                // The weight word broadcast from memory: {1to16}.
                let rm = Rm::Mem {
                    base: RDX,
                    disp: d,
                    bcst: true,
                };
                for v in 0..r.vecs {
                    let (a, x) = (r.acc(row, v), r.x(v));
                    evex::emit(&mut self.ops, evex::VPDPBUSD, Len::Z512, a, x, rm);
                }
                continue;
            }
            let w = vex::Rm::Mem { base: RDX, disp: d };
            vex::emit(&mut self.ops, vex::VPBROADCASTD, b, 0, w);
            for v in 0..r.vecs {
                let (a, x, p) = (r.acc(row, v), r.x(v), r.prod());
                let ops = &mut self.ops;
                match mac {
                    Mac::Dpbusd => vex::emit(ops, vex::VPDPBUSD, a, x, vex::Rm::Reg(b)),
                    Mac::Maddubs7 => {
                        vex::emit(ops, vex::VPMADDUBSW, p, x, vex::Rm::Reg(b));
                        vex::emit(ops, vex::VPMADDWD, p, p, vex::Rm::Reg(r.ones()));
                        vex::emit(ops, vex::VPADDD, a, a, vex::Rm::Reg(p));
                    }
                    Mac::Maddwd16 => {
                        vex::emit(ops, vex::VPMADDWD, p, x, vex::Rm::Reg(b));
                        vex::emit(ops, vex::VPADDD, a, a, vex::Rm::Reg(p));
                    }
                    Mac::Fma => unreachable!("an INT8 plan has an integer multiply-accumulate"),
                }
            }
        }
    }

    /// The row-block of entry `e` of group `g`.
    fn block_row(&self, g: usize, e: usize) -> usize {
        (self.sched.groups[g].row0 + self.sched.entry_rows[e] as usize) / self.plan.block.rows
    }

    /// Notes the entries of `step` from `e` on that share `e`'s weight
    /// block. A tile taller than the block covers several row-blocks, so
    /// one step can serve several blocks; each gets its own note, at its
    /// first broadcast, so the listing says which block each FMA serves.
    fn note_block(&mut self, g: usize, step: Step, e: usize) {
        if self.notes.is_none() {
            return;
        }
        let rb = self.block_row(g, e);
        let len = (e..step.entries().end)
            .take_while(|&i| self.block_row(g, i) == rb)
            .count();
        let gathered = self
            .plan
            .gather
            .then(|| self.sched.gathers[step.k as usize]);
        let k = match gathered {
            Some(q) => q[0],
            None => step.k * self.plan.granule() as u32,
        };
        self.note(Note::Step {
            k,
            first: e as u32,
            len: len as u8,
            block: (rb, k as usize / self.plan.block.cols),
            gathered,
        });
    }
}
