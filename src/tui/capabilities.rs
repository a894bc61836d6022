//! Which terminal-graphics protocol draws the avatar, decided from the environment alone.
//!
//! Nothing here writes to the terminal or reads its input: asking the terminal (ratatui-image's
//! `Picker::from_query_stdio`) reads stdin for up to two seconds and throws away every byte that
//! is not an answer, keys included. The terminals that draw images say who they are in variables
//! that also survive SSH (`TERM=xterm-kitty`, `TERM=xterm-ghostty`, `TERM=foot`, `LC_TERMINAL`);
//! everywhere else, and inside tmux or screen, the avatar is drawn in half blocks, which every
//! colour terminal shows. Why, and what was measured: `docs/terminal.md`.

use ratatui_image::FontSize;
use ratatui_image::picker::{Picker, ProtocolType};

/// What the environment says about the terminal, and what we make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub protocol: ProtocolType,
    /// Which variable decided it, for the log.
    pub reason: &'static str,
}

/// Terminals whose `TERM_PROGRAM` names an iTerm2-protocol implementation (ratatui-image's list).
const ITERM2_PROGRAMS: [&str; 10] = [
    "iTerm",
    "WezTerm",
    "mintty",
    "vscode",
    "Tabby",
    "Hyper",
    "rio",
    "Bobcat",
    "WarpTerminal",
    "Warp",
];

/// Decides the protocol from environment variables, read through `var` (the process environment
/// in the app, a table in tests). Empty values count as unset.
pub fn detect(var: impl Fn(&str) -> Option<String>) -> Detected {
    let get = |name: &str| var(name).filter(|v| !v.is_empty());
    let term = get("TERM").unwrap_or_default();
    let program = get("TERM_PROGRAM").unwrap_or_default();
    let found = |protocol, reason| Detected { protocol, reason };

    // A multiplexer stands between us and the terminal. Images need tmux's passthrough and the
    // outer terminal's own support, and the variables tmux hands its panes (KITTY_WINDOW_ID,
    // ITERM_SESSION_ID…) describe whichever terminal started the server, not the one attached now.
    if get("TMUX").is_some() || term.starts_with("tmux") || program == "tmux" {
        return found(ProtocolType::Halfblocks, "TMUX");
    }
    if get("STY").is_some() || term.starts_with("screen") {
        return found(ProtocolType::Halfblocks, "STY/TERM=screen");
    }
    if get("ZELLIJ").is_some() {
        return found(ProtocolType::Halfblocks, "ZELLIJ");
    }

    if term == "xterm-kitty" || get("KITTY_WINDOW_ID").is_some() {
        return found(ProtocolType::Kitty, "TERM=xterm-kitty/KITTY_WINDOW_ID");
    }
    if term == "xterm-ghostty" || program == "ghostty" {
        return found(
            ProtocolType::Kitty,
            "TERM=xterm-ghostty/TERM_PROGRAM=ghostty",
        );
    }
    if get("WEZTERM_EXECUTABLE").is_some() {
        // WezTerm's kitty and sixel support is partial; its iTerm2 protocol is complete.
        return found(ProtocolType::Iterm2, "WEZTERM_EXECUTABLE");
    }
    if ITERM2_PROGRAMS.iter().any(|p| program.contains(p)) {
        return found(ProtocolType::Iterm2, "TERM_PROGRAM");
    }
    // iTerm2 sets LC_TERMINAL, and ssh forwards LC_* by default.
    if get("LC_TERMINAL").is_some_and(|t| t.contains("iTerm")) {
        return found(ProtocolType::Iterm2, "LC_TERMINAL");
    }
    if get("KONSOLE_VERSION").is_some() {
        // Konsole's sixel and kitty support are both buggy (ratatui-image's compatibility table).
        return found(ProtocolType::Halfblocks, "KONSOLE_VERSION");
    }
    if term == "foot" || term.starts_with("foot-") || term.starts_with("mlterm") {
        return found(ProtocolType::Sixel, "TERM");
    }
    found(ProtocolType::Halfblocks, "no graphics terminal named")
}

/// The cell size in pixels from the terminal driver's window size (an ioctl: no bytes exchanged
/// with the terminal). `None` when the terminal does not fill in the pixel fields.
pub fn font_size() -> Option<FontSize> {
    let size = crossterm::terminal::window_size().ok()?;
    if size.columns == 0 || size.rows == 0 || size.width == 0 || size.height == 0 {
        return None;
    }
    Some(FontSize::new(
        size.width / size.columns,
        size.height / size.rows,
    ))
}

