//! The TUI half of the fault matrix: every TUI operation (load numbers, load card, save card,
//! stage share, send message, status poll) against every way the server can fail, over real HTTP
//! through the real event loop and worker, drawn on a `TestBackend`.
//!
//! Each row checks what the operator sees (the error state with status, code and message, and
//! that it is drawn), how many requests reached the server (the retry policy: transient failures
//! are sent three times in all, the rest once), that the typed draft and card edits survive, and
//! that the app still works afterwards: with the fault gone the same key succeeds. A snapshot is
//! kept for one operation × fault class each; the other rows assert on the drawn text. The rows of
//! one fault share a test so faults run in parallel, as in the CLI matrix (`tests/faults.rs`), and
//! its operations run side by side, each against its own backend.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::common::faults::{OPS, Op, action, dead_base_url, for_each_fault};
use crate::common::{CANARY_KEY, Demo};
use bloocard::api::{Client, ClientOptions};
use bloocard::config::ApiKey;
use bloocard::tui::app::{App, Pane};
use bloocard::tui::layout;
use bloocard::tui::msg::ErrorInfo;
use bloocard::tui::state::Load;
use bloocard::tui::worker::Worker;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use serde_json::json;

use crate::loop_support::{Rig, app};
use crate::tui_support::{back_tab, ch, ctrl, key, typed};

const MAYA: &str = "+14155550123";
const CHAT: &str = "+14155550999";
const SIZE: (u16, u16) = (100, 30);

use Op::*;

impl Op {
    /// The keys that start the operation, from the draft's resting place (the composer).
    fn keys(self) -> Vec<KeyEvent> {
        match self {
            // Back to the numbers pane, refresh.
            Numbers => vec![back_tab(), back_tab(), ch('r')],
            // To the card, off the text fields (where `r` would type), re-read.
            CardGet => vec![back_tab(), key(KeyCode::Down), key(KeyCode::Down), ch('r')],
            // To the card's first name, edit it, add a letter, save.
            CardSet => vec![back_tab(), key(KeyCode::Enter), ch('x'), ctrl('s')],
            Share => vec![ctrl('t')],
            Send => vec![ctrl('s')],
        }
    }

    /// The keys that repeat the operation where the first attempt left the app.
    fn retry_keys(self) -> Vec<KeyEvent> {
        match self {
            Numbers | CardGet => vec![ch('r')],
            CardSet | Send => vec![ctrl('s')],
            Share => vec![ctrl('t')],
        }
    }
}

/// What the operator is shown after the fault.
#[derive(Debug, Clone, Copy)]
enum Seen {
    /// An error with this status and code whose sentence contains `says`.
    Fails {
        status: Option<u16>,
        code: Option<&'static str>,
        says: &'static str,
    },
    /// Every field is optional: an empty answer is shown for what it is.
    Works,
}

use Seen::*;

const fn fails(status: u16, code: &'static str, says: &'static str) -> Seen {
    Fails {
        status: Some(status),
        code: Some(code),
        says,
    }
}

const fn no_answer(says: &'static str) -> Seen {
    Fails {
        status: None,
        code: None,
        says,
    }
}

struct Row {
    fault: &'static str,
    seen: Seen,
    /// Requests that reached the server (attempts, for a refused connection).
    requests: usize,
}

