//! End to end: marks and "apply this card to N marked numbers" through the real event loop, worker
//! and fleet engine, against the embedded demo backend with latency. The offline trial number
//! fails (its device does not answer); the others land, and the backend shows it.

use std::time::Duration;

use bloocard::demo::DemoServer;
use bloocard::fleet::{ApplyStatus, Records};
use bloocard::tui::state::apply::{Phase, RowState};
use bloocard::tui::worker::Worker;
use crossterm::event::KeyCode;

use crate::loop_support::{Rig, app, demo_client, demo_server};
use crate::tui_support::{ch, key, typed};

const MAYA: &str = "+14155550123";
const THEO: &str = "+13125550148";
const SHARED: &str = "+16465550172";
const OFFLINE_TRIAL: &str = "+15035550116";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marked_numbers_get_the_card_on_screen_and_the_offline_one_fails() {
    let server = demo_server().await;
    server.control().set_latency(Duration::from_millis(120));
    let records = tempfile::tempdir().unwrap();
    let mut rig = Rig::new(app((120, 40)), |tx| {
        Worker::new(demo_client(&server), None, tx)
            .with_fleet_records(Records::at(records.path().join("a")))
    });
    rig.start().await;
    assert_eq!(rig.app.card.number.as_deref(), Some(MAYA));

    // Mark Maya (the card on screen), Theo, the shared number and the offline trial one, then
    // back to Maya; edit her first name (unsaved) and press A in the card pane.
    let mut keys = vec![ch(' ')];
    for _ in 0..4 {
        keys.push(ch('j'));
        keys.push(ch(' '));
    }
    // The inbound number (fourth row) is not wanted.
    keys.push(ch('k'));
    keys.push(ch(' '));
    keys.extend((0..4).map(|_| ch('k')));
    keys.extend([key(KeyCode::Tab), key(KeyCode::Enter)]);
    keys.extend((0..4).map(|_| key(KeyCode::Backspace)));
    keys.extend(typed("Acme"));
    keys.extend([key(KeyCode::Esc), ch('A')]);
    let screen = rig.keys(keys).await;
    assert_eq!(
        rig.app.numbers.marked_in_order(),
        vec![MAYA, THEO, SHARED, OFFLINE_TRIAL]
    );
    let apply = rig.app.apply().expect("the overlay is open");
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
    let screen = rig.keys(vec![ch('y')]).await;
    let apply = rig.app.apply().expect("the summary stays");
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
    let screen = rig.keys(typed("jjj")).await;
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
    let screen = rig.keys(vec![ch('r')]).await;
    assert!(puts(&server) > before, "the retry wrote again");
    let apply = rig.app.apply().unwrap();
    assert_eq!(apply.phase, Phase::Done, "{screen}");
    assert!(screen.contains("1 failed"), "{screen}");

    rig.keys(vec![key(KeyCode::Esc)]).await;
    assert!(rig.app.apply().is_none());
}
