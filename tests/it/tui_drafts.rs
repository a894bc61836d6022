//! Drafts: unsaved edits reach a private file while the operator types, survive the app being
//! dropped mid-edit, and are offered back when the same number's card loads again.
//!
//! The async tests run on a paused tokio clock (`start_paused`): a wait for the writer's delay
//! takes no wall time and cannot come short on a loaded machine. The clock moves only when every
//! task waits on a timer; it stands still while a file is read or written (the writer does that
//! in `spawn_blocking`, which tokio counts as work), so each write is on disk before a wait ends.

use std::time::Duration;

use crate::loop_support::Rig;
use crate::tui_support::*;
use bloocard::api::{CardUpdateResponse, Client, ClientOptions, SendResponse};
use bloocard::config::ApiKey;
use bloocard::tui::app::{App, AppConfig, Modal};
use bloocard::tui::dispatch;
use bloocard::tui::draft::{
    CardDraft, ComposerDraft, DRAFT_DELAY, Draft, DraftOp, DraftStore, DraftWriter,
};
use bloocard::tui::msg::{Cmd, DraftCmd, Msg, ReqId, WorkerCmd};
use bloocard::tui::worker::Worker;
use crossterm::event::KeyCode;
use insta::assert_snapshot;
use tokio::sync::mpsc::unbounded_channel;

const NUMBER: &str = "+15551230001";
const BASE: &str = "https://backend.blooio.com/v2/api";

fn drafts_app() -> App {
    let mut app = App::new(
        AppConfig {
            drafts: true,
            ..Default::default()
        },
        now(),
    );
    app.size = (100, 30);
    app
}

fn draft_lookup(cmds: &[Cmd]) -> (ReqId, String) {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Draft(DraftCmd::Load { id, number }) => Some((*id, number.clone())),
            _ => None,
        })
        .expect("a LoadDraft command")
}

/// Numbers listed, John Doe's card read; returns the draft lookup that the card load asked for.
fn load_card(app: &mut App) -> (ReqId, String) {
    let cmds = app.init();
    let cmds = app.update(Msg::Numbers {
        id: numbers_id(&cmds),
        result: Ok(fixture_numbers()),
    });
    let (id, _) = card_request(&cmds);
    let cmds = app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", None)),
    });
    draft_lookup(&cmds)
}

fn saved_drafts(cmds: &[Cmd]) -> Vec<&Draft> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Draft(DraftCmd::Save { draft, after }) => {
                assert_eq!(*after, DRAFT_DELAY);
                Some(&**draft)
            }
            _ => None,
        })
        .collect()
}

#[test]
fn typing_asks_for_a_delayed_draft_write_and_saving_clears_it() {
    let mut app = drafts_app();
    let (id, number) = load_card(&mut app);
    assert_eq!(number, NUMBER);
    // Nothing is written before the stored draft has been looked at.
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    assert!(type_text(&mut app, "x").is_empty());
    feed(&mut app, [key(KeyCode::Backspace)]);
    assert!(app.update(Msg::Draft { id, draft: None }).is_empty());
    assert_eq!(app.modal, None);

    feed(&mut app, (0..4).map(|_| key(KeyCode::Backspace)));
    let cmds = type_text(&mut app, "Jane");
    let drafts = saved_drafts(&cmds);
    assert_eq!(drafts.len(), 4, "one request per change: {cmds:?}");
    let last = drafts[3];
    assert_eq!(last.number, NUMBER);
    assert_eq!(last.saved_at_ms, now().timestamp_millis());
    assert_eq!(
        last.card,
        CardDraft {
            first_name: Some("Jane".into()),
            ..Default::default()
        }
    );
    assert_eq!(last.composer, None);

    // The composer's unsent text joins the same draft.
    feed(
        &mut app,
        [key(KeyCode::Esc), key(KeyCode::Tab), key(KeyCode::Enter)],
    );
    type_text(&mut app, "+15557654321");
    feed(&mut app, [key(KeyCode::Down), ch('i')]);
    let cmds = type_text(&mut app, "hi");
    let drafts = saved_drafts(&cmds);
    assert_eq!(
        drafts.last().unwrap().composer,
        Some(ComposerDraft {
            chat: "+15557654321".into(),
            message: "hi".into(),
            ..Default::default()
        })
    );
    // Moving between fields changes nothing to keep.
    assert!(feed(&mut app, [key(KeyCode::Up), key(KeyCode::Down)]).is_empty());

    // Saving the card keeps only the message in the draft.
    feed(&mut app, [key(KeyCode::BackTab)]);
    let save = save_id(&feed(&mut app, [ctrl('s')]));
    let cmds = app.update(Msg::Saved {
        id: save,
        result: Ok(CardUpdateResponse {
            success: Some(true),
            first_name: Some("Jane".into()),
            last_name: Some("Doe".into()),
            ..Default::default()
        }),
    });
    let draft = saved_drafts(&cmds)[0].clone();
    assert!(draft.card.is_empty());
    assert!(draft.composer.is_some());
    // The re-read after the save does not offer the draft again.
    let (reread, _) = card_request(&cmds);
    let cmds = app.update(Msg::Card {
        id: reread,
        result: Ok(card("Jane", "Doe", None)),
    });
    assert!(cmds.is_empty(), "{cmds:?}");

    // Sending the message leaves nothing unsaved: the draft is removed.
    feed(&mut app, [key(KeyCode::Tab)]);
    let send = match feed(&mut app, [ctrl('s')]).as_slice() {
        [Cmd::Worker(WorkerCmd::Send { id, .. })] => *id,
        other => panic!("expected one Send, got {other:?}"),
    };
    let cmds = app.update(Msg::Sent {
        id: send,
        result: Ok(SendResponse {
            message_id: Some("m1".into()),
            status: Some("delivered".into()),
            ..Default::default()
        }),
    });
    assert!(
        cmds.contains(&Cmd::Draft(DraftCmd::Clear {
            number: NUMBER.into()
        })),
        "{cmds:?}"
    );
}

