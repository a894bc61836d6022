//! The card editor view: name fields, sharing toggles, photo actions, notes, and the avatar.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::api::{Audience, NameFormat};
use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::msg::ErrorInfo;
use crate::tui::preview::AVATAR_COLS;
use crate::tui::state::Load;
use crate::tui::state::card::{CardField, CardState, PathPurpose};
use crate::tui::state::text::Field;
use crate::tui::theme;

const LABEL_WIDTH: u16 = 13;

/// The row (inside the border) each field is drawn on; used by mouse clicks.
fn row_of(field: CardField) -> u16 {
    match field {
        CardField::First => 0,
        CardField::Last => 1,
        CardField::Sharing => 2,
        CardField::Audience => 3,
        CardField::NameFormat => 4,
        CardField::SetPhoto => 7,
        CardField::SaveAvatar => 8,
    }
}

pub fn field_at_row(card: &CardState, row: u16) -> Option<CardField> {
    if card.number.is_none() || card.baseline.is_none() && card.load.is_loading() {
        return None;
    }
    CardField::ALL.into_iter().find(|f| row_of(*f) == row)
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let card = &app.card;
    let mut title = format!("{}Card", if focused { "▶ " } else { "" });
    if let Some(n) = &card.number {
        title.push_str(&format!(" {}", clean(n)));
    }
    if card.is_dirty() {
        title.push_str(" *modified");
    }
    let busy = card.load.is_loading() || card.saving.is_some() || card.preparing.is_some();
    if busy {
        title.push_str(&format!(" {}", theme::spinner(app.spinner)));
    }
    let block = Block::bordered()
        .title(title)
        .border_style(theme::border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if card.number.is_none() {
        frame.render_widget(
            Paragraph::new("Pick a number on the left (Enter) to edit its card.")
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    if card.load.is_loading() && card.baseline.is_none() {
        frame.render_widget(
            Paragraph::new(format!("{} Loading card…", theme::spinner(app.spinner))),
            inner,
        );
        return;
    }
    let avatar_width = AVATAR_COLS + 1;
    let [fields_area, avatar_area] = if inner.width >= avatar_width + 34 {
        Layout::horizontal([Constraint::Min(0), Constraint::Length(avatar_width)]).areas(inner)
    } else {
        [inner, Rect::default()]
    };
    draw_fields(app, frame, fields_area, focused);
    if !avatar_area.is_empty() {
        super::avatar::render(
            card,
            frame,
            Rect {
                x: avatar_area.x + 1,
                width: AVATAR_COLS,
                ..avatar_area
            },
        );
    }
}

fn marker(card: &CardState, field: CardField, focused: bool) -> Span<'static> {
    if focused && card.field == field && card.path_input.is_none() {
        Span::styled("›", theme::key())
    } else {
        Span::raw(" ")
    }
}

fn dirty_mark(dirty: bool) -> Span<'static> {
    if dirty {
        Span::styled("*", theme::dirty())
    } else {
        Span::raw(" ")
    }
}

fn check(on: Option<bool>) -> &'static str {
    match on {
        Some(true) => "[x]",
        Some(false) => "[ ]",
        None => "[?]",
    }
}

fn radio(on: bool) -> &'static str {
    if on { "(•)" } else { "( )" }
}

