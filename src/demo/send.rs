//! Sending: `POST /chats/{chatId}/messages` and staging a card share with
//! `POST /chats/{chatId}/contact-card`. Holds the plan rules (sharing only on dedicated numbers,
//! inbound numbers reply only), idempotent replays, unnamed groups for recipient lists, and the
//! staged share that rides on the next message. The body checks are in `send_body`.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::control::DemoControl;
use super::ids::{ChatRef, parse_chat_id};
use super::numbers::path_failure;
use super::reply::{ApiFailure, ApiResult, json_response, ok};
use super::send_body::{SendRequest, check_send_body};
use super::state::{Chat, Direction, Message, ReplyTo, StagedShare, State as Data, now_ms};
use super::validate::parse_body;

fn plan_forbids_sharing(number: &str, plan: Option<&str>) -> ApiFailure {
    ApiFailure::forbidden(
        "plan_not_supported",
        format!(
            "Contact card sharing requires a Dedicated Commercial or Dedicated Enterprise plan; {number} is on the {} plan",
            plan.unwrap_or("dedicated")
        ),
    )
}

/// The number a request without `from_number` uses: the chat's own if it is up, else the first active one.
fn implied_number(state: &Data, chat: Option<usize>) -> Result<String, ApiFailure> {
    if let Some(n) = chat.and_then(|i| state.number(&state.chats[i].number))
        && n.is_active
    {
        return Ok(n.phone.clone());
    }
    state
        .default_number()
        .map(|n| n.phone.clone())
        .ok_or_else(|| ApiFailure::no_active_number(None))
}

