//! Colours and text styles in one place. Every state is also spelled out in text (markers,
//! `[x]`, `(•)`, `*`), so with NO_COLOR nothing is lost but colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};

/// NO_COLOR (<https://no-color.org>): present and not empty means no colour. Read once, at start.
pub fn no_color_from_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Takes every colour out of a drawn frame and keeps bold, reverse and the other modifiers, which
/// carry focus and selection without colour. One pass after drawing, so no view needs to know.
/// `keep` is left as drawn: the avatar, when `--image halfblocks` was asked for under NO_COLOR.
pub fn strip_colours(buf: &mut Buffer, keep: Option<Rect>) {
    let area = buf.area;
    for (i, cell) in buf.content.iter_mut().enumerate() {
        let at = Position::new(
            area.x + (i % usize::from(area.width.max(1))) as u16,
            area.y + (i / usize::from(area.width.max(1))) as u16,
        );
        if keep.is_some_and(|k| k.contains(at)) {
            continue;
        }
        cell.set_fg(Color::Reset).set_bg(Color::Reset);
    }
}

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn label() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green)
}

pub fn dirty() -> Style {
    Style::new().fg(Color::Yellow)
}

/// A marked number in the list (the `✓` says it without colour).
pub fn marked() -> Style {
    Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// The spinner frames; the app advances the index only while something is in flight.
pub const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

pub fn spinner(frame: usize) -> &'static str {
    SPINNER[frame % SPINNER.len()]
}
