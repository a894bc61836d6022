//! The chat picker (^P): loading the chats, filtering as the operator types, using one.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::api::Chat;
use crate::sanitize::clean;
use crate::tui::app::{App, Pane};
use crate::tui::keymap::Action;
use crate::tui::msg::{Cmd, ErrorInfo, ReqId};
use crate::tui::state::Load;
use crate::tui::state::composer::ComposerField;
use crate::tui::state::picker::ChatPicker;

impl App {
    pub(crate) fn open_picker(&mut self) -> Vec<Cmd> {
        self.set_focus(Pane::Composer);
        self.composer.editing = false;
        self.composer.field = ComposerField::Chat;
        self.composer.picker = Some(ChatPicker::default());
        if matches!(self.composer.chats, Load::Idle | Load::Failed(_)) {
            let id = self.composer.chats_req.start(&mut self.ids);
            self.composer.chats = Load::Loading;
            return vec![Cmd::LoadChats { id }];
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
        let rows = self.composer.picker_rows().len();
        let chosen = self
            .composer
            .picker_rows()
            .get(self.composer.picker.as_ref().map_or(0, |p| p.selected))
            .and_then(|c| c.id.clone());
        let Some(picker) = self.composer.picker.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::Up => picker.selected = picker.selected.saturating_sub(1),
            Action::Down => picker.selected = (picker.selected + 1).min(rows.saturating_sub(1)),
            Action::CloseOverlay => self.composer.picker = None,
            Action::Activate => match chosen {
                Some(id) => {
                    self.composer.chat.set(&clean(&id));
                    self.composer.field = ComposerField::Message;
                    self.composer.picker = None;
                    return self.load_history();
                }
                None => {
                    let close = crate::tui::keymap::label(
                        crate::tui::keymap::Context::Picker,
                        Action::CloseOverlay,
                    );
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
        let Some(picker) = self.composer.picker.as_mut() else {
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