#[test]
fn reverting_clears_the_draft_and_a_confirmed_quit_discards_it() {
    let mut app = drafts_app();
    let (id, _) = load_card(&mut app);
    app.update(Msg::Draft { id, draft: None });
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    assert_eq!(saved_drafts(&type_text(&mut app, "ny")).len(), 2);
    assert!(
        feed(&mut app, [key(KeyCode::Esc)]).is_empty(),
        "Esc keeps the text"
    );
    let cmds = feed(&mut app, [ch('u')]);
    assert_eq!(
        cmds,
        vec![Cmd::Draft(DraftCmd::Clear {
            number: NUMBER.into()
        })]
    );

    feed(&mut app, [ch('i')]);
    type_text(&mut app, "!");
    assert!(feed(&mut app, [ctrl('c')]).is_empty(), "asks first");
    let cmds = feed(&mut app, [ch('y')]);
    assert_eq!(
        cmds,
        vec![Cmd::Draft(DraftCmd::Clear {
            number: NUMBER.into()
        })],
        "\"Quit and lose them?\" answered yes: the draft goes too"
    );
    assert_eq!(app.exit, Some(bloocard::tui::app::Exit::Quit));
}

#[test]
fn drafts_off_means_no_draft_commands() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    assert!(type_text(&mut app, "ny").is_empty());
}

fn sample_draft() -> Draft {
    Draft {
        number: NUMBER.into(),
        saved_at_ms: now().timestamp_millis() - 5 * 60_000,
        card: CardDraft {
            first_name: Some("Jane".into()),
            sharing: Some(false),
            name_format: Some(bloocard::api::NameFormat::FirstOnly),
            ..Default::default()
        },
        composer: Some(ComposerDraft {
            chat: "+15557654321".into(),
            message: "See you at 5".into(),
            ..Default::default()
        }),
    }
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn store_writes_private_files_atomically_and_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("state/bloocard/drafts");
    let store = DraftStore::new(dir.clone(), BASE);
    let draft = sample_draft();
    store.save(&draft).unwrap();

    let path = store.path(NUMBER);
    assert_eq!(path, dir.join("backend.blooio.com_15551230001.json"));
    #[cfg(unix)]
    {
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir), 0o700);
    }
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temp file left behind: {names:?}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"host\": \"backend.blooio.com\""), "{text}");
    assert_eq!(store.load(NUMBER), Some(draft.clone()));

    // Overwriting replaces the whole file.
    let mut newer = draft.clone();
    newer.card.first_name = Some("Janet".into());
    store.save(&newer).unwrap();
    assert_eq!(store.load(NUMBER), Some(newer));

    // The demo's drafts are not offered against the real server, even with the same file name.
    let demo = DraftStore::new(dir.clone(), "http://127.0.0.1:4567/v2/api");
    assert_eq!(demo.load(NUMBER), None);
    let renamed = dir.join(
        demo.path(NUMBER)
            .file_name()
            .map(std::path::PathBuf::from)
            .unwrap(),
    );
    std::fs::copy(&path, &renamed).unwrap();
    assert_eq!(demo.load(NUMBER), None, "the host inside the file counts");

    store.clear(NUMBER).unwrap();
    assert!(!path.exists());
    assert_eq!(store.load(NUMBER), None);
    store.clear(NUMBER).unwrap();
}

