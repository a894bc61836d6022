//! The screen drawn when the terminal is smaller than the panes need: its size, the size needed,
//! and what the keys still do. Keys keep working unseen, so unsaved edits and an open quit
//! question are said here, with what ^C does next.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Confirm, Modal};
use crate::tui::keymap::{self, Action, Context};
use crate::tui::layout;
use crate::tui::theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let quit = keymap::label(Context::Always, Action::ForceQuit);
    let mut lines = vec![
        Line::raw(format!(
            "Terminal too small: {}×{}.",
            area.width, area.height
        )),
        Line::raw(format!(
            "bloocard needs at least {}×{}.",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        )),
    ];
    if app.modal == Some(Modal::Confirm(Confirm::Quit)) {
        lines.push(Line::styled(
            format!("You have {}: quit and lose them?", unsaved(app)),
            theme::dirty(),
        ));
        lines.push(super::popup::answers(app).alignment(Alignment::Center));
        lines.push(Line::raw(format!(
            "{quit} again quits and loses them; enlarge the window to see the question."
        )));
    } else if app.has_unsaved() {
        lines.push(Line::styled(
            format!("You have {}.", unsaved(app)),
            theme::dirty(),
        ));
        lines.push(Line::raw(format!(
            "Enlarge the window to see or save them. {quit} asks before quitting; \
             {quit} twice quits and loses them."
        )));
    } else {
        lines.push(Line::raw(format!(
            "Enlarge the window, or press {quit} to quit."
        )));
    }
    let lines = super::fit::wrapped(lines, area.width, area.height);
    let rows = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let y = area.height.saturating_sub(rows) / 2;
    let rect = Rect::new(area.x, area.y + y, area.width, area.height - y);
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), rect);
}

/// "unsaved card edits and an unsent message", as much of it as is true.
fn unsaved(app: &App) -> String {
    match (app.card.is_dirty(), app.composer.has_unsent()) {
        (true, true) => "unsaved card edits and an unsent message".to_owned(),
        (true, false) => "unsaved card edits".to_owned(),
        _ => "an unsent message".to_owned(),
    }
}
