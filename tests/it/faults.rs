//! The fault matrix: every CLI operation against every way the server can fail, over real HTTP
//! against the embedded backend's fault knobs. Each row says what the user sees (exit code and
//! the exact one line on stderr, or the output when the failure is survivable) and how many
//! requests reached the server, which is how the retry policy is checked: transient failures
//! (connection errors, 408, 429 without a quota code, 502, 504) are sent three times in all, the
//! rest once (our own timeout and a Retry-After beyond the 20 s cap included). The request counts
//! are cross-checked against the retries the debug log shows. Every run is also checked for
//! hangs, panics and the canary key (see `common`). The rows of one fault share a test, so the
//! faults run in parallel; the file takes about 20 s on two cores, mostly backoff and Retry-After.

use crate::common;

use std::collections::BTreeSet;
use std::time::Duration;

use crate::common::Demo;
use crate::common::faults::{OPS, Op, action, dead_base_url, for_each_fault};
use serde_json::json;

const MAYA: &str = "+14155550123";
const CHAT: &str = "+14155550999";

use Op::*;

impl Op {
    fn args(self) -> Vec<&'static str> {
        match self {
            Numbers => vec!["numbers"],
            CardGet => vec!["card", "get", MAYA],
            CardSet => vec!["card", "set", MAYA, "--first-name", "Ada"],
            Share => vec!["share", CHAT],
            Send => vec!["send", CHAT, "--text", "hello", "--from", MAYA],
        }
    }
}

