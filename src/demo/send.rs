//! Sending: `POST /chats/{chatId}/messages` and staging a card share with
//! `POST /chats/{chatId}/contact-card`. Holds the plan rules (sharing only on dedicated numbers,
//! inbound numbers reply only), idempotent replays, unnamed groups for recipient lists, and the
//! staged share that rides on the next message.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::control::DemoControl;
use super::ids::{ChatRef, is_e164, parse_chat_id};
use super::numbers::path_failure;
use super::reply::{ApiFailure, ApiResult, json_response, ok};
use super::state::{
    Attachment, Chat, Direction, Message, ReplyTo, StagedShare, State as Data, now_ms,
};
use super::validate::{Fields, check_url, kind, parse_body, require_object};

const SEND_FIELDS: &[&str] = &[
    "text",
    "attachments",
    "use_typing_indicator",
    "from_number",
    "share_contact",
    "parts",
    "link_preview",
    "effect",
    "reply_to",
];

const EFFECTS: &[&str] = &[
    "slam",
    "loud",
    "gentle",
    "invisible-ink",
    "echo",
    "spotlight",
    "balloons",
    "confetti",
    "love",
    "lasers",
    "fireworks",
    "celebration",
    "none",
];

/// One message the send will create.
struct Outgoing {
    text: Option<String>,
    attachments: Vec<Attachment>,
}

/// A checked send body.
struct SendRequest {
    messages: Vec<Outgoing>,
    /// Several messages from one call (`text` array or link-preview batch): answer `message_ids`.
    fan_out: bool,
    batch: bool,
    from_number: Option<String>,
    share_contact: bool,
    reply_to: Option<ReplyTo>,
}

fn check_text_list(top: &Fields) -> Result<Vec<String>, ApiFailure> {
    match top.raw("text") {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => {
            if items.is_empty() {
                return Err(ApiFailure::invalid("`text` must not be an empty array"));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(ApiFailure::invalid(format!(
                        "`text[{i}]` must be a string, got {}",
                        kind(other)
                    ))),
                })
                .collect()
        }
        Some(other) => Err(ApiFailure::invalid(format!(
            "`text` must be a string or an array of strings, got {}",
            kind(other)
        ))),
    }
}

fn check_attachments(top: &Fields) -> Result<Vec<Attachment>, ApiFailure> {
    let Some(items) = top.array("attachments")? else {
        return Ok(Vec::new());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("attachments[{i}]");
            match item {
                Value::String(url) => {
                    check_url(&path, url)?;
                    Ok(Attachment {
                        url: url.clone(),
                        name: None,
                    })
                }
                Value::Object(map) => {
                    let f = Fields::new(map, &path).only(&["url", "name"])?;
                    let url = f
                        .string("url")?
                        .ok_or_else(|| ApiFailure::invalid(format!("`{path}.url` is required")))?;
                    check_url(&f.path("url"), url)?;
                    Ok(Attachment {
                        url: url.to_owned(),
                        name: f.string("name")?.map(str::to_owned),
                    })
                }
                other => Err(ApiFailure::invalid(format!(
                    "`{path}` must be a URL string or an object {{url, name}}, got {}",
                    kind(other)
                ))),
            }
        })
        .collect()
}

fn check_link_preview(f: &Fields, key: &str) -> Result<bool, ApiFailure> {
    let Some(lp) = f.nullable_object(key)? else {
        return Ok(false);
    };
    let lp = lp.only(&["image_url", "title"])?;
    if let Some(url) = lp.string("image_url")? {
        check_url(&lp.path("image_url"), url)?;
    }
    if lp.string("title")?.is_some_and(|t| t.chars().count() > 200) {
        return Err(ApiFailure::invalid(format!(
            "`{}` is longer than 200 characters",
            lp.path("title")
        )));
    }
    Ok(true)
}

