//! The terminal's answers to the graphics queries (`tui::capabilities::probe` writes them), read
//! out of the complete escape sequences that the framer (`tui::input::frame`) takes out of the
//! input.

/// One answer. A malformed answer of a recognised kind still counts as that answer (a DA1 with
/// garbage attributes ends the probe just the same); its unreadable parts are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// XTVERSION (`DCS > | text ST`): the terminal's name and version, e.g. `kitty(0.26.5)`.
    XtVersion(String),
    /// The kitty graphics query (`APC G i=31;OK ST`): whether kitty graphics work.
    Kitty { ok: bool },
    /// `CSI 6 ; height ; width t`: one cell's size in pixels.
    CellSize { width: u16, height: u16 },
    /// Primary device attributes (`CSI ? 62 ; 4 ; … c`): 4 means sixel. Always the last answer.
    Da1(Vec<u16>),
}

/// Longest XTVERSION text kept; the rest is cut (it is only logged and shown).
const MAX_VERSION: usize = 80;

/// The answer in a complete CSI sequence (`ESC [ … final`), if it is one of ours.
pub fn from_csi(seq: &[u8]) -> Option<Answer> {
    let body = seq.strip_prefix(b"\x1b[")?;
    let (&last, params) = body.split_last()?;
    match (params.first(), last) {
        (Some(b'?'), b'c') => Some(Answer::Da1(numbers(&params[1..]).flatten().collect())),
        (Some(b'6'), b't') => {
            let mut fields = numbers(params);
            if fields.next()? != Some(6) {
                return None;
            }
            let height = fields.next()??;
            let width = fields.next()??;
            Some(Answer::CellSize { width, height })
        }
        _ => None,
    }
}

/// The answer in a complete DCS or APC string (`ESC P … ESC \`, `ESC _ … ESC \`), if it is one
/// of ours.
pub fn from_string(seq: &[u8]) -> Option<Answer> {
    let body = seq.strip_suffix(b"\x1b\\")?;
    if let Some(text) = body.strip_prefix(b"\x1bP>|") {
        let text: String = String::from_utf8_lossy(text)
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_VERSION)
            .collect();
        return Some(Answer::XtVersion(text));
    }
    if let Some(reply) = body.strip_prefix(b"\x1b_G") {
        let text = String::from_utf8_lossy(reply);
        let (keys, status) = text.split_once(';')?;
        // Our query's id; another program's answer (same terminal, other id) is not ours.
        if !keys.split(',').any(|k| k == "i=31") {
            return None;
        }
        return Some(Answer::Kitty { ok: status == "OK" });
    }
    None
}

/// `;`-separated decimal fields, `None` for an empty or unreadable one.
fn numbers(params: &[u8]) -> impl Iterator<Item = Option<u16>> + '_ {
    params
        .split(|&b| b == b';')
        .filter(|f| !f.is_empty())
        .map(|f| std::str::from_utf8(f).ok()?.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_attributes_list_their_numbers() {
        let da1 = |s: &[u8]| from_csi(s);
        assert_eq!(
            da1(b"\x1b[?63;1;2;4;6;9;15;16;22;28c"),
            Some(Answer::Da1(vec![63, 1, 2, 4, 6, 9, 15, 16, 22, 28]))
        );
        // kitty ends its list with an empty field; tmux 3.3a answers 1;2.
        assert_eq!(da1(b"\x1b[?62;c"), Some(Answer::Da1(vec![62])));
        assert_eq!(da1(b"\x1b[?1;2c"), Some(Answer::Da1(vec![1, 2])));
        // Garbage still ends the probe.
        assert_eq!(da1(b"\x1b[?x;4c"), Some(Answer::Da1(vec![4])));
        assert_eq!(da1(b"\x1b[?c"), Some(Answer::Da1(vec![])));
        // Not answers: keys and other reports.
        assert_eq!(da1(b"\x1b[A"), None);
        assert_eq!(da1(b"\x1b[1;5A"), None);
        assert_eq!(da1(b"\x1b[2c"), None);
    }

    #[test]
    fn cell_size_is_height_then_width() {
        assert_eq!(
            from_csi(b"\x1b[6;18;9t"),
            Some(Answer::CellSize {
                width: 9,
                height: 18
            })
        );
        assert_eq!(from_csi(b"\x1b[6;18t"), None);
        assert_eq!(from_csi(b"\x1b[4;600;800t"), None);
        assert_eq!(from_csi(b"\x1b[6;x;9t"), None);
    }

    #[test]
    fn strings_name_the_terminal_and_say_whether_kitty_graphics_work() {
        assert_eq!(
            from_string(b"\x1bP>|kitty(0.26.5)\x1b\\"),
            Some(Answer::XtVersion("kitty(0.26.5)".into()))
        );
        assert_eq!(
            from_string(b"\x1bP>|tmux 3.3a\x1b\\"),
            Some(Answer::XtVersion("tmux 3.3a".into()))
        );
        assert_eq!(
            from_string(b"\x1b_Gi=31;OK\x1b\\"),
            Some(Answer::Kitty { ok: true })
        );
        assert_eq!(
            from_string(b"\x1b_Gi=31;ENOENT:bad\x1b\\"),
            Some(Answer::Kitty { ok: false })
        );
        assert_eq!(from_string(b"\x1b_Gi=7;OK\x1b\\"), None);
        assert_eq!(from_string(b"\x1bP1$r0m\x1b\\"), None);
        assert_eq!(from_string(b"\x1bP>|unterminated"), None);
    }
}