/// A picker for `detected`. Pixel protocols need the cell size to scale the image; without one
/// the avatar falls back to half blocks, as ratatui-image itself does.
pub fn picker(detected: Detected, font: Option<FontSize>) -> Picker {
    match (detected.protocol, font) {
        (ProtocolType::Halfblocks, _) | (_, None) => Picker::halfblocks(),
        (protocol, Some(font)) => {
            // Deprecated in favour of `from_query_stdio`, which is exactly the stdin query this
            // module exists to avoid; it is still the one way to give a known cell size.
            #[allow(deprecated)]
            let mut picker = Picker::from_fontsize(font);
            picker.set_protocol_type(protocol);
            picker
        }
    }
}

/// Cell size assumed when the terminal does not report one and a protocol was asked for by name.
const DEFAULT_FONT: FontSize = FontSize::new(10, 20);

/// The picker for a protocol the operator named (`--image kitty|sixel|iterm2`): trusted as given,
/// inside tmux too (ratatui-image wraps it for tmux passthrough and turns `allow-passthrough` on).
pub fn forced(protocol: ProtocolType) -> Picker {
    let detected = Detected {
        protocol,
        reason: "--image",
    };
    picker(detected, Some(font_size().unwrap_or(DEFAULT_FONT)))
}

/// The picker for this process's terminal, decided without touching the terminal.
pub fn from_environment() -> Picker {
    let detected = detect(|name| std::env::var(name).ok());
    let font = font_size();
    let picker = picker(detected, font);
    tracing::info!(
        detected = ?detected.protocol,
        reason = detected.reason,
        font = ?font.map(|f| (f.width, f.height)),
        using = ?picker.protocol_type(),
        "terminal graphics decided from the environment"
    );
    picker
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_with(vars: &[(&str, &str)]) -> ProtocolType {
        detect(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
        .protocol
    }

    #[test]
    fn terminals_that_name_themselves_get_their_protocol() {
        use ProtocolType::*;
        assert_eq!(detect_with(&[("TERM", "xterm-kitty")]), Kitty);
        assert_eq!(detect_with(&[("KITTY_WINDOW_ID", "3")]), Kitty);
        assert_eq!(detect_with(&[("TERM", "xterm-ghostty")]), Kitty);
        assert_eq!(detect_with(&[("TERM_PROGRAM", "iTerm.app")]), Iterm2);
        assert_eq!(detect_with(&[("LC_TERMINAL", "iTerm2")]), Iterm2);
        assert_eq!(detect_with(&[("WEZTERM_EXECUTABLE", "/x/wezterm")]), Iterm2);
        assert_eq!(detect_with(&[("TERM", "foot")]), Sixel);
    }

    #[test]
    fn multiplexers_and_unknown_terminals_get_half_blocks() {
        use ProtocolType::*;
        // Stale outer-terminal variables inside tmux do not count.
        let tmux = [
            ("TMUX", "/tmp/tmux-0/default,1,0"),
            ("KITTY_WINDOW_ID", "1"),
        ];
        assert_eq!(detect_with(&tmux), Halfblocks);
        assert_eq!(detect_with(&[("TERM", "tmux-256color")]), Halfblocks);
        assert_eq!(
            detect_with(&[("TERM", "screen.xterm-256color")]),
            Halfblocks
        );
        assert_eq!(detect_with(&[("TERM", "xterm-256color")]), Halfblocks);
        assert_eq!(detect_with(&[]), Halfblocks);
        // Empty means unset.
        assert_eq!(detect_with(&[("TMUX", ""), ("TERM", "xterm-kitty")]), Kitty);
    }

    #[test]
    fn a_pixel_protocol_without_a_cell_size_falls_back_to_half_blocks() {
        let kitty = Detected {
            protocol: ProtocolType::Kitty,
            reason: "test",
        };
        assert_eq!(
            picker(kitty, None).protocol_type(),
            ProtocolType::Halfblocks
        );
        let with_font = picker(kitty, Some(FontSize::new(9, 18)));
        assert_eq!(with_font.protocol_type(), ProtocolType::Kitty);
        let font = with_font.font_size();
        assert_eq!((font.width, font.height), (9, 18));
    }
}