/// `parts`: one bubble of text and attachments, or (any `link_preview`) a batch of URL messages.
fn check_parts(top: &Fields) -> Result<(Vec<Outgoing>, bool), ApiFailure> {
    let Some(items) = top.array("parts")? else {
        return Ok((Vec::new(), false));
    };
    if items.is_empty() {
        return Err(ApiFailure::invalid("`parts` must not be an empty array"));
    }
    let mut parts = Vec::new();
    let mut batch = false;
    for (i, item) in items.iter().enumerate() {
        let path = format!("parts[{i}]");
        let Value::Object(map) = item else {
            return Err(ApiFailure::invalid(format!(
                "`{path}` must be an object, got {}",
                kind(item)
            )));
        };
        let f =
            Fields::new(map, &path).only(&["text", "mention", "url", "name", "link_preview"])?;
        let text = f.string("text")?;
        let url = f.string("url")?;
        match (text, url) {
            (Some(_), Some(_)) => {
                return Err(ApiFailure::invalid(format!(
                    "`{path}` has both `text` and `url`; give one"
                )));
            }
            (None, None) => {
                return Err(ApiFailure::invalid(format!(
                    "`{path}` needs `text` or `url`"
                )));
            }
            _ => {}
        }
        if f.string("mention")?.is_some() && text.is_none() {
            return Err(ApiFailure::invalid(format!(
                "`{path}.mention` is only valid with `text`"
            )));
        }
        if f.string("name")?.is_some() && url.is_none() {
            return Err(ApiFailure::invalid(format!(
                "`{path}.name` is only valid with `url`"
            )));
        }
        if let Some(u) = url {
            check_url(&f.path("url"), u)?;
        }
        batch |= check_link_preview(&f, "link_preview")?;
        parts.push((
            text.map(str::to_owned),
            url.map(str::to_owned),
            f.string("name")?.map(str::to_owned),
        ));
    }
    if batch {
        let mut out = Vec::new();
        for (i, (text, _, _)) in parts.into_iter().enumerate() {
            let url = text
                .filter(|t| check_url("", t.trim()).is_ok())
                .ok_or_else(|| ApiFailure::invalid(format!(
                    "`parts[{i}]`: with `link_preview`, every part must be text holding a single http(s) URL"
                )))?;
            out.push(Outgoing {
                text: Some(url),
                attachments: Vec::new(),
            });
        }
        return Ok((out, true));
    }
    let text: Vec<String> = parts.iter().filter_map(|p| p.0.clone()).collect();
    let attachments = parts
        .into_iter()
        .filter_map(|(_, url, name)| url.map(|url| Attachment { url, name }))
        .collect();
    let bubble = Outgoing {
        text: (!text.is_empty()).then(|| text.join("")),
        attachments,
    };
    Ok((vec![bubble], false))
}

