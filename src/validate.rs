//! The rules for what a user types, one per kind of input, shared by the CLI and the TUI so both
//! refuse the same things, before any request is made. Each error names the value and the rule.

use std::borrow::Cow;
use std::fmt;

/// A value that breaks its rule: what it is, the value as typed (cleaned for the terminal) and
/// the rule in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub what: Kind,
    pub value: String,
    pub rule: Cow<'static, str>,
}

/// The kinds of input there are rules for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PhoneNumber,
    ChatId,
    AttachmentUrl,
    IdempotencyKey,
    /// A first or last name.
    Name,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::PhoneNumber => "an E.164 phone number",
            Kind::ChatId => "a chat",
            Kind::AttachmentUrl => "an attachment URL",
            Kind::IdempotencyKey => "an idempotency key",
            Kind::Name => "a name Blooio takes",
        }
    }
}

impl fmt::Display for Invalid {
    /// `"12345" is not an E.164 phone number: + and 7 to 15 digits, the first not 0 (+14155550123)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not {}: {}",
            self.value,
            self.what.noun(),
            self.rule
        )
    }
}

impl std::error::Error for Invalid {}

pub const PHONE_RULE: &str = "+ and 7 to 15 digits, the first not 0, no spaces (+14155550123)";
pub const CHAT_RULE: &str = "an E.164 phone (+14155550123), an email address, a group id \
                             (grp_ then letters, digits, _ or -), or a comma-separated list of \
                             phones and emails";
/// Plain http is refused: Blooio fetches the file and hands it to the recipient, and a plain
/// http download can be altered on the way without anyone noticing.
pub const URL_RULE: &str = "an https:// URL with a host (plain http is refused: the file could \
                            be altered on its way to the recipient)";
pub const KEY_RULE: &str = "1 to 255 visible ASCII characters, no spaces (it is sent as an HTTP \
                            header)";

/// The most characters Blooio takes in a first or last name. The demo backend refuses longer
/// ones with this number too, so the client and the demo cannot drift apart.
pub const NAME_MAX_CHARS: usize = 64;

fn invalid(what: Kind, value: &str, rule: &'static str) -> Invalid {
    Invalid {
        what,
        value: crate::sanitize::clean(value).into_owned(),
        rule: Cow::Borrowed(rule),
    }
}

/// What is wrong with a first or last name, as what it has ("80 characters, more than the 64
/// allowed"), or `None`: more than
/// [`NAME_MAX_CHARS`] characters, or a control character. The client and the demo backend
/// both ask this. An empty name is fine: it clears the name.
pub fn name_problem(s: &str) -> Option<String> {
    let chars = s.chars().count();
    if chars > NAME_MAX_CHARS {
        return Some(format!(
            "{chars} characters, more than the {NAME_MAX_CHARS} allowed"
        ));
    }
    s.chars()
        .any(char::is_control)
        .then(|| "a control character (tab, newline, escape…), which a name cannot hold".to_owned())
}

/// A first or last name, as it will be sent (see [`name_problem`]). A long value is shown cut,
/// so the refusal stays one readable line.
pub fn name(s: &str) -> Result<(), Invalid> {
    let Some(rule) = name_problem(s) else {
        return Ok(());
    };
    let clean = crate::sanitize::clean(s);
    let value = if clean.chars().count() > 24 {
        format!("{}…", clean.chars().take(20).collect::<String>())
    } else {
        clean.into_owned()
    };
    Err(Invalid {
        what: Kind::Name,
        value,
        rule: Cow::Owned(rule),
    })
}

/// An E.164 number: `+`, then 7 to 15 digits, the first not 0.
pub fn phone_number(s: &str) -> Result<(), Invalid> {
    if is_e164(s) {
        Ok(())
    } else {
        Err(invalid(Kind::PhoneNumber, s, PHONE_RULE))
    }
}

/// The one E.164 rule: the CLI and TUI check input with it, the fleet card file and the demo
/// backend too.
pub fn is_e164(s: &str) -> bool {
    s.strip_prefix('+').is_some_and(|d| {
        (7..=15).contains(&d.len()) && d.bytes().all(|c| c.is_ascii_digit()) && !d.starts_with('0')
    })
}

