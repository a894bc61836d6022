//! One run's terminal input: the probe written right after the first frame, the reader thread,
//! resizes from SIGWINCH, and the way out (answers still owed awaited a short while, tmux's
//! passthrough put back, the reader stopped before the shell gets the terminal).

use std::io::{self, Write};
use std::sync::{Arc, RwLock};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use futures_util::Stream;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use super::reader::{self, Control, Input};
use crate::tui::capabilities::choose::{Context, Passthrough};
use crate::tui::capabilities::probe::{self, Probe};
use crate::tui::capabilities::tmux::{self, PaneSetting};
use crate::tui::capabilities::{self, Graphics, env};
use crate::tui::msg::Msg;

/// The graphics the worker encodes with, updated when the terminal answers (`None`: no images).
pub type SharedGraphics = Arc<RwLock<Option<Graphics>>>;

/// The longest bloocard waits at exit for answers still owed, so they do not reach the shell.
const EXIT_WAIT: Duration = Duration::from_secs(1);

pub struct InputSession {
    control: Arc<Control>,
    tmux: PaneSetting,
}

impl InputSession {
    /// Starts reading the terminal. With `ask` (`--image auto`) the terminal is asked first:
    /// call this right after the first frame is drawn, as the queries go out at once. Inside
    /// tmux, with `open_passthrough`, passthrough is opened for this pane first (a few
    /// milliseconds of tmux commands).
    pub fn start(
        ask: bool,
        open_passthrough: bool,
        graphics: SharedGraphics,
    ) -> io::Result<(Self, impl Stream<Item = io::Result<Msg>> + Unpin)> {
        let tty = reader::open_tty()?;
        let var = |name: &str| std::env::var(name).ok();
        let in_tmux = env::in_tmux(var);
        let (passthrough, setting) = if open_passthrough && in_tmux {
            tmux::open_passthrough()
        } else {
            (Passthrough::On, PaneSetting::default())
        };
        let ctx = Context {
            env: env::detect(var),
            tmux: in_tmux,
            passthrough: passthrough.clone(),
            winsize_cell: capabilities::winsize_cell(),
        };
        let through_tmux = in_tmux && passthrough == Passthrough::On;
        let probe = if ask {
            let mut out = io::stdout();
            out.write_all(probe::queries(through_tmux).as_bytes())?;
            out.flush()?;
            tracing::info!(in_tmux, ?passthrough, "terminal asked for its graphics");
            Probe::new(ctx, through_tmux, Instant::now())
        } else {
            Probe::idle(ctx)
        };
        let control = Arc::new(Control::default());
        let (tx, rx) = unbounded_channel();
        reader::spawn(tty, probe, control.clone(), tx)?;
        let stream = Inputs {
            rx,
            winch: signal(SignalKind::window_change()).ok(),
            graphics,
        };
        Ok((
            Self {
                control,
                tmux: setting,
            },
            stream,
        ))
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
        self.tmux.restore();
    }
}

/// The reader's output and SIGWINCH, as the loop's input messages.
struct Inputs {
    rx: UnboundedReceiver<Input>,
    winch: Option<Signal>,
    graphics: SharedGraphics,
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
                Input::Event(event) => match crate::tui::event::to_msg(event) {
                    Some(msg) => msg,
                    None => continue,
                },
                Input::Graphics(g) => {
                    if let Ok(mut shared) = self.graphics.write()
                        && shared.is_some()
                    {
                        *shared = Some(g.clone());
                    }
                    Msg::Graphics(g)
                }
                Input::Failed(e) => return Poll::Ready(Some(Err(e))),
            };
            return Poll::Ready(Some(Ok(msg)));
        }
    }
}
