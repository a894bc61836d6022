//! bloocard: read, edit and share Blooio iMessage contact cards from a terminal.
//!
//! The library holds everything; `main.rs` only parses arguments and maps errors to exit codes,
//! so tests drive the same code the binary runs.
#![forbid(unsafe_code)]

pub mod api;
pub mod avatar;
pub mod byte_size;
pub mod cli;
pub mod config;
pub mod demo;
pub mod fleet;
pub mod io_error;
pub mod logging;
pub mod paths;
pub mod profile;
pub mod safe_write;
pub mod sanitize;
pub mod time_ago;
pub mod tui;
pub mod validate;
pub mod word_wrap;
