//! Every kernel family on every machine: the generated code of each
//! target (AVX2, AVX-512, AVX-VNNI and AVX-512 VNNI; fp32 and INT8) run in
//! the interpreter of `tests/emu`, which also checks that every load and
//! store stays inside the buffers the kernel was given.
//!
//! - The interpreter is checked against the CPU: each kernel this machine
//!   runs natively gives the same bits emulated.
//! - fp32 AVX-512 kernels must give the same bits as the AVX2 ones (the
//!   same FMAs in the same order per output), INT8 VNNI kernels the same
//!   bits as the integer reference.
//! - Every legal register tile of every dynasm template, with every block
//!   shape and epilogue, is run (the tiles `--tune` may pick).

mod common;
mod emu;

use common::Case;
use emu::{Machine, Region};
use proptest::prelude::*;
use sparsejit::codegen::{Emitter, KernelArgs, x86::X86Emitter};
use sparsejit::layout::{Int8Packing, Panels, RowTable, int8_rows, pack_int8_panels};
use sparsejit::plan::{
    Backend, Dtype, Epilogue, Isa, KernelPlan, Mac, RegisterTile, Schedule, Target, templates,
};
use sparsejit::quant::QuantizedWeights;
use sparsejit::reference::int8;
use sparsejit::{Activation, BsrMatrix, LinearOptions, SparseLinear};
use std::mem::offset_of;

/// Region bases: far apart, so a stray pointer lands in no region.
const CODE: u64 = 0x1000_0000;
const ARGS: u64 = 0x2000_0000;
const X: u64 = 0x3000_0000;
const Y: u64 = 0x4000_0000;
const VALUES: u64 = 0x5000_0000;
const ROWS: u64 = 0x6000_0000;
const PARTIAL: u64 = 0x8000_0000;

/// One layer compiled for `plan` and run in the interpreter on `x`
/// (`[n, K]`): `y` `[n, M]`, or the first error.
struct Emulated {
    plan: KernelPlan,
    sched: Schedule,
    code: Vec<u8>,
    quantized: Option<QuantizedWeights>,
    bias: Option<Vec<f32>>,
}

impl Emulated {
    fn new(plan: KernelPlan, w: &BsrMatrix, bias: Option<Vec<f32>>) -> Self {
        let quantized = (plan.target.dtype == Dtype::Int8)
            .then(|| QuantizedWeights::quantize(w).expect("finite weights"));
        let sched = Schedule::new(&plan, quantized.as_ref().map_or(w, |q| &q.q)).unwrap();
        let code = X86Emitter.emit(&plan, &sched, false).unwrap().code;
        Self {
            plan,
            sched,
            code,
            quantized,
            bias,
        }
    }

    fn run(&self, x: &[f32], n: usize) -> Result<Vec<f32>, String> {
        self.run_with(x, n, 0)
    }

    /// As `run`, with `short` fewer output bytes than the kernel needs (to
    /// see the bounds checks catch it).
    fn run_with(&self, x: &[f32], n: usize, short: usize) -> Result<Vec<f32>, String> {
        let groups = self.sched.groups.len() as u64;
        let machine = self.call(x, n, short, 0..groups)?;
        let (m, ldy) = (self.plan.m, self.plan.ldy);
        let out = machine.region("y");
        Ok((0..n * m)
            .map(|i| {
                let at = 4 * ((i / m) * ldy + i % m);
                f32::from_le_bytes(out[at..at + 4].try_into().unwrap())
            })
            .collect())
    }

