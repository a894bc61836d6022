//! From what the terminal answered to the protocol that draws the avatar (issue 16's rules):
//! kitty graphics when the kitty query answered OK (Unicode placeholders only where the terminal
//! has them, else direct placement), iTerm2 images where XTVERSION names a terminal that draws
//! them, sixel when DA1 lists 4, else half blocks. Inside tmux: tmux's own sixel when its DA1 and
//! the outer terminal's both list 4, else kitty or iTerm2 through passthrough. Pure.

use super::answer::Answer;
use super::env::Detected;
use super::{Graphics, Protocol};

/// What one terminal (tmux, or the terminal outside it) said.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts {
    pub version: Option<String>,
    pub kitty: Option<bool>,
    pub cell: Option<(u16, u16)>,
    pub da1: Option<Vec<u16>>,
}

impl Facts {
    pub fn apply(&mut self, answer: Answer) {
        match answer {
            Answer::XtVersion(v) => self.version = Some(v),
            Answer::Kitty { ok } => self.kitty = Some(ok),
            Answer::CellSize { width, height } if width > 0 && height > 0 => {
                self.cell = Some((width, height))
            }
            Answer::CellSize { .. } => {}
            Answer::Da1(attrs) => self.da1 = Some(attrs),
        }
    }

    pub fn sixel(&self) -> bool {
        self.da1.as_ref().is_some_and(|a| a.contains(&4))
    }

    fn name(&self) -> String {
        match &self.version {
            Some(v) => format!("{v} via XTVERSION"),
            None => "the terminal (no XTVERSION)".to_owned(),
        }
    }

    fn brand(&self) -> Brand {
        self.version.as_deref().map_or(Brand::Unknown, Brand::of)
    }
}

/// Whether tmux passthrough is open for this pane (only asked inside tmux).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Passthrough {
    On,
    /// Off, and bloocard could not turn it on: why.
    Off(String),
}

/// Everything known before any answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub env: Detected,
    /// Inside tmux by the environment.
    pub tmux: bool,
    pub passthrough: Passthrough,
    /// The cell size from TIOCGWINSZ, when the terminal fills in pixels.
    pub winsize_cell: Option<(u16, u16)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brand {
    Kitty {
        placeholders: bool,
    },
    Ghostty,
    /// iTerm2, WezTerm, mintty…: iTerm2 inline images are their best protocol.
    Iterm2Like,
    Konsole,
    Tmux,
    Unknown,
}

impl Brand {
    fn of(version: &str) -> Brand {
        const ITERM2_LIKE: [&str; 6] = ["iTerm2", "WezTerm", "mintty", "Tabby", "Hyper", "Bobcat"];
        if let Some(rest) = version.strip_prefix("kitty(") {
            // Unicode placeholders arrived in kitty 0.28.0.
            let placeholders = version_at_least(rest.trim_end_matches(')'), (0, 28));
            return Brand::Kitty { placeholders };
        }
        if version.starts_with("ghostty") {
            return Brand::Ghostty;
        }
        if version.starts_with("tmux ") {
            return Brand::Tmux;
        }
        if version.starts_with("Konsole") {
            return Brand::Konsole;
        }
        if ITERM2_LIKE.iter().any(|n| version.starts_with(n)) {
            return Brand::Iterm2Like;
        }
        Brand::Unknown
    }

    fn placeholders(self) -> bool {
        matches!(self, Brand::Kitty { placeholders: true } | Brand::Ghostty)
    }
}

/// `0.26.5` ≥ (0, 28)?
fn version_at_least(text: &str, (major, minor): (u32, u32)) -> bool {
    let mut parts = text.split('.').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}

