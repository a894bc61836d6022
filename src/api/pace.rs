//! A gate a client's requests can be made to pass, for work that sends many of them (the fleet
//! and share engines): before each attempt the client waits for a [`Ticket`], after it says how
//! the attempt ended. The client keeps its one retry loop ([`super::retry`]); the gate decides
//! when an attempt may start (how many in flight, how fast, the cooldown after a 429).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// The right to send one attempt, given by [`Pace::acquire`]. Its fields are the gate's own
/// bookkeeping, handed back to it in [`Pace::release`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    /// Which backoff period the attempt started in.
    pub epoch: u64,
    /// The gate held the attempt back to keep to its rate.
    pub held_back: bool,
}

/// How an attempt that held a ticket ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The server answered with success.
    Done,
    /// A 429 without a quota code, with the server's `Retry-After` if it sent one.
    RateLimited(Option<Duration>),
    /// Any other failure, or the attempt was dropped before its answer.
    Failed,
}

pub type Acquire<'a> = Pin<Box<dyn Future<Output = Option<Ticket>> + Send + 'a>>;

pub trait Pace: Send + Sync + fmt::Debug {
    /// Waits until one more attempt may start; `None` once the gate is closed (the run was
    /// stopped: nothing new starts).
    fn acquire(&self) -> Acquire<'_>;

    /// The attempt holding `ticket` ended as `answer`. For a 429, returns how long every
    /// attempt now waits before the next one starts.
    fn release(&self, ticket: Ticket, answer: Answer) -> Duration;
}

/// A ticket in use: released as [`Answer::Failed`] if the attempt is dropped before it ends.
pub(super) struct Held {
    pace: Arc<dyn Pace>,
    ticket: Option<Ticket>,
}

impl Held {
    /// Waits for a ticket; `None` when the gate is closed.
    pub(super) async fn take(pace: &Arc<dyn Pace>) -> Option<Held> {
        let ticket = pace.acquire().await?;
        Some(Held {
            pace: pace.clone(),
            ticket: Some(ticket),
        })
    }

    pub(super) fn end(mut self, answer: Answer) -> Duration {
        match self.ticket.take() {
            Some(ticket) => self.pace.release(ticket, answer),
            None => Duration::ZERO,
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket.take() {
            self.pace.release(ticket, Answer::Failed);
        }
    }
}
