//! Opening a `.safetensors` file: memory-map it (memmap2) or read it into
//! memory, validate the header completely before any tensor byte is read,
//! and hand out borrowed views of the tensors (no copy).
//!
//! The `safetensors` crate parses the header and checks that the tensors
//! tile the data section exactly, but its errors do not say which rule
//! broke ("invalid offset for tensor `x`" covers overlaps, gaps and a bad
//! start alike), and they never name the file. So the header is first read
//! here with `serde_json` and every rule is checked with a message of its
//! own; the crate then parses the same header as a second, independent
//! check, so the two can never disagree silently.
//!
//! File layout: `u64` little-endian header length `n`, `n` bytes of JSON
//! (`{"name": {"dtype", "shape", "data_offsets": [begin, end]}, ...}` plus an
//! optional `"__metadata__"` string map), then the data section; offsets are
//! relative to the data section.

use crate::error::{Error, Result};
pub use ::safetensors::Dtype;
use aligned_vec::{AVec, ConstAlign};
use memmap2::Mmap;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Headers larger than this are refused (the `safetensors` crate's limit).
const MAX_HEADER: u64 = 100_000_000;

/// One tensor's entry in the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorInfo {
    pub name: String,
    pub dtype: Dtype,
    pub shape: Vec<usize>,
    /// Byte range inside the data section.
    pub range: Range<usize>,
}

impl TensorInfo {
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }
}

/// A borrowed tensor: its header entry and its bytes inside the mapping.
#[derive(Clone, Copy, Debug)]
pub struct TensorView<'a> {
    pub info: &'a TensorInfo,
    pub bytes: &'a [u8],
}

impl<'a> TensorView<'a> {
    pub fn name(&self) -> &'a str {
        &self.info.name
    }
    pub fn dtype(&self) -> Dtype {
        self.info.dtype
    }
    pub fn shape(&self) -> &'a [usize] {
        &self.info.shape
    }

    /// Whether [`to_f32`](Self::to_f32) can read this tensor.
    pub fn is_float(&self) -> bool {
        matches!(self.dtype(), Dtype::F32 | Dtype::F16 | Dtype::BF16)
    }

    /// The values as f32: borrowed from the mapping when the tensor is f32
    /// and 4-byte aligned there (safetensors does not promise alignment), a
    /// converted copy for f16/bf16 (the `half` crate) or unaligned f32.
    pub fn to_f32(&self) -> Result<Cow<'a, [f32]>> {
        let b = self.bytes;
        match self.dtype() {
            Dtype::F32 => Ok(match bytemuck::try_cast_slice::<u8, f32>(b) {
                Ok(v) if cfg!(target_endian = "little") => Cow::Borrowed(v),
                _ => Cow::Owned(
                    b.chunks_exact(4)
                        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        .collect(),
                ),
            }),
            Dtype::F16 => Ok(Cow::Owned(
                b.chunks_exact(2)
                    .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                    .collect(),
            )),
            Dtype::BF16 => Ok(Cow::Owned(
                b.chunks_exact(2)
                    .map(|c| half::bf16::from_le_bytes([c[0], c[1]]).to_f32())
                    .collect(),
            )),
            other => Err(Error::Unsupported(format!(
                "tensor '{}' has dtype {other:?}; only F32, F16 and BF16 can be read as f32",
                self.name()
            ))),
        }
    }
}

/// The bytes of a file: mapped, or read into memory.
enum Bytes {
    Mapped(Mmap),
    /// 64-byte aligned, so aligned f32 tensors are borrowed as in a mapping.
    Owned(AVec<u8, ConstAlign<64>>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// A validated safetensors file, memory-mapped ([`open`](Self::open)) or
/// read into memory ([`read`](Self::read)).
///
/// **A mapped file must not shrink while it is open.** If another process
/// truncates it (or rewrites it in place, as `cp new old` or a
/// `> old` redirect do), reading a tensor past the new end raises SIGBUS
/// and the process dies; `tests/model_file.rs` shows it. What is safe:
/// - replacing the file by renaming a new one over it (as `sparsejit prune`
///   and `write_atomic` do): the mapping keeps the old file's bytes;
/// - dropping the file (or the `Model`) once its layers are compiled:
///   compiled layers and `bert::Encoder` own copies of everything they use,
///   so nothing reads the mapping after that;
/// - [`read`](Self::read), which a server that cannot trust its model
///   files to stay put should use: it costs the file's size in memory while
///   the file is open, and no later change to the file can reach it.
pub struct SafetensorsFile {
    path: PathBuf,
    map: Bytes,
    /// Where the data section starts in the file.
    data_start: usize,
    /// Sorted by name, for stable listings.
    tensors: Vec<TensorInfo>,
    metadata: Option<HashMap<String, String>>,
}

impl std::fmt::Debug for SafetensorsFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SafetensorsFile")
            .field("path", &self.path)
            .field("tensors", &self.tensors.len())
            .field("mapped", &matches!(self.map, Bytes::Mapped(_)))
            .finish()
    }
}

