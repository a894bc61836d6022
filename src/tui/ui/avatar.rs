//! The avatar preview: the image (already encoded by the worker), or a placeholder saying why
//! there is none, and the picture's pixels and size underneath.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui_image::Image;

use crate::tui::app::App;
use crate::tui::layout::{self, AVATAR_FACTS};
use crate::tui::preview::kitty_direct::Wanted;
use crate::tui::preview::{AVATAR_ROWS, Drawn, ImageProto, Preview};
use crate::tui::state::card::{AvatarView, CardState};
use crate::tui::theme;

/// The preview shown and its caption: the photo about to be saved, else the card's own.
fn shown(card: &CardState) -> (Option<&Preview>, &'static str) {
    match (&card.new_photo, &card.avatar) {
        (Some(photo), _) => (Some(&photo.preview), "unsaved"),
        (None, AvatarView::Ready(p)) => (Some(p), "current"),
        _ => (None, ""),
    }
}

/// The line that says how the photo could be drawn (`Graphics::hint`), if one applies: shown
/// with the card's notes (`ui::card`), next to the preview, and in `?`.
pub fn hint(app: &App) -> Option<&str> {
    app.graphics.as_ref()?.hint.as_deref()
}

/// `layout::card_body` sized the box: the picture, then the facts under it.
fn split_box(area: Rect) -> (Rect, Rect) {
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
    (image_area, facts_area)
}

/// Where the picture goes in the image box: centred, at most the box. A picture encoded for
/// another box size (the new one is on its way after a resize) is drawn as it is.
fn picture_rect(img: &ImageProto, image_area: Rect) -> Rect {
    let size = img.size();
    let (w, h) = (
        size.width.min(image_area.width),
        size.height.min(image_area.height),
    );
    Rect {
        x: image_area.x + (image_area.width - w) / 2,
        width: w,
        height: h,
        ..image_area
    }
}

/// The direct-placed picture (kitty without Unicode placeholders) the frame for `app` shows, and
/// where: none while anything is drawn over the panes, since such a picture covers text.
pub fn placement(app: &App, screen: Rect) -> Option<Wanted<'_>> {
    if app.modals().next().is_some() {
        return None;
    }
    let card = &app.card;
    let img = shown(card).0?.image.as_ref()?;
    let Drawn::Placed(image) = &img.drawn else {
        return None;
    };
    // As `ui::card` draws it: no avatar box without a number or while the first read runs.
    if card.number.is_none() || (card.load.is_loading() && card.baseline.is_none()) {
        return None;
    }
    let panes = layout::panes(screen)?;
    let (_, area) = layout::card_body(panes.card);
    if area.is_empty() {
        return None;
    }
    let at = picture_rect(img, split_box(area).0);
    // Through tmux the outer terminal draws it: not while the pane is hidden, and only once
    // tmux has said where the pane is.
    let (x, y) = match app.tmux_pane {
        _ if !image.through_tmux() => (0, 0),
        Some(pane) if pane.shown => pane.origin,
        _ => return None,
    };
    (at.width >= image.cells.width && at.height >= image.cells.height).then_some(Wanted {
        at,
        image: image.as_ref(),
        outer: (x + at.x, y + at.y),
    })
}

pub fn render(card: &CardState, frame: &mut Frame, area: Rect) {
    let (preview, caption) = shown(card);
    let (image_area, facts_area) = split_box(area);
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
            // Its facts right under it. A placed picture is drawn after the frame, over these
            // blank cells (`placement`).
            let picture = picture_rect(img, image_area);
            if let Drawn::Cells(protocol) = &img.drawn {
                frame.render_widget(Image::new(protocol), picture);
            }
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
