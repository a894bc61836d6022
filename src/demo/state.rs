//! The demo backend's data: numbers with their cards, chats with their messages, staged shares,
//! idempotency records and the test knobs. One `Mutex` guards it all; no lock is held across an await.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::fault::Fault;
use super::ids::ChatRef;
use super::recorder::RequestLog;

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[derive(Debug, Clone)]
pub struct Card {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Plain base64.
    pub avatar: Option<String>,
    pub has_wallpaper: bool,
    pub sharing_enabled: bool,
    pub audience: i64,
    pub name_format: i64,
}

impl Card {
    pub fn blank() -> Self {
        Self {
            first_name: None,
            last_name: None,
            avatar: None,
            has_wallpaper: false,
            sharing_enabled: false,
            audience: 1,
            name_format: 0,
        }
    }

    fn display_name(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.first_name, &self.last_name]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

#[derive(Debug, Clone)]
pub struct Number {
    pub phone: String,
    /// As on the wire: `None` is a legacy allocation, treated as dedicated.
    pub plan_kind: Option<&'static str>,
    pub is_active: bool,
    pub last_active: Option<i64>,
    pub allocation_id: String,
    pub card: Card,
}

impl Number {
    /// Names, photo and sharing the card need a Dedicated plan.
    pub fn is_dedicated(&self) -> bool {
        matches!(self.plan_kind, None | Some("dedicated"))
    }

    pub fn to_json(&self) -> Value {
        json!({
            "phone_number": self.phone,
            "is_active": self.is_active,
            "last_active": self.last_active.map(rfc3339),
            "plan_kind": self.plan_kind,
        })
    }

