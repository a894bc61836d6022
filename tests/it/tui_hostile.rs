//! Every text the server sends, made hostile, through the real TUI loop and worker over HTTP:
//! numbers (plan, last active), the card (names, display name), a failed card read, the chat
//! picker (ids, titles, last messages), the conversation, a failed send and a failed save. Each
//! carries escape sequences (CSI, OSC, DCS, APC, 8-bit CSI) with their parameters; the screen must
//! show the text around them and nothing of the sequences: no `[31m`, no `pwned`, no control.

use crate::loop_support::{self, Rig};
use crate::tui_support::keys::{ch, ctrl, key, typed};

use bloocard::demo::fault::{Fault, FaultAction};
use bloocard::demo::{DemoControl, DemoOptions, DemoServer};
use bloocard::tui::worker::Worker;
use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent};
use serde_json::{Value, json};

const SIZE: (u16, u16) = (160, 50);
const MAYA: &str = "+14155550123";
const THEO: &str = "+13125550148";
const CHAT: &str = "+16505550134";

/// `word` wrapped in sequences a terminal would act on: what must show is `word` alone.
fn evil(word: &str) -> String {
    format!(
        "\x1b[31m{word}\x07\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x1b\\\x1bP1$rpwned\x1b\\\
         \x1b_Gi=31;pwned\x1b\\\u{9b}1;2m\x1b(B\u{202e}"
    )
}

/// What is left on screen when a sequence is only half removed.
const LEFTOVERS: &[&str] = &[
    "[31m", "31m", "pwned", "]0;", "52;c", "$r", "Gi=31", "1;2m", "(B",
];

fn respond(ctl: &DemoControl, method: &str, path: &str, status: u16, body: Value) {
    ctl.push_fault(
        Fault::new(FaultAction::Respond { status, body })
            .on_method(method)
            .on_path(path)
            .times(0),
    );
}

struct Tui {
    server: DemoServer,
    rig: Rig,
}

impl Tui {
    async fn start(arm: impl FnOnce(&DemoControl)) -> Tui {
        let server = DemoServer::start(DemoOptions::default()).await.unwrap();
        arm(&server.control());
        let client = loop_support::demo_client(&server);
        let mut rig = Rig::new(loop_support::app(SIZE), |tx| Worker::new(client, None, tx));
        rig.start().await;
        Tui { server, rig }
    }

    async fn keys(&mut self, keys: Vec<KeyEvent>) {
        self.rig.keys(keys).await;
    }

