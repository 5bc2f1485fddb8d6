//! The tuning file: which kernel variant (register tile and
//! multiply-accumulate) measured fastest on this CPU, per ISA, dtype, block
//! shape and shape class. `sparsejit tune` and `compile --tune` write it;
//! compiles that opt in (`LinearOptions::use_tuning_file`, on in the CLI)
//! read it at load and start from the recorded variant instead of the
//! template's default.
//!
//! The right code shape differs by microarchitecture (the tile that fills
//! a Zen core's FMA pipes is not the one that keeps an Intel core's
//! instruction fetch ahead), so the key starts with the CPU model. Only
//! variants the template allows are ever recorded or used, the same set
//! the differential and emulated tests cover.
//!
//! The file is JSON at `$SPARSEJIT_TUNING_FILE`, else
//! `<user cache dir>/sparsejit/tuning.json` (`~/.cache` on Linux);
//! `SPARSEJIT_TUNING_FILE=off` turns it off. A file that cannot be read or
//! parsed is reported once on stderr and ignored (the next recording
//! replaces it): a stale cache must never stop a model from loading.

use crate::error::{Error, Result};
use crate::plan::{Dtype, Isa, Mac, RegisterTile};
use crate::sparse::BlockShape;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The environment variable naming the file (or `off`).
pub const TUNING_ENV: &str = "SPARSEJIT_TUNING_FILE";

/// What a recorded variant is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TuneKey {
    /// The CPU model, as [`cpu_model`] names it.
    pub cpu: String,
    pub isa: String,
    pub dtype: String,
    pub block: String,
    /// [`shape_class`] of the weight.
    pub class: String,
}

impl TuneKey {
    pub fn new(isa: Isa, dtype: Dtype, block: BlockShape, k: usize, density: f64) -> Self {
        Self {
            cpu: cpu_model(),
            isa: isa.name().into(),
            dtype: dtype.name().into(),
            block: block.to_string(),
            class: shape_class(k, density),
        }
    }
}

/// One measured winner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TuneEntry {
    #[serde(flatten)]
    pub key: TuneKey,
    /// The register tile, `ROWSxVECS` (rows × vector registers per row).
    pub tile: String,
    pub mac: String,
    /// Input rows per K-block (`KernelPlan::k_block`, 0 for none), for the
    /// families that have K-blocks; absent: the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k_block: Option<usize>,
    /// The default variant's time over the winner's, when it was measured.
    pub speedup: f64,
    /// The weight and token count it was measured on.
    pub measured_on: String,
}

impl TuneEntry {
    /// The variant, if this build still knows its names.
    pub fn variant(&self) -> Option<Variant> {
        let (r, v) = self.tile.split_once('x')?;
        let tile = RegisterTile {
            rows: r.parse().ok()?,
            vecs: v.parse().ok()?,
        };
        Some(Variant {
            tile,
            mac: self.mac.parse().ok()?,
            k_block: self.k_block,
        })
    }
}

/// A recorded kernel variant: what a tuned plan differs from the default in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    pub tile: RegisterTile,
    pub mac: Mac,
    /// `None`: the default K-block.
    pub k_block: Option<usize>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileBody {
    version: u32,
    entries: Vec<TuneEntry>,
}

const VERSION: u32 = 1;

/// A tuning file's entries, loaded from (and saved to) `path`.
#[derive(Debug, Default)]
pub struct TuningFile {
    path: Option<PathBuf>,
    entries: Vec<TuneEntry>,
}

