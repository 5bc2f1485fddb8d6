//! Reading float32 `.npy` arrays (numpy's `np.save`) with the `npyz`
//! crate, plus the checks it leaves to the caller, so that no file can make
//! the reader panic, abort or allocate more than the file holds:
//!
//! - the preamble (magic, version, header length) is checked first, so a
//!   header length past the end of the file is an error, not an allocation
//!   of up to 4 GiB;
//! - the header may nest brackets only a few levels: `npyz`'s parser
//!   (pest) stops at its own stack limit, but its error then quotes the
//!   whole header, and so does any of its syntax errors, so those are cut
//!   to a readable length too;
//! - the shape's element count and byte size are computed with checked
//!   arithmetic (`npyz` multiplies the dimensions unchecked, which wraps in
//!   release builds and panics in debug ones), and the data must be exactly
//!   that size: no truncated array, no trailing bytes.
//!
//! Only f32 arrays in C order are read; anything else gets an error that
//! says how to convert it. Every error names the file.

use crate::error::{Error, Result};
use crate::model::Tensor;
use std::path::Path;

/// Deepest bracket nesting a header may have: numpy writes a flat dict
/// (depth 2 with the shape tuple); structured dtypes add a few levels.
const MAX_NESTING: usize = 16;

/// Reads the f32 array in `path`, of any rank (the caller checks the rank).
pub fn read_f32(path: &Path) -> Result<Tensor> {
    let bytes = std::fs::read(path).map_err(|e| Error::File {
        path: path.to_path_buf(),
        message: format!("cannot open the input: {e}"),
    })?;
    parse_f32(path, &bytes)
}

/// Parses a whole `.npy` file held in memory; errors name `path`.
pub fn parse_f32(path: &Path, bytes: &[u8]) -> Result<Tensor> {
    parse(bytes).map_err(|message| Error::File {
        path: path.to_path_buf(),
        message,
    })
}

fn parse(bytes: &[u8]) -> Result<Tensor, String> {
    let unreadable = |why: &str| format!("not a readable .npy file: {why}");
    let data_start = preamble(bytes).map_err(|e| unreadable(&e))?;
    let npy = npyz::NpyFile::new(bytes).map_err(|e| unreadable(&shorten(&e.to_string())))?;
    let dtype = npy.dtype();
    let is_f32 = matches!(&dtype, npyz::DType::Plain(t)
        if t.type_char() == npyz::TypeChar::Float && t.size_field() == 4);
    if !is_f32 {
        return Err(format!(
            "the array's dtype is {} but float32 is needed (in numpy: x.astype(np.float32))",
            dtype.descr()
        ));
    }
    let dims = npy.shape().to_vec();
    let too_big = || format!("the shape {dims:?} is too large to hold in memory");
    let shape: Vec<usize> = dims
        .iter()
        .map(|&d| usize::try_from(d).map_err(|_| too_big()))
        .collect::<Result<_, _>>()?;
    let count = shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or_else(too_big)?;
    let need = count.checked_mul(4).ok_or_else(too_big)?;
    if npy.order() == npyz::Order::Fortran && shape.iter().filter(|&&d| d > 1).count() > 1 {
        return Err("the array is in Fortran (column-major) order; save it in C order (np.ascontiguousarray(x))".into());
    }
    let data = &bytes[data_start..];
    if data.len() != need {
        let what = if data.len() < need {
            "truncated"
        } else {
            "trailing bytes"
        };
        return Err(format!(
            "cannot read the array data ({what}?): shape {shape:?} needs {need} bytes after the header, the file has {}",
            data.len()
        ));
    }
    // The size is exact now, so npyz reads no more than the file holds.
    let values: Vec<f32> = npy
        .into_vec()
        .map_err(|e| format!("cannot read the array data: {e}"))?;
    Tensor::new(shape, values).map_err(|e| e.to_string())
}

/// A parser message cut to its first 300 characters (pest quotes the
/// input line, which can be the whole header).
fn shorten(message: &str) -> String {
    match message.char_indices().nth(300) {
        Some((at, _)) => format!("{} ...", &message[..at]),
        None => message.to_string(),
    }
}

