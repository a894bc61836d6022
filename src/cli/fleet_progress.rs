//! What the CLI shows while the fleet engine runs: a progress bar on a terminal (indicatif, on
//! stderr), each number's apply line on stdout as it finishes (through the CLI's one stdout
//! writer, `output::print`), and rate-limit notices.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::fleet_render::{Columns, outcome_row};
use super::output::print;
use super::rate_notice::RateNotices;
use crate::fleet::{Event, NumberOutcome, Progress};

pub struct Reporter {
    bar: Option<ProgressBar>,
    /// Print each number's apply line as it finishes (human output only).
    rows: Option<Columns>,
    outcomes: Mutex<Vec<NumberOutcome>>,
    rate_notices: RateNotices,
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
            rate_notices: RateNotices::default(),
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
                            let _ = print(&line);
                        }),
                        None => {
                            let _ = print(&line);
                        }
                    }
                }
                if let Ok(mut all) = self.outcomes.lock() {
                    all.push(*outcome);
                }
            }
            Event::RateLimited {
                wait, per_second, ..
            } => {
                if let Some(line) = self.rate_notices.due(wait, per_second) {
                    self.notice(&line);
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
