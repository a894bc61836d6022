//! The key router: a key event becomes an `Action` once, here, by walking the active keymap
//! contexts in order (`App::contexts`); the context's row of the routing table
//! (`Context::handler`) names the `update/` file that runs it. A key no context binds is text for
//! the field or line that has the keyboard, if any, and is ignored otherwise. The app's own keys
//! (panes, help, suspend, quit) are handled here too.

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::sanitize::clean;
use crate::tui::app::{App, Exit, Modal, Pane};
use crate::tui::keymap::{self, Action, Context, Handler};
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

    /// Runs `action` in the file that handles `context`.
    pub fn act(&mut self, context: Context, action: Action) -> Vec<Cmd> {
        match context.handler() {
            Handler::App => self.app_action(action),
            Handler::Overlay => self.overlay_action(action),
            Handler::Drafts => self.answer_restore(action),
            Handler::Picker => self.picker_action(action),
            Handler::PathInput => self.path_action(action),
            Handler::Numbers => self.numbers_action(action),
            Handler::Edit => self.edit_action(action),
            Handler::Card => self.card_action(action),
            Handler::Composer => self.composer_action(action),
            Handler::History => self.history_action(action),
            Handler::Apply => self.apply_action(context, action),
            Handler::Share => self.share_action(context, action),
        }
    }

    /// A key no binding took: text for the line or field that has the keyboard, if any.
    fn type_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match &self.modal {
            Some(Modal::Picker(_)) => self.picker_type(key),
            Some(_) => {}
            None => match self.focus {
                Pane::Numbers if self.numbers.filtering => self.filter_type(key),
                Pane::Card if self.card.path_input.is_some() => self.path_type(key),
                Pane::Card | Pane::Composer => self.edit_type(key),
                Pane::Numbers => {}
            },
        }
        Vec::new()
    }

    /// The app's own keys: panes, help, suspend, quit.
    fn app_action(&mut self, action: Action) -> Vec<Cmd> {
        match action {
            Action::NextPane => self.set_focus(self.focus.next()),
            Action::PrevPane => self.set_focus(self.focus.prev()),
            Action::Help => self.modal = Some(Modal::Help),
            Action::Quit => self.request_quit(false),
            Action::ForceQuit => self.request_quit(true),
            Action::Suspend => self.exit = Some(Exit::Suspend),
            _ => {}
        }
        Vec::new()
    }

    /// Pasted text goes where typed keys would.
    pub(crate) fn on_paste(&mut self, text: &str) -> Vec<Cmd> {
        match &mut self.modal {
            Some(Modal::Picker(picker)) => {
                picker.filter.push_str(&clean(text));
                picker.selected = 0;
            }
            Some(_) => {}
            None => self.paste_in_pane(text),
        }
        Vec::new()
    }

    fn paste_in_pane(&mut self, text: &str) {
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
    }
}
