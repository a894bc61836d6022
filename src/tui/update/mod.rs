//! How messages change the app, one file per pane (each an `impl App` block): the key router in
//! `keys` (which file handles which keymap context is `keymap::Context::handler`), then
//! `numbers`, `card`, `edit` (typing into fields), `path_input`, `composer`, `history`, `picker`,
//! `apply`, `overlay` (closing overlays, answering questions), `quit`, `drafts` and `mouse`.
//! Pure: no I/O, no clock, no randomness; effects leave as `Cmd`s. Nothing here imports from
//! `ui`: shared geometry is in `tui::layout`.

mod apply;
mod card;
mod composer;
mod drafts;
mod edit;
mod graphics;
mod history;
mod keys;
mod mouse;
mod numbers;
mod overlay;
mod path_input;
mod picker;
mod quit;
mod share;

use crate::sanitize::clean;
use crate::tui::app::{App, Pane, Toast};
use crate::tui::layout;
use crate::tui::msg::{Cmd, ErrorInfo};
use crate::tui::state::overlay::Tone;

impl App {
    pub(crate) fn toast(&mut self, text: impl Into<String>, error: bool) {
        self.say(text, if error { Tone::Error } else { Tone::Done });
    }

    /// A key that had nothing to do says why, without the success mark.
    pub(crate) fn note(&mut self, text: impl Into<String>) {
        self.say(text, Tone::Note);
    }

    fn say(&mut self, text: impl Into<String>, tone: Tone) {
        self.toast = Some(Toast {
            text: text.into(),
            tone,
        });
    }

    pub(crate) fn set_focus(&mut self, pane: Pane) {
        if pane != self.focus {
            self.card.editing = false;
            self.composer.editing = false;
        }
        self.focus = pane;
        if pane == crate::tui::app::Pane::Card
            && !self.card.can_edit_identity()
            && self.card.field.is_text()
        {
            self.card.field = crate::tui::state::card::CardField::Sharing;
        }
    }

    pub(crate) fn on_resize(&mut self, w: u16, h: u16) -> Vec<Cmd> {
        self.size = (w, h);
        self.resize_avatar()
    }

    pub(crate) fn on_tick(&mut self) -> Vec<Cmd> {
        self.spinner = self.spinner.wrapping_add(1);
        Vec::new()
    }

    /// Remembers where the number list is scrolled to, so the next frame (and a click on it)
    /// sees the same rows.
    pub(crate) fn keep_scroll(&mut self) {
        if let Some(panes) = layout::panes_for(self.size) {
            let height = layout::list_height(panes.numbers, &self.numbers);
            self.numbers.offset = self.numbers.scrolled(height);
        }
    }
}

/// The error details overlay's text: the sentence, then its status and code.
pub(crate) fn details_text(e: &ErrorInfo) -> String {
    format!(
        "{}\n\nHTTP status: {}\nError code:  {}",
        e.sentence,
        e.status
            .map_or_else(|| "none (no answer)".to_owned(), |s| s.to_string()),
        e.code
            .as_deref()
            .map_or_else(|| "none".to_owned(), |c| clean(c).into_owned()),
    )
}