#[test]
fn a_corrupt_draft_file_is_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let store = DraftStore::new(tmp.path().to_path_buf(), BASE);
    std::fs::write(
        store.path(NUMBER),
        b"{\"host\": \"backend.blooio.com\", \"numb",
    )
    .unwrap();
    assert_eq!(store.load(NUMBER), None);
    // And the next write replaces it.
    store.save(&sample_draft()).unwrap();
    assert_eq!(store.load(NUMBER), Some(sample_draft()));
}

fn offline_client() -> Client {
    // Draft commands never reach the network; nothing listens here.
    Client::new(ClientOptions::new(
        "http://127.0.0.1:9",
        ApiKey::new("test-key-not-used").unwrap(),
    ))
    .unwrap()
}

#[tokio::test(start_paused = true)]
async fn writer_delays_writes_keeps_the_last_and_a_clear_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let store = DraftStore::new(tmp.path().to_path_buf(), BASE);
    let writer = DraftWriter::spawn(store.clone());
    let mut first = sample_draft();
    first.card.first_name = Some("J".into());
    writer.send(DraftOp::Save {
        draft: Box::new(first),
        after: Duration::from_millis(100),
    });
    writer.send(DraftOp::Save {
        draft: Box::new(sample_draft()),
        after: Duration::from_millis(100),
    });
    // Not yet on disk, but a lookup sees the pending one.
    let (tx, rx) = tokio::sync::oneshot::channel();
    writer.send(DraftOp::Load {
        number: NUMBER.into(),
        reply: Box::new(move |d| {
            let _ = tx.send(d);
        }),
    });
    assert_eq!(rx.await.unwrap(), Some(sample_draft()));
    assert!(!store.path(NUMBER).exists());
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        store.load(NUMBER),
        Some(sample_draft()),
        "the last one wins"
    );

    writer.send(DraftOp::Save {
        draft: Box::new(sample_draft()),
        after: Duration::from_millis(100),
    });
    writer.send(DraftOp::Clear {
        number: NUMBER.into(),
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !store.path(NUMBER).exists(),
        "the pending write was dropped"
    );

    writer.send(DraftOp::Save {
        draft: Box::new(sample_draft()),
        after: Duration::from_secs(3600),
    });
    writer.flush().await;
    assert_eq!(store.load(NUMBER), Some(sample_draft()), "flush writes now");
}

