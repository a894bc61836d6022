//! What the environment says about the terminal, before it has answered anything: the first
//! frame's choice, the whole choice on Windows, and what the probe falls back to.
//!
//! The terminals that draw images often say who they are in variables that also survive SSH
//! (`TERM=xterm-kitty`, `TERM=xterm-ghostty`, `TERM=foot`, `LC_TERMINAL`); inside tmux or screen
//! the variables describe whichever terminal started the server, so they count for nothing there.

use super::{Graphics, Protocol};

/// What the environment says about the terminal, and what we make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub protocol: Protocol,
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
        return found(Protocol::Halfblocks, "TMUX");
    }
    if get("STY").is_some() || term.starts_with("screen") {
        return found(Protocol::Halfblocks, "STY/TERM=screen");
    }
    if get("ZELLIJ").is_some() {
        return found(Protocol::Halfblocks, "ZELLIJ");
    }

    if term == "xterm-kitty" || get("KITTY_WINDOW_ID").is_some() {
        // Which kitty is unknown until it answers XTVERSION: direct placement works in all.
        return found(Protocol::KittyDirect, "TERM=xterm-kitty/KITTY_WINDOW_ID");
    }
    if term == "xterm-ghostty" || program == "ghostty" {
        return found(
            Protocol::KittyPlaceholders,
            "TERM=xterm-ghostty/TERM_PROGRAM=ghostty",
        );
    }
    if get("WEZTERM_EXECUTABLE").is_some() {
        // WezTerm's kitty and sixel support is partial; its iTerm2 protocol is complete.
        return found(Protocol::Iterm2, "WEZTERM_EXECUTABLE");
    }
    if ITERM2_PROGRAMS.iter().any(|p| program.contains(p)) {
        return found(Protocol::Iterm2, "TERM_PROGRAM");
    }
    // iTerm2 sets LC_TERMINAL, and ssh forwards LC_* by default.
    if get("LC_TERMINAL").is_some_and(|t| t.contains("iTerm")) {
        return found(Protocol::Iterm2, "LC_TERMINAL");
    }
    if get("KONSOLE_VERSION").is_some() {
        // Konsole's sixel and kitty support are both buggy (ratatui-image's compatibility table).
        return found(Protocol::Halfblocks, "KONSOLE_VERSION");
    }
    if term == "foot" || term.starts_with("foot-") || term.starts_with("mlterm") {
        return found(Protocol::Sixel, "TERM");
    }
    found(Protocol::Halfblocks, "no graphics terminal named")
}

/// Whether the process runs inside tmux, by its variables (tmux answers XTVERSION as well).
pub fn in_tmux(var: impl Fn(&str) -> Option<String>) -> bool {
    let get = |name: &str| var(name).filter(|v| !v.is_empty());
    get("TMUX").is_some()
        || get("TERM").is_some_and(|t| t.starts_with("tmux"))
        || get("TERM_PROGRAM").is_some_and(|t| t == "tmux")
}

/// The graphics the environment alone points to, with the cell size from the window size.
pub fn graphics(detected: Detected, cell: Option<(u16, u16)>) -> Graphics {
    let summary = format!(
        "{} from the environment ({})",
        detected.protocol.name(),
        detected.reason
    );
    let mut graphics = Graphics::pixels(detected.protocol, cell, summary);
    if detected.protocol == Protocol::Halfblocks {
        graphics.summary = format!("half blocks: {}", detected.reason);
    }
    graphics
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_with(vars: &[(&str, &str)]) -> Protocol {
        detect(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
        .protocol
    }

    #[test]
    fn terminals_that_name_themselves_get_their_protocol() {
        use Protocol::*;
        assert_eq!(detect_with(&[("TERM", "xterm-kitty")]), KittyDirect);
        assert_eq!(detect_with(&[("KITTY_WINDOW_ID", "3")]), KittyDirect);
        assert_eq!(detect_with(&[("TERM", "xterm-ghostty")]), KittyPlaceholders);
        assert_eq!(detect_with(&[("TERM_PROGRAM", "iTerm.app")]), Iterm2);
        assert_eq!(detect_with(&[("LC_TERMINAL", "iTerm2")]), Iterm2);
        assert_eq!(detect_with(&[("WEZTERM_EXECUTABLE", "/x/wezterm")]), Iterm2);
        assert_eq!(detect_with(&[("TERM", "foot")]), Sixel);
    }

    #[test]
    fn multiplexers_and_unknown_terminals_get_half_blocks() {
        use Protocol::*;
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
        assert_eq!(
            detect_with(&[("TMUX", ""), ("TERM", "xterm-kitty")]),
            KittyDirect
        );
    }

    #[test]
    fn a_pixel_protocol_without_a_cell_size_falls_back_to_half_blocks() {
        let kitty = Detected {
            protocol: Protocol::KittyDirect,
            reason: "test",
        };
        assert_eq!(graphics(kitty, None).protocol, Protocol::Halfblocks);
        let with_cell = graphics(kitty, Some((9, 18)));
        assert_eq!(with_cell.protocol, Protocol::KittyDirect);
        assert_eq!(with_cell.cell, (9, 18));
    }
}
