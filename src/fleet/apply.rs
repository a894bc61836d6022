//! Applying one number: PUT only the fields that differ, read the card back to verify it, and
//! record what the server made of the avatar.

use super::desired::sha256;
use super::event::{ApplyStatus, Cancel, NumberOutcome};
use super::plan::{NumberPlan, PlanStatus, Skip};
use super::record::{AppliedRecord, Records};
use crate::api::{ApiError, CardUpdate, Client, ContactCard, Field};
use crate::avatar::decode_base64;

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
    req: &Client,
    records: &Records,
    plan: &NumberPlan,
    cancel: &Cancel,
) -> NumberOutcome {
    let mut out = outcome(plan, ApplyStatus::Applied);
    let mut fields = plan.writes();
    match req
        .update_card(
            &plan.number,
            &CardUpdate::setting(plan.want.as_ref(), &fields),
        )
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
                .update_card(
                    &plan.number,
                    &CardUpdate::setting(plan.want.as_ref(), &fields),
                )
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

/// Checks the card read back shows every written field (by the equality rule; any readable
/// avatar counts, as a server may re-encode it), and records the avatar it shows.
fn verify(records: &Records, mut out: NumberOutcome, card: &ContactCard) -> NumberOutcome {
    let want = out.plan.want.clone();
    let have = card.fields();
    let mut differs = Vec::new();
    for field in &out.written {
        let same = match field {
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
            field => have.same_as(want.as_ref(), *field, |_, _| true),
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
