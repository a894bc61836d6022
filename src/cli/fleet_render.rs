//! How fleet plans and applies read on a terminal: one row per number starting with its marker
//! (`~` change, `=` in sync, `?` unknown, `✗` error; apply adds `✓`), then a closing line. Every
//! server string is cleaned here.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::byte_size::human as human_bytes;
use crate::fleet::{
    ApplyReport, ApplyStatus, Field, NumberOutcome, NumberPlan, Plan, PlanStatus, Shown, Skip,
};
use crate::sanitize::clean;

/// Column widths, so every row's details start at the same column.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    number: usize,
    kind: usize,
}

impl Columns {
    pub fn of(plan: &Plan) -> Self {
        let mut c = Columns { number: 0, kind: 0 };
        for n in &plan.numbers {
            c.number = c.number.max(clean(&n.number).width());
            c.kind = c.kind.max(kind(n).width());
        }
        c
    }

    fn row(&self, marker: &str, n: &NumberPlan, details: &str) -> String {
        let number = clean(&n.number);
        let kind = kind(n);
        format!(
            "{marker} {number}{} {kind}{}  {details}\n",
            " ".repeat(self.number.saturating_sub(number.width())),
            " ".repeat(self.kind.saturating_sub(kind.width())),
        )
    }
}

fn kind(n: &NumberPlan) -> String {
    n.plan_label()
        .map(|k| clean(&k).into_owned())
        .unwrap_or_default()
}

fn shown(v: &Shown) -> String {
    match v {
        Shown::Absent => "none".into(),
        Shown::Unknown => "?".into(),
        Shown::Text(s) => format!("\"{}\"", clean(s)),
        Shown::Bool(true) => "on".into(),
        Shown::Bool(false) => "off".into(),
        Shown::Word(w) => (*w).into(),
        Shown::Raw(v) => format!("value {v}"),
        Shown::Avatar { bytes, label: None } => human_bytes(*bytes),
        Shown::Avatar {
            bytes,
            label: Some(l),
        } => format!("{} ({})", clean(l), human_bytes(*bytes)),
    }
}

fn fields(fields: impl IntoIterator<Item = Field>) -> String {
    fields
        .into_iter()
        .map(Field::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// "first_name, avatar skipped: needs a Dedicated plan (…)", one group per reason.
fn skips(skipped: &[Skip]) -> Vec<String> {
    let mut groups: Vec<(String, Vec<Field>)> = Vec::new();
    for s in skipped {
        match groups.iter_mut().find(|(r, _)| *r == s.reason) {
            Some((_, f)) => f.push(s.field),
            None => groups.push((s.reason.clone(), vec![s.field])),
        }
    }
    groups
        .into_iter()
        .map(|(reason, f)| format!("{} skipped: {}", fields(f), clean(&reason)))
        .collect()
}

pub fn plan_row(c: &Columns, n: &NumberPlan) -> String {
    let mut parts: Vec<String> = Vec::new();
    let marker = match n.status {
        PlanStatus::Change => {
            parts.extend(n.changes.iter().map(|ch| {
                format!(
                    "{} {} → {}",
                    ch.field.as_str(),
                    shown(&ch.from),
                    shown(&ch.to)
                )
            }));
            "~"
        }
        PlanStatus::InSync => {
            parts.push("in sync".into());
            "="
        }
        PlanStatus::Unknown => {
            parts.push(format!(
                "{}: apply writes {}",
                clean(n.error.as_deref().unwrap_or("card could not be read")),
                fields(n.writes())
            ));
            "?"
        }
        PlanStatus::Error => {
            parts.push(clean(n.error.as_deref().unwrap_or("error")).into_owned());
            "✗"
        }
    };
    parts.extend(skips(&n.skipped));
    c.row(marker, n, &parts.join(" · "))
}

pub fn plan_text(plan: &Plan) -> String {
    if plan.numbers.is_empty() {
        return "No number is targeted: the key has no numbers.\nPlan: 0 to change.\n".into();
    }
    let c = Columns::of(plan);
    let mut out: String = plan.numbers.iter().map(|n| plan_row(&c, n)).collect();
    let s = plan.summary();
    let _ = writeln!(
        out,
        "Plan: {} to change, {} in sync, {} unknown, {} error{}.",
        s.change,
        s.in_sync,
        s.unknown,
        s.error,
        if s.error == 1 { "" } else { "s" }
    );
    out
}

/// The line printed as one number finishes applying (none for numbers already in sync).
pub fn outcome_row(c: &Columns, o: &NumberOutcome) -> Option<String> {
    let mut parts = Vec::new();
    let marker = match o.status {
        ApplyStatus::InSync if o.skipped.is_empty() => return None,
        ApplyStatus::InSync => {
            parts.push("nothing written".into());
            "="
        }
        ApplyStatus::Applied => {
            parts.push(format!("{} written", fields(o.written.iter().copied())));
            parts.push(match (&o.error, o.verified) {
                (_, true) => "verified".into(),
                (Some(e), false) => format!("not verified: {}", clean(e)),
                (None, false) if o.plan.status == PlanStatus::Unknown => {
                    "not verified: the card cannot be read".into()
                }
                (None, false) => "not verified".into(),
            });
            "✓"
        }
        ApplyStatus::Failed => {
            parts.push(format!(
                "failed: {}",
                clean(o.error.as_deref().unwrap_or("unknown error"))
            ));
            "✗"
        }
    };
    parts.extend(skips(&o.skipped));
    Some(c.row(marker, &o.plan, &parts.join(" · ")))
}

pub fn apply_summary(report: &ApplyReport, planned: usize) -> String {
    let not_started = planned.saturating_sub(report.outcomes.len());
    let mut line = format!(
        "Apply: {} applied, {} in sync, {} failed",
        report.count(ApplyStatus::Applied),
        report.count(ApplyStatus::InSync),
        report.count(ApplyStatus::Failed)
    );
    if not_started > 0 {
        let _ = write!(line, ", {not_started} not started");
    }
    line.push_str(".\n");
    line
}

pub fn apply_json(report: &ApplyReport, planned: usize) -> serde_json::Value {
    serde_json::json!({
        "numbers": report.outcomes.iter().map(NumberOutcome::to_json).collect::<Vec<_>>(),
        "summary": {
            "applied": report.count(ApplyStatus::Applied),
            "in_sync": report.count(ApplyStatus::InSync),
            "failed": report.count(ApplyStatus::Failed),
            "not_started": planned.saturating_sub(report.outcomes.len()),
            "total": planned,
        },
    })
}
