//! Staging the card in many chats: `POST /chats/{chatId}/contact-card` for each, at most N at
//! once under the limiter, each result noted in the journal. A run stops early — requests in
//! flight finish, none starts — when staging cannot work: after [`PLAN_GATED_STOP`] refusals
//! for the plan (403) and no success (in this run, or in the journal: an account that staged
//! before can share, and its 403s are those of single chats), or at the first 503 (no active
//! number: the device is offline, and retrying does not bring it back). It also stops when the
//! caller asks.

use std::sync::{Mutex, MutexGuard};

use futures_util::StreamExt;
use futures_util::stream;

use super::chat::ChatItem;
use super::engine::{ShareEngine, ShareEvent};
use super::journal::Journal;
use crate::api::ApiError;
use crate::fleet::Cancel;

/// This many 403s without one success stop the run: the account's plan cannot share cards.
pub const PLAN_GATED_STOP: usize = 3;

/// Where one chat ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatStatus {
    /// A dry run: it would be staged.
    Planned,
    Staged,
    /// The journal has it staged by an earlier run of the same selection.
    Skipped,
    Failed,
    /// The run stopped before it.
    NotStarted,
}

impl ChatStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatStatus::Planned => "planned",
            ChatStatus::Staged => "staged",
            ChatStatus::Skipped => "skipped",
            ChatStatus::Failed => "failed",
            ChatStatus::NotStarted => "not_started",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatOutcome {
    pub chat: ChatItem,
    pub status: ChatStatus,
    /// Why it failed, as one sentence.
    pub error: Option<String>,
}

/// Why a run ended before its last chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    /// 403s and no success: the plan cannot share cards. What the server said of the last.
    PlanGated(String),
    /// A 503: no active number. What the server said.
    NoActiveNumber(String),
    /// The caller asked (Ctrl-C, Esc).
    Asked,
}

/// What a run did, one outcome per chat it was given, in their order.
#[derive(Debug, Clone, Default)]
pub struct StageReport {
    pub outcomes: Vec<ChatOutcome>,
    pub stop: Option<StopReason>,
    /// The journal could not be saved (the run went on): why.
    pub journal_error: Option<String>,
}

impl StageReport {
    pub fn count(&self, status: ChatStatus) -> usize {
        self.outcomes.iter().filter(|o| o.status == status).count()
    }
}

#[derive(Debug, Default)]
struct Tally {
    /// Staged in this run, plus one when the journal shows an earlier success.
    staged: usize,
    plan_gated: usize,
    stop: Option<StopReason>,
    journal_error: Option<String>,
}

impl Tally {
    /// Counts a failure; says whether it stops the run.
    fn failed(&mut self, error: &ApiError) -> bool {
        if self.stop.is_some() {
            return false;
        }
        self.stop = match error {
            ApiError::DeviceUnavailable(server) => {
                Some(StopReason::NoActiveNumber(server.to_string()))
            }
            ApiError::Forbidden(server) => {
                self.plan_gated += 1;
                (self.staged == 0 && self.plan_gated >= PLAN_GATED_STOP)
                    .then(|| StopReason::PlanGated(server.to_string()))
            }
            _ => None,
        };
        self.stop.is_some()
    }
}

/// The tally holds counters only; a panic elsewhere leaves them usable.
fn lock(tally: &Mutex<Tally>) -> MutexGuard<'_, Tally> {
    tally.lock().unwrap_or_else(|e| e.into_inner())
}

