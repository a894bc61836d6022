//! The one-line notice just above the footer; it clears on the next key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};

use crate::tui::app::Toast;
use crate::tui::state::overlay::Tone;
use crate::tui::theme;

pub fn render(toast: &Toast, frame: &mut Frame, footer: Rect) {
    let Some(y) = footer.y.checked_sub(1) else {
        return;
    };
    let rect = Rect { y, ..footer };
    let (mark, style) = match toast.tone {
        Tone::Error => ("✗ ", theme::error()),
        Tone::Done => ("✓ ", theme::ok()),
        Tone::Note => ("· ", theme::label()),
    };
    frame.render_widget(Clear, rect);
    let text = super::fit::ellipsis(&format!("{mark}{}", toast.text), usize::from(rect.width));
    frame.render_widget(Paragraph::new(text).style(style), rect);
}
