//! The library's error type. Every message says what went wrong and, where
//! it can, what to do about it; the CLI prints it and exits non-zero.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    #[error("shape mismatch: {0}")]
    ShapeMismatch(String),
    #[error("unsupported: {0}")]
    Unsupported(String),
    #[error("code generation failed: {0}")]
    Codegen(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The same error with `what:` (a layer's name, say) before its message.
    pub fn within(self, what: &str) -> Self {
        match self {
            Error::InvalidArgument(s) => Error::InvalidArgument(format!("{what}: {s}")),
            Error::ShapeMismatch(s) => Error::ShapeMismatch(format!("{what}: {s}")),
            Error::Unsupported(s) => Error::Unsupported(format!("{what}: {s}")),
            Error::Codegen(s) => Error::Codegen(format!("{what}: {s}")),
            Error::NotFound(s) => Error::NotFound(format!("{what}: {s}")),
            other => other,
        }
    }
}
