//! Terminal-safe text: every string that came from the server (or a file) passes through here
//! before it is drawn or printed, so a hostile name cannot move the cursor, retitle the window,
//! write the clipboard (OSC 52) or reorder the line with bidi overrides.

use std::borrow::Cow;

/// True for characters that must never reach a terminal: C0/C1 controls, DEL, and the bidi
/// embedding/override/isolate controls (which can make text display in an order other than its bytes).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// One line of text: whitespace controls (tab, newline, carriage return) become a space, every
/// other unsafe character is dropped. Printable text is returned unchanged and unallocated.
pub fn clean(s: &str) -> Cow<'_, str> {
    clean_with(s, false)
}

/// Like [`clean`], but keeps `\n` so multi-line message text keeps its lines.
pub fn clean_multiline(s: &str) -> Cow<'_, str> {
    clean_with(s, true)
}

fn clean_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_text_is_borrowed_unchanged() {
        let s = "Jöhn Doe 👋🏽 +1 (555)";
        assert!(matches!(clean(s), Cow::Borrowed(t) if t == s));
    }

    #[test]
    fn escape_sequences_lose_their_introducer() {
        // CSI clear-screen, OSC title change, OSC 52 clipboard write, BEL, backspace.
        let s = "a\x1b[2Jb\x1b]0;pwned\x07c\x1b]52;c;ZXZpbA==\x07d\x08e";
        let out = clean(s);
        assert!(!out.chars().any(|c| c.is_control()), "{out:?}");
        assert!(out.starts_with('a') && out.ends_with('e'));
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_removed() {
        assert_eq!(clean("x\u{9b}31my\u{202E}z\u{2066}w"), "x31myzw");
    }

    #[test]
    fn whitespace_controls_become_spaces_or_newlines() {
        assert_eq!(clean("a\tb\r\nc"), "a b  c");
        assert_eq!(clean_multiline("a\tb\nc\r"), "a b\nc ");
    }
}