/// What the user sees.
#[derive(Debug, Clone, Copy)]
enum Seen {
    /// Exit code and the whole of stderr, one line. `{addr}` stands for the server's host:port.
    Fails(i32, &'static str),
    /// A send that failed after the request may have arrived: `Fails`, plus [`MAYBE_SENT`].
    MaybeSent(i32, &'static str),
    /// Exit 0, and stdout starts with this.
    Works(&'static str),
}

use Seen::*;

struct Row {
    fault: &'static str,
    op: Op,
    seen: Seen,
    /// Requests of the operation's kind that reached the server (attempts, for refused ones).
    requests: usize,
}

const fn row(fault: &'static str, op: Op, seen: Seen, requests: usize) -> Row {
    Row {
        fault,
        op,
        seen,
        requests,
    }
}

// What the user reads on stderr, after `bloocard: `. `{addr}` is the server's host:port; `{key}`
// is the send's Idempotency-Key.
const E400: &str = r#"Blooio rejected the request as invalid (HTTP 400 invalid_request: "`first_name` is too long")"#;
const E401: &str = r#"Blooio rejected the API key (HTTP 401 invalid_api_key: "Invalid API key"); check BLOOIO_API_KEY or --api-key-file"#;
const E403_PLAN: &str =
    r#"Blooio refused this request (HTTP 403 plan_not_supported: "Requires a Dedicated plan")"#;
const E403_ACCESS: &str =
    r#"Blooio refused this request (HTTP 403 number_not_accessible: "Number not accessible")"#;
const E404: &str =
    r#"Blooio does not know this number, chat or message (HTTP 404 not_found: "Chat not found")"#;
const E408: &str = r#"Blooio timed out waiting for the request (HTTP 408 request_timeout: "Request timed out"); try again"#;
const E409: &str = r#"Blooio refused the request as conflicting with another change (HTTP 409 conflict: "An update is in progress")"#;
const E429: &str = r#"Blooio is rate limiting requests (HTTP 429 rate_limited: "Too many requests"); retry after 1 s"#;
const E429_LONG: &str = r#"Blooio is rate limiting requests (HTTP 429 rate_limited: "Too many requests"); retry after 3600 s"#;
const E429_QUOTA: &str = r#"a sending limit was reached (HTTP 429 outbound_limit_reached: "Daily limit reached"); it will not clear by retrying now"#;
const E500: &str = r#"Blooio had a server error (HTTP 500 server_error: "Internal error")"#;
const E502: &str =
    r#"Blooio had a server error (HTTP 502 device_unreachable: "Device did not answer")"#;
const E503: &str = r#"no active device is available for this number right now (HTTP 503 no_active_number: "No active number"); try again later"#;
const E504: &str = r#"Blooio had a server error (HTTP 504 gateway_timeout: "Gateway timeout")"#;
const E_SLOW: &str = "the request timed out after 1 s without an answer";
const E_DROP: &str = "could not reach Blooio: the request to {addr} failed: connection closed before message completed";
/// Nothing was sent, so a send says so and has no retry hint (issue 19, bug 2).
const E_REFUSED: &str = "could not connect to Blooio at {addr}: the connection was refused (nothing is listening there); nothing was sent";
const E_MALFORMED: &str = "Blooio sent a response bloocard cannot read (HTTP 200): the body is not JSON (EOF while parsing a string at line 1 column 37)";
const E_HTML: &str = r#"Blooio had a server error (HTTP 502: "Bad Gateway")"#;
const E_HUGE: &str = "Blooio sent a response larger than 8.0 MB; refusing to read it all";

/// What a failed send adds when its message may have gone out all the same.
const MAYBE_SENT: &str = "; it may have been sent: to retry without sending twice, repeat the command with --idempotency-key {key}";

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    row("400", Numbers, Fails(4, E400), 1),
    row("400", CardGet, Fails(4, E400), 1),
    row("400", CardSet, Fails(4, E400), 1),
    row("400", Share, Fails(4, E400), 1),
    row("400", Send, Fails(4, E400), 1),

    row("401", Numbers, Fails(4, E401), 1),
    row("401", CardGet, Fails(4, E401), 1),
    row("401", CardSet, Fails(4, E401), 1),
    row("401", Share, Fails(4, E401), 1),
    row("401", Send, Fails(4, E401), 1),

    row("403 plan", Numbers, Fails(4, E403_PLAN), 1),
    row("403 plan", CardGet, Fails(4, E403_PLAN), 1),
    // The number is dedicated (the plan lookup says so), so there is no plan to blame.
    row("403 plan", CardSet, Fails(4, E403_PLAN), 1),
    row("403 plan", Share, Fails(4, E403_PLAN), 1),
    row("403 plan", Send, Fails(4, E403_PLAN), 1),

    row("403 not accessible", Numbers, Fails(4, E403_ACCESS), 1),
    row("403 not accessible", CardGet, Fails(4, E403_ACCESS), 1),
    row("403 not accessible", CardSet, Fails(4, E403_ACCESS), 1),
    row("403 not accessible", Share, Fails(4, E403_ACCESS), 1),
    row("403 not accessible", Send, Fails(4, E403_ACCESS), 1),

    row("404", Numbers, Fails(4, E404), 1),
    row("404", CardGet, Fails(4, E404), 1),
    row("404", CardSet, Fails(4, E404), 1),
    row("404", Share, Fails(4, E404), 1),
    row("404", Send, Fails(4, E404), 1),

    row("408", Numbers, Fails(5, E408), 3),
    row("408", CardGet, Fails(5, E408), 3),
    row("408", CardSet, Fails(5, E408), 3),
    row("408", Share, Fails(5, E408), 3),
    row("408", Send, Fails(5, E408), 3),

    row("409", Numbers, Fails(4, E409), 1),
    row("409", CardGet, Fails(4, E409), 1),
    row("409", CardSet, Fails(4, E409), 1),
    row("409", Share, Fails(4, E409), 1),
    row("409", Send, Fails(4, E409), 1),

    row("429 Retry-After", Numbers, Fails(4, E429), 3),
    row("429 Retry-After", CardGet, Fails(4, E429), 3),
    row("429 Retry-After", CardSet, Fails(4, E429), 3),
    row("429 Retry-After", Share, Fails(4, E429), 3),
    row("429 Retry-After", Send, Fails(4, E429), 3),

    // A wait longer than the cap (20 s) is not waited out: the user is told when to come back.
    row("429 Retry-After too long", Numbers, Fails(4, E429_LONG), 1),
    row("429 Retry-After too long", CardGet, Fails(4, E429_LONG), 1),
    row("429 Retry-After too long", CardSet, Fails(4, E429_LONG), 1),
    row("429 Retry-After too long", Share, Fails(4, E429_LONG), 1),
    row("429 Retry-After too long", Send, Fails(4, E429_LONG), 1),

    row("429 quota", Numbers, Fails(4, E429_QUOTA), 1),
    row("429 quota", CardGet, Fails(4, E429_QUOTA), 1),
    row("429 quota", CardSet, Fails(4, E429_QUOTA), 1),
    row("429 quota", Share, Fails(4, E429_QUOTA), 1),
    row("429 quota", Send, Fails(4, E429_QUOTA), 1),

    row("500", Numbers, Fails(5, E500), 1),
    row("500", CardGet, Fails(5, E500), 1),
    row("500", CardSet, Fails(5, E500), 1),
    row("500", Share, Fails(5, E500), 1),
    row("500", Send, MaybeSent(5, E500), 1),

    row("502", Numbers, Fails(5, E502), 3),
    row("502", CardGet, Fails(5, E502), 3),
    row("502", CardSet, Fails(5, E502), 3),
    row("502", Share, Fails(5, E502), 3),
    row("502", Send, MaybeSent(5, E502), 3),

    row("503", Numbers, Fails(5, E503), 1),
    row("503", CardGet, Fails(5, E503), 1),
    row("503", CardSet, Fails(5, E503), 1),
    row("503", Share, Fails(5, E503), 1),
    row("503", Send, Fails(5, E503), 1),

    row("504", Numbers, Fails(5, E504), 3),
    row("504", CardGet, Fails(5, E504), 3),
    row("504", CardSet, Fails(5, E504), 3),
    row("504", Share, Fails(5, E504), 3),
    row("504", Send, MaybeSent(5, E504), 3),

    row("slower than the timeout", Numbers, Fails(5, E_SLOW), 1),
    row("slower than the timeout", CardGet, Fails(5, E_SLOW), 1),
    row("slower than the timeout", CardSet, Fails(5, E_SLOW), 1),
    row("slower than the timeout", Share, Fails(5, E_SLOW), 1),
    row("slower than the timeout", Send, MaybeSent(5, E_SLOW), 1),

    row("dropped connection", Numbers, Fails(5, E_DROP), 3),
    row("dropped connection", CardGet, Fails(5, E_DROP), 3),
    row("dropped connection", CardSet, Fails(5, E_DROP), 3),
    row("dropped connection", Share, Fails(5, E_DROP), 3),
    row("dropped connection", Send, MaybeSent(5, E_DROP), 3),

    row("connection refused", Numbers, Fails(5, E_REFUSED), 3),
    row("connection refused", CardGet, Fails(5, E_REFUSED), 3),
    row("connection refused", CardSet, Fails(5, E_REFUSED), 3),
    row("connection refused", Share, Fails(5, E_REFUSED), 3),
    row("connection refused", Send, Fails(5, E_REFUSED), 3),

    row("malformed JSON", Numbers, Fails(5, E_MALFORMED), 1),
    row("malformed JSON", CardGet, Fails(5, E_MALFORMED), 1),
    row("malformed JSON", CardSet, Fails(5, E_MALFORMED), 1),
    row("malformed JSON", Share, Fails(5, E_MALFORMED), 1),
    row("malformed JSON", Send, MaybeSent(5, E_MALFORMED), 1),

    row("HTML 502", Numbers, Fails(5, E_HTML), 3),
    row("HTML 502", CardGet, Fails(5, E_HTML), 3),
    row("HTML 502", CardSet, Fails(5, E_HTML), 3),
    row("HTML 502", Share, Fails(5, E_HTML), 3),
    row("HTML 502", Send, MaybeSent(5, E_HTML), 3),

    // Every field is optional in the spec: an empty answer is shown for what it is, not a crash.
    row("200 missing fields", Numbers, Works("No numbers are bound to this API key.\n"), 1),
    row("200 missing fields", CardGet, Works("+14155550123\n  Display name  —\n  First name    —\n"), 1),
    // The PUT's answer is empty; the card shown is the one re-read after it.
    row("200 missing fields", CardSet, Works("Updated.\n+14155550123\n  Display name  Ada Lindqvist\n"), 1),
    row("200 missing fields", Share, Works("Contact card staged for +14155550999: it rides along with the next message.\n"), 1),
    row("200 missing fields", Send, Works("Queued no message id to +14155550999 from +14155550123\n"), 1),

    row("body over the cap", Numbers, Fails(5, E_HUGE), 1),
    row("body over the cap", CardGet, Fails(5, E_HUGE), 1),
    row("body over the cap", CardSet, Fails(5, E_HUGE), 1),
    row("body over the cap", Share, Fails(5, E_HUGE), 1),
    row("body over the cap", Send, MaybeSent(5, E_HUGE), 1),

    row("body over the cap, chunked", Numbers, Fails(5, E_HUGE), 1),
    row("body over the cap, chunked", CardGet, Fails(5, E_HUGE), 1),
    row("body over the cap, chunked", CardSet, Fails(5, E_HUGE), 1),
    row("body over the cap, chunked", Share, Fails(5, E_HUGE), 1),
    row("body over the cap, chunked", Send, MaybeSent(5, E_HUGE), 1),
];

/// Runs every row of `fault` against one backend, and reports all mismatches at once.
fn check(fault: &str) {
    let demo = Demo::start();
    let mut failures = Vec::new();
    let rows: Vec<&Row> = MATRIX.iter().filter(|r| r.fault == fault).collect();
    assert_eq!(rows.len(), OPS.len(), "{fault}: one row per operation");
    for row in rows {
        if let Err(e) = check_row(&demo, row) {
            failures.push(format!("{fault} × {:?}: {e}", row.op));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn check_row(demo: &Demo, row: &Row) -> Result<(), String> {
    demo.reset();
    let (method, path) = row.op.target();
    let dead;
    let mut env: Vec<(&str, &str)> = vec![
        ("BLOOIO_API_KEY", common::CANARY_KEY),
        ("BLOOCARD_TIMEOUT_SECS", "1"),
    ];
    let addr = match action(row.fault) {
        Some(action) => {
            demo.fault(json!({"method": method, "path": path, "times": 0, "action": action}));
            demo.base
                .trim_start_matches("http://")
                .trim_end_matches("/v2/api")
                .to_owned()
        }
        None => {
            dead = dead_base_url();
            env.push(("BLOOIO_BASE_URL", &dead));
            dead.trim_start_matches("http://")
                .trim_end_matches("/v2/api")
                .to_owned()
        }
    };
    let log_before = demo.log().len();
    let run = demo.run_env(&row.op.args(), &env);
    let log = demo.log();
    let retries = log[log_before.min(log.len())..]
        .lines()
        .filter(|l| l.contains(": retrying method="))
        .count();

    let mut problems = Vec::new();
    match row.seen {
        Fails(code, stderr) | MaybeSent(code, stderr) => {
            let hint = if matches!(row.seen, MaybeSent(..)) {
                MAYBE_SENT
            } else {
                ""
            };
            let key = send_key(demo, row.op, &run.stderr);
            let want = format!("bloocard: {stderr}{hint}\n")
                .replace("{addr}", &addr)
                .replace("{key}", &key);
            if run.code != code || run.stderr != want {
                problems.push(format!(
                    "exit {} stderr {:?} (want exit {code}, {want:?})",
                    run.code, run.stderr
                ));
            }
            if !run.stdout.is_empty() {
                problems.push(format!("stdout not empty: {:?}", run.stdout));
            }
        }
        Works(stdout) => {
            if run.code != 0 || !run.stdout.starts_with(stdout) {
                problems.push(format!(
                    "exit {} stdout {:?} stderr {:?} (want exit 0, {stdout:?}…)",
                    run.code, run.stdout, run.stderr
                ));
            }
        }
    }

    let sent: Vec<_> = demo
        .requests()
        .into_iter()
        .filter(|r| row.op.hits(&r.method, &r.path))
        .collect();
    let attempts = if action(row.fault).is_some() {
        sent.len()
    } else {
        retries + 1
    };
    if attempts != row.requests {
        problems.push(format!("{attempts} requests, want {}", row.requests));
    }
    if retries + 1 != row.requests {
        problems.push(format!(
            "the log shows {retries} retries, want {}",
            row.requests - 1
        ));
    }
    // A retried send must be the same logical send: one Idempotency-Key throughout.
    let keys: BTreeSet<_> = sent.iter().map(|r| r.idempotency_key.clone()).collect();
    if row.op == Send && !sent.is_empty() && (keys.len() != 1 || keys.contains(&None)) {
        problems.push(format!("send idempotency keys: {keys:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The Idempotency-Key of the send: as the server saw it, or (when nothing reached it) the
/// UUID the error line names.
fn send_key(demo: &Demo, op: Op, stderr: &str) -> String {
    if let Some(key) = demo
        .requests()
        .into_iter()
        .find(|r| op.hits(&r.method, &r.path))
        .and_then(|r| r.idempotency_key)
    {
        return key;
    }
    let named = stderr
        .trim_end()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_owned();
    let uuid_shaped = named.len() == 36 && named.chars().all(|c| c == '-' || c.is_ascii_hexdigit());
    if uuid_shaped {
        named
    } else {
        "<no key>".into()
    }
}

macro_rules! matrix_tests {
    ($($name:ident => $fault:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check($fault);
            }
        )*

        /// The matrix is complete: every fault has its test and a row for every operation.
        #[test]
        fn every_fault_meets_every_operation() {
            let faults: BTreeSet<&str> = [$($fault),*].into_iter().collect();
            let rows: BTreeSet<(&str, Op)> = MATRIX.iter().map(|r| (r.fault, r.op)).collect();
            assert_eq!(rows.len(), MATRIX.len(), "a row is listed twice");
            for fault in &faults {
                for op in OPS {
                    assert!(rows.contains(&(*fault, op)), "no row for {fault} × {op:?}");
                }
            }
            for row in MATRIX {
                assert!(faults.contains(row.fault), "{} has no test", row.fault);
            }
        }
    };
}

for_each_fault!(matrix_tests);

/// Retry-After is waited out: two retries after `Retry-After: 1` take at least two seconds.
#[test]
fn retry_after_is_honoured() {
    let demo = Demo::start();
    demo.fault(json!({"path": "/me/numbers", "times": 0, "action": action("429 Retry-After")}));
    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_eq!(demo.requests().len(), 3);
    assert!(run.elapsed >= Duration::from_secs(2), "{:?}", run.elapsed);
}

/// One transient failure is invisible: the retry succeeds, and the output is the usual one. A
/// retried send goes out once, under the key its first attempt carried.
#[test]
fn one_transient_failure_is_retried_away() {
    let demo = Demo::start();
    let cases = [
        (Numbers, "dropped connection", "NUMBER"),
        (
            CardGet,
            "504",
            "+14155550123\n  Display name  Maya Lindqvist",
        ),
        (CardSet, "408", "Updated.\n"),
        (Share, "HTML 502", "Staged for +14155550999"),
        (Send, "429 Retry-After", "Queued msg_"),
    ];
    for (op, fault, stdout) in cases {
        demo.reset();
        let (method, path) = op.target();
        demo.fault(json!({"method": method, "path": path, "action": action(fault)}));
        let run = demo.run(&op.args());
        assert_eq!(run.code, 0, "{fault} × {op:?}: {}", run.stderr);
        assert!(
            run.stdout.starts_with(stdout),
            "{fault} × {op:?}: {}",
            run.stdout
        );
        assert_eq!(run.stderr, "", "{fault} × {op:?}");
        let sent: Vec<_> = demo
            .requests()
            .into_iter()
            .filter(|r| op.hits(&r.method, &r.path))
            .collect();
        assert_eq!(sent.len(), 2, "{fault} × {op:?}");
        if op == Send {
            assert!(sent[0].idempotency_key.is_some());
            assert_eq!(sent[0].idempotency_key, sent[1].idempotency_key);
            let hellos = demo
                .ctl
                .messages(CHAT)
                .into_iter()
                .filter(|m| m.text.as_deref() == Some("hello"))
                .count();
            assert_eq!(hellos, 1, "sent once");
        }
    }
}

/// Waiting on a server that does not answer, the process still responds to Ctrl-C at once.
#[test]
fn ctrl_c_ends_a_wait_on_a_silent_server() {
    use std::os::unix::process::ExitStatusExt;
    use std::time::Instant;

    let demo = Demo::start();
    demo.fault(json!({"path": "/me/numbers", "action": {"kind": "latency", "ms": 20_000}}));
    let mut child = demo
        .command(&["numbers"])
        .env("BLOOIO_API_KEY", common::CANARY_KEY)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while demo.requests().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(10), "no request");
        std::thread::sleep(Duration::from_millis(10));
    }
    let interrupted = Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if interrupted.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("still waiting 10 s after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(
        status.signal() == Some(2) || status.code() == Some(130),
        "{status:?}"
    );
}
