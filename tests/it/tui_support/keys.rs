//! Keys as the terminal reports them, for the real loop ([`crate::loop_support::Rig::keys`]) and
//! for `App::update` alike ([`super::feed`] takes them as they are).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with no modifier: `key(KeyCode::Tab)`.
pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A character key: `ch('j')`.
pub fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

/// Control and a character: `ctrl('s')` is ^S.
pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Shift-Tab, as crossterm reports it.
pub fn back_tab() -> KeyEvent {
    KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)
}

/// `text` typed, one key per character.
pub fn typed(text: &str) -> Vec<KeyEvent> {
    text.chars().map(ch).collect()
}
