//! The HTTP client: one async function per Blooio operation, all funnelled through one request
//! path that encodes, authenticates, caps the body, classifies errors and applies the retry
//! policy — under a gate ([`Pace`]) when the client was made [`Client::paced`].

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::connection::ClientOptions;
use super::error::ApiError;
use super::pace::{Answer, Held, Pace};
use super::path::encode_segment;
use super::retry::RetryPolicy;
use super::server_error::{parse_retry_after, server_error};
use super::types::*;
use crate::config::parse_base_url;

/// A parsed response together with the JSON exactly as the server sent it (for `--json`).
#[derive(Debug, Clone)]
pub struct Reply<T> {
    pub value: T,
    pub raw: serde_json::Value,
    pub status: u16,
}

impl<T> Deref for Reply<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A fresh key for one logical send; reuse it on every retry of that send.
pub fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    auth: HeaderValue,
    retry: RetryPolicy,
    timeout: Duration,
    max_body_bytes: usize,
    /// Every attempt waits for this gate first (the fleet and share engines' limiter).
    pace: Option<Arc<dyn Pace>>,
}

/// One request, described once so every retry sends the same thing.
struct Call<'a> {
    method: Method,
    path: String,
    query: Vec<(&'a str, String)>,
    body: Option<serde_json::Value>,
    idempotency_key: Option<&'a str>,
}

impl<'a> Call<'a> {
    fn new(method: Method, path: String) -> Self {
        Self {
            method,
            path,
            query: Vec::new(),
            body: None,
            idempotency_key: None,
        }
    }
}

