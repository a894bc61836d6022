//! The table itself, in routing order within each context. Labels use one spelling: `^S`,
//! `S-Tab`, `F1`, `Esc`, `Enter`, `Space`, `↑/k`.

use crossterm::event::{KeyCode, KeyModifiers};

use super::keys::{CTRL, DOWN, NONE, UP, b};
use super::{Action, Binding, Context, KeySpec};

use Action as A;
use Context as C;
use KeyCode::{BackTab, Char, Delete, Down, Enter, Esc, F, PageDown, PageUp, Tab, Up};

const ESC: &[KeySpec] = &[(Esc, NONE)];
const ENTER: &[KeySpec] = &[(Enter, NONE)];
const EDIT: &[KeySpec] = &[(Enter, NONE), (Char('i'), NONE)];
const TOGGLE: &[KeySpec] = &[(Char(' '), NONE), (Enter, NONE)];
const YES: &[KeySpec] = &[(Char('y'), NONE)];
const NO: &[KeySpec] = &[(Char('n'), NONE), (Esc, NONE)];
const RELOAD: &[KeySpec] = &[(Char('r'), NONE)];
const PGUP: &[KeySpec] = &[(PageUp, NONE)];
const PGDN: &[KeySpec] = &[(PageDown, NONE)];

pub static BINDINGS: &[Binding] = &[
    b(
        C::Always,
        &[(Char('c'), CTRL)],
        "^C",
        A::ForceQuit,
        "quit",
        false,
    ),
    b(
        C::Help,
        &[
            (Esc, NONE),
            (Char('?'), NONE),
            (Char('q'), NONE),
            (F(1), NONE),
        ],
        "Esc",
        A::CloseOverlay,
        "close help",
        true,
    ),
    b(
        C::Details,
        &[(Esc, NONE), (Char('q'), NONE), (Enter, NONE)],
        "Esc",
        A::CloseOverlay,
        "close details",
        true,
    ),
    b(
        C::QuitConfirm,
        YES,
        "y",
        A::Yes,
        "quit, losing the edits",
        true,
    ),
    b(
        C::QuitConfirm,
        &[(Char('s'), NONE)],
        "s",
        A::SaveAndQuit,
        "save the card, then quit",
        true,
    ),
    b(C::QuitConfirm, NO, "n/Esc", A::No, "go back", true),
    b(C::Confirm, YES, "y", A::Yes, "yes", true),
    b(C::Confirm, NO, "n/Esc", A::No, "no, go back", true),
    b(C::Restore, YES, "y", A::Yes, "yes, restore", true),
    b(C::Restore, NO, "n/Esc", A::No, "not now", true),
    b(
        C::Restore,
        &[(Char('d'), NONE)],
        "d",
        A::Discard,
        "discard the draft",
        true,
    ),
    b(
        C::PathInput,
        ENTER,
        "Enter",
        A::Activate,
        "use this path",
        true,
    )
    .short("use"),
    b(
        C::PathInput,
        &[(Tab, NONE)],
        "Tab",
        A::Complete,
        "complete",
        true,
    ),
    b(C::PathInput, ESC, "Esc", A::CloseOverlay, "cancel", true),
    b(
        C::EditMessage,
        &[(Tab, NONE)],
        "Tab",
        A::DoneNext,
        "next field",
        true,
    )
    .short("next"),
    b(
        C::EditMessage,
        ESC,
        "Esc",
        A::Done,
        "done (keeps text)",
        true,
    )
    .short("done"),
    b(
        C::EditAttachment,
        ENTER,
        "Enter",
        A::AddAttachment,
        "add URL",
        true,
    )
    .short("add"),
    b(
        C::EditAttachment,
        &[(Delete, NONE)],
        "Del",
        A::RemoveAttachment,
        "remove last URL",
        true,
    )
    .footer_with(C::Attachments)
    .short("remove URL"),
    b(
        C::Editing,
        &[(Enter, NONE), (Tab, NONE), (Down, NONE)],
        "Enter",
        A::DoneNext,
        "next field",
        true,
    )
    .short("next"),
    b(
        C::Editing,
        &[(Up, NONE), (BackTab, NONE), (BackTab, KeyModifiers::SHIFT)],
        "↑",
        A::DonePrev,
        "previous field",
        false,
    ),
    b(C::Editing, ESC, "Esc", A::Done, "done (keeps text)", true).short("done"),
    b(C::CardName, EDIT, "Enter/i", A::Edit, "edit", true),
    b(
        C::CardName,
        &[(Char('u'), NONE)],
        "u",
        A::RevertField,
        "revert",
        true,
    )
    .drop_rank(1),
    b(C::CardToggle, TOGGLE, "Space", A::Toggle, "toggle", true),
    b(
        C::CardToggle,
        &[(Char('u'), NONE)],
        "u",
        A::RevertField,
        "revert",
        true,
    )
    .drop_rank(1),
    b(C::CardButton, TOGGLE, "Enter", A::Toggle, "press", true),
    // Offered on the photo buttons once the photo has changed: that is what it reverts there.
    b(
        C::CardButton,
        &[(Char('u'), NONE)],
        "u",
        A::RevertField,
        "revert photo",
        true,
    )
    .footer_with(C::PhotoChanged)
    .short("revert")
    .drop_rank(1),
    b(C::Card, UP, "↑/k", A::Up, "previous field", false),
    b(C::Card, DOWN, "↓/j", A::Down, "next field", false),
    // Always `A`, but offered only once numbers are marked (without, it says how to mark).
    b(
        C::Card,
        &[(Char('A'), NONE)],
        "A",
        A::ApplyToMarked,
        "apply to marked",
        true,
    )
    .footer_with(C::CardMarked)
    .short("apply"),
    b(
        C::Card,
        &[(Char('U'), NONE)],
        "U",
        A::RevertCard,
        "revert all",
        true,
    )
    .drop_rank(2),
    b(
        C::Card,
        &[(Char('p'), NONE)],
        "p",
        A::SetPhoto,
        "photo from file",
        false,
    ),
    b(
        C::Card,
        &[(Char('o'), NONE)],
        "o",
        A::SaveAvatar,
        "save avatar to file",
        false,
    ),
    b(
        C::Card,
        &[(Char('r'), NONE)],
        "r",
        A::Refresh,
        "re-read card",
        false,
    ),
    b(
        C::Card,
        &[(Char('d'), NONE)],
        "d",
        A::Details,
        "error details",
        false,
    ),
    b(C::ComposerText, EDIT, "Enter/i", A::Edit, "edit", true),
    b(
        C::ComposerToggle,
        TOGGLE,
        "Space",
        A::Toggle,
        "toggle",
        true,
    ),
    b(C::ComposerButton, TOGGLE, "Enter", A::Toggle, "press", true),
    b(C::Composer, UP, "↑/k", A::Up, "previous field", false),
    b(C::Composer, DOWN, "↓/j", A::Down, "next field", false),
    b(
        C::Composer,
        &[(Char('x'), NONE), (Delete, NONE)],
        "x",
        A::RemoveAttachment,
        "remove last URL",
        true,
    )
    .footer_with(C::Attachments)
    .short("remove URL")
    .drop_rank(1),
    b(
        C::Composer,
        &[(Char('d'), NONE)],
        "d",
        A::Details,
        "error details",
        false,
    ),
    b(C::Composer, RELOAD, "r", A::Refresh, "reload chat", false),
    b(C::History, PGUP, "PgUp", A::ScrollOlder, "older", true).drop_rank(2),
    b(C::History, PGDN, "PgDn", A::ScrollNewer, "newer", true).drop_rank(2),
    b(
        C::SaveCard,
        &[(Char('s'), CTRL)],
        "^S",
        A::SaveCard,
        "save card",
        true,
    )
    .short("save")
    .drop_rank(1),
    b(
        C::SendMessage,
        &[(Char('s'), CTRL)],
        "^S",
        A::Send,
        "send",
        true,
    ),
    b(
        C::ComposerAnywhere,
        &[(Char('p'), CTRL)],
        "^P",
        A::ChatPicker,
        "pick chat",
        false,
    ),
    b(
        C::ComposerAnywhere,
        &[(Char('t'), CTRL)],
        "^T",
        A::StageShare,
        "stage card only",
        false,
    ),
    b(
        C::Global,
        &[(Tab, NONE)],
        "Tab",
        A::NextPane,
        "next pane",
        true,
    )
    .drop_rank(1),
    b(
        C::Global,
        &[(BackTab, NONE), (BackTab, KeyModifiers::SHIFT)],
        "S-Tab",
        A::PrevPane,
        "previous pane",
        false,
    ),
    b(
        C::Global,
        &[(Char('z'), CTRL)],
        "^Z",
        A::Suspend,
        "suspend",
        false,
    ),
    b(C::Global, &[(F(1), NONE)], "F1", A::Help, "help", false),
    b(
        C::Command,
        &[(Char('?'), NONE)],
        "?",
        A::Help,
        "help",
        false,
    ),
    b(C::Command, &[(Char('q'), NONE)], "q", A::Quit, "quit", true),
];
