//! The thread that reads the terminal: poll(2) and read(2) on the tty (through rustix, safely),
//! bytes through the framer, keys through the key decoder, answers to the probe, everything out
//! on one channel in the order it came in.
//!
//! It reads only while it is told to (`pause` around Ctrl-Z, `stop` at exit), and checks that
//! after every wait and before every read, so once bloocard lets go of the terminal nothing the
//! operator types for the shell is taken.

use std::os::fd::{AsFd, OwnedFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use tokio::sync::mpsc::UnboundedSender;

use super::frame::{Framer, Unit};
use super::keys::KeyDecoder;
use crate::tui::capabilities::probe::Probe;

/// The longest a wait lasts before the flags are looked at again.
const CHECK_EVERY: Duration = Duration::from_millis(50);

/// What the reader hands on.
#[derive(Debug)]
pub enum Input {
    Event(Event),
    /// The probe's decision changed (an answer completed a round).
    Graphics(crate::tui::capabilities::Graphics),
    /// tmux shows bloocard's pane, or stopped showing it, or moved it (`session`'s watcher).
    Pane(crate::tui::capabilities::tmux::PaneView),
    /// Reading failed; the reader has stopped.
    Failed(std::io::Error),
}

/// Flags the app sets and the reader obeys.
#[derive(Debug, Default)]
pub struct Control {
    stop: AtomicBool,
    paused: AtomicBool,
    /// An answer is still awaited (the reader keeps it current).
    owed: AtomicBool,
}

impl Control {
    pub fn owed(&self) -> bool {
        self.owed.load(Ordering::SeqCst)
    }

    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    pub fn pause(&self, paused: bool) {
        self.paused.store(paused, Ordering::SeqCst);
    }

    fn reading(&self) -> bool {
        !self.stop.load(Ordering::SeqCst) && !self.paused.load(Ordering::SeqCst)
    }
}

/// Starts the reader on `tty` (stdin when it is the terminal, else `/dev/tty`). `probe` runs
/// first, on the reader's thread (it may wait for tmux), and gives the probe to feed; until it
/// returns, bytes wait in the terminal driver, unread and not lost.
pub fn spawn(
    tty: OwnedFd,
    probe: impl FnOnce() -> Probe + Send + 'static,
    owed_at_start: bool,
    control: Arc<Control>,
    tx: UnboundedSender<Input>,
) -> std::io::Result<()> {
    control.owed.store(owed_at_start, Ordering::SeqCst);
    std::thread::Builder::new()
        .name("bloocard-tty".into())
        .spawn(move || {
            let probe = probe();
            let mut reader = Reader {
                framer: Framer::default(),
                keys: KeyDecoder::default(),
                probe,
                tx,
            };
            if let Err(e) = reader.run(&tty, &control) {
                let _ = reader.tx.send(Input::Failed(e));
            }
        })
        .map(|_| ())
}

struct Reader {
    framer: Framer,
    keys: KeyDecoder,
    probe: Probe,
    tx: UnboundedSender<Input>,
}

impl Reader {
    fn run(&mut self, tty: &OwnedFd, control: &Control) -> std::io::Result<()> {
        let mut buf = [0u8; 4096];
        while !control.stop.load(Ordering::SeqCst) {
            let now = Instant::now();
            let patient = self.probe.owed(now);
            control.owed.store(patient, Ordering::SeqCst);
            let wait = self
                .framer
                .deadline(patient)
                .map_or(CHECK_EVERY, |d| d.saturating_duration_since(now))
                .min(CHECK_EVERY);
            let readable = wait_readable(tty, wait)?;
            if !control.reading() {
                // Paused or stopping: leave the bytes to whoever has the terminal next.
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
            let mut units = Vec::new();
            let now = Instant::now();
            if readable {
                let n = match rustix::io::read(tty, &mut buf) {
                    Ok(n) => n,
                    Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => continue,
                    Err(e) => return Err(e.into()),
                };
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                self.framer.feed(&buf[..n], now, &mut units);
            }
            self.framer.expire(now, self.probe.owed(now), &mut units);
            self.hand_on(units, now);
            control.owed.store(self.probe.owed(now), Ordering::SeqCst);
        }
        Ok(())
    }

    fn hand_on(&mut self, units: Vec<Unit>, now: Instant) {
        let mut events = Vec::new();
        for unit in units {
            if let Unit::Answer(answer) = unit {
                // Keys decoded so far go first: the order is the order typed.
                self.send_events(&mut events);
                if let Some(graphics) = self.probe.answer(answer, now) {
                    let _ = self.tx.send(Input::Graphics(graphics));
                }
            } else {
                self.keys.decode(unit, &mut events);
            }
        }
        self.send_events(&mut events);
    }

    fn send_events(&self, events: &mut Vec<Event>) {
        for event in events.drain(..) {
            let _ = self.tx.send(Input::Event(event));
        }
    }
}

/// Waits up to `wait` for the tty to have bytes; false when the wait ran out.
pub fn wait_readable(tty: &OwnedFd, wait: Duration) -> std::io::Result<bool> {
    let mut fds = [PollFd::new(tty, PollFlags::IN)];
    let timeout = Timespec {
        tv_sec: wait.as_secs() as i64,
        tv_nsec: i64::from(wait.subsec_nanos()),
    };
    match poll(&mut fds, Some(&timeout)) {
        Ok(0) => Ok(false),
        Ok(_) => {
            let got = fds[0].revents();
            if got.intersects(PollFlags::ERR | PollFlags::NVAL) {
                return Err(std::io::Error::other("the terminal closed"));
            }
            // HUP with bytes still to read reads them first; read then returns 0 (EOF).
            Ok(got.intersects(PollFlags::IN | PollFlags::HUP))
        }
        Err(rustix::io::Errno::INTR) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The terminal to read: a copy of stdin when it is one, else `/dev/tty`.
pub fn open_tty() -> std::io::Result<OwnedFd> {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return stdin.as_fd().try_clone_to_owned();
    }
    Ok(std::fs::File::open("/dev/tty")?.into())
}