impl TuningFile {
    /// Reads `path`; a missing file is an empty table.
    pub fn open(path: &Path) -> Result<Self> {
        let entries = match std::fs::read(path) {
            Ok(bytes) => {
                let body: FileBody = serde_json::from_slice(&bytes).map_err(|e| Error::File {
                    path: path.to_path_buf(),
                    message: format!(
                        "not a sparsejit tuning file ({e}); delete it or run `sparsejit tune` again"
                    ),
                })?;
                if body.version != VERSION {
                    return Err(Error::File {
                        path: path.to_path_buf(),
                        message: format!(
                            "tuning file version {} (this build reads {VERSION}); run `sparsejit tune` again",
                            body.version
                        ),
                    });
                }
                body.entries
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(Error::File {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                });
            }
        };
        Ok(Self {
            path: Some(path.to_path_buf()),
            entries,
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn entries(&self) -> &[TuneEntry] {
        &self.entries
    }

    /// The recorded winner for `key`.
    pub fn lookup(&self, key: &TuneKey) -> Option<Variant> {
        self.entries
            .iter()
            .find(|e| &e.key == key)
            .and_then(TuneEntry::variant)
    }

    /// Records `entry` (replacing an older one for its key) and saves.
    pub fn record(&mut self, entry: TuneEntry) -> Result<()> {
        self.entries.retain(|e| e.key != entry.key);
        self.entries.push(entry);
        self.save()
    }

    /// Writes the file atomically (a temporary file renamed over it), so a
    /// concurrent reader sees the old table or the new, never half.
    fn save(&self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let err = |e: std::io::Error| Error::File {
            path: path.clone(),
            message: format!("cannot write the tuning file: {e}"),
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(err)?;
        let body = FileBody {
            version: VERSION,
            entries: self.entries.clone(),
        };
        let json = serde_json::to_vec_pretty(&body).expect("plain data serializes");
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
        std::io::Write::write_all(&mut tmp, &json).map_err(err)?;
        tmp.persist(path).map_err(|e| err(e.error))?;
        Ok(())
    }
}

/// Where the tuning file is, or None when `SPARSEJIT_TUNING_FILE=off` (or
/// there is no cache directory).
pub fn default_path() -> Option<PathBuf> {
    match std::env::var_os(TUNING_ENV) {
        Some(v) if v == "off" || v.is_empty() => None,
        Some(v) => Some(PathBuf::from(v)),
        None => dirs::cache_dir().map(|d| d.join("sparsejit").join("tuning.json")),
    }
}

/// The process's tuning file, read once at first use.
pub fn global() -> &'static Mutex<TuningFile> {
    static FILE: OnceLock<Mutex<TuningFile>> = OnceLock::new();
    FILE.get_or_init(|| {
        let file = match default_path() {
            None => TuningFile::default(),
            // Unreadable: start empty, so the next recording replaces it.
            Some(p) => TuningFile::open(&p).unwrap_or_else(|e| {
                eprintln!("sparsejit: ignoring the tuning file: {e}");
                TuningFile {
                    path: Some(p),
                    entries: Vec::new(),
                }
            }),
        };
        Mutex::new(file)
    })
}

/// The bucket a weight falls in for tuning: its K (how much of X a group
/// touches, against L1 and L2) and its density (code bytes per row).
pub fn shape_class(k: usize, density: f64) -> String {
    let k = match k {
        0..=512 => "k<=512",
        513..=1536 => "k<=1536",
        _ => "k>1536",
    };
    let d = if density >= 0.2 {
        "density>=20%"
    } else {
        "density<20%"
    };
    format!("{k},{d}")
}

/// This CPU's model, as Linux names it (`model name`, family and model
/// numbers); "unknown" elsewhere.
pub fn cpu_model() -> String {
    static MODEL: OnceLock<String> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
            let field = |name: &str| {
                info.lines()
                    .find(|l| l.split(':').next().is_some_and(|k| k.trim() == name))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_string())
            };
            match (field("model name"), field("cpu family"), field("model")) {
                (Some(n), Some(f), Some(m)) => format!("{n} (family {f} model {m})"),
                (Some(n), _, _) => n,
                _ => "unknown".into(),
            }
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(class: &str, tile: &str) -> TuneEntry {
        TuneEntry {
            key: TuneKey {
                cpu: "cpu".into(),
                isa: "avx2".into(),
                dtype: "f32".into(),
                block: "4x1".into(),
                class: class.into(),
            },
            tile: tile.into(),
            mac: "fma".into(),
            k_block: None,
            speedup: 1.2,
            measured_on: "768x768 90% N=128".into(),
        }
    }

    #[test]
    fn records_replace_and_survive_a_reload() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("tuning.json");
        let mut f = TuningFile::open(&path).unwrap();
        assert!(f.entries().is_empty());
        f.record(entry("a", "4x2")).unwrap();
        f.record(entry("b", "8x1")).unwrap();
        f.record(entry("a", "8x2")).unwrap();
        let f = TuningFile::open(&path).unwrap();
        assert_eq!(f.entries().len(), 2);
        let want = RegisterTile { rows: 8, vecs: 2 };
        assert_eq!(
            f.lookup(&entry("a", "").key),
            Some(Variant {
                tile: want,
                mac: Mac::Fma,
                k_block: None
            })
        );
        assert_eq!(f.lookup(&entry("c", "").key), None);
    }

    /// The K-block survives a reload, and an entry without one (a file
    /// from before K-blocks) reads as "the default".
    #[test]
    fn k_blocks_round_trip_and_default_when_absent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tuning.json");
        let mut f = TuningFile::open(&path).unwrap();
        f.record(TuneEntry {
            k_block: Some(256),
            ..entry("a", "4x2")
        })
        .unwrap();
        f.record(entry("b", "4x2")).unwrap();
        let f = TuningFile::open(&path).unwrap();
        let k_block = |class: &str| {
            let key = TuneKey {
                class: class.into(),
                ..entry(class, "4x2").key
            };
            f.lookup(&key).unwrap().k_block
        };
        assert_eq!(k_block("a"), Some(256));
        assert_eq!(k_block("b"), None);
        assert!(!std::fs::read_to_string(&path).unwrap().contains("null"));
    }

    #[test]
    fn bad_files_are_errors_that_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tuning.json");
        for bad in [&b"{not json"[..], br#"{"version": 99, "entries": []}"#] {
            std::fs::write(&path, bad).unwrap();
            let e = TuningFile::open(&path).unwrap_err().to_string();
            assert!(
                e.contains("tuning.json") && e.contains("sparsejit tune"),
                "{e}"
            );
        }
        // An entry this build cannot parse is skipped, not an error.
        let mut odd = entry("a", "banana");
        odd.mac = "fma".into();
        assert_eq!(odd.variant(), None);
    }

    #[test]
    fn classes_bucket_k_and_density() {
        assert_eq!(shape_class(384, 0.1), "k<=512,density<20%");
        assert_eq!(shape_class(768, 0.3), "k<=1536,density>=20%");
        assert_eq!(shape_class(3072, 0.1), "k>1536,density<20%");
    }
}
