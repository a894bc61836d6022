//! Closing help and the error details, and the answers to the questions: quit with unsaved edits
//! (y, n/Esc, or s: save then quit; what quitting does is `quit.rs`'s), switch number, revert
//! the whole card, overwrite a file.

use crate::tui::app::{App, Confirm, Modal};
use crate::tui::keymap::Action;
use crate::tui::msg::Cmd;
use crate::tui::state::card::CardState;

impl App {
    /// Asks `question` over whatever is open. The chat picker and the apply overlay wait under
    /// it (`App::covered`) and come back once it is answered; help and details give way.
    pub(crate) fn ask(&mut self, question: Modal) {
        if let Some(open @ (Modal::Picker(_) | Modal::Apply(_) | Modal::Share(_))) =
            self.modal.take()
        {
            self.covered = Some(Box::new(open));
        }
        self.modal = Some(question);
    }

    /// Closes the modal on top: what a question covered comes back.
    pub(crate) fn close_modal(&mut self) {
        self.modal = self.covered.take().map(|m| *m);
    }

    pub(crate) fn overlay_action(&mut self, action: Action) -> Vec<Cmd> {
        let Some(Modal::Confirm(confirm)) = self.modal.clone() else {
            // Help and details: every key they bind closes them.
            self.close_modal();
            return Vec::new();
        };
        match action {
            Action::Yes => {
                self.close_modal();
                self.confirmed(confirm)
            }
            Action::No => {
                self.close_modal();
                if let Confirm::SwitchNumber(_) = confirm {
                    self.stay_on_shown_number();
                }
                Vec::new()
            }
            Action::SaveAndQuit => {
                self.close_modal();
                self.save_then_quit()
            }
            _ => Vec::new(),
        }
    }

    /// A switch declined: the list's cursor goes back to the number whose card is shown, so the
    /// list, the card and the composer describe one number.
    fn stay_on_shown_number(&mut self) {
        if let Some(shown) = self.card.number.clone() {
            self.numbers.selected = Some(shown);
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
