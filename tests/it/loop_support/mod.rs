//! The one rig for the end-to-end TUI tests: the TUI's real loop (app, worker, optionally the
//! draft writer) on a `TestBackend` the size of the app, fed keys and run until they are used up
//! and nothing is in flight; and a demo backend with a client of it.

use bloocard::api::{Client, ClientOptions};
use bloocard::config::ApiKey;
use bloocard::demo::{DemoOptions, DemoServer};
use bloocard::tui::app::{App, AppConfig};
use bloocard::tui::draft::DraftWriter;
use bloocard::tui::msg::Msg;
use bloocard::tui::worker::Worker;
use bloocard::tui::{LoopExit, run_loop};
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::common::DEADLINE;

/// The TUI as `bloocard` runs it, on a `TestBackend`: the app, its worker, the loop's inbound
/// queue, and the draft writer when one is given.
pub struct Rig {
    pub app: App,
    pub worker: Worker,
    /// The queue's sending side, for a second worker on the same queue.
    pub tx: UnboundedSender<Msg>,
    rx: UnboundedReceiver<Msg>,
    pub term: Terminal<TestBackend>,
    pub drafts: Option<DraftWriter>,
    /// What the loop sets `App::now` from.
    pub clock: fn() -> DateTime<Utc>,
}

impl Rig {
    /// `app` on a terminal of its size (`app.size`), with the worker `worker` builds on the
    /// rig's queue; the wall clock, no draft writer.
    pub fn new(app: App, worker: impl FnOnce(UnboundedSender<Msg>) -> Worker) -> Rig {
        let (tx, rx) = unbounded_channel();
        let (cols, rows) = app.size;
        Rig {
            app,
            worker: worker(tx.clone()),
            tx,
            rx,
            term: Terminal::new(TestBackend::new(cols, rows)).unwrap(),
            drafts: None,
            clock: Utc::now,
        }
    }

    /// The app's first commands (the numbers, then the first card) run until all are answered;
    /// returns the screen.
    pub async fn start(&mut self) -> String {
        for cmd in self.app.init() {
            bloocard::tui::dispatch(cmd, &self.worker, None);
        }
        self.keys(Vec::new()).await
    }

    /// Presses `keys` and runs the loop until they are used up and every answer is in; returns
    /// the screen. Fails the test if that takes longer than [`DEADLINE`].
    pub async fn keys(&mut self, keys: Vec<KeyEvent>) -> String {
        let exit = self.run(keys).await;
        assert_eq!(exit, LoopExit::InputClosed, "{}", self.screen());
        self.screen()
    }

    /// As [`Rig::keys`], with `worker` running what the keys ask for (another worker on this
    /// rig's queue, from [`Rig::tx`]).
    pub async fn keys_with(&mut self, worker: &Worker, keys: Vec<KeyEvent>) -> String {
        let exit = drive(
            &mut self.term,
            &mut self.app,
            worker,
            self.drafts.as_ref(),
            &mut self.rx,
            self.clock,
            keys,
        )
        .await;
        assert_eq!(exit, LoopExit::InputClosed, "{}", self.screen());
        self.screen()
    }

    /// Runs the loop on `keys` until it ends, and says how it ended (`q`: `Quit`).
    pub async fn run(&mut self, keys: Vec<KeyEvent>) -> LoopExit {
        drive(
            &mut self.term,
            &mut self.app,
            &self.worker,
            self.drafts.as_ref(),
            &mut self.rx,
            self.clock,
            keys,
        )
        .await
    }

    pub fn screen(&self) -> String {
        self.term.backend().to_string()
    }
}

/// The real loop on `keys`, until it ends; fails the test after [`DEADLINE`].
async fn drive(
    term: &mut Terminal<TestBackend>,
    app: &mut App,
    worker: &Worker,
    drafts: Option<&DraftWriter>,
    rx: &mut UnboundedReceiver<Msg>,
    clock: fn() -> DateTime<Utc>,
    keys: Vec<KeyEvent>,
) -> LoopExit {
    let inputs = futures_util::stream::iter(
        keys.into_iter()
            .map(|k| Ok(Msg::Key(k)))
            .collect::<Vec<_>>(),
    );
    let run = run_loop(term, app, worker, drafts, rx, inputs, clock);
    match tokio::time::timeout(DEADLINE, run).await {
        Ok(exit) => exit.expect("the loop runs"),
        Err(_) => panic!(
            "the loop did not settle in {DEADLINE:?}: {} answers owed, numbers {:?}, card {:?}; \
             the screen:\n{}",
            worker.busy(),
            app.numbers.load,
            app.card.load,
            term.backend()
        ),
    }
}

/// The app as `bloocard` starts it (default config, the wall clock) at `size`.
pub fn app(size: (u16, u16)) -> App {
    let mut app = App::new(AppConfig::default(), Utc::now());
    app.size = size;
    app
}

/// The demo backend, recording the requests it receives.
pub async fn demo_server() -> DemoServer {
    DemoServer::start(DemoOptions {
        record_requests: true,
        ..DemoOptions::default()
    })
    .await
    .unwrap()
}

/// A client of `server` with its own key and the shipped options.
pub fn demo_client(server: &DemoServer) -> Client {
    Client::new(ClientOptions::new(
        server.base_url(),
        ApiKey::new(server.api_key()).unwrap(),
    ))
    .unwrap()
}