    /// Runs the kernel on groups `groups` (`KernelArgs::group_begin..
    /// group_end`, which need not be valid) of `x`, with Y filled with NaN
    /// and `short` bytes too small; the machine after the call.
    fn call(
        &self,
        x: &[f32],
        n: usize,
        short: usize,
        groups: std::ops::Range<u64>,
    ) -> Result<Machine, String> {
        let p = &self.plan;
        let (k, nb, ldy) = (p.k, p.tile.panel_width(), p.ldy);
        let mut panels = Panels::default();
        let rows = p.panel_rows();
        match &self.quantized {
            None => panels.pack(x, n, k, nb),
            Some(_) => panels.pack_with(n, rows, nb, false, |r, d| {
                pack_int8_panels(x, n, Int8Packing::of(p), r, d)
            }),
        }
        assert_eq!(
            rows,
            if self.quantized.is_some() {
                int8_rows(k, p.granule())
            } else {
                k
            }
        );
        let count = n.div_ceil(nb);
        let rows_table = match &self.quantized {
            Some(q) => Some(bytes(
                RowTable::new(&q.scale, &q.compensation(), self.bias.as_deref()).as_slice(),
            )),
            None => self.bias.as_deref().map(bytes),
        };
        let y_len = count * nb * ldy * 4 - short;
        let mut args = vec![0u8; std::mem::size_of::<KernelArgs>()];
        let mut field = |off: usize, v: u64| args[off..off + 8].copy_from_slice(&v.to_le_bytes());
        field(offset_of!(KernelArgs, x), X);
        field(offset_of!(KernelArgs, y), Y);
        field(offset_of!(KernelArgs, values), VALUES);
        field(
            offset_of!(KernelArgs, bias),
            if rows_table.is_some() { ROWS } else { 0 },
        );
        field(offset_of!(KernelArgs, panels), count as u64);
        field(offset_of!(KernelArgs, group_begin), groups.start);
        field(offset_of!(KernelArgs, group_end), groups.end);
        // K-blocked plans: exactly one slot per (group, panel) of the call.
        let slots = p.partial_floats() * (groups.end.saturating_sub(groups.start) as usize) * count;
        if slots > 0 {
            field(offset_of!(KernelArgs, partial), PARTIAL);
        }
        let values: Vec<u8> = self
            .sched
            .values
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let mut regions = vec![
            Region::new("code", CODE, self.code.clone(), false),
            Region::new("args", ARGS, args, false),
            Region::new("x", X, bytes(panels.as_slice()), false),
            Region::new(
                "y",
                Y,
                bytes(&vec![f32::NAN; y_len.div_ceil(4)])[..y_len].to_vec(),
                true,
            ),
            Region::new("values", VALUES, values, false),
        ];
        if let Some(r) = rows_table {
            regions.push(Region::new("rows", ROWS, r, false));
        }
        if slots > 0 {
            regions.push(Region::new("partial", PARTIAL, vec![0xff; 4 * slots], true));
        }
        let mut machine = Machine::new(regions);
        machine.call(0, ARGS, 200_000_000)?;
        Ok(machine)
    }
}

fn bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|f| f.to_le_bytes()).collect()
}

fn plan_for(c: &Case, target: Target, tile: Option<RegisterTile>, mac: Option<Mac>) -> KernelPlan {
    let epi = Epilogue {
        bias: c.bias,
        activation: c.activation,
    };
    let plan = match tile {
        Some(t) => KernelPlan::with_tile(c.m, c.k, c.block, target, epi, t).unwrap(),
        None => KernelPlan::new(c.m, c.k, c.block, target, epi).unwrap(),
    };
    let plan = match mac {
        Some(mac) => plan.with_mac(mac).unwrap(),
        None => plan,
    };
    if plan.can_k_block() {
        plan.with_k_block(c.k_block).unwrap()
    } else {
        plan
    }
}

fn bits(y: &[f32]) -> Vec<u32> {
    y.iter().map(|v| v.to_bits()).collect()
}

/// The first output whose bits differ, for the message.
fn first_diff(a: &[f32], b: &[f32], m: usize) -> String {
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x.to_bits() != y.to_bits())
        .unwrap_or(0);
    format!("y[{}, {}]: {:e} against {:e}", i / m, i % m, a[i], b[i])
}

/// What each case compares the emulated kernel with: the fp32 AVX2 kernel
/// or the integer reference, both exact.
fn expected(c: &Case, e: &Emulated, x: &[f32]) -> Vec<f32> {
    let mut y = vec![0.0f32; c.n * c.m];
    match &e.quantized {
        Some(q) => int8::linear(
            x,
            c.n,
            q,
            e.bias.as_deref(),
            c.activation,
            e.plan.mac.qmax(),
            &mut y,
        ),
        None => {
            // The AVX2 kernel, emulated (the interpreter is checked against
            // the CPU on it by `the_interpreter_agrees_with_the_cpu`).
            let bsr = BsrMatrix::from_dense(&c.weights(), c.m, c.k, c.block).unwrap();
            // Without K-blocks: a K-blocked kernel must give the same bits.
            let avx2 = plan_for(c, Target::dynasm(Isa::Avx2, Dtype::F32), None, None)
                .with_k_block(0)
                .unwrap();
            y = Emulated::new(avx2, &bsr, e.bias.clone())
                .run(x, c.n)
                .unwrap();
        }
    }
    y
}

