//! Every key binding as data: (context, keys) → action, with the text the footer and the help
//! overlay show. Both are built from this table, so they cannot drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. The app asks contexts in routing order (overlay, text field, pane, global).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Help,
    Confirm,
    /// The question whether to restore a draft.
    Restore,
    Picker,
    PathInput,
    Filter,
    /// A text field has focus: only keys that cannot be text are bound.
    Text,
    /// The card's name fields, on top of `Text`.
    NameField,
    Numbers,
    Card,
    Composer,
    /// Global keys that are also letters, so they only apply when no text field has focus.
    Command,
    Global,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Self::Help => "Help",
            Self::Confirm => "Confirm",
            Self::Restore => "Restore draft",
            Self::Picker => "Chat picker",
            Self::PathInput => "File path",
            Self::Filter => "Filter",
            Self::Text => "Text fields",
            Self::NameField => "Name fields",
            Self::Numbers => "Numbers",
            Self::Card => "Card editor",
            Self::Composer => "Composer",
            Self::Command => "Anywhere outside text fields",
            Self::Global => "Anywhere",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextPane,
    PrevPane,
    Up,
    Down,
    Activate,
    Toggle,
    Save,
    Revert,
    Refresh,
    Filter,
    ClearFilter,
    Help,
    CloseOverlay,
    Quit,
    ForceQuit,
    Suspend,
    SetPhoto,
    SaveAvatar,
    Details,
    ChatPicker,
    StageShare,
    RemoveAttachment,
    Complete,
    Yes,
    No,
    Discard,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub label: &'static str,
    pub action: Action,
    pub desc: &'static str,
    /// Shown in the footer (the help overlay shows everything).
    pub footer: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

macro_rules! bind {
    ($ctx:ident, [$($k:expr),+], $label:expr, $action:ident, $desc:expr, $footer:expr) => {
        Binding {
            context: Context::$ctx,
            keys: &[$($k),+],
            label: $label,
            action: Action::$action,
            desc: $desc,
            footer: $footer,
        }
    };
}

use KeyCode::{BackTab, Char, Delete, Down, Enter, Esc, F, Tab, Up};

