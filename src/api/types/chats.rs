//! Conversations (`GET /chats`): the list, its query and its pagination.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub total: Option<i64>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatContact {
    pub contact_id: Option<String>,
    pub name: Option<String>,
    pub identifier: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LastMessage {
    pub message_id: Option<String>,
    pub text: Option<String>,
    pub direction: Option<String>,
    pub time_sent: Option<i64>,
}

/// One conversation (`GET /chats`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Chat {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub is_group: Option<bool>,
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub member_count: Option<i64>,
    pub contact: Option<ChatContact>,
    pub message_count: Option<i64>,
    pub last_message_time: Option<i64>,
    pub last_message: Option<LastMessage>,
}

impl Chat {
    /// A name for people: the group or contact name when known, else the id.
    pub fn title(&self) -> &str {
        self.group_name
            .as_deref()
            .or_else(|| self.contact.as_ref().and_then(|c| c.name.as_deref()))
            .or(self.id.as_deref())
            .unwrap_or_default()
    }
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatsResponse {
    pub chats: Option<Vec<Chat>>,
    pub pagination: Option<Pagination>,
}

impl ChatsResponse {
    pub fn chats(&self) -> &[Chat] {
        self.chats.as_deref().unwrap_or_default()
    }
}

/// Query for `GET /chats`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChatQuery {
    pub q: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
    pub sort: Option<ChatSort>,
}

/// `sort` of `GET /chats`: by the last message, newest first (the server's default) or oldest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatSort {
    Recent,
    Oldest,
}

impl ChatSort {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatSort::Recent => "recent",
            ChatSort::Oldest => "oldest",
        }
    }
}
