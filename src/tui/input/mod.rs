//! The terminal's input, read by bloocard itself (on Unix): keys, paste, mouse and resizes as
//! `Msg`s, and the terminal's answers to the graphics queries taken out on the way, so that no
//! byte of an answer becomes a key and no key is lost to the probe. crossterm's reader cannot do
//! this (it keeps DA1 to itself and turns APC/DCS answers into Alt+keys); the pieces:
//!
//! - `frame`: cuts the bytes into whole units (keys, sequences, pastes, answers, the last read by
//!   `capabilities::answer`);
//! - `keys`: termina's parser decodes the keys, turned into crossterm's types at this edge;
//! - `reader`: the thread that reads the tty and feeds the probe;
//! - `one_shot`: the probe run once, for `card get --show-avatar`.
//!
//! Windows keeps crossterm's reader and the environment's word (`tui::event`).

pub mod frame;
#[cfg(unix)]
pub mod keys;
#[cfg(unix)]
pub mod one_shot;
#[cfg(unix)]
pub mod reader;
#[cfg(unix)]
mod session;

#[cfg(unix)]
pub use session::InputSession;
