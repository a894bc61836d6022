//! The chat composer view and its chat picker popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::layout;
use crate::tui::state::Load;
use crate::tui::state::composer::ComposerField;
use crate::tui::state::text::Field;
use crate::tui::theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let c = &app.composer;
    let mut title = format!("{}Share in a chat", if focused { "▶ " } else { "" });
    if let Some(from) = app
        .card
        .number
        .as_deref()
        .or(app.numbers.selected.as_deref())
    {
        title.push_str(&format!(" · from {}", clean(from)));
    }
    if c.sending.pending() || c.staging.pending() {
        title.push_str(&format!(" {}", theme::spinner(app.spinner)));
    }
    let block = Block::bordered()
        .title(title)
        .border_style(theme::border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mark = |f: ComposerField| {
        if focused && c.field == f && c.picker.is_none() {
            Span::styled("›", theme::key())
        } else {
            Span::raw(" ")
        }
    };
    let mut rows = Rows {
        area: inner,
        y: inner.y,
    };

    // Chat field and its inline validation.
    if let Some(r) = rows.take(1) {
        label_and_field(
            frame,
            r,
            mark(ComposerField::Chat),
            "To",
            &c.chat,
            focused && c.field == ComposerField::Chat && c.editing,
        );
    }
    let geometry = layout::composer_rows(area, c);
    if let Some(r) = rows.take(1) {
        let hint = match (c.chat_problem(), c.shown_history()) {
            (Some(p), _) => Line::styled(format!("  {p}"), theme::error()),
            (None, Some(h)) => super::history::header(app, h, r.width, geometry.history),
            (None, None) if c.chat.is_empty() => Line::styled(
                format!(
                    "  phone, email, grp_… or a comma list · {} picks",
                    keymap::label(Context::Global, Action::ChatPicker)
                ),
                theme::dim(),
            ),
            (None, None) => Line::styled("  ✓ valid chat", theme::ok()),
        };
        frame.render_widget(Paragraph::new(super::fit::line(hint, r.width)), r);
    }
    // The conversation, then the message: a few lines, more on tall terminals.
    if let Some(h) = c.shown_history()
        && let Some(r) = rows.take(geometry.history.height)
    {
        super::history::render(app, h, frame, r);
    }
    if let Some(r) = rows.take(geometry.message_height) {
        let head = Rect { height: 1, ..r };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                mark(ComposerField::Message),
                Span::styled(
                    " Message ",
                    Style::new().add_modifier(ratatui::style::Modifier::BOLD),
                ),
            ])),
            head,
        );
        let body = Rect {
            x: r.x + 10,
            width: r.width.saturating_sub(10),
            ..r
        };
        draw_area(
            frame,
            &c.message,
            body,
            focused && c.field == ComposerField::Message && c.editing,
        );
    }
    if let Some(r) = rows.take(1) {
        label_and_field(
            frame,
            r,
            mark(ComposerField::Attachment),
            "Attach",
            &c.attachment,
            focused && c.field == ComposerField::Attachment && c.editing,
        );
    }
    for (i, url) in c.attachments.iter().enumerate() {
        if let Some(r) = rows.take(1) {
            let text = format!("    {}. {}", i + 1, clean(url));
            frame.render_widget(
                Paragraph::new(super::fit::ellipsis(&text, usize::from(r.width))),
                r,
            );
        }
    }
    if let Some(problem) = c.attachment_problem()
        && let Some(r) = rows.take(1)
    {
        let line = Line::styled(format!("  {problem}"), theme::error());
        frame.render_widget(Paragraph::new(super::fit::line(line, r.width)), r);
    }
    if let Some(r) = rows.take(1) {
        let check = if c.share { "[x]" } else { "[ ]" };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                mark(ComposerField::Share),
                Span::raw(format!(" {check} Share contact card")),
            ])),
            r,
        );
    }
    if let Some(r) = rows.take(1) {
        let line = Line::from(vec![
            mark(ComposerField::Send),
            Span::raw(format!(
                " [ Send {} ] ",
                keymap::label(Context::SendMessage, Action::Send)
            )),
            mark(ComposerField::StageOnly),
            Span::raw(format!(
                " [ Stage card only {} ]",
                keymap::label(Context::Global, Action::StageShare)
            )),
        ]);
        frame.render_widget(Paragraph::new(super::fit::line(line, r.width)), r);
    }
    let rest = rows.rest();
    let lines = super::fit::wrapped(status_lines(app), rest.width, rest.height);
    frame.render_widget(Paragraph::new(lines), rest);
}

/// Hands out rows top to bottom until the pane is full.
struct Rows {
    area: Rect,
    y: u16,
}

