//! Messages: the body a send posts and what it answers, a chat's messages and one message's
//! delivery status.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::chats::Pagination;

/// Message text: one string, or several (each its own message).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MessageText {
    One(String),
    Many(Vec<String>),
}

/// An attachment: a URL, or a URL with a file name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Attachment {
    Url(String),
    Named { url: String, name: String },
}

/// Body of `POST /chats/{chatId}/messages`, limited to the fields bloocard sends.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SendMessage {
    pub text: Option<MessageText>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    pub share_contact: Option<bool>,
    /// The card that rides along is this number's, so bloocard always names it.
    pub from_number: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SendResponse {
    pub message_id: Option<String>,
    pub message_ids: Option<Vec<String>>,
    pub count: Option<i64>,
    pub status: Option<String>,
    pub group_id: Option<String>,
    pub group_created: Option<bool>,
    pub participants: Option<Vec<String>>,
}

impl SendResponse {
    /// Every message id the send produced, whichever field carried them.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.message_id.iter().cloned().collect();
        for id in self.message_ids.iter().flatten() {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    }
}

/// One message in a chat (`GET /chats/{chatId}/messages`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub message_id: Option<String>,
    pub direction: Option<String>,
    pub external_id: Option<String>,
    pub internal_id: Option<String>,
    pub text: Option<String>,
    /// Who wrote an inbound message in a group (null for outbound and one-to-one chats).
    pub sender: Option<String>,
    pub time_sent: Option<i64>,
    pub time_delivered: Option<i64>,
    pub status: Option<String>,
    pub protocol: Option<String>,
    pub error: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessagesResponse {
    pub chat_id: Option<String>,
    pub messages: Option<Vec<Message>>,
    pub pagination: Option<Pagination>,
}

impl MessagesResponse {
    pub fn messages(&self) -> &[Message] {
        self.messages.as_deref().unwrap_or_default()
    }
}

/// `GET /chats/{chatId}/messages/{messageId}/status`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageStatus {
    pub message_id: Option<String>,
    pub chat_id: Option<String>,
    pub direction: Option<String>,
    pub status: Option<String>,
    pub protocol: Option<String>,
    pub time_sent: Option<i64>,
    pub time_delivered: Option<i64>,
    pub error: Option<String>,
}

impl MessageStatus {
    /// Whether the status can still change (so a follower keeps polling).
    pub fn is_final(&self) -> bool {
        matches!(
            self.status.as_deref(),
            Some("delivered" | "failed" | "cancelled")
        )
    }
}
