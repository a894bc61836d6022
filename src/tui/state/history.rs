//! The conversation shown above the composer's message field: the chat's recent messages (oldest
//! first, cleaned of anything unsafe as they arrive), how far it is scrolled, and the load that
//! fills it. The rows are laid out here too (wrapped by `word_wrap`), so the view and the scroll
//! keys count the same rows.

use chrono::{DateTime, Utc};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::api::{Attachment, Message, SendMessage};
use crate::sanitize::{clean, clean_multiline};
use crate::time_ago::{from_millis, time_ago};
use crate::tui::state::{InFlight, Load};
use crate::word_wrap::wrap;

/// How many messages a load asks for (newest first; the API's default page).
pub const HISTORY_PAGE: u32 = 50;
/// A box this short shows one row per message (cut with `…`, a short status), so each row
/// still says who wrote it and when.
pub const COMPACT_ROWS: u16 = 3;
/// Width of a message's head: the direction arrow and "12 min ago", then the text.
pub const HEAD_WIDTH: usize = 14;

/// One message as the history shows it; every string is already safe to draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryMessage {
    pub id: Option<String>,
    pub outbound: bool,
    pub text: String,
    /// Who wrote an inbound message in a group.
    pub sender: Option<String>,
    pub time_sent: Option<i64>,
    pub status: Option<String>,
    pub error: Option<String>,
    /// What rode along, known for the messages this session sent.
    pub along: Along,
}

/// What rode along with a message this session sent: its attachments and the contact card. The
/// server's history does not say, so the composer remembers it by message id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Along {
    /// Attachment URLs, safe to draw.
    pub attachments: Vec<String>,
    pub card: bool,
}

impl Along {
    pub fn of(body: &SendMessage) -> Self {
        let attachments = body
            .attachments
            .iter()
            .map(|a| match a {
                Attachment::Url(url) | Attachment::Named { url, .. } => clean(url).into_owned(),
            })
            .collect();
        Self {
            attachments,
            card: body.share_contact == Some(true),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.attachments.is_empty() && !self.card
    }

    /// One row each: "↳ attached <url>", "↳ contact card shared".
    fn rows(&self) -> Vec<String> {
        let mut rows: Vec<String> = self
            .attachments
            .iter()
            .map(|url| format!("↳ attached {url}"))
            .collect();
        if self.card {
            rows.push("↳ contact card shared".to_owned());
        }
        rows
    }

    /// For a compact row: "+ 2 attachments, card".
    fn summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        match self.attachments.len() {
            0 => {}
            1 => parts.push("1 attachment".to_owned()),
            n => parts.push(format!("{n} attachments")),
        }
        if self.card {
            parts.push("card".to_owned());
        }
        (!parts.is_empty()).then(|| format!("+ {}", parts.join(", ")))
    }
}

impl HistoryMessage {
    pub fn from_api(m: &Message) -> Self {
        let safe = |s: &Option<String>| {
            s.as_deref()
                .map(|s| clean(s).trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        Self {
            id: safe(&m.message_id),
            outbound: m.direction.as_deref() == Some("outbound"),
            text: m
                .text
                .as_deref()
                .map(|t| clean_multiline(t).trim().to_owned())
                .unwrap_or_default(),
            sender: safe(&m.sender),
            time_sent: m.time_sent,
            status: safe(&m.status),
            error: safe(&m.error),
            along: Along::default(),
        }
    }

    /// The status in a compact row: "✓", "· sent", "✗ failed".
    pub fn short_status(&self) -> Option<String> {
        let full = self.status_text()?;
        Some(match self.status.as_deref() {
            Some("delivered") => "✓".to_owned(),
            Some("failed") => "✗ failed".to_owned(),
            _ => full,
        })
    }

    /// The delivery status as shown after an outbound message's text ("✓ delivered", "✗ failed:
    /// why"); inbound messages have none worth showing.
    pub fn status_text(&self) -> Option<String> {
        if !self.outbound {
            return None;
        }
        let status = self.status.as_deref()?;
        Some(match (status, &self.error) {
            ("delivered", _) => "✓ delivered".to_owned(),
            ("failed", Some(e)) => format!("✗ failed: {e}"),
            ("failed", None) => "✗ failed".to_owned(),
            (other, _) => format!("· {other}"),
        })
    }

    pub fn failed(&self) -> bool {
        self.outbound && self.status.as_deref() == Some("failed")
    }
}

/// One screen row of the history: the head on a message's first row, then its text; the status
/// rides on the message's last row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryRow {
    /// Index into `History::messages`.
    pub message: usize,
    /// The arrow and time on a message's first row, blanks after.
    pub head: String,
    pub text: String,
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// The chat these messages belong to (as typed in the chat field).
    pub chat: String,
    pub load: Load,
    pub req: InFlight,
    /// Oldest first: the newest is drawn at the bottom.
    pub messages: Vec<HistoryMessage>,
    /// Rows scrolled up from the newest (0: the newest message is in view).
    pub scroll: usize,
}

impl History {
    pub fn new(chat: &str) -> Self {
        Self {
            chat: chat.to_owned(),
            ..Self::default()
        }
    }

