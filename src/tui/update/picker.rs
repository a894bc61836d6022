//! The chat picker (^P): loading the chats, filtering as the operator types, using one, marking
//! them (and ^T, which opens the share overlay: `update/share.rs`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::api::Chat;
use crate::sanitize::clean;
use crate::tui::app::{App, Modal, Pane};
use crate::tui::keymap::{self, Action, Context};
use crate::tui::layout::PICKER_PAGE;
use crate::tui::msg::{Cmd, ErrorInfo, ReqId, WorkerCmd};
use crate::tui::state::Load;
use crate::tui::state::composer::ComposerField;
use crate::tui::state::picker::ChatPicker;

impl App {
    pub(crate) fn open_picker(&mut self) -> Vec<Cmd> {
        self.set_focus(Pane::Composer);
        self.composer.editing = false;
        self.composer.field = ComposerField::Chat;
        self.modal = Some(Modal::Picker(ChatPicker::default()));
        if matches!(self.composer.chats, Load::Idle | Load::Failed(_)) {
            let id = self.composer.chats_req.start(&mut self.ids);
            self.composer.chats = Load::Loading;
            return vec![Cmd::Worker(WorkerCmd::LoadChats { id })];
        }
        Vec::new()
    }

    pub(crate) fn on_chats(&mut self, id: ReqId, result: Result<Vec<Chat>, ErrorInfo>) -> Vec<Cmd> {
        if self.composer.chats_req.settle(id) {
            match result {
                Ok(chats) => {
                    self.composer.chat_list = chats;
                    self.composer.chats = Load::Loaded;
                }
                Err(e) => self.composer.chats = Load::Failed(e),
            }
        }
        Vec::new()
    }

    pub(crate) fn picker_action(&mut self, action: Action) -> Vec<Cmd> {
        let Some(Modal::Picker(picker)) = self.modal.as_mut() else {
            return Vec::new();
        };
        let rows = picker.rows(&self.composer.chat_list);
        let chosen = rows.get(picker.selected).and_then(|c| c.id.clone());
        let last = rows.len().saturating_sub(1);
        match action {
            Action::Up => picker.selected = picker.selected.saturating_sub(1),
            Action::Down => picker.selected = (picker.selected + 1).min(last),
            Action::PageUp => picker.selected = picker.selected.saturating_sub(PICKER_PAGE),
            Action::PageDown => picker.selected = (picker.selected + PICKER_PAGE).min(last),
            Action::First => picker.selected = 0,
            Action::Last => picker.selected = last,
            Action::CloseOverlay => self.close_modal(),
            Action::ToggleMark => {
                let marked = picker.toggle_mark(&self.composer.chat_list);
                if marked.is_none() {
                    self.note("No chat selected to mark");
                }
            }
            Action::MarkAllShown => {
                let before = picker.marked.len();
                if picker.mark_all_shown(&self.composer.chat_list) == 0 && before > 0 {
                    let s = if before == 1 { "" } else { "s" };
                    self.toast(format!("Cleared {before} mark{s}"), false);
                }
            }
            Action::StageShare => {
                let picker = picker.clone();
                return self.open_share(picker);
            }
            Action::Activate => match chosen {
                Some(id) => {
                    self.composer.chat.set(&clean(&id));
                    self.composer.field = ComposerField::Message;
                    self.close_modal();
                    return self.load_history();
                }
                None => {
                    let close = keymap::label(Context::Picker, Action::CloseOverlay);
                    self.toast(
                        format!("No chat to use: change the filter or {close}"),
                        false,
                    );
                }
            },
            _ => {}
        }
        Vec::new()
    }

    /// A key typed into the picker's filter.
    pub(crate) fn picker_type(&mut self, key: KeyEvent) {
        let Some(Modal::Picker(picker)) = self.modal.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Backspace => {
                picker.filter.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                picker.filter.push(c);
            }
            _ => return,
        }
        picker.selected = 0;
    }
}
