//! The composer's conversation: its header (under the chat field) and its rows, newest at the
//! bottom, scrolled as the state says. Every text was cleaned when it arrived; the rows come from
//! `History::rows`, the same ones the scroll keys count.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::state::Load;
use crate::tui::state::history::History;
use crate::tui::theme;

/// The line under the chat field while its conversation is shown: how many messages, loading,
/// scrolled, or why it could not be read (sending still works).
pub fn header(app: &App, history: &History, width: u16, rows: Rect) -> Line<'static> {
    let reload = keymap::label(Context::Composer, Action::Refresh);
    let line = match &history.load {
        Load::Failed(_) => Line::styled(
            format!("  ✗ Messages not loaded · {reload} retries"),
            theme::error(),
        ),
        Load::Loading if history.messages.is_empty() => Line::styled(
            format!(
                "  ✓ valid chat · loading messages {}",
                theme::spinner(app.spinner)
            ),
            theme::dim(),
        ),
        _ if history.messages.is_empty() => {
            Line::styled("  ✓ valid chat · no messages yet".to_owned(), theme::dim())
        }
        load => {
            let n = history.messages.len();
            let mut text = format!(
                "  ✓ {n} message{} · newest at the bottom",
                if n == 1 { "" } else { "s" }
            );
            let total = history.rows(rows.width, rows.height, app.now).len();
            let hidden_above = total
                .saturating_sub(usize::from(rows.height))
                .saturating_sub(history.scroll);
            let newest = history
                .messages
                .last()
                .and_then(|m| m.time_sent)
                .and_then(crate::time_ago::from_millis)
                .map(|t| crate::time_ago::time_ago(t, app.now));
            text = match (hidden_above, history.scroll) {
                // No room for the box at all: at least when the last one was.
                _ if rows.height == 0 => match newest {
                    Some(ago) => format!("  ✓ {n} messages · the newest {ago}"),
                    None => format!("  ✓ {n} messages"),
                },
                (0, 0) => text,
                (above, 0) => format!("  ✓ {n} messages · {} above", rows_of(above)),
                (0, below) => format!("  ✓ {n} messages · the oldest · {} below", rows_of(below)),
                (above, below) => {
                    format!("  ✓ {n} messages · {} above, {below} below", rows_of(above))
                }
            };
            if load.is_loading() {
                text.push_str(&format!(" {}", theme::spinner(app.spinner)));
            }
            Line::styled(text, theme::dim())
        }
    };
    super::fit::line(line, width)
}

/// "1 row", "5 rows".
fn rows_of(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

/// The conversation's rows that fit in `area`, bottom-aligned.
pub fn render(app: &App, history: &History, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    // A failed load: why, in the box (the header says how to retry).
    if let Load::Failed(e) = &history.load {
        let why = Line::styled(format!("Why: {}", clean(&e.sentence)), theme::error());
        let lines = super::fit::wrapped(vec![why], area.width, area.height);
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let rows = history.rows(area.width, area.height, app.now);
    let height = usize::from(area.height);
    let end = rows.len().saturating_sub(history.scroll.min(rows.len()));
    let start = end.saturating_sub(height);
    let shown = &rows[start..end];
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(height);
    // Bottom-aligned: a short conversation sits just above the message field.
    lines.extend((shown.len()..height).map(|_| Line::raw("")));
    for row in shown {
        let message = &history.messages[row.message];
        let text_style = if message.outbound {
            Style::new()
        } else {
            theme::label()
        };
        let mut spans = vec![
            Span::styled(row.head.clone(), theme::dim()),
            Span::styled(row.text.clone(), text_style),
        ];
        if let Some(status) = &row.status {
            let style = if message.failed() {
                theme::error()
            } else if status.starts_with('✓') {
                theme::ok()
            } else {
                theme::dim()
            };
            let gap = if row.text.is_empty() { "" } else { "  " };
            spans.push(Span::raw(gap));
            spans.push(Span::styled(status.clone(), style));
        }
        lines.push(super::fit::line(Line::from(spans), area.width));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