    /// Every row of the history in a box of `width` × `height`, oldest first: wrapped, or one
    /// row per message in a box of at most `COMPACT_ROWS`.
    pub fn rows(&self, width: u16, height: u16, now: DateTime<Utc>) -> Vec<HistoryRow> {
        let compact = height <= COMPACT_ROWS;
        let width = usize::from(width);
        let text_width = width.saturating_sub(HEAD_WIDTH).max(8);
        let mut out = Vec::new();
        for (i, m) in self.messages.iter().enumerate() {
            let arrow = if m.outbound { "→" } else { "←" };
            let ago = m
                .time_sent
                .and_then(from_millis)
                .map_or_else(String::new, |t| time_ago(t, now));
            let mut text = m.text.clone();
            if let Some(sender) = &m.sender {
                text = format!("{sender}: {text}");
            }
            if text.is_empty() && m.along.is_empty() {
                text = "(no text)".into();
            }
            if compact {
                if let Some(along) = m.along.summary() {
                    text = if text.is_empty() {
                        along
                    } else {
                        format!("{text} {along}")
                    };
                }
                let status = m.short_status();
                let room = text_width.saturating_sub(status.as_ref().map_or(0, |s| s.width() + 2));
                out.push(HistoryRow {
                    message: i,
                    head: format!("{arrow} {ago:<10}  "),
                    text: cut(&text.replace('\n', " "), room),
                    status,
                });
                continue;
            }
            // Each row: its text and the status drawn after it, if any. The status goes on the last
            // row of text when it fits there (after two spaces), else on rows of its own.
            let along = m
                .along
                .rows()
                .into_iter()
                .flat_map(|r| wrap(&r, text_width));
            let body = if text.is_empty() {
                Vec::new()
            } else {
                wrap(&text, text_width)
            };
            let mut lines: Vec<(String, Option<String>)> =
                body.into_iter().chain(along).map(|l| (l, None)).collect();
            if let Some(status) = m.status_text() {
                let last = lines.last_mut().map(|(l, s)| (l.width(), s));
                match last {
                    Some((used, slot)) if used + 2 + status.width() <= text_width => {
                        *slot = Some(status);
                    }
                    _ => lines.extend(
                        wrap(&status, text_width)
                            .into_iter()
                            .map(|s| (String::new(), Some(s))),
                    ),
                }
            }
            for (n, (text, status)) in lines.into_iter().enumerate() {
                let head = if n == 0 {
                    format!("{arrow} {ago:<10}  ")
                } else {
                    " ".repeat(HEAD_WIDTH)
                };
                out.push(HistoryRow {
                    message: i,
                    head,
                    text,
                    status,
                });
            }
        }
        out
    }

    /// The furthest the history can scroll up in a box of `height` rows.
    pub fn max_scroll(&self, width: u16, height: u16, now: DateTime<Utc>) -> usize {
        self.rows(width, height, now)
            .len()
            .saturating_sub(usize::from(height))
    }

    /// Moves `delta` rows (positive: older), kept within what there is to see.
    pub fn scroll_by(&mut self, delta: isize, max: usize) {
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }
}

/// `text` in at most `width` columns, ending with `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.width().unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_cleaned_on_arrival() {
        let m = HistoryMessage::from_api(&Message {
            text: Some("hi\u{1b}]52;c;aGk=\u{7}\u{202e}there".into()),
            status: Some("deli\u{1b}[2Jvered".into()),
            direction: Some("outbound".into()),
            ..Default::default()
        });
        assert!(!m.text.chars().any(crate::sanitize::is_unsafe), "{m:?}");
        assert!(!m.status.unwrap().contains('\u{1b}'));
    }

    #[test]
    fn what_rode_along_is_shown_in_full_and_compact_rows() {
        let history = History {
            messages: vec![HistoryMessage {
                outbound: true,
                text: "menu".into(),
                along: Along {
                    attachments: vec!["https://example.com/a.pdf".into()],
                    card: true,
                },
                ..Default::default()
            }],
            ..History::new("+15557654321")
        };
        let now = chrono::Utc::now();
        let full: Vec<String> = history
            .rows(60, 10, now)
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(
            full,
            [
                "menu",
                "↳ attached https://example.com/a.pdf",
                "↳ contact card shared"
            ]
        );
        let compact = history.rows(60, COMPACT_ROWS, now);
        assert_eq!(compact.len(), 1);
        assert_eq!(compact[0].text, "menu + 1 attachment, card");
    }
}
