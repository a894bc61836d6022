//! The composer's conversation: loading it when a chat is picked or left in the chat field, after
//! a send and on `r`; taking the answer (last one wins); scrolling it with PgUp/PgDn and the wheel.

use crate::api::Message;
use crate::tui::app::App;
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::msg::{Cmd, ErrorInfo, ReqId, WorkerCmd};
use crate::tui::state::Load;
use crate::tui::state::composer::validate_chat;
use crate::tui::state::history::{History, HistoryMessage};

/// Rows one wheel notch scrolls.
pub const WHEEL_ROWS: isize = 3;

impl App {
    /// Loads the conversation of the chat in the chat field (nothing when it is not a valid chat).
    /// A reload of the same chat keeps what is shown until the answer arrives.
    pub(crate) fn load_history(&mut self) -> Vec<Cmd> {
        let chat = self.composer.chat.text().trim().to_owned();
        if validate_chat(&chat).is_err() {
            return Vec::new();
        }
        let history = match self.composer.history.take() {
            Some(h) if h.chat == chat => h,
            _ => History::new(&chat),
        };
        let history = self.composer.history.insert(history);
        history.load = Load::Loading;
        let id = history.req.start(&mut self.ids);
        vec![Cmd::Worker(WorkerCmd::LoadHistory { id, chat })]
    }

    /// Leaving the chat field: load its conversation unless it is the one shown (or on its way).
    pub(crate) fn chat_field_left(&mut self) -> Vec<Cmd> {
        let chat = self.composer.chat.text();
        let current = self
            .composer
            .history
            .as_ref()
            .is_some_and(|h| h.chat == chat.trim() && !matches!(h.load, Load::Failed(_)));
        if current {
            Vec::new()
        } else {
            self.load_history()
        }
    }

    pub(crate) fn on_history(
        &mut self,
        id: ReqId,
        result: Result<Vec<Message>, ErrorInfo>,
    ) -> Vec<Cmd> {
        let along = &self.composer.sent_along;
        let Some(history) = self.composer.history.as_mut() else {
            return Vec::new();
        };
        if !history.req.settle(id) {
            return Vec::new();
        }
        match result {
            Ok(messages) => {
                // What rode along with the messages this session sent, which the server's
                // history does not say.
                let with_along = |m: &Message| {
                    let mut shown = HistoryMessage::from_api(m);
                    if let Some(a) = shown.id.as_ref().and_then(|id| along.get(id)) {
                        shown.along = a.clone();
                    }
                    shown
                };
                history.messages = messages.iter().map(with_along).collect();
                history.load = Load::Loaded;
            }
            // A chat nobody has written in yet is not an error: it has no messages.
            Err(e) if e.status == Some(404) && e.code.as_deref() == Some("chat_not_found") => {
                history.messages.clear();
                history.load = Load::Loaded;
            }
            Err(e) => history.load = Load::Failed(e),
        }
        let max = self.history_max_scroll();
        if let Some(h) = self.composer.history.as_mut() {
            h.scroll = h.scroll.min(max);
        }
        Vec::new()
    }

    /// Keeps a followed send's status in the conversation up to date.
    pub(crate) fn history_status(&mut self, message_id: &str, status: &str, error: Option<&str>) {
        let Some(h) = self.composer.history.as_mut() else {
            return;
        };
        if let Some(m) = h
            .messages
            .iter_mut()
            .find(|m| m.id.as_deref() == Some(message_id))
        {
            m.status = Some(status.to_owned());
            m.error = error.map(str::to_owned);
        }
    }

    pub(crate) fn history_action(&mut self, action: Action) -> Vec<Cmd> {
        let page = self.history_page();
        match action {
            Action::ScrollOlder => self.scroll_history(page),
            Action::ScrollNewer => self.scroll_history(-page),
            _ => {}
        }
        Vec::new()
    }

    /// `r` in the composer: read the conversation again.
    pub(crate) fn reload_history(&mut self) -> Vec<Cmd> {
        let cmds = self.load_history();
        if cmds.is_empty() {
            self.note("No chat to reload: enter or pick one (^P)");
        }
        cmds
    }

    /// Scrolls `delta` rows (positive: older).
    pub(crate) fn scroll_history(&mut self, delta: isize) {
        let max = self.history_max_scroll();
        if let Some(h) = self.composer.history.as_mut() {
            h.scroll_by(delta, max);
        }
    }

    /// Whether the conversation on screen is longer than its box (then PgUp/PgDn work).
    pub(crate) fn history_scrollable(&self) -> bool {
        self.history_max_scroll() > 0
    }

    fn history_box(&self) -> Option<ratatui::layout::Rect> {
        layout::composer_rows_for(self.size, &self.composer).map(|r| r.history)
    }

    fn history_max_scroll(&self) -> usize {
        match (self.composer.shown_history(), self.history_box()) {
            (Some(h), Some(area)) if area.height > 0 => {
                h.max_scroll(area.width, area.height, self.now)
            }
            _ => 0,
        }
    }

    /// A page: the box's height less a row of overlap, at least one row.
    fn history_page(&self) -> isize {
        self.history_box().map_or(1, |r| {
            isize::try_from(r.height.saturating_sub(1).max(1)).unwrap_or(1)
        })
    }
}
