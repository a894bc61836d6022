//! Fleet: keep the card of every number in line with one file, as `terraform plan/apply` does.
//!
//! - [`spec`] reads and checks a card file (every refusal names file, line, column and key);
//!   [`desired::resolve`] prepares its avatars into a [`Desired`].
//! - [`Engine::plan`] reads every targeted card (at most N requests in flight, one shared 429
//!   cooldown) and compares; [`Engine::apply`] writes only what differs, reads back, records.
//! - [`export`] writes the account's cards as a card file with the exact avatar bytes.
//!
//! - [`share`] stages the card in many chats under the same limiter.
//!
//! UI-free: progress goes to a [`Progress`] callback, one event per number as it finishes; the
//! CLI prints it, the TUI worker forwards it.

mod apply;
pub mod compare;
#[cfg(test)]
mod compare_tests;
pub mod desired;
mod engine;
pub mod event;
pub mod export;
mod limiter;
pub mod plan;
pub mod record;
pub mod share;
pub mod spec;
mod spec_card;
#[cfg(test)]
mod spec_tests;

pub use crate::api::{CardFields, Field};
pub use desired::{Avatar, Desired, DesiredAvatar};
pub use engine::{ApplyReport, CONCURRENCY, DEFAULT_CONCURRENCY, Engine};
pub use event::{ApplyStatus, Cancel, Event, NumberOutcome, Progress, Stop, quiet, stop_pair};
pub use plan::{Change, NumberPlan, Plan, PlanStatus, Shown, Skip, Summary};
pub use record::Records;
pub use spec::{FleetFile, SpecError};
