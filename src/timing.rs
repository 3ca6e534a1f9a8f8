//! Stage timings, for `build --timings`, `check --format json` and the watch engine's rounds.
//!
//! One type for both so that a stage is timed the same way whether a full build or a watch
//! round runs it: wall time from the end of the previous stage, in pipeline order.

use std::time::Instant;

/// One stage and its wall time.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Phase {
    /// What the stage did, as `--timings` prints it.
    pub name: &'static str,
    /// Wall time in milliseconds.
    pub millis: f64,
}

/// Measures stages one after another: each [`lap`](Stopwatch::lap) ends one.
#[derive(Debug)]
pub(crate) struct Stopwatch {
    last: Instant,
    phases: Vec<Phase>,
}

impl Stopwatch {
    pub(crate) fn new() -> Self {
        Stopwatch {
            last: Instant::now(),
            phases: Vec::new(),
        }
    }

    /// Ends the stage called `name`, started by the previous lap (or by `new`/`restart`).
    pub(crate) fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push(Phase {
            name,
            millis: (now - self.last).as_secs_f64() * 1000.0,
        });
        self.last = now;
    }

    /// Forgets the stages so far and starts the next one now.
    pub(crate) fn restart(&mut self) {
        self.last = Instant::now();
        self.phases.clear();
    }

    /// The stages so far, leaving none.
    pub(crate) fn take(&mut self) -> Vec<Phase> {
        std::mem::take(&mut self.phases)
    }
}

/// Runs `f`, returning its result and how long it took in milliseconds.
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed().as_secs_f64() * 1000.0)
}
