//! How the engine reports as it goes (one event per number as it finishes, and rate limits), and
//! how a caller asks it to stop. The CLI prints events; the TUI worker forwards them to its loop.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::watch;

use super::plan::{NumberPlan, Skip, skips_json};
use crate::api::Field;

/// What an apply did to one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyStatus {
    Applied,
    InSync,
    Failed,
}

impl ApplyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplyStatus::Applied => "applied",
            ApplyStatus::InSync => "in_sync",
            ApplyStatus::Failed => "failed",
        }
    }
}

/// One number after apply.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberOutcome {
    pub plan: NumberPlan,
    pub status: ApplyStatus,
    /// The fields written.
    pub written: Vec<Field>,
    /// Re-read after the write, and showing what was written.
    pub verified: bool,
    /// Fields the server refused for the plan (a 403 on the PUT), on top of the plan's own.
    pub skipped: Vec<Skip>,
    pub error: Option<String>,
}

impl NumberOutcome {
    pub fn to_json(&self) -> Value {
        let mut v = self.plan.to_json();
        if let Some(obj) = v.as_object_mut() {
            obj.insert("status".into(), json!(self.status.as_str()));
            obj.insert("verified".into(), json!(self.verified));
            obj.insert("error".into(), json!(self.error));
            let mut skipped = self.plan.skipped.clone();
            skipped.extend(self.skipped.iter().cloned());
            obj.insert("skipped".into(), skips_json(&skipped));
        }
        v
    }
}

/// Progress, in the order it happens.
#[derive(Debug, Clone)]
pub enum Event {
    /// The numbers list answered: this many numbers will be read.
    Listed { targets: usize },
    /// One number's card was read and compared.
    Planned(Box<NumberPlan>),
    /// One number finished applying.
    Applied(Box<NumberOutcome>),
    /// A 429: every request waits `wait`, then they start at most `per_second` a second, at
    /// most `concurrency` in flight.
    RateLimited {
        wait: Duration,
        concurrency: usize,
        per_second: f64,
    },
}

/// Called for each event, from the engine's task: keep it quick (print, or send on a channel).
pub type Progress = Arc<dyn Fn(Event) + Send + Sync>;

/// A progress sink that drops everything.
pub fn quiet() -> Progress {
    Arc::new(|_| {})
}

/// The stopping side: once [`Stop::stop`] is called, no new request starts; requests in flight
/// finish, and the run returns what it did.
#[derive(Debug, Clone)]
pub struct Stop(Arc<watch::Sender<bool>>);

/// The engine's side of a [`Stop`].
#[derive(Debug, Clone)]
pub struct Cancel(watch::Receiver<bool>);

pub fn stop_pair() -> (Stop, Cancel) {
    let (tx, rx) = watch::channel(false);
    (Stop(Arc::new(tx)), Cancel(rx))
}

impl Stop {
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

impl Cancel {
    /// A cancel that never fires.
    pub fn never() -> Self {
        stop_pair().1
    }

    pub fn is_cancelled(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once the stop is asked for (never, when the stopping side is gone unasked).
    pub async fn fired(&mut self) {
        if self.0.wait_for(|stopped| *stopped).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
