//! The footer: the keys that work right now, built from the keymap for the current contexts,
//! with the way to the full help pinned to the right so it is never cut off.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keymap::{self, Action};
use crate::tui::theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let contexts = app.contexts();
    let help = if app.text_focused() { "F1" } else { "?" };
    let pinned = Line::from(vec![Span::styled(help, theme::key()), Span::raw(" help")]);
    let mut spans = Vec::new();
    let mut seen = vec![Action::Help];
    let mut labels: Vec<&str> = Vec::new();
    for b in keymap::bindings_for(&contexts).filter(|b| b.footer) {
        // The first context wins a key: a path field's Tab completes, it does not change pane.
        if seen.contains(&b.action) || labels.contains(&b.label) {
            continue;
        }
        seen.push(b.action);
        labels.push(b.label);
        spans.push(Span::styled(b.label, theme::key()));
        spans.push(Span::raw(format!(" {}  ", b.desc)));
    }
    let [left, right] = Layout::horizontal([Constraint::Min(0), Constraint::Length(8)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), left);
    if app.overlay.is_none() {
        frame.render_widget(Paragraph::new(pinned).alignment(Alignment::Right), right);
    }
}
