//! Answers to the questions: quit with unsaved edits (y, n/Esc, or s: save then quit), switch
//! number, revert the whole card, overwrite a file.

use crate::tui::app::{App, Confirm, Exit, Overlay};
use crate::tui::keymap::Action;
use crate::tui::msg::Cmd;
use crate::tui::state::card::CardState;

impl App {
    pub(crate) fn answer_confirm(&mut self, action: Action) -> Vec<Cmd> {
        let Some(Overlay::Confirm(confirm)) = self.overlay.clone() else {
            return Vec::new();
        };
        match action {
            Action::Yes => {
                self.overlay = None;
                self.confirmed(confirm)
            }
            Action::No => {
                self.overlay = None;
                Vec::new()
            }
            Action::SaveAndQuit => {
                self.overlay = None;
                let cmds = self.save_card();
                if self.card.saving.pending() {
                    self.quit_after_save = true;
                }
                cmds
            }
            _ => Vec::new(),
        }
    }

    fn confirmed(&mut self, confirm: Confirm) -> Vec<Cmd> {
        match confirm {
            Confirm::Quit => {
                self.exit = Some(Exit::Quit);
                // The operator chose to lose the edits: the draft goes with them.
                self.drafts
                    .last
                    .take()
                    .map(|d| Cmd::ClearDraft { number: d.number })
                    .into_iter()
                    .collect()
            }
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
