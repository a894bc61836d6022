//! One chat as a share run needs it: its id, its kind, a name for people and when it was last
//! active. Built from `GET /chats` or from an id given in a file.

use std::fmt;

use crate::api::Chat;

/// What `--type` chooses between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChatKind {
    Phone,
    Email,
    Group,
}

impl ChatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::Phone => "phone",
            ChatKind::Email => "email",
            ChatKind::Group => "group",
        }
    }

    /// What an id says: `grp_…` and recipient lists are groups, an `@` is an email.
    pub fn of_id(id: &str) -> Self {
        if id.starts_with("grp_") || id.contains(',') {
            ChatKind::Group
        } else if id.contains('@') {
            ChatKind::Email
        } else {
            ChatKind::Phone
        }
    }
}

impl fmt::Display for ChatKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatItem {
    pub id: String,
    pub kind: ChatKind,
    /// The group or contact name, as the server sent it (clean it before showing it).
    pub name: Option<String>,
    /// The last message, in milliseconds since the epoch.
    pub last_active_ms: Option<i64>,
}

impl ChatItem {
    /// A chat named in a file: all we know is its id.
    pub fn from_id(id: String) -> Self {
        Self {
            kind: ChatKind::of_id(&id),
            id,
            name: None,
            last_active_ms: None,
        }
    }

    /// A chat of `GET /chats`; `None` without an id (nothing to stage it by).
    pub fn from_listed(chat: Chat) -> Option<Self> {
        let id = chat.id.clone().filter(|id| !id.trim().is_empty())?;
        let kind = match chat.kind.as_deref() {
            Some("phone") => ChatKind::Phone,
            Some("email") => ChatKind::Email,
            Some("group") => ChatKind::Group,
            _ if chat.is_group == Some(true) => ChatKind::Group,
            _ => ChatKind::of_id(&id),
        };
        let name = Some(chat.title().to_owned()).filter(|n| !n.is_empty() && *n != id);
        Some(Self {
            id,
            kind,
            name,
            last_active_ms: chat.last_message_time.map(epoch_ms),
        })
    }
}

/// `last_message_time` may come in seconds or in milliseconds: a value below 10^11 is read as
/// seconds (10^11 ms is March 1973, 10^11 s is the year 5138).
pub fn epoch_ms(value: i64) -> i64 {
    if value.abs() < 100_000_000_000 {
        value.saturating_mul(1000)
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_milliseconds_both_read_as_milliseconds() {
        assert_eq!(epoch_ms(1_764_000_000), 1_764_000_000_000);
        assert_eq!(epoch_ms(1_764_000_000_123), 1_764_000_000_123);
    }

    #[test]
    fn the_kind_comes_from_the_type_then_the_id() {
        let listed = |kind: Option<&str>, id: &str| {
            ChatItem::from_listed(Chat {
                id: Some(id.into()),
                kind: kind.map(Into::into),
                ..Chat::default()
            })
            .unwrap()
            .kind
        };
        assert_eq!(listed(Some("email"), "+15550100"), ChatKind::Email);
        assert_eq!(listed(None, "grp_x"), ChatKind::Group);
        assert_eq!(listed(None, "a@example.com"), ChatKind::Email);
        assert_eq!(listed(None, "+14155550123"), ChatKind::Phone);
        assert_eq!(
            ChatKind::of_id("+14155550123,+14155550124"),
            ChatKind::Group
        );
        assert!(ChatItem::from_listed(Chat::default()).is_none());
    }
}
