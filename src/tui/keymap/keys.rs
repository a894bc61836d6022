//! What both binding tables are written with: the `b` row builder, the modifiers and the key
//! lists more than one table uses.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Action, Binding, Context, HelpText, KeySpec};

use KeyCode::{Char, Down, Up};

pub(super) const NONE: KeyModifiers = KeyModifiers::NONE;
pub(super) const CTRL: KeyModifiers = KeyModifiers::CONTROL;
pub(super) const UP: &[KeySpec] = &[(Up, NONE), (Char('k'), NONE)];
pub(super) const DOWN: &[KeySpec] = &[(Down, NONE), (Char('j'), NONE)];

/// One row of a binding table.
pub(super) const fn b(
    context: Context,
    keys: &'static [KeySpec],
    label: &'static str,
    action: Action,
    desc: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        context,
        keys,
        label,
        action,
        desc,
        footer,
        footer_with: None,
        short: desc,
        short_label: label,
        drop_rank: 0,
        help: HelpText::Desc,
    }
}