fn check(
    c: &Case,
    target: Target,
    tile: Option<RegisterTile>,
    mac: Option<Mac>,
) -> Result<(), String> {
    let bsr = BsrMatrix::from_dense(&c.weights(), c.m, c.k, c.block).unwrap();
    let (x, b) = c.inputs();
    let e = Emulated::new(plan_for(c, target, tile, mac), &bsr, b);
    let got = e
        .run(&x, c.n)
        .map_err(|err| format!("{}: {err}", e.plan.kernel_name()))?;
    let want = expected(c, &e, &x);
    if bits(&got) != bits(&want) {
        return Err(format!(
            "{c:?} {}: {}",
            e.plan.kernel_name(),
            first_diff(&got, &want, c.m)
        ));
    }
    Ok(())
}

/// Every dynasm target, with each multiply-accumulate of its template.
fn targets() -> Vec<(Target, Mac)> {
    let mut out = Vec::new();
    for t in templates::all()
        .iter()
        .filter(|t| t.backend == Backend::Dynasm)
    {
        let target = Target::dynasm(t.isa.unwrap(), t.dtype);
        for &mac in t.macs() {
            out.push((target, mac));
        }
    }
    out
}

#[test]
fn the_interpreter_agrees_with_the_cpu() {
    let mut ran = 0;
    for (target, mac) in targets() {
        if !sparsejit::runtime::CpuFeatures::detect().runs(target.isa) {
            continue;
        }
        for (i, (m, k, n, block, s)) in [
            (37, 70, 21, (4, 1), 0.6),
            (16, 33, 16, (1, 4), 0.0),
            (50, 20, 5, (2, 2), 0.8),
        ]
        .into_iter()
        .enumerate()
        {
            let mut c = Case::new(m, k, n, block, s);
            c.bias = i != 1;
            c.activation = [Activation::Gelu, Activation::Relu, Activation::None][i];
            let w = c.weights();
            let (x, b) = c.inputs();
            let opts = LinearOptions {
                isa: Some(target.isa.into()),
                dtype: target.dtype,
                mac: (target.dtype == Dtype::Int8).then_some(mac),
                activation: c.activation,
                ..Default::default()
            };
            let layer = SparseLinear::from_dense(&w, m, k, c.block, b.clone(), &opts).unwrap();
            let mut native = vec![0.0f32; n * m];
            layer.forward(&x, n, &mut native).unwrap();
            let bsr = BsrMatrix::from_dense(&w, m, k, c.block).unwrap();
            let e = Emulated::new(layer.plan().clone(), &bsr, b);
            assert_eq!(
                e.code,
                layer.code().unwrap(),
                "the same plan emits the same bytes"
            );
            let emulated = e.run(&x, n).unwrap();
            assert!(
                bits(&native) == bits(&emulated),
                "{}: {}",
                layer.kernel_name(),
                first_diff(&emulated, &native, m)
            );
            ran += 1;
        }
    }
    if ran == 0 {
        eprintln!("skipped: this CPU runs no dynasm kernel natively");
    }
}

#[test]
fn out_of_bounds_accesses_are_caught() {
    let c = Case::new(20, 30, 16, (4, 1), 0.5);
    let bsr = BsrMatrix::from_dense(&c.weights(), c.m, c.k, c.block).unwrap();
    let (x, _) = c.inputs();
    for (target, _) in targets() {
        let e = Emulated::new(plan_for(&c, target, None, None), &bsr, None);
        let err = e.run_with(&x, c.n, 4).unwrap_err();
        assert!(
            err.contains("outside every buffer"),
            "{}: {err}",
            e.plan.kernel_name()
        );
    }
}

