//! Editing text fields, card names and the composer's fields alike: Enter (or `i`) starts, keys
//! type, Enter/Tab/↓ end editing and move on, Esc ends editing and keeps the text.

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::app::{App, Pane};
use crate::tui::keymap::Action;
use crate::tui::msg::Cmd;
use crate::tui::state::card::CardField;
use crate::tui::state::composer::ComposerField;
use crate::tui::state::text::Field;

impl App {
    /// The card's focused name field, if the focus is on one.
    pub(crate) fn card_text_field(&mut self) -> Option<&mut Field> {
        match self.card.field {
            CardField::First => Some(&mut self.card.first),
            CardField::Last => Some(&mut self.card.last),
            _ => None,
        }
    }

    /// The composer's focused text field, if the focus is on one.
    pub(crate) fn composer_text_field(&mut self) -> Option<&mut Field> {
        let c = &mut self.composer;
        match c.field {
            ComposerField::Chat => Some(&mut c.chat),
            ComposerField::Message => Some(&mut c.message),
            ComposerField::Attachment => Some(&mut c.attachment),
            _ => None,
        }
    }

    /// Bindings of the editing contexts.
    pub(crate) fn edit_action(&mut self, action: Action) -> Vec<Cmd> {
        match action {
            Action::Done => return self.stop_editing(0),
            Action::DoneNext => return self.stop_editing(1),
            Action::DonePrev => return self.stop_editing(-1),
            Action::AddAttachment => {
                let c = &mut self.composer;
                if c.attachment.is_empty() {
                    return self.stop_editing(1);
                } else if let Err(e) = c.add_attachment() {
                    self.toast(e, true);
                }
            }
            // Del on an empty URL removes the last one added; on text it deletes as usual.
            Action::RemoveAttachment if self.composer.attachment.is_empty() => {
                self.composer.remove_attachment();
            }
            Action::RemoveAttachment => {
                let delete = KeyEvent::new(KeyCode::Delete, crossterm::event::KeyModifiers::NONE);
                self.composer.attachment.input(delete);
            }
            _ => {}
        }
        Vec::new()
    }

    /// Ends editing (the text stays, marked unsaved) and moves `delta` fields. Leaving the chat
    /// field with a valid chat loads its conversation.
    fn stop_editing(&mut self, delta: isize) -> Vec<Cmd> {
        match self.focus {
            Pane::Card => {
                self.card.editing = false;
                self.card.move_field(delta);
            }
            Pane::Composer => {
                let left_chat = self.composer.field == ComposerField::Chat;
                self.composer.editing = false;
                self.composer.move_field(delta);
                if left_chat {
                    return self.chat_field_left();
                }
            }
            Pane::Numbers => {}
        }
        Vec::new()
    }

    /// A key no binding took while a field is being edited: it is text.
    pub(crate) fn edit_type(&mut self, key: KeyEvent) {
        match self.focus {
            Pane::Card if self.card.editing => {
                if let Some(field) = self.card_text_field() {
                    field.input(key);
                }
            }
            Pane::Composer if self.composer.editing => {
                let c = &mut self.composer;
                // In the message, ↑ on the first line and ↓ on the last leave the field.
                if c.field == ComposerField::Message {
                    let last = c.message.line_count().saturating_sub(1);
                    match key.code {
                        KeyCode::Up if c.message.cursor_row() == 0 => {
                            self.stop_editing(-1);
                            return;
                        }
                        KeyCode::Down if c.message.cursor_row() >= last => {
                            self.stop_editing(1);
                            return;
                        }
                        _ => {}
                    }
                }
                if let Some(field) = self.composer_text_field() {
                    field.input(key);
                    self.composer.notice = None;
                }
            }
            _ => {}
        }
    }
}
