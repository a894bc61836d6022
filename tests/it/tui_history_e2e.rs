//! The composer's conversation end to end: the real loop and worker against the embedded demo
//! backend over HTTP. Pick a chat with ^P, see its seeded history (long, so it scrolls), send,
//! and see the sent message land in it; a failing history load says why and the send still goes;
//! a hostile history answer draws harmlessly.

use bloocard::demo::DemoServer;
use bloocard::demo::fault::{Fault, FaultAction};
use bloocard::tui::capabilities::Graphics;
use bloocard::tui::worker::Worker;
use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent};

use crate::loop_support::{Rig, app, demo_client, demo_server};
use crate::tui_support::{ch, ctrl, key, typed};

const SIZE: (u16, u16) = (120, 40);
/// The seeded long conversation (Jonah Reyes, on Maya's number).
const LONG_CHAT: &str = "+14155550187";

/// The loop rig on a demo backend of its own (which the tests look into).
struct Tui {
    server: DemoServer,
    rig: Rig,
}

impl Tui {
    async fn start() -> Tui {
        let server = demo_server().await;
        let mut rig = Rig::new(app(SIZE), |tx| {
            Worker::new(demo_client(&server), Some(Graphics::halfblocks("test")), tx)
        });
        rig.start().await;
        Tui { server, rig }
    }

    /// Presses `keys`, then runs until nothing is in flight.
    async fn keys(&mut self, keys: Vec<KeyEvent>) {
        self.rig.keys(keys).await;
    }

    fn screen(&self) -> String {
        self.rig.screen()
    }

    fn history_gets(&self, chat: &str) -> usize {
        let path = format!("/chats/{}/messages", chat.replace('+', "%2B"));
        self.server
            .control()
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with(&path))
            .count()
    }
}

/// ^P (and wait for the chats), filter by `name`, Enter.
async fn pick(tui: &mut Tui, name: &str) {
    tui.keys(vec![ctrl('p')]).await;
    let mut keys = typed(name);
    keys.push(key(KeyCode::Enter));
    tui.keys(keys).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pick_a_chat_read_scroll_send_and_see_it_land() {
    let mut tui = Tui::start().await;
    pick(&mut tui, "jonah").await;
    assert_eq!(tui.history_gets(LONG_CHAT), 1);
    let screen = tui.screen();
    // Newest at the bottom, with its direction, time and status; the oldest scrolled out of view.
    assert!(screen.contains("→ 1 h ago"), "{screen}");
    assert!(screen.contains("it's heavy!"), "{screen}");
    assert!(screen.contains("Alder St.  ✓ delivered"), "{screen}");
    assert!(screen.contains("← 1 d ago"), "{screen}");
    assert!(!screen.contains("a friend gave me your number"), "{screen}");

    // Out of the message field, PgUp (offered in the footer) until the first message shows.
    tui.keys(vec![key(KeyCode::Esc)]).await;
    assert!(tui.screen().contains("PgUp older"), "{}", tui.screen());
    tui.keys((0..6).map(|_| key(KeyCode::PageUp)).collect())
        .await;
    let top = tui.screen();
    assert!(top.contains("a friend gave me your number"), "{top}");
    assert!(!top.contains("it's heavy!"), "{top}");

    // Write and send: the history is read again and shows the message, followed to delivered.
    let mut keys = vec![key(KeyCode::Enter)];
    keys.extend(typed("Saturday at 11 works"));
    keys.push(ctrl('s'));
    tui.keys(keys).await;
    assert!(tui.history_gets(LONG_CHAT) >= 2);
    let sent = tui.server.control().messages(LONG_CHAT);
    assert_eq!(
        sent.last().unwrap().text.as_deref(),
        Some("Saturday at 11 works")
    );
    let screen = tui.screen();
    assert!(screen.contains("Saturday at 11 works"), "{screen}");
    assert!(screen.contains("just now"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_send_shows_its_reason_in_the_history() {
    let mut tui = Tui::start().await;
    // The shared number's customer: the newest text failed at the carrier.
    let mut keys = vec![key(KeyCode::BackTab), key(KeyCode::Enter)];
    keys.extend(typed("+12065550155"));
    keys.push(key(KeyCode::Enter));
    tui.keys(keys).await;
    let screen = tui.screen();
    assert!(
        screen.contains("✗ failed: the recipient's carrier"),
        "{screen}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_history_load_says_why_and_the_send_still_goes() {
    let mut tui = Tui::start().await;
    let ctl = tui.server.control();
    ctl.push_fault(
        Fault::new(FaultAction::Status {
            status: 403,
            code: Some("forbidden".into()),
            message: Some("Not allowed to read this chat".into()),
            retry_after: None,
        })
        .on_method("GET")
        .on_path("/messages")
        .times(0),
    );
    pick(&mut tui, "priya").await;
    let screen = tui.screen();
    assert!(screen.contains("Messages not loaded"), "{screen}");
    assert!(screen.contains("403"), "{screen}");
    let mut keys = typed("Yes, bring them along!");
    keys.insert(0, key(KeyCode::Enter));
    keys.push(ctrl('s'));
    tui.keys(keys).await;
    let sent = ctl.messages("+16505550134");
    assert_eq!(
        sent.last().unwrap().text.as_deref(),
        Some("Yes, bring them along!")
    );
    // Once the server answers again, `r` reads the history.
    ctl.clear_faults();
    tui.keys(vec![key(KeyCode::Esc), ch('r')]).await;
    let screen = tui.screen();
    assert!(screen.contains("Yes, bring them along!"), "{screen}");
    assert!(!screen.contains("Messages not loaded"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_history_draws_harmlessly() {
    let mut tui = Tui::start().await;
    let evil = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{202e}";
    tui.server.control().push_fault(
        Fault::new(FaultAction::Respond {
            status: 200,
            body: serde_json::json!({
                "chat_id": "+16505550134",
                "messages": [{
                    "message_id": format!("msg{evil}"),
                    "direction": "inbound",
                    "text": format!("before{evil}after\r\nline two"),
                    "sender": evil,
                    "time_sent": Utc::now().timestamp_millis() - 60_000,
                    "status": format!("delivered{evil}"),
                }],
            }),
        })
        .on_method("GET")
        .on_path("/messages"),
    );
    pick(&mut tui, "priya").await;
    let buffer = tui.rig.term.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(bloocard::sanitize::is_unsafe),
            "unsafe cell {:?}",
            cell.symbol()
        );
    }
    let screen = tui.screen();
    assert!(screen.contains("before"), "{screen}");
    assert!(screen.contains("line two"), "{screen}");
}
