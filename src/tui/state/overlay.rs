//! What sits on top of the panes: the one modal (help, a question, error details, the offer to
//! restore a draft, the chat picker, the apply and share overlays), and the one-line toast above the footer.

use std::path::PathBuf;

use crate::tui::draft::Draft;
use crate::tui::state::apply::ApplyState;
use crate::tui::state::picker::ChatPicker;
use crate::tui::state::share::ShareState;

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

/// What has the keyboard instead of the panes, while it is open: one at a time (`App::modal`),
/// though a question can be asked over the chat picker or the apply overlay, which wait under
/// it (`App::covered`). Its keymap context is `App::modal_context`; its view is drawn over the
/// panes.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Help,
    Confirm(Confirm),
    Details(String),
    /// A draft from an earlier run was found for the card just loaded.
    Restore(Box<Draft>),
    /// The chat picker (^P) for the composer's chat field.
    Picker(ChatPicker),
    /// "Apply this card to N marked numbers".
    Apply(Box<ApplyState>),
    /// "Stage your card in N marked chats" (opened from the picker, which it returns to).
    Share(Box<ShareState>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub tone: Tone,
}

/// What a toast reports, which its mark says: `✓` done, `✗` failed, `·` a key that had
/// nothing to do (a refusal is not a success).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Done,
    Note,
    Error,
}

/// The app asks the loop to stop: for good, or to suspend (Ctrl-Z) and come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Suspend,
}
