//! Closing help and the error details, and the answers to the questions: quit with unsaved edits
//! (y, n/Esc, or s: save then quit; what quitting does is `quit.rs`'s), switch number, revert
//! the whole card, overwrite a file.

use crate::tui::app::{App, Confirm, Modal};
use crate::tui::keymap::Action;
use crate::tui::msg::Cmd;
use crate::tui::state::card::CardState;

impl App {
    pub(crate) fn overlay_action(&mut self, action: Action) -> Vec<Cmd> {
        let Some(Modal::Confirm(confirm)) = self.modal.clone() else {
            // Help and details: every key they bind closes them.
            self.modal = None;
            return Vec::new();
        };
        match action {
            Action::Yes => {
                self.modal = None;
                self.confirmed(confirm)
            }
            Action::No => {
                self.modal = None;
                Vec::new()
            }
            Action::SaveAndQuit => {
                self.modal = None;
                self.save_then_quit()
            }
            _ => Vec::new(),
        }
    }

    fn confirmed(&mut self, confirm: Confirm) -> Vec<Cmd> {
        match confirm {
            Confirm::Quit => self.quit_losing_edits(),
            Confirm::SwitchNumber(n) => {
                self.card = CardState::default();
                self.load_card(&n)
            }
            Confirm::RevertCard => {
                self.revert_card();
                Vec::new()
            }
            Confirm::Overwrite(path) => self.write_avatar(path, true),
        }
    }
}
