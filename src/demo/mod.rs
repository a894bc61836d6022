//! The embedded Blooio-compatible backend: an HTTP server on `127.0.0.1` that implements the
//! operations bloocard uses exactly as Blooio's v2 OpenAPI spec describes them (shapes, error
//! body `{error: "ApiError", message, status, code}`, bearer auth), seeded with believable data.
//! It serves `bloocard --demo`, `bloocard demo-server`, and the tests. [`DemoServer::start`]
//! spawns onto the current tokio runtime.
//!
//! # Behaviour worth knowing
//! - Paths accept `+` both literal (as Blooio's generated SDKs send it) and as `%2B`.
//! - Bodies and query strings are checked strictly: unknown fields, wrong types, out-of-range
//!   enums, bad base64 and non-image avatars are 400s whose `message` names the field.
//! - Plan rules: names/avatar PUT and card sharing need a dedicated number (`plan_kind`
//!   `dedicated` or null), else 403 `plan_not_supported`; an inbound number may only send to a
//!   chat that wrote to it first (403 `inbound_only_no_prior_inbound`); sending from an inactive
//!   number (or with none active) is 503 `no_active_number`, a card PUT on one is 502
//!   `device_unreachable`; a `from_number` not on the key is 403 `from_number_not_assigned`.
//!   Requests without `from_number` use the chat's number, or the first active one.
//!   A number not on the key is 403 `number_not_accessible`; unknown chats and messages are 404s.
//! - A staged share (`POST /chats/{chatId}/contact-card`) rides on the next message sent in that
//!   chat from a dedicated number, and is then gone; [`DemoControl::messages`] shows which card
//!   each message carried.
//! - **Delivery status moves one step per status poll**: a send answers `queued`; each
//!   `GET …/messages/{id}/status` of an outbound message advances it, so the first poll reads
//!   `sent` and the second `delivered` (then it stays). Listing messages does not advance them.
//!   [`DemoControl::set_message_status`] forces any status (e.g. `failed`).
//! - `Idempotency-Key`: a repeated key answers 200 with the original body and sends nothing.
//! - **At scale**: [`DemoControl::seed_fleet`] (`--numbers`), [`DemoControl::seed_chats`]
//!   (`--chats`), an added latency (`--latency-ms`) and a token-bucket rate limit
//!   ([`DemoControl::set_rate_limit`], `--rate-limit`: 429 with `Retry-After` past R a second).
//!
//! # Faults and knobs
//! [`DemoControl`] is always available to Rust code. With [`DemoOptions::faults`] the same knobs
//! are served over HTTP (no API key needed; they do not exist otherwise):
//!
//! | route | does |
//! | --- | --- |
//! | `POST /__demo/faults` (a fault, below) | arms it; answers `{"armed": n}` |
//! | `GET /__demo/faults`, `DELETE /__demo/faults` | lists / disarms all |
//! | `POST /__demo/card-read` `{"disabled": true}` | card GET answers 501 `coming_soon` |
//! | `GET /__demo/requests`, `DELETE /__demo/requests` | requests received (method, raw path, query, idempotency key, JSON body) |
//! | `GET /__demo/load` | `{"in_flight", "peak_in_flight", "rate_limit": {"admitted", "refused"}}`: the load as the server saw it |
//! | `GET /__demo/chats/{chatId}` | `{"staged_share": number or null, "messages": [...]}` with `shared_card` per message |
//! | `POST /__demo/messages/{messageId}/status` `{"status": "failed"}` | forces a delivery status |
//!
//! A fault, as JSON:
//! ```json
//! {"method": "POST", "path": "/messages", "times": 1,
//!  "action": {"kind": "status", "status": 429, "code": "rate_limited", "message": "Slow down", "retry_after": 2}}
//! ```
//! `method` (any if absent) and `path` (a substring of the raw path, any if absent) select the
//! requests; `times` is how many it hits (default 1; 0 = until cleared). Faults are tried in the
//! order armed: every matching `latency` adds its delay, and the first other matching action
//! decides the answer. Actions (`kind`):
//! - `status` `{status, code?, message?, retry_after?}`: that status with Blooio's error body
//!   (and `Retry-After: <seconds>`).
//! - `latency` `{ms}`: wait, then answer normally.
//! - `malformed_json`: a 200 whose JSON is cut off.
//! - `html_error` `{status?}`: a proxy's HTML error page, 502 by default.
//! - `missing_fields` `{keep?: [names]}`: answer normally, but with only the `keep` top-level fields.
//! - `oversized` `{bytes?, chunked?}`: a 200 of valid JSON of about `bytes` (default 20 MB);
//!   `chunked` leaves out `Content-Length`.
//! - `drop`: close the connection without answering.
//! - `respond` `{status?, body}`: answer exactly the JSON `body` with `status` (200 by default),
//!   e.g. names full of terminal escapes that the real validation would refuse.
//!
//! Faults apply before the API key check, as a proxy's would.

mod chat_seed;
mod chats;
pub mod control;
pub mod fault;
mod fleet_seed;
mod gate;
mod ids;
mod in_flight;
mod knobs;
mod latency;
mod numbers;
mod rate_bucket;
mod rate_limit;
mod recorder;
mod reply;
mod routes;
pub mod seed;
mod seed_conversations;
mod seed_history;
mod send;
mod send_body;
mod server;
mod state;
mod validate;

pub use chat_seed::MAX_CHATS;
pub use control::{DemoControl, DemoMessage, RecordedRequest};
pub use fault::{Fault, FaultAction};
pub use fleet_seed::MAX_NUMBERS as MAX_FLEET_NUMBERS;
pub use rate_bucket::RateCounts;
pub use routes::BASE_PATH;
pub use server::{DemoError, DemoOptions, DemoServer};
