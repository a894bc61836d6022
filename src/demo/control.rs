//! The test-side handle on a running demo backend: arm faults, switch the card read off, and
//! look at what clients sent and what the backend now holds.

use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use super::fault::Fault;
use super::ids::parse_chat_id;
// Its home is the recorder; re-exported here, where tests have always found it.
pub use super::recorder::RecordedRequest;
use super::state::State;

/// A message as the backend holds it, with what the API does not show (which card rode along).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoMessage {
    pub message_id: String,
    pub chat_id: String,
    pub direction: String,
    /// The organisation's number that sent or received it.
    pub number: String,
    pub text: Option<String>,
    pub attachments: Vec<String>,
    pub status: String,
    pub time_sent: i64,
    /// The number whose contact card was attached to this message.
    pub shared_card: Option<String>,
}

/// Cheap to clone; every clone drives the same backend.
#[derive(Debug, Clone)]
pub struct DemoControl {
    pub(crate) state: Arc<Mutex<State>>,
}

impl DemoControl {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A handler that panicked mid-update leaves data a test can still inspect.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Arms a fault; faults are tried in the order they were pushed.
    pub fn push_fault(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// The faults still armed (used-up ones are gone).
    pub fn faults(&self) -> Vec<Fault> {
        self.lock().faults.clone()
    }

    /// Makes `GET …/contact-card` fail as the "coming soon" endpoint may (501 `coming_soon`).
    pub fn set_card_read_disabled(&self, disabled: bool) {
        self.lock().card_read_disabled = disabled;
    }

    /// Requests received, oldest first (the oldest are forgotten past 2000 or 32 MB of bodies).
    /// Empty unless the server records them: [`super::DemoOptions::record_requests`] or `faults`.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.to_vec()
    }

    pub fn clear_requests(&self) {
        self.lock().requests.clear();
    }

    /// The card of `number` exactly as `GET …/contact-card` would answer it.
    pub fn card(&self, number: &str) -> Option<serde_json::Value> {
        self.lock().number(number).map(|n| n.card_json())
    }

    /// The messages of a chat (any chat id form the API accepts), oldest first.
    pub fn messages(&self, chat_id: &str) -> Vec<DemoMessage> {
        let state = self.lock();
        let Some(chat) = parse_chat_id(chat_id)
            .ok()
            .and_then(|r| state.find_chat(&r))
            .map(|i| &state.chats[i])
        else {
            return Vec::new();
        };
        let mut out: Vec<DemoMessage> = chat
            .messages
            .iter()
            .map(|m| DemoMessage {
                message_id: m.id.clone(),
                chat_id: chat.id.clone(),
                direction: m.direction.as_str().to_owned(),
                number: m.number.clone(),
                text: m.text.clone(),
                attachments: m.attachments.iter().map(|a| a.url.clone()).collect(),
                status: m.status.to_owned(),
                time_sent: m.time_sent,
                shared_card: m.shared_card.clone(),
            })
            .collect();
        out.sort_by_key(|m| m.time_sent);
        out
    }

    /// The number whose card is staged to ride on the next message in this chat, if any.
    pub fn staged_share(&self, chat_id: &str) -> Option<String> {
        let state = self.lock();
        let r = parse_chat_id(chat_id).ok()?;
        let key = state
            .find_chat(&r)
            .map(|i| state.chats[i].id.clone())
            .unwrap_or_else(|| r.key());
        state.staged.get(&key).map(|s| s.number.clone())
    }

    /// Forces a message's delivery status (e.g. `failed`); false if the id or status is unknown.
    pub fn set_message_status(&self, message_id: &str, status: &str) -> bool {
        const STATUSES: &[&str] = &[
            "pending",
            "queued",
            "sent",
            "delivered",
            "failed",
            "cancellation_requested",
            "cancelled",
        ];
        let Some(status) = STATUSES.iter().find(|s| **s == status) else {
            return false;
        };
        let mut state = self.lock();
        let Some((ci, mi)) = state.find_message(message_id) else {
            return false;
        };
        let m = &mut state.chats[ci].messages[mi];
        m.status = status;
        match *status {
            "failed" => {
                m.error = Some("Recipient is not reachable on iMessage or SMS".into());
                m.protocol = "unknown";
            }
            "delivered" => {
                m.time_delivered.get_or_insert(m.time_sent);
                m.protocol = "imessage";
            }
            _ => {}
        }
        true
    }
}
