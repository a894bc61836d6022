//! Reading conversations: `GET /chats`, `GET /chats/{chatId}`, `GET /chats/{chatId}/messages` and
//! `GET /chats/{chatId}/messages/{messageId}/status`. Query parameters are checked strictly: an
//! unknown name or an out-of-range value is a 400, not silently ignored.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use serde_json::{Value, json};

use super::control::DemoControl;
use super::ids::parse_chat_id;
use super::numbers::path_failure;
use super::reply::{ApiFailure, ApiResult, ok};
use super::state::{Direction, State as Data};

type QueryPairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// Query parameters, each name at most once, only the names an operation knows.
struct Params(Vec<(String, String)>);

impl Params {
    fn new(query: QueryPairs, allowed: &[&str]) -> Result<Self, ApiFailure> {
        let Query(pairs) =
            query.map_err(|e| ApiFailure::invalid(format!("Invalid query string: {e}")))?;
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !allowed.contains(&name.as_str()) {
                return Err(ApiFailure::invalid(format!(
                    "Unknown query parameter `{name}`; allowed: {}",
                    allowed.join(", ")
                )));
            }
            if pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(ApiFailure::invalid(format!(
                    "Query parameter `{name}` is given more than once"
                )));
            }
        }
        Ok(Self(pairs))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn int(&self, name: &str, min: i64, max: i64, default: i64) -> Result<i64, ApiFailure> {
        let Some(raw) = self.get(name) else {
            return Ok(default);
        };
        match raw.parse::<i64>() {
            Ok(v) if (min..=max).contains(&v) => Ok(v),
            Ok(v) => Err(ApiFailure::invalid(if max == i64::MAX {
                format!("`{name}` must be at least {min}, got {v}")
            } else {
                format!("`{name}` must be between {min} and {max}, got {v}")
            })),
            Err(_) => Err(ApiFailure::invalid(format!(
                "`{name}` must be an integer, got {raw:?}"
            ))),
        }
    }

    fn opt_int(&self, name: &str) -> Result<Option<i64>, ApiFailure> {
        self.get(name)
            .map(|raw| {
                raw.parse::<i64>().map_err(|_| {
                    ApiFailure::invalid(format!(
                        "`{name}` must be an integer (ms since the epoch), got {raw:?}"
                    ))
                })
            })
            .transpose()
    }

    fn choice<'a>(&self, name: &str, allowed: &[&'a str]) -> Result<Option<&'a str>, ApiFailure> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        allowed
            .iter()
            .find(|a| **a == raw)
            .map(|a| Some(*a))
            .ok_or_else(|| {
                ApiFailure::invalid(format!(
                    "`{name}` must be one of {}, got {raw:?}",
                    allowed.join(", ")
                ))
            })
    }
}

/// One page of `items` (in their order), with its `pagination`; only the page is rendered.
fn page<T>(
    items: &[T],
    limit: i64,
    offset: i64,
    render: impl Fn(&T) -> Value,
) -> (Vec<Value>, Value) {
    let picked = items
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(render)
        .collect();
    (
        picked,
        json!({"limit": limit, "offset": offset, "total": items.len()}),
    )
}

pub async fn list_chats(State(ctl): State<DemoControl>, query: QueryPairs) -> ApiResult {
    let params = Params::new(query, &["limit", "offset", "q", "sort"])?;
    let limit = params.int("limit", 1, 200, 50)?;
    let offset = params.int("offset", 0, i64::MAX, 0)?;
    let sort = params
        .choice("sort", &["recent", "oldest"])?
        .unwrap_or("recent");
    let q = params
        .get("q")
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let state = ctl.lock();
    let mut chats: Vec<_> = state
        .chats
        .iter()
        .filter(|c| {
            q.as_deref().is_none_or(|q| {
                [Some(&c.id), c.contact_name.as_ref(), c.group_name.as_ref()]
                    .into_iter()
                    .flatten()
                    .chain(c.participants.iter())
                    .any(|s| s.to_lowercase().contains(q))
            })
        })
        .collect();
    chats.sort_by_cached_key(|c| c.last_time());
    if sort == "recent" {
        chats.reverse();
    }
    let (chats, pagination) = page(&chats, limit, offset, |c| c.to_json(false));
    ok(json!({"chats": chats, "pagination": pagination}))
}

fn chat_not_found(raw: &str) -> ApiFailure {
    ApiFailure::not_found("chat_not_found", format!("Chat {raw} not found"))
}

fn find_chat(state: &Data, raw: &str) -> Result<usize, ApiFailure> {
    let r = parse_chat_id(raw)?;
    state.find_chat(&r).ok_or_else(|| chat_not_found(raw))
}

pub async fn get_chat(
    State(ctl): State<DemoControl>,
    chat: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let Path(raw) = chat.map_err(path_failure)?;
    let state = ctl.lock();
    let i = find_chat(&state, &raw)?;
    ok(state.chats[i].to_json(true))
}

pub async fn list_messages(
    State(ctl): State<DemoControl>,
    chat: Result<Path<String>, PathRejection>,
    query: QueryPairs,
) -> ApiResult {
    let Path(raw) = chat.map_err(path_failure)?;
    let params = Params::new(
        query,
        &["limit", "offset", "sort", "direction", "since", "until"],
    )?;
    let limit = params.int("limit", 1, 200, 50)?;
    let offset = params.int("offset", 0, i64::MAX, 0)?;
    let sort = params.choice("sort", &["asc", "desc"])?.unwrap_or("desc");
    let direction = params.choice("direction", &["inbound", "outbound"])?;
    let since = params.opt_int("since")?;
    let until = params.opt_int("until")?;
    let state = ctl.lock();
    let chat = &state.chats[find_chat(&state, &raw)?];
    let mut messages: Vec<_> = chat
        .messages
        .iter()
        .filter(|m| direction.is_none_or(|d| m.direction.as_str() == d))
        .filter(|m| since.is_none_or(|s| m.time_sent > s))
        .filter(|m| until.is_none_or(|u| m.time_sent < u))
        .collect();
    messages.sort_by_key(|m| m.time_sent);
    if sort == "desc" {
        messages.reverse();
    }
    let (messages, pagination) = page(&messages, limit, offset, |m| m.to_json(&chat.id));
    ok(json!({"chat_id": chat.id, "messages": messages, "pagination": pagination}))
}

/// Each poll of an outbound message moves it one step: queued → sent → delivered.
pub async fn message_status(
    State(ctl): State<DemoControl>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> ApiResult {
    let Path((raw_chat, message_id)) = ids.map_err(path_failure)?;
    let mut state = ctl.lock();
    let ci = find_chat(&state, &raw_chat)?;
    let chat = &mut state.chats[ci];
    let message = chat
        .messages
        .iter_mut()
        .find(|m| m.id == message_id)
        .ok_or_else(|| {
            ApiFailure::not_found(
                "message_not_found",
                format!("Message {message_id} not found in chat {raw_chat}"),
            )
        })?;
    if message.direction == Direction::Outbound {
        message.advance();
    }
    ok(message.status_json(&chat.id))
}
