//! Identifiers as the backend reads them from paths (already percent-decoded by the router, so a
//! literal `+` and `%2B` arrive the same): E.164 numbers, emails, `grp_…` ids and recipient lists.

use super::reply::ApiFailure;

pub use crate::validate::is_e164;

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && s.chars().all(|c| c.is_ascii_graphic())
}

fn is_group_id(s: &str) -> bool {
    s.strip_prefix("grp_")
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Explains the commonest encoding slip: a `+` decoded as a space by some proxy or framework.
fn plus_hint(s: &str) -> &'static str {
    if s.starts_with(' ') && s.trim_start().bytes().all(|b| b.is_ascii_digit()) {
        " (the leading `+` arrived as a space: encode it as %2B)"
    } else {
        ""
    }
}

/// A phone number path value: must be E.164.
pub fn parse_number(raw: &str) -> Result<String, ApiFailure> {
    if is_e164(raw) {
        Ok(raw.to_owned())
    } else {
        Err(ApiFailure::bad_request(
            "invalid_phone_number",
            format!(
                "Invalid phone number {raw:?}: expected E.164, e.g. +15551234567{}",
                plus_hint(raw)
            ),
        ))
    }
}

/// What a `chatId` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatRef {
    Phone(String),
    Email(String),
    Group(String),
    /// Several recipients: an unnamed group, created on first send. Sorted, without duplicates.
    Recipients(Vec<String>),
}

impl ChatRef {
    /// The id as the API reports it back (a list keeps its canonical comma-joined form).
    pub fn key(&self) -> String {
        match self {
            Self::Phone(s) | Self::Email(s) | Self::Group(s) => s.clone(),
            Self::Recipients(list) => list.join(","),
        }
    }
}

fn parse_recipient(raw: &str) -> Option<String> {
    let s = raw.trim();
    if is_e164(s) {
        Some(s.to_owned())
    } else if is_email(s) {
        Some(s.to_ascii_lowercase())
    } else {
        None
    }
}

pub fn parse_chat_id(raw: &str) -> Result<ChatRef, ApiFailure> {
    let invalid = || {
        ApiFailure::bad_request(
            "invalid_chat_id",
            format!(
                "Invalid chat id {raw:?}: expected an E.164 phone number, an email address, a group id (grp_…) \
                 or a comma-separated list of phone numbers/emails{}",
                plus_hint(raw)
            ),
        )
    };
    if raw.contains(',') {
        let mut list = Vec::new();
        for part in raw.split(',') {
            list.push(parse_recipient(part).ok_or_else(invalid)?);
        }
        list.sort();
        list.dedup();
        return match list.len() {
            0 => Err(invalid()),
            1 => Ok(single(list.remove(0))),
            _ => Ok(ChatRef::Recipients(list)),
        };
    }
    if is_group_id(raw) {
        return Ok(ChatRef::Group(raw.to_owned()));
    }
    parse_recipient(raw).map(single).ok_or_else(invalid)
}

fn single(id: String) -> ChatRef {
    if id.starts_with('+') {
        ChatRef::Phone(id)
    } else {
        ChatRef::Email(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_ids_of_every_kind() {
        assert_eq!(
            parse_chat_id("+15551234567").unwrap(),
            ChatRef::Phone("+15551234567".into())
        );
        assert_eq!(
            parse_chat_id("Dan@Example.com").unwrap(),
            ChatRef::Email("dan@example.com".into())
        );
        assert_eq!(
            parse_chat_id("grp_abc123").unwrap(),
            ChatRef::Group("grp_abc123".into())
        );
        assert_eq!(
            parse_chat_id("+15559876543, +15551234567").unwrap(),
            ChatRef::Recipients(vec!["+15551234567".into(), "+15559876543".into()])
        );
        assert_eq!(
            parse_chat_id("+15551234567,+15551234567").unwrap(),
            ChatRef::Phone("+15551234567".into())
        );
        for bad in [
            "15551234567",
            "+1",
            "grp_",
            "a@b",
            "+1555,nope",
            "grp_a-b",
            "",
        ] {
            assert!(parse_chat_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_plus_turned_space_is_explained() {
        let e = parse_number(" 15551234567").unwrap_err();
        assert!(e.message.contains("encode it as %2B"), "{}", e.message);
    }
}