/// An error naming `path`.
fn file_error(path: &Path) -> impl Fn(String) -> Error + '_ {
    move |message| Error::File {
        path: path.to_path_buf(),
        message,
    }
}

impl SafetensorsFile {
    /// Maps `path` and validates its header; the error names the file and
    /// the rule that failed. See the type's docs for what the mapping
    /// requires of the file.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let fail = file_error(&path);
        let file = File::open(&path).map_err(|e| fail(format!("cannot open: {e}")))?;
        let len = file
            .metadata()
            .map_err(|e| fail(format!("cannot read its size: {e}")))?
            .len();
        check_length(len).map_err(&fail)?;
        // SAFETY: the mapping is read-only and private to this process; the
        // one hazard memmap2 cannot rule out is another process truncating
        // or rewriting the file in place while it is mapped (a read past the
        // new end then raises SIGBUS, and bytes may change under us). Every
        // mmap-based model loader (safetensors' own Python and candle
        // loaders included) accepts this; the type's docs say so, and
        // `read` is the alternative that does not. The length was checked
        // above and every later access goes through validated ranges.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| fail(format!("cannot map: {e}")))?;
        drop(fail);
        Self::from_bytes(path, Bytes::Mapped(map))
    }

    /// Reads `path` into memory and validates it, as [`open`](Self::open)
    /// does; nothing done to the file afterwards can affect the result.
    pub fn read(path: impl AsRef<Path>) -> Result<Self> {
        use std::io::Read;
        let path = path.as_ref().to_path_buf();
        let fail = file_error(&path);
        let mut file = File::open(&path).map_err(|e| fail(format!("cannot open: {e}")))?;
        let len = file
            .metadata()
            .map_err(|e| fail(format!("cannot read its size: {e}")))?
            .len();
        check_length(len).map_err(&fail)?;
        let len = usize::try_from(len)
            .map_err(|_| fail(format!("{len} bytes do not fit in memory here")))?;
        let mut bytes = AVec::<u8, ConstAlign<64>>::with_capacity(64, len);
        bytes.resize(len, 0);
        file.read_exact(&mut bytes).map_err(|e| {
            fail(format!(
                "cannot read its {len} bytes (truncated while reading?): {e}"
            ))
        })?;
        drop(fail);
        Self::from_bytes(path, Bytes::Owned(bytes))
    }

    /// Validates a whole file's bytes held in memory; errors name `path`.
    pub fn from_vec(path: impl AsRef<Path>, bytes: Vec<u8>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        check_length(bytes.len() as u64).map_err(file_error(&path))?;
        Self::from_bytes(path, Bytes::Owned(AVec::from_slice(64, &bytes)))
    }

    fn from_bytes(path: PathBuf, map: Bytes) -> Result<Self> {
        let fail = file_error(&path);
        let (data_start, tensors, metadata) = validate(&map).map_err(&fail)?;
        // The crate's parser as a second, independent check (see module docs).
        ::safetensors::SafeTensors::read_metadata(&map)
            .map_err(|e| fail(format!("invalid safetensors file: {e}")))?;
        drop(fail);
        Ok(Self {
            path,
            map,
            data_start,
            tensors,
            metadata,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every tensor, sorted by name.
    pub fn tensors(&self) -> impl Iterator<Item = TensorView<'_>> {
        self.tensors.iter().map(|info| self.view(info))
    }

    pub fn tensor(&self, name: &str) -> Option<TensorView<'_>> {
        self.tensors
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| self.view(&self.tensors[i]))
    }

    /// The header's `__metadata__` map (e.g. `{"format": "pt"}`).
    pub fn metadata(&self) -> Option<&HashMap<String, String>> {
        self.metadata.as_ref()
    }

    fn view<'a>(&'a self, info: &'a TensorInfo) -> TensorView<'a> {
        let r = &info.range;
        TensorView {
            info,
            bytes: &self.map[self.data_start + r.start..self.data_start + r.end],
        }
    }
}

