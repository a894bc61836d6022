//! Applying one number: PUT only the fields that differ, read the card back to verify it, and
//! record what the server made of the avatar.

use super::desired::{Avatar, sha256};
use super::event::{ApplyStatus, Cancel, NumberOutcome};
use super::fields::{CardFields, Field};
use super::plan::{NumberPlan, PlanStatus, Skip};
use super::record::{AppliedRecord, Records};
use super::request::Requester;
use crate::api::{ApiError, Audience, CardUpdate, ContactCard, NameFormat, SharingUpdate};
use crate::avatar::decode_base64;

/// The PUT body for `fields` of `want`.
pub fn card_update(want: &CardFields<Avatar>, fields: &[Field]) -> CardUpdate {
    let has = |f: Field| fields.contains(&f);
    let sharing = SharingUpdate {
        enabled: want.sharing.filter(|_| has(Field::Sharing)),
        audience: want
            .audience
            .filter(|_| has(Field::Audience))
            .map(Audience::to_wire),
        name_format: want
            .name_format
            .filter(|_| has(Field::NameFormat))
            .map(NameFormat::to_wire),
    };
    CardUpdate {
        first_name: want.first_name.clone().filter(|_| has(Field::FirstName)),
        last_name: want.last_name.clone().filter(|_| has(Field::LastName)),
        avatar: want
            .avatar
            .as_ref()
            .filter(|_| has(Field::Avatar))
            .map(|a| a.base64.clone()),
        sharing: (!sharing.is_empty()).then_some(sharing),
    }
}

fn outcome(plan: &NumberPlan, status: ApplyStatus) -> NumberOutcome {
    NumberOutcome {
        plan: plan.clone(),
        status,
        written: Vec::new(),
        verified: false,
        skipped: Vec::new(),
        error: None,
    }
}

pub async fn apply_one(
    req: &Requester,
    records: &Records,
    plan: &NumberPlan,
    cancel: &Cancel,
) -> NumberOutcome {
    let mut out = outcome(plan, ApplyStatus::Applied);
    let mut fields = plan.writes();
    match req
        .put_card(&plan.number, &card_update(&plan.want, &fields))
        .await
    {
        Ok(_) => {}
        // The list said the plan allows names and photo, the server says no: as the plan rule.
        Err(ApiError::Forbidden(server))
            if fields.iter().any(|f| f.needs_dedicated_plan())
                && server.code.as_deref() != Some("number_not_accessible") =>
        {
            let reason = format!("refused for this number's plan ({server})");
            for f in fields.iter().filter(|f| f.needs_dedicated_plan()) {
                out.skipped.push(Skip {
                    field: *f,
                    reason: reason.clone(),
                });
            }
            fields.retain(|f| !f.needs_dedicated_plan());
            if fields.is_empty() {
                out.status = ApplyStatus::InSync;
                return out;
            }
            if let Err(e) = req
                .put_card(&plan.number, &card_update(&plan.want, &fields))
                .await
            {
                return failed(out, &e);
            }
        }
        Err(e) => return failed(out, &e),
    }
    out.written = fields;
    // An unreadable card cannot be checked; after Ctrl-C no new request starts.
    if plan.status == PlanStatus::Unknown {
        return out;
    }
    if cancel.is_cancelled() {
        out.error = Some("stopped before the card was read back".into());
        return out;
    }
    match req.get_card(&plan.number).await {
        Ok(reply) => verify(records, out, &reply.value),
        Err(e) => {
            out.error = Some(format!(
                "written, but the card could not be read back ({e})"
            ));
            out
        }
    }
}

fn failed(mut out: NumberOutcome, e: &ApiError) -> NumberOutcome {
    out.status = ApplyStatus::Failed;
    out.written.clear();
    out.error = Some(e.to_string());
    out
}

/// Checks the card read back shows every written field, and records the avatar it shows.
fn verify(records: &Records, mut out: NumberOutcome, card: &ContactCard) -> NumberOutcome {
    let want = &out.plan.want;
    let sharing = card.sharing.clone().unwrap_or_default();
    let trimmed = |s: Option<&str>| s.unwrap_or_default().trim().to_owned();
    let mut differs = Vec::new();
    for field in &out.written {
        let same = match field {
            Field::FirstName => {
                trimmed(card.first_name.as_deref()) == trimmed(want.first_name.as_deref())
            }
            Field::LastName => {
                trimmed(card.last_name.as_deref()) == trimmed(want.last_name.as_deref())
            }
            Field::Sharing => sharing.enabled == want.sharing,
            Field::Audience => sharing.audience == want.audience.map(Audience::to_wire),
            Field::NameFormat => sharing.name_format == want.name_format.map(NameFormat::to_wire),
            Field::Avatar => match (want.avatar.as_ref(), read_avatar(card)) {
                (Some(sent), Some(shown)) => {
                    let record = AppliedRecord {
                        source_sha256: sent.sha256,
                        server_sha256: sha256(&shown),
                    };
                    if let Err(e) = records.put(&out.plan.number, &record) {
                        tracing::warn!(error = %e, "fleet: could not write the applied record");
                    }
                    true
                }
                _ => false,
            },
        };
        if !same {
            differs.push(field.as_str());
        }
    }
    if differs.is_empty() {
        out.verified = true;
    } else {
        out.status = ApplyStatus::Failed;
        out.error = Some(format!(
            "the server took the change, but the card read back still differs in {}",
            differs.join(", ")
        ));
    }
    out
}

fn read_avatar(card: &ContactCard) -> Option<Vec<u8>> {
    let text = card.avatar.as_deref().filter(|a| !a.trim().is_empty())?;
    decode_base64(text).ok()
}
