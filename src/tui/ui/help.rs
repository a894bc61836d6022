//! The `?` overlay: every binding, grouped by the help section its context names
//! (`Context::section`), straight from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use strum::IntoEnumIterator;

use crate::tui::capabilities::Graphics;
use crate::tui::keymap::{self, Context, Section};
use crate::tui::theme;

/// Every context some section shows (a test checks none the router uses is left out).
/// Joins a key to its words (ratatui's wrapping does not break at it).
const NBSP: &str = "\u{a0}";

pub fn shown() -> Vec<Context> {
    Context::iter().filter(|c| c.section().is_some()).collect()
}

/// The overlay, with what draws the avatar and why (`graphics`) under the keys, so that a user
/// can tell and report it.
pub fn render(frame: &mut Frame, area: Rect, graphics: Option<&Graphics>) {
    let mut lines = Vec::new();
    for section in Section::iter() {
        let mut spans = vec![Span::styled(
            format!("{}: ", section.title()),
            theme::label(),
        )];
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for b in keymap::bindings_in(section) {
            let Some(desc) = b.help_desc() else {
                continue;
            };
            if seen.contains(&(b.label, desc)) {
                continue;
            }
            seen.push((b.label, desc));
            // A key and its words never part at a line end: they are joined by no-break spaces,
            // and lines break only between entries.
            spans.push(Span::styled(b.label, theme::key()));
            spans.push(Span::raw(format!("{NBSP}{}", desc.replace(' ', NBSP))));
            spans.push(Span::raw("  "));
        }
        lines.push(Line::from(spans));
    }
    if let Some(g) = graphics {
        lines.push(Line::from(vec![
            Span::styled("Images: ", theme::label()),
            Span::raw(format!("{g} (--image names another)")),
        ]));
        if let Some(hint) = &g.hint {
            lines.push(Line::raw(hint.clone()));
        }
    }
    let width = area.width.saturating_sub(4).min(110);
    // Wrapped height, estimated generously (word wrap can only add a little per line).
    let inner_width = usize::from(width.saturating_sub(2).max(1));
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1) + usize::from(l.width() > inner_width))
        .sum();
    let height = (rows as u16 + 2).min(area.height.saturating_sub(2));
    let rect = super::popup::centered(area, width, height);
    frame.render_widget(Clear, rect);
    let close = keymap::label(Context::Help, keymap::Action::CloseOverlay);
    let block = Block::bordered()
        .title(format!("Keys — {close} closes"))
        .border_style(theme::border(true));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}
