//! End to end: marks and "apply this card to N marked numbers" through the real event loop, worker
//! and fleet engine, against the embedded demo backend with latency. The offline trial number
//! fails (its device does not answer); the others land, and the backend shows it.

use crate::loop_support;

use std::time::Duration;

use bloocard::demo::{DemoOptions, DemoServer};
use bloocard::fleet::{ApplyStatus, Records};
use bloocard::tui::app::{App, AppConfig};
use bloocard::tui::msg::Msg;
use bloocard::tui::state::apply::{Phase, RowState};
use bloocard::tui::worker::Worker;
use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

const MAYA: &str = "+14155550123";
const THEO: &str = "+13125550148";
const SHARED: &str = "+16465550172";
const OFFLINE_TRIAL: &str = "+15035550116";

/// A stuck loop fails the test instead of hanging it.
const LIMIT: Duration = Duration::from_secs(60);

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn chars(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| press(KeyCode::Char(c))).collect()
}

struct Rig {
    app: App,
    worker: Worker,
    rx: UnboundedReceiver<Msg>,
    terminal: Terminal<TestBackend>,
}

impl Rig {
    /// Runs the loop on `keys` until they are used up and nothing is in flight.
    async fn run(&mut self, keys: Vec<KeyEvent>) -> String {
        loop_support::settle(
            &mut self.terminal,
            &mut self.app,
            &self.worker,
            &mut self.rx,
            keys,
            LIMIT,
        )
        .await;
        self.terminal.backend().to_string()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marked_numbers_get_the_card_on_screen_and_the_offline_one_fails() {
    let server = DemoServer::start(DemoOptions {
        record_requests: true,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    server.control().set_latency(Duration::from_millis(120));
    let client = loop_support::demo_client(&server);
    let (tx, rx) = unbounded_channel();
    let records = tempfile::tempdir().unwrap();
    let worker =
        Worker::new(client, None, tx).with_fleet_records(Records::at(records.path().join("a")));
    let mut app = App::new(AppConfig::default(), Utc::now());
    app.size = (120, 40);
    for cmd in app.init() {
        worker.dispatch(cmd);
    }
    let mut rig = Rig {
        app,
        worker,
        rx,
        terminal: Terminal::new(TestBackend::new(120, 40)).unwrap(),
    };
    rig.run(Vec::new()).await;
    assert_eq!(rig.app.card.number.as_deref(), Some(MAYA));

    // Mark Maya (the card on screen), Theo, the shared number and the offline trial one, then
    // back to Maya; edit her first name (unsaved) and press A in the card pane.
    let mut keys = vec![press(KeyCode::Char(' '))];
    for _ in 0..4 {
        keys.push(press(KeyCode::Char('j')));
        keys.push(press(KeyCode::Char(' ')));
    }
    // The inbound number (fourth row) is not wanted.
    keys.push(press(KeyCode::Char('k')));
    keys.push(press(KeyCode::Char(' ')));
    keys.extend((0..4).map(|_| press(KeyCode::Char('k'))));
    keys.extend([press(KeyCode::Tab), press(KeyCode::Enter)]);
    keys.extend((0..4).map(|_| press(KeyCode::Backspace)));
    keys.extend(chars("Acme"));
    keys.extend([press(KeyCode::Esc), press(KeyCode::Char('A'))]);
    let screen = rig.run(keys).await;
    assert_eq!(
        rig.app.numbers.marked_in_order(),
        vec![MAYA, THEO, SHARED, OFFLINE_TRIAL]
    );
    let apply = rig.app.apply.as_ref().expect("the overlay is open");
    assert_eq!(apply.phase, Phase::Planned, "{screen}");
    assert!(
        screen.contains("Apply this card to 4 marked numbers"),
        "{screen}"
    );
    assert!(screen.contains("needs a Dedicated plan"), "{screen}");
    let puts = |server: &DemoServer| {
        server
            .control()
            .requests()
            .into_iter()
            .filter(|r| r.method == "PUT")
            .count()
    };
    assert_eq!(puts(&server), 0, "planning writes nothing");

    server.control().reset_peak_in_flight();
    let screen = rig.run(vec![press(KeyCode::Char('y'))]).await;
    let apply = rig.app.apply.as_ref().expect("the summary stays");
    assert_eq!(apply.phase, Phase::Done, "{screen}");
    let status = |n: &str| match &apply.rows.iter().find(|r| r.number == n).unwrap().state {
        RowState::Done(o) => o.status,
        other => panic!("{n}: {other:?}"),
    };
    assert_eq!(status(MAYA), ApplyStatus::Applied);
    assert_eq!(status(THEO), ApplyStatus::Applied);
    assert_eq!(status(OFFLINE_TRIAL), ApplyStatus::Failed);
    assert!(screen.contains('✗') && screen.contains('✓'), "{screen}");
    // ↓ to the failed row: its reason in full, under the rows.
    let screen = rig.run(chars("jjj")).await;
    assert!(screen.contains("did not respond"), "{screen}");
    assert!(
        server.control().peak_in_flight() <= bloocard::fleet::DEFAULT_CONCURRENCY,
        "the engine's concurrency bound holds"
    );

    // The backend has the card: Theo now shows Maya's edited card, photo byte for byte.
    let maya = server.control().card(MAYA).unwrap();
    let theo = server.control().card(THEO).unwrap();
    assert_eq!(maya["first_name"], "Acme");
    assert_eq!(theo["first_name"], "Acme");
    assert_eq!(theo["last_name"], maya["last_name"]);
    assert_eq!(theo["avatar"], maya["avatar"]);
    assert!(
        !rig.app.card.is_dirty(),
        "Maya was marked: her edit is saved now"
    );

    // r retries the failed row: still offline, still failed, and the summary says so again.
    let before = puts(&server);
    let screen = rig.run(vec![press(KeyCode::Char('r'))]).await;
    assert!(puts(&server) > before, "the retry wrote again");
    let apply = rig.app.apply.as_ref().unwrap();
    assert_eq!(apply.phase, Phase::Done, "{screen}");
    assert!(screen.contains("1 failed"), "{screen}");

    rig.run(vec![press(KeyCode::Esc)]).await;
    assert!(rig.app.apply.is_none());
}
