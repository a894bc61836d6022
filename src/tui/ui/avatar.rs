//! The avatar preview: the image (already encoded by the worker), or a placeholder saying why
//! there is none, and the picture's pixels and size underneath.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui_image::Image;

use crate::tui::layout::AVATAR_FACTS;
use crate::tui::preview::{AVATAR_ROWS, Preview};
use crate::tui::state::card::{AvatarView, CardState};
use crate::tui::theme;

pub fn render(card: &CardState, frame: &mut Frame, area: Rect) {
    let (preview, caption) = match (&card.new_photo, &card.avatar) {
        (Some(photo), _) => (Some(&photo.preview), "unsaved"),
        (None, AvatarView::Ready(p)) => (Some(p), "current"),
        _ => (None, ""),
    };
    // `layout::card_body` sized the box: the picture, then the facts under it.
    let image_area = Rect {
        height: area
            .height
            .saturating_sub(AVATAR_FACTS)
            .max(AVATAR_ROWS.min(area.height)),
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
    let facts_area = match &p.image {
        Some(img) => {
            // A picture encoded for another box size (the new one is on its way after a resize)
            // is drawn as it is, centred, with its facts right under it.
            let size = img.protocol.size();
            let (w, h) = (
                size.width.min(image_area.width),
                size.height.min(image_area.height),
            );
            let picture = Rect {
                x: image_area.x + (image_area.width - w) / 2,
                width: w,
                height: h,
                ..image_area
            };
            frame.render_widget(Image::new(&img.protocol), picture);
            Rect {
                y: picture.bottom(),
                height: AVATAR_FACTS,
                ..facts_area
            }
        }
        None => {
            placeholder(frame, image_area, "preview off");
            facts_area
        }
    };
    // Two short lines: the preview column can be as narrow as AVATAR_COLS.
    let lines = vec![
        Line::styled(
            format!("{}×{} {}", p.facts.width, p.facts.height, p.facts.format),
            theme::dim(),
        ),
        Line::styled(
            format!("{} · {caption}", crate::byte_size::human(p.facts.bytes)),
            theme::dim(),
        ),
    ];
    frame.render_widget(
        Paragraph::new(lines).alignment(Alignment::Center),
        facts_area,
    );
}
