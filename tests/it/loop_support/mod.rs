//! The TUI's real loop (app, worker, no drafts) on a `TestBackend`, run on some keys until they
//! are used up and nothing is in flight, and a client of the demo backend: what the end-to-end
//! TUI tests share.

use std::time::Duration;

use bloocard::api::{Client, ClientOptions};
use bloocard::config::ApiKey;
use bloocard::demo::DemoServer;
use bloocard::tui::app::App;
use bloocard::tui::msg::Msg;
use bloocard::tui::worker::Worker;
use bloocard::tui::{LoopExit, run_loop};
use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::UnboundedReceiver;

/// Feeds `keys` to the loop and runs it until the input ends and every answer is in; fails the
/// test if that takes longer than `limit`.
pub async fn settle(
    term: &mut Terminal<TestBackend>,
    app: &mut App,
    worker: &Worker,
    rx: &mut UnboundedReceiver<Msg>,
    keys: Vec<KeyEvent>,
    limit: Duration,
) {
    let inputs = futures_util::stream::iter(
        keys.into_iter()
            .map(|k| Ok(Msg::Key(k)))
            .collect::<Vec<_>>(),
    );
    let exit = tokio::time::timeout(
        limit,
        run_loop(term, app, worker, None, rx, inputs, chrono::Utc::now),
    )
    .await
    .expect("the loop settles")
    .expect("the loop runs");
    assert_eq!(exit, LoopExit::InputClosed);
}

/// A client of `server` with its own key and the shipped options.
pub fn demo_client(server: &DemoServer) -> Client {
    Client::new(ClientOptions::new(
        server.base_url(),
        ApiKey::new(server.api_key()).unwrap(),
    ))
    .unwrap()
}