pub async fn send_message(
    State(ctl): State<DemoControl>,
    chat: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let Path(raw) = chat.map_err(path_failure)?;
    let target = parse_chat_id(&raw)?;
    let request = check_send_body(&body)?;
    let key = idempotency_key(&headers)?;
    let mut state = ctl.lock();
    if let Some(original) = key.as_ref().and_then(|k| state.sent_by_key.get(k)) {
        return ok(original.clone());
    }
    let existing = state.find_chat(&target);
    if existing.is_none() && matches!(target, ChatRef::Group(_)) {
        return Err(ApiFailure::not_found(
            "chat_not_found",
            format!("Group {raw} not found"),
        ));
    }
    let sender = sender(&state, &request, existing, &target)?;
    let parent_unresolved = match &request.reply_to {
        Some(reply) => check_reply(&state, reply, existing, &sender.phone)?,
        None => false,
    };
    let (ci, group_created) = chat_for_send(&mut state, &target, existing, &sender.phone);
    let chat_id = state.chats[ci].id.clone();
    let carries_card = take_staged(
        &mut state,
        &chat_id,
        &target,
        &sender,
        request.share_contact,
    );
    let ids = push_messages(&mut state, ci, &request, &sender.phone, carries_card);
    state.chats[ci].number = sender.phone.clone();
    let response = send_response(
        &state.chats[ci],
        &request,
        &ids,
        group_created,
        parent_unresolved,
    );
    if let Some(k) = key {
        state.sent_by_key.insert(k, response.clone());
    }
    Ok(json_response(StatusCode::ACCEPTED, &response))
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiFailure> {
    headers
        .get("idempotency-key")
        .map(|v| v.to_str().map(str::to_owned))
        .transpose()
        .map_err(|_| ApiFailure::invalid("The Idempotency-Key header must be visible ASCII"))
}

/// The number a send goes out from, with what its plan allows.
struct Sender {
    phone: String,
    dedicated: bool,
}

/// Who sends: `from_number` (on the key and active) or the implied number; then the plan rules
/// (sharing needs a dedicated number, an inbound number replies only to who wrote first).
fn sender(
    state: &Data,
    request: &SendRequest,
    existing: Option<usize>,
    target: &ChatRef,
) -> Result<Sender, ApiFailure> {
    let phone = match &request.from_number {
        Some(n) => {
            let number = state.number(n).ok_or_else(|| {
                ApiFailure::forbidden(
                    "from_number_not_assigned",
                    format!("from_number {n} is not assigned to this API key"),
                )
            })?;
            if !number.is_active {
                return Err(ApiFailure::no_active_number(Some(&format!(
                    "{n} is offline"
                ))));
            }
            n.clone()
        }
        None => implied_number(state, existing)?,
    };
    let n = state
        .number(&phone)
        .ok_or_else(|| ApiFailure::no_active_number(None))?;
    if request.share_contact && !n.is_dedicated() {
        return Err(plan_forbids_sharing(&phone, n.plan_kind));
    }
    if n.plan_kind == Some("inbound") {
        let wrote_first = existing.is_some_and(|i| {
            state.chats[i]
                .messages
                .iter()
                .any(|m| m.direction == Direction::Inbound && m.number == phone)
        });
        if !wrote_first {
            return Err(ApiFailure::forbidden(
                "inbound_only_no_prior_inbound",
                "Inbound-only plan: outbound is restricted to contacts who messaged this number first.",
            )
            .with("allocation_id", n.allocation_id.clone())
            .with("external_id", target.key()));
        }
    }
    Ok(Sender {
        dedicated: n.is_dedicated(),
        phone,
    })
}

/// Checks `reply_to`: a `message_id` must be in this chat, on the sending number, at most 30
/// days old. Returns whether a bare `guid` names no known message (`parent_unresolved`).
fn check_reply(
    state: &Data,
    reply: &ReplyTo,
    existing: Option<usize>,
    sender: &str,
) -> Result<bool, ApiFailure> {
    let id = match (&reply.message_id, &reply.guid) {
        (None, None) => {
            return Err(ApiFailure::bad_request(
                "reply_target_invalid",
                "`reply_to` needs a `message_id` or a `guid`",
            ));
        }
        (None, Some(guid)) => {
            let known = state
                .chats
                .iter()
                .any(|c| c.messages.iter().any(|m| &m.guid == guid));
            return Ok(!known);
        }
        (Some(id), _) => id,
    };
    let (ci, mi) = state.find_message(id).ok_or_else(|| {
        ApiFailure::not_found("reply_target_not_found", "Reply target message not found")
    })?;
    if Some(ci) != existing {
        return Err(ApiFailure::bad_request(
            "reply_target_chat_mismatch",
            "The reply target belongs to a different chat",
        ));
    }
    let parent = &state.chats[ci].messages[mi];
    if parent.number != sender {
        return Err(ApiFailure::bad_request(
            "reply_target_device_mismatch",
            format!(
                "The reply target was sent or received on {}; send from that number",
                parent.number
            ),
        ));
    }
    if now_ms() - parent.time_sent > 30 * 24 * 3_600_000 {
        return Err(ApiFailure::bad_request(
            "reply_target_expired",
            "You can only reply to messages from the last 30 days",
        ));
    }
    Ok(false)
}

/// The chat the send goes into, created on first send (for a recipient list, as an unnamed
/// group). Returns its index and whether a group was created.
fn chat_for_send(
    state: &mut Data,
    target: &ChatRef,
    existing: Option<usize>,
    sender: &str,
) -> (usize, bool) {
    if let Some(i) = existing {
        return (i, false);
    }
    let (id, participants, group) = match target {
        ChatRef::Recipients(list) => (state.new_id("grp_"), list.clone(), true),
        other => (other.key(), Vec::new(), false),
    };
    let contact_id = (!group).then(|| state.new_id("ct_"));
    let i = state.push_chat(Chat {
        id,
        group_name: None,
        participants,
        contact_name: None,
        contact_id,
        number: sender.to_owned(),
        messages: Vec::new(),
    });
    (i, group)
}

/// Whether this send carries the card: asked for, or a share staged for this chat (or for this
/// recipient list before its group existed), from a dedicated number. A staged share a
/// non-dedicated number cannot carry is kept for a later send.
fn take_staged(
    state: &mut Data,
    chat_id: &str,
    target: &ChatRef,
    sender: &Sender,
    share_contact: bool,
) -> bool {
    let staged = state
        .staged
        .remove(chat_id)
        .or_else(|| state.staged.remove(&target.key()));
    if let (Some(s), false) = (&staged, sender.dedicated) {
        state.staged.insert(chat_id.to_owned(), s.clone());
    }
    (share_contact || staged.is_some()) && sender.dedicated
}

/// One outbound message per part of the request; the card rides on the first.
fn push_messages(
    state: &mut Data,
    ci: usize,
    request: &SendRequest,
    sender: &str,
    carries_card: bool,
) -> Vec<String> {
    let now = now_ms();
    let mut ids = Vec::new();
    for (i, out) in request.messages.iter().enumerate() {
        let id = state.new_id("msg_");
        let guid = state.new_guid();
        ids.push(id.clone());
        let reply_to = request.reply_to.clone().map(|mut r| {
            if r.guid.is_none() {
                r.guid = r
                    .message_id
                    .as_ref()
                    .and_then(|id| state.find_message(id))
                    .map(|(c, m)| state.chats[c].messages[m].guid.clone());
            }
            r
        });
        state.chats[ci].messages.push(Message {
            id,
            guid,
            direction: Direction::Outbound,
            text: out.text.clone(),
            attachments: out.attachments.clone(),
            sender: None,
            number: sender.to_owned(),
            time_sent: now + i as i64,
            time_delivered: None,
            status: "queued",
            protocol: "pending",
            error: None,
            shared_card: (carries_card && i == 0).then(|| sender.to_owned()),
            reply_to,
        });
    }
    ids
}

/// The 202 body: the message id (or ids for a fan-out), and for a group its id and members.
fn send_response(
    chat: &Chat,
    request: &SendRequest,
    ids: &[String],
    group_created: bool,
    parent_unresolved: bool,
) -> Value {
    let mut response = serde_json::Map::new();
    if request.fan_out {
        response.insert("message_ids".into(), json!(ids));
        if request.batch {
            response.insert("count".into(), json!(ids.len()));
        }
    } else if let Some(id) = ids.first() {
        response.insert("message_id".into(), json!(id));
    }
    response.insert("status".into(), json!("queued"));
    if chat.is_group() {
        response.insert("group_id".into(), json!(chat.id));
        response.insert("group_created".into(), json!(group_created));
        response.insert("participants".into(), json!(chat.participants));
    }
    if parent_unresolved {
        response.insert("parent_unresolved".into(), json!(true));
    }
    Value::Object(response)
}

pub async fn share_card(
    State(ctl): State<DemoControl>,
    chat: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> ApiResult {
    let Path(raw) = chat.map_err(path_failure)?;
    let target = parse_chat_id(&raw)?;
    // No body is defined; tolerate an empty one or `{}` as generated SDKs send, refuse anything else.
    match parse_body(&body)? {
        None => {}
        Some(Value::Object(m)) if m.is_empty() => {}
        Some(_) => return Err(ApiFailure::invalid("This endpoint takes no request body")),
    }
    let mut state = ctl.lock();
    let existing = state.find_chat(&target);
    if existing.is_none() && matches!(target, ChatRef::Group(_)) {
        return Err(ApiFailure::not_found(
            "chat_not_found",
            format!("Group {raw} not found"),
        ));
    }
    let number = implied_number(&state, existing)?;
    let (plan, dedicated) = state
        .number(&number)
        .map(|n| (n.plan_kind, n.is_dedicated()))
        .ok_or_else(|| ApiFailure::no_active_number(None))?;
    if !dedicated {
        return Err(plan_forbids_sharing(&number, plan));
    }
    let chat_id = existing
        .map(|i| state.chats[i].id.clone())
        .unwrap_or_else(|| target.key());
    // Idempotent: staging again keeps the first stage.
    state.staged.entry(chat_id.clone()).or_insert(StagedShare {
        number,
        staged_at: now_ms(),
    });
    ok(json!({
        "success": true,
        "chat_id": chat_id,
        "message": "Contact card staged. It will be sent with the next outgoing message in this chat.",
    }))
}
