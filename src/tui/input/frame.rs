//! Cuts the terminal's input into whole units before anything decodes it: plain keys, escape
//! sequences, pastes and the terminal's answers to our queries. Answers are taken out here and
//! never reach the key parser; everything else goes on to it whole, so it never sees half a
//! sequence (termina's parser would wait forever on a lone `ESC P`, and crossterm's turns half a
//! sequence split by a slow link into Alt+keys).
//!
//! Pure: bytes and the time they came in, units out. A sequence left unfinished is resolved once
//! its wait is over (`deadline`/`expire`): a lone Esc after `ESC_WAIT`, so the key stays prompt;
//! `ESC P`, `ESC _` or `ESC ]` alone (Alt+P, Alt+_, Alt+]) after `ESC_WAIT`, or after
//! `ANSWER_WAIT` while an answer is owed (it may be the start of one, split by the link); a
//! string (DCS, APC, OSC) left open is dropped after `ANSWER_WAIT`.

use std::time::{Duration, Instant};

use crate::tui::capabilities::answer::{self, Answer};

/// How long a lone Esc waits for a following byte before it is the Esc key. Terminals send a
/// key's sequence in one write, so a gap this long means a person pressed Esc.
pub const ESC_WAIT: Duration = Duration::from_millis(25);
/// How long an answer may take to arrive whole once begun.
pub const ANSWER_WAIT: Duration = Duration::from_secs(1);

/// Longest CSI sequence and string kept; longer ones are garbage and dropped whole.
const MAX_CSI: usize = 256;
const MAX_STRING: usize = 64 * 1024;
const MAX_PASTE: usize = 64 * 1024 * 1024;
const PASTE_END: &[u8] = b"\x1b[201~";

/// One whole piece of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// Complete keys, key sequences or mouse reports, for the key parser.
    Keys(Vec<u8>),
    /// Esc then one character: the character's bytes (the key parser adds Alt).
    Alt(Vec<u8>),
    /// A bracketed paste's text.
    Paste(String),
    /// An answer to one of our queries.
    Answer(Answer),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Ground,
    /// `ESC` seen.
    Esc,
    /// `ESC [` … before the final byte.
    Csi,
    /// A CSI sequence too long to be anything: dropped up to its final byte.
    CsiDiscard,
    /// `ESC O`: one byte to go.
    Ss3,
    /// `ESC [ M`: three raw bytes to go (X10 mouse).
    X10,
    /// `ESC P`, `ESC _` or `ESC ]`: a string, or Alt+that character.
    Intro(u8),
    /// Inside a string (DCS, APC, OSC, SOS, PM) until ST (or BEL for OSC).
    Str(u8),
    /// Inside a string, `ESC` seen: `\` ends it.
    StrEsc(u8),
    /// A UTF-8 character (`alt`: after Esc), `n` bytes to go.
    Utf8 {
        alt: bool,
        n: u8,
    },
    Paste,
}

#[derive(Debug)]
pub struct Framer {
    state: State,
    seq: Vec<u8>,
    /// When the last byte came in (for the waits).
    last: Option<Instant>,
}

impl Default for Framer {
    fn default() -> Self {
        Self {
            state: State::Ground,
            seq: Vec::with_capacity(64),
            last: None,
        }
    }
}

impl Framer {
    /// Takes `bytes` (read at `now`) and appends the units they complete to `out`.
    pub fn feed(&mut self, bytes: &[u8], now: Instant, out: &mut Vec<Unit>) {
        self.last = Some(now);
        let mut keys = Vec::new();
        for &b in bytes {
            self.step(b, &mut keys, out);
        }
        flush_keys(&mut keys, out);
    }

    /// When the unfinished sequence held now must be resolved, if one is held. `patient`: an
    /// answer is still owed, so `ESC P` and its like may be the start of one.
    pub fn deadline(&self, patient: bool) -> Option<Instant> {
        Some(self.last? + self.wait(patient)?)
    }

    /// Resolves an unfinished sequence whose wait is over at `now` (see the module's doc).
    pub fn expire(&mut self, now: Instant, patient: bool, out: &mut Vec<Unit>) {
        if self.deadline(patient).is_none_or(|d| now < d) {
            return;
        }
        match self.state {
            State::Esc => out.push(Unit::Keys(vec![0x1b])),
            State::Intro(c) => out.push(Unit::Alt(vec![c])),
            State::Ss3 => out.push(Unit::Alt(vec![b'O'])),
            State::Csi if self.seq.len() == 2 => out.push(Unit::Alt(vec![b'['])),
            State::Paste => {
                let text = &self.seq[b"\x1b[200~".len()..];
                out.push(Unit::Paste(String::from_utf8_lossy(text).into_owned()));
            }
            _ => {}
        }
        self.reset();
    }

