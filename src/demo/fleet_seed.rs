//! A demo account at fleet size (`demo-server --numbers N`): the five usual numbers, then
//! generated ones across plans. Against `assets/fleet/cards.toml`, about a third of the dedicated
//! ones already match, the others have drifted, and one card cannot be read.

use axum::http::StatusCode;
use base64::Engine;

use super::control::DemoControl;
use super::reply::ApiFailure;
use super::state::{Card, Number, now_ms};

/// The photo `assets/fleet/cards.toml` names; matching cards show it as the pipeline prepares it.
pub const FLEET_LOGO: &[u8] = include_bytes!("../../assets/fleet/logo.png");
const MAYA_AVATAR: &[u8] = include_bytes!("../../assets/demo-avatar-maya.jpg");
const THEO_AVATAR: &[u8] = include_bytes!("../../assets/demo-avatar-theo.jpg");

/// Fictional numbers: 555-0100…0199 in these area codes (1,500 in all).
pub(super) const AREA_CODES: [u16; 15] = [
    202, 206, 213, 305, 312, 404, 415, 503, 512, 617, 646, 702, 718, 801, 919,
];
pub const MAX_NUMBERS: usize = AREA_CODES.len() * 100;

const PEOPLE: [(&str, &str); 8] = [
    ("Priya", "Raman"),
    ("Jonas", "Berg"),
    ("Ana", "Souza"),
    ("Kenji", "Mori"),
    ("Lea", "Fischer"),
    ("Omar", "Haddad"),
    ("Zoe", "Martin"),
    ("Ravi", "Iyer"),
];

/// The 501 a card whose read is switched off answers, as the "coming soon" GET may.
pub fn unreadable(number: &str) -> ApiFailure {
    ApiFailure::new(
        StatusCode::NOT_IMPLEMENTED,
        "coming_soon",
        format!("Reading the contact card of {number} is not available yet (coming soon)"),
    )
}

fn acme(logo: &str) -> Card {
    Card {
        first_name: Some("Acme".into()),
        last_name: Some("Support".into()),
        avatar: Some(logo.to_owned()),
        has_wallpaper: false,
        sharing_enabled: true,
        audience: 1,
        name_format: 0,
    }
}

impl DemoControl {
    /// Grows the account to `total` numbers (at most [`MAX_NUMBERS`]); fewer than there are
    /// already leaves it as it is. Deterministic: the same `total` gives the same account.
    pub fn seed_fleet(&self, total: usize) {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        let logo = crate::avatar::prepare(FLEET_LOGO, &crate::avatar::PrepareOptions::default())
            .map(|p| b64(&p.jpeg))
            .unwrap_or_else(|_| b64(THEO_AVATAR));
        let now = now_ms();
        let mut state = self.lock();
        let candidates = AREA_CODES
            .iter()
            .flat_map(|area| (100..200).map(move |line| format!("+1{area}555{line:04}")));
        let mut generated = 0usize;
        for phone in candidates {
            if state.numbers.len() >= total.min(MAX_NUMBERS) {
                break;
            }
            if state.number(&phone).is_some() {
                continue;
            }
            let g = generated;
            generated += 1;
            let plan_kind = match g % 10 {
                0..=5 => Some("dedicated"),
                6 => None,
                7 => Some("shared"),
                8 => Some("inbound"),
                _ => Some("trial"),
            };
            let dedicated = matches!(plan_kind, None | Some("dedicated"));
            let card = match (dedicated, (g / 10 + g) % 3) {
                (true, 0) => acme(&logo),
                (true, 1) => {
                    let (first, last) = PEOPLE[g % PEOPLE.len()];
                    Card {
                        first_name: Some(first.into()),
                        last_name: Some(last.into()),
                        avatar: Some(b64(if g.is_multiple_of(2) {
                            MAYA_AVATAR
                        } else {
                            THEO_AVATAR
                        })),
                        has_wallpaper: g % 4 == 1,
                        sharing_enabled: true,
                        audience: 0,
                        name_format: 0,
                    }
                }
                (false, 0) => Card {
                    sharing_enabled: true,
                    audience: 1,
                    name_format: 0,
                    ..Card::blank()
                },
                _ => Card::blank(),
            };
            if g == 1 {
                state.unreadable_cards.insert(phone.clone());
            }
            state.numbers.push(Number {
                allocation_id: format!("alloc_fleet{g:05}"),
                phone,
                plan_kind,
                is_active: true,
                last_active: Some(now - (g as i64 % 90 + 1) * 60_000),
                card,
            });
        }
    }

    /// Makes one number's card read fail (501 `coming_soon`), or work again.
    pub fn set_card_unreadable(&self, number: &str, unreadable: bool) {
        let mut state = self.lock();
        if unreadable {
            state.unreadable_cards.insert(number.to_owned());
        } else {
            state.unreadable_cards.remove(number);
        }
    }
}
