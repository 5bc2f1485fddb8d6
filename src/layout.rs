//! Activation layouts shared by every sparse kernel: X `[N, K]` row-major is
//! packed into panels `[P][K][NB]` of NB tokens, zero-padded to a whole panel.
//!
//! In a panel, input column k of all NB tokens is one contiguous,
//! 64-byte-aligned row at the constant offset `k · NB · 4`. That is what lets
//! the JIT bake every nonzero's address into an immediate displacement.

use aligned_vec::{AVec, ConstAlign};

/// Cache-line alignment: a 16-token panel row is exactly one line.
const ALIGN: usize = 64;

/// Packed X panels, reusable across calls to avoid reallocating.
#[derive(Debug)]
pub struct Panels {
    data: AVec<f32, ConstAlign<ALIGN>>,
    n: usize,
    k: usize,
    nb: usize,
}

impl Default for Panels {
    fn default() -> Self {
        Self {
            data: AVec::new(ALIGN),
            n: 0,
            k: 0,
            nb: 1,
        }
    }
}

impl Panels {
    /// Packs `x` (`[n, k]` row-major) into panels of `nb` tokens.
    pub fn pack(&mut self, x: &[f32], n: usize, k: usize, nb: usize) {
        assert_eq!(x.len(), n * k, "x must be [n, k]");
        let panels = n.div_ceil(nb);
        self.n = n;
        self.k = k;
        self.nb = nb;
        self.data.clear();
        self.data.resize(panels * k * nb, 0.0);
        let data = self.data.as_mut_slice();
        for p in 0..panels {
            let panel = &mut data[p * k * nb..(p + 1) * k * nb];
            let tokens = nb.min(n - p * nb);
            // Transposes the panel in 8-column strips so each written row
            // stays in L1 while the tokens are scattered into it.
            for k0 in (0..k).step_by(8) {
                let k1 = (k0 + 8).min(k);
                for j in 0..tokens {
                    let row = &x[(p * nb + j) * k..(p * nb + j + 1) * k];
                    for kk in k0..k1 {
                        panel[kk * nb + j] = row[kk];
                    }
                }
            }
        }
    }

    pub fn tokens(&self) -> usize {
        self.n
    }
    pub fn width(&self) -> usize {
        self.nb
    }
    pub fn count(&self) -> usize {
        self.n.div_ceil(self.nb)
    }
    /// Panels that hold `width()` real tokens.
    pub fn full(&self) -> usize {
        self.n / self.nb
    }
    /// Real tokens in the last, partial panel (0 if none).
    pub fn tail(&self) -> usize {
        self.n % self.nb
    }
    /// Panel `p`: `[K][NB]`.
    pub fn panel(&self, p: usize) -> &[f32] {
        let len = self.k * self.nb;
        &self.data[p * len..(p + 1) * len]
    }
    pub fn as_slice(&self) -> &[f32] {
        self.data.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_and_pads() {
        let (n, k, nb) = (5, 3, 4);
        let x: Vec<f32> = (0..n * k).map(|i| i as f32 + 1.0).collect();
        let mut p = Panels::default();
        p.pack(&x, n, k, nb);
        assert_eq!((p.count(), p.full(), p.tail()), (2, 1, 1));
        assert_eq!(p.as_slice().as_ptr() as usize % 64, 0);
        // Panel 0, column 1: tokens 0..4.
        assert_eq!(&p.panel(0)[4..8], &[2.0, 5.0, 8.0, 11.0]);
        // Panel 1 holds token 4 and three zero tokens.
        assert_eq!(&p.panel(1)[0..4], &[13.0, 0.0, 0.0, 0.0]);
    }
}
