//! Centred popups: the unsaved-changes confirmation, the offer to restore a draft, and the error
//! details.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::api::Field;
use crate::sanitize::clean;
use crate::tui::app::{App, Confirm};
use crate::tui::draft::Draft;
use crate::tui::keymap;
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

/// The keys the open question takes, as the keymap has them: "y quit · n/Esc go back".
pub(super) fn answers(app: &App) -> Line<'static> {
    let mut spans = Vec::new();
    for b in keymap::footer_for(&app.contexts()) {
        if b.context == keymap::Context::Always {
            continue;
        }
        spans.push(Span::styled(b.label, theme::key()));
        spans.push(Span::raw(format!(": {}   ", b.desc)));
    }
    Line::from(spans)
}

pub fn confirm(app: &App, confirm: &Confirm, frame: &mut Frame, area: Rect) {
    let card = &app.card;
    let changed: Vec<&str> = card
        .changed_fields()
        .into_iter()
        .map(Field::label)
        .collect();
    let mut lines = Vec::new();
    let (title, question) = match confirm {
        Confirm::Quit | Confirm::SwitchNumber(_) => {
            lines.push(Line::raw("You have:"));
            if !changed.is_empty() {
                lines.push(Line::raw(format!(
                    "• unsaved card edits: {}",
                    changed.join(", ")
                )));
            }
            if app.composer.has_unsent() {
                lines.push(Line::raw("• an unsent message"));
            }
            lines.push(Line::raw(""));
            let question = match confirm {
                Confirm::SwitchNumber(n) if card.is_dirty() => format!(
                    "Switch to {} and discard the card edits? A typed message stays.",
                    clean(n)
                ),
                Confirm::SwitchNumber(n) => format!(
                    "Switch to {}? The typed message will then be sent from that number.",
                    clean(n)
                ),
                _ => "Quit and lose them?".to_owned(),
            };
            ("Unsaved changes", question)
        }
        Confirm::RevertCard => (
            "Revert the card",
            format!("Revert the {} to the card as loaded?", card.changed_names()),
        ),
        Confirm::Overwrite(path) => (
            "File exists",
            format!(
                "{} already exists. Replace it with the avatar?",
                clean(&path.display().to_string())
            ),
        ),
    };
    lines.push(Line::styled(question, theme::label()));
    lines.push(answers(app));
    let width = 60;
    // Wrapped lines take more rows: count them at the popup's inner width.
    let inner = usize::from(width - 2);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let rect = centered(area, width, rows as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title).border_style(theme::dirty()))
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
    if let Some(first) = &d.first_name {
        lines.push(Line::raw(quoted("first name", first)));
    }
    if let Some(last) = &d.last_name {
        lines.push(Line::raw(quoted("last name", last)));
    }
    let mut settings = Vec::new();
    if let Some(on) = d.sharing {
        settings.push(if on { "sharing on" } else { "sharing off" });
    }
    if let Some(a) = d.audience {
        settings.push(a.label());
    }
    if let Some(f) = d.name_format {
        settings.push(f.label());
    }
    if !settings.is_empty() {
        lines.push(Line::raw(format!("• {}", settings.join(", "))));
    }
    if let Some(photo) = &d.avatar {
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
    lines.push(answers(app));
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
                    .title(format!(
                        "Error details — {} closes",
                        keymap::label(keymap::Context::Details, keymap::Action::CloseOverlay)
                    ))
                    .border_style(theme::error()),
            )
            .wrap(Wrap { trim: true }),
        rect,
    );
}
