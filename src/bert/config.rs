//! The BERT `config.json` (as written by Hugging Face `transformers`): the
//! sizes the encoder needs, read with serde and checked so that a config
//! this encoder cannot run is an error, never a wrong answer.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::Path;

/// The fields of a BERT config that change what the encoder computes.
/// Unknown fields (dropout rates, `architectures`, ...) are ignored.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct BertConfig {
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub vocab_size: usize,
    pub max_position_embeddings: usize,
    #[serde(default = "default_type_vocab")]
    pub type_vocab_size: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    #[serde(default = "default_act")]
    pub hidden_act: String,
    #[serde(default = "default_position")]
    pub position_embedding_type: String,
}

fn default_type_vocab() -> usize {
    2
}
fn default_eps() -> f64 {
    1e-12
}
fn default_act() -> String {
    "gelu".into()
}
fn default_position() -> String {
    "absolute".into()
}

impl BertConfig {
    /// Reads and checks `path`.
    pub fn from_file(path: &Path) -> Result<Self> {
        let fail = |message: String| Error::File {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        let cfg: Self = serde_json::from_str(&text)
            .map_err(|e| fail(format!("not a BERT config.json: {e}")))?;
        cfg.check().map_err(fail)?;
        Ok(cfg)
    }

    /// Size of one attention head.
    pub fn head_dim(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }

    fn check(&self) -> std::result::Result<(), String> {
        let sizes = [
            ("hidden_size", self.hidden_size),
            ("num_hidden_layers", self.num_hidden_layers),
            ("num_attention_heads", self.num_attention_heads),
            ("intermediate_size", self.intermediate_size),
            ("vocab_size", self.vocab_size),
            ("max_position_embeddings", self.max_position_embeddings),
            ("type_vocab_size", self.type_vocab_size),
        ];
        if let Some((name, _)) = sizes.iter().find(|(_, v)| *v == 0) {
            return Err(format!("{name} is 0"));
        }
        if !self.hidden_size.is_multiple_of(self.num_attention_heads) {
            return Err(format!(
                "hidden_size {} is not a multiple of num_attention_heads {}",
                self.hidden_size, self.num_attention_heads
            ));
        }
        // The intermediate layer fuses the erf GELU into its kernel; the
        // tanh approximation ("gelu_new") would be a different function.
        if self.hidden_act != "gelu" {
            return Err(format!(
                "hidden_act '{}' is not supported: only \"gelu\" (the erf form)",
                self.hidden_act
            ));
        }
        if self.position_embedding_type != "absolute" {
            return Err(format!(
                "position_embedding_type '{}' is not supported: only \"absolute\"",
                self.position_embedding_type
            ));
        }
        if !(self.layer_norm_eps > 0.0 && self.layer_norm_eps.is_finite()) {
            return Err(format!(
                "layer_norm_eps {} must be positive",
                self.layer_norm_eps
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_configs_it_cannot_run() {
        let base = r#"{"hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12,
            "intermediate_size": 1536, "vocab_size": 30522, "max_position_embeddings": 512"#;
        let ok: BertConfig = serde_json::from_str(&format!("{base}}}")).unwrap();
        assert_eq!(ok.check(), Ok(()));
        assert_eq!(ok.head_dim(), 32);
        let mut act = ok.clone();
        act.hidden_act = "gelu_new".into();
        let mut pos = ok.clone();
        pos.position_embedding_type = "relative_key".into();
        let mut heads = ok.clone();
        heads.num_attention_heads = 7;
        let mut empty = ok.clone();
        empty.num_hidden_layers = 0;
        for (cfg, want) in [
            (act, "hidden_act"),
            (pos, "position_embedding_type"),
            (heads, "not a multiple"),
            (empty, "num_hidden_layers is 0"),
        ] {
            let err = cfg.check().unwrap_err();
            assert!(err.contains(want), "{err}");
        }
    }
}