/// The decision once `first` (the terminal bloocard talks to; tmux, inside tmux) has answered
/// DA1, and `outer` (the terminal outside tmux, through passthrough) too if it has.
pub fn choose(ctx: &Context, first: &Facts, outer: Option<&Facts>) -> Graphics {
    if ctx.tmux || first.brand() == Brand::Tmux {
        return in_tmux(ctx, first, outer);
    }
    let cell = first.cell.or(ctx.winsize_cell);
    let name = first.name();
    let brand = first.brand();
    match (brand, first.kitty) {
        (Brand::Iterm2Like, _) => Graphics::pixels(Protocol::Iterm2, cell, name),
        (Brand::Konsole, _) => Graphics::halfblocks(format!(
            "{name}: its kitty and sixel drawing are unreliable → half blocks"
        )),
        (_, Some(true)) if brand.placeholders() => {
            Graphics::pixels(Protocol::KittyPlaceholders, cell, name)
        }
        (_, Some(true)) => Graphics::pixels(
            Protocol::KittyDirect,
            cell,
            format!("{name}; no Unicode placeholders"),
        ),
        _ if first.sixel() => {
            Graphics::pixels(Protocol::Sixel, cell, format!("{name}; DA1 lists sixel"))
        }
        // A terminal that says nothing useful: what its variables named, if anything.
        _ if ctx.env.protocol != Protocol::Halfblocks => Graphics::pixels(
            ctx.env.protocol,
            cell,
            format!(
                "{name}; {} from {}",
                ctx.env.protocol.name(),
                ctx.env.reason
            ),
        ),
        _ => Graphics::halfblocks(format!(
            "{name}: no kitty graphics, no sixel in DA1 → half blocks"
        )),
    }
}

fn in_tmux(ctx: &Context, first: &Facts, outer: Option<&Facts>) -> Graphics {
    let tmux = first.version.clone().unwrap_or_else(|| "tmux".to_owned());
    let tmux_sixel = first.sixel();
    let Some(outer) = outer else {
        let mut g = Graphics::halfblocks(format!(
            "{tmux}; nothing (yet) from the terminal outside it through passthrough → half blocks"
        ));
        if let Passthrough::Off(why) = &ctx.passthrough {
            g.summary = format!("{tmux}; passthrough is off ({why}) → half blocks");
            g.hint = Some(passthrough_hint());
        }
        return g;
    };
    let cell = outer.cell.or(first.cell).or(ctx.winsize_cell);
    let name = format!("{tmux} in {}", outer.name());
    let brand = outer.brand();
    let through = |protocol, summary: String| Graphics {
        passthrough: true,
        ..Graphics::pixels(protocol, cell, summary)
    };
    if tmux_sixel && outer.sixel() {
        return Graphics::pixels(
            Protocol::Sixel,
            cell,
            format!("{name}; both list sixel in DA1 (tmux's own sixel)"),
        );
    }
    match (brand, outer.kitty) {
        (_, Some(true)) if brand.placeholders() => through(
            Protocol::KittyPlaceholders,
            format!("{name}; through passthrough"),
        ),
        (Brand::Iterm2Like, _) => through(Protocol::Iterm2, format!("{name}; through passthrough")),
        (_, Some(true)) => through(
            Protocol::KittyDirect,
            format!("{name}; no Unicode placeholders, direct placement through passthrough"),
        ),
        _ if outer.sixel() => {
            let mut g = Graphics::halfblocks(format!(
                "{name}; the terminal has sixel but {tmux} draws none → half blocks"
            ));
            g.hint = Some(format!(
                "Photo: {tmux} draws no sixel; tmux ≥ 3.4 built with sixel would show it"
            ));
            g
        }
        _ => Graphics::halfblocks(format!(
            "{name}: no kitty graphics, no sixel in DA1 → half blocks"
        )),
    }
}

/// The one line that says how to let the photo through tmux.
pub fn passthrough_hint() -> String {
    "Photo: allow tmux passthrough: tmux set -g allow-passthrough on".to_owned()
}

#[cfg(test)]
#[path = "choose_tests.rs"]
mod tests;