    fn wait(&self, patient: bool) -> Option<Duration> {
        match self.state {
            State::Ground => None,
            State::Esc | State::Ss3 | State::Utf8 { .. } => Some(ESC_WAIT),
            State::Intro(_) | State::Csi if self.seq.len() == 2 && !patient => Some(ESC_WAIT),
            // A paste that never ends is let go after a pause, as what came of it.
            State::Paste => Some(ANSWER_WAIT * 2),
            _ => Some(ANSWER_WAIT),
        }
    }

    fn reset(&mut self) {
        self.state = State::Ground;
        self.seq.clear();
    }

    fn step(&mut self, b: u8, keys: &mut Vec<u8>, out: &mut Vec<Unit>) {
        match self.state {
            State::Ground => self.ground(b, keys),
            State::Esc => self.after_esc(b, keys, out),
            State::Csi => self.csi(b, keys, out),
            State::CsiDiscard => match b {
                0x40..=0x7e => self.reset(),
                0x00..=0x1f => {
                    self.reset();
                    self.step(b, keys, out);
                }
                _ => {}
            },
            State::Ss3 => {
                self.seq.push(b);
                self.finish_keys(keys);
            }
            State::X10 => {
                self.seq.push(b);
                if self.seq.len() == 6 {
                    self.finish_keys(keys);
                }
            }
            State::Intro(c) => self.intro(c, b, keys, out),
            State::Str(c) => self.string(c, b, keys, out),
            State::StrEsc(c) => self.string_esc(c, b, keys, out),
            State::Utf8 { alt, n } => self.utf8(alt, n, b, keys, out),
            State::Paste => self.paste(b, out),
        }
    }

    fn ground(&mut self, b: u8, keys: &mut Vec<u8>) {
        match b {
            0x1b => self.begin(State::Esc, b),
            0xc0..=0xf7 => {
                self.begin(
                    State::Utf8 {
                        alt: false,
                        n: utf8_rest(b),
                    },
                    b,
                );
            }
            // A stray continuation byte or an invalid lead is no key.
            0x80..=0xff => {}
            _ => keys.push(b),
        }
    }

    fn begin(&mut self, state: State, b: u8) {
        self.seq.clear();
        self.seq.push(b);
        self.state = state;
    }

    fn after_esc(&mut self, b: u8, keys: &mut Vec<u8>, out: &mut Vec<Unit>) {
        self.seq.push(b);
        self.state = match b {
            b'[' => State::Csi,
            b'O' => State::Ss3,
            b'P' | b'_' | b']' | b'X' | b'^' => State::Intro(b),
            0x1b => {
                // Esc pressed twice, or Esc then a sequence: the first is a key of its own.
                lone_esc(keys, out);
                self.seq.clear();
                self.seq.push(0x1b);
                State::Esc
            }
            0xc0..=0xf7 => State::Utf8 {
                alt: true,
                n: utf8_rest(b),
            },
            0x80..=0xff => {
                lone_esc(keys, out);
                State::Ground
            }
            _ => {
                flush_keys(keys, out);
                out.push(Unit::Alt(vec![b]));
                State::Ground
            }
        };
        if self.state == State::Ground {
            self.seq.clear();
        }
    }

    fn csi(&mut self, b: u8, keys: &mut Vec<u8>, out: &mut Vec<Unit>) {
        if b == 0x1b || b < 0x20 {
            // A control byte inside a sequence: the sequence was garbage; the byte counts.
            self.reset();
            return self.step(b, keys, out);
        }
        self.seq.push(b);
        if self.seq.len() > MAX_CSI {
            self.seq.clear();
            self.state = State::CsiDiscard;
            return;
        }
        if !(0x40..=0x7e).contains(&b) || (b == b'[' && self.seq.len() == 3) {
            return;
        }
        if self.seq == b"\x1b[M" {
            self.state = State::X10;
        } else if self.seq == b"\x1b[200~" {
            self.state = State::Paste;
        } else if let Some(answer) = answer::from_csi(&self.seq) {
            flush_keys(keys, out);
            out.push(Unit::Answer(answer));
            self.reset();
        } else {
            // A key (the Linux console's F1–F5, `ESC [ [ A`, included) or a report for the key
            // parser to read or drop.
            self.finish_keys(keys);
        }
    }

