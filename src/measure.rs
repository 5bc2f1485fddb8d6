//! Timing: the median of enough repetitions, with the min–max spread, the
//! way `bench` and `demo` report every kernel. Ratios between kernels timed
//! in one run are what to compare on a shared, noisy machine.

use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    pub median: Duration,
    pub min: Duration,
    pub max: Duration,
    pub reps: usize,
}

impl Timing {
    pub fn median_s(&self) -> f64 {
        self.median.as_secs_f64()
    }
}

/// Runs `f` once to warm up, then repeatedly until both `min_reps` runs and
/// `min_time` have passed (at most `10 · min_reps` runs of very slow code).
pub fn time(min_reps: usize, min_time: Duration, mut f: impl FnMut()) -> Timing {
    f();
    let mut samples = Vec::with_capacity(min_reps * 2);
    let start = Instant::now();
    while samples.len() < min_reps || (start.elapsed() < min_time && samples.len() < 100_000) {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
        if samples.len() >= 10 * min_reps.max(1) && start.elapsed() > min_time {
            break;
        }
    }
    samples.sort();
    Timing {
        median: samples[samples.len() / 2],
        min: samples[0],
        max: samples[samples.len() - 1],
        reps: samples.len(),
    }
}