pub static BINDINGS: &[Binding] = &[
    bind!(
        Help,
        [
            (Esc, NONE),
            (Char('?'), NONE),
            (Char('q'), NONE),
            (F(1), NONE)
        ],
        "Esc",
        CloseOverlay,
        "close help",
        true
    ),
    bind!(
        Confirm,
        [(Char('y'), NONE), (Enter, NONE)],
        "y",
        Yes,
        "yes",
        true
    ),
    bind!(
        Confirm,
        [(Char('n'), NONE), (Esc, NONE)],
        "n/Esc",
        No,
        "no, go back",
        true
    ),
    bind!(
        Restore,
        [(Char('y'), NONE), (Enter, NONE)],
        "y",
        Yes,
        "yes, restore",
        true
    ),
    bind!(
        Restore,
        [(Char('n'), NONE), (Esc, NONE)],
        "n/Esc",
        No,
        "not now",
        true
    ),
    bind!(
        Restore,
        [(Char('d'), NONE)],
        "d",
        Discard,
        "discard the draft",
        true
    ),
    bind!(Picker, [(Up, NONE)], "↑", Up, "previous chat", false),
    bind!(Picker, [(Down, NONE)], "↓", Down, "next chat", false),
    bind!(Picker, [(Enter, NONE)], "Enter", Activate, "use chat", true),
    bind!(Picker, [(Esc, NONE)], "Esc", CloseOverlay, "close", true),
    bind!(
        PathInput,
        [(Enter, NONE)],
        "Enter",
        Activate,
        "use this path",
        true
    ),
    bind!(
        PathInput,
        [(Tab, NONE)],
        "Tab",
        Complete,
        "complete path",
        true
    ),
    bind!(
        PathInput,
        [(Esc, NONE)],
        "Esc",
        CloseOverlay,
        "cancel",
        true
    ),
    bind!(
        Filter,
        [(Enter, NONE), (Down, NONE)],
        "Enter",
        Activate,
        "keep filter",
        true
    ),
    bind!(
        Filter,
        [(Esc, NONE)],
        "Esc",
        ClearFilter,
        "clear filter",
        true
    ),
    bind!(Text, [(Up, NONE)], "↑", Up, "previous field", false),
    bind!(Text, [(Down, NONE)], "↓", Down, "next field", false),
    bind!(
        NameField,
        [(Esc, NONE)],
        "Esc",
        Revert,
        "revert edits",
        true
    ),
    bind!(
        Numbers,
        [(Up, NONE), (Char('k'), NONE)],
        "↑/k",
        Up,
        "previous number",
        true
    ),
    bind!(
        Numbers,
        [(Down, NONE), (Char('j'), NONE)],
        "↓/j",
        Down,
        "next number",
        true
    ),
    bind!(
        Numbers,
        [(Enter, NONE)],
        "Enter",
        Activate,
        "load card",
        true
    ),
    bind!(Numbers, [(Char('/'), NONE)], "/", Filter, "filter", true),
    bind!(Numbers, [(Char('r'), NONE)], "r", Refresh, "refresh", true),
    bind!(
        Card,
        [(Up, NONE), (Char('k'), NONE)],
        "↑/k",
        Up,
        "previous field",
        false
    ),
    bind!(
        Card,
        [(Down, NONE), (Char('j'), NONE)],
        "↓/j",
        Down,
        "next field",
        false
    ),
    bind!(
        Card,
        [(Char(' '), NONE), (Enter, NONE)],
        "Space",
        Toggle,
        "toggle/activate",
        true
    ),
    bind!(
        Card,
        [(Esc, NONE), (Char('u'), NONE)],
        "Esc/u",
        Revert,
        "revert edits",
        true
    ),
    bind!(
        Card,
        [(Char('p'), NONE)],
        "p",
        SetPhoto,
        "photo from file",
        true
    ),
    bind!(
        Card,
        [(Char('o'), NONE)],
        "o",
        SaveAvatar,
        "save avatar to file",
        false
    ),
    bind!(
        Card,
        [(Char('r'), NONE)],
        "r",
        Refresh,
        "re-read card",
        false
    ),
    bind!(
        Card,
        [(Char('d'), NONE)],
        "d",
        Details,
        "error details",
        false
    ),
    bind!(
        Composer,
        [(Up, NONE), (Char('k'), NONE)],
        "↑/k",
        Up,
        "previous field",
        false
    ),
    bind!(
        Composer,
        [(Down, NONE), (Char('j'), NONE)],
        "↓/j",
        Down,
        "next field",
        false
    ),
    bind!(
        Composer,
        [(Char(' '), NONE), (Enter, NONE)],
        "Space",
        Toggle,
        "toggle/activate",
        true
    ),
    bind!(
        Composer,
        [(Delete, NONE), (Char('x'), NONE)],
        "Del",
        RemoveAttachment,
        "remove attachment",
        false
    ),
    bind!(
        Composer,
        [(Char('d'), NONE)],
        "d",
        Details,
        "error details",
        false
    ),
    bind!(
        Global,
        [(Char('p'), CTRL)],
        "^P",
        ChatPicker,
        "pick chat",
        true
    ),
    bind!(
        Global,
        [(Char('t'), CTRL)],
        "^T",
        StageShare,
        "stage card only",
        false
    ),
    bind!(Global, [(Tab, NONE)], "Tab", NextPane, "next pane", true),
    bind!(
        Global,
        [(BackTab, NONE), (BackTab, KeyModifiers::SHIFT)],
        "S-Tab",
        PrevPane,
        "previous pane",
        false
    ),
    bind!(
        Global,
        [(Char('s'), CTRL)],
        "^S",
        Save,
        "save card / send",
        true
    ),
    bind!(Global, [(Char('z'), CTRL)], "^Z", Suspend, "suspend", false),
    bind!(Global, [(F(1), NONE)], "F1", Help, "help", false),
    bind!(Global, [(Char('c'), CTRL)], "^C", ForceQuit, "quit", false),
    bind!(Command, [(Char('?'), NONE)], "?", Help, "help", true),
    bind!(Command, [(Char('q'), NONE)], "q", Quit, "quit", true),
];

/// Shift is part of the character itself ('?' arrives as Shift+'/'), so it is ignored for chars.
fn matches(spec: (KeyCode, KeyModifiers), key: &KeyEvent) -> bool {
    let mods = match key.code {
        KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    let spec_mods = match spec.0 {
        KeyCode::BackTab => spec.1 - KeyModifiers::SHIFT,
        _ => spec.1,
    };
    spec.0 == key.code && spec_mods == mods
}

/// The action bound to `key` in `context`, if any.
pub fn lookup(context: Context, key: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .find(|b| b.keys.iter().any(|&spec| matches(spec, key)))
        .map(|b| b.action)
}

/// Bindings of the given contexts, in table order.
pub fn bindings_for(contexts: &[Context]) -> impl Iterator<Item = &'static Binding> + '_ {
    contexts
        .iter()
        .flat_map(|c| BINDINGS.iter().filter(move |b| b.context == *c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_mark_with_shift_is_help() {
        let key = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Command, &key), Some(Action::Help));
        assert_eq!(lookup(Context::Text, &key), None);
    }

    #[test]
    fn ctrl_s_is_not_plain_s() {
        let plain = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE);
        let ctrl = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Global, &plain), None);
        assert_eq!(lookup(Context::Global, &ctrl), Some(Action::Save));
    }
}
