//! `GET /me/numbers` and the contact card of one number (`GET`/`PUT /me/numbers/{number}/contact-card`),
//! with the plan rules: names and photo only on dedicated numbers.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use base64::Engine;
use serde_json::{Value, json};

use super::control::DemoControl;
use super::ids::parse_number;
use super::reply::{ApiFailure, ApiResult, ok};
use super::validate::{Fields, parse_body, require_object};
use crate::avatar::inspect;

/// Decoded avatars above this are refused; the guide's limit is "~1 MB", so leave some slack.
pub const MAX_AVATAR_BYTES: usize = 1_536 * 1024;

pub fn path_failure(e: PathRejection) -> ApiFailure {
    ApiFailure::bad_request("invalid_path", format!("Invalid path parameter: {e}"))
}

pub async fn list_numbers(State(ctl): State<DemoControl>) -> ApiResult {
    let state = ctl.lock();
    let numbers: Vec<Value> = state.numbers.iter().map(|n| n.to_json()).collect();
    ok(json!({ "numbers": numbers }))
}

fn not_accessible(number: &str) -> ApiFailure {
    ApiFailure::forbidden(
        "number_not_accessible",
        format!("Phone number {number} is not accessible with this API key"),
    )
}

pub async fn get_card(
    State(ctl): State<DemoControl>,
    number: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let Path(raw) = number.map_err(path_failure)?;
    let state = ctl.lock();
    // 501 rather than 503: Blooio's 503 means "no active number", which would mislead here.
    if state.card_read_disabled {
        return Err(ApiFailure::new(
            StatusCode::NOT_IMPLEMENTED,
            "coming_soon",
            "Reading the contact card is temporarily disabled while this feature is stabilized (coming soon)",
        ));
    }
    let phone = parse_number(&raw)?;
    let number = state.number(&phone).ok_or_else(|| not_accessible(&phone))?;
    if state.unreadable_cards.contains(&phone) {
        return Err(super::fleet_seed::unreadable(&phone));
    }
    ok(number.card_json())
}

/// A checked PUT body.
struct CardChange {
    first_name: Option<String>,
    last_name: Option<String>,
    avatar: Option<String>,
    enabled: Option<bool>,
    audience: Option<i64>,
    name_format: Option<i64>,
}

fn check_name(fields: &Fields, key: &str) -> Result<Option<String>, ApiFailure> {
    let Some(name) = fields.string(key)? else {
        return Ok(None);
    };
    super::validate::check_name(key, name)?;
    Ok(Some(name.trim().to_owned()))
}

/// Base64 (a `data:image/…;base64,` prefix tolerated) of a real JPEG or PNG; returns plain base64.
fn check_avatar(text: &str) -> Result<String, ApiFailure> {
    let payload = match text.strip_prefix("data:") {
        Some(rest) => rest
            .split_once(";base64,")
            .map(|(_, data)| data)
            .ok_or_else(|| ApiFailure::invalid("`avatar` is a data: URL without ;base64,"))?,
        None => text,
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(payload.trim())
        .map_err(|e| {
            ApiFailure::bad_request(
                "invalid_avatar",
                format!("`avatar` is not valid base64: {e}"),
            )
        })?;
    if bytes.len() > MAX_AVATAR_BYTES {
        return Err(ApiFailure::bad_request(
            "avatar_too_large",
            format!(
                "`avatar` is {} KB decoded; the limit is about 1 MB ({} KB)",
                bytes.len() / 1024,
                MAX_AVATAR_BYTES / 1024
            ),
        ));
    }
    let not_image = || {
        ApiFailure::bad_request(
            "invalid_avatar",
            "`avatar` must be a base64-encoded JPEG or PNG image",
        )
    };
    match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Jpeg | image::ImageFormat::Png) => {}
        _ => return Err(not_image()),
    }
    // The pipeline's own header check: it reads JPEG without `image`'s JPEG decoder.
    inspect(&bytes).map_err(|e| {
        ApiFailure::bad_request(
            "invalid_avatar",
            format!("`avatar` could not be read as an image: {e}"),
        )
    })?;
    Ok(base64::engine::general_purpose::STANDARD.encode(&bytes))
}

fn check_put_body(bytes: &[u8]) -> Result<CardChange, ApiFailure> {
    let body = parse_body(bytes)?;
    let map = require_object(&body)?;
    let top = Fields::new(map, "").only(&["first_name", "last_name", "avatar", "sharing"])?;
    let first_name = check_name(&top, "first_name")?;
    let last_name = check_name(&top, "last_name")?;
    let avatar = top.string("avatar")?.map(check_avatar).transpose()?;
    let (mut enabled, mut audience, mut name_format) = (None, None, None);
    if let Some(sharing) = top.object("sharing")? {
        let sharing = sharing.only(&["enabled", "audience", "name_format"])?;
        enabled = sharing.boolean("enabled")?;
        audience = sharing.int_enum("audience", &[0, 1], "0 (Contacts Only) or 1 (Always Ask)")?;
        name_format =
            sharing.int_enum("name_format", &[0, 1], "0 (First & Last) or 1 (First Only)")?;
    }
    Ok(CardChange {
        first_name,
        last_name,
        avatar,
        enabled,
        audience,
        name_format,
    })
}

pub async fn put_card(
    State(ctl): State<DemoControl>,
    number: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> ApiResult {
    let Path(raw) = number.map_err(path_failure)?;
    let phone = parse_number(&raw)?;
    let change = check_put_body(&body)?;
    let mut state = ctl.lock();
    let number = state
        .number_mut(&phone)
        .ok_or_else(|| not_accessible(&phone))?;
    let names_or_photo =
        change.first_name.is_some() || change.last_name.is_some() || change.avatar.is_some();
    if names_or_photo && !number.is_dedicated() {
        return Err(ApiFailure::forbidden(
            "plan_not_supported",
            format!(
                "Setting the first name, last name or avatar requires a Dedicated Commercial or Dedicated Enterprise plan; {} is on the {} plan",
                number.phone,
                number.plan_kind.unwrap_or("dedicated")
            ),
        ));
    }
    if !number.is_active {
        return Err(ApiFailure::new(
            StatusCode::BAD_GATEWAY,
            "device_unreachable",
            format!(
                "Temporary communication error: the device for {} did not respond",
                number.phone
            ),
        ));
    }
    let card = &mut number.card;
    if let Some(v) = change.first_name {
        card.first_name = Some(v);
    }
    if let Some(v) = change.last_name {
        card.last_name = Some(v);
    }
    if let Some(v) = change.avatar {
        card.avatar = Some(v);
    }
    if let Some(v) = change.enabled {
        card.sharing_enabled = v;
    }
    if let Some(v) = change.audience {
        card.audience = v;
    }
    if let Some(v) = change.name_format {
        card.name_format = v;
    }
    // As the real API: names only, never the avatar or sharing.
    ok(json!({
        "success": true,
        "phone_number": number.phone,
        "first_name": card.first_name,
        "last_name": card.last_name,
    }))
}
