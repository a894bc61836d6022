//! The questions put to the terminal, and the bookkeeping of its answers: one round per terminal
//! (tmux, then the terminal outside it through passthrough), each ended by its DA1 answer, which
//! every terminal sends and sends last. A round that is late upgrades late; after `PROBE_WAIT`
//! nothing more is awaited (but an answer that still comes is still used).

use std::time::{Duration, Instant};

use super::Graphics;
use super::answer::Answer;
use super::choose::{self, Context, Facts};

/// XTVERSION, the kitty graphics query (a 1×1 image, id 31, query only), the cell size in
/// pixels, and DA1 last.
pub const QUERIES: [&str; 4] = [
    "\x1b[>q",
    "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\",
    "\x1b[16t",
    "\x1b[c",
];

/// How long answers are awaited after the queries were written (slow SSH included).
pub const PROBE_WAIT: Duration = Duration::from_secs(3);

/// `seq` wrapped for tmux passthrough, for the terminal outside tmux: `ESC P tmux;`, the
/// sequence with every ESC doubled, `ESC \`.
pub fn wrap(seq: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
}

/// The bytes to write to the terminal bloocard talks to. Inside tmux, without the kitty query:
/// tmux draws no kitty graphics, and takes any APC string (`ESC _ … ESC \`) for a new pane title,
/// which its status line would then show.
pub fn queries(in_tmux: bool) -> String {
    QUERIES
        .iter()
        .filter(|q| !(in_tmux && q.starts_with("\x1b_")))
        .copied()
        .collect()
}

/// The queries for the terminal outside tmux, each wrapped on its own (tmux passes one
/// sequence per wrapper).
pub fn wrapped_queries() -> String {
    QUERIES.iter().map(|q| wrap(q)).collect()
}

/// The answers so far, round by round.
#[derive(Debug, Clone)]
pub struct Probe {
    ctx: Context,
    rounds: Vec<Facts>,
    /// Rounds expected (DA1 answers owed in all), and DA1 answers had.
    expected: usize,
    da1s: usize,
    sent: Instant,
}

impl Probe {
    /// A probe whose queries were written at `sent`; `through_tmux`: a second round is owed by
    /// the terminal outside tmux.
    pub fn new(ctx: Context, through_tmux: bool, sent: Instant) -> Self {
        Self {
            ctx,
            rounds: vec![Facts::default()],
            expected: if through_tmux { 2 } else { 1 },
            da1s: 0,
            sent,
        }
    }

    /// A probe that asked nothing (`--image` named the protocol): nothing is owed.
    pub fn idle(ctx: Context) -> Self {
        Self {
            expected: 0,
            ..Self::new(ctx, false, Instant::now())
        }
    }

    /// Whether an answer is still awaited at `now`.
    pub fn owed(&self, now: Instant) -> bool {
        self.da1s < self.expected && now.duration_since(self.sent) < PROBE_WAIT
    }

    /// Takes one answer; when it ends a round (DA1), the decision from everything so far.
    pub fn answer(&mut self, answer: Answer, now: Instant) -> Option<Graphics> {
        if self.expected == 0 {
            return None;
        }
        let ends_round = matches!(answer, Answer::Da1(_));
        if let Some(round) = self.rounds.last_mut() {
            round.apply(answer);
        }
        if !ends_round {
            return None;
        }
        self.da1s += 1;
        let graphics = choose::choose(&self.ctx, &self.rounds[0], self.rounds.get(1));
        tracing::info!(
            round = self.rounds.len(),
            after_ms = now.duration_since(self.sent).as_millis() as u64,
            facts = ?self.rounds.last(),
            decided = %graphics,
            "terminal answered"
        );
        if self.rounds.len() < 2 {
            self.rounds.push(Facts::default());
        }
        Some(graphics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::capabilities::Protocol;
    use crate::tui::capabilities::choose::Passthrough;
    use crate::tui::capabilities::env::Detected;

    fn ctx(tmux: bool) -> Context {
        Context {
            env: Detected {
                protocol: Protocol::Halfblocks,
                reason: "test",
            },
            tmux,
            passthrough: Passthrough::On,
            winsize_cell: None,
        }
    }

    #[test]
    fn wrapping_doubles_every_escape() {
        assert_eq!(wrap("\x1b[c"), "\x1bPtmux;\x1b\x1b[c\x1b\\");
        assert_eq!(
            wrap("\x1b_Ga=q\x1b\\"),
            "\x1bPtmux;\x1b\x1b_Ga=q\x1b\x1b\\\x1b\\"
        );
        assert!(queries(false).ends_with("\x1b[c"));
        assert!(queries(false).contains("\x1b_G"));
        assert_eq!(queries(true), "\x1b[>q\x1b[16t\x1b[c");
        assert_eq!(wrapped_queries().matches("\x1bPtmux;").count(), 4);
    }

    #[test]
    fn each_da1_ends_a_round_and_decides() {
        let t0 = Instant::now();
        let mut probe = Probe::new(ctx(true), true, t0);
        assert!(probe.owed(t0));
        assert_eq!(
            probe.answer(Answer::XtVersion("tmux 3.3a".into()), t0),
            None
        );
        let first = probe.answer(Answer::Da1(vec![1, 2]), t0).unwrap();
        assert_eq!(first.protocol, Protocol::Halfblocks);
        assert!(probe.owed(t0), "the outer terminal's round is still owed");
        probe.answer(Answer::XtVersion("kitty(0.35.2)".into()), t0);
        probe.answer(Answer::Kitty { ok: true }, t0);
        probe.answer(
            Answer::CellSize {
                width: 9,
                height: 18,
            },
            t0,
        );
        let second = probe.answer(Answer::Da1(vec![62]), t0).unwrap();
        assert_eq!(second.protocol, Protocol::KittyPlaceholders);
        assert!(second.passthrough);
        assert_eq!(second.cell, (9, 18));
        assert!(!probe.owed(t0));
    }

    #[test]
    fn nothing_is_owed_after_the_wait_or_when_nothing_was_asked() {
        let t0 = Instant::now();
        let probe = Probe::new(ctx(false), false, t0);
        assert!(!probe.owed(t0 + PROBE_WAIT));
        let mut idle = Probe::idle(ctx(false));
        assert!(!idle.owed(Instant::now()));
        assert_eq!(idle.answer(Answer::Da1(vec![4]), t0), None);
    }
}
