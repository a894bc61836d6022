//! Planning one number: the card it shows against the card it should show. Pure: the card read,
//! the plan kind and the applied record come in, a [`NumberPlan`] goes out.

use std::sync::Arc;

use super::desired::{Avatar, sha256};
use super::fields::{CardFields, Field, audience_word, name_format_word};
use super::plan::{Change, NumberPlan, PlanStatus, Shown, Skip};
use super::record::AppliedRecord;
use crate::api::{Audience, ContactCard, NameFormat, PlanKind};
use crate::avatar::decode_base64;

/// What reading a number's card gave.
#[derive(Debug, Clone)]
pub enum CardRead {
    Card(Box<ContactCard>),
    /// 404 or 5xx: the card may exist, it could not be read ("coming soon" upstream).
    Unreadable(String),
    /// Nothing can be done: the number is not on the key, or the read was refused.
    Failed(String),
}

/// The plan for `number` on `plan_kind` (as the numbers list says), given what its card read
/// gave and the record of the last apply of an avatar to it.
pub fn plan_number(
    number: &str,
    plan_kind: Option<&str>,
    want: Arc<CardFields<Avatar>>,
    read: &CardRead,
    record: Option<&AppliedRecord>,
) -> NumberPlan {
    let kind = PlanKind::from_wire(plan_kind);
    let mut plan = NumberPlan {
        number: number.to_owned(),
        plan_kind: plan_kind.map(str::to_owned),
        status: PlanStatus::InSync,
        changes: Vec::new(),
        skipped: Vec::new(),
        error: None,
        want: want.clone(),
    };
    let card = match read {
        CardRead::Card(card) => Some(card.as_ref()),
        CardRead::Unreadable(why) => {
            plan.error = Some(why.clone());
            None
        }
        CardRead::Failed(why) => {
            plan.status = PlanStatus::Error;
            plan.error = Some(why.clone());
            return plan;
        }
    };
    for field in want.managed() {
        let to = wanted(&want, field);
        let from = match card {
            Some(card) => match current(card, field, &want, record) {
                Current::Same => continue,
                Current::Differs(from) => from,
            },
            None => Shown::Unknown,
        };
        if field.needs_dedicated_plan() && !kind.can_set_name_and_photo() {
            plan.skipped.push(Skip {
                field,
                reason: format!("needs a Dedicated plan (plan: {})", kind.label()),
            });
        } else {
            plan.changes.push(Change { field, from, to });
        }
    }
    plan.status = match (card.is_some(), plan.changes.is_empty()) {
        (_, true) => PlanStatus::InSync,
        (true, false) => PlanStatus::Change,
        (false, false) => PlanStatus::Unknown,
    };
    plan
}

fn wanted(want: &CardFields<Avatar>, field: Field) -> Shown {
    match field {
        Field::FirstName => text(want.first_name.as_deref()),
        Field::LastName => text(want.last_name.as_deref()),
        Field::Avatar => match &want.avatar {
            Some(a) => Shown::Avatar {
                bytes: a.bytes.len(),
                label: Some(a.label.clone()),
            },
            None => Shown::Absent,
        },
        Field::Sharing => want.sharing.map_or(Shown::Absent, Shown::Bool),
        Field::Audience => want
            .audience
            .map_or(Shown::Absent, |a| Shown::Word(audience_word(a))),
        Field::NameFormat => want
            .name_format
            .map_or(Shown::Absent, |f| Shown::Word(name_format_word(f))),
    }
}

fn text(s: Option<&str>) -> Shown {
    s.map_or(Shown::Absent, |s| Shown::Text(s.to_owned()))
}

enum Current {
    Same,
    Differs(Shown),
}

fn current(
    card: &ContactCard,
    field: Field,
    want: &CardFields<Avatar>,
    record: Option<&AppliedRecord>,
) -> Current {
    let names = |have: Option<&str>, want: Option<&str>| {
        let same = have.unwrap_or_default().trim() == want.unwrap_or_default();
        if same {
            Current::Same
        } else {
            Current::Differs(text(have))
        }
    };
    let sharing = card.sharing.clone().unwrap_or_default();
    match field {
        Field::FirstName => names(card.first_name.as_deref(), want.first_name.as_deref()),
        Field::LastName => names(card.last_name.as_deref(), want.last_name.as_deref()),
        Field::Avatar => avatar(card, want.avatar.as_ref(), record),
        Field::Sharing => match sharing.enabled {
            Some(b) if Some(b) == want.sharing => Current::Same,
            have => Current::Differs(have.map_or(Shown::Absent, Shown::Bool)),
        },
        Field::Audience => wire(
            sharing.audience,
            want.audience.map(Audience::to_wire),
            |v| Audience::from_wire(v).map(audience_word),
        ),
        Field::NameFormat => wire(
            sharing.name_format,
            want.name_format.map(NameFormat::to_wire),
            |v| NameFormat::from_wire(v).map(name_format_word),
        ),
    }
}

fn wire(have: Option<i64>, want: Option<i64>, word: fn(i64) -> Option<&'static str>) -> Current {
    match have {
        Some(v) if Some(v) == want => Current::Same,
        Some(v) => Current::Differs(word(v).map_or(Shown::Raw(v), Shown::Word)),
        None => Current::Differs(Shown::Absent),
    }
}

/// In sync when the card shows exactly the bytes bloocard would send, or exactly the bytes the
/// server gave back the last time bloocard applied this same avatar (a server may re-encode).
fn avatar(card: &ContactCard, want: Option<&Avatar>, record: Option<&AppliedRecord>) -> Current {
    let Some(want) = want else {
        return Current::Same;
    };
    let Some(b64) = card.avatar.as_deref().filter(|a| !a.trim().is_empty()) else {
        return Current::Differs(Shown::Absent);
    };
    let Ok(have) = decode_base64(b64) else {
        return Current::Differs(Shown::Text("unreadable avatar".into()));
    };
    if have == want.bytes {
        return Current::Same;
    }
    if let Some(r) = record
        && r.source_sha256 == want.sha256
        && r.server_sha256 == sha256(&have)
    {
        return Current::Same;
    }
    Current::Differs(Shown::Avatar {
        bytes: have.len(),
        label: None,
    })
}
