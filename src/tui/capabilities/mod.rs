//! How the avatar is drawn in this terminal, and how that is found out.
//!
//! The first frame uses what the environment says (`env`), at once. In the same tick the
//! terminal is asked (`probe`: XTVERSION, the kitty graphics query, the cell size, DA1 last), its
//! answers are read out of the input (`tui::input`), and when DA1 arrives `choose` decides again
//! from what it said; the app then redraws the avatar. Inside tmux the outer terminal is asked
//! through passthrough as well (`tmux`). Why, and what was measured: `docs/terminal.md`.

pub mod answer;
pub mod choose;
pub mod env;
pub mod probe;
pub mod tmux;

use std::fmt;
use std::sync::{Arc, RwLock};

/// How the avatar's pixels reach the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Unicode half blocks: two pixels a cell, in colour. Works everywhere colour does.
    Halfblocks,
    /// Sixel graphics (xterm -ti vt340, foot, WezTerm, tmux ≥ 3.4 built with sixel…).
    Sixel,
    /// iTerm2's inline images (iTerm2, WezTerm, mintty, VS Code…).
    Iterm2,
    /// kitty graphics placed by Unicode placeholders (kitty ≥ 0.28, Ghostty): ordinary text
    /// cells, so tmux redraws keep them.
    KittyPlaceholders,
    /// kitty graphics placed at the cursor (every kitty), deleted and placed again when the
    /// picture moves, changes, or is covered.
    KittyDirect,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Halfblocks => "half blocks",
            Protocol::Sixel => "sixel",
            Protocol::Iterm2 => "iTerm2 inline images",
            Protocol::KittyPlaceholders => "kitty graphics (Unicode placeholders)",
            Protocol::KittyDirect => "kitty graphics (direct placement)",
        }
    }
}

/// Cell size assumed when nothing reports one: only half blocks use it (they need a shape).
pub const DEFAULT_CELL: (u16, u16) = (10, 20);

/// The decision: what draws the avatar, at what cell size, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graphics {
    pub protocol: Protocol,
    /// One cell in pixels (width, height).
    pub cell: (u16, u16),
    /// Wrap what is drawn in tmux passthrough (`ESC P tmux; … ESC \`) for the outer terminal.
    pub passthrough: bool,
    /// What was detected and why this was chosen, for the log, `bloocard config` and `?`.
    pub summary: String,
    /// One line for the card pane when a setting would let the photo be drawn.
    pub hint: Option<String>,
}

impl Graphics {
    pub fn halfblocks(summary: impl Into<String>) -> Self {
        Self {
            protocol: Protocol::Halfblocks,
            cell: DEFAULT_CELL,
            passthrough: false,
            summary: summary.into(),
            hint: None,
        }
    }

    /// A pixel protocol at `cell`, or half blocks when there is no cell size to scale with.
    pub fn pixels(protocol: Protocol, cell: Option<(u16, u16)>, summary: String) -> Self {
        match cell {
            Some(cell) if protocol != Protocol::Halfblocks => Self {
                protocol,
                cell,
                passthrough: false,
                summary: format!("{summary} → {}", protocol.name()),
                hint: None,
            },
            Some(_) => Self::halfblocks(format!("{summary} → half blocks")),
            None => Self::halfblocks(format!(
                "{summary}, but no cell size in pixels → half blocks"
            )),
        }
    }
}

/// The graphics the worker encodes with, which the input session updates when the terminal
/// answers (`None`: images off).
pub type SharedGraphics = Arc<RwLock<Option<Graphics>>>;

impl fmt::Display for Graphics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)
    }
}

/// The cell size in pixels from the terminal driver's window size (an ioctl: no bytes exchanged
/// with the terminal). `None` when the terminal does not fill in the pixel fields.
pub fn winsize_cell() -> Option<(u16, u16)> {
    let size = crossterm::terminal::window_size().ok()?;
    if size.columns == 0 || size.rows == 0 || size.width == 0 || size.height == 0 {
        return None;
    }
    Some((size.width / size.columns, size.height / size.rows))
}

/// The graphics for a protocol the operator named (`--image kitty|sixel|iterm2`): trusted as
/// given, without asking the terminal. Inside tmux kitty and iTerm2 go through passthrough, kitty
/// by Unicode placeholders (text cells, which tmux redraws); outside, kitty uses direct
/// placement, which every kitty has. Sixel is left to tmux (tmux ≥ 3.4 draws it itself).
pub fn forced(protocol: Protocol, in_tmux: bool) -> Graphics {
    let protocol = match protocol {
        Protocol::KittyDirect | Protocol::KittyPlaceholders if in_tmux => {
            Protocol::KittyPlaceholders
        }
        Protocol::KittyPlaceholders => Protocol::KittyDirect,
        other => other,
    };
    let cell = winsize_cell().unwrap_or(DEFAULT_CELL);
    let mut graphics = Graphics::pixels(protocol, Some(cell), String::new());
    graphics.summary = format!("{} (asked for with --image)", protocol.name());
    graphics.passthrough = in_tmux && protocol != Protocol::Sixel;
    graphics
}
