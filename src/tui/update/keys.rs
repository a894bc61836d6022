//! The key router: a key event becomes an `Action` once, here, by walking the active keymap
//! contexts in order (`App::contexts`). A key no context binds is text for the field being
//! edited, if any, and is ignored otherwise. Quit and force-quit are handled here and only here.

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::sanitize::clean;
use crate::tui::app::{App, Confirm, Exit, Overlay, Pane};
use crate::tui::keymap::{self, Action, Context};
use crate::tui::msg::Cmd;

impl App {
    pub(crate) fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if key.kind != KeyEventKind::Press {
            return Vec::new();
        }
        self.toast = None;
        match keymap::route(&self.contexts(), &key) {
            Some((context, action)) => self.act(context, action),
            None => self.type_key(key),
        }
    }

    /// Runs `action` as `context` defines it.
    pub fn act(&mut self, context: Context, action: Action) -> Vec<Cmd> {
        use Context as C;
        match context {
            C::Always | C::Global | C::Command | C::SaveCard | C::SendMessage => {
                self.global(action)
            }
            C::Help | C::Details => {
                self.overlay = None;
                Vec::new()
            }
            C::QuitConfirm | C::Confirm => self.answer_confirm(action),
            C::Restore => self.answer_restore(action),
            C::Picker => self.picker_action(action),
            C::PathInput => self.path_action(action),
            C::Filter | C::KeptFilter | C::NumberList | C::ListLoading | C::Numbers | C::Marks => {
                self.numbers_action(action)
            }
            C::Editing | C::EditMessage | C::EditAttachment => self.edit_action(action),
            C::CardName | C::CardToggle | C::CardButton | C::Card => self.card_action(action),
            C::CardMarked => self.open_apply(),
            C::ApplyPlan | C::ApplyRunning | C::ApplyStop | C::ApplyDone => {
                self.apply_action(context, action)
            }
            C::ComposerText | C::ComposerToggle | C::ComposerButton | C::Composer => {
                self.composer_action(action)
            }
            C::History => self.history_action(action),
        }
    }

    /// A key no binding took: text for the line or field that has the keyboard, if any.
    fn type_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if self.overlay.is_some() {
            return Vec::new();
        }
        if self.composer.picker.is_some() {
            self.picker_type(key);
            return Vec::new();
        }
        match self.focus {
            Pane::Numbers if self.numbers.filtering => self.filter_type(key),
            Pane::Card if self.card.path_input.is_some() => self.path_type(key),
            Pane::Card | Pane::Composer => self.edit_type(key),
            Pane::Numbers => {}
        }
        Vec::new()
    }

    fn global(&mut self, action: Action) -> Vec<Cmd> {
        match action {
            Action::NextPane => self.set_focus(self.focus.next()),
            Action::PrevPane => self.set_focus(self.focus.prev()),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Quit => self.request_quit(false),
            Action::ForceQuit => self.request_quit(true),
            Action::Suspend => self.exit = Some(Exit::Suspend),
            Action::SaveCard => return self.save_card(),
            Action::Send => return self.send(),
            Action::ChatPicker => return self.open_picker(),
            Action::StageShare => return self.stage(),
            _ => {}
        }
        Vec::new()
    }

    /// `q` and ^C: quit, or ask first when something is unsaved. ^C asked twice quits anyway.
    fn request_quit(&mut self, force: bool) {
        let asking = self.overlay == Some(Overlay::Confirm(Confirm::Quit));
        if !self.has_unsaved() || (force && asking) {
            self.overlay = None;
            self.exit = Some(Exit::Quit);
        } else {
            self.card.editing = false;
            self.composer.editing = false;
            self.overlay = Some(Overlay::Confirm(Confirm::Quit));
        }
    }

    pub(crate) fn on_paste(&mut self, text: &str) -> Vec<Cmd> {
        if self.overlay.is_some() {
            return Vec::new();
        }
        if let Some(p) = self.composer.picker.as_mut() {
            p.filter.push_str(&clean(text));
            p.selected = 0;
            return Vec::new();
        }
        match self.focus {
            Pane::Numbers => {
                self.numbers.filtering = true;
                self.numbers.filter.push_str(&clean(text));
                self.numbers.clamp_selection();
            }
            Pane::Card => {
                if let Some(input) = self.card.path_input.as_mut() {
                    input.field.paste(text);
                } else if let Some(field) = self.card_text_field() {
                    // Pasting is typing: it starts editing the focused name.
                    field.paste(text);
                    self.card.editing = true;
                }
            }
            Pane::Composer => {
                if let Some(field) = self.composer_text_field() {
                    field.paste(text);
                    self.composer.editing = true;
                }
            }
        }
        Vec::new()
    }
}
