//! The chat composer: recipient, message, attachment URLs, the share checkbox, and the send being
//! followed. Validation lives here so the view can show it inline.

use crate::api::{Attachment, Chat, MessageText, SendMessage};
use crate::tui::msg::ErrorInfo;
use crate::tui::state::history::History;
use crate::tui::state::text::Field;
use crate::tui::state::{InFlight, Load};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ComposerField {
    #[default]
    Chat,
    Message,
    Attachment,
    Share,
    Send,
    StageOnly,
}

impl ComposerField {
    pub const ALL: [ComposerField; 6] = [
        Self::Chat,
        Self::Message,
        Self::Attachment,
        Self::Share,
        Self::Send,
        Self::StageOnly,
    ];

    pub fn is_text(self) -> bool {
        matches!(self, Self::Chat | Self::Message | Self::Attachment)
    }
}

/// A send that went out, followed until its status is final or the follow time runs out.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub chat: String,
    /// The number it was sent from, as the request named it.
    pub from: Option<String>,
    pub message_id: Option<String>,
    pub status: String,
    pub polls: u32,
    pub poll: InFlight,
    pub error: Option<String>,
}

/// How long a sent message is followed: delays of 1, 2, 4, 8, 8, 8… s, at most this many polls.
pub const MAX_POLLS: u32 = 10;

pub fn poll_delay(polls_done: u32) -> std::time::Duration {
    std::time::Duration::from_secs(1u64 << polls_done.min(3))
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComposerState {
    pub chat: Field,
    pub message: Field,
    pub attachment: Field,
    pub attachments: Vec<String>,
    pub attachment_cursor: usize,
    pub share: bool,
    pub field: ComposerField,
    pub sending: InFlight,
    pub staging: InFlight,
    /// The key of the last logical send and what it sent: an identical retry reuses it.
    pub pending_key: Option<(String, String, SendMessage)>,
    pub sent: Option<SentMessage>,
    pub error: Option<ErrorInfo>,
    pub notice: Option<String>,
    pub chats: Load,
    pub chats_req: InFlight,
    /// The chats the picker (^P) lists, as last loaded.
    pub chat_list: Vec<Chat>,
    /// The focused text field is being edited: keys type into it.
    pub editing: bool,
    /// The conversation of the last chat picked or left in the chat field.
    pub history: Option<History>,
}

impl ComposerState {
    pub fn new() -> Self {
        Self {
            message: Field::multi(""),
            ..Self::default()
        }
    }

    /// Whether there is something typed that has not been sent.
    pub fn has_unsent(&self) -> bool {
        !self.message.is_empty() || !self.attachments.is_empty() || !self.attachment.is_empty()
    }

    pub fn move_field(&mut self, delta: isize) {
        let i = ComposerField::ALL
            .iter()
            .position(|f| *f == self.field)
            .unwrap_or(0) as isize;
        let next = (i + delta).clamp(0, ComposerField::ALL.len() as isize - 1) as usize;
        self.field = ComposerField::ALL[next];
    }

    /// Adds the typed URL to the list when it is a valid https URL.
    pub fn add_attachment(&mut self) -> Result<(), String> {
        let url = self.attachment.text().trim().to_owned();
        validate_url(&url)?;
        self.attachments.push(url);
        self.attachment.set("");
        self.attachment_cursor = self.attachments.len() - 1;
        Ok(())
    }

    pub fn remove_attachment(&mut self) -> bool {
        if self.attachment_cursor < self.attachments.len() {
            self.attachments.remove(self.attachment_cursor);
            self.attachment_cursor = self
                .attachment_cursor
                .min(self.attachments.len().saturating_sub(1));
            true
        } else {
            false
        }
    }

    /// The body to send from `from_number`, or the sentence saying what is missing.
    pub fn body(&self, from_number: Option<&str>) -> Result<(String, SendMessage), String> {
        let chat = self.chat.text().trim().to_owned();
        validate_chat(&chat)?;
        let from = from_number.ok_or("pick a number to send from first")?;
        let text = self.message.text();
        let has_text = !text.trim().is_empty();
        if !has_text && self.attachments.is_empty() {
            return Err("write a message or add an attachment first".into());
        }
        for url in &self.attachments {
            validate_url(url)?;
        }
        Ok((
            chat,
            SendMessage {
                text: has_text.then_some(MessageText::One(text)),
                attachments: self
                    .attachments
                    .iter()
                    .map(|u| Attachment::Url(u.clone()))
                    .collect(),
                share_contact: self.share.then_some(true),
                from_number: Some(from.to_owned()),
            },
        ))
    }

    /// The inline complaint about the chat field, if any (nothing while it is empty).
    pub fn chat_problem(&self) -> Option<String> {
        let chat = self.chat.text();
        if chat.trim().is_empty() {
            return None;
        }
        validate_chat(chat.trim()).err()
    }

    pub fn attachment_problem(&self) -> Option<String> {
        let url = self.attachment.text();
        if url.trim().is_empty() {
            return None;
        }
        validate_url(url.trim()).err()
    }

    /// The history, when it belongs to the chat in the chat field (typing another chat hides it).
    pub fn shown_history(&self) -> Option<&History> {
        self.history
            .as_ref()
            .filter(|h| h.chat == self.chat.text().trim())
    }

    /// Rows the status lines under the buttons take at `width` columns (sending, an error, a
    /// notice, the sent message): generous, since word-wrapping can only add rows.
    pub fn status_rows(&self, width: u16) -> u16 {
        use unicode_width::UnicodeWidthStr;
        let width = usize::from(width.max(1));
        // The texts' own widths plus what the view adds around them ("Failed: … (d: details)").
        let rows =
            |text_width: usize| text_width.div_ceil(width).max(1) + usize::from(text_width > width);
        let mut total = usize::from(self.sending.pending() || self.staging.pending());
        if let Some(e) = &self.error {
            total += rows(e.sentence.width() + 24);
        }
        if let Some(n) = &self.notice {
            total += rows(n.width());
        }
        if let Some(s) = &self.sent {
            // "Sent <id> to <chat>: <status>" is cut to one row; its error wraps.
            total += 1 + s.error.as_ref().map_or(0, |e| rows(e.width()));
        }
        u16::try_from(total).unwrap_or(u16::MAX)
    }
}

/// A chat id, by the rule the CLI uses too ([`crate::validate::chat_id`]).
pub fn validate_chat(chat: &str) -> Result<(), String> {
    if chat.is_empty() {
        return Err(format!("enter a chat: {}", validate::CHAT_RULE));
    }
    validate::chat_id(chat).map(drop).map_err(|e| e.to_string())
}

/// An attachment URL, by the rule the CLI uses too ([`crate::validate::attachment_url`]).
pub fn validate_url(url: &str) -> Result<(), String> {
    validate::attachment_url(url).map_err(|e| e.to_string())
}
