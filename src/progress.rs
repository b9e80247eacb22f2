//! Progress on standard error while a large file is read: shown once reading has taken a
//! second, only when standard error is a terminal, and never with `--quiet`.

use crate::render::grouped;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::Path;
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
    /// For reading `file` (its name is shown, which tells the waves of `compare` apart).
    pub fn new(file: &Path, total_bytes: u64) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix} {bar:16} {percent:>3}%  {msg}, about {eta} left",
            )
            .expect("a valid template"),
        );
        let name = file.file_name().unwrap_or(file.as_os_str());
        bar.set_prefix(name.to_string_lossy().into_owned());
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
        self.bar.set_message(rate(rows, elapsed));
        self.bar.set_position(bytes);
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// Rows read and rows a second: "120,320 rows, 120,128/s".
fn rate(rows: u64, elapsed: Duration) -> String {
    let per_second = rows as f64 / elapsed.as_secs_f64().max(1e-3);
    format!(
        "{} rows, {}/s",
        grouped(rows),
        grouped(per_second.round() as u64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_sets_off_thousands() {
        assert_eq!(
            rate(1_203_200, Duration::from_millis(10_016)),
            "1,203,200 rows, 120,128/s"
        );
        assert_eq!(rate(0, Duration::ZERO), "0 rows, 0/s");
    }
}
