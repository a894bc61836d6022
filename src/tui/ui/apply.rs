//! The apply overlay: the card being applied, the field groups as checkboxes, one row per marked
//! number (its plan, then its progress: a spinner, ✓, ✗ with the reason, = in sync), the selected
//! row in full, a summary, and the keys that work now.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::fleet::{ApplyStatus, Field, NumberPlan, PlanStatus, Shown, Skip};
use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::state::apply::{ApplyRow, ApplyState, Phase, RowState};
use crate::tui::theme;

use super::fit;

pub fn render(app: &App, apply: &ApplyState, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(110);
    let inner_width = width.saturating_sub(2);
    let mut bottom = vec![Line::raw("")];
    bottom.extend(detail(apply, inner_width));
    bottom.extend(status(app, apply));
    bottom.push(super::popup::answers(app));
    let fixed = 3 + bottom.len() as u16 + 2;
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
        Constraint::Length(bottom.len() as u16),
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

fn field_name(f: Field) -> &'static str {
    match f {
        Field::FirstName => "first name",
        Field::LastName => "last name",
        Field::Avatar => "photo",
        Field::Sharing => "sharing",
        Field::Audience => "audience",
        Field::NameFormat => "name format",
    }
}

fn names(fields: impl IntoIterator<Item = Field>) -> String {
    fields
        .into_iter()
        .map(field_name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// "skips first name, photo: needs a Dedicated plan (plan: shared)".
fn skips(skipped: &[Skip]) -> Option<String> {
    let first = skipped.first()?;
    Some(format!(
        "skips {}: {}",
        names(skipped.iter().map(|s| s.field)),
        first.reason
    ))
}

/// The glyph, its style and the one-line text of a row.
fn row_parts(app: &App, apply: &ApplyState, row: &ApplyRow) -> (String, Style, String) {
    let spin = theme::spinner(app.spinner).to_owned();
    let plan = row.plan.as_ref().map(|p| apply.effective(p));
    let with_skips = |text: String, skipped: &[Skip]| match skips(skipped) {
        Some(s) => format!("{text} · {s}"),
        None => text,
    };
    match (&row.state, plan) {
        (RowState::Reading, _) => (spin, theme::dim(), "reading the card…".into()),
        (RowState::Waiting, Some(p)) => (
            spin,
            theme::dirty(),
            format!("applying {}…", names(p.writes())),
        ),
        (RowState::Waiting, None) => (spin, theme::dirty(), "waiting…".into()),
        (RowState::NotStarted, _) => ("–".into(), theme::dim(), "not started".into()),
        (RowState::Done(o), _) => {
            let mut skipped = o.plan.skipped.clone();
            skipped.extend(o.skipped.iter().cloned());
            match o.status {
                ApplyStatus::Applied => {
                    let mut text = format!("applied {}", names(o.written.iter().copied()));
                    if let Some(e) = &o.error {
                        text.push_str(&format!(" · {e}"));
                    }
                    ("✓".into(), theme::ok(), with_skips(text, &skipped))
                }
                ApplyStatus::InSync => (
                    "=".into(),
                    theme::dim(),
                    with_skips("in sync".into(), &skipped),
                ),
                ApplyStatus::Failed => (
                    "✗".into(),
                    theme::error(),
                    o.error.clone().unwrap_or_else(|| "failed".into()),
                ),
            }
        }
        (RowState::Planned, None) => ("✗".into(), theme::error(), "not read".into()),
        (RowState::Planned, Some(p)) => planned(&p, &with_skips),
    }
}

fn planned(
    p: &NumberPlan,
    with_skips: &dyn Fn(String, &[Skip]) -> String,
) -> (String, Style, String) {
    match p.status {
        PlanStatus::Error => (
            "✗".into(),
            theme::error(),
            format!(
                "cannot be applied: {}",
                p.error.as_deref().unwrap_or("unknown error")
            ),
        ),
        PlanStatus::InSync if p.skipped.is_empty() => ("=".into(), theme::dim(), "in sync".into()),
        PlanStatus::InSync => (
            "–".into(),
            theme::dim(),
            with_skips("nothing to write".into(), &p.skipped),
        ),
        PlanStatus::Change => (
            "~".into(),
            theme::dirty(),
            with_skips(format!("changes {}", names(p.writes())), &p.skipped),
        ),
        PlanStatus::Unknown => (
            "?".into(),
            theme::dirty(),
            with_skips(
                format!("card unreadable: writes {}", names(p.writes())),
                &p.skipped,
            ),
        ),
    }
}

fn row_line(app: &App, apply: &ApplyState, row: &ApplyRow, selected: bool) -> Line<'static> {
    let (glyph, style, text) = row_parts(app, apply, row);
    let this = if row.number == apply.source {
        " (this card)"
    } else {
        ""
    };
    let mut line = Line::from(vec![
        Span::raw(if selected { "› " } else { "  " }),
        Span::styled(format!("{glyph} "), style),
        Span::styled(format!("{}{this}", clean(&row.number)), theme::label()),
        Span::raw(format!("  {}", clean(&text))),
    ]);
    if selected {
        line = line.style(theme::selected());
    }
    line
}

fn shown(s: &Shown) -> String {
    match s {
        Shown::Absent => "(none)".into(),
        Shown::Unknown => "(unknown)".into(),
        Shown::Text(t) => format!("“{t}”"),
        Shown::Bool(b) => (if *b { "on" } else { "off" }).into(),
        Shown::Word(w) => (*w).into(),
        Shown::Raw(v) => v.to_string(),
        Shown::Avatar { bytes, label } => match label {
            Some(l) => format!("{} ({l})", crate::byte_size::human(*bytes)),
            None => crate::byte_size::human(*bytes),
        },
    }
}

/// The selected row in full: each change from → to, what is skipped and why, the error.
fn detail(apply: &ApplyState, width: u16) -> Vec<Line<'static>> {
    let Some(row) = apply.rows.get(apply.selected) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    if let Some(p) = row.plan.as_ref().map(|p| apply.effective(p)) {
        for c in &p.changes {
            parts.push(format!(
                "{} {} → {}",
                field_name(c.field),
                shown(&c.from),
                shown(&c.to)
            ));
        }
        if let Some(s) = skips(&p.skipped) {
            parts.push(s);
        }
        if let Some(e) = &p.error {
            parts.push(e.clone());
        }
    }
    if let RowState::Done(o) = &row.state
        && let Some(e) = &o.error
    {
        parts.push(e.clone());
    }
    if parts.is_empty() {
        return Vec::new();
    }
    let text = format!("{}: {}", row.number, parts.join(" · "));
    fit::wrapped(
        vec![Line::styled(clean(&text).into_owned(), theme::dim())],
        width,
        3,
    )
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
            None => format!(
                "Plan: {} to change · {} in sync · {} cannot be applied",
                c.change, c.in_sync, c.error
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
            "Done: {} applied · {} in sync · {} failed · {} not started",
            c.applied, c.in_sync, c.failed, c.not_started
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
