//! What the CLI shows while the share engine runs: a spinner on a terminal while listing and a
//! progress bar while staging (indicatif, on stderr), a line on stdout for each chat that fails
//! as it fails, and rate-limit notices.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::rate_notice::RateNotices;
use super::share_render::{failure_line, fitted};
use crate::fleet::share::{ChatStatus, ShareEvent, ShareProgress};

pub struct ShareReporter {
    /// The spinner or bar being shown, on a terminal only.
    bar: Mutex<Option<ProgressBar>>,
    terminal: bool,
    /// Print a line for each failure (human output only).
    lines: bool,
    rate_notices: RateNotices,
}

fn shown(template: &str, bar: ProgressBar) -> ProgressBar {
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

impl ShareReporter {
    /// Shows "listing chats" until [`ShareReporter::staging`] or [`ShareReporter::finish`].
    pub fn new(lines: bool) -> Arc<Self> {
        let me = Arc::new(Self {
            bar: Mutex::new(None),
            terminal: std::io::stderr().is_terminal(),
            lines,
            rate_notices: RateNotices::default(),
        });
        me.show(|| {
            let bar = shown("{spinner} {msg} · {elapsed}", ProgressBar::new_spinner());
            bar.set_message("listing chats");
            bar
        });
        me
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<ProgressBar>> {
        self.bar.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn show(&self, make: impl FnOnce() -> ProgressBar) {
        if self.terminal {
            let old = self.lock().replace(make());
            if let Some(old) = old {
                old.finish_and_clear();
            }
        }
    }

    pub fn progress(self: &Arc<Self>) -> ShareProgress {
        let me = self.clone();
        Arc::new(move |event| me.on(event))
    }

    /// A bar counting the `total` chats being staged.
    pub fn staging(&self, total: usize) {
        self.show(|| {
            shown(
                "staging [{bar:30}] {pos}/{len} · {elapsed} · ETA {eta}",
                ProgressBar::new(total as u64),
            )
        });
    }

    /// Clears the spinner or bar (before asking, and at the end).
    pub fn finish(&self) {
        if let Some(bar) = self.lock().take() {
            bar.finish_and_clear();
        }
    }

    /// Prints `line` with `print`, above the bar when there is one.
    fn above(&self, print: impl FnOnce()) {
        match self.lock().as_ref() {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// One line on stderr, above the bar.
    pub fn notice(&self, line: &str) {
        let line = super::share_render::fitted_stderr(line, 0);
        self.above(|| eprintln!("{line}"));
    }

    fn on(&self, event: ShareEvent) {
        match event {
            ShareEvent::Listed { listed, total } => {
                if let Some(bar) = self.lock().as_ref() {
                    bar.set_message(match total {
                        Some(total) => format!("listing chats: {listed} of {total}"),
                        None => format!("listing chats: {listed}"),
                    });
                }
            }
            ShareEvent::Done(outcome) => {
                if let Some(bar) = self.lock().as_ref() {
                    bar.inc(1);
                }
                if self.lines && outcome.status == ChatStatus::Failed {
                    let line = fitted(&failure_line(&outcome), 2);
                    self.above(|| {
                        let _ = super::output::print(&line);
                    });
                }
            }
            ShareEvent::RateLimited { wait, per_second } => {
                if let Some(line) = self.rate_notices.due(wait, per_second) {
                    self.notice(&line);
                }
            }
        }
    }
}