/// One row per fault: the TUI runs every operation through the same client, so what is shown and
/// how often it is sent does not depend on the operation (the CLI matrix shows the same).
#[rustfmt::skip]
const MATRIX: &[Row] = &[
    Row { fault: "400", seen: fails(400, "invalid_request", "`first_name` is too long"), requests: 1 },
    Row { fault: "401", seen: fails(401, "invalid_api_key", "Invalid API key"), requests: 1 },
    Row { fault: "403 plan", seen: fails(403, "plan_not_supported", "Requires a Dedicated plan"), requests: 1 },
    Row { fault: "403 not accessible", seen: fails(403, "number_not_accessible", "Number not accessible"), requests: 1 },
    Row { fault: "404", seen: fails(404, "not_found", "Chat not found"), requests: 1 },
    Row { fault: "408", seen: fails(408, "request_timeout", "Request timed out"), requests: 3 },
    Row { fault: "409", seen: fails(409, "conflict", "An update is in progress"), requests: 1 },
    Row { fault: "429 Retry-After", seen: fails(429, "rate_limited", "retry after 1 s"), requests: 3 },
    Row { fault: "429 Retry-After too long", seen: fails(429, "rate_limited", "retry after 3600 s"), requests: 1 },
    Row { fault: "429 quota", seen: fails(429, "outbound_limit_reached", "Daily limit reached"), requests: 1 },
    Row { fault: "500", seen: fails(500, "server_error", "Internal error"), requests: 1 },
    Row { fault: "502", seen: fails(502, "device_unreachable", "Device did not answer"), requests: 3 },
    Row { fault: "503", seen: fails(503, "no_active_number", "No active number"), requests: 1 },
    Row { fault: "504", seen: fails(504, "gateway_timeout", "Gateway timeout"), requests: 3 },
    Row { fault: "slower than the timeout", seen: no_answer("timed out after 2 s"), requests: 1 },
    Row { fault: "dropped connection", seen: no_answer("connection closed before message completed"), requests: 3 },
    Row { fault: "connection refused", seen: no_answer("the connection was refused"), requests: 3 },
    Row { fault: "malformed JSON", seen: Fails { status: Some(200), code: None, says: "the body is not JSON" }, requests: 1 },
    Row { fault: "HTML 502", seen: Fails { status: Some(502), code: None, says: "Bad Gateway" }, requests: 3 },
    Row { fault: "200 missing fields", seen: Works, requests: 1 },
    Row { fault: "body over the cap", seen: no_answer("larger than 8.0 MB"), requests: 1 },
    Row { fault: "body over the cap, chunked", seen: no_answer("larger than 8.0 MB"), requests: 1 },
];

/// Failures after which a send may have gone out all the same (the CLI's `MaybeSent` rows): the
/// server may have acted before failing, or never said whether it did.
fn maybe_sent(fault: &str) -> bool {
    matches!(
        fault,
        "500"
            | "502"
            | "504"
            | "slower than the timeout"
            | "dropped connection"
            | "connection refused"
            | "malformed JSON"
            | "HTML 502"
            | "body over the cap"
            | "body over the cap, chunked"
    )
}

/// Snapshots for one operation × fault class each; every other row asserts on the drawn text.
const SNAPSHOTS: &[(&str, Op)] = &[
    ("500", Numbers),
    ("slower than the timeout", CardGet),
    ("403 plan", CardSet),
    ("HTML 502", CardSet),
    ("429 quota", Share),
    ("dropped connection", Send),
    ("401", Send),
];

/// The client timeout the "slower than the timeout" row runs with; its fault sleeps twice as long.
const SHORT_TIMEOUT: Duration = Duration::from_secs(2);
/// Every other row: long enough that reading even the 8 MB "body over the cap" never races the
/// timeout on a loaded 2-core machine (2 s did, at a load of 12).
const LONG_TIMEOUT: Duration = Duration::from_secs(30);

fn timeout_for(fault: &str) -> Duration {
    if fault == "slower than the timeout" {
        SHORT_TIMEOUT
    } else {
        LONG_TIMEOUT
    }
}

/// A client for `base` that gives up on a silent server after `timeout`, retrying as shipped.
fn client(base: &str, timeout: Duration) -> Client {
    let mut options = ClientOptions::new(base, ApiKey::new(CANARY_KEY).unwrap());
    options.timeout = timeout;
    Client::new(options).unwrap()
}

/// The TUI as `bloocard` runs it (the loop rig), plus another worker on the same queue whose
/// client points at `dead_base_url` (the refused rows).
struct Tui {
    rig: Rig,
    dead: Worker,
}

impl Tui {
    fn new(base: &str, timeout: Duration) -> Tui {
        let rig = Rig::new(app(SIZE), |tx| Worker::new(client(base, timeout), None, tx));
        let dead = Worker::new(client(&dead_base_url(), timeout), None, rig.tx.clone());
        Tui { rig, dead }
    }

    /// Starts the app: numbers, then the first number's card.
    async fn start(&mut self) {
        self.rig.start().await;
    }