    fn intro(&mut self, c: u8, b: u8, keys: &mut Vec<u8>, out: &mut Vec<Unit>) {
        if starts_answer(c, b) {
            self.seq.push(b);
            self.state = State::Str(c);
        } else {
            // Alt+P, Alt+_ or Alt+] and then another key.
            flush_keys(keys, out);
            out.push(Unit::Alt(vec![c]));
            self.reset();
            self.step(b, keys, out);
        }
    }

    fn string(&mut self, c: u8, b: u8, keys: &mut Vec<u8>, out: &mut Vec<Unit>) {
        match b {
            0x1b => {
                self.seq.push(b);
                self.state = State::StrEsc(c);
            }
            0x07 if c == b']' => self.reset(),
            // Answers hold no control bytes: this one was garbage, and the byte is a key.
            0x00..=0x1f | 0x7f => {
                self.reset();
                self.step(b, keys, out);
            }
            _ if self.seq.len() >= MAX_STRING => {}
            _ => self.seq.push(b),
        }
    }

    fn string_esc(&mut self, _c: u8, b: u8, keys: &mut Vec<u8>, out: &mut Vec<Unit>) {
        if b == b'\\' {
            self.seq.push(b);
            if let Some(answer) = answer::from_string(&self.seq) {
                flush_keys(keys, out);
                out.push(Unit::Answer(answer));
            }
            return self.reset();
        }
        // ESC not followed by `\`: the string (of kind `_c`) was cut short; the ESC begins what
        // follows.
        self.reset();
        self.begin(State::Esc, 0x1b);
        self.step(b, keys, out);
    }

    fn utf8(&mut self, alt: bool, n: u8, b: u8, keys: &mut Vec<u8>, out: &mut Vec<Unit>) {
        if b & 0xc0 != 0x80 {
            // Not a continuation: the character was broken; start again from this byte.
            self.reset();
            return self.step(b, keys, out);
        }
        self.seq.push(b);
        if n > 1 {
            self.state = State::Utf8 { alt, n: n - 1 };
            return;
        }
        if alt {
            flush_keys(keys, out);
            out.push(Unit::Alt(self.seq[1..].to_vec()));
            self.reset();
        } else {
            self.finish_keys(keys);
        }
    }

    fn paste(&mut self, b: u8, out: &mut Vec<Unit>) {
        if self.seq.len() < MAX_PASTE {
            self.seq.push(b);
        }
        if self.seq.ends_with(PASTE_END) {
            let text = &self.seq[b"\x1b[200~".len()..self.seq.len() - PASTE_END.len()];
            out.push(Unit::Paste(String::from_utf8_lossy(text).into_owned()));
            self.reset();
        }
    }

    /// The sequence held is a whole key: it goes with the plain keys, in order.
    fn finish_keys(&mut self, keys: &mut Vec<u8>) {
        keys.extend_from_slice(&self.seq);
        self.reset();
    }
}

/// The Esc key, as a unit of its own: next to other bytes the key parser would read Alt+key.
fn lone_esc(keys: &mut Vec<u8>, out: &mut Vec<Unit>) {
    flush_keys(keys, out);
    out.push(Unit::Keys(vec![0x1b]));
}

fn flush_keys(keys: &mut Vec<u8>, out: &mut Vec<Unit>) {
    if !keys.is_empty() {
        out.push(Unit::Keys(std::mem::take(keys)));
    }
}

/// Continuation bytes after a UTF-8 lead byte.
fn utf8_rest(lead: u8) -> u8 {
    match lead {
        0xc0..=0xdf => 1,
        0xe0..=0xef => 2,
        _ => 3,
    }
}

/// Whether `b` after `ESC c` begins one of the strings terminals answer with (XTVERSION's
/// `P >|`, DECRQSS's `P 1 $ r`, kitty's `_ G`, OSC's `] 11 ;`…) rather than being a key typed
/// after Alt+c.
fn starts_answer(c: u8, b: u8) -> bool {
    match c {
        b'P' => matches!(b, b'>' | b'0'..=b'9' | b'$' | b'+' | b'!' | b'=' | b'|'),
        b'_' => b == b'G',
        b']' => b.is_ascii_digit(),
        _ => true,
    }
}

#[cfg(test)]
#[path = "frame_tests.rs"]
mod tests;
