//! A one-line text field as the card and the path line draw it: underlined, the cursor shown only
//! while it is being edited, read-only values dimmed, `…` where text runs past an edge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::state::text::Field;
use crate::tui::theme;

use super::fit;

/// A one-line text field; the cursor is shown only when the field is being edited.
pub fn draw(frame: &mut Frame, field: &Field, area: Rect, editing: bool, read_only: bool) {
    if area.is_empty() {
        return;
    }
    if read_only {
        let text = field.text();
        let shown = if text.is_empty() {
            "—".to_owned()
        } else {
            text
        };
        frame.render_widget(
            Paragraph::new(Span::styled(
                fit::ellipsis(&shown, usize::from(area.width)),
                theme::dim(),
            )),
            area,
        );
        return;
    }
    let mut textarea = field.area.clone();
    textarea.set_style(Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED));
    if !editing {
        textarea.set_cursor_style(Style::new());
        // A field not being edited reads from its start, however far editing scrolled it.
        if !field.multiline {
            textarea.move_cursor(ratatui_textarea::CursorMove::Head);
        }
    }
    frame.render_widget(&textarea, area);
    if !field.multiline {
        mark_cut_ends(frame, &field.text(), textarea.cursor().1, area);
    }
}

/// A one-line text wider than its field is scrolled to keep the cursor in view (the textarea's
/// own rule: the cursor's cell at the right edge at most); `…` on an edge says text goes on
/// past it, as everywhere else that text is cut.
fn mark_cut_ends(frame: &mut Frame, text: &str, cursor: usize, area: Rect) {
    let width = usize::from(area.width);
    let total = text.width();
    if total <= width || width < 2 {
        return;
    }
    let before: usize = text
        .chars()
        .take(cursor)
        .map(|c| c.width().unwrap_or(0))
        .sum();
    let under = text
        .chars()
        .nth(cursor)
        .map_or(1, |c| c.width().unwrap_or(1).max(1));
    let right = before + under - 1;
    let left = if right >= width { right + 1 - width } else { 0 };
    let buffer = frame.buffer_mut();
    if left > 0 {
        buffer[(area.x, area.y)].set_symbol("…");
    }
    // More text past the right edge, and the cursor is not drawn on that last cell.
    if total > left + width && right < left + width - 1 {
        buffer[(area.x + area.width - 1, area.y)].set_symbol("…");
    }
}
