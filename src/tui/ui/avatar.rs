//! The avatar preview: the image (already encoded by the worker), or a placeholder saying why
//! there is none, and the picture's pixels and size underneath.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui_image::Image;

use crate::tui::preview::{AVATAR_ROWS, Preview};
use crate::tui::state::card::{AvatarView, CardState};
use crate::tui::theme;

pub fn render(card: &CardState, frame: &mut Frame, area: Rect) {
    let (preview, caption) = match (&card.new_photo, &card.avatar) {
        (Some(photo), _) => (Some(&photo.preview), "unsaved"),
        (None, AvatarView::Ready(p)) => (Some(p), "current"),
        _ => (None, ""),
    };
    let image_area = Rect {
        height: area.height.min(AVATAR_ROWS),
        ..area
    };
    let facts_area = Rect {
        y: area.y + image_area.height,
        height: area.height.saturating_sub(image_area.height),
        ..area
    };
    match preview {
        Some(p) => draw_preview(p, caption, frame, image_area, facts_area),
        None => {
            let text = match &card.avatar {
                AvatarView::Decoding => "decoding…".to_owned(),
                AvatarView::Failed(e) => e.clone(),
                _ if card.baseline.is_none() => "avatar unknown".to_owned(),
                _ => "no avatar".to_owned(),
            };
            placeholder(frame, image_area, &text);
        }
    }
}

fn placeholder(frame: &mut Frame, area: Rect, text: &str) {
    let block = Block::bordered().border_style(theme::dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let y = inner.height.saturating_sub(1) / 2;
    frame.render_widget(
        Paragraph::new(Line::styled(text.to_owned(), theme::dim()))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        Rect {
            y: inner.y + y,
            height: inner.height - y,
            ..inner
        },
    );
}

fn draw_preview(p: &Preview, caption: &str, frame: &mut Frame, image_area: Rect, facts_area: Rect) {
    match &p.image {
        Some(img) => frame.render_widget(Image::new(&img.protocol), image_area),
        None => placeholder(frame, image_area, "preview off"),
    }
    // Two short lines: the preview column is only AVATAR_COLS wide.
    let lines = vec![
        Line::styled(
            format!("{}×{} {}", p.facts.width, p.facts.height, p.facts.format),
            theme::dim(),
        ),
        Line::styled(
            format!("{} · {caption}", human_size(p.facts.bytes)),
            theme::dim(),
        ),
    ];
    frame.render_widget(
        Paragraph::new(lines).alignment(Alignment::Center),
        facts_area,
    );
}

pub fn human_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}
