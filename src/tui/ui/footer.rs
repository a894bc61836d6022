//! The footer: the keys that work right now, built from the keymap for the current contexts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let contexts = app.contexts();
    let mut spans = Vec::new();
    let mut seen = Vec::new();
    for b in keymap::bindings_for(&contexts).filter(|b| b.footer) {
        if seen.contains(&b.action) {
            continue;
        }
        seen.push(b.action);
        spans.push(Span::styled(b.label, theme::key()));
        spans.push(Span::raw(format!(" {}  ", b.desc)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