fn check_send_body(bytes: &[u8]) -> Result<SendRequest, ApiFailure> {
    let body = parse_body(bytes)?;
    let top = Fields::new(require_object(&body)?, "").only(SEND_FIELDS)?;
    let texts = check_text_list(&top)?;
    let attachments = check_attachments(&top)?;
    top.boolean("use_typing_indicator")?;
    let share_contact = top.boolean("share_contact")?.unwrap_or(false);
    let from_number = top.string("from_number")?.map(str::to_owned);
    if let Some(n) = &from_number
        && !is_e164(n)
    {
        return Err(ApiFailure::bad_request(
            "invalid_from_number",
            format!("`from_number` must be an E.164 phone number, e.g. +15551234567, got {n:?}"),
        ));
    }
    let has_link_preview = check_link_preview(&top, "link_preview")?;
    let effect = top.nullable_string("effect")?;
    if let Some(e) = effect {
        let normal = e.trim().to_lowercase().replace(' ', "-");
        if !EFFECTS.contains(&normal.as_str()) {
            return Err(ApiFailure::invalid(format!(
                "`effect` must be one of {}, got {e:?}",
                EFFECTS.join(", ")
            )));
        }
    }
    let reply_to = match top.nullable_object("reply_to")? {
        None => None,
        Some(r) => {
            let r = r.only(&["message_id", "guid", "part_index"])?;
            let part_index = r.integer("part_index")?.unwrap_or(0);
            if part_index < 0 {
                return Err(ApiFailure::invalid(
                    "`reply_to.part_index` must be 0 or more",
                ));
            }
            Some(ReplyTo {
                message_id: r.string("message_id")?.map(str::to_owned),
                guid: r.string("guid")?.map(str::to_owned),
                part_index,
            })
        }
    };
    let (part_messages, batch) = check_parts(&top)?;
    if !part_messages.is_empty() {
        if !texts.is_empty() || !attachments.is_empty() {
            return Err(ApiFailure::invalid(
                "Give either `parts` or `text`/`attachments`, not both",
            ));
        }
        if effect.is_some_and(|e| !e.eq_ignore_ascii_case("none")) {
            return Err(ApiFailure::invalid(
                "`effect` is not supported together with `parts`",
            ));
        }
    }
    if has_link_preview && batch {
        return Err(ApiFailure::invalid(
            "Give `link_preview` per part or at the top level, not both",
        ));
    }
    let fan_out = texts.len() > 1 || batch;
    let messages = if !part_messages.is_empty() {
        part_messages
    } else if texts.is_empty() && attachments.is_empty() {
        return Err(ApiFailure::invalid(
            "The message has no content: give `text`, `attachments` or `parts`",
        ));
    } else if texts.is_empty() {
        vec![Outgoing {
            text: None,
            attachments,
        }]
    } else {
        // A text array is one message per string; attachments ride with the first.
        let mut attachments = Some(attachments);
        texts
            .into_iter()
            .map(|t| Outgoing {
                text: Some(t),
                attachments: attachments.take().unwrap_or_default(),
            })
            .collect()
    };
    if messages
        .iter()
        .any(|m| m.text.as_deref().is_some_and(|t| t.trim().is_empty()) && m.attachments.is_empty())
    {
        return Err(ApiFailure::invalid("`text` must not be empty"));
    }
    if reply_to.is_some() && fan_out {
        return Err(ApiFailure::bad_request(
            "reply_target_not_supported",
            "`reply_to` cannot be used when one call sends several messages (`text` array or link-preview batch)",
        ));
    }
    Ok(SendRequest {
        messages,
        fan_out,
        batch,
        from_number,
        share_contact,
        reply_to,
    })
}

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
    let key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().map(str::to_owned))
        .transpose()
        .map_err(|_| ApiFailure::invalid("The Idempotency-Key header must be visible ASCII"))?;
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

    let sender = match &request.from_number {
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
        None => implied_number(&state, existing)?,
    };
    let (sender_plan, sender_dedicated, allocation_id) = {
        let n = state
            .number(&sender)
            .ok_or_else(|| ApiFailure::no_active_number(None))?;
        (n.plan_kind, n.is_dedicated(), n.allocation_id.clone())
    };
    if request.share_contact && !sender_dedicated {
        return Err(plan_forbids_sharing(&sender, sender_plan));
    }
    if sender_plan == Some("inbound") {
        let wrote_first = existing.is_some_and(|i| {
            state.chats[i]
                .messages
                .iter()
                .any(|m| m.direction == Direction::Inbound && m.number == sender)
        });
        if !wrote_first {
            return Err(ApiFailure::forbidden(
                "inbound_only_no_prior_inbound",
                "Inbound-only plan: outbound is restricted to contacts who messaged this number first.",
            )
            .with("allocation_id", allocation_id)
            .with("external_id", target.key()));
        }
    }
    let mut parent_unresolved = false;
    if let Some(reply) = &request.reply_to {
        match (&reply.message_id, &reply.guid) {
            (None, None) => {
                return Err(ApiFailure::bad_request(
                    "reply_target_invalid",
                    "`reply_to` needs a `message_id` or a `guid`",
                ));
            }
            (Some(id), _) => {
                let (ci, mi) = state.find_message(id).ok_or_else(|| {
                    ApiFailure::not_found(
                        "reply_target_not_found",
                        "Reply target message not found",
                    )
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
            }
            (None, Some(guid)) => {
                parent_unresolved = !state
                    .chats
                    .iter()
                    .any(|c| c.messages.iter().any(|m| &m.guid == guid));
            }
        }
    }

    // Create the chat (and for a recipient list, its unnamed group) on first send.
    let mut group_created = false;
    let ci = match existing {
        Some(i) => i,
        None => {
            let (id, participants) = match &target {
                ChatRef::Recipients(list) => {
                    group_created = true;
                    (state.new_id("grp_"), list.clone())
                }
                other => (other.key(), Vec::new()),
            };
            let contact_id = (!group_created).then(|| state.new_id("ct_"));
            state.chats.push(Chat {
                id,
                group_name: None,
                participants,
                contact_name: None,
                contact_id,
                number: sender.clone(),
                messages: Vec::new(),
            });
            state.chats.len() - 1
        }
    };
    let chat_id = state.chats[ci].id.clone();
    // A share staged for this chat (or for this recipient list before its group existed) rides now.
    let staged = state
        .staged
        .remove(&chat_id)
        .or_else(|| state.staged.remove(&target.key()));
    let carries_card = (request.share_contact || staged.is_some()) && sender_dedicated;
    if staged.is_some() && !sender_dedicated {
        // The card cannot ride on a non-dedicated number's message; keep it for a later send.
        if let Some(s) = staged {
            state.staged.insert(chat_id.clone(), s);
        }
    }

    let now = now_ms();
    let mut ids = Vec::new();
    for (i, out) in request.messages.into_iter().enumerate() {
        let id = state.new_id("msg_");
        let guid = state.new_guid();
        ids.push(id.clone());
        let message = Message {
            id,
            guid,
            direction: Direction::Outbound,
            text: out.text,
            attachments: out.attachments,
            sender: None,
            number: sender.clone(),
            time_sent: now + i as i64,
            time_delivered: None,
            status: "queued",
            protocol: "pending",
            error: None,
            shared_card: (carries_card && i == 0).then(|| sender.clone()),
            reply_to: request.reply_to.clone().map(|mut r| {
                if r.guid.is_none() {
                    r.guid = r
                        .message_id
                        .as_ref()
                        .and_then(|id| state.find_message(id))
                        .map(|(c, m)| state.chats[c].messages[m].guid.clone());
                }
                r
            }),
        };
        state.chats[ci].messages.push(message);
    }
    state.chats[ci].number = sender.clone();

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
    if state.chats[ci].is_group() {
        response.insert("group_id".into(), json!(chat_id));
        response.insert("group_created".into(), json!(group_created));
        response.insert("participants".into(), json!(state.chats[ci].participants));
    }
    if parent_unresolved {
        response.insert("parent_unresolved".into(), json!(true));
    }
    let response = Value::Object(response);
    if let Some(k) = key {
        state.sent_by_key.insert(k, response.clone());
    }
    Ok(json_response(StatusCode::ACCEPTED, &response))
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
