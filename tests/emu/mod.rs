//! A small x86-64 interpreter for the instructions the JIT emits, so that
//! kernels for ISAs this machine lacks (AVX-512, AVX-VNNI, AVX-512 VNNI)
//! still run in the tests, and so that every kernel's memory accesses can be
//! checked against the buffers it was given.
//!
//! It decodes with iced-x86 and implements each mnemonic's semantics from
//! the Intel SDM, for exactly the forms the emitters produce; anything else
//! is an error, never a guess. Memory is a set of regions copied from the
//! caller's buffers at their real addresses, so the kernel's pointers work
//! unchanged; an access that leaves every region, or writes a read-only
//! one, stops the run with an error naming the address and the instruction.
//! Its semantics are checked against the CPU in `tests/emulated.rs`: the
//! kernels this machine runs must give the same bits emulated and native.

use iced_x86::Register;
use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter, Mnemonic, OpKind};

/// One memory region the kernel may touch.
pub struct Region {
    pub base: u64,
    pub bytes: Vec<u8>,
    pub writable: bool,
    pub name: &'static str,
}

impl Region {
    pub fn new(name: &'static str, base: u64, bytes: Vec<u8>, writable: bool) -> Self {
        Self {
            base,
            bytes,
            writable,
            name,
        }
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Stats {
    pub instructions: u64,
    pub by_mnemonic: std::collections::HashMap<Mnemonic, u64>,
}

/// Registers and memory of one run.
pub struct Machine {
    gpr: [u64; 16],
    vec: [[u8; 64]; 32],
    k: [u64; 8],
    zf: bool,
    cf: bool,
    pub regions: Vec<Region>,
}

type Res<T> = Result<T, String>;

/// The stack region: far from the caller's regions (see tests/emulated.rs).
const STACK: u64 = 0x7000_0000;
const STACK_BYTES: usize = 4096;
const RBX_SENTINEL: u64 = 0x5a5a_0bb0_5a5a_0bb0;

impl Machine {
    pub fn new(mut regions: Vec<Region>) -> Self {
        // The kernel's stack (K-blocked kernels push rbx).
        regions.push(Region::new("stack", STACK, vec![0; STACK_BYTES], true));
        Self {
            gpr: [0; 16],
            vec: [[0; 64]; 32],
            k: [0; 8],
            zf: false,
            cf: false,
            regions,
        }
    }

    /// Runs the code of region `code` from its start with `rdi = arg` until
    /// its top-level `ret`.
    pub fn call(&mut self, code: usize, arg: u64, max_steps: u64) -> Res<Stats> {
        let (base, len) = (self.regions[code].base, self.regions[code].bytes.len());
        let bytes = self.regions[code].bytes.clone();
        let mut cache: Vec<Option<Instruction>> = vec![None; len];
        self.gpr[7] = arg;
        // rsp at the top of the stack, and a callee-saved rbx the kernel
        // must give back: both are checked at the return.
        let top = STACK + STACK_BYTES as u64;
        self.gpr[4] = top;
        self.gpr[3] = RBX_SENTINEL;
        let mut rip = base;
        let mut stats = Stats::default();
        loop {
            if stats.instructions >= max_steps {
                return Err(format!("no return after {max_steps} instructions"));
            }
            let off = rip
                .checked_sub(base)
                .filter(|&o| (o as usize) < len)
                .ok_or_else(|| {
                    format!("jumped to {rip:#x}, outside the code ({base:#x}, {len} bytes)")
                })? as usize;
            let ins = match cache[off] {
                Some(i) => i,
                None => {
                    let mut d = Decoder::with_ip(64, &bytes[off..], rip, DecoderOptions::NONE);
                    let i = d.decode();
                    if i.is_invalid() {
                        return Err(format!("undecodable bytes at {rip:#x}"));
                    }
                    cache[off] = Some(i);
                    i
                }
            };
            stats.instructions += 1;
            *stats.by_mnemonic.entry(ins.mnemonic()).or_default() += 1;
            match self
                .step(&ins)
                .map_err(|e| format!("{e} in `{}` at offset {off:#x}", text(&ins)))?
            {
                Flow::Next => rip = ins.next_ip(),
                Flow::Jump(t) => rip = t,
                Flow::Return => {
                    if self.gpr[4] != top || self.gpr[3] != RBX_SENTINEL {
                        return Err(format!(
                            "returned with rsp {:#x} (entry {top:#x}) and rbx {:#x} (entry {RBX_SENTINEL:#x})",
                            self.gpr[4], self.gpr[3]
                        ));
                    }
                    return Ok(stats);
                }
            }
        }
    }

    /// The bytes of region `name` after the run.
    pub fn region(&self, name: &str) -> &[u8] {
        &self
            .regions
            .iter()
            .find(|r| r.name == name)
            .expect("a region")
            .bytes
    }

    fn mem(&self, addr: u64, size: usize, write: bool) -> Res<(usize, usize)> {
        for (i, r) in self.regions.iter().enumerate() {
            if addr >= r.base && addr + size as u64 <= r.base + r.bytes.len() as u64 {
                if write && !r.writable {
                    return Err(format!(
                        "write of {size} bytes to read-only {} at {addr:#x}",
                        r.name
                    ));
                }
                return Ok((i, (addr - r.base) as usize));
            }
        }
        Err(format!(
            "{} of {size} bytes at {addr:#x} is outside every buffer the kernel was given",
            if write { "write" } else { "read" }
        ))
    }

    fn load(&self, addr: u64, out: &mut [u8]) -> Res<()> {
        let (r, o) = self.mem(addr, out.len(), false)?;
        out.copy_from_slice(&self.regions[r].bytes[o..o + out.len()]);
        Ok(())
    }

    fn store(&mut self, addr: u64, data: &[u8]) -> Res<()> {
        let (r, o) = self.mem(addr, data.len(), true)?;
        self.regions[r].bytes[o..o + data.len()].copy_from_slice(data);
        Ok(())
    }

    fn addr(&self, ins: &Instruction) -> Res<u64> {
        if ins.is_ip_rel_memory_operand() {
            return Ok(ins.ip_rel_memory_address());
        }
        let mut a = ins.memory_displacement64();
        if ins.memory_base() != Register::None {
            a = a.wrapping_add(self.gpr[gpr(ins.memory_base())?]);
        }
        if ins.memory_index() != Register::None {
            let i = self.gpr[gpr(ins.memory_index())?];
            a = a.wrapping_add(i.wrapping_mul(ins.memory_index_scale() as u64));
        }
        Ok(a)
    }

    fn gpr_op(&self, ins: &Instruction, op: u32) -> Res<u64> {
        match ins.op_kind(op) {
            OpKind::Register => {
                let r = ins.op_register(op);
                let v = self.gpr[gpr(r)?];
                Ok(if r.is_gpr32() { v & 0xffff_ffff } else { v })
            }
            OpKind::Immediate8to64
            | OpKind::Immediate32to64
            | OpKind::Immediate32
            | OpKind::Immediate8 => Ok(ins.immediate(op)),
            OpKind::Memory => {
                let mut b = [0u8; 8];
                self.load(self.addr(ins)?, &mut b)?;
                Ok(u64::from_le_bytes(b))
            }
            k => Err(format!("operand kind {k:?}")),
        }
    }

    fn set_gpr(&mut self, r: Register, v: u64) -> Res<()> {
        // A 32-bit write zero-extends, as the CPU does.
        self.gpr[gpr(r)?] = if r.is_gpr32() { v & 0xffff_ffff } else { v };
        Ok(())
    }

    /// A vector source operand's bytes (registers whole, memory of the
    /// operand's size, a broadcast element repeated to `width`).
    fn vsrc(&self, ins: &Instruction, op: u32, width: usize) -> Res<[u8; 64]> {
        let mut out = [0u8; 64];
        match ins.op_kind(op) {
            OpKind::Register => out = self.vec[vreg(ins.op_register(op))?],
            OpKind::Memory => {
                let addr = self.addr(ins)?;
                if ins.is_broadcast() {
                    let e = ins.memory_size().element_size();
                    let mut el = [0u8; 8];
                    self.load(addr, &mut el[..e])?;
                    for c in out[..width].chunks_exact_mut(e) {
                        c.copy_from_slice(&el[..e]);
                    }
                } else {
                    let n = ins.memory_size().size().max(1);
                    self.load(addr, &mut out[..n])?;
                }
            }
            k => return Err(format!("vector operand kind {k:?}")),
        }
        Ok(out)
    }

    /// Writes `width` bytes of `v` to the destination register, zeroing the
    /// rest of it (VEX and EVEX writes do).
    fn set_vec(&mut self, r: Register, v: &[u8; 64], width: usize) -> Res<()> {
        let d = &mut self.vec[vreg(r)?];
        d[..width].copy_from_slice(&v[..width]);
        d[width..].fill(0);
        Ok(())
    }

    fn step(&mut self, ins: &Instruction) -> Res<Flow> {
        use Mnemonic as M;
        let m = ins.mnemonic();
        match m {
            M::Nop | M::Prefetcht0 | M::Prefetcht1 | M::Prefetcht2 | M::Vzeroupper => {}
            M::Ret => return Ok(Flow::Return),
            M::Mov => {
                if ins.op_kind(0) == OpKind::Memory {
                    return Err("stores from general registers are not emitted".into());
                }
                let v = self.gpr_op(ins, 1)?;
                self.set_gpr(ins.op_register(0), v)?;
            }
            M::Push | M::Pop => {
                let r = ins.op_register(0);
                if !r.is_gpr64() {
                    return Err("push/pop of other than a 64-bit register".into());
                }
                if m == M::Push {
                    let v = self.gpr[gpr(r)?];
                    self.gpr[4] = self.gpr[4].wrapping_sub(8);
                    self.store(self.gpr[4], &v.to_le_bytes())?;
                } else {
                    let mut b = [0u8; 8];
                    self.load(self.gpr[4], &mut b)?;
                    self.gpr[4] = self.gpr[4].wrapping_add(8);
                    self.set_gpr(r, u64::from_le_bytes(b))?;
                }
            }
            M::Imul if ins.op_count() == 3 => {
                let v = self.gpr_op(ins, 1)?.wrapping_mul(self.gpr_op(ins, 2)?);
                self.set_gpr(ins.op_register(0), v)?;
            }
            M::Movsxd => {
                let mut b = [0u8; 4];
                self.load(self.addr(ins)?, &mut b)?;
                self.set_gpr(ins.op_register(0), i32::from_le_bytes(b) as i64 as u64)?;
            }
            M::Lea => {
                let a = self.addr(ins)?;
                self.set_gpr(ins.op_register(0), a)?;
            }
            M::Add | M::Sub | M::Cmp | M::Test => {
                let (a, b) = (self.gpr_op(ins, 0)?, self.gpr_op(ins, 1)?);
                let wide = !ins.op_register(0).is_gpr32();
                let mask = if wide { u64::MAX } else { 0xffff_ffff };
                let (r, cf) = match m {
                    M::Add => {
                        let r = a.wrapping_add(b) & mask;
                        (r, r < a)
                    }
                    M::Sub | M::Cmp => ((a.wrapping_sub(b)) & mask, a < b),
                    _ => (a & b, false),
                };
                self.zf = r == 0;
                self.cf = cf;
                if matches!(m, M::Add | M::Sub) {
                    self.set_gpr(ins.op_register(0), r)?;
                }
            }
            M::Inc | M::Dec => {
                let r = ins.op_register(0);
                let mask = if r.is_gpr32() { 0xffff_ffff } else { u64::MAX };
                let v = self.gpr_op(ins, 0)?;
                let v = if m == M::Inc {
                    v.wrapping_add(1)
                } else {
                    v.wrapping_sub(1)
                } & mask;
                self.zf = v == 0;
                self.set_gpr(r, v)?;
            }
            M::Jmp | M::Jae | M::Ja | M::Jne | M::Je => {
                let take = match m {
                    M::Jmp => true,
                    M::Jae => !self.cf,
                    M::Ja => !self.cf && !self.zf,
                    M::Jne => !self.zf,
                    _ => self.zf,
                };
                if take {
                    let t = match ins.op_kind(0) {
                        OpKind::Register => self.gpr[gpr(ins.op_register(0))?],
                        _ => ins.near_branch_target(),
                    };
                    return Ok(Flow::Jump(t));
                }
            }
            M::Kmovw => {
                let v = self.gpr_op(ins, 1)? & 0xffff;
                self.k[kreg(ins.op_register(0))?] = v;
            }
            _ => self.vector(ins)?,
        }
        Ok(Flow::Next)
    }

    fn vector(&mut self, ins: &Instruction) -> Res<()> {
        use Mnemonic as M;
        let m = ins.mnemonic();
        // Stores: memory destination.
        if ins.op_kind(0) == OpKind::Memory {
            let src = self.vec[vreg(ins.op_register(1))?];
            let addr = self.addr(ins)?;
            return match m {
                M::Vmovups => {
                    let w = ins.op_register(1).size();
                    let mask = ins.op_mask();
                    if mask == Register::None {
                        self.store(addr, &src[..w])
                    } else {
                        // Only the lanes the mask selects are touched.
                        let k = self.k[kreg(mask)?];
                        for lane in 0..w / 4 {
                            if k >> lane & 1 == 1 {
                                self.store(addr + 4 * lane as u64, &src[4 * lane..4 * lane + 4])?;
                            }
                        }
                        Ok(())
                    }
                }
                M::Vmovlps => self.store(addr, &src[..8]),
                M::Vmovss => self.store(addr, &src[..4]),
                M::Vextractps => {
                    let i = (ins.immediate(2) & 3) as usize;
                    self.store(addr, &src[4 * i..4 * i + 4])
                }
                _ => Err(format!("store form of {m:?}")),
            };
        }
        let dst = ins.op_register(0);
        let w = dst.size();
        let mut out = [0u8; 64];
        match m {
            M::Vmovups | M::Vmovaps | M::Vmovdqu | M::Vbroadcastss | M::Vpbroadcastd => {
                let src = if matches!(m, M::Vbroadcastss | M::Vpbroadcastd) {
                    let mut el = [0u8; 4];
                    match ins.op_kind(1) {
                        OpKind::Memory => self.load(self.addr(ins)?, &mut el)?,
                        _ => el.copy_from_slice(&self.vec[vreg(ins.op_register(1))?][..4]),
                    }
                    let mut v = [0u8; 64];
                    for c in v[..w].chunks_exact_mut(4) {
                        c.copy_from_slice(&el);
                    }
                    v
                } else {
                    self.vsrc(ins, 1, w)?
                };
                out[..w].copy_from_slice(&src[..w]);
            }
            M::Vinserti128 | M::Vinserti32x4 => {
                // dst = src1 with the 128-bit lane `imm` replaced by src2.
                let a = self.vec[vreg(ins.op_register(1))?];
                let mut b = [0u8; 64];
                match ins.op_kind(2) {
                    OpKind::Memory => self.load(self.addr(ins)?, &mut b[..16])?,
                    _ => b = self.vec[vreg(ins.op_register(2))?],
                }
                let lane = (ins.immediate(3) as usize) & (w / 16 - 1);
                out[..w].copy_from_slice(&a[..w]);
                out[16 * lane..16 * lane + 16].copy_from_slice(&b[..16]);
            }
            M::Vmovq => {
                // A load of 8 bytes, the rest of the register zeroed.
                let src = self.vsrc(ins, 1, 8)?;
                out[..8].copy_from_slice(&src[..8]);
            }
            M::Vextractf128 | M::Vextractf64x4 => {
                let src = self.vec[vreg(ins.op_register(1))?];
                let i = (ins.immediate(2) & 1) as usize;
                out[..w].copy_from_slice(&src[i * w..(i + 1) * w]);
            }
            M::Vcvtdq2ps => {
                let a = self.vsrc(ins, 1, w)?;
                map32(&mut out, &a, &a, w, |x, _| f(i(x) as f32));
            }
            M::Vfmadd231ps | M::Vfmadd213ps => {
                let acc = self.vec[vreg(dst)?];
                let (b, c) = (self.vsrc(ins, 1, w)?, self.vsrc(ins, 2, w)?);
                for l in 0..w / 4 {
                    let (d, x, y) = (g(&acc, l), g(&b, l), g(&c, l));
                    let r = if m == M::Vfmadd231ps {
                        x.mul_add(y, d)
                    } else {
                        x.mul_add(d, y)
                    };
                    put(&mut out, l, r.to_bits());
                }
            }
            _ => {
                let a = self.vsrc(ins, 1, w)?;
                let b = if ins.op_count() > 2 && ins.op_kind(2) != OpKind::Immediate8 {
                    self.vsrc(ins, 2, w)?
                } else {
                    [0u8; 64]
                };
                let imm = (0..ins.op_count())
                    .find(|&o| ins.op_kind(o) == OpKind::Immediate8)
                    .map(|o| ins.immediate(o) as u8);
                let acc = self.vec[vreg(dst)?];
                binary(m, &mut out, &acc, &a, &b, imm, w)?;
            }
        }
        if ins.op_mask() != Register::None {
            return Err("masked writes to registers are not emitted".into());
        }
        self.set_vec(dst, &out, w)
    }
}

enum Flow {
    Next,
    Jump(u64),
    Return,
}

/// Two-source (and accumulate) vector operations on `w` bytes.
fn binary(
    m: Mnemonic,
    out: &mut [u8; 64],
    acc: &[u8; 64],
    a: &[u8; 64],
    b: &[u8; 64],
    imm: Option<u8>,
    w: usize,
) -> Res<()> {
    use Mnemonic as M;
    match m {
        M::Vxorps | M::Vpxord | M::Vpxor => {
            for i in 0..w {
                out[i] = a[i] ^ b[i];
            }
        }
        M::Vaddps => map32(out, a, b, w, |x, y| f(x.to_f() + y.to_f())),
        M::Vmulps => map32(out, a, b, w, |x, y| f(x.to_f() * y.to_f())),
        M::Vdivps => map32(out, a, b, w, |x, y| f(x.to_f() / y.to_f())),
        // SDM: MIN/MAX return the second source unless the first is
        // strictly smaller/larger (so a NaN in either gives the second).
        M::Vminps => map32(out, a, b, w, |x, y| if x.to_f() < y.to_f() { x } else { y }),
        M::Vmaxps => map32(out, a, b, w, |x, y| if x.to_f() > y.to_f() { x } else { y }),
        M::Vpaddd => map32(out, a, b, w, |x, y| x.wrapping_add(y)),
        M::Vpcmpeqw => map16(out, a, b, w, |x, y| if x == y { 0xffff } else { 0 }),
        M::Vpsrlw => {
            let s = imm.ok_or("vpsrlw without an immediate")? as u32;
            // The source is the r/m operand; the immediate form has one source.
            map16(out, a, a, w, |x, _| if s > 15 { 0 } else { x >> s });
        }
        M::Vpmaddwd => map32(out, a, b, w, |x, y| {
            let p = |s: u32| (s as u16 as i16 as i32, (s >> 16) as u16 as i16 as i32);
            let ((x0, x1), (y0, y1)) = (p(x), p(y));
            (x0 * y0).wrapping_add(x1 * y1) as u32
        }),
        M::Vpmaddubsw => map16(out, a, b, w, |x, y| {
            let s = (x & 0xff) as i32 * (y & 0xff) as u8 as i8 as i32
                + (x >> 8) as i32 * (y >> 8) as u8 as i8 as i32;
            s.clamp(i16::MIN as i32, i16::MAX as i32) as i16 as u16
        }),
        M::Vpdpbusd => {
            for l in 0..w / 4 {
                let mut s = i(word(acc, l));
                for j in 0..4 {
                    s = s.wrapping_add(a[4 * l + j] as i32 * b[4 * l + j] as i8 as i32);
                }
                put(out, l, s as u32);
            }
        }
        M::Vpermd => {
            // The first source holds the indices, the second the data.
            for l in 0..w / 4 {
                let i = (word(a, l) as usize) & (w / 4 - 1);
                put(out, l, word(b, i));
            }
        }
        M::Vpshufb => {
            for lane in 0..w / 16 {
                for j in 0..16 {
                    let c = b[16 * lane + j];
                    out[16 * lane + j] = if c & 0x80 != 0 {
                        0
                    } else {
                        a[16 * lane + (c & 15) as usize]
                    };
                }
            }
        }
        M::Vpunpcklbw | M::Vpunpcklwd | M::Vpunpckhwd => {
            // Interleave the low (or high) 8 bytes of each 16-byte lane, in
            // elements of 1 or 2 bytes.
            let (e, hi) = match m {
                M::Vpunpcklbw => (1, 0),
                M::Vpunpcklwd => (2, 0),
                _ => (2, 8),
            };
            for lane in 0..w / 16 {
                for i in 0..8 / e {
                    let src = 16 * lane + hi + e * i;
                    let dst = 16 * lane + 2 * e * i;
                    out[dst..dst + e].copy_from_slice(&a[src..src + e]);
                    out[dst + e..dst + 2 * e].copy_from_slice(&b[src..src + e]);
                }
            }
        }
        M::Vunpcklps | M::Vunpckhps => {
            let hi = usize::from(m == M::Vunpckhps) * 2;
            for lane in 0..w / 16 {
                for j in 0..2 {
                    put(out, 4 * lane + 2 * j, word(a, 4 * lane + hi + j));
                    put(out, 4 * lane + 2 * j + 1, word(b, 4 * lane + hi + j));
                }
            }
        }
        M::Vunpcklpd | M::Vunpckhpd => {
            let hi = usize::from(m == M::Vunpckhpd);
            for lane in 0..w / 16 {
                out[16 * lane..16 * lane + 8].copy_from_slice(&a[16 * lane + 8 * hi..][..8]);
                out[16 * lane + 8..16 * lane + 16].copy_from_slice(&b[16 * lane + 8 * hi..][..8]);
            }
        }
        M::Vshufps => {
            let s = imm.ok_or("vshufps without an immediate")? as usize;
            for lane in 0..w / 16 {
                let sel = |j: usize| (s >> (2 * j)) & 3;
                put(out, 4 * lane, word(a, 4 * lane + sel(0)));
                put(out, 4 * lane + 1, word(a, 4 * lane + sel(1)));
                put(out, 4 * lane + 2, word(b, 4 * lane + sel(2)));
                put(out, 4 * lane + 3, word(b, 4 * lane + sel(3)));
            }
        }
        M::Vshuff32x4 => {
            let s = imm.ok_or("vshuff32x4 without an immediate")? as usize;
            for j in 0..4 {
                let (src, blk) = (if j < 2 { a } else { b }, (s >> (2 * j)) & 3);
                out[16 * j..16 * j + 16].copy_from_slice(&src[16 * blk..16 * blk + 16]);
            }
        }
        _ => return Err(format!("{m:?} is not an instruction the emulator knows")),
    }
    Ok(())
}

trait F32Bits {
    fn to_f(self) -> f32;
}
impl F32Bits for u32 {
    fn to_f(self) -> f32 {
        f32::from_bits(self)
    }
}
fn f(x: f32) -> u32 {
    x.to_bits()
}
fn i(x: u32) -> i32 {
    x as i32
}
fn word(v: &[u8; 64], l: usize) -> u32 {
    u32::from_le_bytes(v[4 * l..4 * l + 4].try_into().expect("4 bytes"))
}
fn g(v: &[u8; 64], l: usize) -> f32 {
    f32::from_bits(word(v, l))
}
fn put(v: &mut [u8; 64], l: usize, x: u32) {
    v[4 * l..4 * l + 4].copy_from_slice(&x.to_le_bytes());
}
fn map32(out: &mut [u8; 64], a: &[u8; 64], b: &[u8; 64], w: usize, op: impl Fn(u32, u32) -> u32) {
    for l in 0..w / 4 {
        put(out, l, op(word(a, l), word(b, l)));
    }
}
fn map16(out: &mut [u8; 64], a: &[u8; 64], b: &[u8; 64], w: usize, op: impl Fn(u16, u16) -> u16) {
    for l in 0..w / 2 {
        let h = |v: &[u8; 64]| u16::from_le_bytes([v[2 * l], v[2 * l + 1]]);
        out[2 * l..2 * l + 2].copy_from_slice(&op(h(a), h(b)).to_le_bytes());
    }
}

fn gpr(r: Register) -> Res<usize> {
    if r.is_gpr64() || r.is_gpr32() {
        Ok(r.full_register().number())
    } else {
        Err(format!("{r:?} is not a general register"))
    }
}
fn vreg(r: Register) -> Res<usize> {
    if r.is_xmm() || r.is_ymm() || r.is_zmm() {
        Ok(r.number())
    } else {
        Err(format!("{r:?} is not a vector register"))
    }
}
fn kreg(r: Register) -> Res<usize> {
    if r.is_k() {
        Ok(r.number())
    } else {
        Err(format!("{r:?} is not a mask register"))
    }
}

fn text(ins: &Instruction) -> String {
    let mut s = String::new();
    IntelFormatter::new().format(ins, &mut s);
    s
}
