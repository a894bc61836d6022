//! One run's terminal input: the probe written right after the first frame, the reader thread,
//! resizes from SIGWINCH, and the way out (answers still owed awaited a short while, tmux's
//! passthrough put back, the reader stopped before the shell gets the terminal).

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use futures_util::Stream;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::reader::{self, Control, Input};
use crate::tui::capabilities::choose::{Context, Passthrough};
use crate::tui::capabilities::probe::{self, Probe};
use crate::tui::capabilities::tmux::{self, PaneSetting};
use crate::tui::capabilities::{self, Protocol, SharedGraphics, env};
use crate::tui::msg::Msg;

/// The longest bloocard waits at exit for answers still owed, so they do not reach the shell.
const EXIT_WAIT: Duration = Duration::from_secs(1);

pub struct InputSession {
    control: Arc<Control>,
    /// What was changed in tmux, to put back (set by the reader once tmux answered).
    tmux: Arc<Mutex<PaneSetting>>,
}

impl InputSession {
    /// Starts reading the terminal. With `ask` (`--image auto`) the terminal is asked: call
    /// this right after the first frame is drawn, as the queries go out at once. Inside tmux,
    /// with `open_passthrough`, passthrough is opened for this pane: when asking, on the reader's
    /// thread (a few tmux commands, which the loop does not wait for), and the terminal outside
    /// tmux is then asked through it.
    pub fn start(
        ask: bool,
        open_passthrough: bool,
        graphics: SharedGraphics,
    ) -> io::Result<(Self, impl Stream<Item = io::Result<Msg>> + Unpin)> {
        let tty = reader::open_tty()?;
        let var = |name: &str| std::env::var(name).ok();
        let in_tmux = env::in_tmux(var);
        let ctx = Context {
            env: env::detect(var),
            tmux: in_tmux,
            passthrough: Passthrough::On,
            winsize_cell: capabilities::winsize_cell(),
        };
        if ask {
            write_now(&probe::queries(in_tmux))?;
            tracing::info!(in_tmux, "terminal asked for its graphics");
        }
        let tmux = Arc::new(Mutex::new(PaneSetting::default()));
        if !ask && open_passthrough && in_tmux {
            // A named protocol (`--image kitty` in tmux) is drawn as soon as the avatar is in:
            // passthrough must be open before that, so this waits for tmux here.
            keep(&tmux, tmux::open_passthrough().1);
        }
        let setting = tmux.clone();
        let sent = Instant::now();
        let make_probe = move || {
            if !ask {
                return Probe::idle(ctx);
            }
            if !(open_passthrough && in_tmux) {
                return Probe::new(ctx, false, sent);
            }
            let (passthrough, changed) = tmux::open_passthrough();
            keep(&setting, changed);
            let through = passthrough == Passthrough::On;
            if through && let Err(e) = write_now(&probe::wrapped_queries()) {
                tracing::warn!(error = %e, "the queries through tmux could not be written");
            }
            tracing::info!(
                ?passthrough,
                "terminal outside tmux asked through passthrough"
            );
            Probe::new(Context { passthrough, ..ctx }, through, sent)
        };
        let control = Arc::new(Control::default());
        let (tx, rx) = unbounded_channel();
        let watcher = in_tmux.then(|| (tx.clone(), control.clone()));
        reader::spawn(tty, make_probe, ask, control.clone(), tx)?;
        let stream = Inputs {
            rx,
            winch: signal(SignalKind::window_change()).ok(),
            graphics,
            watcher,
        };
        Ok((Self { control, tmux }, stream))
    }

    /// Stops reading while the terminal is handed back (Ctrl-Z), and starts again on `fg`.
    pub fn pause(&self, paused: bool) {
        self.control.pause(paused);
    }

    /// Before the terminal is handed back for good: waits (at most `EXIT_WAIT`) for answers
    /// still owed, puts tmux's passthrough back, and stops the reader.
    pub async fn finish(&self) {
        let started = Instant::now();
        while self.control.owed() && started.elapsed() < EXIT_WAIT {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.control.stop();
        if let Ok(setting) = self.tmux.lock() {
            setting.restore();
        }
    }
}

fn write_now(bytes: &str) -> io::Result<()> {
    // One write under stdout's lock: between two of the frame's sequences, never inside one.
    let mut out = io::stdout().lock();
    out.write_all(bytes.as_bytes())?;
    out.flush()
}

fn keep(slot: &Mutex<PaneSetting>, setting: PaneSetting) {
    if let Ok(mut slot) = slot.lock() {
        *slot = setting;
    }
}

/// How often the pane watcher asks tmux whether bloocard's pane is shown.
const PANE_CHECK: Duration = Duration::from_millis(250);

/// Asks tmux, until the session stops, whether bloocard's pane is shown and where, and says so
/// when that changes: a kitty picture placed through passthrough belongs to the outer terminal,
/// which would keep it over another window's text.
fn watch_pane(tx: UnboundedSender<Input>, control: Arc<Control>) {
    let watch = move || {
        let mut last = None;
        while !control.stopped() {
            let view = tmux::pane_view();
            if let Some(view) = view.filter(|v| Some(*v) != last) {
                if tx.send(Input::Pane(view)).is_err() {
                    return;
                }
                last = Some(view);
            }
            std::thread::sleep(PANE_CHECK);
        }
    };
    if let Err(e) = std::thread::Builder::new()
        .name("bloocard-tmux-pane".into())
        .spawn(watch)
    {
        tracing::warn!(error = %e, "the tmux pane watcher could not start");
    }
}

/// The reader's output and SIGWINCH, as the loop's input messages.
struct Inputs {
    rx: UnboundedReceiver<Input>,
    winch: Option<Signal>,
    graphics: SharedGraphics,
    /// Inside tmux: what the pane watcher needs, until a picture through passthrough starts it.
    watcher: Option<(UnboundedSender<Input>, Arc<Control>)>,
}

impl Stream for Inputs {
    type Item = io::Result<Msg>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Self::Item>> {
        if let Some(winch) = self.winch.as_mut()
            && winch.poll_recv(cx).is_ready()
            && let Ok((w, h)) = crossterm::terminal::size()
        {
            return Poll::Ready(Some(Ok(Msg::Resize(w, h))));
        }
        loop {
            let input = match self.rx.poll_recv(cx) {
                Poll::Ready(Some(input)) => input,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            };
            let msg = match input {
                Input::Event(event) => match Msg::from_event(event) {
                    Some(msg) => msg,
                    None => continue,
                },
                Input::Graphics(g) => {
                    if g.protocol == Protocol::KittyDirect
                        && g.passthrough
                        && let Some((tx, control)) = self.watcher.take()
                    {
                        watch_pane(tx, control);
                    }
                    if let Ok(mut shared) = self.graphics.write()
                        && shared.is_some()
                    {
                        *shared = Some(g.clone());
                    }
                    Msg::Graphics(g)
                }
                Input::Pane(view) => Msg::TmuxPane(view),
                Input::Failed(e) => return Poll::Ready(Some(Err(e))),
            };
            return Poll::Ready(Some(Ok(msg)));
        }
    }
}
