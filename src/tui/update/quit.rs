//! Quitting, decided here and only here: `q` and ^C quit at once or ask first when something is
//! unsaved, the question's answers (lose the edits, or save the card and then quit), and quitting
//! once that save has landed. Only this file sets `App::exit` to `Quit`; the loop reads it.

use crate::tui::app::{App, Confirm, Exit, Modal};
use crate::tui::msg::{Cmd, DraftCmd};

impl App {
    /// `q` and ^C: quit, or ask first when something is unsaved. ^C asked twice quits anyway.
    pub(crate) fn request_quit(&mut self, force: bool) {
        let asking = self.modal == Some(Modal::Confirm(Confirm::Quit));
        if !self.has_unsaved() || (force && asking) {
            self.modal = None;
            self.exit = Some(Exit::Quit);
        } else {
            self.card.editing = false;
            self.composer.editing = false;
            self.ask(Modal::Confirm(Confirm::Quit));
        }
    }

    /// "Quit and lose them?" answered yes.
    pub(crate) fn quit_losing_edits(&mut self) -> Vec<Cmd> {
        self.exit = Some(Exit::Quit);
        // The operator chose to lose the edits: the draft goes with them.
        self.drafts
            .last
            .take()
            .map(|d| Cmd::Draft(DraftCmd::Clear { number: d.number }))
            .into_iter()
            .collect()
    }

    /// `s` at the quit question: save the card, and quit once it is saved.
    pub(crate) fn save_then_quit(&mut self) -> Vec<Cmd> {
        let cmds = self.save_card();
        if self.card.saving.pending() {
            self.quit_after_save = true;
        }
        cmds
    }

    /// The card's save has landed (`saved`) or failed: quits when the operator asked to quit
    /// after it and it was saved; returns whether it quit.
    pub(crate) fn quit_once_saved(&mut self, saved: bool) -> bool {
        let quit = std::mem::take(&mut self.quit_after_save) && saved;
        if quit {
            self.exit = Some(Exit::Quit);
        }
        quit
    }
}