impl Rows {
    fn bottom(&self) -> u16 {
        self.area.y + self.area.height
    }
    fn left(&self) -> u16 {
        self.bottom().saturating_sub(self.y)
    }
    fn take(&mut self, h: u16) -> Option<Rect> {
        if self.y + h > self.bottom() {
            return None;
        }
        let r = Rect::new(self.area.x, self.y, self.area.width, h);
        self.y += h;
        Some(r)
    }
    fn rest(&self) -> Rect {
        Rect::new(self.area.x, self.y, self.area.width, self.left())
    }
}

fn status_lines(app: &App) -> Vec<Line<'static>> {
    let c = &app.composer;
    let mut lines = Vec::new();
    if c.sending.pending() {
        lines.push(Line::raw(format!(
            "{} Sending…",
            theme::spinner(app.spinner)
        )));
    } else if c.staging.pending() {
        lines.push(Line::raw(format!(
            "{} Staging card…",
            theme::spinner(app.spinner)
        )));
    }
    if let Some(e) = &c.error {
        lines.push(Line::styled(
            format!(
                "Failed: {} ({}: details)",
                e.sentence,
                keymap::label(Context::Composer, Action::Details)
            ),
            theme::error(),
        ));
    }
    if let Some(n) = &c.notice {
        lines.push(Line::styled(clean(n).into_owned(), theme::ok()));
    }
    if let Some(s) = &c.sent {
        let id = s.message_id.as_deref().map(clean).unwrap_or_default();
        let follow = if s.poll.pending() {
            format!(" {}", theme::spinner(app.spinner))
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled("Sent ", theme::ok()),
            Span::raw(format!("{id} to {}: ", clean(&s.chat))),
            Span::styled(clean(&s.status).into_owned(), theme::label()),
            Span::raw(follow),
        ]));
        if let Some(e) = &s.error {
            lines.push(Line::styled(clean(e).into_owned(), theme::error()));
        }
    }
    lines
}

fn label_and_field(
    frame: &mut Frame,
    r: Rect,
    mark: Span<'static>,
    label: &str,
    field: &Field,
    active: bool,
) {
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            mark,
            Span::styled(format!(" {label:<8}"), theme::label()),
        ])),
        r,
    );
    draw_area(
        frame,
        field,
        Rect {
            x: r.x + 10,
            width: r.width.saturating_sub(10),
            ..r
        },
        active,
    );
}

fn draw_area(frame: &mut Frame, field: &Field, area: Rect, active: bool) {
    super::text_field::draw(frame, field, area, active, false);
}

/// The Ctrl-P popup: chats from `GET /chats`, filtered as the operator types.
pub fn render_picker(app: &App, frame: &mut Frame, area: Rect) {
    let c = &app.composer;
    let Some(picker) = &c.picker else { return };
    let rect = super::popup::centered(area, 60, 16);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(
            "Pick a chat (type to filter, {} uses it, {} closes)",
            keymap::label(Context::Picker, Action::Activate),
            keymap::label(Context::Picker, Action::CloseOverlay)
        ))
        .border_style(theme::border(true));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let filter = Rect { height: 1, ..inner };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("filter: ", theme::dim()),
            Span::raw(format!("{}▏", picker.filter)),
        ])),
        filter,
    );
    let list_area = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    match &c.chats {
        Load::Loading => {
            frame.render_widget(
                Paragraph::new(format!("{} Loading chats…", theme::spinner(app.spinner))),
                list_area,
            );
        }
        Load::Failed(e) => {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!("Could not load chats: {}", e.sentence),
                    theme::error(),
                ))
                .wrap(Wrap { trim: true }),
                list_area,
            );
        }
        _ => {
            let rows = c.picker_rows();
            if rows.is_empty() {
                frame.render_widget(Paragraph::new("No chat matches."), list_area);
                return;
            }
            // The highlight symbol takes a column on every row.
            let width = usize::from(list_area.width.saturating_sub(1));
            let items: Vec<ListItem> = rows
                .iter()
                .map(|chat| {
                    let id = clean(chat.id.as_deref().unwrap_or_default()).into_owned();
                    let title = clean(chat.title()).into_owned();
                    let last = chat
                        .last_message
                        .as_ref()
                        .and_then(|m| m.text.as_deref())
                        .map(|t| format!(" — {}", clean(t)))
                        .unwrap_or_default();
                    let row = if title == id {
                        format!("{id}{last}")
                    } else {
                        format!("{title} <{id}>{last}")
                    };
                    ListItem::new(super::fit::ellipsis(&row, width))
                })
                .collect();
            let mut state = ListState::default().with_selected(Some(picker.selected));
            frame.render_stateful_widget(
                List::new(items)
                    .highlight_symbol("›")
                    .highlight_style(theme::selected()),
                list_area,
                &mut state,
            );
        }
    }
}
