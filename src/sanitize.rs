//! Terminal-safe text: every string that came from the server (or a file) passes through here
//! before it is drawn or printed, so a hostile name cannot move the cursor, retitle the window,
//! write the clipboard (OSC 52) or reorder the line with bidi overrides.
//!
//! Escape sequences are dropped whole, the way a terminal parses them (ECMA-48, as xterm reads
//! it): `ESC [ … final` (CSI, with its parameters and intermediates), `ESC ] … BEL|ST` (OSC),
//! `ESC P`/`X`/`^`/`_` … `ST` (DCS, SOS, PM, APC), `ESC` + intermediates + final (charset and
//! other two-byte sequences), and the 8-bit C1 forms of the same (U+009B CSI, U+009D OSC, …) as
//! they arrive in UTF-8. Dropping only the ESC byte would leave `[31mRED` on screen.

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

/// One line of text: escape sequences are dropped whole, whitespace controls (tab, newline,
/// carriage return) become a space, every other unsafe character is dropped. Printable text is
/// returned unchanged and unallocated.
pub fn clean(s: &str) -> Cow<'_, str> {
    clean_with(s, false)
}

/// Like [`clean`], but keeps `\n` so multi-line message text keeps its lines.
pub fn clean_multiline(s: &str) -> Cow<'_, str> {
    clean_with(s, true)
}

const ESC: char = '\x1b';
const BEL: char = '\x07';
/// CAN and SUB abort a sequence in progress (and are dropped themselves).
const CAN: char = '\x18';
const SUB: char = '\x1a';
/// The 8-bit String Terminator, the one-character form of `ESC \`.
const ST: char = '\u{9c}';

/// Where the parser is: in text, or inside a sequence it is dropping.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// After ESC: the next character says what kind of sequence this is.
    Escape,
    /// After ESC and one or more intermediates (0x20–0x2F): waiting for the final character.
    EscapeIntermediate,
    /// Inside a CSI: parameters and intermediates until a final character (0x40–0x7E).
    Csi,
    /// Inside an OSC: until BEL or ST.
    Osc,
    /// Inside a DCS, SOS, PM or APC: until ST.
    Str,
    /// An ESC inside an OSC or string: `\` makes it ST, anything else starts a new sequence.
    StrEscape,
}

fn clean_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut state = State::Text;
    for c in s.chars() {
        state = step(state, c, keep_newlines, &mut out);
    }
    Cow::Owned(out)
}

/// The parser's move on one character; what is text goes to `out`.
fn step(state: State, c: char, keep_newlines: bool, out: &mut String) -> State {
    use State::*;
    match state {
        Text => text(c, keep_newlines, out),
        Escape | EscapeIntermediate | Csi => in_sequence(state, c, keep_newlines, out),
        Osc | Str => match c {
            BEL if state == Osc => Text,
            ST | CAN | SUB => Text,
            ESC => StrEscape,
            // The payload (a title, a clipboard write, an image) is never text.
            _ => state,
        },
        // `ESC \` is ST; any other ESC starts a sequence of its own, as in a terminal.
        StrEscape => match c {
            '\\' => Text,
            _ => step(Escape, c, keep_newlines, out),
        },
    }
}

/// Inside an ESC or CSI sequence. As in a terminal, CAN and SUB abort it, a new ESC (or an 8-bit
/// introducer) starts another, and other C0 controls act without ending it (here: a tab or
/// newline becomes its space, the rest are dropped).
fn in_sequence(state: State, c: char, keep_newlines: bool, out: &mut String) -> State {
    use State::*;
    match c {
        CAN | SUB => return Text,
        ESC | '\u{80}'..='\u{9f}' => return text(c, keep_newlines, out),
        '\x00'..='\x1f' => {
            text(c, keep_newlines, out);
            return state;
        }
        '\x7f' => return state,
        _ => {}
    }
    match (state, c) {
        (Escape, '[') => Csi,
        (Escape, ']') => Osc,
        (Escape, 'P' | 'X' | '^' | '_') => Str,
        (Escape | EscapeIntermediate, '\x20'..='\x2f') => EscapeIntermediate,
        // The final character: a two-character sequence (ESC 7, ESC c, ESC =) or one with
        // intermediates (ESC ( B, ESC # 8) ends here.
        (Escape | EscapeIntermediate, '\x30'..='\x7e') => Text,
        // Parameters (0–9 : ; < = > ?) and intermediates (space to /), then the final (@ to ~).
        (Csi, '\x20'..='\x3f') => Csi,
        (Csi, '\x40'..='\x7e') => Text,
        // A character no sequence has (é, 👋): the sequence ends unfinished and it is text.
        _ => text(c, keep_newlines, out),
    }
}

