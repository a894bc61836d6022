//! Whole key units (from the framer) decoded by termina's parser and turned into crossterm's
//! event types at this edge, so the keymap and everything after it are unchanged.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};
use termina::event as t;

use super::frame::Unit;

/// Decodes units into crossterm events. Answers are not events: they never reach here.
#[derive(Debug, Default)]
pub struct KeyDecoder {
    parser: termina::Parser,
}

impl KeyDecoder {
    /// The events in `unit`, in order (none for an answer, or for a sequence that is no key).
    pub fn decode(&mut self, unit: Unit, out: &mut Vec<Event>) {
        let (bytes, alt) = match unit {
            Unit::Keys(bytes) => (bytes, false),
            Unit::Alt(bytes) => (bytes, true),
            Unit::Paste(text) => return out.push(Event::Paste(text)),
            Unit::Answer(_) => return,
        };
        // The unit is whole: nothing of it is left for more bytes to complete.
        self.parser.parse(&bytes, false);
        while let Some(event) = self.parser.pop() {
            let Some(mut event) = translate(event) else {
                continue;
            };
            if let (true, Event::Key(key)) = (alt, &mut event) {
                key.modifiers |= KeyModifiers::ALT;
            }
            out.push(event);
        }
    }
}

fn translate(event: termina::Event) -> Option<Event> {
    Some(match event {
        termina::Event::Key(key) => Event::Key(key_event(key)?),
        termina::Event::Mouse(mouse) => Event::Mouse(mouse_event(mouse)?),
        termina::Event::Paste(text) => Event::Paste(text),
        termina::Event::FocusIn => Event::FocusGained,
        termina::Event::FocusOut => Event::FocusLost,
        // Resizes come from SIGWINCH; reports (cursor position, modes…) are not input.
        _ => return None,
    })
}

fn key_event(key: t::KeyEvent) -> Option<KeyEvent> {
    let kind = match key.kind {
        t::KeyEventKind::Press => KeyEventKind::Press,
        t::KeyEventKind::Release => KeyEventKind::Release,
        t::KeyEventKind::Repeat => KeyEventKind::Repeat,
    };
    let mut state = KeyEventState::NONE;
    if key.state.contains(t::KeyEventState::KEYPAD) {
        state |= KeyEventState::KEYPAD;
    }
    Some(KeyEvent::new_with_kind_and_state(
        key_code(key.code)?,
        modifiers(key.modifiers),
        kind,
        state,
    ))
}

fn key_code(code: t::KeyCode) -> Option<KeyCode> {
    use t::KeyCode as T;
    Some(match code {
        T::Char(c) => KeyCode::Char(c),
        T::Enter => KeyCode::Enter,
        T::Backspace => KeyCode::Backspace,
        T::Tab => KeyCode::Tab,
        T::Escape => KeyCode::Esc,
        T::Left => KeyCode::Left,
        T::Right => KeyCode::Right,
        T::Up => KeyCode::Up,
        T::Down => KeyCode::Down,
        T::Home => KeyCode::Home,
        T::End => KeyCode::End,
        T::BackTab => KeyCode::BackTab,
        T::PageUp => KeyCode::PageUp,
        T::PageDown => KeyCode::PageDown,
        T::Insert => KeyCode::Insert,
        T::Delete => KeyCode::Delete,
        T::KeypadBegin => KeyCode::KeypadBegin,
        T::CapsLock => KeyCode::CapsLock,
        T::ScrollLock => KeyCode::ScrollLock,
        T::NumLock => KeyCode::NumLock,
        T::PrintScreen => KeyCode::PrintScreen,
        T::Pause => KeyCode::Pause,
        T::Menu => KeyCode::Menu,
        T::Null => KeyCode::Null,
        T::Function(n) => KeyCode::F(n),
        // Only with the kitty keyboard protocol, which bloocard does not turn on.
        T::Modifier(_) | T::Media(_) => return None,
    })
}

fn modifiers(m: t::Modifiers) -> KeyModifiers {
    let pairs = [
        (t::Modifiers::SHIFT, KeyModifiers::SHIFT),
        (t::Modifiers::ALT, KeyModifiers::ALT),
        (t::Modifiers::CONTROL, KeyModifiers::CONTROL),
        (t::Modifiers::SUPER, KeyModifiers::SUPER),
        (t::Modifiers::HYPER, KeyModifiers::HYPER),
        (t::Modifiers::META, KeyModifiers::META),
    ];
    pairs
        .into_iter()
        .filter(|(from, _)| m.contains(*from))
        .fold(KeyModifiers::NONE, |acc, (_, to)| acc | to)
}

