//! The card editor view: name fields, sharing toggles, photo buttons, notes, and the avatar.
//! Rows and columns come from `tui::layout`, key names from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::api::{Audience, NameFormat};
use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::layout::{self, AUDIENCE_OPTIONS, LABEL_WIDTH, NAME_FORMAT_OPTIONS};
use crate::tui::msg::ErrorInfo;
use crate::tui::state::Load;
use crate::tui::state::card::{CardField, CardState};
use crate::tui::theme;

use super::fit;

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let card = &app.card;
    let mut title = format!("{}Card", if focused { "▶ " } else { "" });
    if let Some(n) = &card.number {
        title.push_str(&format!(" {}", clean(n)));
    }
    if card.is_dirty() {
        title.push_str(" *modified");
    }
    let busy = card.load.is_loading() || card.saving.pending() || card.preparing.pending();
    if busy {
        title.push_str(&format!(" {}", theme::spinner(app.spinner)));
    }
    let block = Block::bordered()
        .title(title)
        .border_style(theme::border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if card.number.is_none() {
        let text = format!(
            "Pick a number on the left ({}) to edit its card.",
            keymap::label(Context::NumberList, Action::Activate)
        );
        frame.render_widget(
            Paragraph::new(fit::wrapped(
                vec![Line::raw(text)],
                inner.width,
                inner.height,
            )),
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
    let (fields_area, avatar_area) = layout::card_body(area);
    draw_fields(app, frame, fields_area, focused);
    if !avatar_area.is_empty() {
        super::avatar::render(card, frame, avatar_area);
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

fn radios(options: [&str; 2], chosen: Option<usize>) -> String {
    format!(
        "{} {} {} {}{}",
        radio(chosen == Some(0)),
        options[0],
        radio(chosen == Some(1)),
        options[1],
        if chosen.is_some() { "" } else { " ?" }
    )
}

fn draw_fields(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let card = &app.card;
    let rows = FieldRows { area };
    draw_names(card, frame, &rows, focused);
    draw_toggles(card, frame, &rows, focused);
    rows.put(
        frame,
        Line::from(vec![
            Span::raw("  "),
            Span::styled("Recipients see: ", theme::dim()),
            Span::raw(card.recipients_see()),
        ]),
        layout::RECIPIENTS_ROW,
    );
    let wallpaper = match card.has_wallpaper {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    };
    rows.put(
        frame,
        Line::styled(
            format!("  Wallpaper: {wallpaper} (read-only)"),
            theme::dim(),
        ),
        layout::WALLPAPER_ROW,
    );
    draw_buttons(card, frame, &rows, focused);

    let notes_area = Rect {
        y: area.y + layout::NOTES_ROW,
        height: area.height.saturating_sub(layout::NOTES_ROW),
        ..area
    };
    if let Some(input) = &card.path_input {
        super::path_input::render(input, frame, notes_area);
        return;
    }
    let lines = fit::wrapped(notes(app), notes_area.width, notes_area.height);
    frame.render_widget(Paragraph::new(lines), notes_area);
}

/// The fields area's rows (rows and columns from `tui::layout`).
struct FieldRows {
    area: Rect,
}

impl FieldRows {
    fn row(&self, r: u16) -> Rect {
        Rect::new(self.area.x, self.area.y + r, self.area.width, 1).intersection(self.area)
    }

    /// `line` on row `r`, cut to fit.
    fn put(&self, frame: &mut Frame, line: Line<'static>, r: u16) {
        let rect = self.row(r);
        frame.render_widget(Paragraph::new(fit::line(line, rect.width)), rect);
    }
}

/// First and last name: label, then the text field (dimmed when the plan cannot set them).
fn draw_names(card: &CardState, frame: &mut Frame, rows: &FieldRows, focused: bool) {
    let gated = !card.can_edit_identity();
    for (field, label, text, dirty) in [
        (
            CardField::First,
            "First name",
            &card.first,
            card.first_dirty(),
        ),
        (CardField::Last, "Last name", &card.last, card.last_dirty()),
    ] {
        let r = rows.row(layout::card_row_of(field));
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
        let editing = focused && card.field == field && card.editing && card.path_input.is_none();
        super::text_field::draw(frame, text, value_area, editing, gated);
    }
}

/// The sharing checkbox and the two radio pairs.
fn draw_toggles(card: &CardState, frame: &mut Frame, rows: &FieldRows, focused: bool) {
    let audience = card
        .edits
        .audience
        .map(|a| usize::from(a == Audience::AlwaysAsk));
    let format = card
        .edits
        .name_format
        .map(|f| usize::from(f == NameFormat::FirstOnly));
    let toggles: [(CardField, bool, String); 3] = [
        (
            CardField::Sharing,
            card.sharing_dirty(),
            format!("{} Share Name & Photo", check(card.edits.sharing)),
        ),
        (
            CardField::Audience,
            card.audience_dirty(),
            radios(AUDIENCE_OPTIONS, audience),
        ),
        (
            CardField::NameFormat,
            card.name_format_dirty(),
            radios(NAME_FORMAT_OPTIONS, format),
        ),
    ];
    for (field, dirty, text) in toggles {
        let line = Line::from(vec![
            marker(card, field, focused),
            dirty_mark(dirty),
            Span::raw(text),
        ]);
        rows.put(frame, line, layout::card_row_of(field));
    }
}

/// The photo buttons, each with its key.
fn draw_buttons(card: &CardState, frame: &mut Frame, rows: &FieldRows, focused: bool) {
    let photo_style = if card.can_edit_identity() {
        Style::new()
    } else {
        theme::dim()
    };
    for (field, text, action, dirty, style) in [
        (
            CardField::SetPhoto,
            "Set photo from file…",
            Action::SetPhoto,
            card.photo_dirty(),
            photo_style,
        ),
        (
            CardField::SaveAvatar,
            "Save avatar to file…",
            Action::SaveAvatar,
            false,
            Style::new(),
        ),
    ] {
        // Unavailable: why, in place of its key (a dim look alone is easy to miss).
        let hint = if field == CardField::SetPhoto && !card.can_edit_identity() {
            " Dedicated only".to_owned()
        } else {
            format!(" {}", keymap::label(Context::Card, action))
        };
        let line = Line::from(vec![
            marker(card, field, focused),
            dirty_mark(dirty),
            Span::styled(format!("[ {text} ]"), style),
            Span::styled(hint, theme::dim()),
        ]);
        rows.put(frame, line, layout::card_row_of(field));
    }
}

/// The status lines under the fields: the most important thing first.
fn notes(app: &App) -> Vec<Line<'static>> {
    let card = &app.card;
    let key = |c: Context, a: Action| keymap::label(c, a);
    let mut lines = Vec::new();
    if card.saving.pending() {
        lines.push(Line::raw(format!(
            "{} Saving…",
            theme::spinner(app.spinner)
        )));
    } else if card.preparing.pending() {
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
            format!(
                "Edits kept · {}: details · {}: retry",
                key(Context::Card, Action::Details),
                key(Context::SaveCard, Action::SaveCard)
            ),
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
                "Card could not be read: {} · {}: retry · {}: details",
                short_error(e),
                key(Context::Card, Action::Refresh),
                key(Context::Card, Action::Details)
            )
        };
        lines.push(Line::styled(what, theme::error()));
    }
    if let Some(reason) = card.gate_reason() {
        lines.push(Line::styled(format!("Read-only: {reason}"), theme::dirty()));
    } else if card.is_dirty() && lines.is_empty() {
        lines.push(Line::styled(
            format!(
                "* changed · {} saves · {} reverts a field, {} all",
                key(Context::SaveCard, Action::SaveCard),
                key(Context::CardName, Action::RevertField),
                key(Context::Card, Action::RevertCard)
            ),
            theme::dirty(),
        ));
    }
    if let Some(hint) = super::avatar::hint(app) {
        // How the photo could be drawn here: one line, last, never a modal.
        lines.push(Line::styled(hint.to_owned(), theme::dim()));
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
