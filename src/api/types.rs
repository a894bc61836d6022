//! Serde models for the requests and responses bloocard uses. Every response field is optional
//! (the spec promises none of them) and unknown fields are ignored, so a newer server still parses.

use serde::{Deserialize, Serialize};

/// One number bound to the API key (`GET /me/numbers`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PhoneNumber {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_active: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_kind: Option<String>,
}

impl PhoneNumber {
    pub fn plan(&self) -> PlanKind {
        PlanKind::from_wire(self.plan_kind.as_deref())
    }

    pub fn number(&self) -> &str {
        self.phone_number.as_deref().unwrap_or_default()
    }
}

/// The plan a number runs on. Names and photo can only be set on dedicated plans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanKind {
    Dedicated,
    Shared,
    Inbound,
    Trial,
    TwoFactor,
    /// A value newer than this build knows.
    Other(String),
}

impl PlanKind {
    /// `null` (or absent) means an allocation older than the field, which the spec says to treat as dedicated.
    pub fn from_wire(value: Option<&str>) -> Self {
        match value {
            None | Some("dedicated") => Self::Dedicated,
            Some("shared") => Self::Shared,
            Some("inbound") => Self::Inbound,
            Some("trial") => Self::Trial,
            Some("2fa") => Self::TwoFactor,
            Some(other) => Self::Other(other.to_owned()),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Self::Dedicated => "dedicated",
            Self::Shared => "shared",
            Self::Inbound => "inbound",
            Self::Trial => "trial",
            Self::TwoFactor => "2fa",
            Self::Other(s) => s,
        }
    }

    /// Whether first name, last name and avatar may be set on this plan.
    pub fn can_set_name_and_photo(&self) -> bool {
        matches!(self, Self::Dedicated)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NumbersResponse {
    #[serde(default)]
    pub numbers: Option<Vec<PhoneNumber>>,
}

impl NumbersResponse {
    pub fn numbers(&self) -> &[PhoneNumber] {
        self.numbers.as_deref().unwrap_or_default()
    }
}

/// Who sees the card without being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    #[default]
    ContactsOnly,
    AlwaysAsk,
}

impl Audience {
    pub fn from_wire(v: i64) -> Option<Self> {
        match v {
            0 => Some(Self::ContactsOnly),
            1 => Some(Self::AlwaysAsk),
            _ => None,
        }
    }
    pub fn to_wire(self) -> i64 {
        match self {
            Self::ContactsOnly => 0,
            Self::AlwaysAsk => 1,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::ContactsOnly => "contacts only",
            Self::AlwaysAsk => "always ask",
        }
    }
}

/// Which part of the name recipients see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameFormat {
    #[default]
    FirstAndLast,
    FirstOnly,
}

impl NameFormat {
    pub fn from_wire(v: i64) -> Option<Self> {
        match v {
            0 => Some(Self::FirstAndLast),
            1 => Some(Self::FirstOnly),
            _ => None,
        }
    }
    pub fn to_wire(self) -> i64 {
        match self {
            Self::FirstAndLast => 0,
            Self::FirstOnly => 1,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::FirstAndLast => "first & last",
            Self::FirstOnly => "first only",
        }
    }
}

/// `sharing` as the server reports it. Integers stay integers so an unknown value is kept, not lost.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sharing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_format: Option<i64>,
}

impl Sharing {
    pub fn audience(&self) -> Option<Audience> {
        self.audience.and_then(Audience::from_wire)
    }
    pub fn name_format(&self) -> Option<NameFormat> {
        self.name_format.and_then(NameFormat::from_wire)
    }
}

/// The contact card of one number (`GET /me/numbers/{number}/contact-card`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactCard {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Base64 JPEG/PNG, possibly with a `data:` prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_wallpaper: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing: Option<Sharing>,
}

/// What recipients see as the name, given first/last and the name format.
pub fn display_name(first: &str, last: &str, format: NameFormat) -> String {
    match format {
        NameFormat::FirstOnly => first.trim().to_owned(),
        NameFormat::FirstAndLast => format!("{} {}", first.trim(), last.trim())
            .trim()
            .to_owned(),
    }
}

/// `sharing` in a PUT: only the given fields are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SharingUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_format: Option<i64>,
}

impl SharingUpdate {
    pub fn is_empty(&self) -> bool {
        self.enabled.is_none() && self.audience.is_none() && self.name_format.is_none()
    }
}

/// Body of `PUT /me/numbers/{number}/contact-card`: a partial update that never sends `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CardUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Plain base64, no `data:` prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sharing: Option<SharingUpdate>,
}

impl CardUpdate {
    pub fn is_empty(&self) -> bool {
        self.first_name.is_none()
            && self.last_name.is_none()
            && self.avatar.is_none()
            && self.sharing.as_ref().is_none_or(SharingUpdate::is_empty)
    }

    /// Whether this update needs a dedicated plan (names and photo do; sharing does not).
    pub fn touches_name_or_photo(&self) -> bool {
        self.first_name.is_some() || self.last_name.is_some() || self.avatar.is_some()
    }
}

/// The PUT answers with names only — not the avatar or sharing, so callers re-read the card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CardUpdateResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// `POST /chats/{chatId}/contact-card`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShareResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SendMessage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<MessageText>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_contact: Option<bool>,
    /// The card that rides along is this number's, so bloocard always names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_number: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SendResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_created: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatContact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LastMessage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_sent: Option<i64>,
}

/// One conversation (`GET /chats`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Chat {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_group: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<ChatContact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_message_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatsResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chats: Option<Vec<Chat>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

impl ChatsResponse {
    pub fn chats(&self) -> &[Chat] {
        self.chats.as_deref().unwrap_or_default()
    }
}

/// One message in a chat (`GET /chats/{chatId}/messages`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_sent: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_delivered: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessagesResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<Message>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

impl MessagesResponse {
    pub fn messages(&self) -> &[Message] {
        self.messages.as_deref().unwrap_or_default()
    }
}

/// `GET /chats/{chatId}/messages/{messageId}/status`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_sent: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_delivered: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// Query for `GET /chats`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChatQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

/// The error body: `{error: "ApiError", message, status, code?, …}`. Any part may be missing.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_with_unknown_and_missing_fields_parses() {
        let card: ContactCard =
            serde_json::from_str(r#"{"first_name":"A","future":1,"sharing":{"audience":1}}"#)
                .unwrap();
        assert_eq!(card.first_name.as_deref(), Some("A"));
        assert_eq!(card.sharing.unwrap().audience(), Some(Audience::AlwaysAsk));
    }

    #[test]
    fn update_sends_only_given_fields() {
        let u = CardUpdate {
            first_name: Some("John".into()),
            sharing: Some(SharingUpdate {
                audience: Some(1),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&u).unwrap(),
            r#"{"first_name":"John","sharing":{"audience":1}}"#
        );
    }

    #[test]
    fn null_plan_kind_counts_as_dedicated() {
        assert_eq!(PlanKind::from_wire(None), PlanKind::Dedicated);
        assert!(!PlanKind::from_wire(Some("shared")).can_set_name_and_photo());
        assert_eq!(PlanKind::from_wire(Some("x")).label(), "x");
    }

    #[test]
    fn display_name_follows_format() {
        assert_eq!(
            display_name("John", "Doe", NameFormat::FirstAndLast),
            "John Doe"
        );
        assert_eq!(display_name("John", "Doe", NameFormat::FirstOnly), "John");
        assert_eq!(display_name("", "Doe", NameFormat::FirstAndLast), "Doe");
    }
}
