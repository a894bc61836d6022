//! Every key binding as data: (context, keys) → action, with the label and text the footer, the
//! help overlay and the in-pane hints show. The router walks the same table, so what is offered
//! and what works cannot drift apart; each context names the `update/` file that handles it and
//! its help section (`contexts.rs`). One spelling of keys throughout: `^S`, `S-Tab`, `F1`.

mod apply_bindings;
mod bindings;
mod contexts;
mod keys;
mod list_bindings;
mod share_bindings;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use apply_bindings::APPLY_BINDINGS;
pub use bindings::BINDINGS;
pub use contexts::{Context, Handler, Section};
pub use list_bindings::LIST_BINDINGS;
pub use share_bindings::SHARE_BINDINGS;

/// Every binding: the main table, the lists', marks and the apply overlay's, then the chat
/// picker's marks and the share overlay's.
pub fn all() -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .chain(LIST_BINDINGS.iter())
        .chain(APPLY_BINDINGS.iter())
        .chain(SHARE_BINDINGS.iter())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextPane,
    PrevPane,
    Up,
    Down,
    /// Enter on a list row or a path: use it.
    Activate,
    /// Start editing the focused text field.
    Edit,
    /// Toggle a checkbox, flip a radio pair, press a button.
    Toggle,
    /// End editing (the text stays) and move to the next / previous field.
    DoneNext,
    DonePrev,
    /// End editing and stay on the field; the text stays, marked unsaved.
    Done,
    AddAttachment,
    SaveCard,
    Send,
    RevertField,
    RevertCard,
    Refresh,
    Filter,
    KeepFilter,
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
    SaveAndQuit,
    Discard,
    /// Mark or unmark the selected number.
    ToggleMark,
    /// Mark every number shown, or clear the marks when all shown are marked.
    MarkAllShown,
    /// Open "Apply this card to N marked numbers".
    ApplyToMarked,
    /// The apply overlay's field groups.
    GroupNames,
    GroupPhoto,
    GroupSharing,
    /// Apply again to the rows that failed.
    RetryFailed,
    /// Scroll the conversation towards older / newer messages.
    ScrollOlder,
    ScrollNewer,
    /// A list: a page up or down, the first or the last row.
    PageUp,
    PageDown,
    First,
    Last,
}

/// One key: its code and the modifiers it needs.
pub type KeySpec = (KeyCode, KeyModifiers);

/// How the `?` overlay lists a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpText {
    /// Its description, as the footer says it.
    Desc,
    /// Other words: one entry for keys whose footer wording changes with the state (Esc in the
    /// apply overlay closes it, or asks to stop while it applies).
    As(&'static str),
    /// Not listed: the keys of a question, which its answer line always shows.
    Hidden,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [KeySpec],
    pub label: &'static str,
    pub action: Action,
    pub desc: &'static str,
    /// Shown in the footer (the help overlay shows everything).
    pub footer: bool,
    /// Shown in the footer only while this context is active too (it has no keys of its own:
    /// it says the key can do its work, as `CardMarked` says numbers are marked).
    pub footer_with: Option<Context>,
    /// The footer's fewer words, when the whole footer does not fit ("load card" → "load"); ""
    /// leaves the binding out of a short footer (the one before it speaks for both, "↑↓ move").
    pub short: &'static str,
    /// The key as a short footer spells it ("↑↓" for both moves).
    pub short_label: &'static str,
    /// Where a footer too narrow for every key drops this one: 0 never, higher ones first.
    pub drop_rank: u8,
    pub help: HelpText,
}

impl Binding {
    /// Offered in the footer only while `context` is active.
    pub const fn footer_with(self, context: Context) -> Self {
        Self {
            footer_with: Some(context),
            ..self
        }
    }

    /// Fewer words for a narrow footer.
    pub const fn short(self, short: &'static str) -> Self {
        Self { short, ..self }
    }

    /// A short footer's key and words for this binding and its pair ("↑↓", "move").
    pub const fn short_as(self, short_label: &'static str, short: &'static str) -> Self {
        Self {
            short_label,
            short,
            ..self
        }
    }

