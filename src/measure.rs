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

/// Times several kernels in interleaved rounds: every round runs each
/// kernel once, starting at a different kernel each round, so drift on a
/// shared machine (another build starting, frequency changes) hits all of
/// them alike instead of whichever was timed in a block during the noise.
/// One warm-up call each first; then rounds until `min_reps` rounds and
/// `budget_per_kernel × kernels` have passed (at most `10 · min_reps`
/// rounds once the time is up, as in [`time`]). Every timing gets the same
/// number of repetitions.
pub fn time_interleaved(
    min_reps: usize,
    budget_per_kernel: Duration,
    kernels: &mut [&mut dyn FnMut()],
) -> Vec<Timing> {
    for f in kernels.iter_mut() {
        f();
    }
    let count = kernels.len();
    let budget = budget_per_kernel * count as u32;
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(min_reps * 2); count];
    let start = Instant::now();
    let mut rounds = 0;
    while count > 0 && (rounds < min_reps || (start.elapsed() < budget && rounds < 100_000)) {
        for i in 0..count {
            let j = (rounds + i) % count;
            let t = Instant::now();
            kernels[j]();
            samples[j].push(t.elapsed());
        }
        rounds += 1;
        if rounds >= 10 * min_reps.max(1) && start.elapsed() > budget {
            break;
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort();
            Timing {
                median: s[s.len() / 2],
                min: s[0],
                max: s[s.len() - 1],
                reps: s.len(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn interleaved_rounds_alternate_and_count_alike() {
        let log = RefCell::new(Vec::new());
        let mut a = || log.borrow_mut().push('a');
        let mut b = || log.borrow_mut().push('b');
        let mut c = || log.borrow_mut().push('c');
        let t = time_interleaved(4, Duration::ZERO, &mut [&mut a, &mut b, &mut c]);
        assert!(t.iter().all(|t| t.reps == 4), "{t:?}");
        let order: String = log.borrow().iter().collect();
        // Warm-ups, then rounds that start one kernel later each time.
        assert_eq!(order, "abc".to_string() + "abc" + "bca" + "cab" + "abc");
    }
}
