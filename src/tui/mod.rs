//! The full-screen TUI: three panes (numbers, card editor, composer) over an async worker.
//!
//! Shape (see `shared/design.md`): one inbound queue of `Msg`s (input, worker results, a tick only
//! while something animates) feeds the pure `App::update`, whose `Cmd`s the worker runs; the
//! screen is redrawn from `App` after the queue is drained.

pub mod app;
pub mod capabilities;
pub mod draft;
pub mod event;
pub mod fleet_jobs;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod msg;
pub mod preview;
pub mod replies;
pub mod share_jobs;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod update;
pub mod worker;

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::api::Client;
use app::{App, AppConfig, Exit};
use draft::{DraftOp, DraftWriter};
use msg::{Cmd, DraftCmd, Msg};
use replies::Replies;
use worker::Worker;

/// How the avatar preview is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ImageMode {
    /// The terminal's own protocol, as it answers when asked (kitty, iTerm2, sixel; inside tmux,
    /// tmux's sixel or the outer terminal's through passthrough), else half blocks. The first
    /// frame does not wait for the answer, and no key is lost to it.
    // (`--help` shows the lines above: no module names there; `capabilities/` has the rules.)
    #[default]
    Auto,
    /// Unicode half blocks: works everywhere colour does.
    Halfblocks,
    /// The kitty graphics protocol (kitty, Ghostty; in tmux through passthrough).
    Kitty,
    /// Sixel graphics (foot, mlterm, xterm -ti vt340, Windows Terminal 1.22+…).
    Sixel,
    /// The iTerm2 inline-image protocol (iTerm2, WezTerm, mintty, VS Code…).
    Iterm2,
    /// No image; pixel size and bytes are still shown.
    Off,
}

#[derive(Clone, Debug, Default)]
pub struct TuiOptions {
    pub image: ImageMode,
    pub mouse: bool,
    /// Preselect this number (`BLOOIO_FROM_NUMBER`, else the profile's `from_number`).
    pub from_number: Option<String>,
    /// The profile in use (`--profile`, `BLOOCARD_PROFILE` or `default_profile`), for the title.
    pub profile: Option<String>,
    /// Where unsaved edits are kept against a crash (`draft::default_dir()`); `None`: no drafts.
    pub drafts_dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("the terminal could not be set up or drawn ({0})")]
    Terminal(io::Error),
    #[error("reading keyboard input failed ({0})")]
    Input(io::Error),
}

/// Why `run_loop` returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopExit {
    Quit,
    Suspend,
    /// The input stream ended and nothing was left in flight (tests end scripts this way).
    InputClosed,
}

/// Set (to anything) in the environment, the TUI panics on its first input event. Only
/// `tests/it/terminal_pty.rs` sets it, to check that a panic leaves the terminal usable. Compiled
/// only with the `test-hooks` feature, which the tests turn on (Cargo.toml's self dev-dependency).
#[cfg(feature = "test-hooks")]
pub const TEST_PANIC_VAR: &str = "BLOOCARD_TEST_PANIC";

/// Frame rate of spinners; the tick only runs while `App::animating()`.
const TICK: Duration = Duration::from_millis(120);