/// A character read as text: it is printed, becomes a space or a newline, or starts a sequence.
fn text(c: char, keep_newlines: bool, out: &mut String) -> State {
    match c {
        ESC => return State::Escape,
        '\u{9b}' => return State::Csi,
        '\u{9d}' => return State::Osc,
        '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => return State::Str,
        '\n' if keep_newlines => out.push('\n'),
        '\t' | '\n' | '\r' => out.push(' '),
        c if is_unsafe(c) => {}
        c => out.push(c),
    }
    State::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_text_is_borrowed_unchanged() {
        let s = "Jöhn Doe 👋🏽 +1 (555) [31m] ~ ^ _";
        assert!(matches!(clean(s), Cow::Borrowed(t) if t == s));
    }

    /// (what, hostile input, what a terminal would show of it)
    const HOSTILE: &[(&str, &str, &str)] = &[
        ("the issue's name", "\x1b[31mRED\x07", "RED"),
        (
            "SGR with several params",
            "a\x1b[1;38;5;196mb\x1b[0mc",
            "abc",
        ),
        ("SGR with colon subparams", "a\x1b[38:2::255:0:0mb", "ab"),
        ("private-mode CSI", "a\x1b[?1049hb\x1b[?25l", "ab"),
        ("CSI with an intermediate", "a\x1b[2 qb", "ab"),
        ("CSI clear and home", "a\x1b[2J\x1b[Hb", "ab"),
        ("CSI cut by a non-ASCII char", "a\x1b[31é", "aé"),
        ("CSI cut by CAN", "a\x1b[31\x18b", "ab"),
        ("CSI with a newline inside", "a\x1b[3\n1mb", "a b"),
        ("CSI left open at the end", "a\x1b[31", "a"),
        ("OSC title to BEL", "a\x1b]0;pwned\x07b", "ab"),
        ("OSC title to ST", "a\x1b]2;pwned\x1b\\b", "ab"),
        ("OSC 52 clipboard", "a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab"),
        (
            "OSC 8 hyperlink",
            "\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\",
            "click",
        ),
        ("OSC with a newline inside", "a\x1b]0;x\ny\x07b", "ab"),
        ("OSC left open", "a\x1b]0;rest of the line", "a"),
        ("OSC cut by a new ESC sequence", "a\x1b]0;x\x1b[31mb", "ab"),
        ("DCS to ST", "a\x1bP1$r0m\x1b\\b", "ab"),
        (
            "DCS tmux passthrough",
            "a\x1bPtmux;\x1b\x1b]0;x\x07\x1b\\b",
            "ab",
        ),
        ("APC kitty graphics", "a\x1b_Gi=31,a=q;AAAA\x1b\\b", "ab"),
        ("PM", "a\x1b^private\x1b\\b", "ab"),
        ("SOS", "a\x1bXstring\x1b\\b", "ab"),
        ("APC cut by SUB", "a\x1b_G\x1ab", "ab"),
        ("charset designation", "a\x1b(0lqk\x1b(Bb", "alqkb"),
        ("DEC screen test", "a\x1b#8b", "ab"),
        (
            "two-character ESC sequences",
            "a\x1b7\x1bc\x1b=\x1bMb",
            "ab",
        ),
        ("ESC ESC: the second starts a sequence", "a\x1b\x1b7b", "ab"),
        ("lone ESC at the end", "ab\x1b", "ab"),
        ("ESC before a non-ASCII char", "a\x1bé", "aé"),
        ("a control inside ESC", "a\x1b\x087b", "ab"),
        ("DEL inside a CSI", "a\x1b[3\x7f1mb", "ab"),
        ("8-bit CSI", "a\u{9b}31mb", "ab"),
        ("8-bit OSC to 8-bit ST", "a\u{9d}0;x\u{9c}b", "ab"),
        ("8-bit OSC to BEL", "a\u{9d}0;x\x07b", "ab"),
        ("8-bit DCS", "a\u{90}q#0\u{9c}b", "ab"),
        ("8-bit APC", "a\u{9f}Gx\u{9c}b", "ab"),
        ("8-bit PM and SOS", "a\u{9e}x\u{9c}\u{98}y\u{9c}b", "ab"),
        ("other C1 controls", "a\u{84}\u{85}\u{8d}\u{9a}b", "ab"),
        (
            "C0 controls and DEL",
            "a\x00\x01\x07\x08\x0b\x0c\x0e\x7fb",
            "ab",
        ),
        (
            "bidi overrides and isolates",
            "x\u{202E}y\u{2066}z\u{200F}w",
            "xyzw",
        ),
        (
            "backspace over text",
            "safe\x08\x08\x08\x08evil",
            "safeevil",
        ),
        ("carriage return", "shown\roverwritten", "shown overwritten"),
    ];

    #[test]
    fn hostile_inputs_lose_whole_sequences() {
        for (what, input, shown) in HOSTILE {
            assert_eq!(clean(input), *shown, "{what}: {input:?}");
            let out = clean_multiline(input);
            assert!(!out.chars().any(|c| c != '\n' && is_unsafe(c)), "{what}");
        }
    }

    #[test]
    fn cleaning_twice_changes_nothing() {
        for (what, input, _) in HOSTILE {
            let once = clean(input).into_owned();
            assert_eq!(clean(&once), once, "{what}");
        }
    }

    #[test]
    fn whitespace_controls_become_spaces_or_newlines() {
        assert_eq!(clean("a\tb\r\nc"), "a b  c");
        assert_eq!(clean_multiline("a\tb\nc\r"), "a b\nc ");
        assert_eq!(clean_multiline("one\x1b[31m\ntwo"), "one\ntwo");
    }
}
