//! What the CLI shows while the fleet engine runs: a progress bar on a terminal (indicatif, on
//! stderr), each number's apply line on stdout as it finishes, and rate-limit notices.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::error::CliError;
use super::fleet_render::{Columns, outcome_row};
use crate::fleet::{Event, NumberOutcome, Progress};

/// Writes to stdout as soon as it is known. A reader that closed the pipe (`| head`) has all it
/// wants, which is not an error. (`run::print` does the same for whole outputs; it is not used
/// here so that `run` → `fleet` stays the only edge between the two files.)
pub fn out(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Other(format!(
            "could not write the output: {}",
            crate::io_error::Words(&e)
        ))),
    }
}

pub struct Reporter {
    bar: Option<ProgressBar>,
    /// Print each number's apply line as it finishes (human output only).
    rows: Option<Columns>,
    outcomes: Mutex<Vec<NumberOutcome>>,
    last_notice: Mutex<Option<Instant>>,
}

impl Reporter {
    /// `what` names the phase ("reading cards"); `rows` prints apply lines with these columns.
    pub fn new(what: &str, rows: Option<Columns>) -> Arc<Self> {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            if let Ok(style) =
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} · {elapsed}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(what.to_owned());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Arc::new(Self {
            bar,
            rows,
            outcomes: Mutex::new(Vec::new()),
            last_notice: Mutex::new(None),
        })
    }

    pub fn set_total(&self, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
        }
    }

    pub fn progress(self: &Arc<Self>) -> Progress {
        let me = self.clone();
        Arc::new(move |event| me.on(event))
    }

    /// What finished applying so far (for a run stopped before its end).
    pub fn outcomes(&self) -> Vec<NumberOutcome> {
        self.outcomes.lock().map(|o| o.clone()).unwrap_or_default()
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// One line on stderr, above the bar when there is one.
    pub fn notice(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn on(&self, event: Event) {
        match event {
            Event::Listed { targets } => {
                if self.rows.is_none() {
                    self.set_total(targets);
                }
            }
            Event::Planned(_) => self.tick(),
            Event::Applied(outcome) => {
                self.tick();
                if let Some(line) = self.rows.as_ref().and_then(|c| outcome_row(c, &outcome)) {
                    match &self.bar {
                        Some(bar) => bar.suspend(|| {
                            let _ = out(&line);
                        }),
                        None => {
                            let _ = out(&line);
                        }
                    }
                }
                if let Ok(mut all) = self.outcomes.lock() {
                    all.push(*outcome);
                }
            }
            Event::RateLimited { wait, concurrency } => {
                // A storm of 429s is one notice a second, not one per request.
                let due = self.last_notice.lock().map(|mut last| {
                    let due = last.is_none_or(|t| t.elapsed() >= Duration::from_secs(1));
                    if due {
                        *last = Some(Instant::now());
                    }
                    due
                });
                if due.unwrap_or(false) {
                    self.notice(&format!(
                        "bloocard: rate limited (HTTP 429): every request waits {:.1} s, then at \
                         most {concurrency} at a time",
                        wait.as_secs_f64()
                    ));
                }
            }
        }
    }

    fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}