/// Runs the TUI until the operator quits. The terminal is restored however this returns.
pub async fn run(client: Client, options: TuiOptions) -> Result<Ending, TuiError> {
    let mut stop = terminal::StopSignals::new().map_err(TuiError::Terminal)?;
    let mut term = terminal::enter(options.mouse).map_err(TuiError::Terminal)?;
    let no_color = theme::no_color_from_env();
    let in_tmux = capabilities::env::in_tmux(|name| std::env::var(name).ok());
    let graphics = first_graphics(options.image, no_color, in_tmux);
    // `--image halfblocks` asked for explicitly under NO_COLOR: the picture is nothing but colour,
    // so colour stays on for it (the rest of the screen is drawn without, see `ui::render`).
    let avatar_colour = no_color && options.image == ImageMode::Halfblocks;
    if avatar_colour {
        crossterm::style::force_color_output(true);
    }
    let images_off = graphics.is_none();
    let (tx, mut rx) = unbounded_channel();
    let drafts = options
        .drafts_dir
        .clone()
        .map(|dir| DraftWriter::spawn(draft::DraftStore::new(dir, client.base_url())));
    let worker = Worker::new(client, graphics.clone(), tx);
    let mut app = App::new(
        AppConfig {
            from_number: options.from_number.clone(),
            mouse: options.mouse,
            images_off,
            drafts: drafts.is_some(),
            no_color,
            avatar_colour,
            home: crate::paths::home(),
            key_seed: uuid::Uuid::new_v4().as_u128(),
            profile: options.profile.clone(),
        },
        Utc::now(),
    );
    let input_plan = InputPlan::new(options.image, graphics.as_ref());
    app.graphics = graphics;
    let mut session: Option<Session> = None;
    let result = async {
        let size = term.size().map_err(TuiError::Terminal)?;
        app.size = (size.width, size.height);
        for cmd in app.init() {
            dispatch(cmd, &worker, drafts.as_ref());
        }
        // The first frame from the environment, then (same tick) the questions to the terminal.
        // One input stream for the whole run, kept across Ctrl-Z. Keys typed before it starts
        // wait in the terminal driver and are read first; answers never become keys.
        term.draw(|f| ui::render(&app, f))
            .map_err(TuiError::Terminal)?;
        let mut events = event::with_test_hooks(input_plan.start(&worker, &mut session)?);
        loop {
            let inputs = &mut events;
            let exit = tokio::select! {
                exit = run_loop(&mut term, &mut app, &worker, drafts.as_ref(), &mut rx, inputs, Utc::now) => exit?,
                signal = stop.recv() => {
                    tracing::info!(signal = signal.name, "stopped by a signal; restoring the terminal");
                    return Ok(Ending::Signal(signal));
                }
            };
            match exit {
                LoopExit::Suspend => {
                    pause_input(session.as_ref(), true);
                    terminal::suspend(&mut term, options.mouse).map_err(TuiError::Terminal)?;
                    pause_input(session.as_ref(), false);
                }
                LoopExit::Quit | LoopExit::InputClosed => return Ok(Ending::Quit),
            }
        }
    }
    .await;
    // A draft still waiting for its delay is written now, not lost with the runtime.
    if let Some(drafts) = &drafts {
        drafts.flush().await;
    }
    #[cfg(unix)]
    if let Some(session) = &session {
        session.finish().await;
    }
    let restored = terminal::restore(options.mouse).map_err(TuiError::Terminal);
    let ending = result?;
    restored.map(|()| ending)
}

/// How the TUI ended: the operator quit (or input closed), or a signal stopped it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    Signal(terminal::StopSignal),
}

/// What draws the avatar from the first frame on: the named protocol, or (`auto`) what the
/// environment names until the terminal answers. Half blocks are nothing but colour, so under
/// NO_COLOR (which crossterm also honours by dropping every colour it writes) only a real
/// graphics protocol shows the avatar.
fn first_graphics(
    mode: ImageMode,
    no_color: bool,
    in_tmux: bool,
) -> Option<capabilities::Graphics> {
    use capabilities::{Graphics, Protocol, forced};
    let graphics = match mode {
        ImageMode::Off => None,
        ImageMode::Halfblocks => Some(Graphics::halfblocks("half blocks (asked for with --image)")),
        ImageMode::Auto => {
            let detected = capabilities::env::detect(|name| std::env::var(name).ok());
            Some(capabilities::env::graphics(
                detected,
                capabilities::winsize_cell(),
            ))
        }
        ImageMode::Kitty => Some(forced(Protocol::KittyDirect, in_tmux)),
        ImageMode::Sixel => Some(forced(Protocol::Sixel, in_tmux)),
        ImageMode::Iterm2 => Some(forced(Protocol::Iterm2, in_tmux)),
    };
    if let Some(g) = &graphics {
        tracing::info!(graphics = %g, "terminal graphics at start");
    }
    // An explicit `--image halfblocks` is honoured: the operator asked for it.
    graphics
        .filter(|g| !(no_color && mode == ImageMode::Auto && g.protocol == Protocol::Halfblocks))
}

/// The input session that reads the terminal (Unix); Windows has crossterm's stream alone.
#[cfg(unix)]
type Session = input::InputSession;
#[cfg(not(unix))]
type Session = ();

/// What the input session does at start: ask the terminal only when it decides (`--image
/// auto`); a named protocol drawn through tmux still needs passthrough open.
struct InputPlan {
    ask: bool,
    passthrough: bool,
}

impl InputPlan {
    fn new(mode: ImageMode, graphics: Option<&capabilities::Graphics>) -> Self {
        let ask = mode == ImageMode::Auto && graphics.is_some();
        let passthrough = ask || graphics.is_some_and(|g| g.passthrough);
        Self { ask, passthrough }
    }