impl Client {
    pub fn new(options: ClientOptions) -> Result<Self, ApiError> {
        let base = parse_base_url(&options.base_url)?;
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", options.api_key.expose()))
            .map_err(|_| crate::config::ConfigError::MalformedKey)?;
        // Keeps the header out of reqwest's and hyper's Debug output.
        auth.set_sensitive(true);
        let http = super::connection::http_client(&options, &base)?;
        Ok(Self {
            http,
            base: base.as_str().trim_end_matches('/').to_owned(),
            auth,
            retry: options.retry,
            timeout: options.timeout,
            max_body_bytes: options.max_body_bytes,
            pace: None,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// A stable name for the account this client acts for (its base URL and key), for local
    /// state kept per account: 16 hex digits of a SHA-256, from which the key cannot be read.
    pub fn account_id(&self) -> String {
        use sha2::Digest as _;
        let mut hash = sha2::Sha256::new();
        hash.update(b"bloocard account\n");
        hash.update(self.base.as_bytes());
        hash.update(b"\n");
        hash.update(self.auth.as_bytes());
        hash.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The same client with every attempt going through `pace` first. A 429 then pauses every
    /// request of that gate instead of counting as a failed attempt (see [`RetryPolicy`]).
    pub fn paced(mut self, pace: Arc<dyn Pace>) -> Self {
        self.pace = Some(pace);
        self
    }

    /// `GET /me/numbers`
    pub async fn list_numbers(&self) -> Result<Reply<NumbersResponse>, ApiError> {
        self.run(Call::new(Method::GET, "/me/numbers".into())).await
    }

    /// `GET /me/numbers/{number}/contact-card` (marked "coming soon" upstream: callers must cope with failure).
    pub async fn get_card(&self, number: &str) -> Result<Reply<ContactCard>, ApiError> {
        self.run(Call::new(Method::GET, card_path(number))).await
    }

    /// `PUT /me/numbers/{number}/contact-card` with only the fields in `update`.
    pub async fn update_card(
        &self,
        number: &str,
        update: &CardUpdate,
    ) -> Result<Reply<CardUpdateResponse>, ApiError> {
        let mut call = Call::new(Method::PUT, card_path(number));
        call.body = Some(to_body(update)?);
        self.run(call).await
    }

    /// `POST /chats/{chatId}/contact-card`: stage the card to ride on the next message.
    pub async fn share_card(&self, chat_id: &str) -> Result<Reply<ShareResponse>, ApiError> {
        let path = format!("/chats/{}/contact-card", encode_segment(chat_id));
        self.run(Call::new(Method::POST, path)).await
    }

    /// `POST /chats/{chatId}/messages`. Retries reuse `idempotency_key`, so the server sends once.
    pub async fn send_message(
        &self,
        chat_id: &str,
        message: &SendMessage,
        idempotency_key: &str,
    ) -> Result<Reply<SendResponse>, ApiError> {
        let mut call = Call::new(
            Method::POST,
            format!("/chats/{}/messages", encode_segment(chat_id)),
        );
        call.body = Some(to_body(message)?);
        call.idempotency_key = Some(idempotency_key);
        self.run(call).await
    }

    /// `GET /chats`
    pub async fn list_chats(&self, query: &ChatQuery) -> Result<Reply<ChatsResponse>, ApiError> {
        let mut call = Call::new(Method::GET, "/chats".into());
        if let Some(q) = query.q.as_deref().filter(|q| !q.is_empty()) {
            call.query.push(("q", q.to_owned()));
        }
        if let Some(limit) = query.limit {
            call.query.push(("limit", limit.to_string()));
        }
        if let Some(offset) = query.offset {
            call.query.push(("offset", offset.to_string()));
        }
        if let Some(sort) = query.sort {
            call.query.push(("sort", sort.as_str().to_owned()));
        }
        self.run(call).await
    }

    /// `GET /chats/{chatId}/messages`, newest first.
    pub async fn list_messages(
        &self,
        chat_id: &str,
        limit: u32,
    ) -> Result<Reply<MessagesResponse>, ApiError> {
        let mut call = Call::new(
            Method::GET,
            format!("/chats/{}/messages", encode_segment(chat_id)),
        );
        call.query.push(("limit", limit.to_string()));
        self.run(call).await
    }

    /// `GET /chats/{chatId}/messages/{messageId}/status`
    pub async fn message_status(
        &self,
        chat_id: &str,
        message_id: &str,
    ) -> Result<Reply<MessageStatus>, ApiError> {
        let path = format!(
            "/chats/{}/messages/{}/status",
            encode_segment(chat_id),
            encode_segment(message_id)
        );
        self.run(Call::new(Method::GET, path)).await
    }

    /// The one retry loop: every attempt under the gate when there is one, each failure
    /// through the retry policy, the gate's ticket given back before any wait.
    async fn run<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<Reply<T>, ApiError> {
        let (mut attempt, mut limited) = (0, 0);
        // A send whose earlier attempt may have arrived may have been sent, whatever the last
        // attempt met (a refused connection, a 429): that earlier error is the one to report.
        let mut maybe_sent: Option<ApiError> = None;
        loop {
            let held = match &self.pace {
                Some(pace) => Some(Held::take(pace).await.ok_or(ApiError::NotSent)?),
                None => None,
            };
            let error = match self.once(&call).await {
                Ok(reply) => {
                    if let Some(held) = held {
                        held.end(Answer::Done);
                    }
                    return Ok(reply);
                }
                Err(e) => e,
            };
            if let Some(held) = held {
                if let ApiError::RateLimited(server) = &error {
                    limited += 1;
                    let wait = held.end(Answer::RateLimited(server.retry_after));
                    if !self.retry.waits_out_rate_limit(limited, &error) {
                        return Err(last_error(maybe_sent, error));
                    }
                    tracing::info!(path = %call.path, ?wait, "rate limited: every request waits");
                    continue;
                }
                held.end(Answer::Failed);
            }
            attempt += 1;
            match self.retry.delay_before_retry(attempt, &error) {
                Some(delay) => {
                    tracing::info!(
                        method = %call.method, path = %call.path, attempt, ?delay, %error,
                        "retrying"
                    );
                    if call.idempotency_key.is_some() && error.may_have_arrived() {
                        maybe_sent = Some(error);
                    }
                    tokio::time::sleep(delay).await;
                }
                None => return Err(last_error(maybe_sent, error)),
            }
        }
    }

    async fn once<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<Reply<T>, ApiError> {
        let url = Url::parse(&format!("{}{}", self.base, call.path))
            .map_err(|e| ApiError::Network(format!("bad request URL: {e}")))?;
        let mut req = self
            .http
            .request(call.method.clone(), url)
            .header(AUTHORIZATION, self.auth.clone());
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if let Some(body) = &call.body {
            req = req.json(body);
        }
        if let Some(key) = call.idempotency_key {
            req = req.header("Idempotency-Key", key);
        }
        let started = std::time::Instant::now();
        let mut resp = req
            .send()
            .await
            .map_err(|e| super::connection::transport_error(&e, self.timeout))?;
        let status = resp.status();
        let retry_after = resp
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let bytes = self.read_capped(&mut resp).await?;
        tracing::debug!(
            method = %call.method, path = %call.path, status = status.as_u16(),
            bytes = bytes.len(), elapsed_ms = started.elapsed().as_millis() as u64,
            "response"
        );
        if !status.is_success() {
            return Err(ApiError::from_status(server_error(
                status,
                &bytes,
                retry_after,
            )));
        }
        let raw: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| ApiError::Malformed {
                status: status.as_u16(),
                detail: if bytes.is_empty() {
                    "the body was empty".into()
                } else {
                    format!("the body is not JSON ({e})")
                },
            })?;
        let value = T::deserialize(&raw).map_err(|e| ApiError::Malformed {
            status: status.as_u16(),
            detail: format!("unexpected JSON shape ({e})"),
        })?;
        Ok(Reply {
            value,
            raw,
            status: status.as_u16(),
        })
    }

    async fn read_capped(&self, resp: &mut reqwest::Response) -> Result<Vec<u8>, ApiError> {
        if resp
            .content_length()
            .is_some_and(|n| n > self.max_body_bytes as u64)
        {
            return Err(ApiError::TooLarge {
                limit: self.max_body_bytes,
            });
        }
        let mut buf = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| super::connection::transport_error(&e, self.timeout))?
        {
            if buf.len() + chunk.len() > self.max_body_bytes {
                return Err(ApiError::TooLarge {
                    limit: self.max_body_bytes,
                });
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(buf)
    }
}

/// The error a retried call ends with: the last one, unless an earlier attempt of a send may
/// have arrived and the last one says nothing was (a refused connection, a 429).
fn last_error(maybe_sent: Option<ApiError>, last: ApiError) -> ApiError {
    match maybe_sent {
        Some(earlier) if !last.may_have_arrived() => {
            tracing::info!(error = %last, "the last attempt failed; an earlier one may have arrived");
            earlier
        }
        _ => last,
    }
}

fn card_path(number: &str) -> String {
    format!("/me/numbers/{}/contact-card", encode_segment(number))
}

fn to_body(value: &impl Serialize) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::Malformed {
        status: 0,
        detail: format!("could not encode the request ({e})"),
    })
}