/// A safetensors file starts with its 8-byte header length.
fn check_length(len: u64) -> Result<(), String> {
    if len == 0 {
        return Err(
            "the file is empty (0 bytes); a safetensors file starts with an 8-byte header length"
                .into(),
        );
    }
    if len < 8 {
        return Err(format!(
            "the file is truncated: {len} bytes, but a safetensors file starts with an 8-byte header length"
        ));
    }
    Ok(())
}

type Parsed = (usize, Vec<TensorInfo>, Option<HashMap<String, String>>);

/// Checks every rule of the format on the bytes of a whole file. Returns the
/// data section's start, the tensors sorted by name, and the metadata.
fn validate(bytes: &[u8]) -> Result<Parsed, String> {
    let file_len = bytes.len() as u64;
    let n = u64::from_le_bytes(bytes[..8].try_into().expect("length checked by caller"));
    if n > file_len - 8 {
        return Err(format!(
            "the header length says {n} bytes but only {} bytes follow it: the header length is past the end of the file (truncated or not a safetensors file)",
            file_len - 8
        ));
    }
    if n > MAX_HEADER {
        return Err(format!(
            "the header is {n} bytes, larger than the {MAX_HEADER}-byte limit"
        ));
    }
    let data_start = 8 + n as usize;
    let header = std::str::from_utf8(&bytes[8..data_start])
        .map_err(|e| format!("the header is not UTF-8 text ({e}), so it cannot be JSON"))?;
    let json: serde_json::Value = serde_json::from_str(header.trim_end_matches(' '))
        .map_err(|e| format!("the header is not valid JSON: {e}"))?;
    let serde_json::Value::Object(entries) = json else {
        return Err("the header is JSON but not an object of tensors".into());
    };
    let data_len = bytes.len() - data_start;
    let mut tensors = Vec::with_capacity(entries.len());
    let mut metadata = None;
    for (name, entry) in entries {
        if name == "__metadata__" {
            metadata = Some(
                serde_json::from_value::<HashMap<String, String>>(entry)
                    .map_err(|e| format!("__metadata__ is not a map of strings: {e}"))?,
            );
            continue;
        }
        tensors.push(parse_entry(&name, entry, data_len)?);
    }
    check_layout(&mut tensors, data_len)?;
    tensors.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((data_start, tensors, metadata))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    dtype: String,
    shape: Vec<u64>,
    data_offsets: (u64, u64),
}

/// One header entry: fields present and typed, a known dtype, offsets
/// inside the data section, and a byte size that matches dtype × shape.
fn parse_entry(
    name: &str,
    entry: serde_json::Value,
    data_len: usize,
) -> Result<TensorInfo, String> {
    let raw: RawEntry = serde_json::from_value(entry).map_err(|e| {
        format!("tensor '{name}': entry must be {{\"dtype\": str, \"shape\": [int], \"data_offsets\": [begin, end]}}: {e}")
    })?;
    let dtype: Dtype = serde_json::from_value(serde_json::Value::String(raw.dtype.clone()))
        .map_err(|_| {
            format!(
                "tensor '{name}' has unknown dtype '{}' (known: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL, ...)",
                raw.dtype
            )
        })?;
    let (begin, end) = raw.data_offsets;
    if begin > end {
        return Err(format!(
            "tensor '{name}': data_offsets [{begin}, {end}] end before they begin"
        ));
    }
    if end > data_len as u64 {
        return Err(format!(
            "tensor '{name}': data_offsets [{begin}, {end}] are past the end of the data section ({data_len} bytes): the file is truncated or the header is wrong"
        ));
    }
    let shape: Vec<usize> = raw.shape.iter().map(|&d| d as usize).collect();
    // With a zero dimension the byte size is 0 whatever the others are,
    // but `numel()` and every consumer multiply them in order, so they must
    // fit too: [2^40, 2^40, 0] is refused rather than overflowing later.
    raw.shape
        .iter()
        .try_fold(1usize, |a, &d| {
            a.checked_mul(usize::try_from(d.max(1)).ok()?)
        })
        .ok_or_else(|| format!("tensor '{name}': shape {shape:?} is too large"))?;
    let bits = raw
        .shape
        .iter()
        .try_fold(1u128, |a, &d| a.checked_mul(d as u128))
        .and_then(|n| n.checked_mul(dtype.bitsize() as u128))
        .filter(|b| *b <= u64::MAX as u128)
        .ok_or_else(|| format!("tensor '{name}': shape {shape:?} is too large"))?;
    let size = end - begin;
    if bits % 8 != 0 || bits / 8 != size as u128 {
        return Err(format!(
            "tensor '{name}': dtype {dtype:?} with shape {shape:?} needs {} bytes but data_offsets [{begin}, {end}] hold {size}",
            bits.div_ceil(8)
        ));
    }
    Ok(TensorInfo {
        name: name.to_string(),
        dtype,
        shape,
        range: begin as usize..end as usize,
    })
}