fn draw_fields(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let card = &app.card;
    let gated = !card.can_edit_identity();
    let row = |r: u16| Rect::new(area.x, area.y + r, area.width, 1).intersection(area);

    for (field, label, text, dirty) in [
        (
            CardField::First,
            "First name",
            &card.first,
            card.first_dirty(),
        ),
        (CardField::Last, "Last name", &card.last, card.last_dirty()),
    ] {
        let r = row(row_of(field));
        let head = Line::from(vec![
            marker(card, field, focused),
            dirty_mark(dirty),
            Span::styled(
                format!("{label:<w$}", w = LABEL_WIDTH as usize - 2),
                theme::label(),
            ),
        ]);
        frame.render_widget(Paragraph::new(head), r);
        let value_area = Rect {
            x: r.x + LABEL_WIDTH,
            width: r.width.saturating_sub(LABEL_WIDTH),
            ..r
        };
        let active = focused && card.field == field && card.path_input.is_none() && !gated;
        draw_text_field(frame, text, value_area, active, gated);
    }

    let audience = card.audience.unwrap_or_default();
    let format = card.name_format.unwrap_or_default();
    let unknown = |v: bool| if v { "" } else { " ?" };
    let lines: [(CardField, bool, String); 3] = [
        (
            CardField::Sharing,
            card.sharing_dirty(),
            format!("{} Share Name & Photo", check(card.sharing)),
        ),
        (
            CardField::Audience,
            card.audience_dirty(),
            format!(
                "{} Contacts only {} Always ask{}",
                radio(card.audience.is_some() && audience == Audience::ContactsOnly),
                radio(card.audience.is_some() && audience == Audience::AlwaysAsk),
                unknown(card.audience.is_some())
            ),
        ),
        (
            CardField::NameFormat,
            card.name_format_dirty(),
            format!(
                "{} First & Last {} First only{}",
                radio(card.name_format.is_some() && format == NameFormat::FirstAndLast),
                radio(card.name_format.is_some() && format == NameFormat::FirstOnly),
                unknown(card.name_format.is_some())
            ),
        ),
    ];
    for (field, dirty, text) in lines {
        let line = Line::from(vec![
            marker(card, field, focused),
            dirty_mark(dirty),
            Span::raw(text),
        ]);
        frame.render_widget(Paragraph::new(line), row(row_of(field)));
    }
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw("  "),
            Span::styled("Recipients see: ", theme::dim()),
            Span::raw(card.recipients_see()),
        ])),
        row(5),
    );
    let wallpaper = match card.has_wallpaper {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("  Wallpaper: {wallpaper} (read-only)"),
            theme::dim(),
        )),
        row(6),
    );
    let photo_style = if gated { theme::dim() } else { Style::new() };
    for (field, text, dirty) in [
        (
            CardField::SetPhoto,
            "[ Set photo from file… ] p",
            card.photo_dirty(),
        ),
        (CardField::SaveAvatar, "[ Save avatar to file… ] o", false),
    ] {
        let line = Line::from(vec![
            marker(card, field, focused),
            dirty_mark(dirty),
            Span::styled(
                text,
                if field == CardField::SetPhoto {
                    photo_style
                } else {
                    Style::new()
                },
            ),
        ]);
        frame.render_widget(Paragraph::new(line), row(row_of(field)));
    }

    let notes_area = Rect {
        y: area.y + 9,
        height: area.height.saturating_sub(9),
        ..area
    };
    if let Some(input) = &card.path_input {
        let label = match input.purpose {
            PathPurpose::SetPhoto => "Photo file: ",
            PathPurpose::SaveAvatar => "Save to: ",
        };
        let r = row(9);
        frame.render_widget(Paragraph::new(Span::styled(label, theme::key())), r);
        let w = label.chars().count() as u16;
        draw_text_field(
            frame,
            &input.field,
            Rect {
                x: r.x + w,
                width: r.width.saturating_sub(w),
                ..r
            },
            true,
            false,
        );
        let hint = if let Some(e) = &input.error {
            Line::styled(e.clone(), theme::error())
        } else if !input.candidates.is_empty() {
            let names: Vec<String> = input
                .candidates
                .iter()
                .map(|c| {
                    let name = c.trim_end_matches('/').rsplit('/').next().unwrap_or(c);
                    if c.ends_with('/') {
                        format!("{name}/")
                    } else {
                        name.to_owned()
                    }
                })
                .collect();
            Line::styled(names.join("  "), theme::dim())
        } else {
            Line::styled(
                "Enter: use · Tab: complete · Esc: cancel · ~ is home",
                theme::dim(),
            )
        };
        frame.render_widget(Paragraph::new(hint), row(10));
        return;
    }
    frame.render_widget(
        Paragraph::new(notes(app)).wrap(Wrap { trim: true }),
        notes_area,
    );
}

/// The status lines under the fields: the most important thing first.
fn notes(app: &App) -> Vec<Line<'static>> {
    let card = &app.card;
    let mut lines = Vec::new();
    if card.saving.is_some() {
        lines.push(Line::raw(format!(
            "{} Saving…",
            theme::spinner(app.spinner)
        )));
    } else if card.preparing.is_some() {
        lines.push(Line::raw(format!(
            "{} Preparing photo…",
            theme::spinner(app.spinner)
        )));
    } else if let Some(e) = &card.save_error {
        lines.push(Line::styled(
            format!("Save failed: {}", short_error(e)),
            theme::error(),
        ));
        if e.status == Some(403) {
            let hint = card.gate_reason().unwrap_or_else(|| {
                "Name and photo need a Dedicated plan this key can reach.".to_owned()
            });
            lines.push(Line::styled(hint, theme::error()));
        }
        lines.push(Line::styled(
            "Edits kept · d: details · Ctrl-S: retry",
            theme::dim(),
        ));
        return lines;
    }
    if let Load::Failed(e) = &card.load {
        // Only the disabled endpoint is "coming soon"; any other failure is named for what it is.
        let disabled = e.status == Some(501)
            || e.code
                .as_deref()
                .is_some_and(|c| c == "coming_soon" || c.ends_with("disabled"));
        let what = if disabled {
            "Card could not be read (the API marks this call \"coming soon\"); you can still set fields.".to_owned()
        } else if e.status == Some(403) {
            "Card could not be read: this number is not accessible with this API key.".to_owned()
        } else {
            format!(
                "Card could not be read: {} · r: retry · d: details",
                short_error(e)
            )
        };
        lines.push(Line::styled(what, theme::error()));
    }
    if let Some(reason) = card.gate_reason() {
        lines.push(Line::styled(format!("Read-only: {reason}"), theme::dirty()));
    } else if card.is_dirty() && lines.is_empty() {
        lines.push(Line::styled(
            "* changed · Ctrl-S saves · Esc reverts",
            theme::dirty(),
        ));
    }
    lines
}

/// Short enough for the pane's few note lines (the whole sentence is one `d` away): the status
/// and code when the server answered, else the sentence itself (time-out, network, …).
fn short_error(e: &ErrorInfo) -> String {
    match (e.status, e.code.as_deref()) {
        (Some(status), Some(code)) => format!("HTTP {status} {}", clean(code)),
        (Some(status), None) => format!("HTTP {status}"),
        _ => e.sentence.clone(),
    }
}

/// A one-line text field; the cursor is shown only when the field is being edited.
fn draw_text_field(frame: &mut Frame, field: &Field, area: Rect, active: bool, read_only: bool) {
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
        frame.render_widget(Paragraph::new(Span::styled(shown, theme::dim())), area);
        return;
    }
    let mut textarea = field.area.clone();
    textarea.set_style(Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED));
    if !active {
        textarea.set_cursor_style(Style::new());
    }
    frame.render_widget(&textarea, area);
}
