//! End to end: the chat picker's marks and "stage your card in N chats" through the real event
//! loop, worker and share engine against the embedded demo backend over HTTP, the server counting
//! the POSTs: Esc before starting sends none, a run stages the marked chats, a rerun of the same
//! selection skips them (the CLI's journal), all chats meet the demo's two chats on plans that
//! cannot share and `r` retries only those, plan-gated 403s stop early and a 503 stops at once.

use bloocard::demo::{DemoServer, Fault, FaultAction};
use bloocard::tui::state::share::{ChatState, SharePhase};
use bloocard::tui::worker::Worker;
use crossterm::event::KeyCode;

use crate::loop_support::{Rig, app, demo_client, demo_server};
use crate::tui_support::{ch, ctrl, key, overlay_text};

fn posts(server: &DemoServer) -> usize {
    server
        .control()
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/contact-card"))
        .count()
}

/// The TUI on the demo, its share journals in `journals`, the picker open with the chats in.
async fn picker(server: &DemoServer, journals: &std::path::Path) -> Rig {
    let dir = journals.to_path_buf();
    let mut rig = Rig::new(app((120, 40)), |tx| {
        Worker::new(demo_client(server), None, tx).with_share_journals(Some(dir))
    });
    rig.start().await;
    let screen = rig.keys(vec![ctrl('p')]).await;
    assert!(screen.contains("Pick a chat"), "{screen}");
    rig
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marked_chats_are_staged_once_esc_sends_nothing_and_a_rerun_skips_them() {
    let server = demo_server().await;
    let journals = tempfile::tempdir().unwrap();
    let mut rig = picker(&server, journals.path()).await;
    let marks = vec![
        ch(' '),
        key(KeyCode::Down),
        ch(' '),
        key(KeyCode::Down),
        ch(' '),
    ];
    let screen = rig.keys(marks).await;
    assert!(screen.contains("Pick a chat · 3 marked"), "{screen}");
    let marked: Vec<String> = rig.app.picker().unwrap().marked.iter().cloned().collect();

    let screen = rig.keys(vec![ctrl('t')]).await;
    assert!(
        screen.contains("Stage your card in 3 marked chats"),
        "{screen}"
    );
    assert!(
        overlay_text(&screen).contains("Nothing is sent now: your card rides on the next message"),
        "{screen}"
    );
    let screen = rig.keys(vec![key(KeyCode::Esc)]).await;
    assert!(
        screen.contains("Pick a chat · 3 marked"),
        "back to the picker: {screen}"
    );
    assert_eq!(posts(&server), 0, "the plan and Esc send nothing");

    // Enter once the plan is in (before it, Enter only says the plan is still being read).
    rig.keys(vec![ctrl('t')]).await;
    let screen = rig.keys(vec![key(KeyCode::Enter)]).await;
    let share = rig.app.share().expect("the summary stays");
    assert_eq!(share.phase, SharePhase::Done, "{screen}");
    // One of the demo's newest three chats runs on the shared number, which cannot share.
    let failed: Vec<String> = share
        .rows
        .iter()
        .filter(|r| matches!(r.state, ChatState::Failed(_)))
        .map(|r| r.chat.id.clone())
        .collect();
    assert_eq!(failed, ["+12065550155"], "{screen}");
    assert!(screen.contains("Staged in 2 chats; 1 failed."), "{screen}");
    assert_eq!(posts(&server), 3);
    for id in marked.iter().filter(|id| !failed.contains(id)) {
        assert!(
            server.control().staged_share(id).is_some(),
            "{id} staged on the server"
        );
    }

    // The same selection again: the journal skips the staged two, only the failed one is left.
    let screen = rig.keys(vec![key(KeyCode::Esc), ctrl('t')]).await;
    let text = overlay_text(&screen);
    assert!(
        text.contains("Stage your card in 1 chat (1 phone). Nothing is sent now"),
        "{screen}"
    );
    assert!(
        text.contains(
            "2 chats are skipped: an earlier run of this selection staged your card there."
        ),
        "{screen}"
    );
    let rows: Vec<&str> = rig
        .app
        .share()
        .unwrap()
        .rows
        .iter()
        .map(|r| r.chat.id.as_str())
        .collect();
    assert_eq!(rows, ["+12065550155"]);
    rig.keys(vec![key(KeyCode::Enter)]).await;
    assert_eq!(posts(&server), 4, "a rerun sends only the failed one");
    assert_eq!(
        journals.path().read_dir().unwrap().count(),
        1,
        "one journal for the selection, as the CLI keeps"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_chats_meet_two_refusals_and_r_retries_only_those() {
    let server = demo_server().await;
    let journals = tempfile::tempdir().unwrap();
    let mut rig = picker(&server, journals.path()).await;
    let screen = rig.keys(vec![ctrl('t')]).await;
    let listed = rig.app.share().unwrap().rows.len();
    assert!(
        screen.contains(&format!("Stage your card in all {listed} chats")),
        "{screen}"
    );
    let screen = rig.keys(vec![key(KeyCode::Enter)]).await;
    let share = rig.app.share().unwrap();
    let failed: Vec<String> = share
        .rows
        .iter()
        .filter(|r| matches!(r.state, ChatState::Failed(_)))
        .map(|r| r.chat.id.clone())
        .collect();
    assert_eq!(
        failed.len(),
        2,
        "the chats on the shared and inbound numbers: {screen}"
    );
    assert!(
        screen.contains(&format!("Staged in {} chats; 2 failed.", listed - 2)),
        "{screen}"
    );
    assert!(
        screen.contains("✗ +12065550155  Blooio refused this request (HTTP 403"),
        "{screen}"
    );
    assert!(screen.contains("r retry failed"), "{screen}");
    assert_eq!(posts(&server), listed);

    let screen = rig.keys(vec![ch('r')]).await;
    assert!(
        screen.contains("Retried 2 chats: 0 staged, 2 failed."),
        "{screen}"
    );
    assert_eq!(posts(&server), listed + 2, "only the failed are sent again");
    let again: Vec<String> = server
        .control()
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .skip(listed)
        .map(|r| r.path)
        .collect();
    for path in &again {
        let encoded = |id: &String| id.replace('+', "%2B");
        assert!(
            failed
                .iter()
                .any(|id| path.contains(&encoded(id)) || path.contains(id.as_str())),
            "{path} was not a failed chat"
        );
    }
}

fn refuse_every_stage(server: &DemoServer, status: u16, code: &str) {
    server.control().push_fault(Fault {
        method: Some("POST".into()),
        path: Some("/contact-card".into()),
        times: 0,
        action: FaultAction::Status {
            status,
            code: Some(code.into()),
            message: None,
            retry_after: None,
        },
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_gated_refusals_stop_early_in_one_sentence() {
    let server = demo_server().await;
    let journals = tempfile::tempdir().unwrap();
    let mut rig = picker(&server, journals.path()).await;
    refuse_every_stage(&server, 403, "plan_not_supported");
    rig.keys(vec![ctrl('t')]).await;
    let listed = rig.app.share().unwrap().rows.len();
    let screen = rig.keys(vec![key(KeyCode::Enter)]).await;
    let text = overlay_text(&screen);
    assert!(
        text.contains("Stopped: Blooio refused the first "),
        "{screen}"
    );
    assert!(text.contains("sharing the contact card needs a Dedicated plan (Commercial or Enterprise), so the other"), "{screen}");
    assert!(
        posts(&server) < listed,
        "stopped before trying them all: {} of {listed}",
        posts(&server)
    );
    assert!(rig.app.share().unwrap().counts().not_started > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_active_number_stops_at_once() {
    let server = demo_server().await;
    let journals = tempfile::tempdir().unwrap();
    let mut rig = picker(&server, journals.path()).await;
    refuse_every_stage(&server, 503, "no_active_number");
    rig.keys(vec![ctrl('t')]).await;
    let listed = rig.app.share().unwrap().rows.len();
    let screen = rig.keys(vec![key(KeyCode::Enter)]).await;
    let text = overlay_text(&screen);
    assert!(
        text.contains("Stopped: no active number to stage the card with ("),
        "{screen}"
    );
    assert!(text.contains("press r once a number is online"), "{screen}");
    assert!(posts(&server) < listed, "{} of {listed}", posts(&server));
}
