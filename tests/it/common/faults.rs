//! The faults of the fault matrix by the names the CLI and TUI matrices share, as the JSON
//! actions the demo backend arms, and a loopback address nothing listens on.

use serde_json::{Value, json};

/// The fault named `fault` as a demo fault action. `None` for "connection refused", which no
/// server can play: point the client at [`dead_base_url`] instead.
pub fn action(fault: &str) -> Option<Value> {
    let status = |status: u16, code: &str, message: &str| json!({"kind": "status", "status": status, "code": code, "message": message});
    Some(match fault {
        "400" => status(400, "invalid_request", "`first_name` is too long"),
        "401" => status(401, "invalid_api_key", "Invalid API key"),
        "403 plan" => status(403, "plan_not_supported", "Requires a Dedicated plan"),
        "403 not accessible" => status(403, "number_not_accessible", "Number not accessible"),
        "404" => status(404, "not_found", "Chat not found"),
        "408" => status(408, "request_timeout", "Request timed out"),
        "409" => status(409, "conflict", "An update is in progress"),
        "429 Retry-After" => json!({"kind": "status", "status": 429, "code": "rate_limited",
            "message": "Too many requests", "retry_after": 1}),
        "429 Retry-After too long" => json!({"kind": "status", "status": 429,
            "code": "rate_limited", "message": "Too many requests", "retry_after": 3600}),
        "429 quota" => status(429, "outbound_limit_reached", "Daily limit reached"),
        "500" => status(500, "server_error", "Internal error"),
        "502" => status(502, "device_unreachable", "Device did not answer"),
        "503" => status(503, "no_active_number", "No active number"),
        "504" => status(504, "gateway_timeout", "Gateway timeout"),
        "slower than the timeout" => json!({"kind": "latency", "ms": 4000}),
        "dropped connection" => json!({"kind": "drop"}),
        "malformed JSON" => json!({"kind": "malformed_json"}),
        "HTML 502" => json!({"kind": "html_error", "status": 502}),
        "200 missing fields" => json!({"kind": "missing_fields", "keep": []}),
        "body over the cap" => json!({"kind": "oversized"}),
        "body over the cap, chunked" => json!({"kind": "oversized", "chunked": true}),
        "connection refused" => return None,
        other => panic!("no fault named {other:?}"),
    })
}

/// A loopback URL nothing listens on.
pub fn dead_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/v2/api")
}

/// Calls `$matrix! { test_name => "fault", … }` with every fault above, so the CLI and TUI matrices
/// each get one test per fault and cannot fall out of step with this table or with each other.
macro_rules! for_each_fault {
    ($matrix:ident) => {
        $matrix! {
            bad_request_400 => "400",
            unauthorized_401 => "401",
            forbidden_by_plan_403 => "403 plan",
            forbidden_not_accessible_403 => "403 not accessible",
            not_found_404 => "404",
            request_timeout_408 => "408",
            conflict_409 => "409",
            rate_limited_429_with_retry_after => "429 Retry-After",
            rate_limited_429_beyond_the_cap => "429 Retry-After too long",
            quota_429 => "429 quota",
            server_error_500 => "500",
            bad_gateway_502 => "502",
            no_active_number_503 => "503",
            gateway_timeout_504 => "504",
            slower_than_the_timeout => "slower than the timeout",
            dropped_connection => "dropped connection",
            connection_refused => "connection refused",
            malformed_json => "malformed JSON",
            html_error_page => "HTML 502",
            missing_fields => "200 missing fields",
            body_over_the_cap => "body over the cap",
            chunked_body_over_the_cap => "body over the cap, chunked",
        }
    };
}
pub(crate) use for_each_fault;

/// The operations both fault matrices drive, one per API call a user can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Op {
    Numbers,
    CardGet,
    CardSet,
    Share,
    Send,
}

pub const OPS: [Op; 5] = [Op::Numbers, Op::CardGet, Op::CardSet, Op::Share, Op::Send];

impl Op {
    /// The request the operation is about (`card set` also re-reads the card after its PUT).
    pub fn target(self) -> (&'static str, &'static str) {
        match self {
            Op::Numbers => ("GET", "/me/numbers"),
            Op::CardGet => ("GET", "/contact-card"),
            Op::CardSet => ("PUT", "/contact-card"),
            Op::Share => ("POST", "/contact-card"),
            Op::Send => ("POST", "/messages"),
        }
    }

    /// Whether a recorded request is this operation's target request.
    pub fn hits(self, method: &str, path: &str) -> bool {
        let (m, p) = self.target();
        method == m && path.contains(p) && (self != Op::Numbers || path.ends_with("/me/numbers"))
    }
}
