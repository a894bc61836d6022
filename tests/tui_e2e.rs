//! End to end: the real event loop and worker against the embedded demo backend, drawn on a
//! `TestBackend`, driven by scripted keys. Checks the backend's state, not just the screen.

use bloocard::api::{Client, ClientOptions};
use bloocard::config::ApiKey;
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
        port: 0,
        faults: false,
        api_key: None,
    })
    .await
    .unwrap();
    let client = Client::new(ClientOptions::new(
        server.base_url(),
        ApiKey::new(server.api_key()).unwrap(),
    ))
    .unwrap();
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
    let mut script = vec![press(KeyCode::Tab)];
    script.extend((0..first.chars().count()).map(|_| press(KeyCode::Backspace)));
    script.extend("Mira".chars().map(|c| press(KeyCode::Char(c))));
    script.push(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let exit = tokio::time::timeout(
        LIMIT,
        run_loop(
            &mut terminal,
            &mut app,
            &worker,
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

    // Back to the number list (q would type into the name field), then q quits: nothing unsaved.
    let quit = keys([press(KeyCode::BackTab), press(KeyCode::Char('q'))]);
    let exit = tokio::time::timeout(
        LIMIT,
        run_loop(&mut terminal, &mut app, &worker, &mut rx, quit, Utc::now),
    )
    .await
    .expect("quits")
    .unwrap();
    assert_eq!(exit, LoopExit::Quit);
    server.shutdown().await;
}