/// Checks the magic, version and header length, and the header's
/// nesting and shape size; returns where the data starts.
fn preamble(bytes: &[u8]) -> Result<usize, String> {
    const MAGIC: &[u8] = b"\x93NUMPY";
    if bytes.len() < 10 || &bytes[..6] != MAGIC {
        return Err(format!(
            "it does not start with the .npy magic \\x93NUMPY ({} bytes)",
            bytes.len()
        ));
    }
    let (len, start): (usize, usize) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        2 | 3 => return Err("the file ends inside its preamble".into()),
        v => return Err(format!("format version {v} is not 1, 2 or 3")),
    };
    let end = start
        .checked_add(len)
        .filter(|&e| e <= bytes.len())
        .ok_or_else(|| {
            format!(
                "the header length says {len} bytes but only {} follow the preamble",
                bytes.len() - start
            )
        })?;
    let text = &bytes[start..end];
    let mut depth = 0usize;
    for &b in text {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(format!(
                        "the header nests brackets more than {MAX_NESTING} deep; a .npy header is a flat dict"
                    ));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    shape_fits(text)?;
    Ok(end)
}

/// Whether the nonzero dimensions in the header's `'shape': (...)`
/// multiply to less than 2⁶⁴ (`npyz` multiplies them unchecked). A shape this scan
/// cannot read is left to `npyz`, which then rejects it or reads plain
/// integers this scan also reads.
fn shape_fits(header: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(header);
    let Some(at) = text.find("'shape'").or_else(|| text.find("\"shape\"")) else {
        return Ok(());
    };
    let rest = text[at + 7..]
        .trim_start()
        .trim_start_matches(':')
        .trim_start();
    let Some(body) = rest.strip_prefix(['(', '[']) else {
        return Ok(());
    };
    let Some(close) = body.find([')', ']']) else {
        return Ok(());
    };
    // Zeros are skipped: npyz also multiplies prefixes of the shape (its
    // strides), and (2^40, 2^40, 0) overflows before it reaches the zero.
    let mut product = 1u64;
    for dim in body[..close]
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        let Ok(d) = dim.parse::<u64>() else {
            return Ok(());
        };
        product = product
            .checked_mul(d.max(1))
            .ok_or_else(|| format!("the shape ({}) has more than 2^64 elements", &body[..close]))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npy(header: &str, data: &[u8]) -> Vec<u8> {
        let mut h = header.to_string();
        while !(10 + h.len() + 1).is_multiple_of(64) {
            h.push(' ');
        }
        h.push('\n');
        let mut b = b"\x93NUMPY\x01\x00".to_vec();
        b.extend((h.len() as u16).to_le_bytes());
        b.extend(h.as_bytes());
        b.extend(data);
        b
    }

    #[test]
    fn reads_c_order_f32_and_big_endian() {
        let le: Vec<u8> = [1.5f32, -2.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let t = parse(&npy(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
            &le,
        ))
        .unwrap();
        assert_eq!((t.shape(), t.data()), (&[2][..], &[1.5, -2.0][..]));
        let be: Vec<u8> = [1.5f32, -2.0]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        let t = parse(&npy(
            "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }",
            &be,
        ))
        .unwrap();
        assert_eq!(t.data(), &[1.5, -2.0]);
    }

    #[test]
    fn names_each_broken_rule() {
        let f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': ";
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"not an npy".to_vec(), "magic"),
            (npy(&format!("{f4}(3,), }}"), &[0; 8]), "truncated"),
            (npy(&format!("{f4}(1,), }}"), &[0; 8]), "trailing bytes"),
            (
                npy(&format!("{f4}(4294967296, 4294967296), }}"), &[]),
                "more than 2^64",
            ),
            (
                npy(&format!("{f4}(4294967296, 4294967295), }}"), &[]),
                "too large",
            ),
            (
                npy(
                    &format!("{f4}{}1{}, }}", "(".repeat(40), ")".repeat(40)),
                    &[],
                ),
                "nests",
            ),
            (
                npy(
                    "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                    &[0; 8],
                ),
                "'<f8'",
            ),
        ];
        for (bytes, want) in cases {
            let err = parse(&bytes).unwrap_err();
            assert!(err.contains(want), "{want}: {err}");
        }
        let zero = npy(&format!("{f4}(4294967296, 4294967296, 0), }}"), &[]);
        assert!(parse(&zero).unwrap_err().contains("more than 2^64"));
        let mut long = npy(&format!("{f4}(1,), }}"), &[0; 4]);
        long[8..10].copy_from_slice(&u16::MAX.to_le_bytes());
        assert!(parse(&long).unwrap_err().contains("only"));
    }
}
