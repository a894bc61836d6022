//! The Blooio v2 API as bloocard uses it: typed models, one async function per operation, typed
//! errors and the retry policy.

pub mod client;
pub mod connection;
pub mod error;
pub mod pace;
pub mod path;
pub mod retry;
mod server_error;
pub mod types;

pub use client::{Client, Reply, new_idempotency_key};
pub use connection::{ClientOptions, DEFAULT_MAX_BODY_BYTES};
pub use error::{ApiError, ServerError};
pub use pace::{Acquire, Answer, Pace, Ticket};
pub use types::*;
