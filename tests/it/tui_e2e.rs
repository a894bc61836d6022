//! End to end: the real event loop and worker against the embedded demo backend, drawn on a
//! `TestBackend`, driven by scripted keys. Checks the backend's state, not just the screen.

use bloocard::tui::LoopExit;
use bloocard::tui::capabilities::Graphics;
use bloocard::tui::msg::{Msg, WorkerCmd};
use bloocard::tui::worker::Worker;
use crossterm::event::KeyCode;
use tokio::sync::mpsc::unbounded_channel;

use crate::common::DEADLINE;
use crate::loop_support::{Rig, app, demo_client, demo_server};
use crate::tui_support::{ch, ctrl, key, typed};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_a_name_save_and_the_backend_has_it() {
    let server = demo_server().await;
    let mut rig = Rig::new(app((100, 30)), |tx| {
        Worker::new(demo_client(&server), Some(Graphics::halfblocks("test")), tx)
    });

    // No keys yet: the loop returns once the numbers, the first card and its avatar are in.
    let screen = rig.start().await;
    let number = rig
        .app
        .card
        .number
        .clone()
        .expect("the first number's card is open");
    let before = server.control().card(&number).unwrap();
    let first = before["first_name"].as_str().unwrap().to_owned();
    assert_eq!(rig.app.card.first.text(), first);
    assert!(screen.contains(&first), "{screen}");

    // Tab to the card, replace the first name, Ctrl-S.
    let mut script = vec![key(KeyCode::Tab), key(KeyCode::Enter)];
    script.extend((0..first.chars().count()).map(|_| key(KeyCode::Backspace)));
    script.extend(typed("Mira"));
    script.push(ctrl('s'));
    // The save and re-read finish.
    let screen = rig.keys(script).await;

    let after = server.control().card(&number).unwrap();
    assert_eq!(after["first_name"], "Mira");
    assert_eq!(
        after["last_name"], before["last_name"],
        "only the changed field was sent"
    );
    assert!(
        !rig.app.card.is_dirty(),
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
    assert!(screen.contains("Mira"), "{screen}");
    assert!(!screen.contains("*modified"), "{screen}");

    // Back to the number list (outside the pane, nothing is being edited), then q quits: nothing unsaved.
    let exit = rig.run(vec![key(KeyCode::BackTab), ch('q')]).await;
    assert_eq!(exit, LoopExit::Quit);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn card_read_disabled_still_lets_the_operator_set_a_name() {
    let server = demo_server().await;
    server.control().set_card_read_disabled(true);
    let mut rig = Rig::new(app((100, 30)), |tx| {
        Worker::new(demo_client(&server), None, tx)
    });
    let mut script = vec![key(KeyCode::Tab), key(KeyCode::Enter)];
    script.extend(typed("Zoe"));
    script.push(ctrl('s'));
    // Let the numbers and the failed read arrive first.
    let screen = rig.start().await;
    assert!(screen.contains("Card could not be read"), "{screen}");
    let number = rig.app.card.number.clone().unwrap();
    rig.keys(script).await;
    assert_eq!(server.control().card(&number).unwrap()["first_name"], "Zoe");
    assert!(
        !rig.app.card.is_dirty(),
        "what was sent is the baseline even though reads fail"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_prepares_a_photo_and_writes_an_avatar_file() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.png");
    image::RgbImage::from_fn(300, 200, |x, _| image::Rgb([x as u8, 80, 160]))
        .save(&input)
        .unwrap();
    let (tx, mut rx) = unbounded_channel();
    let worker = Worker::new(demo_client(&server), Some(Graphics::halfblocks("test")), tx);
    worker.start(WorkerCmd::PreparePhoto {
        id: 7,
        path: input,
        cells: (16, 8),
    });
    let photo = match tokio::time::timeout(DEADLINE, rx.recv()).await.unwrap() {
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
    worker.start(WorkerCmd::WriteAvatar {
        base64: photo.base64.clone(),
        path: out.clone(),
        overwrite: false,
    });
    match tokio::time::timeout(DEADLINE, rx.recv()).await.unwrap() {
        Some(Msg::AvatarWritten { result: Ok(path) }) => assert_eq!(path, out),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&out).unwrap(), jpeg);

    // A second write to the same path leaves the file alone and says it exists; only an
    // explicit overwrite (after the operator said yes) replaces it.
    std::fs::write(&out, b"keep me").unwrap();
    let write = |overwrite| WorkerCmd::WriteAvatar {
        base64: photo.base64.clone(),
        path: out.clone(),
        overwrite,
    };
    worker.start(write(false));
    match tokio::time::timeout(DEADLINE, rx.recv()).await.unwrap() {
        Some(Msg::AvatarFileExists { path }) => assert_eq!(path, out),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
    worker.start(write(true));
    match tokio::time::timeout(DEADLINE, rx.recv()).await.unwrap() {
        Some(Msg::AvatarWritten { result: Ok(path) }) => assert_eq!(path, out),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&out).unwrap(), jpeg);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_completes_paths_from_the_file_system() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("face-a.png"), b"x").unwrap();
    std::fs::write(dir.path().join("face-b.jpg"), b"x").unwrap();
    std::fs::create_dir(dir.path().join("faces")).unwrap();
    std::fs::write(dir.path().join(".face-hidden"), b"x").unwrap();
    let (tx, mut rx) = unbounded_channel();
    let worker = Worker::new(demo_client(&server), None, tx);
    let typed = format!("{}/fa", dir.path().display());
    worker.start(WorkerCmd::CompletePath {
        id: 1,
        typed: typed.clone(),
    });
    match tokio::time::timeout(DEADLINE, rx.recv()).await.unwrap() {
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
