//! bloocard's integration tests, as one crate (one link step, one binary) rather than one crate
//! per file: each former `tests/X.rs` is the module `X` here, and the support modules they share
//! are declared once. Run one module with `cargo test --test it X::` (e.g. `tmux_tui::`).
//!
//! Layout: a module per concern (`cli*`, `fleet*`, `tmux_*` in a real tmux, `tui_*` on a
//! `TestBackend`, …, `emulators` in xterm and kitty under Xvfb); support in `common/` (the demo
//! backend and a run of the binary; the canary key `.ci/run` greps for), `tmux_support/`,
//! `emulator_support/`, `loop_support/`, `tui_support/`, `fleet_support/`;
//! `fixtures/` (data files); `snapshots/` (insta, named `it__<module>__<name>.snap`).

// Support shared by the test modules.
mod common;
#[cfg(unix)]
mod emulator_support;
mod fleet_support;
mod loop_support;
#[cfg(unix)]
mod tmux_support;
mod tui_support;

// The tests, one module per former test file.
mod avatar;
mod cli;
mod cli_docs;
mod cli_input;
mod cli_profiles;
mod cli_wording;
mod client_http;
mod demo_backend;
#[cfg(unix)]
mod emulators;
mod faults;
mod fleet;
mod fleet_faults;
#[cfg(unix)]
mod fleet_terminal;
mod hostile;
mod house_rules;
mod networks;
mod openapi_contract;
mod properties;
#[cfg(target_os = "linux")]
mod pty_screen;
mod pty_show_avatar;
mod share;
mod terminal_pty;
#[cfg(unix)]
mod tmux_bad_input;
#[cfg(unix)]
mod tmux_card;
#[cfg(unix)]
mod tmux_footers;
#[cfg(unix)]
mod tmux_history;
mod tmux_lists;
#[cfg(unix)]
mod tmux_marks;
#[cfg(unix)]
mod tmux_model;
#[cfg(unix)]
mod tmux_polish;
#[cfg(unix)]
mod tmux_refresh_geometry;
#[cfg(unix)]
mod tmux_server_text;
#[cfg(unix)]
mod tmux_share;
#[cfg(unix)]
mod tmux_share_tui;
#[cfg(unix)]
mod tmux_tui;
mod tui_apply_e2e;
mod tui_drafts;
mod tui_e2e;
mod tui_early_keys;
mod tui_faults;
mod tui_flow;
mod tui_footers;
mod tui_graphics;
mod tui_history;
mod tui_history_e2e;
mod tui_hostile;
mod tui_keys;
mod tui_lists;
mod tui_marks;
mod tui_message;
mod tui_model;
mod tui_polish;
mod tui_share;
mod tui_share_e2e;
mod tui_snapshots;
mod tui_tryout;
