//! Human and JSON renderings of API results. Every server string passes through `clean` here;
//! `--json` prints what the server sent, exactly, JSON-escaped by serde.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use unicode_width::UnicodeWidthStr;

use crate::api::{ContactCard, NameFormat, PhoneNumber, SendResponse, ShareResponse};
use crate::sanitize::clean;
use crate::time_ago::{parse_timestamp, time_ago};

/// The CLI's one stdout writer: a command's whole output, or a line the fleet prints as it
/// goes. A closed pipe is not an error: in `bloocard numbers | head -1` the reader has all it
/// wants.
pub fn print(out: &str) -> Result<(), super::error::CliError> {
    match write_stdout(out.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(super::error::CliError::Other(format!(
            "could not write the output: {}",
            crate::io_error::Words(&e)
        ))),
    }
}

/// `bytes` on stdout, whole and flushed: text through [`print`], or the JPEG of
/// `avatar prepare -o -`, whose caller decides what a closed pipe means.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush())
}

/// The JSON exactly as the server sent it, pretty-printed. serde escapes only U+0000–U+001F, so
/// DEL, C1 controls (a raw U+009B is a CSI to some terminals) and bidi overrides are escaped here
/// too: the values stay exact for a parser, and nothing in them acts on the terminal.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Our documents are Values and plain structs of strings and numbers, whose serializing
    // cannot fail; the fallback keeps this free of unwrap all the same.
    let s = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"could not write the JSON: {e}\"}}"));
    let mut out = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        // A raw newline is layout: inside strings serde has already written it as `\n`.
        if c != '\n' && crate::sanitize::is_unsafe(c) {
            // Every such character is in the BMP, so one `\uXXXX` escape holds it.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// Left-aligned columns sized to their widest cell, measured in terminal columns: an emoji takes
/// two, a combining accent or a zero-width space none, so counting chars would skew the columns.
pub(super) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            l.push_str(cell);
            if i + 1 < widths.len() {
                let pad = w.saturating_sub(cell.width()) + 2;
                l.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

fn last_active(value: Option<&str>, now: DateTime<Utc>) -> String {
    match value {
        None => "never".to_owned(),
        Some(s) => match parse_timestamp(s) {
            Some(t) => format!("{} ({})", t.format("%Y-%m-%d %H:%M UTC"), time_ago(t, now)),
            None => clean(s).into_owned(),
        },
    }
}

pub fn numbers_table(numbers: &[PhoneNumber], now: DateTime<Utc>) -> String {
    if numbers.is_empty() {
        return "No numbers are bound to this API key.\n".to_owned();
    }
    let rows: Vec<Vec<String>> = numbers
        .iter()
        .map(|n| {
            vec![
                clean(n.number()).into_owned(),
                match n.is_active {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "?",
                }
                .to_owned(),
                last_active(n.last_active.as_deref(), now),
                clean(n.plan().label()).into_owned(),
            ]
        })
        .collect();
    table(&["NUMBER", "ACTIVE", "LAST ACTIVE", "PLAN"], &rows)
}

fn field(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "  {label:<13} {value}");
}

fn or_dash(value: Option<&str>) -> String {
    match value.map(clean) {
        Some(v) if !v.trim().is_empty() => v.into_owned(),
        _ => "—".to_owned(),
    }
}

/// Sharing in words: "on, contacts only, first & last name".
pub fn sharing_words(card: &ContactCard) -> String {
    let Some(sharing) = &card.sharing else {
        return "unknown".to_owned();
    };
    let mut parts = vec![match sharing.enabled {
        Some(true) => "on".to_owned(),
        Some(false) => "off".to_owned(),
        None => "unknown".to_owned(),
    }];
    match (sharing.audience(), sharing.audience) {
        (Some(a), _) => parts.push(a.label().to_owned()),
        (None, Some(v)) => parts.push(format!("audience {v}")),
        (None, None) => {}
    }
    match (sharing.name_format(), sharing.name_format) {
        (Some(NameFormat::FirstAndLast), _) => parts.push("first & last name".to_owned()),
        (Some(NameFormat::FirstOnly), _) => parts.push("first name only".to_owned()),
        (None, Some(v)) => parts.push(format!("name format {v}")),
        (None, None) => {}
    }
    parts.join(", ")
}

/// The human view of a card. `avatar` is the one-line description of the photo, when there is one.
pub fn card_view(number: &str, card: &ContactCard, avatar: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        clean(card.phone_number.as_deref().unwrap_or(number))
    );
    let shown_name = card.name.clone().unwrap_or_else(|| {
        let format = card
            .sharing
            .as_ref()
            .and_then(|s| s.name_format())
            .unwrap_or(NameFormat::FirstAndLast);
        crate::api::display_name(
            card.first_name.as_deref().unwrap_or_default(),
            card.last_name.as_deref().unwrap_or_default(),
            format,
        )
    });
    field(&mut out, "Display name", &or_dash(Some(&shown_name)));
    field(&mut out, "First name", &or_dash(card.first_name.as_deref()));
    field(&mut out, "Last name", &or_dash(card.last_name.as_deref()));
    field(&mut out, "Sharing", &sharing_words(card));
    field(
        &mut out,
        "Wallpaper",
        match card.has_wallpaper {
            Some(true) => "set",
            Some(false) => "none",
            None => "unknown",
        },
    );
    field(&mut out, "Avatar", avatar);
    out
}

