//! Planning one number: which fields differ, which are skipped, and when an avatar is in sync.

use std::sync::Arc;

use super::compare::{CardRead, plan_number};
use super::desired::{DesiredAvatar, sha256};
use super::plan::{PlanStatus, Shown};
use super::record::AppliedRecord;
use crate::api::{Audience, ContactCard, Sharing};
use crate::api::{CardFields, Field};
use crate::avatar::encode_base64;

fn want(avatar: &[u8]) -> Arc<CardFields<super::Avatar>> {
    Arc::new(CardFields {
        first_name: Some("Acme".into()),
        last_name: None,
        avatar: Some(Arc::new(DesiredAvatar::new(
            "logo.png",
            avatar.to_vec(),
            false,
        ))),
        sharing: Some(true),
        audience: Some(Audience::AlwaysAsk),
        name_format: None,
    })
}

fn card(first: &str, avatar: &[u8], enabled: bool) -> CardRead {
    CardRead::Card(Box::new(ContactCard {
        first_name: Some(first.into()),
        avatar: Some(encode_base64(avatar)),
        sharing: Some(Sharing {
            enabled: Some(enabled),
            audience: Some(1),
            name_format: Some(0),
        }),
        ..Default::default()
    }))
}

#[test]
fn only_managed_fields_that_differ_are_changes() {
    let plan = plan_number(
        "+1",
        Some("dedicated"),
        want(b"new"),
        &card(" Acme ", b"old", false),
        None,
    );
    assert_eq!(plan.status, PlanStatus::Change);
    assert_eq!(plan.writes(), vec![Field::Avatar, Field::Sharing]);
    assert_eq!(plan.changes[1].from, Shown::Bool(false));
    let same = plan_number("+1", None, want(b"new"), &card("Acme", b"new", true), None);
    assert_eq!(
        same.status,
        PlanStatus::InSync,
        "null plan_kind is dedicated"
    );
}

#[test]
fn names_and_photo_are_skipped_off_dedicated_plans() {
    let plan = plan_number(
        "+1",
        Some("shared"),
        want(b"new"),
        &card("Bob", b"old", true),
        None,
    );
    assert_eq!(plan.status, PlanStatus::InSync, "only skipped differences");
    let skipped: Vec<Field> = plan.skipped.iter().map(|s| s.field).collect();
    assert_eq!(skipped, vec![Field::FirstName, Field::Avatar]);
    assert!(plan.skipped[0].reason.contains("Dedicated"));
}

#[test]
fn a_re_encoded_avatar_is_in_sync_by_the_applied_record_only_for_the_same_source() {
    let record = AppliedRecord {
        source_sha256: sha256(b"new"),
        server_sha256: sha256(b"re-encoded"),
    };
    let read = card("Acme", b"re-encoded", true);
    let plan = plan_number("+1", None, want(b"new"), &read, Some(&record));
    assert_eq!(plan.status, PlanStatus::InSync);
    // Another source photo since: the record does not apply.
    let plan = plan_number("+1", None, want(b"newer"), &read, Some(&record));
    assert_eq!(plan.writes(), vec![Field::Avatar]);
}

#[test]
fn an_unreadable_card_writes_every_managed_field_and_a_failed_one_nothing() {
    let unknown = CardRead::Unreadable("card could not be read (HTTP 503)".into());
    let plan = plan_number("+1", Some("dedicated"), want(b"x"), &unknown, None);
    assert_eq!(plan.status, PlanStatus::Unknown);
    assert_eq!(
        plan.writes(),
        vec![
            Field::FirstName,
            Field::Avatar,
            Field::Sharing,
            Field::Audience
        ]
    );
    assert!(plan.changes.iter().all(|c| c.from == Shown::Unknown));
    let plan = plan_number("+1", Some("trial"), want(b"x"), &unknown, None);
    assert_eq!(plan.writes(), vec![Field::Sharing, Field::Audience]);
    let failed = CardRead::Failed("not a number of this API key".into());
    let plan = plan_number("+1", None, want(b"x"), &failed, None);
    assert_eq!(plan.status, PlanStatus::Error);
    assert!(plan.writes().is_empty());
}
