//! Text to token ids: the Hugging Face `tokenizers` crate reads the model's
//! `tokenizer.json` (BERT normaliser, pre-tokeniser, WordPiece, `[CLS] …
//! [SEP]` template), and a [`Batch`] holds the padded ids, token types and
//! attention mask the encoder takes.

use crate::error::{Error, Result};
use crate::sparse::prune::SplitMix64;
use std::path::{Path, PathBuf};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// Token budget per text. sentence-transformers runs all-MiniLM-L6-v2 with
/// `max_seq_length` 256 (its `sentence_bert_config.json`), although the
/// `tokenizer.json` it ships says 128: the longer budget is what users get.
pub const MAX_TOKENS: usize = 256;

/// Sequences padded to a common length `seq`, row-major `[batch, seq]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub batch: usize,
    pub seq: usize,
    pub ids: Vec<u32>,
    pub type_ids: Vec<u32>,
    /// 1 for a real token, 0 for padding.
    pub mask: Vec<u32>,
}

impl Batch {
    /// `batch` sequences of `seq` random ids below `vocab` (no padding), for
    /// benchmarks: the encoder's work does not depend on the ids.
    pub fn synthetic(batch: usize, seq: usize, vocab: usize, seed: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let n = batch * seq;
        Self {
            batch,
            seq,
            ids: (0..n)
                .map(|_| (rng.next_u64() % vocab.max(1) as u64) as u32)
                .collect(),
            type_ids: vec![0; n],
            mask: vec![1; n],
        }
    }

    /// Real (unpadded) tokens of sequence `b`.
    pub fn len(&self, b: usize) -> usize {
        self.mask[b * self.seq..(b + 1) * self.seq]
            .iter()
            .filter(|&&m| m != 0)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.batch == 0 || self.seq == 0
    }
}

/// A BERT tokenizer from `tokenizer.json`, truncating to `max_tokens` and
/// padding each batch to its longest text.
pub struct BertTokenizer {
    inner: Tokenizer,
    path: PathBuf,
}

impl BertTokenizer {
    pub fn from_file(path: &Path, max_tokens: usize) -> Result<Self> {
        let fail = |message: String| Error::File {
            path: path.to_path_buf(),
            message,
        };
        if !path.is_file() {
            return Err(fail("no such file".into()));
        }
        let mut inner = Tokenizer::from_file(path)
            .map_err(|e| fail(format!("not a tokenizer.json this build can read: {e}")))?;
        inner
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens,
                ..Default::default()
            }))
            .map_err(|e| fail(format!("cannot truncate to {max_tokens} tokens: {e}")))?;
        // Keep the file's pad token and id; pad to the batch's longest
        // text rather than the file's fixed length.
        let padding = PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..inner.get_padding().cloned().unwrap_or_default()
        };
        inner.with_padding(Some(padding));
        Ok(Self {
            inner,
            path: path.to_path_buf(),
        })
    }

    /// Tokenises `texts` as one padded batch.
    pub fn encode<S: AsRef<str>>(&self, texts: &[S]) -> Result<Batch> {
        if texts.is_empty() {
            return Err(Error::InvalidArgument("no text to encode".into()));
        }
        let inputs: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
        let enc = self
            .inner
            .encode_batch(inputs, true)
            .map_err(|e| Error::File {
                path: self.path.clone(),
                message: format!("tokenising failed: {e}"),
            })?;
        let seq = enc.first().map_or(0, |e| e.get_ids().len());
        let mut batch = Batch {
            batch: enc.len(),
            seq,
            ids: Vec::with_capacity(enc.len() * seq),
            type_ids: Vec::with_capacity(enc.len() * seq),
            mask: Vec::with_capacity(enc.len() * seq),
        };
        for e in &enc {
            if e.get_ids().len() != seq {
                return Err(Error::InvalidArgument(
                    "the tokenizer returned sequences of different lengths despite padding".into(),
                ));
            }
            batch.ids.extend_from_slice(e.get_ids());
            batch.type_ids.extend_from_slice(e.get_type_ids());
            batch.mask.extend_from_slice(e.get_attention_mask());
        }
        Ok(batch)
    }
}