fn mouse_event(mouse: t::MouseEvent) -> Option<MouseEvent> {
    let button = |b: t::MouseButton| match b {
        t::MouseButton::Left => MouseButton::Left,
        t::MouseButton::Right => MouseButton::Right,
        t::MouseButton::Middle => MouseButton::Middle,
    };
    let kind = match mouse.kind {
        t::MouseEventKind::Down(b) => MouseEventKind::Down(button(b)),
        t::MouseEventKind::Up(b) => MouseEventKind::Up(button(b)),
        t::MouseEventKind::Drag(b) => MouseEventKind::Drag(button(b)),
        t::MouseEventKind::Moved => MouseEventKind::Moved,
        t::MouseEventKind::ScrollDown => MouseEventKind::ScrollDown,
        t::MouseEventKind::ScrollUp => MouseEventKind::ScrollUp,
        t::MouseEventKind::ScrollLeft => MouseEventKind::ScrollLeft,
        t::MouseEventKind::ScrollRight => MouseEventKind::ScrollRight,
    };
    Some(MouseEvent {
        kind,
        column: mouse.column,
        row: mouse.row,
        modifiers: modifiers(mouse.modifiers),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(unit: Unit) -> Vec<Event> {
        let mut out = Vec::new();
        KeyDecoder::default().decode(unit, &mut out);
        out
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn keys_come_out_as_crossterm_reads_them() {
        use KeyCode::*;
        let none = KeyModifiers::NONE;
        let keys = |b: &[u8]| decode(Unit::Keys(b.to_vec()));
        assert_eq!(keys(b"j"), vec![key(Char('j'), none)]);
        assert_eq!(keys(b"J"), vec![key(Char('J'), KeyModifiers::SHIFT)]);
        assert_eq!(keys(b"\x1b"), vec![key(Esc, none)]);
        assert_eq!(
            keys(b"\r\t\x7f"),
            vec![key(Enter, none), key(Tab, none), key(Backspace, none)]
        );
        assert_eq!(keys(b"\x03"), vec![key(Char('c'), KeyModifiers::CONTROL)]);
        assert_eq!(keys(b"\x13"), vec![key(Char('s'), KeyModifiers::CONTROL)]);
        assert_eq!(keys(b"\x1a"), vec![key(Char('z'), KeyModifiers::CONTROL)]);
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[5~\x1b[Z"),
            vec![
                key(Up, none),
                key(Down, none),
                key(PageUp, none),
                key(BackTab, KeyModifiers::SHIFT)
            ]
        );
        assert_eq!(keys(b"\x1b[1;5C"), vec![key(Right, KeyModifiers::CONTROL)]);
        assert_eq!(keys(b"\x1bOP"), vec![key(F(1), none)]);
        assert_eq!(keys("é".as_bytes()), vec![key(Char('é'), none)]);
    }

    #[test]
    fn alt_paste_and_mouse() {
        assert_eq!(
            decode(Unit::Alt(b"j".to_vec())),
            vec![key(KeyCode::Char('j'), KeyModifiers::ALT)]
        );
        assert_eq!(
            decode(Unit::Alt(b"P".to_vec())),
            vec![key(
                KeyCode::Char('P'),
                KeyModifiers::ALT | KeyModifiers::SHIFT
            )]
        );
        assert_eq!(
            decode(Unit::Paste("a\nb".into())),
            vec![Event::Paste("a\nb".into())]
        );
        let mouse = decode(Unit::Keys(b"\x1b[<0;10;5M".to_vec()));
        assert_eq!(
            mouse,
            vec![Event::Mouse(MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: 9,
                row: 4,
                modifiers: KeyModifiers::NONE,
            })]
        );
        assert_eq!(
            decode(Unit::Keys(b"\x1b[I".to_vec())),
            vec![Event::FocusGained]
        );
        // Reports that are no input (a cursor position) come out as nothing.
        assert_eq!(decode(Unit::Keys(b"\x1b[12;4R".to_vec())), vec![]);
    }
}