impl ShareEngine {
    /// Stages the card in every chat of `chats`, noting each in `journal`. Once `cancel`
    /// fires or the run stops early, no request starts; those in flight finish.
    pub async fn stage(
        &self,
        chats: &[ChatItem],
        journal: &Journal,
        cancel: &Cancel,
    ) -> StageReport {
        self.limiter.reopen();
        let tally = Mutex::new(Tally {
            staged: usize::from(journal.any_staged()),
            ..Tally::default()
        });
        let work = stream::iter(0..chats.len())
            .map(|i| {
                let (chat, tally) = (&chats[i], &tally);
                async move {
                    let outcome = self.stage_one(chat, journal, cancel, tally).await;
                    (self.progress)(ShareEvent::Done(Box::new(outcome.clone())));
                    (i, outcome)
                }
            })
            .buffer_unordered(self.concurrency)
            .collect::<Vec<_>>();
        tokio::pin!(work);
        let mut asked = cancel.clone();
        let mut outcomes = tokio::select! {
            biased;
            done = &mut work => done,
            () = asked.fired() => {
                self.limiter.close();
                lock(&tally).stop.get_or_insert(StopReason::Asked);
                work.await
            }
        };
        outcomes.sort_by_key(|(i, _)| *i);
        let mut tally = lock(&tally);
        if let Err(e) = journal.flush() {
            tally.journal_error = Some(e.to_string());
        }
        StageReport {
            outcomes: outcomes.into_iter().map(|(_, o)| o).collect(),
            stop: tally.stop.take(),
            journal_error: tally.journal_error.take(),
        }
    }

    async fn stage_one(
        &self,
        chat: &ChatItem,
        journal: &Journal,
        cancel: &Cancel,
        tally: &Mutex<Tally>,
    ) -> ChatOutcome {
        let outcome = |status, error| ChatOutcome {
            chat: chat.clone(),
            status,
            error,
        };
        if cancel.is_cancelled() || lock(tally).stop.is_some() {
            return outcome(ChatStatus::NotStarted, None);
        }
        let result = match self.client.share_card(&chat.id).await {
            Err(ApiError::NotSent) => return outcome(ChatStatus::NotStarted, None),
            Ok(_) => {
                lock(tally).staged += 1;
                Ok(())
            }
            Err(error) => {
                if lock(tally).failed(&error) {
                    self.limiter.close();
                }
                Err(error.to_string())
            }
        };
        if let Err(e) = journal.record(
            &chat.id,
            result.as_ref().map(|_| ()).map_err(String::as_str),
        ) {
            lock(tally).journal_error.get_or_insert(e.to_string());
        }
        match result {
            Ok(()) => outcome(ChatStatus::Staged, None),
            Err(e) => outcome(ChatStatus::Failed, Some(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Client, ClientOptions};
    use crate::config::ApiKey;
    use crate::fleet::share::Selection;

    fn is_send<T: Send>(_: &T) {}

    /// The TUI worker spawns these futures onto the runtime, so they must be `Send`.
    #[test]
    fn the_engine_futures_can_be_spawned() {
        let options = ClientOptions::new("http://127.0.0.1:9/v2/api", ApiKey::new("bl_x").unwrap());
        let engine = ShareEngine::new(
            &Client::new(options).unwrap(),
            4,
            std::sync::Arc::new(|_| {}),
        );
        let (journal, cancel) = (Journal::none(), Cancel::never());
        is_send(&engine.stage(&[], &journal, &cancel));
        is_send(&engine.select(&Selection::Listed(Vec::new()), 0));
    }

    #[test]
    fn plan_gated_refusals_stop_only_without_a_success() {
        let forbidden = ApiError::from_status(crate::api::ServerError {
            status: 403,
            code: Some("plan_not_supported".into()),
            ..Default::default()
        });
        let mut tally = Tally::default();
        assert!(!tally.failed(&forbidden) && !tally.failed(&forbidden));
        assert!(tally.failed(&forbidden), "the third stops");
        assert!(
            matches!(tally.stop, Some(StopReason::PlanGated(ref s)) if s == "HTTP 403 plan_not_supported")
        );
        let mut tally = Tally {
            staged: 1,
            ..Tally::default()
        };
        for _ in 0..10 {
            assert!(
                !tally.failed(&forbidden),
                "after a success a 403 is one chat's"
            );
        }
        let unavailable = ApiError::from_status(crate::api::ServerError {
            status: 503,
            ..Default::default()
        });
        assert!(tally.failed(&unavailable), "a 503 stops at once");
    }
}