    /// Starts reading the terminal (right after the first frame: the queries go out at once),
    /// the session kept in `session` for Ctrl-Z and the way out.
    #[cfg(unix)]
    fn start(
        self,
        worker: &Worker,
        session: &mut Option<Session>,
    ) -> Result<impl Stream<Item = io::Result<Msg>> + Unpin + use<>, TuiError> {
        let (started, events) =
            input::InputSession::start(self.ask, self.passthrough, worker.graphics_handle())
                .map_err(TuiError::Terminal)?;
        *session = Some(started);
        Ok(events)
    }

    #[cfg(not(unix))]
    fn start(
        self,
        _worker: &Worker,
        _session: &mut Option<Session>,
    ) -> Result<impl Stream<Item = io::Result<Msg>> + Unpin + use<>, TuiError> {
        Ok(event::crossterm_events())
    }
}

fn pause_input(session: Option<&Session>, paused: bool) {
    #[cfg(unix)]
    if let Some(session) = session {
        session.pause(paused);
    }
    #[cfg(not(unix))]
    let _ = (session, paused);
}

/// Hands one of the app's commands to what runs it: the worker, the draft writer or the fleet
/// engine.
pub fn dispatch(cmd: Cmd, worker: &Worker, drafts: Option<&DraftWriter>) {
    match cmd {
        Cmd::Worker(cmd) => worker.start(cmd),
        Cmd::Draft(cmd) => to_draft_writer(cmd, worker.replies(), drafts),
        Cmd::Fleet(cmd) => worker.fleet().dispatch(cmd),
    }
}

/// Without a draft writer drafts are off: nothing is kept and a lookup finds nothing. A lookup's
/// answer comes back through the loop's queue, counted there as owed until the loop takes it,
/// so the loop never ends with one on its way.
fn to_draft_writer(cmd: DraftCmd, replies: &Replies, drafts: Option<&DraftWriter>) {
    let op = match cmd {
        DraftCmd::Save { draft, after } => DraftOp::Save { draft, after },
        DraftCmd::Clear { number } => DraftOp::Clear { number },
        DraftCmd::Load { id, number } => {
            let promise = replies.promise();
            let reply: draft::LoadReply =
                Box::new(move |draft| promise.keep(Msg::Draft { id, draft }));
            DraftOp::Load { number, reply }
        }
    };
    match (drafts, op) {
        // Through the writer, in order: a clear sent before a lookup is seen by it.
        (Some(writer), op) => writer.send(op),
        (None, DraftOp::Load { reply, .. }) => reply(None),
        (None, _) => {}
    }
}

/// The event loop: queued worker results win over new input (biased), a tick runs only while
/// something animates, and the screen is drawn once the queue is drained. Commands go out
/// through `dispatch`: to the worker, or, for drafts, to `drafts`.
pub async fn run_loop<B, S>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    worker: &Worker,
    drafts: Option<&DraftWriter>,
    rx: &mut UnboundedReceiver<Msg>,
    mut inputs: S,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<LoopExit, TuiError>
where
    B: Backend,
    S: Stream<Item = io::Result<Msg>> + Unpin,
{
    // A kitty picture placed directly is drawn after each frame; a fresh placer per run of the
    // loop places it again after Ctrl-Z and `fg` (the screen was cleared).
    let mut placer = preview::kitty_direct::Placer::default();
    let mut draw = |terminal: &mut Terminal<B>, app: &App| {
        preview::kitty_direct::draw(
            terminal,
            &mut placer,
            |f| ui::render(app, f),
            |area| ui::avatar::placement(app, area),
        )
        .map_err(|e| TuiError::Terminal(io::Error::other(e.to_string())))
    };
    draw(terminal, app)?;
    let mut inputs_done = false;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        if inputs_done && worker.busy() == 0 && rx.is_empty() {
            return Ok(LoopExit::InputClosed);
        }
        let first = tokio::select! {
            biased;
            Some(m) = rx.recv() => {
                worker.received();
                m
            }
            ev = inputs.next(), if !inputs_done => match ev {
                Some(Ok(m)) => m,
                Some(Err(e)) => return Err(TuiError::Input(e)),
                None => {
                    inputs_done = true;
                    continue;
                }
            },
            _ = tick.tick(), if app.animating() => Msg::Tick,
        };
        let mut next = Some(first);
        while let Some(msg) = next {
            app.now = now();
            for cmd in app.update(msg) {
                dispatch(cmd, worker, drafts);
            }
            match app.take_exit() {
                Some(Exit::Quit) => return Ok(LoopExit::Quit),
                Some(Exit::Suspend) => return Ok(LoopExit::Suspend),
                None => {}
            }
            next = rx.try_recv().ok();
            if next.is_some() {
                worker.received();
            }
        }
        draw(terminal, app)?;
    }
}
