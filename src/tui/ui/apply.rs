//! The apply overlay: the card being applied, the field groups as checkboxes, one row per marked
//! number (its plan, then its progress: a spinner, ✓, ✗ with the reason, = in sync), the selected
//! row in full, a summary, and the keys that work now.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::state::apply::{ApplyState, Phase};
use crate::tui::theme;

use super::apply_rows::{detail, row_line};
use super::fit;

pub fn render(app: &App, apply: &ApplyState, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(110);
    let inner_width = width.saturating_sub(2);
    let mut bottom = vec![Line::raw("")];
    bottom.extend(detail(apply, inner_width));
    bottom.extend(status(app, apply));
    bottom.push(super::popup::answers(app));
    // Wrapped lines take more rows: counted at the inner width.
    let wrap = usize::from(inner_width.max(1));
    let bottom_rows: u16 = bottom
        .iter()
        .map(|l| l.width().div_ceil(wrap).max(1) as u16)
        .sum();
    let fixed = 3 + bottom_rows + 2;
    let height = (fixed + apply.rows.len() as u16).min(area.height.saturating_sub(2));
    let rect = super::popup::centered(area, width, height);
    frame.render_widget(Clear, rect);
    let n = apply.rows.len();
    let title = format!(
        "Apply this card to {n} marked number{}",
        if n == 1 { "" } else { "s" }
    );
    let block = Block::bordered()
        .title(title)
        .border_style(theme::border(true));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [head, rows_area, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(1),
        Constraint::Length(bottom_rows),
    ])
    .areas(inner);
    let head_lines = vec![
        fit::line(card_line(apply), head.width),
        fit::line(groups_line(apply), head.width),
        Line::raw(""),
    ];
    frame.render_widget(Paragraph::new(head_lines), head);
    let shown = usize::from(rows_area.height.max(1));
    let offset = (apply.selected + 1).saturating_sub(shown);
    let lines: Vec<Line> = apply
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(shown)
        .map(|(i, row)| {
            fit::line(
                row_line(app, apply, row, i == apply.selected),
                rows_area.width,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
    frame.render_widget(Paragraph::new(bottom).wrap(Wrap { trim: false }), foot);
}

/// "From +1…: “Acme Support” · photo 21 KB (logo.png) · sharing on, contacts only, first & last".
fn card_line(apply: &ApplyState) -> Line<'static> {
    let c = &apply.card;
    let mut parts = vec![format!(
        "“{} {}”",
        c.first_name.as_deref().unwrap_or_default(),
        c.last_name.as_deref().unwrap_or_default()
    )];
    match &c.avatar {
        Some(a) => parts.push(format!(
            "photo {} ({})",
            crate::byte_size::human(a.bytes.len()),
            a.label
        )),
        None => parts.push("no photo".into()),
    }
    let mut sharing = Vec::new();
    if let Some(on) = c.sharing {
        sharing.push(if on { "sharing on" } else { "sharing off" });
    }
    if let Some(a) = c.audience {
        sharing.push(a.label());
    }
    if let Some(f) = c.name_format {
        sharing.push(f.label());
    }
    if !sharing.is_empty() {
        parts.push(sharing.join(", "));
    }
    Line::from(vec![
        Span::styled(format!("From {}: ", clean(&apply.source)), theme::label()),
        Span::raw(clean(&parts.join(" · ")).into_owned()),
    ])
}

/// `[x] n names   [x] p photo   [ ] s sharing settings`, keys from the keymap.
fn groups_line(apply: &ApplyState) -> Line<'static> {
    let g = apply.groups;
    let mut spans = Vec::new();
    for (on, action, name) in [
        (g.names, Action::GroupNames, "names"),
        (g.photo, Action::GroupPhoto, "photo"),
        (g.sharing, Action::GroupSharing, "sharing settings"),
    ] {
        spans.push(Span::raw(if on { "[x] " } else { "[ ] " }));
        spans.push(Span::styled(
            keymap::label(Context::ApplyPlan, action),
            theme::key(),
        ));
        spans.push(Span::raw(format!(" {name}   ")));
    }
    if apply.card.avatar.is_none()
        && let Some(why) = &apply.photo_note
    {
        spans.push(Span::styled(format!("({why})"), theme::dim()));
    }
    Line::from(spans)
}

/// Where the apply stands, the rate limit met, a note, the stop question.
fn status(app: &App, apply: &ApplyState) -> Vec<Line<'static>> {
    let c = apply.counts();
    let n = apply.rows.len();
    let spin = theme::spinner(app.spinner);
    let mut lines = Vec::new();
    let summary = match apply.phase {
        Phase::Planning => format!("{spin} Reading {} of {n} cards…", n - c.reading),
        Phase::Planned => match &apply.plan_error {
            Some(e) => format!("Nothing could be planned: {}", e.sentence),
            None if !apply.groups.any() => no_group_selected(),
            None => format!(
                "Plan: {}",
                counted(&[
                    (c.change, "to change"),
                    (c.in_sync, "in sync"),
                    (c.error, "cannot be applied"),
                ])
            ),
        },
        Phase::Applying | Phase::Stopping => {
            let done = c.applied + c.in_sync + c.failed;
            let mut s = format!(
                "{spin} Applying: {done} of {n} done · {} applied · {} failed",
                c.applied, c.failed
            );
            if apply.phase == Phase::Stopping {
                s.push_str(" · stopping: requests in flight finish, nothing new starts");
            }
            s
        }
        Phase::Done => format!(
            "Done: {}",
            counted(&[
                (c.applied, "applied"),
                (c.in_sync, "in sync"),
                (c.failed, "failed"),
                (c.not_started, "not started"),
            ])
        ),
    };
    let style = match apply.phase {
        Phase::Done if c.failed + c.not_started > 0 => theme::error(),
        Phase::Done => theme::ok(),
        _ => theme::label(),
    };
    lines.push(Line::styled(clean(&summary).into_owned(), style));
    if let Some((wait, at_a_time)) = apply.rate_limited
        && apply.busy()
    {
        lines.push(Line::styled(
            format!(
                "Rate limited: waiting {:.1} s, then {at_a_time} at a time",
                wait.as_secs_f64()
            ),
            theme::dirty(),
        ));
    }
    if let Some(note) = &apply.note {
        lines.push(Line::styled(clean(note).into_owned(), theme::dirty()));
    }
    if apply.asking_stop {
        lines.push(Line::styled(
            format!(
                "Stop applying? Requests in flight finish; the {} not yet done are left as they are.",
                c.waiting + c.reading
            ),
            theme::label(),
        ));
    }
    lines
}

/// With every field group off: what is missing and the keys that turn a group on.
fn no_group_selected() -> String {
    let key = |a| keymap::label(Context::ApplyPlan, a);
    format!(
        "No field group is selected: {}, {} or {} turns one on",
        key(Action::GroupNames),
        key(Action::GroupPhoto),
        key(Action::GroupSharing)
    )
}

/// "2 to change · 1 in sync": the parts that are not zero (or "nothing" when all are).
fn counted(parts: &[(usize, &str)]) -> String {
    let shown: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if shown.is_empty() {
        "nothing".into()
    } else {
        shown.join(" · ")
    }
}
