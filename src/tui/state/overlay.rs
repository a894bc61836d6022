//! What sits on top of the panes: help, a question, error details, the offer to restore a draft,
//! and the one-line toast above the footer.

use std::path::PathBuf;

use crate::tui::draft::Draft;

/// A question that needs a yes or no before anything happens.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Quit with unsaved edits (with card edits it can save first).
    Quit,
    SwitchNumber(String),
    /// Revert every changed field of the card (asked when more than one changed).
    RevertCard,
    /// Overwrite an existing file with the avatar.
    Overwrite(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Confirm(Confirm),
    Details(String),
    /// A draft from an earlier run was found for the card just loaded.
    Restore(Box<Draft>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
}

/// The app asks the loop to stop: for good, or to suspend (Ctrl-Z) and come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Suspend,
}