    /// The screen, checked: no cell holds a control character and no sequence left a trace.
    fn screen(&self, step: &str) -> String {
        for cell in self.rig.term.backend().buffer().content() {
            assert!(
                !cell.symbol().chars().any(bloocard::sanitize::is_unsafe),
                "{step}: unsafe cell {:?}",
                cell.symbol()
            );
        }
        let screen = self.rig.screen();
        for trace in LEFTOVERS {
            assert!(
                !screen.contains(trace),
                "{step}: {trace:?} is on screen:\n{screen}"
            );
        }
        screen
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_text_shows_without_its_escape_sequences() {
    let mut tui = Tui::start(|ctl| {
        respond(
            ctl,
            "GET",
            "/me/numbers/%2B14155550123/contact-card",
            200,
            json!({"phone_number": MAYA, "first_name": evil("RED"), "last_name": evil("Lind"),
                   "name": evil("Shown"), "avatar": null, "has_wallpaper": false,
                   "sharing": {"enabled": true, "audience": 1, "name_format": 0}}),
        );
        respond(
            ctl,
            "GET",
            "/me/numbers/%2B13125550148/contact-card",
            400,
            json!({"error": "ApiError", "status": 400, "code": evil("bad_code"),
                   "message": evil("Card refused")}),
        );
        // Armed last: faults are tried in order and this path is a prefix of the card's.
        respond(
            ctl,
            "GET",
            "/me/numbers",
            200,
            json!({"numbers": [
                {"phone_number": MAYA, "is_active": true, "last_active": evil("then"), "plan_kind": "dedicated"},
                {"phone_number": THEO, "is_active": true, "last_active": null, "plan_kind": evil("odd")},
            ]}),
        );
    })
    .await;
    let screen = tui.screen("the first card");
    assert!(screen.contains("First name RED"), "{screen}");
    assert!(screen.contains("last active then"), "{screen}");
    assert!(screen.contains("+13125550148 odd"), "{screen}");

    // The other number: its card read fails with a hostile code and message.
    tui.keys(vec![ch('j'), key(KeyCode::Enter)]).await;
    let screen = tui.screen("a failed card read");
    assert!(screen.contains("bad_code"), "{screen}");
    tui.keys(vec![ch('k'), key(KeyCode::Enter)]).await;

    // The chat picker and the conversation.
    let ctl = tui.server.control();
    respond(
        &ctl,
        "GET",
        "/messages",
        200,
        json!({"chat_id": CHAT, "messages": [{
            "message_id": evil("msg"), "direction": "inbound", "text": evil("Hello there"),
            "sender": evil("someone"), "time_sent": Utc::now().timestamp_millis() - 60_000,
            "status": evil("delivered"), "error": evil("why")}]}),
    );
    respond(
        &ctl,
        "GET",
        "/chats",
        200,
        json!({"chats": [{"id": CHAT, "type": "direct", "is_group": false,
            "contact": {"name": evil("Priya"), "identifier": CHAT},
            "message_count": 1, "last_message": {"text": evil("Last words")}}]}),
    );
    tui.keys(vec![ctrl('p')]).await;
    let screen = tui.screen("the chat picker");
    assert!(screen.contains("Priya"), "{screen}");
    assert!(screen.contains("Last words"), "{screen}");
    tui.keys(vec![key(KeyCode::Enter)]).await;
    let screen = tui.screen("the conversation");
    assert!(screen.contains("Hello there"), "{screen}");

    // A send the server refuses, with a hostile reason.
    respond(
        &ctl,
        "POST",
        "/messages",
        400,
        json!({"error": "ApiError", "status": 400, "code": evil("nope"),
               "message": evil("Send refused")}),
    );
    let mut keys = vec![key(KeyCode::Enter)];
    keys.extend(typed("hi"));
    keys.push(ctrl('s'));
    tui.keys(keys).await;
    let screen = tui.screen("a refused send");
    assert!(screen.contains("Send refused"), "{screen}");

    // A save the server refuses, with a hostile reason.
    respond(
        &ctl,
        "PUT",
        "/contact-card",
        400,
        json!({"error": "ApiError", "status": 400, "message": evil("Save refused")}),
    );
    // The card starts on its first name (issue 18's card cursor): Enter edits it, Esc keeps it.
    tui.keys(vec![
        key(KeyCode::Esc),
        key(KeyCode::BackTab),
        key(KeyCode::Enter),
        ch('x'),
        key(KeyCode::Esc),
        ctrl('s'),
    ])
    .await;
    let screen = tui.screen("a refused save");
    assert!(screen.contains("Save failed"), "{screen}");
    // The details overlay has the whole sentence.
    tui.keys(vec![ch('d')]).await;
    let screen = tui.screen("the save's details");
    assert!(screen.contains("Save refused"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_followed_send_shows_its_status_without_escape_sequences() {
    let mut tui = Tui::start(|ctl| {
        respond(
            ctl,
            "GET",
            "/status",
            200,
            json!({"message_id": "m1", "status": "failed", "error": evil("Carrier said no")}),
        );
        respond(
            ctl,
            "POST",
            "/messages",
            202,
            json!({"message_id": evil("m1"), "status": "queued"}),
        );
    })
    .await;
    let mut keys = vec![key(KeyCode::Tab), key(KeyCode::Tab), key(KeyCode::Enter)];
    keys.extend(typed(CHAT));
    keys.extend([key(KeyCode::Enter), key(KeyCode::Enter)]);
    keys.extend(typed("hi"));
    keys.push(ctrl('s'));
    tui.keys(keys).await;
    let screen = tui.screen("a followed send");
    assert!(screen.contains("Carrier said no"), "{screen}");
}
