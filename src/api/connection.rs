//! How bloocard connects: the reqwest client every request goes through, with its timeouts, the
//! certificates it trusts, the proxy it uses and the redirects it refuses.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};

use super::error::ApiError;
use super::retry::RetryPolicy;
use crate::config::{ApiKey, is_loopback_host};

/// Large enough for a ~1.3 MB base64 avatar plus the rest of a card, small enough that a hostile
/// or broken server cannot make bloocard buffer gigabytes.
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub base_url: String,
    pub api_key: ApiKey,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    pub max_body_bytes: usize,
}

impl ClientOptions {
    pub fn new(base_url: impl Into<String>, api_key: ApiKey) -> Self {
        Self {
            base_url: base_url.into(),
            api_key,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

/// The reqwest client for `options`, talking to `base`.
///
/// Requests go through the proxy `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` names, minus the
/// hosts in `NO_PROXY`, except to this machine: a proxy elsewhere cannot reach this machine's
/// loopback (the embedded demo, a local `demo-server`), which is why Go's net/http and gh never
/// proxy it either.
pub fn http_client(
    options: &ClientOptions,
    base: &reqwest::Url,
) -> Result<reqwest::Client, ApiError> {
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT,
        HeaderValue::from_static("application/json"),
    );
    let mut builder = reqwest::Client::builder()
        // Certificates are checked against the system's store (or `SSL_CERT_FILE` /
        // `SSL_CERT_DIR` when set, as curl and gh do: a company CA or an inspecting proxy
        // works) and against the bundled web roots, for systems without a store.
        .use_rustls_tls()
        .tls_built_in_native_certs(true)
        .tls_built_in_webpki_certs(true)
        .user_agent(concat!("bloocard/", env!("CARGO_PKG_VERSION")))
        .default_headers(headers)
        .timeout(options.timeout)
        .connect_timeout(options.connect_timeout)
        // A redirect could carry the Authorization header somewhere we did not choose.
        .redirect(reqwest::redirect::Policy::none());
    if base.host_str().is_some_and(is_loopback_host) {
        builder = builder.no_proxy();
    }
    builder
        .build()
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// A failed request in words. A connection never made (refused, no route, unknown name, a TLS
/// handshake refused, a connect time-out) is [`ApiError::Connect`]: nothing was sent. Anything
/// later may have reached the server. reqwest's own words are generic ("error sending
/// request"); the root cause says what happened, and an I/O cause is said in words.
pub(super) fn transport_error(e: &reqwest::Error, timeout: Duration) -> ApiError {
    let host = e
        .url()
        .map(|u| {
            format!(
                "{}{}",
                u.host_str().unwrap_or("?"),
                u.port().map(|p| format!(":{p}")).unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "the server".into());
    let why = root_cause(e);
    if e.is_connect() {
        return ApiError::Connect(format!("{host}: {why}; nothing was sent"));
    }
    if e.is_timeout() {
        return ApiError::Timeout(timeout);
    }
    ApiError::Network(if e.is_body() || e.is_decode() {
        format!("the connection to {host} dropped while reading the answer: {why}")
    } else {
        format!("the request to {host} failed: {why}")
    })
}

/// The innermost error's words: an I/O error through [`crate::io_error`], else its own text.
fn root_cause(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    match cause.downcast_ref::<std::io::Error>() {
        Some(io) => crate::io_error::describe(io),
        None => cause.to_string(),
    }
}
