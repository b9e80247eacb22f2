//! Progress on standard error while a large file is read: shown once reading has taken a
//! second, only when standard error is a terminal, and never with `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static QUIET: AtomicBool = AtomicBool::new(false);

/// `--quiet`: no progress bar at all.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// A progress bar over the bytes of one file.
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    shown: bool,
}

impl Progress {
    pub fn new(total_bytes: u64) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {percent:>3}%  {msg}  {elapsed} elapsed, about {eta} left",
            )
            .expect("a valid template"),
        );
        Progress {
            bar,
            start: Instant::now(),
            shown: false,
        }
    }

    /// Bytes read so far and rows handled so far.
    pub fn update(&mut self, bytes: u64, rows: u64) {
        let elapsed = self.start.elapsed();
        if !self.shown && elapsed >= Duration::from_secs(1) && !QUIET.load(Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        let per_second = rows as f64 / elapsed.as_secs_f64().max(1e-3);
        self.bar
            .set_message(format!("{rows} rows, {per_second:.0} rows/s"));
        self.bar.set_position(bytes);
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