    /// Feeds `keys` to the real loop and runs it until nothing is left in flight.
    async fn keys(&mut self, keys: Vec<KeyEvent>, dead: bool) {
        if dead {
            self.rig.keys_with(&self.dead, keys).await;
        } else {
            self.rig.keys(keys).await;
        }
    }

    fn screen(&self) -> String {
        self.rig.screen()
    }

    /// The text inside one pane's borders, rows joined and whitespace collapsed, so wrapped
    /// sentences can be looked for whole.
    fn pane(&self, pick: fn(&layout::Panes) -> Rect) -> String {
        let panes = layout::panes(Rect::new(0, 0, SIZE.0, SIZE.1)).expect("big enough");
        let mut area = pick(&panes);
        if area == panes.card {
            // The avatar column (picture, then its facts) runs beside the notes: leave it out.
            area.width -= layout::card_body(area).1.width + 1;
        }
        let buffer = self.rig.term.backend().buffer();
        let mut text = String::new();
        for y in area.top() + 1..area.bottom().saturating_sub(1) {
            for x in area.left() + 1..area.right().saturating_sub(1) {
                text.push_str(buffer[(x, y)].symbol());
            }
            text.push(' ');
        }
        collapse(&text)
    }
}

/// The backend's port changes every run: `127.0.0.1:41234` becomes `127.0.0.1:PORT_` (same width,
/// so the snapshot's borders stay where they are).
fn mask_ports(screen: &str) -> String {
    const HOST: &str = "127.0.0.1:";
    let mut out = String::new();
    let mut rest = screen;
    while let Some(i) = rest.find(HOST) {
        out.push_str(&rest[..i + HOST.len()]);
        rest = &rest[i + HOST.len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        out.push_str(&"PORT_"[..digits.min(5)]);
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The error the operation left in the app's state, if any.
fn error_of(app: &App, op: Op) -> Option<ErrorInfo> {
    match op {
        Numbers => match &app.numbers.load {
            Load::Failed(e) => Some(e.clone()),
            _ => None,
        },
        CardGet => match &app.card.load {
            Load::Failed(e) => Some(e.clone()),
            _ => None,
        },
        CardSet => app.card.save_error.clone(),
        Share | Send => app.composer.error.clone(),
    }
}

/// The runtime the fault tests drive their TUIs on: one worker thread.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// Runs every operation against `fault` on one backend and reports all mismatches at once.
fn check(fault: &str) {
    let row = MATRIX
        .iter()
        .find(|r| r.fault == fault)
        .expect("a row for the fault");
    // A backend per operation, so the operations wait out their retries side by side.
    let demos: Vec<Demo> = OPS.iter().map(|_| Demo::start()).collect();
    let rt = runtime();
    let results = rt.block_on(futures_util::future::join_all(
        OPS.iter()
            .zip(&demos)
            .map(|(op, demo)| check_op(demo, row, *op)),
    ));
    let failures: Vec<String> = OPS
        .iter()
        .zip(results)
        .filter_map(|(op, r)| r.err().map(|e| format!("{fault} × {op:?}: {e}")))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

async fn check_op(demo: &Demo, row: &Row, op: Op) -> Result<(), String> {
    demo.reset();
    let mut tui = Tui::new(&demo.base, timeout_for(row.fault));
    tui.start().await;
    if tui.rig.app.card.number.as_deref() != Some(MAYA) || tui.rig.app.card.load != Load::Loaded {
        return Err(format!("setup: card {:?}", tui.rig.app.card.number));
    }
    // A draft in the composer: it must survive whatever happens next.
    let mut draft = vec![key(KeyCode::Tab), key(KeyCode::Tab)];
    draft.push(key(KeyCode::Enter));
    draft.extend(typed(CHAT));
    draft.push(key(KeyCode::Enter));
    draft.push(ch('i'));
    draft.extend(typed("hello"));
    tui.keys(draft, false).await;
    if tui.rig.app.focus != Pane::Composer || tui.rig.app.composer.message.text() != "hello" {
        return Err(format!(
            "setup: draft {:?} in {:?}",
            tui.rig.app.composer.message.text(),
            tui.rig.app.focus
        ));
    }

    demo.reset();
    let (method, path) = op.target();
    let refused = action(row.fault).is_none();
    if let Some(action) = action(row.fault) {
        demo.fault(json!({"method": method, "path": path, "times": 0, "action": action}));
    }
    tui.keys(op.keys(), refused).await;
    let sent: Vec<_> = demo
        .requests()
        .into_iter()
        .filter(|r| op.hits(&r.method, &r.path))
        .collect();
    demo.reset();

    let mut problems = Vec::new();
    let app = &tui.rig.app;
    // What reached the server: the retry policy at work (none at all when refused).
    let want_sent = if refused { 0 } else { row.requests };
    if sent.len() != want_sent {
        problems.push(format!("{} requests, want {want_sent}", sent.len()));
    }
    let keys: BTreeSet<_> = sent.iter().map(|r| r.idempotency_key.clone()).collect();
    if op == Send && !sent.is_empty() && (keys.len() != 1 || keys.contains(&None)) {
        problems.push(format!("send idempotency keys: {keys:?}"));
    }
    if app.animating() {
        problems.push("still shows work in progress".into());
    }
    // The card edit (CardSet) and the composer's draft are intact, sent or not.
    if op == CardSet {
        let first = app.card.first.text();
        let saved = matches!(row.seen, Works);
        if !first.ends_with('x') || app.card.is_dirty() == saved {
            problems.push(format!(
                "card edit: first name {first:?}, dirty {}",
                app.card.is_dirty()
            ));
        }
    }
    let sent_ok = op == Send && matches!(row.seen, Works);
    let want_message = if sent_ok { "" } else { "hello" };
    if app.composer.chat.text() != CHAT || app.composer.message.text() != want_message {
        problems.push(format!(
            "draft: chat {:?} message {:?}",
            app.composer.chat.text(),
            app.composer.message.text()
        ));
    }

    match row.seen {
        Fails { status, code, says } => match error_of(app, op) {
            None => problems.push(format!("no error shown; screen:\n{}", tui.screen())),
            Some(e) => {
                if e.status != status || e.code.as_deref() != code || !e.sentence.contains(says) {
                    problems.push(format!(
                        "error {e:?}, want status {status:?} code {code:?} saying {says:?}"
                    ));
                }
                problems.extend(drawn(&tui, op, &e));
            }
        },
        Works => {
            if let Some(e) = error_of(app, op) {
                problems.push(format!("error {e:?} for an empty answer"));
            }
            problems.extend(drawn_empty(&tui, op));
        }
    }
    if SNAPSHOTS.contains(&(row.fault, op)) {
        let name = format!("{}_{op:?}", row.fault.replace([' ', ',', '-'], "_"));
        insta::assert_snapshot!(name, mask_ports(&tui.screen()));
    }

    // A send that may have arrived keeps its Idempotency-Key, so retrying cannot send twice.
    let kept_key = app.composer.pending_key.as_ref().map(|(k, _, _)| k.clone());
    if op == Send && maybe_sent(row.fault) {
        let first_key = sent.first().and_then(|r| r.idempotency_key.clone());
        if kept_key.is_none() || (first_key.is_some() && first_key != kept_key) {
            problems.push(format!(
                "may have been sent under {first_key:?}, but the app keeps {kept_key:?}"
            ));
        }
    }

    // Still responsive, and nothing was lost: with the fault gone, the same key succeeds.
    let saved_ok = op == CardSet && matches!(row.seen, Works);
    if !sent_ok && !saved_ok {
        let kept = if maybe_sent(row.fault) {
            kept_key
        } else {
            None
        };
        tui.keys(op.retry_keys(), false).await;
        problems.extend(recovered(demo, &tui, op, kept.as_deref()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Where each operation shows its error, and that the error is drawn there.
fn drawn(tui: &Tui, op: Op, e: &ErrorInfo) -> Vec<String> {
    let short = match (e.status, e.code.as_deref()) {
        (Some(status), Some(code)) => format!("HTTP {status} {code}"),
        (Some(status), None) => format!("HTTP {status}"),
        _ => e.sentence.clone(),
    };
    let (pane, want) = match op {
        Numbers => (
            tui.pane(|p| p.numbers),
            format!("Could not load numbers: {} r to retry", e.sentence),
        ),
        // A 403 on the read is, per the API, a number this key cannot reach: said in words.
        CardGet if e.status == Some(403) => (
            tui.pane(|p| p.card),
            "Card could not be read: this number is not accessible with this API key.".to_owned(),
        ),
        CardGet => (
            tui.pane(|p| p.card),
            format!("Card could not be read: {short} · r: retry · d: details"),
        ),
        CardSet => (tui.pane(|p| p.card), format!("Save failed: {short}")),
        Share | Send => (
            tui.pane(|p| p.composer),
            format!("Failed: {} (d: details)", e.sentence),
        ),
    };
    let mut problems = Vec::new();
    // The pane has only so many lines for a time-out's long sentence: its start must show.
    let want = collapse(&want);
    let prefix: String = want.chars().take(60).collect();
    if !pane.contains(&prefix) {
        problems.push(format!("{prefix:?} is not drawn in {pane:?}"));
    }
    // Failures of the operator's own actions are also announced on the toast line.
    let toast = match op {
        CardSet => Some("✗ Save failed: "),
        Send => Some("✗ Not sent: "),
        Share => Some("✗ "),
        Numbers | CardGet => None,
    };
    if let Some(toast) = toast {
        let screen = tui.screen();
        let line = screen
            .lines()
            .nth(usize::from(SIZE.1) - 2)
            .unwrap_or_default();
        let first_words: String = e.sentence.chars().take(40).collect();
        if !line.contains(toast) || !line.contains(&first_words) {
            problems.push(format!("toast line {line:?}"));
        }
    }
    problems
}

/// A 200 with no fields at all: nothing breaks, and what is shown says so.
fn drawn_empty(tui: &Tui, op: Op) -> Vec<String> {
    let app = &tui.rig.app;
    let ok = match op {
        Numbers => app.numbers.load == Load::Loaded && app.numbers.items.is_empty(),
        CardGet => app.card.load == Load::Loaded && app.card.first.text().is_empty(),
        CardSet => {
            !app.card.is_dirty()
                && app.card.save_error.is_none()
                && app.card.first.text().ends_with('x')
        }
        Share => app
            .composer
            .notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Card staged for")),
        Send => app
            .composer
            .sent
            .as_ref()
            .is_some_and(|s| s.message_id.is_none() && !s.poll.pending()),
    };
    if ok {
        Vec::new()
    } else {
        vec![format!("empty answer shown as:\n{}", tui.screen())]
    }
}

/// After the retry key with the fault gone: the operation went through, once.
fn recovered(demo: &Demo, tui: &Tui, op: Op, kept_key: Option<&str>) -> Vec<String> {
    let app = &tui.rig.app;
    let sent: Vec<_> = demo
        .requests()
        .into_iter()
        .filter(|r| op.hits(&r.method, &r.path))
        .collect();
    let mut problems = Vec::new();
    if sent.len() != 1 {
        problems.push(format!("retry sent {} requests", sent.len()));
    }
    if let (Some(key), Some(retry)) = (kept_key, sent.first())
        && retry.idempotency_key.as_deref() != Some(key)
    {
        problems.push(format!(
            "the retried send carried {:?}, not the kept key {key}",
            retry.idempotency_key
        ));
    }
    let done = match op {
        Numbers => app.numbers.load == Load::Loaded && !app.numbers.items.is_empty(),
        CardGet => app.card.load == Load::Loaded,
        CardSet => {
            !app.card.is_dirty()
                && demo.ctl.card(MAYA).is_some_and(|c| {
                    c["first_name"]
                        .as_str()
                        .is_some_and(|f| f == app.card.first.text() && f.ends_with('x'))
                })
        }
        Share => demo.ctl.staged_share(CHAT).as_deref() == Some(MAYA),
        Send => {
            let hellos = demo
                .ctl
                .messages(CHAT)
                .into_iter()
                .filter(|m| m.text.as_deref() == Some("hello"))
                .count();
            hellos == 1 && app.composer.message.text().is_empty()
        }
    };
    if !done || error_of(app, op).is_some() {
        problems.push(format!("not recovered:\n{}", tui.screen()));
    }
    problems
}

macro_rules! matrix_tests {
    ($($name:ident => $fault:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check($fault);
            }
        )*

        /// The matrix is complete: every fault has its test and a row, and every snapshot a row.
        #[test]
        fn every_fault_has_a_test() {
            let tested: BTreeSet<&str> = [$($fault),*].into_iter().collect();
            let rows: BTreeSet<&str> = MATRIX.iter().map(|r| r.fault).collect();
            assert_eq!(rows.len(), MATRIX.len(), "a fault is listed twice");
            assert_eq!(tested, rows);
            for (fault, _) in SNAPSHOTS {
                assert!(rows.contains(fault), "{fault}");
            }
        }
    };
}

for_each_fault!(matrix_tests);

/// Every escape a hostile or broken server could slip into a string: CSI (clear screen, move the
/// cursor), OSC (window title, clipboard), BEL, backspace, CR, bidi overrides and isolates, a
/// zero-width space, stacked combining marks and a family emoji.
const HOSTILE: &str = "A\u{1b}[2J\u{1b}[Hb\u{1b}]0;pwned\u{7}c\u{1b}]52;c;ZXZpbA==\u{7}d\u{7}e\u{8}\u{8}f\rg\u{202E}h\u{202C}i\u{200B}j\u{301}\u{301}\u{301}k👩\u{200D}👩\u{200D}👧l\u{2066}m\u{9b}31mn";

/// The screen without `TestBackend`'s notes on what wide characters hide: the cell an emoji
/// covers keeps whatever an earlier frame drew there, which depends on timing.
fn without_hidden_notes(screen: &str) -> String {
    screen
        .lines()
        .map(|l| {
            l.split(" Hidden by multi-width symbols:")
                .next()
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fails unless every cell is free of controls and bidi overrides, and (unless a popup covers
/// them) the pane borders are where the layout puts them on every body row.
fn assert_harmless(tui: &Tui, when: &str) {
    let buffer = tui.rig.term.backend().buffer();
    for y in 0..SIZE.1 {
        for x in 0..SIZE.0 {
            let symbol = buffer[(x, y)].symbol();
            assert!(
                !symbol.chars().any(bloocard::sanitize::is_unsafe),
                "{when}: {symbol:?} drawn at {x},{y}:\n{}",
                tui.screen()
            );
        }
    }
    if tui.rig.app.modal.is_some() {
        return;
    }
    let panes = layout::panes(Rect::new(0, 0, SIZE.0, SIZE.1)).expect("big enough");
    let walls = [
        panes.numbers.left(),
        panes.numbers.right() - 1,
        panes.card.left(),
        panes.card.right() - 1,
    ];
    // The last body row may hold the toast, drawn over the bottom borders.
    for y in 0..panes.footer.y - 1 {
        for x in walls {
            let symbol = buffer[(x, y)].symbol();
            assert!(
                ["│", "┌", "┐", "└", "┘"].contains(&symbol),
                "{when}: the border at {x},{y} is {symbol:?}:\n{}",
                tui.screen()
            );
        }
    }
}

/// Server strings full of escapes, 10 000-character names and emoji go through the real client,
/// worker and views: nothing unsafe reaches the buffer and the layout holds.
#[test]
fn hostile_server_strings_are_drawn_harmlessly() {
    let demo = Demo::start();
    let rt = runtime();
    let long = format!("{}{HOSTILE}", "W".repeat(10_000));
    // Pushed in order: the numbers answer is used up before the card is asked for.
    demo.fault(json!({"method": "GET", "path": "/me/numbers", "action": {"kind": "respond", "body": {
        "numbers": [
            {"phone_number": MAYA, "is_active": true, "last_active": HOSTILE, "plan_kind": HOSTILE},
            {"phone_number": long, "is_active": true, "last_active": long, "plan_kind": "dedicated"},
            {"phone_number": HOSTILE, "is_active": false},
        ]
    }}}));
    demo.fault(
        json!({"method": "GET", "path": "/contact-card", "action": {"kind": "respond", "body": {
            "phone_number": HOSTILE, "first_name": HOSTILE, "last_name": long, "name": long,
            "has_wallpaper": false, "sharing": {"enabled": true, "audience": 0, "name_format": 0}
        }}}),
    );
    rt.block_on(async {
        let mut tui = Tui::new(&demo.base, LONG_TIMEOUT);
        tui.start().await;
        assert_eq!(tui.rig.app.numbers.items.len(), 3);
        assert_eq!(tui.rig.app.card.load, Load::Loaded);
        // The text around the sequences is shown; the sequences go whole (an OSC title too).
        let first = tui.rig.app.card.first.text();
        assert!(first.starts_with("Abcdef g"), "{first:?}");
        assert!(
            !first.contains("pwned") && !first.contains("31m"),
            "{first:?}"
        );
        assert_harmless(&tui, "numbers and card");
        insta::assert_snapshot!(
            "hostile_numbers_and_card",
            without_hidden_notes(&tui.screen())
        );

        // An error whose message and code are hostile, on a send and on a refresh.
        let error = json!({"kind": "respond", "status": 500, "body": {
            "error": "ApiError", "status": 500, "code": HOSTILE, "message": long
        }});
        demo.fault(json!({"method": "POST", "path": "/messages", "action": error}));
        let mut keys = vec![key(KeyCode::Tab), key(KeyCode::Tab)];
        keys.push(key(KeyCode::Enter));
        keys.extend(typed(CHAT));
        keys.push(key(KeyCode::Enter));
        keys.push(ch('i'));
        keys.extend(typed("hello"));
        keys.push(ctrl('s'));
        tui.keys(keys, false).await;
        let e = tui.rig.app.composer.error.clone().expect("the send failed");
        assert_eq!(e.status, Some(500));
        assert_harmless(&tui, "send error");
        insta::assert_snapshot!("hostile_send_error", without_hidden_notes(&tui.screen()));

        demo.fault(json!({"method": "GET", "path": "/me/numbers", "action": error}));
        tui.keys(vec![back_tab(), back_tab(), ch('r')], false).await;
        assert!(matches!(tui.rig.app.numbers.load, Load::Failed(_)));
        assert_harmless(&tui, "numbers error");
        // The details overlay of the send error draws the code and sentence too.
        tui.keys(vec![key(KeyCode::Tab), key(KeyCode::Tab)], false)
            .await;
        tui.rig.app.composer.field = bloocard::tui::state::composer::ComposerField::Share;
        tui.keys(vec![ch('d')], false).await;
        assert!(tui.rig.app.modal.is_some(), "details open");
        assert!(tui.screen().contains("Error details"));
        assert_harmless(&tui, "error details");
    });
}

/// The status poll after a send meets a fault: the message stays shown as sent with its last
/// known status, the failure is named under it, and polling stops instead of hammering.
#[test]
fn status_poll_faults_are_shown_under_the_sent_message() {
    let demo = Demo::start();
    let rt = runtime();
    let mut failures = Vec::new();
    for fault in ["500", "502", "dropped connection", "malformed JSON"] {
        let row = MATRIX.iter().find(|r| r.fault == fault).unwrap();
        let Fails { says, .. } = row.seen else {
            unreachable!()
        };
        demo.reset();
        demo.fault(json!({"method": "GET", "path": "/status", "times": 0,
            "action": action(fault)}));
        let shown = rt.block_on(async {
            let mut tui = Tui::new(&demo.base, timeout_for(fault));
            tui.start().await;
            let mut keys = vec![key(KeyCode::Tab), key(KeyCode::Tab)];
            keys.push(key(KeyCode::Enter));
            keys.extend(typed(CHAT));
            keys.push(key(KeyCode::Enter));
            keys.push(ch('i'));
            keys.extend(typed("hello"));
            keys.push(ctrl('s'));
            // Runs until the poll's answer is in: nothing else is left in flight.
            tui.keys(keys, false).await;
            let sent = tui.rig.app.composer.sent.clone();
            (sent, tui.pane(|p| p.composer))
        });
        let polls = demo
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/status"))
            .count();
        let (sent, pane) = shown;
        let ok = sent.as_ref().is_some_and(|s| {
            !s.poll.pending()
                && s.status == "queued"
                && s.error
                    .as_deref()
                    .is_some_and(|e| e.starts_with("status unknown: ") && e.contains(says))
        });
        let error = sent
            .as_ref()
            .and_then(|s| s.error.clone())
            .unwrap_or_default();
        // The pane has a few lines for it: the start must show.
        let start: String = collapse(&error).chars().take(60).collect();
        if !ok || polls != row.requests || !pane.contains(&start) {
            failures.push(format!("{fault}: {polls} polls, {sent:?}, drawn {pane:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