    /// Dropped from a footer too narrow for every key, higher ranks first.
    pub const fn drop_rank(self, drop_rank: u8) -> Self {
        Self { drop_rank, ..self }
    }

    /// Listed in the `?` overlay as `help`.
    pub const fn help(self, help: HelpText) -> Self {
        Self { help, ..self }
    }

    /// The words the `?` overlay lists it with, if it lists it.
    pub fn help_desc(&self) -> Option<&'static str> {
        match self.help {
            HelpText::Desc => Some(self.desc),
            HelpText::As(text) => Some(text),
            HelpText::Hidden => None,
        }
    }
}

/// Shift is part of the character itself ('?' arrives as Shift+'/'), so it is ignored for chars.
pub fn matches(spec: KeySpec, key: &KeyEvent) -> bool {
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

/// The binding `key` triggers in `context`, if any.
pub fn binding(context: Context, key: &KeyEvent) -> Option<&'static Binding> {
    all()
        .filter(|b| b.context == context)
        .find(|b| b.keys.iter().any(|&spec| matches(spec, key)))
}

/// The action bound to `key` in `context`, if any.
pub fn lookup(context: Context, key: &KeyEvent) -> Option<Action> {
    binding(context, key).map(|b| b.action)
}

/// The first of `contexts` (in routing order) that binds `key`, with its action.
pub fn route(contexts: &[Context], key: &KeyEvent) -> Option<(Context, Action)> {
    contexts
        .iter()
        .find_map(|&c| lookup(c, key).map(|a| (c, a)))
}

/// Bindings of the given contexts, in table order.
pub fn bindings_for(contexts: &[Context]) -> impl Iterator<Item = &'static Binding> + '_ {
    contexts
        .iter()
        .flat_map(|c| all().filter(move |b| b.context == *c))
}

/// The bindings the help lists under `section`: its contexts in their declared order.
pub fn bindings_in(section: Section) -> impl Iterator<Item = &'static Binding> {
    use strum::IntoEnumIterator;
    Context::iter()
        .filter(move |c| c.section() == Some(section))
        .flat_map(|c| all().filter(move |b| b.context == c))
}

/// The footer's bindings for these contexts: what the router would do, first context first, with
/// a key shown once (a path field's Tab completes; it is not also "next pane").
pub fn footer_for(contexts: &[Context]) -> Vec<&'static Binding> {
    let mut out: Vec<&'static Binding> = Vec::new();
    for b in bindings_for(contexts) {
        let shadowed = out
            .iter()
            .any(|o| o.keys.iter().any(|k| b.keys.contains(k)));
        let offered = b.footer && b.footer_with.is_none_or(|c| contexts.contains(&c));
        if offered
            && !shadowed
            && route(contexts, &key_event(b.keys[0])).map(|r| r.1) == Some(b.action)
        {
            out.push(b);
        }
    }
    out
}

/// The label of the key bound to `action` in `context` (for in-pane hints), "" if none.
pub fn label(context: Context, action: Action) -> &'static str {
    all()
        .find(|b| b.context == context && b.action == action)
        .map_or("", |b| b.label)
}

/// A key event that presses `spec`.
pub fn key_event(spec: KeySpec) -> KeyEvent {
    KeyEvent::new(spec.0, spec.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_mark_with_shift_is_help() {
        let key = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Command, &key), Some(Action::Help));
        assert_eq!(lookup(Context::Editing, &key), None);
    }

    #[test]
    fn ctrl_s_is_not_plain_s() {
        let plain = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE);
        let ctrl = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::SaveCard, &plain), None);
        assert_eq!(lookup(Context::SaveCard, &ctrl), Some(Action::SaveCard));
        assert_eq!(lookup(Context::SendMessage, &ctrl), Some(Action::Send));
    }

    #[test]
    fn every_binding_has_keys_and_a_label() {
        for b in all() {
            assert!(!b.keys.is_empty() && !b.label.is_empty(), "{b:?}");
        }
    }
}
