//! Serde models for the requests and responses bloocard uses. Every response field is optional
//! (the spec promises none of them) and unknown fields are ignored, so a newer server still parses.
//! `#[skip_serializing_none]` keeps absent fields absent on the wire: a `None` is left out, never
//! sent as `null` (a partial PUT relies on that), and a missing field reads back as `None`.

mod card;
mod card_fields;
mod chats;
mod messages;
mod numbers;

use serde::Deserialize;

pub use self::card::{
    Audience, CardUpdate, CardUpdateResponse, ContactCard, NameFormat, ShareResponse, Sharing,
    SharingUpdate, display_name,
};
pub use self::card_fields::{AvatarBase64, CardFields, Field, same_name};
pub use self::chats::{
    Chat, ChatContact, ChatQuery, ChatSort, ChatsResponse, LastMessage, Pagination,
};
pub use self::messages::{
    Attachment, Message, MessageStatus, MessageText, MessagesResponse, SendMessage, SendResponse,
};
pub use self::numbers::{NumbersResponse, PhoneNumber, PlanKind};

/// The error body: `{error: "ApiError", message, status, code?, …}`. Any part may be missing.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
}
