//! The body of `POST /chats/{chatId}/messages`, checked as Blooio checks it: unknown fields, wrong
//! types, `text` as a string or an array, attachments, `parts` (one bubble, or a link-preview
//! batch), effects and `reply_to`. What passes becomes the messages the send will create.

use serde_json::Value;

use super::ids::is_e164;
use super::reply::ApiFailure;
use super::state::{Attachment, ReplyTo};
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
pub struct Outgoing {
    pub text: Option<String>,
    pub attachments: Vec<Attachment>,
}

/// A checked send body.
pub struct SendRequest {
    pub messages: Vec<Outgoing>,
    /// Several messages from one call (`text` array or link-preview batch): answer `message_ids`.
    pub fan_out: bool,
    pub batch: bool,
    pub from_number: Option<String>,
    pub share_contact: bool,
    pub reply_to: Option<ReplyTo>,
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

pub fn check_send_body(bytes: &[u8]) -> Result<SendRequest, ApiFailure> {
    let body = parse_body(bytes)?;
    let top = Fields::new(require_object(&body)?, "").only(SEND_FIELDS)?;
    let texts = check_text_list(&top)?;
    let attachments = check_attachments(&top)?;
    top.boolean("use_typing_indicator")?;
    let share_contact = top.boolean("share_contact")?.unwrap_or(false);
    let from_number = check_from_number(&top)?;
    let has_link_preview = check_link_preview(&top, "link_preview")?;
    let effect = check_effect(&top)?;
    let reply_to = check_reply_to(&top)?;
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
    let messages = compose(texts, attachments, part_messages)?;
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

fn check_from_number(top: &Fields) -> Result<Option<String>, ApiFailure> {
    let from_number = top.string("from_number")?.map(str::to_owned);
    if let Some(n) = &from_number
        && !is_e164(n)
    {
        return Err(ApiFailure::bad_request(
            "invalid_from_number",
            format!("`from_number` must be an E.164 phone number, e.g. +15551234567, got {n:?}"),
        ));
    }
    Ok(from_number)
}

/// `effect`, one of [`EFFECTS`] (any case, spaces for dashes), or none.
fn check_effect<'a>(top: &Fields<'a>) -> Result<Option<&'a str>, ApiFailure> {
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
    Ok(effect)
}

fn check_reply_to(top: &Fields) -> Result<Option<ReplyTo>, ApiFailure> {
    let Some(r) = top.nullable_object("reply_to")? else {
        return Ok(None);
    };
    let r = r.only(&["message_id", "guid", "part_index"])?;
    let part_index = r.integer("part_index")?.unwrap_or(0);
    if part_index < 0 {
        return Err(ApiFailure::invalid(
            "`reply_to.part_index` must be 0 or more",
        ));
    }
    Ok(Some(ReplyTo {
        message_id: r.string("message_id")?.map(str::to_owned),
        guid: r.string("guid")?.map(str::to_owned),
        part_index,
    }))
}

/// The messages one request sends: its `parts`, else one per `text` (attachments ride with the
/// first), else one of attachments only; none with empty text and nothing else.
fn compose(
    texts: Vec<String>,
    attachments: Vec<Attachment>,
    part_messages: Vec<Outgoing>,
) -> Result<Vec<Outgoing>, ApiFailure> {
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
    Ok(messages)
}
