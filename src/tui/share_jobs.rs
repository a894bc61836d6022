//! The worker's share jobs: the share overlay's plan and staging run on the share engine (the one
//! `bloocard share --all-chats | --chats` uses: the same listing, journal, limiter and early
//! stops), and every engine event is forwarded to the loop as a `Msg::Share` as it happens. Part
//! of the worker: the only I/O here is the engine's and the journal's.

use std::path::Path;
use std::sync::Arc;

use crate::api::Client;
use crate::fleet::share::{ChatItem, Journal, Selection, ShareEngine, ShareEvent, ShareProgress};
use crate::fleet::{Cancel, DEFAULT_CONCURRENCY};
use crate::tui::msg::{ErrorInfo, Msg, ReqId, ShareUpdate};
use crate::tui::replies::Send;

/// What a share job needs of the worker: the client and where the journals are.
pub struct ShareJob<'a> {
    pub client: &'a Client,
    /// `None`: no state folder, so nothing is remembered between runs (as the CLI).
    pub journal_dir: Option<&'a Path>,
    pub id: ReqId,
    pub send: Send,
}

impl ShareJob<'_> {
    fn engine(&self) -> ShareEngine {
        let (id, send) = (self.id, self.send.clone());
        let progress: ShareProgress = Arc::new(move |event| {
            let update = match event {
                ShareEvent::Listed { listed, total } => ShareUpdate::Listed { listed, total },
                ShareEvent::Done(outcome) => ShareUpdate::Done(outcome),
                ShareEvent::RateLimited { wait, per_second } => {
                    ShareUpdate::RateLimited { wait, per_second }
                }
            };
            send(Msg::Share { id, update });
        });
        ShareEngine::new(self.client, DEFAULT_CONCURRENCY, progress)
    }

    fn journal(&self, selection: &Selection) -> Journal {
        Journal::open(
            self.journal_dir,
            &self.client.account_id(),
            &selection.key(),
        )
    }

    /// Lists the chats (unless `known`), then splits off what the journal has staged; returns
    /// the closing message. Stopped, it answers that nothing was listed.
    pub async fn plan(
        &self,
        selection: &Selection,
        known: Option<Vec<ChatItem>>,
        cancel: &Cancel,
    ) -> Msg {
        let engine = self.engine();
        let chats = match known {
            Some(chats) => Ok(chats),
            None => {
                let now = chrono::Utc::now().timestamp_millis();
                let mut cancel = cancel.clone();
                tokio::select! {
                    listed = engine.select(selection, now) => listed.map_err(|e| ErrorInfo::from(&e)),
                    () = cancel.fired() => Err(ErrorInfo::message("stopped")),
                }
            }
        };
        let journal = self.journal(selection);
        let planned = chats.map(|chats| ShareEngine::plan(chats, &journal, false));
        Msg::Share {
            id: self.id,
            update: ShareUpdate::Planned(planned),
        }
    }

    /// Stages the card in `chats`; returns the closing message.
    pub async fn stage(&self, selection: &Selection, chats: &[ChatItem], cancel: &Cancel) -> Msg {
        let engine = self.engine();
        let journal = self.journal(selection);
        let report = engine.stage(chats, &journal, cancel).await;
        Msg::Share {
            id: self.id,
            update: ShareUpdate::Over {
                stop: report.stop,
                journal_error: report.journal_error,
            },
        }
    }
}
