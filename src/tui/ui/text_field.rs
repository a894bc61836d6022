//! A one-line text field as the card and the path line draw it: underlined, the cursor shown only
//! while it is being edited, read-only values dimmed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

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
    }
    frame.render_widget(&textarea, area);
}
