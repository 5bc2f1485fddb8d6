//! `SPARSEJIT_DUMP=DIR` and `SPARSEJIT_PERF_MAP=1`: every kernel compiled
//! in the process is written to DIR as `.bin` and `.asm`, and appended to
//! `/tmp/perf-<pid>.map`; a dump that cannot be written is a warning, never
//! a failed compile.
//!
//! The variables are read by the process that compiles, and setting them
//! in a running multi-threaded test is not sound, so each test runs this
//! test binary again as a child with the variables set; in the child,
//! `child_compiles_one_kernel` does the compiling. That one is `#[ignore]`d,
//! so a normal run does not count it as a test that passed: it checks
//! nothing by itself, its parent checks what it wrote.

mod common;

use sparsejit::sparse::prune::random_block_sparse;
use sparsejit::{BlockShape, Isa, LinearOptions, SparseLinear};
use std::process::{Command, Output};

const CHILD: &str = "SPARSEJIT_DUMP_TEST_CHILD";

/// In the child: compile one fresh kernel and say which it is.
#[test]
#[ignore = "runs only as the child of the other tests here"]
fn child_compiles_one_kernel() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let block = BlockShape::new(4, 1).unwrap();
    let w = random_block_sparse(24, 40, block, 0.6, 11);
    let opts = LinearOptions {
        isa: Some(Isa::Avx2.into()),
        ..Default::default()
    };
    let layer = SparseLinear::from_dense(&w, 24, 40, block, None, &opts).unwrap();
    println!("CHILD name={}", layer.dump_name());
    println!(
        "CHILD perf_map={}",
        sparsejit::runtime::dump::perf_map_path().display()
    );
    println!("CHILD size={}", layer.raw_code().unwrap().len());
}

fn run_child(envs: &[(&str, &std::ffi::OsStr)]) -> Output {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.args([
        "--exact",
        "child_compiles_one_kernel",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD, "1")
    .env_remove("SPARSEJIT_DUMP")
    .env_remove("SPARSEJIT_PERF_MAP")
    .env_remove("SPARSEJIT_ISA");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "child failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn field<'a>(stdout: &'a str, key: &str) -> &'a str {
    let prefix = format!("CHILD {key}=");
    stdout
        .lines()
        // The harness may print "test ... " on the same line first.
        .find_map(|l| l.split_once(prefix.as_str()).map(|(_, v)| v.trim()))
        .unwrap_or_else(|| panic!("child printed no {key}:\n{stdout}"))
}

/// Whether AVX2 kernels run here: a skip when not, unless
/// SPARSEJIT_REQUIRE_ISA names avx2 (then `runs` fails the test).
fn avx2() -> bool {
    common::runs(Isa::Avx2, sparsejit::plan::Dtype::F32)
}

#[test]
fn dump_dir_gets_bin_and_asm_and_perf_map_gets_a_line() {
    if !avx2() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("dumps"); // created on demand
    let out = run_child(&[
        ("SPARSEJIT_DUMP", target.as_os_str()),
        ("SPARSEJIT_PERF_MAP", "1".as_ref()),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let name = field(&stdout, "name");
    let size: usize = field(&stdout, "size").parse().unwrap();

    let bin = std::fs::read(target.join(format!("{name}.bin"))).unwrap();
    assert_eq!(bin.len(), size);
    let asm = std::fs::read_to_string(target.join(format!("{name}.asm"))).unwrap();
    let kernel = name.rsplit_once('-').unwrap().0;
    assert!(asm.starts_with(&format!("; kernel    {kernel}\n")), "{asm}");
    assert!(asm.contains("\ngroup_0:") && asm.contains("\nexit:"));
    assert_eq!(std::fs::read_dir(&target).unwrap().count(), 2);

    let map_path = field(&stdout, "perf_map").to_string();
    let map = std::fs::read_to_string(&map_path).unwrap();
    let _ = std::fs::remove_file(&map_path);
    let line = map
        .lines()
        .find(|l| l.ends_with(name))
        .expect("a perf-map line");
    let parts: Vec<&str> = line.split(' ').collect();
    assert_eq!(parts.len(), 3, "{line}");
    assert!(u64::from_str_radix(parts[0], 16).unwrap() > 0, "{line}");
    let code_size = usize::from_str_radix(parts[1], 16).unwrap();
    assert!(code_size > 0 && code_size <= size, "{line}");
}

#[test]
fn an_unwritable_dump_dir_is_only_a_warning() {
    if !avx2() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain");
    std::fs::write(&file, b"x").unwrap();
    // A regular file where the directory should be: the child compiles and
    // runs anyway, and warns.
    let out = run_child(&[("SPARSEJIT_DUMP", file.join("sub").as_os_str())]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: SPARSEJIT_DUMP:") && stderr.contains("cannot create"),
        "{stderr}"
    );
}

#[test]
fn without_the_variables_nothing_is_written() {
    if !avx2() {
        return;
    }
    let out = run_child(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!std::path::Path::new(field(&stdout, "perf_map")).exists());
}
