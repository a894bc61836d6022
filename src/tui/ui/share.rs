//! The share overlay: "Stage your card in N marked chats" (or in all the chats the picker's
//! filter matches). The plan in the CLI's words, one row per chat (a spinner while it stages,
//! then ✓, or ✗ with the reason), the selected failure in full, a summary, why a run stopped
//! early, and the keys that work now.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::fleet::share::{StopReason, words};
use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::state::share::{ChatState, Scope, SharePhase, ShareRow, ShareState};
use crate::tui::theme;

use super::fit;

pub fn render(app: &App, share: &ShareState, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(100);
    let inner_width = width.saturating_sub(2);
    let head = head(app, share);
    let mut bottom = vec![Line::raw("")];
    bottom.extend(status(app, share));
    bottom.push(super::popup::answers(app));
    let rows_of = |lines: &[Line]| -> u16 {
        let wrap = usize::from(inner_width.max(1));
        lines
            .iter()
            .map(|l| l.width().div_ceil(wrap).max(1) as u16)
            .sum()
    };
    let (head_rows, bottom_rows) = (rows_of(&head), rows_of(&bottom));
    let fixed = head_rows + 1 + bottom_rows + 2;
    let height = (fixed + share.rows.len().max(1) as u16).min(area.height.saturating_sub(2));
    let rect = super::popup::centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(fit::ellipsis(&title(share), usize::from(inner_width)))
        .border_style(theme::border(true));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [head_area, rows_area, foot] = Layout::vertical([
        Constraint::Length(head_rows + 1),
        Constraint::Min(1),
        Constraint::Length(bottom_rows),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
    let shown = usize::from(rows_area.height.max(1));
    let offset = (share.selected + 1).saturating_sub(shown);
    let in_flight = share.in_flight();
    let lines: Vec<Line> = share
        .rows
        .iter()
        .zip(in_flight)
        .enumerate()
        .skip(offset)
        .take(shown)
        .map(|(i, (row, going))| {
            fit::line(
                row_line(app, row, going, i == share.selected),
                rows_area.width,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
    frame.render_widget(Paragraph::new(bottom).wrap(Wrap { trim: false }), foot);
}

fn chats(n: usize) -> String {
    format!("{} chat{}", words::count(n), if n == 1 { "" } else { "s" })
}

/// "Stage your card in 3 marked chats", "… in all 40 chats matching 'ana'".
pub fn title(share: &ShareState) -> String {
    let listed = share.phase != SharePhase::Listing && share.list_error.is_none();
    let n = share.rows.len() + share.skipped;
    match &share.scope {
        Scope::Marked => format!(
            "Stage your card in {} marked chat{}",
            words::count(n),
            if n == 1 { "" } else { "s" }
        ),
        Scope::All { filter } => {
            let mut t = if listed {
                format!("Stage your card in all {}", chats(n))
            } else {
                "Stage your card in all chats".to_owned()
            };
            if !filter.is_empty() {
                t.push_str(&format!(" matching '{}'", clean(filter)));
            }
            t
        }
    }
}

/// The plan (the CLI's sentence), or the listing under way, or why nothing could be listed.
fn head(app: &App, share: &ShareState) -> Vec<Line<'static>> {
    if let Some(e) = &share.list_error {
        let text = format!("Could not list the chats: {}", clean(&e.sentence));
        return vec![Line::styled(text, theme::error())];
    }
    if share.phase == SharePhase::Listing {
        let (listed, total) = share.listed;
        let of = total.map_or_else(String::new, |t| format!(" of {}", words::count(t)));
        let text = format!(
            "{} Listing the chats… {} so far{of}",
            theme::spinner(app.spinner),
            words::count(listed)
        );
        return vec![Line::styled(text, theme::label())];
    }
    share
        .plan_text
        .lines()
        .map(|l| Line::raw(clean(l).into_owned()))
        .collect()
}

/// The glyph and its style, and the words after the chat; `going`: its request is under way.
fn row_parts(app: &App, row: &ShareRow, going: bool) -> (String, Style, String) {
    match &row.state {
        ChatState::Planned => ("·".into(), theme::dim(), String::new()),
        ChatState::Waiting if !going => ("·".into(), theme::dim(), "queued".into()),
        ChatState::Waiting => (
            theme::spinner(app.spinner).into(),
            theme::dirty(),
            "staging…".into(),
        ),
        ChatState::Staged => ("✓".into(), theme::ok(), "staged".into()),
        ChatState::Failed(why) => ("✗".into(), theme::error(), clean(why).into_owned()),
        ChatState::NotStarted => ("–".into(), theme::dim(), "not started".into()),
    }
}

fn row_line(app: &App, row: &ShareRow, going: bool, selected: bool) -> Line<'static> {
    let (glyph, style, text) = row_parts(app, row, going);
    let name = row
        .chat
        .name
        .as_deref()
        .map(|n| format!("  {}", clean(n)))
        .unwrap_or_default();
    let mut spans = vec![
        Span::raw(if selected { "› " } else { "  " }),
        Span::styled(format!("{glyph} "), style),
        Span::styled(clean(&row.chat.id).into_owned(), theme::label()),
        Span::raw(name),
    ];
    if !text.is_empty() {
        spans.push(Span::styled(format!("  {text}"), style));
    }
    let line = Line::from(spans);
    if selected {
        line.style(theme::selected())
    } else {
        line
    }
}

/// "Stopped: …" from the CLI's "stopped: …".
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Where the run stands, why it stopped, the rate limit met, a note, the stop question.
fn status(app: &App, share: &ShareState) -> Vec<Line<'static>> {
    let c = share.counts();
    let mut lines = Vec::new();
    let spin = theme::spinner(app.spinner);
    match share.phase {
        SharePhase::Listing | SharePhase::Planned => {}
        SharePhase::Staging | SharePhase::Stopping => {
            let mut s = format!(
                "{spin} Staging: {} of {} done · {} staged · {} failed",
                words::count(c.staged + c.failed + c.not_started),
                words::count(c.waiting + c.staged + c.failed + c.not_started),
                words::count(c.staged),
                words::count(c.failed)
            );
            if share.phase == SharePhase::Stopping {
                s.push_str(" · stopping: requests in flight finish, nothing new starts");
            }
            lines.push(Line::styled(s, theme::label()));
        }
        SharePhase::Done => {
            lines.extend(retried(share));
            let s = words::summary_line(c.staged, share.skipped, c.failed, c.not_started);
            let style = if c.failed + c.not_started > 0 {
                theme::error()
            } else {
                theme::ok()
            };
            lines.push(Line::styled(s, style));
        }
    }
    if let Some(stop) = &share.stop {
        lines.push(Line::styled(stop_sentence(share, stop), theme::error()));
    }
    lines.extend(selected_failure(share));
    if let Some(e) = &share.journal_error {
        lines.push(Line::styled(
            format!(
                "The share journal could not be saved ({}); a rerun stages these chats again",
                clean(e)
            ),
            theme::dirty(),
        ));
    }
    if let Some((wait, per_second)) = share.rate_limited
        && share.busy()
    {
        lines.push(Line::styled(
            format!(
                "Rate limited: waiting {:.1} s, then {per_second:.1} a second",
                wait.as_secs_f64()
            ),
            theme::dirty(),
        ));
    }
    if let Some(note) = &share.note {
        lines.push(Line::styled(clean(note).into_owned(), theme::dirty()));
    }
    if share.asking_stop {
        lines.push(Line::styled(
            "Stop staging? In-flight requests finish, nothing new starts.",
            theme::label(),
        ));
    }
    lines
}

/// "Retried 2 chats: 1 staged, 1 failed." once `r` ran.
fn retried(share: &ShareState) -> Option<Line<'static>> {
    if share.runs < 2 {
        return None;
    }
    let r = share.last_run_counts();
    let not_started = if r.not_started > 0 {
        format!(", {} not started", words::count(r.not_started))
    } else {
        String::new()
    };
    let text = format!(
        "Retried {}: {} staged, {} failed{not_started}.",
        chats(share.last_run.len()),
        words::count(r.staged),
        words::count(r.failed),
    );
    Some(Line::styled(text, theme::label()))
}

/// A stop by 403s or a 503 in the CLI's words; a stop asked for in a few.
fn stop_sentence(share: &ShareState, stop: &StopReason) -> String {
    let c = share.counts();
    match stop {
        StopReason::PlanGated(server) => {
            sentence(&words::plan_gated(server, c.failed, c.not_started))
        }
        StopReason::NoActiveNumber(server) => {
            let retry = format!(
                "press {}",
                keymap::label(Context::ShareDone, Action::RetryFailed)
            );
            sentence(&words::no_active_number(
                server,
                c.staged,
                c.not_started,
                &retry,
            ))
        }
        StopReason::Asked => format!(
            "Stopped as asked: {} not started; {} retries them and the failed",
            words::count(c.not_started),
            keymap::label(Context::ShareDone, Action::RetryFailed)
        ),
    }
}

/// The selected chat's failure in full (its row is cut at the overlay's edge).
fn selected_failure(share: &ShareState) -> Option<Line<'static>> {
    let row = share.rows.get(share.selected)?;
    let ChatState::Failed(why) = &row.state else {
        return None;
    };
    Some(Line::from(vec![
        Span::styled(format!("{}: ", clean(&row.chat.id)), theme::label()),
        Span::styled(clean(why).into_owned(), theme::error()),
    ]))
}