/// No two tensors overlap, and the tensors cover the data section with no
/// gap (the format forbids holes so no file can hide other content).
fn check_layout(tensors: &mut [TensorInfo], data_len: usize) -> Result<(), String> {
    tensors.sort_by_key(|t| (t.range.start, t.range.end));
    let mut covered = 0;
    let mut last: Option<&TensorInfo> = None;
    for t in tensors.iter() {
        if let Some(prev) = last
            && t.range.start < prev.range.end
        {
            return Err(format!(
                "tensors '{}' (bytes {:?}) and '{}' (bytes {:?}) overlap",
                prev.name, prev.range, t.name, t.range
            ));
        }
        if t.range.start > covered {
            return Err(format!(
                "bytes {covered}..{} of the data section belong to no tensor (before '{}'); the format forbids gaps",
                t.range.start, t.name
            ));
        }
        covered = t.range.end;
        last = Some(t);
    }
    if covered != data_len {
        return Err(format!(
            "the data section has {data_len} bytes but the tensors cover only {covered}: {} trailing bytes belong to no tensor",
            data_len - covered
        ));
    }
    Ok(())
}

/// A tensor to write: name, dtype, shape and little-endian bytes.
pub struct TensorBytes<'a> {
    pub name: String,
    pub dtype: Dtype,
    pub shape: Vec<usize>,
    pub bytes: Cow<'a, [u8]>,
}

/// Writes tensors as a safetensors file atomically: into a temporary file in
/// the same directory, renamed over `path` only when complete, so a failure
/// never leaves a half-written file.
pub fn write_atomic(
    path: &Path,
    tensors: Vec<TensorBytes<'_>>,
    metadata: Option<HashMap<String, String>>,
) -> Result<()> {
    let fail = |message: String| Error::File {
        path: path.to_path_buf(),
        message,
    };
    let views: BTreeMap<String, ::safetensors::tensor::TensorView<'_>> = tensors
        .iter()
        .map(|t| {
            ::safetensors::tensor::TensorView::new(t.dtype, t.shape.clone(), &t.bytes)
                .map(|v| (t.name.clone(), v))
                .map_err(|e| fail(format!("tensor '{}': {e}", t.name)))
        })
        .collect::<Result<_>>()?;
    let bytes = ::safetensors::serialize(&views, metadata)
        .map_err(|e| fail(format!("cannot serialize: {e}")))?;
    crate::files::write_atomic(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(header: &str, data: &[u8]) -> Vec<u8> {
        let mut b = (header.len() as u64).to_le_bytes().to_vec();
        b.extend_from_slice(header.as_bytes());
        b.extend_from_slice(data);
        b
    }

    #[test]
    fn accepts_a_valid_file_and_reads_f16_and_bf16() {
        let h = r#"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]}}"#;
        let mut data = half::f16::from_f32(1.5).to_le_bytes().to_vec();
        data.extend(half::f16::from_f32(-2.0).to_le_bytes());
        data.extend(half::bf16::from_f32(3.0).to_le_bytes());
        let bytes = file(h, &data);
        let (start, tensors, _) = validate(&bytes).unwrap();
        assert_eq!(start, 8 + h.len());
        assert_eq!(tensors.len(), 2);
        assert_eq!(tensors[0].name, "a");
    }

    #[test]
    fn names_each_broken_rule() {
        let cases = [
            (
                r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                12,
                "overlap",
            ),
            (
                r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
                4,
                "past the end",
            ),
            (
                r#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
                8,
                "needs 12 bytes",
            ),
            (
                r#"{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#,
                8,
                "unknown dtype 'Q4'",
            ),
            (
                r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                8,
                "belong to no tensor",
            ),
            (
                r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                8,
                "trailing",
            ),
            (
                r#"{"a":{"dtype":"F32","shape":[1099511627776,1099511627776,0],"data_offsets":[0,0]}}"#,
                0,
                "is too large",
            ),
            ("not json", 0, "not valid JSON"),
            ("[1,2]", 0, "not an object"),
        ];
        for (h, data, want) in cases {
            let err = validate(&file(h, &vec![0; data])).unwrap_err();
            assert!(err.contains(want), "{h}: {err}");
        }
    }
}