    pub fn card_json(&self) -> Value {
        let c = &self.card;
        json!({
            "phone_number": self.phone,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "name": c.display_name(),
            "avatar": c.avatar,
            "has_wallpaper": c.has_wallpaper,
            "sharing": {
                "enabled": c.sharing_enabled,
                "audience": c.audience,
                "name_format": c.name_format,
            },
        })
    }
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Outbound => "outbound",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Attachment {
    pub url: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReplyTo {
    pub message_id: Option<String>,
    pub guid: Option<String>,
    pub part_index: i64,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub id: String,
    pub guid: String,
    pub direction: Direction,
    pub text: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Who wrote an inbound message in a group.
    pub sender: Option<String>,
    /// The organisation's number that sent or received it.
    pub number: String,
    pub time_sent: i64,
    pub time_delivered: Option<i64>,
    pub status: &'static str,
    pub protocol: &'static str,
    pub error: Option<String>,
    /// The number whose contact card rode along on this message.
    pub shared_card: Option<String>,
    pub reply_to: Option<ReplyTo>,
}

impl Message {
    pub fn to_json(&self, external_id: &str) -> Value {
        let mut v = json!({
            "message_id": self.id,
            "direction": self.direction.as_str(),
            "external_id": external_id,
            "internal_id": self.number,
            "text": self.text,
            "attachments": self.attachments.iter().map(|a| json!({"url": a.url, "name": a.name})).collect::<Vec<_>>(),
            "sender": self.sender,
            "reactions": [],
            "time_sent": self.time_sent,
            "time_delivered": self.time_delivered,
            "status": self.status,
            "protocol": self.protocol,
            "error": self.error,
        });
        if let (Some(r), Some(obj)) = (&self.reply_to, v.as_object_mut()) {
            obj.insert(
                "reply_to".into(),
                json!({"message_id": r.message_id, "guid": r.guid, "part_index": r.part_index}),
            );
        }
        v
    }

    pub fn status_json(&self, chat_id: &str) -> Value {
        json!({
            "message_id": self.id,
            "chat_id": chat_id,
            "direction": self.direction.as_str(),
            "status": self.status,
            "protocol": self.protocol,
            "time_sent": self.time_sent,
            "time_delivered": self.time_delivered,
            "error": self.error,
        })
    }

    /// One step of the delivery lifecycle; each status poll takes one (see the module docs).
    pub fn advance(&mut self) {
        match self.status {
            "pending" | "queued" => {
                self.status = "sent";
                self.protocol = "imessage";
            }
            "sent" => {
                self.status = "delivered";
                self.protocol = "imessage";
                self.time_delivered = Some(now_ms().max(self.time_sent));
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone)]
pub struct Chat {
    /// Phone, email or `grp_…`.
    pub id: String,
    pub group_name: Option<String>,
    /// For groups: every member, sorted.
    pub participants: Vec<String>,
    pub contact_name: Option<String>,
    pub contact_id: Option<String>,
    /// The organisation's number this conversation runs on (the last one that sent in it).
    pub number: String,
    pub messages: Vec<Message>,
}

impl Chat {
    pub fn is_group(&self) -> bool {
        self.id.starts_with("grp_")
    }

    fn kind(&self) -> &'static str {
        if self.is_group() {
            "group"
        } else if self.id.contains('@') {
            "email"
        } else {
            "phone"
        }
    }

    pub fn last_time(&self) -> i64 {
        self.messages.iter().map(|m| m.time_sent).max().unwrap_or(0)
    }

    fn last_of(&self, d: Direction) -> Option<i64> {
        self.messages
            .iter()
            .filter(|m| m.direction == d)
            .map(|m| m.time_sent)
            .max()
    }

    /// `Chat` of the spec; `detail` adds what `ChatDetail` has on top.
    pub fn to_json(&self, detail: bool) -> Value {
        let last = self.messages.iter().max_by_key(|m| m.time_sent);
        let count = |d| self.messages.iter().filter(|m| m.direction == d).count();
        let mut v = json!({
            "id": self.id,
            "type": self.kind(),
            "is_group": self.is_group(),
            "group_id": self.is_group().then(|| self.id.clone()),
            "group_name": self.group_name,
            "contact": if self.is_group() {
                Value::Null
            } else {
                json!({"contact_id": self.contact_id, "name": self.contact_name, "identifier": self.id})
            },
            "message_count": self.messages.len(),
            "inbound_count": count(Direction::Inbound),
            "outbound_count": count(Direction::Outbound),
            "background_url": null,
            "background_id": null,
            "last_message_time": self.last_time(),
            "last_inbound_time": self.last_of(Direction::Inbound),
            "last_outbound_time": self.last_of(Direction::Outbound),
        });
        let Some(obj) = v.as_object_mut() else {
            return v;
        };
        if self.is_group() {
            obj.insert("member_count".into(), json!(self.participants.len()));
        }
        if let Some(m) = last {
            obj.insert(
                "last_message".into(),
                json!({"message_id": m.id, "text": m.text, "direction": m.direction.as_str(), "time_sent": m.time_sent}),
            );
        }
        if detail {
            let first = self.messages.iter().map(|m| m.time_sent).min().unwrap_or(0);
            obj.insert("first_message_time".into(), json!(first));
        }
        v
    }
}

/// A share staged by `POST /chats/{chatId}/contact-card`, waiting for the next send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedShare {
    pub number: String,
    pub staged_at: i64,
}

#[derive(Debug)]
pub struct State {
    pub numbers: Vec<Number>,
    /// Added only through [`State::push_chat`], which keeps `chat_index` in step.
    pub chats: Vec<Chat>,
    /// Chat id → index in `chats`: tens of thousands of chats (`--demo-chats`) are looked up
    /// at once, not by a scan.
    pub chat_index: HashMap<String, usize>,
    /// Keyed by chat id (or, for a recipient list with no group yet, its canonical comma-joined form).
    pub staged: HashMap<String, StagedShare>,
    /// Idempotency key → the original 202 body.
    pub sent_by_key: HashMap<String, Value>,
    pub rng: fastrand::Rng,
    /// Kept only when the server was asked to record.
    pub requests: RequestLog,
    pub faults: Vec<Fault>,
    pub card_read_disabled: bool,
    /// Numbers whose card read answers 501 (`demo-server --numbers` seeds one).
    pub unreadable_cards: std::collections::HashSet<String>,
    /// Added latency and the in-flight count (`demo-server --latency-ms`).
    pub load: super::latency::Load,
}

impl State {
    pub fn number(&self, phone: &str) -> Option<&Number> {
        self.numbers.iter().find(|n| n.phone == phone)
    }

    pub fn number_mut(&mut self, phone: &str) -> Option<&mut Number> {
        self.numbers.iter_mut().find(|n| n.phone == phone)
    }

    /// The chat a reference names, if it exists (a recipient list finds its unnamed group).
    pub fn find_chat(&self, r: &ChatRef) -> Option<usize> {
        match r {
            ChatRef::Recipients(list) => self
                .chats
                .iter()
                .position(|c| c.is_group() && c.group_name.is_none() && &c.participants == list),
            other => self.chat_index.get(&other.key()).copied(),
        }
    }

    /// Adds a chat; returns its index.
    pub fn push_chat(&mut self, chat: Chat) -> usize {
        let i = self.chats.len();
        self.chat_index.insert(chat.id.clone(), i);
        self.chats.push(chat);
        i
    }

    pub fn find_message(&self, id: &str) -> Option<(usize, usize)> {
        self.chats.iter().enumerate().find_map(|(ci, c)| {
            c.messages
                .iter()
                .position(|m| m.id == id)
                .map(|mi| (ci, mi))
        })
    }

    /// The number used when a request names none: the first active one.
    pub fn default_number(&self) -> Option<&Number> {
        self.numbers.iter().find(|n| n.is_active)
    }

    /// An id like Blooio's: a prefix and 16 lowercase letters and digits.
    pub fn new_id(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let tail: String = (0..16)
            .map(|_| ALPHABET[self.rng.usize(..ALPHABET.len())] as char)
            .collect();
        format!("{prefix}{tail}")
    }

    pub fn new_guid(&mut self) -> String {
        let bytes: [u8; 16] = std::array::from_fn(|_| self.rng.u8(..));
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
            .to_ascii_uppercase()
    }
}
