//! The chat composer view: the chat field, its conversation, the message, attachments, the
//! share checkbox, the buttons and the status of the last send.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::layout;
use crate::tui::state::composer::ComposerField;
use crate::tui::state::text::Field;
use crate::tui::theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let block = Block::bordered()
        .title(title(app, focused))
        .border_style(theme::border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let view = View { app, focused };
    let mut rows = Rows {
        area: inner,
        y: inner.y,
    };
    let geometry = layout::composer_rows(area, &app.composer);
    draw_chat(&view, frame, &mut rows, geometry.history);
    draw_message(&view, frame, &mut rows, geometry.message_height);
    draw_attachments(&view, frame, &mut rows);
    draw_share_and_buttons(&view, frame, &mut rows);
    let rest = rows.rest();
    let lines = super::fit::wrapped(status_lines(app), rest.width, rest.height);
    frame.render_widget(Paragraph::new(lines), rest);
}

/// "Share in a chat", the number it sends from, and a spinner while sending or staging.
fn title(app: &App, focused: bool) -> String {
    let c = &app.composer;
    let mut title = format!("{}Share in a chat", if focused { "▶ " } else { "" });
    // The number a send goes from, always: the one ^S would use, or that there is none yet.
    match app.sending_number() {
        Some(from) => title.push_str(&format!(" · from {}", clean(&from))),
        None => title.push_str(" · no number to send from yet"),
    }
    if c.sending.pending() || c.staging.pending() {
        title.push_str(&format!(" {}", theme::spinner(app.spinner)));
    }
    title
}

/// What every row is drawn with: the app, and whether the pane has the focus.
struct View<'a> {
    app: &'a App,
    focused: bool,
}

impl View<'_> {
    /// `›` before the focused field (not while the chat picker has the keyboard).
    fn mark(&self, f: ComposerField) -> Span<'static> {
        if self.focused && self.app.composer.field == f && self.app.picker().is_none() {
            Span::styled("›", theme::key())
        } else {
            Span::raw(" ")
        }
    }

    fn editing(&self, f: ComposerField) -> bool {
        let c = &self.app.composer;
        self.focused && c.field == f && c.editing
    }
}

/// The chat field, its inline validation (or the conversation's header), and the conversation.
fn draw_chat(view: &View, frame: &mut Frame, rows: &mut Rows, history: Rect) {
    let (app, c) = (view.app, &view.app.composer);
    if let Some(r) = rows.take(1) {
        let (mark, editing) = (
            view.mark(ComposerField::Chat),
            view.editing(ComposerField::Chat),
        );
        label_and_field(frame, r, mark, "To", &c.chat, editing);
    }
    if let Some(r) = rows.take(1) {
        let hint = match (c.chat_problem(), c.shown_history()) {
            (Some(p), _) => Line::styled(format!("  {p}"), theme::error()),
            (None, Some(h)) => super::history::header(app, h, r.width, history),
            (None, None) if c.chat.is_empty() => Line::styled(
                format!(
                    "  phone, email, grp_… or a comma list · {} picks",
                    keymap::label(Context::ComposerAnywhere, Action::ChatPicker)
                ),
                theme::dim(),
            ),
            (None, None) => Line::styled("  ✓ valid chat", theme::ok()),
        };
        frame.render_widget(Paragraph::new(super::fit::line(hint, r.width)), r);
    }
    if let Some(h) = c.shown_history()
        && let Some(r) = rows.take(history.height)
    {
        super::history::render(app, h, frame, r);
    }
}

/// The message, wrapped: a few rows, more as it grows; the rows scrolled out of the field are
/// counted under its label (`↑2 more`, `↓3 more`).
fn draw_message(view: &View, frame: &mut Frame, rows: &mut Rows, height: u16) {
    let Some(r) = rows.take(height) else {
        return;
    };
    let label = layout::COMPOSER_LABEL_WIDTH;
    let body = Rect {
        x: r.x + label,
        width: r.width.saturating_sub(label),
        ..r
    };
    let message = &view.app.composer.message;
    let (total, cursor) = message.display_rows(body.width);
    // The textarea scrolls just enough to show the cursor's row.
    let top = (cursor + 1).saturating_sub(usize::from(height));
    let below = total.saturating_sub(top + usize::from(height));
    let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
    let mut left = vec![Line::from(vec![
        view.mark(ComposerField::Message),
        Span::styled(" Message ", bold),
    ])];
    let more = |n: usize, arrow: &str| Line::styled(format!(" {arrow}{n} more"), theme::dirty());
    let both = || {
        let counts = [(top, '↑'), (below, '↓')].map(|(n, a)| (n > 0).then(|| format!("{a}{n}")));
        let text = counts.into_iter().flatten().collect::<Vec<_>>().join(" ");
        Line::styled(format!(" {text}"), theme::dirty())
    };
    match (height, top, below) {
        (_, 0, 0) => {}
        // One row: the counts take the label's place.
        (1, _, _) => left[0] = both(),
        (2, _, _) if top > 0 && below > 0 => left.push(both()),
        _ => {
            if top > 0 {
                left.push(more(top, "↑"));
            }
            if below > 0 {
                left.resize(usize::from(height) - 1, Line::raw(""));
                left.push(more(below, "↓"));
            }
        }
    }
    let side = Rect { width: label, ..r };
    let left: Vec<Line> = left
        .into_iter()
        .map(|l| super::fit::line(l, label))
        .collect();
    frame.render_widget(Paragraph::new(left), side);
    let editing = view.editing(ComposerField::Message);
    draw_area(frame, message, body, editing);
}

/// The attachment URL field, the URLs added, and what is wrong with the one typed.
fn draw_attachments(view: &View, frame: &mut Frame, rows: &mut Rows) {
    let c = &view.app.composer;
    if let Some(r) = rows.take(1) {
        let mark = view.mark(ComposerField::Attachment);
        let editing = view.editing(ComposerField::Attachment);
        label_and_field(frame, r, mark, "Attach", &c.attachment, editing);
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
}

/// The share checkbox, then the Send and Stage buttons with their keys.
fn draw_share_and_buttons(view: &View, frame: &mut Frame, rows: &mut Rows) {
    if let Some(r) = rows.take(1) {
        let check = if view.app.composer.share {
            "[x]"
        } else {
            "[ ]"
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                view.mark(ComposerField::Share),
                Span::raw(format!(" {check} Share contact card")),
            ])),
            r,
        );
    }
    if let Some(r) = rows.take(1) {
        let line = Line::from(vec![
            view.mark(ComposerField::Send),
            Span::raw(format!(
                " [ Send {} ] ",
                keymap::label(Context::SendMessage, Action::Send)
            )),
            view.mark(ComposerField::StageOnly),
            Span::raw(format!(
                " [ Stage card only {} ]",
                keymap::label(Context::ComposerAnywhere, Action::StageShare)
            )),
        ]);
        frame.render_widget(Paragraph::new(super::fit::line(line, r.width)), r);
    }
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
            Span::raw(match &s.from {
                Some(from) => format!("{id} from {} to {}: ", clean(from), clean(&s.chat)),
                None => format!("{id} to {}: ", clean(&s.chat)),
            }),
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
            x: r.x + layout::COMPOSER_LABEL_WIDTH,
            width: r.width.saturating_sub(layout::COMPOSER_LABEL_WIDTH),
            ..r
        },
        active,
    );
}

fn draw_area(frame: &mut Frame, field: &Field, area: Rect, active: bool) {
    super::text_field::draw(frame, field, area, active, false);
}
