//! The apply overlay's rows: each number's glyph and one-line text (its plan, then its progress
//! and outcome), and the selected row in full (every change from → to, skips, the error).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::fleet::{ApplyStatus, Field, NumberPlan, PlanStatus, Shown, Skip};
use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::state::apply::{ApplyRow, ApplyState, RowState};
use crate::tui::theme;

use super::fit;

fn names(fields: impl IntoIterator<Item = Field>) -> String {
    fields
        .into_iter()
        .map(Field::label)
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
        // In sync or not to be written: the engine answers at once, nothing to wait for.
        (RowState::Waiting, Some(p)) if p.writes().is_empty() => planned(&p, &with_skips),
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
        // With every group off nothing is compared: "in sync" would be a claim.
        (RowState::Planned, Some(_)) if !apply.groups.any() => {
            ("–".into(), theme::dim(), "no field group selected".into())
        }
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

pub fn row_line(app: &App, apply: &ApplyState, row: &ApplyRow, selected: bool) -> Line<'static> {
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
pub fn detail(apply: &ApplyState, width: u16) -> Vec<Line<'static>> {
    let Some(row) = apply.rows.get(apply.selected) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    // Why it failed comes first: it is what the operator looks for.
    if let RowState::Done(o) = &row.state
        && let Some(e) = &o.error
    {
        parts.push(e.clone());
    }
    if let Some(p) = row.plan.as_ref().map(|p| apply.effective(p)) {
        for c in &p.changes {
            parts.push(format!(
                "{} {} → {}",
                c.field.label(),
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