/// Every dynasm target's fused GELU, fp32 and INT8, gives PyTorch's
/// saturated values (`act::GELU_SATURATED`) bit for bit, the AVX-512 and
/// VNNI ones included: each saturating input is a row's bias over X = 0
/// (see `fused_gelu_saturates_as_pytorch` in tests/pinned.rs, which runs
/// the kernels this CPU has natively).
#[test]
fn every_target_saturates_gelu_as_pytorch() {
    use sparsejit::reference::act::GELU_SATURATED;
    let m = GELU_SATURATED.len();
    let mut c = Case::new(m, 6, 19, (1, 1), 0.3);
    c.bias = true;
    c.activation = Activation::Gelu;
    let bsr = BsrMatrix::from_dense(&c.weights(), c.m, c.k, c.block).unwrap();
    let bias: Vec<f32> = GELU_SATURATED.iter().map(|&(x, _)| x).collect();
    let x = vec![0.0f32; c.n * c.k];
    for (target, mac) in targets() {
        let e = Emulated::new(
            plan_for(&c, target, None, Some(mac)),
            &bsr,
            Some(bias.clone()),
        );
        let y = e.run(&x, c.n).unwrap();
        for (i, got) in y.iter().enumerate() {
            let (input, want) = GELU_SATURATED[i % m];
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "{}: gelu({input:e}) = {got:e}, PyTorch gives {want:e}",
                e.plan.kernel_name()
            );
        }
    }
}

/// A group range that ends past the group count makes every kernel return
/// at once, before it reads the jump table: nothing is written and no
/// group runs. Without the prologue's bound a `group_begin` at or past the
/// count indexed past the table and jumped into whatever followed it.
#[test]
fn group_ranges_past_the_group_count_return_at_once() {
    let mut c = Case::new(37, 30, 21, (4, 1), 0.5);
    c.bias = true;
    c.activation = Activation::Gelu;
    let bsr = BsrMatrix::from_dense(&c.weights(), c.m, c.k, c.block).unwrap();
    let (x, b) = c.inputs();
    for (target, mac) in targets() {
        let e = Emulated::new(plan_for(&c, target, None, Some(mac)), &bsr, b.clone());
        let name = e.plan.kernel_name();
        let g = e.sched.groups.len() as u64;
        assert!(g >= 2, "{name}: {g} groups");
        // The whole range runs and writes Y.
        let whole = e.call(&x, c.n, 0, 0..g).unwrap();
        assert!(
            whole
                .region("y")
                .chunks(4)
                .any(|v| v != f32::NAN.to_le_bytes())
        );
        for range in [
            0..g + 1,
            g - 1..g + 1,
            0..u64::MAX,
            g..g + 1,
            g + 5..u64::MAX,
        ] {
            let machine = e
                .call(&x, c.n, 0, range.clone())
                .unwrap_or_else(|err| panic!("{name}, groups {range:?}: {err}"));
            assert!(
                machine
                    .region("y")
                    .chunks(4)
                    .all(|v| v == f32::NAN.to_le_bytes()),
                "{name}: groups {range:?} wrote Y"
            );
        }
    }
}

fn case() -> impl Strategy<Value = Case> {
    common::case_strategy(1..70, 1..140, 1..=70, 1..=1)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// fp32 kernels give the AVX2 kernel's bits, INT8 kernels the integer
    /// reference's, for every target whatever this CPU has.
    #[test]
    fn every_target_matches_bit_for_bit(c in case()) {
        for (target, mac) in targets() {
            let r = check(&c, target, None, Some(mac));
            prop_assert!(r.is_ok(), "{}", r.unwrap_err());
        }
    }
}

/// Every legal register tile of every dynasm template (what `--tune` may
/// pick), with every block shape whose rows nest with it and each
/// epilogue, on a shape with tails in M, K and N: this runs the AVX-512
/// four-row-slice store, the 16x16 store and the AVX2 free-register
/// transpose fallback.
#[test]
fn every_legal_tile_matches_bit_for_bit() {
    let mut ran = 0;
    for (target, mac) in targets() {
        let t = templates::for_target(target).unwrap();
        for tile in t.legal_tiles() {
            for mut c in common::tile_cases(tile) {
                c.seed = ran as u64;
                check(&c, target, Some(tile), Some(mac)).unwrap();
                ran += 1;
                if target.dtype == Dtype::F32 {
                    // K-blocked too (K = 23: a first and a last block).
                    c.k_block = 16;
                    check(&c, target, Some(tile), Some(mac)).unwrap();
                    ran += 1;
                }
            }
        }
    }
    eprintln!("{ran} tile × block × epilogue × target configurations");
}
