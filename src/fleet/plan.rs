//! A plan: for each targeted number, what differs from the file and what apply will write.

use std::sync::Arc;

use serde_json::{Value, json};

use super::desired::Avatar;
use crate::api::{CardFields, Field};

/// Where a number stands against the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStatus {
    InSync,
    Change,
    /// The card could not be read: apply writes every managed field it may.
    Unknown,
    /// Nothing can be done for this number (not on the key, or its read was refused).
    Error,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::InSync => "in_sync",
            PlanStatus::Change => "change",
            PlanStatus::Unknown => "unknown",
            PlanStatus::Error => "error",
        }
    }
}

/// A field's value as a plan shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// The card does not have the field.
    Absent,
    /// The card could not be read.
    Unknown,
    Text(String),
    Bool(bool),
    /// A word of the card file (`always-ask`, `full`).
    Word(&'static str),
    /// A wire value this build has no word for.
    Raw(i64),
    /// An avatar: its size, and its file when it comes from the card file.
    Avatar {
        bytes: usize,
        label: Option<String>,
    },
}

impl Shown {
    /// The JSON form: strings, booleans and integers as they are, avatars as their size and file.
    pub fn to_json(&self) -> Value {
        match self {
            Shown::Absent | Shown::Unknown => Value::Null,
            Shown::Text(s) => json!(s),
            Shown::Bool(b) => json!(b),
            Shown::Word(w) => json!(w),
            Shown::Raw(v) => json!(v),
            Shown::Avatar { bytes, label } => json!({ "bytes": bytes, "file": label }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: Field,
    pub from: Shown,
    pub to: Shown,
}

/// A difference that will not be written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub field: Field,
    pub reason: String,
}

/// One number's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberPlan {
    pub number: String,
    /// As the numbers list gave it (`None`: not on the key, or a legacy allocation).
    pub plan_kind: Option<String>,
    pub status: PlanStatus,
    pub changes: Vec<Change>,
    pub skipped: Vec<Skip>,
    /// Why the card is unknown, or why nothing can be done.
    pub error: Option<String>,
    /// The card the number should show (what apply writes from).
    pub want: Arc<CardFields<Avatar>>,
}

impl NumberPlan {
    /// The fields apply will PUT.
    pub fn writes(&self) -> Vec<Field> {
        self.changes.iter().map(|c| c.field).collect()
    }

    /// The plan with only `fields` managed (the TUI's field groups): the changes and skips of
    /// other fields dropped, and nothing left to write means in sync. A number that cannot be
    /// planned stays so.
    pub fn only(&self, fields: &[Field]) -> NumberPlan {
        let mut out = self.clone();
        if out.status == PlanStatus::Error {
            return out;
        }
        out.changes.retain(|c| fields.contains(&c.field));
        out.skipped.retain(|s| fields.contains(&s.field));
        if out.changes.is_empty() {
            out.status = PlanStatus::InSync;
        }
        out
    }

    /// The plan as the text shows it: the API's `plan_kind` null means dedicated; none for a
    /// number the numbers list does not have.
    pub fn plan_label(&self) -> Option<String> {
        match (&self.plan_kind, self.status) {
            (None, PlanStatus::Error) => None,
            (kind, _) => Some(
                crate::api::PlanKind::from_wire(kind.as_deref())
                    .label()
                    .to_owned(),
            ),
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "number": self.number,
            "plan_kind": self.plan_kind,
            // What the text says, next to the raw value (null there means dedicated).
            "plan": self.plan_label(),
            "status": self.status.as_str(),
            "changes": self.changes.iter().map(|c| json!({
                "field": c.field.as_str(),
                "from": c.from.to_json(),
                "to": c.to.to_json(),
            })).collect::<Vec<_>>(),
            "skipped": skips_json(&self.skipped),
            "error": self.error,
        })
    }
}

pub fn skips_json(skipped: &[Skip]) -> Value {
    Value::Array(
        skipped
            .iter()
            .map(|s| json!({"field": s.field.as_str(), "reason": s.reason}))
            .collect(),
    )
}

/// Every targeted number, in the file's (or the key's) order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub numbers: Vec<NumberPlan>,
}

/// How many numbers are in each state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub change: usize,
    pub in_sync: usize,
    pub unknown: usize,
    pub error: usize,
}

impl Plan {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for n in &self.numbers {
            match n.status {
                PlanStatus::InSync => s.in_sync += 1,
                PlanStatus::Change => s.change += 1,
                PlanStatus::Unknown => s.unknown += 1,
                PlanStatus::Error => s.error += 1,
            }
        }
        s
    }

    /// Whether apply would write anything.
    pub fn has_writes(&self) -> bool {
        self.numbers
            .iter()
            .any(|n| matches!(n.status, PlanStatus::Change | PlanStatus::Unknown))
    }

    pub fn to_json(&self) -> Value {
        let s = self.summary();
        json!({
            "numbers": self.numbers.iter().map(NumberPlan::to_json).collect::<Vec<_>>(),
            "summary": {
                "change": s.change,
                "in_sync": s.in_sync,
                "unknown": s.unknown,
                "error": s.error,
                "total": self.numbers.len(),
            },
        })
    }
}