/// The test: edit, the app goes away without saving, start again, the draft is offered.
#[tokio::test(start_paused = true)]
async fn a_draft_survives_the_app_dropped_mid_edit_and_is_offered_back() {
    let tmp = tempfile::tempdir().unwrap();
    let store = DraftStore::new(tmp.path().join("drafts"), BASE);

    {
        let (tx, _rx) = unbounded_channel();
        let worker = Worker::new(offline_client(), None, tx);
        let writer = DraftWriter::spawn(store.clone());
        let mut app = drafts_app();
        let (id, _) = load_card(&mut app);
        app.update(Msg::Draft { id, draft: None });
        let mut cmds = feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
        cmds.extend(feed(&mut app, (0..4).map(|_| key(KeyCode::Backspace))));
        cmds.extend(type_text(&mut app, "Jane"));
        cmds.extend(feed(
            &mut app,
            [
                key(KeyCode::Down),
                key(KeyCode::Down),
                ch(' '),
                key(KeyCode::Tab),
                key(KeyCode::Enter),
            ],
        ));
        cmds.extend(type_text(&mut app, "+15557654321"));
        cmds.extend(feed(&mut app, [key(KeyCode::Down), ch('i')]));
        cmds.extend(type_text(&mut app, "See you at 5"));
        // As the loop does: draft commands straight to the writer, not through the worker.
        for cmd in cmds {
            dispatch(cmd, &worker, Some(&writer));
        }
        // The write happens on its own once the delay has passed, before any exit.
        tokio::time::sleep(DRAFT_DELAY * 3).await;
        assert!(store.path(NUMBER).exists(), "written while still editing");
        // The process dies here: no save, no quit, no flush.
        std::mem::forget(worker);
        std::mem::forget(writer);
        drop(app);
    }

    let (tx, mut rx) = unbounded_channel();
    let worker = Worker::new(offline_client(), None, tx);
    let writer = DraftWriter::spawn(store);
    let mut app = drafts_app();
    let (id, number) = load_card(&mut app);
    // Started again a few minutes after the crash.
    app.now = now() + chrono::Duration::minutes(5);
    dispatch(
        Cmd::Draft(DraftCmd::Load { id, number }),
        &worker,
        Some(&writer),
    );
    assert_eq!(worker.busy(), 1, "the lookup is owed to the loop");
    let msg = rx.recv().await.unwrap();
    worker.received();
    assert_eq!(worker.busy(), 0);
    assert_eq!(app.update(msg), Vec::new());
    let Some(Modal::Restore(draft)) = &app.modal else {
        panic!("the draft is offered: {:?}", app.modal);
    };
    assert_eq!(draft.card.first_name.as_deref(), Some("Jane"));
    assert_eq!(draft.card.sharing, Some(false));
    assert!(!app.card.is_dirty(), "nothing applied before the answer");
    assert_snapshot!(render(&app, 100, 30));

    let cmds = feed(&mut app, [ch('y')]);
    assert_eq!(app.modal, None);
    assert!(app.card.first_dirty() && app.card.sharing_dirty());
    assert!(!app.card.last_dirty());
    assert_eq!(app.card.first.text(), "Jane");
    assert_eq!(app.card.edits.sharing, Some(false));
    assert_eq!(app.composer.message.text(), "See you at 5");
    assert_eq!(app.composer.chat.text(), "+15557654321");
    // What is on screen is the draft again, so it is written again (and saved normally).
    assert_eq!(saved_drafts(&cmds).len(), 1, "{cmds:?}");
    assert!(matches!(
        feed(&mut app, [ctrl('s')]).as_slice(),
        [Cmd::Worker(WorkerCmd::SaveCard { .. })]
    ));
}

#[test]
fn discarding_the_offer_removes_the_draft_and_not_now_keeps_it() {
    let mut app = drafts_app();
    let (id, _) = load_card(&mut app);
    app.update(Msg::Draft {
        id,
        draft: Some(sample_draft()),
    });
    assert!(matches!(app.modal, Some(Modal::Restore(_))));
    // Keys other than the answers do nothing while asked.
    assert!(feed(&mut app, [ch('x'), key(KeyCode::Tab)]).is_empty());
    assert_eq!(
        feed(&mut app, [ch('d')]),
        vec![Cmd::Draft(DraftCmd::Clear {
            number: NUMBER.into()
        })]
    );
    assert!(!app.card.is_dirty());

    let mut app = drafts_app();
    let (id, _) = load_card(&mut app);
    app.update(Msg::Draft {
        id,
        draft: Some(sample_draft()),
    });
    assert!(feed(&mut app, [key(KeyCode::Esc)]).is_empty());
    assert_eq!(app.modal, None);
    assert!(!app.card.is_dirty());
}

/// The real loop hands the draft lookup to the writer itself (no worker in between) and, with its
/// input already ended, still waits for the answer: the stored draft is offered before it stops.
#[tokio::test(start_paused = true)]
async fn the_loop_hands_a_lookup_to_the_writer_and_waits_for_its_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let store = DraftStore::new(tmp.path().to_path_buf(), BASE);
    store.save(&sample_draft()).unwrap();
    let mut app = drafts_app();
    let (id, number) = load_card(&mut app);
    let mut rig = Rig::new(app, |tx| Worker::new(offline_client(), None, tx));
    rig.drafts = Some(DraftWriter::spawn(store));
    rig.clock = now;
    dispatch(
        Cmd::Draft(DraftCmd::Load { id, number }),
        &rig.worker,
        rig.drafts.as_ref(),
    );
    // The loop ends (its input already has) only once the answer is in.
    rig.keys(Vec::new()).await;
    assert_eq!(rig.worker.busy(), 0);
    assert!(
        matches!(&rig.app.modal, Some(Modal::Restore(d)) if **d == sample_draft()),
        "the stored draft is offered: {:?}",
        rig.app.modal
    );
}