fn is_email(s: &str) -> bool {
    let Some((user, host)) = s.rsplit_once('@') else {
        return false;
    };
    !user.is_empty()
        && !user.contains('@')
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !host.contains("..")
        && s.len() <= 254
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',')
}

fn is_group(s: &str) -> bool {
    s.strip_prefix("grp_").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    })
}

/// A chat id: an E.164 phone, an email, a `grp_…` id, or a comma list of phones and emails
/// (spaces around the commas are allowed; [`chat_id`] returns the list without them).
pub fn chat_id(s: &str) -> Result<String, Invalid> {
    let trimmed = s.trim();
    if is_group(trimmed) {
        return Ok(trimmed.to_owned());
    }
    let parts: Vec<&str> = trimmed.split(',').map(str::trim).collect();
    if parts.iter().all(|p| is_e164(p) || is_email(p)) {
        Ok(parts.join(","))
    } else {
        Err(invalid(Kind::ChatId, s, CHAT_RULE))
    }
}

/// An attachment URL: https with a host.
pub fn attachment_url(s: &str) -> Result<(), Invalid> {
    match reqwest::Url::parse(s) {
        Ok(u) if u.scheme() == "https" && u.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        _ => Err(invalid(Kind::AttachmentUrl, s, URL_RULE)),
    }
}

/// An `Idempotency-Key`: 1 to 255 visible ASCII characters.
pub fn idempotency_key(s: &str) -> Result<(), Invalid> {
    if !s.is_empty() && s.len() <= 255 && s.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(invalid(Kind::IdempotencyKey, s, KEY_RULE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_e164() {
        assert!(phone_number("+14155550123").is_ok());
        assert!(phone_number("+4420").is_err());
        for bad in [
            "12345",
            "+1 415 555 0123",
            "+0123456789",
            "+1234567890123456",
            "+",
            "",
        ] {
            assert!(phone_number(bad).is_err(), "{bad}");
        }
        let e = phone_number("12345").unwrap_err().to_string();
        assert_eq!(
            e,
            "\"12345\" is not an E.164 phone number: + and 7 to 15 digits, the first not 0, \
             no spaces (+14155550123)"
        );
    }

    #[test]
    fn chat_ids() {
        assert_eq!(chat_id("+15551234567").unwrap(), "+15551234567");
        assert_eq!(chat_id("a@b.co").unwrap(), "a@b.co");
        assert_eq!(chat_id("grp_abc-12_x").unwrap(), "grp_abc-12_x");
        assert_eq!(
            chat_id("+15551234567, a@b.co").unwrap(),
            "+15551234567,a@b.co"
        );
        for bad in [
            "",
            "5551234567",
            "grp_",
            "grp_a b",
            "a@b",
            "@b.co",
            "+15551234567,,a@b.co",
            "a@b..co",
        ] {
            assert!(chat_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_https_attachments() {
        assert!(attachment_url("https://example.com/a.png").is_ok());
        for bad in [
            "http://example.com/a.png",
            "file:///etc/passwd",
            "example.com/a.jpg",
            "https://",
        ] {
            assert!(attachment_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn idempotency_keys_are_header_safe() {
        assert!(idempotency_key("retry-2024-01-01_a:b").is_ok());
        assert!(idempotency_key(&"k".repeat(255)).is_ok());
        for bad in ["", "has space", "tab\there", "é", &"k".repeat(256)] {
            assert!(idempotency_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_up_to_the_limit() {
        assert!(name("").is_ok(), "an empty name clears it");
        assert!(name(&"é".repeat(NAME_MAX_CHARS)).is_ok());
        let e = name(&"A".repeat(80)).unwrap_err().to_string();
        assert_eq!(
            e,
            "\"AAAAAAAAAAAAAAAAAAAA…\" is not a name Blooio takes: 80 characters, more than the \
             64 allowed"
        );
        let e = name("Ada\tLovelace").unwrap_err().to_string();
        assert!(e.ends_with("which a name cannot hold"), "{e}");
    }

    #[test]
    fn control_characters_are_not_echoed() {
        let e = chat_id("\x1b[31mred").unwrap_err().to_string();
        assert!(!e.contains('\x1b'), "{e}");
    }
}