pub fn share_result(chat: &str, reply: &ShareResponse) -> String {
    let chat = clean(reply.chat_id.as_deref().unwrap_or(chat)).into_owned();
    match reply.message.as_deref() {
        Some(m) if !m.trim().is_empty() => format!("Staged for {chat}: {}\n", clean(m.trim())),
        _ => format!("Contact card staged for {chat}: it rides along with the next message.\n"),
    }
}

/// Which number a send went from, as far as bloocard can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SentFrom {
    /// `--from` (or the default number) named it.
    Given(String),
    /// No number was given; Blooio chose this one (read back from the chat's messages).
    Chosen(String),
    /// No number was given, and Blooio did not say which it chose.
    Unknown,
}

/// One line for a send: `Queued msg_1 to +1555… from +1415…`, or for a replay of an earlier
/// send with the same Idempotency-Key (HTTP 200 instead of 202), that nothing new was sent.
pub fn send_result(
    chat: &str,
    from: &SentFrom,
    share: bool,
    replay: Option<&str>,
    reply: &SendResponse,
) -> String {
    let ids = reply.ids();
    let ids = if ids.is_empty() {
        "no message id".to_owned()
    } else {
        ids.iter()
            .map(|i| clean(i).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let verb = match (replay, reply.status.as_deref()) {
        (Some(_), _) => "Not sent again:",
        (None, Some("failed")) => "Failed:",
        (None, _) => "Queued",
    };
    let mut out = format!("{verb} {ids} to {}", clean(chat));
    match from {
        SentFrom::Given(n) => {
            let _ = write!(out, " from {}", clean(n));
        }
        SentFrom::Chosen(n) => {
            let _ = write!(out, " from {} (chosen by Blooio: no --from)", clean(n));
        }
        SentFrom::Unknown => {}
    }
    if share {
        out.push_str(", with your contact card");
    }
    if let Some(status) = reply.status.as_deref().filter(|s| *s != "queued") {
        let _ = write!(out, " (status {})", clean(status));
    }
    if let Some(key) = replay {
        let _ = write!(
            out,
            "; the idempotency key {} was used before, so Blooio answered with that earlier \
             send (HTTP 200) and sent nothing new; use a new key for a new message",
            clean(key)
        );
    }
    if *from == SentFrom::Unknown {
        out.push_str("; Blooio chose the number to send from (no --from) and did not say which");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Sharing;

    #[test]
    fn table_aligns_and_cleans() {
        let now = parse_timestamp("2026-11-26T12:00:00Z").unwrap();
        let numbers = vec![
            PhoneNumber {
                phone_number: Some("+15550100001".into()),
                is_active: Some(true),
                last_active: Some("2026-11-26T09:00:00Z".into()),
                plan_kind: None,
            },
            PhoneNumber {
                phone_number: Some("+1\x1b[2J5550100002".into()),
                is_active: Some(false),
                last_active: None,
                plan_kind: Some("shared".into()),
            },
        ];
        let t = numbers_table(&numbers, now);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains("2026-11-26 09:00 UTC (3 h ago)"));
        assert!(lines[1].ends_with("dedicated") && lines[2].ends_with("shared"));
        assert!(!t.contains('\x1b'));
        // Every column starts at the same offset on every line.
        let col = |l: &str, needle: &str| l.find(needle).unwrap();
        assert_eq!(col(lines[0], "ACTIVE"), col(lines[1], "yes"));
        assert_eq!(col(lines[0], "ACTIVE"), col(lines[2], "no"));
        assert_eq!(col(lines[0], "PLAN"), col(lines[1], "dedicated"));
        assert_eq!(col(lines[0], "PLAN"), col(lines[2], "shared"));
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw() {
        let v = serde_json::json!({"n": "a\u{9b}31m\u{7f}\u{202e}b\x1b\u{200b}é👋"});
        let out = json(&v);
        assert!(
            !out.chars()
                .any(|c| c != '\n' && crate::sanitize::is_unsafe(c)),
            "{out}"
        );
        // The zero-width space is harmless text and stays as it is.
        assert!(
            out.contains("a\\u009b31m\\u007f\\u202eb\\u001b\u{200b}é👋"),
            "{out}"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap(), v);
    }

    #[test]
    fn sharing_in_words() {
        let card = ContactCard {
            sharing: Some(Sharing {
                enabled: Some(true),
                audience: Some(1),
                name_format: Some(1),
            }),
            ..Default::default()
        };
        assert_eq!(sharing_words(&card), "on, always ask, first name only");
    }
}
