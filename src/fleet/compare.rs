//! Planning one number: the card it shows against the card it should show. Pure: the card read,
//! the plan kind and the applied record come in, a [`NumberPlan`] goes out.

use std::sync::Arc;

use super::desired::{Avatar, sha256};
use super::plan::{Change, NumberPlan, PlanStatus, Shown, Skip};
use super::record::AppliedRecord;
use crate::api::{Audience, CardFields, ContactCard, Field, NameFormat, PlanKind};
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
    let have = card.map(ContactCard::fields);
    for field in want.managed() {
        let to = wanted(&want, field);
        let from = match (card, &have) {
            (Some(card), Some(have)) => {
                if have.same_as(&want, field, |b64, want| same_avatar(b64, want, record)) {
                    continue;
                }
                shown(card, field)
            }
            _ => Shown::Unknown,
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
            .map_or(Shown::Absent, |a| Shown::Word(a.word())),
        Field::NameFormat => want
            .name_format
            .map_or(Shown::Absent, |f| Shown::Word(f.word())),
    }
}

fn text(s: Option<&str>) -> Shown {
    s.map_or(Shown::Absent, |s| Shown::Text(s.to_owned()))
}

/// What the card shows in `field`, as a plan says it (a wire value with no word stays a number).
fn shown(card: &ContactCard, field: Field) -> Shown {
    let sharing = card.sharing.clone().unwrap_or_default();
    let word = |v: Option<i64>, word: Option<&'static str>| match (v, word) {
        (_, Some(w)) => Shown::Word(w),
        (Some(v), None) => Shown::Raw(v),
        (None, None) => Shown::Absent,
    };
    match field {
        Field::FirstName => text(card.first_name.as_deref()),
        Field::LastName => text(card.last_name.as_deref()),
        Field::Avatar => match card.avatar.as_deref().filter(|a| !a.trim().is_empty()) {
            None => Shown::Absent,
            Some(b64) => match decode_base64(b64) {
                Ok(have) => Shown::Avatar {
                    bytes: have.len(),
                    label: None,
                },
                Err(_) => Shown::Text("unreadable avatar".into()),
            },
        },
        Field::Sharing => sharing.enabled.map_or(Shown::Absent, Shown::Bool),
        Field::Audience => word(sharing.audience, sharing.audience().map(Audience::word)),
        Field::NameFormat => word(
            sharing.name_format,
            sharing.name_format().map(NameFormat::word),
        ),
    }
}

/// The equality rule's avatar part for a plan: the card shows exactly the bytes bloocard would
/// send, or exactly the bytes the server gave back the last time bloocard applied this same
/// avatar (a server may re-encode).
fn same_avatar(b64: &str, want: &Avatar, record: Option<&AppliedRecord>) -> bool {
    let Ok(have) = decode_base64(b64) else {
        return false;
    };
    have == want.bytes
        || record
            .is_some_and(|r| r.source_sha256 == want.sha256 && r.server_sha256 == sha256(&have))
}
