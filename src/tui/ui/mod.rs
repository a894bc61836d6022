//! Views: pure functions from `&App` to a frame, one file per pane or overlay. They never await,
//! send, or touch the terminal; geometry comes from `tui::layout`, key names from the keymap.

pub mod apply;
pub mod apply_rows;
pub mod avatar;
pub mod card;
pub mod composer;
pub mod fit;
pub mod footer;
pub mod help;
pub mod history;
pub mod numbers;
pub mod path_input;
pub mod picker;
pub mod popup;
pub mod share;
pub mod text_field;
pub mod toast;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::{App, Modal, Pane};
use crate::tui::layout;

/// Draws the whole screen for `app`.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let Some(panes) = layout::panes(area) else {
        let text = format!(
            "Terminal too small: {}×{}.\nbloocard needs at least {}×{}.\nEnlarge the window, or press {} to quit.",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            crate::tui::keymap::label(
                crate::tui::keymap::Context::Always,
                crate::tui::keymap::Action::ForceQuit
            )
        );
        let y = area.height.saturating_sub(3) / 2;
        let rect = ratatui::layout::Rect::new(area.x, area.y + y, area.width, area.height - y);
        frame.render_widget(
            Paragraph::new(text)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            rect,
        );
        return;
    };
    numbers::render(app, frame, panes.numbers, app.focus == Pane::Numbers);
    card::render(app, frame, panes.card, app.focus == Pane::Card);
    composer::render(app, frame, panes.composer, app.focus == Pane::Composer);
    footer::render(app, frame, panes.footer);
    if let Some(toast) = &app.toast {
        toast::render(toast, frame, panes.footer);
    }
    for modal in app.modals() {
        match modal {
            Modal::Help => help::render(frame, area, app.graphics.as_ref()),
            Modal::Confirm(c) => popup::confirm(app, c, frame, area),
            Modal::Details(text) => popup::details(text, frame, area),
            Modal::Restore(draft) => popup::restore(app, draft, frame, area),
            Modal::Picker(picker) => picker::render(app, picker, frame, area),
            Modal::Apply(apply) => apply::render(app, apply, frame, area),
            Modal::Share(share) => share::render(app, share, frame, area),
        }
    }
    if app.config.no_color {
        let keep = app
            .config
            .avatar_colour
            .then(|| layout::card_body(panes.card).1)
            .filter(|_| app.modal.is_none());
        crate::tui::theme::strip_colours(frame.buffer_mut(), keep);
    }
}
