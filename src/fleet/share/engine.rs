//! The share engine: list the chats a selection picks (`GET /chats`, page by page), split off
//! those the journal says are staged, and stage the card in the rest ([`super::stage`]). Every
//! request of a run goes through one [`Limiter`], the fleet's: at most N in flight, and the
//! rate it learns from 429s.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use super::chat::ChatItem;
use super::journal::Journal;
use super::select::{Filter, Selection};
use crate::api::{ApiError, ChatQuery, ChatSort, Client};
use crate::fleet::CONCURRENCY;
use crate::fleet::limiter::Limiter;

/// `GET /chats` pages of the most the spec allows.
pub const PAGE: u32 = 200;

/// What a run reports as it goes.
#[derive(Debug, Clone)]
pub enum ShareEvent {
    /// Another page of chats was listed: `listed` so far, of `total` when the server says.
    Listed { listed: usize, total: Option<usize> },
    /// One chat finished (staged, failed, or not started after a stop).
    Done(Box<super::ChatOutcome>),
    /// A 429: every request waits `wait`, then they start at most `per_second` a second.
    RateLimited { wait: Duration, per_second: f64 },
}

/// Called for each event, from the engine's task: keep it quick.
pub type ShareProgress = Arc<dyn Fn(ShareEvent) + Send + Sync>;

/// The chats a run is about: to stage, and skipped because the journal has them staged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharePlan {
    pub to_stage: Vec<ChatItem>,
    pub skipped: Vec<ChatItem>,
}

pub struct ShareEngine {
    /// Every request of the run goes through `limiter`.
    pub(super) client: Client,
    pub(super) limiter: Arc<Limiter>,
    pub(super) progress: ShareProgress,
    pub(super) concurrency: usize,
}

impl ShareEngine {
    pub fn new(client: &Client, concurrency: usize, progress: ShareProgress) -> Self {
        let concurrency = concurrency.clamp(*CONCURRENCY.start(), *CONCURRENCY.end());
        let notify = progress.clone();
        let limiter = Arc::new(Limiter::new(concurrency).with_notice(Arc::new(
            move |wait, per_second| notify(ShareEvent::RateLimited { wait, per_second }),
        )));
        Self {
            client: client.clone().paced(limiter.clone()),
            limiter,
            progress,
            concurrency,
        }
    }

    /// The rate learned from 429s so far (requests per second), if any.
    pub fn learned_rate(&self) -> Option<f64> {
        self.limiter.rate()
    }

    /// The chats `selection` picks, newest first for `--all-chats`, in the file's order for
    /// `--chats`; `now_ms` is the run's start, for `--active-within`.
    pub async fn select(
        &self,
        selection: &Selection,
        now_ms: i64,
    ) -> Result<Vec<ChatItem>, ApiError> {
        match selection {
            Selection::Listed(ids) => Ok(ids.iter().cloned().map(ChatItem::from_id).collect()),
            Selection::All(filter) => {
                let mut chats = self.list(filter).await?;
                chats.retain(|c| filter.admits(c, now_ms));
                Ok(chats)
            }
        }
    }

    /// Every chat `GET /chats` lists for the filter's query. Pages until a short page, until
    /// `pagination.total` when the server gives it, or until a page brings nothing new (a
    /// server that ignores `offset` would otherwise be paged for ever).
    async fn list(&self, filter: &Filter) -> Result<Vec<ChatItem>, ApiError> {
        let mut chats = Vec::new();
        let mut seen = HashSet::new();
        let mut offset = 0u32;
        loop {
            let query = ChatQuery {
                q: filter.query.clone(),
                limit: Some(PAGE),
                offset: Some(offset),
                sort: Some(ChatSort::Recent),
            };
            let reply = self.client.list_chats(&query).await?.value;
            let total = reply
                .pagination
                .as_ref()
                .and_then(|p| p.total)
                .and_then(|t| usize::try_from(t).ok());
            let page = reply.chats.unwrap_or_default();
            let got = page.len();
            let before = chats.len();
            for chat in page.into_iter().filter_map(ChatItem::from_listed) {
                if seen.insert(chat.id.clone()) {
                    chats.push(chat);
                }
            }
            (self.progress)(ShareEvent::Listed {
                listed: chats.len(),
                total,
            });
            offset = offset.saturating_add(u32::try_from(got).unwrap_or(u32::MAX));
            let done_by_total = total.is_some_and(|t| offset as usize >= t);
            if got < PAGE as usize || chats.len() == before || done_by_total {
                return Ok(chats);
            }
        }
    }

    /// Splits `chats` into those to stage and those the journal has staged (none with `again`).
    pub fn plan(chats: Vec<ChatItem>, journal: &Journal, again: bool) -> SharePlan {
        let mut plan = SharePlan::default();
        for chat in chats {
            if !again && journal.is_staged(&chat.id) {
                plan.skipped.push(chat);
            } else {
                plan.to_stage.push(chat);
            }
        }
        plan
    }
}
