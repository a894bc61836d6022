//! End to end: the real event loop and worker against the embedded demo backend, drawn on a
//! `TestBackend`, driven by scripted keys. Checks the backend's state, not just the screen.

use crate::loop_support;

use bloocard::demo::{DemoOptions, DemoServer};
use bloocard::tui::app::{App, AppConfig};
use bloocard::tui::msg::Msg;
use bloocard::tui::worker::Worker;
use bloocard::tui::{LoopExit, run_loop};
use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use futures_util::stream;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_image::picker::Picker;
use tokio::sync::mpsc::unbounded_channel;

fn keys(
    codes: impl IntoIterator<Item = KeyEvent>,
) -> impl futures_util::Stream<Item = std::io::Result<Msg>> + Unpin {
    stream::iter(
        codes
            .into_iter()
            .map(|k| Ok(Msg::Key(k)))
            .collect::<Vec<_>>(),
    )
}

/// A stuck loop fails the test instead of hanging it.
const LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_a_name_save_and_the_backend_has_it() {
    let server = DemoServer::start(DemoOptions {
        record_requests: true,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let client = loop_support::demo_client(&server);
    let (tx, mut rx) = unbounded_channel();
    let worker = Worker::new(client, Some(Picker::halfblocks()), tx);
    let mut app = App::new(AppConfig::default(), Utc::now());
    app.size = (100, 30);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    for cmd in app.init() {
        worker.dispatch(cmd);
    }

    // No keys yet: the loop returns once the numbers, the first card and its avatar are in.
    let exit = tokio::time::timeout(
        LIMIT,
        run_loop(
            &mut terminal,
            &mut app,
            &worker,
            None,
            &mut rx,
            keys([]),
            Utc::now,
        ),
    )
    .await
    .unwrap_or_else(|_| {
        panic!(
            "stuck loading: busy={} numbers={:?} card={:?}",
            worker.busy(),
            app.numbers.load,
            app.card.load
        )
    })
    .unwrap();
    assert_eq!(exit, LoopExit::InputClosed);
    let number = app
        .card
        .number
        .clone()
        .expect("the first number's card is open");
    let before = server.control().card(&number).unwrap();
    let first = before["first_name"].as_str().unwrap().to_owned();
    assert_eq!(app.card.first.text(), first);
    let screen = terminal.backend().to_string();
    assert!(screen.contains(&first), "{screen}");

    // Tab to the card, replace the first name, Ctrl-S.
    let mut script = vec![press(KeyCode::Tab), press(KeyCode::Enter)];
    script.extend((0..first.chars().count()).map(|_| press(KeyCode::Backspace)));
    script.extend("Mira".chars().map(|c| press(KeyCode::Char(c))));
    script.push(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let exit = tokio::time::timeout(
        LIMIT,
        run_loop(
            &mut terminal,
            &mut app,
            &worker,
            None,
            &mut rx,
            keys(script),
            Utc::now,
        ),
    )
    .await
    .expect("the save and re-read finish")
    .unwrap();
    assert_eq!(exit, LoopExit::InputClosed);

    let after = server.control().card(&number).unwrap();
    assert_eq!(after["first_name"], "Mira");
    assert_eq!(
        after["last_name"], before["last_name"],
        "only the changed field was sent"
    );
    assert!(
        !app.card.is_dirty(),
        "the re-read card matches what was saved"
    );
    let puts: Vec<_> = server
        .control()
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 1);
    assert_eq!(
        puts[0].body,
        Some(serde_json::json!({ "first_name": "Mira" }))
    );
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Mira"), "{screen}");
    assert!(!screen.contains("*modified"), "{screen}");

    // Back to the number list (outside the pane, nothing is being edited), then q quits: nothing unsaved.
    let quit = keys([press(KeyCode::BackTab), press(KeyCode::Char('q'))]);
    let exit = tokio::time::timeout(
        LIMIT,
        run_loop(
            &mut terminal,
            &mut app,
            &worker,
            None,
            &mut rx,
            quit,
            Utc::now,
        ),
    )
    .await
    .expect("quits")
    .unwrap();
    assert_eq!(exit, LoopExit::Quit);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn card_read_disabled_still_lets_the_operator_set_a_name() {
    let server = DemoServer::start(DemoOptions {
        record_requests: true,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    server.control().set_card_read_disabled(true);
    let (tx, mut rx) = unbounded_channel();
    let worker = Worker::new(loop_support::demo_client(&server), None, tx);
    let mut app = App::new(AppConfig::default(), Utc::now());
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    for cmd in app.init() {
        worker.dispatch(cmd);
    }
    let mut script = vec![press(KeyCode::Tab), press(KeyCode::Enter)];
    script.extend("Zoe".chars().map(|c| press(KeyCode::Char(c))));
    script.push(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    // Let the numbers and the failed read arrive first.
    tokio::time::timeout(
        LIMIT,
        run_loop(
            &mut terminal,
            &mut app,
            &worker,
            None,
            &mut rx,
            keys([]),
            Utc::now,
        ),
    )
    .await
    .expect("loads")
    .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Card could not be read"), "{screen}");
    let number = app.card.number.clone().unwrap();
    tokio::time::timeout(
        LIMIT,
        run_loop(
            &mut terminal,
            &mut app,
            &worker,
            None,
            &mut rx,
            keys(script),
            Utc::now,
        ),
    )
    .await
    .expect("saves")
    .unwrap();
    assert_eq!(server.control().card(&number).unwrap()["first_name"], "Zoe");
    assert!(
        !app.card.is_dirty(),
        "what was sent is the baseline even though reads fail"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_prepares_a_photo_and_writes_an_avatar_file() {
    let server = DemoServer::start(DemoOptions {
        record_requests: true,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.png");
    image::RgbImage::from_fn(300, 200, |x, _| image::Rgb([x as u8, 80, 160]))
        .save(&input)
        .unwrap();
    let (tx, mut rx) = unbounded_channel();
    let worker = Worker::new(
        loop_support::demo_client(&server),
        Some(Picker::halfblocks()),
        tx,
    );
    worker.dispatch(bloocard::tui::msg::Cmd::PreparePhoto {
        id: 7,
        path: input,
        cells: (16, 8),
    });
    let photo = match tokio::time::timeout(LIMIT, rx.recv()).await.unwrap() {
        Some(Msg::PhotoPrepared {
            id: 7,
            result: Ok(photo),
        }) => photo,
        other => panic!("{other:?}"),
    };
    let jpeg = bloocard::avatar::decode_base64(&photo.base64).unwrap();
    let info = bloocard::avatar::inspect(&jpeg).unwrap();
    assert_eq!((info.format, info.width, info.height), ("JPEG", 500, 500));
    assert!(photo.preview.image.is_some());
    assert!(photo.report.contains("PNG 300×200"), "{}", photo.report);

    let out = dir.path().join("out.jpg");
    worker.dispatch(bloocard::tui::msg::Cmd::WriteAvatar {
        base64: photo.base64.clone(),
        path: out.clone(),
        overwrite: false,
    });
    match tokio::time::timeout(LIMIT, rx.recv()).await.unwrap() {
        Some(Msg::AvatarWritten { result: Ok(path) }) => assert_eq!(path, out),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&out).unwrap(), jpeg);

    // A second write to the same path leaves the file alone and says it exists; only an
    // explicit overwrite (after the operator said yes) replaces it.
    std::fs::write(&out, b"keep me").unwrap();
    let write = |overwrite| bloocard::tui::msg::Cmd::WriteAvatar {
        base64: photo.base64.clone(),
        path: out.clone(),
        overwrite,
    };
    worker.dispatch(write(false));
    match tokio::time::timeout(LIMIT, rx.recv()).await.unwrap() {
        Some(Msg::AvatarFileExists { path }) => assert_eq!(path, out),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
    worker.dispatch(write(true));
    match tokio::time::timeout(LIMIT, rx.recv()).await.unwrap() {
        Some(Msg::AvatarWritten { result: Ok(path) }) => assert_eq!(path, out),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&out).unwrap(), jpeg);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_completes_paths_from_the_file_system() {
    let server = DemoServer::start(DemoOptions {
        record_requests: true,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("face-a.png"), b"x").unwrap();
    std::fs::write(dir.path().join("face-b.jpg"), b"x").unwrap();
    std::fs::create_dir(dir.path().join("faces")).unwrap();
    std::fs::write(dir.path().join(".face-hidden"), b"x").unwrap();
    let (tx, mut rx) = unbounded_channel();
    let worker = Worker::new(loop_support::demo_client(&server), None, tx);
    let typed = format!("{}/fa", dir.path().display());
    worker.dispatch(bloocard::tui::msg::Cmd::CompletePath {
        id: 1,
        typed: typed.clone(),
    });
    match tokio::time::timeout(LIMIT, rx.recv()).await.unwrap() {
        Some(Msg::Completions {
            id: 1,
            typed: t,
            result: Ok(found),
        }) => {
            assert_eq!(t, typed);
            let base = dir.path().display().to_string();
            assert_eq!(
                found,
                vec![
                    format!("{base}/face-a.png"),
                    format!("{base}/face-b.jpg"),
                    format!("{base}/faces/")
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    server.shutdown().await;
}
