//! `card get --show-avatar`'s detection: the TUI's probe, run once before the picture is
//! printed. Raw mode on, the queries written (inside tmux, passthrough opened for this pane and
//! the terminal outside asked through it), the answers read until every DA1 owed has come or
//! `ONE_SHOT_WAIT` is over, raw mode off. The bytes that are not answers (keys typed meanwhile)
//! are dropped: a command that prints and ends has no use for keys, and none reaches the shell.

use std::io::Write;
use std::time::{Duration, Instant};

use super::frame::{Framer, Unit};
use super::reader::{open_tty, wait_readable};
use crate::tui::capabilities::choose::{Context, Passthrough};
use crate::tui::capabilities::tmux::{self, PaneSetting};
use crate::tui::capabilities::{Graphics, env, probe, winsize_cell};

/// The longest the answers are awaited: a terminal that says nothing costs this once.
const ONE_SHOT_WAIT: Duration = Duration::from_millis(1000);

/// What was found, and tmux's setting to put back once the picture is out.
pub struct OneShot {
    pub graphics: Graphics,
    pub in_tmux: bool,
    setting: PaneSetting,
}

impl OneShot {
    /// Puts tmux's passthrough back as it was (call after the picture is printed).
    pub fn finish(self) {
        self.setting.restore();
    }
}

/// Asks the terminal and reads its answers (at most `ONE_SHOT_WAIT`). Without a terminal to
/// ask, or when raw mode cannot be had, the environment's word.
pub fn detect() -> OneShot {
    let var = |name: &str| std::env::var(name).ok();
    let in_tmux = env::in_tmux(var);
    let detected = env::detect(var);
    let fallback = env::graphics(detected, winsize_cell());
    let mut ctx = Context {
        env: detected,
        tmux: in_tmux,
        passthrough: Passthrough::On,
        winsize_cell: winsize_cell(),
    };
    let mut setting = PaneSetting::default();
    let Ok(tty) = open_tty() else {
        return OneShot {
            graphics: fallback,
            in_tmux,
            setting,
        };
    };
    if crossterm::terminal::enable_raw_mode().is_err() {
        return OneShot {
            graphics: fallback,
            in_tmux,
            setting,
        };
    }
    let mut queries = probe::queries(in_tmux);
    let mut through = false;
    if in_tmux {
        let (passthrough, changed) = tmux::open_passthrough();
        setting = changed;
        through = passthrough == Passthrough::On;
        if through {
            queries.push_str(&probe::wrapped_queries());
        }
        ctx.passthrough = passthrough;
    }
    let mut out = std::io::stdout();
    let written = out.write_all(queries.as_bytes()).and_then(|()| out.flush());
    let probe = probe::Probe::new(ctx, through, Instant::now());
    let graphics = match written {
        Ok(()) => read_answers(&tty, probe).unwrap_or(fallback),
        Err(_) => fallback,
    };
    let _ = crossterm::terminal::disable_raw_mode();
    tracing::info!(summary = %graphics.summary, "show-avatar graphics");
    OneShot {
        graphics,
        in_tmux,
        setting,
    }
}

/// Reads until nothing more is owed; the last decision (each DA1 ends a round), if any.
fn read_answers(tty: &std::os::fd::OwnedFd, mut probe: probe::Probe) -> Option<Graphics> {
    let started = Instant::now();
    let mut framer = Framer::default();
    let mut buf = [0u8; 4096];
    let mut chosen = None;
    while probe.owed(Instant::now()) && started.elapsed() < ONE_SHOT_WAIT {
        let left = ONE_SHOT_WAIT.saturating_sub(started.elapsed());
        if !wait_readable(tty, left).ok()? {
            continue;
        }
        let n = match rustix::io::read(tty, &mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => continue,
            Err(_) => break,
        };
        let now = Instant::now();
        let mut units = Vec::new();
        framer.feed(&buf[..n], now, &mut units);
        for unit in units {
            if let Unit::Answer(answer) = unit
                && let Some(graphics) = probe.answer(answer, now)
            {
                chosen = Some(graphics);
            }
        }
    }
    chosen
}
