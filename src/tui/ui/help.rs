//! The `?` overlay: every binding, grouped by where it applies, straight from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::keymap::{self, Context};
use crate::tui::theme;

const SHOWN: [Context; 10] = [
    Context::Global,
    Context::Command,
    Context::Numbers,
    Context::Filter,
    Context::Card,
    Context::Text,
    Context::NameField,
    Context::PathInput,
    Context::Composer,
    Context::Picker,
];

pub fn render(frame: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    for ctx in SHOWN {
        let mut spans = vec![Span::styled(format!("{}: ", ctx.title()), theme::label())];
        for b in keymap::bindings_for(&[ctx]) {
            spans.push(Span::styled(b.label, theme::key()));
            spans.push(Span::raw(format!(" {}  ", b.desc)));
        }
        lines.push(Line::from(spans));
    }
    let width = area.width.saturating_sub(4).min(100);
    // Wrapped height, estimated generously (word wrap can only add a little per line).
    let inner_width = usize::from(width.saturating_sub(2).max(1));
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1) + usize::from(l.width() > inner_width))
        .sum();
    let height = (rows as u16 + 2).min(area.height.saturating_sub(2));
    let rect = super::popup::centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title("Keys — Esc closes")
        .border_style(theme::border(true));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}
