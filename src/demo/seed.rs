//! The numbers a fresh demo backend starts with: five on different plans (two dedicated ones with
//! names and photos). Their conversations are in [`super::seed_conversations`], which puts the
//! whole starting state together.

use base64::Engine;

use super::state::{Card, Number};

const MAYA_AVATAR: &[u8] = include_bytes!("../../assets/demo-avatar-maya.jpg");
const THEO_AVATAR: &[u8] = include_bytes!("../../assets/demo-avatar-theo.jpg");

/// The dedicated number with a full card (the one the TUI selects first).
pub const MAYA: &str = "+14155550123";
/// Dedicated too, on a legacy allocation whose `plan_kind` is null.
pub const THEO: &str = "+13125550148";
/// Shared pool: names and photo cannot be set, the card cannot be shared.
pub const SHARED: &str = "+16465550172";
/// Inbound plan: replies only to people who wrote first.
pub const INBOUND: &str = "+17185550139";
/// A trial number whose device is offline.
pub const INACTIVE: &str = "+15035550116";

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

/// The five numbers, on every plan there is, and the two dedicated ones with full cards.
pub(super) fn seeded_numbers(now: i64) -> Vec<Number> {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    vec![
        Number {
            phone: MAYA.into(),
            plan_kind: Some("dedicated"),
            is_active: true,
            last_active: Some(now - 2 * MIN),
            allocation_id: "alloc_7qk2m9d4x1vb".into(),
            card: Card {
                first_name: Some("Maya".into()),
                last_name: Some("Lindqvist".into()),
                avatar: Some(b64(MAYA_AVATAR)),
                has_wallpaper: true,
                sharing_enabled: true,
                audience: 1,
                name_format: 0,
            },
        },
        Number {
            phone: THEO.into(),
            plan_kind: None,
            is_active: true,
            last_active: Some(now - 25 * MIN),
            allocation_id: "alloc_3hd8w2p6z0ce".into(),
            card: Card {
                first_name: Some("Theo".into()),
                last_name: Some("Okafor".into()),
                avatar: Some(b64(THEO_AVATAR)),
                has_wallpaper: false,
                sharing_enabled: true,
                audience: 0,
                name_format: 1,
            },
        },
        Number {
            phone: SHARED.into(),
            plan_kind: Some("shared"),
            is_active: true,
            last_active: Some(now - 4 * MIN),
            allocation_id: "alloc_9sn4c7f1k5ua".into(),
            card: Card::blank(),
        },
        Number {
            phone: INBOUND.into(),
            plan_kind: Some("inbound"),
            is_active: true,
            last_active: Some(now - 47 * MIN),
            allocation_id: "alloc_5rb1j8t3y6qe".into(),
            card: Card::blank(),
        },
        Number {
            phone: INACTIVE.into(),
            plan_kind: Some("trial"),
            is_active: false,
            last_active: Some(now - 9 * DAY - 3 * HOUR),
            allocation_id: "alloc_2mx6v0g9n4ld".into(),
            card: Card::blank(),
        },
    ]
}
