//! Centred popups: the unsaved-changes confirmation, the offer to restore a draft, and the error
//! details.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::sanitize::clean;
use crate::tui::app::{App, Confirm};
use crate::tui::draft::Draft;
use crate::tui::theme;

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

pub fn confirm(app: &App, confirm: &Confirm, frame: &mut Frame, area: Rect) {
    let mut lost = Vec::new();
    let card = &app.card;
    let mut fields = Vec::new();
    for (dirty, name) in [
        (card.first_dirty(), "first name"),
        (card.last_dirty(), "last name"),
        (card.sharing_dirty(), "sharing"),
        (card.audience_dirty(), "audience"),
        (card.name_format_dirty(), "name format"),
        (card.photo_dirty(), "photo"),
    ] {
        if dirty {
            fields.push(name);
        }
    }
    if !fields.is_empty() {
        lost.push(format!("• unsaved card edits: {}", fields.join(", ")));
    }
    if app.composer.has_unsent() {
        lost.push("• an unsent message".to_owned());
    }
    let question = match confirm {
        Confirm::Quit => "Quit and lose them?".to_owned(),
        Confirm::SwitchNumber(n) if card.is_dirty() => format!(
            "Switch to {} and discard the card edits? A typed message stays.",
            crate::sanitize::clean(n)
        ),
        Confirm::SwitchNumber(n) => format!(
            "Switch to {}? The typed message will then be sent from that number.",
            crate::sanitize::clean(n)
        ),
    };
    let mut lines = vec![Line::raw("You have:")];
    lines.extend(lost.into_iter().map(Line::raw));
    lines.push(Line::raw(""));
    lines.push(Line::styled(question, theme::label()));
    lines.push(Line::styled("y: yes   n/Esc: no, go back", theme::key()));
    let rect = centered(area, 56, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title("Unsaved changes")
                    .border_style(theme::dirty()),
            )
            .wrap(Wrap { trim: true }),
        rect,
    );
}

/// "Restore unsaved edits?": what the draft holds, from when, and the three answers.
pub fn restore(app: &App, draft: &Draft, frame: &mut Frame, area: Rect) {
    let d = &draft.card;
    let mut lines = vec![Line::raw(format!(
        "Unsaved edits for {} from an earlier run:",
        clean(&draft.number)
    ))];
    let quoted = |label: &str, v: &str| format!("• {label}: \"{}\"", clean(v));
    if let Some(first) = &d.first {
        lines.push(Line::raw(quoted("first name", first)));
    }
    if let Some(last) = &d.last {
        lines.push(Line::raw(quoted("last name", last)));
    }
    let mut settings = Vec::new();
    if let Some(on) = d.sharing {
        settings.push(if on { "sharing on" } else { "sharing off" });
    }
    if let Some(a) = d.audience.and_then(crate::api::Audience::from_wire) {
        settings.push(a.label());
    }
    if let Some(f) = d.name_format.and_then(crate::api::NameFormat::from_wire) {
        settings.push(f.label());
    }
    if !settings.is_empty() {
        lines.push(Line::raw(format!("• {}", settings.join(", "))));
    }
    if let Some(photo) = &d.photo {
        lines.push(Line::raw(format!(
            "• new photo from {}",
            clean(&photo.display().to_string())
        )));
    }
    if let Some(c) = draft.composer.as_ref().filter(|c| c.has_unsent()) {
        let to = if c.chat.trim().is_empty() {
            String::new()
        } else {
            format!(" to {}", clean(c.chat.trim()))
        };
        lines.push(Line::raw(format!("• an unsent message{to}")));
    }
    let when = draft
        .saved_at()
        .map(|t| crate::time_ago::time_ago(t, app.now))
        .unwrap_or_else(|| "earlier".into());
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Restore the unsaved edits saved {when}?"),
        theme::label(),
    ));
    lines.push(Line::styled(
        "y: yes   n/Esc: not now   d: discard",
        theme::key(),
    ));
    let rect = centered(area, 60, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title("Restore draft")
                    .border_style(theme::dirty()),
            )
            .wrap(Wrap { trim: true }),
        rect,
    );
}

pub fn details(text: &str, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 70, 10);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text.to_owned())
            .block(
                Block::bordered()
                    .title("Error details — Esc closes")
                    .border_style(theme::error()),
            )
            .wrap(Wrap { trim: true }),
        rect,
    );
}
