//! Share: stage the card in many chats at once — planned, paced, resumable — for `bloocard
//! share --all-chats | --chats FILE` and the TUI worker alike.
//!
//! - [`Selection`] says which chats ([`Filter`] for `--all-chats`); [`ShareEngine::select`]
//!   lists them with `GET /chats`, page by page.
//! - [`ShareEngine::plan`] splits off what the [`Journal`] has staged already.
//! - [`ShareEngine::stage`] stages the rest, at most N at once under the fleet's limiter, and
//!   stops early when staging cannot work (see [`stage`]).
//!
//! It lives in `fleet` because it is the same kind of work — many requests under one
//! [`Limiter`](super::limiter), stopped through a [`Cancel`](super::Cancel) — and shares that
//! machinery with the fleet engine without widening it. UI-free: progress goes to a
//! [`ShareProgress`] callback.

mod chat;
mod engine;
mod journal;
mod select;
mod stage;
pub mod words;

pub use chat::{ChatItem, ChatKind, epoch_ms};
pub use engine::{PAGE, ShareEngine, ShareEvent, SharePlan, ShareProgress};
pub use journal::{Journal, default_dir as default_journal_dir};
pub use select::{Filter, Selection, parse_duration};
pub use stage::{ChatOutcome, ChatStatus, PLAN_GATED_STOP, StageReport, StopReason};
