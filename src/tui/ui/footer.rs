//! The footer: the keys that work right now, built from the keymap for the current contexts (the
//! same walk the router does), with the way to the full help pinned to the right.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let contexts = app.contexts();
    let help = if contexts.contains(&Context::Command) {
        keymap::label(Context::Command, Action::Help)
    } else {
        keymap::label(Context::Global, Action::Help)
    };
    let mut spans = Vec::new();
    for b in keymap::footer_for(&contexts) {
        spans.push(Span::styled(b.label, theme::key()));
        spans.push(Span::raw(format!(" {}  ", b.desc)));
    }
    let overlay = app.modal.is_some();
    let right = if overlay { 0 } else { 8 };
    let [left, pinned] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right)]).areas(area);
    let line = Line::from(spans);
    let line = super::fit::line(Line::from(trim_last(line)), left.width);
    frame.render_widget(Paragraph::new(line), left);
    if !overlay {
        let pinned_line = Line::from(vec![Span::styled(help, theme::key()), Span::raw(" help")]);
        frame.render_widget(
            Paragraph::new(pinned_line).alignment(Alignment::Right),
            pinned,
        );
    }
}

/// The separator after the last hint is not text.
fn trim_last(line: Line<'static>) -> Vec<Span<'static>> {
    let mut spans = line.spans;
    if let Some(last) = spans.last_mut() {
        last.content = last.content.trim_end().to_owned().into();
    }
    spans
}
