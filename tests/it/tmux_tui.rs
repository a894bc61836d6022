//! `bloocard --demo` with default options (so `--image auto`) in a real terminal emulator, tmux,
//! launched from a shell as a person types it: the first frame comes up, the first key after
//! start-up works, keys typed during start-up are not lost, and `q` gives the shell back — at
//! 80×24, 120×40 and 160×50. Issue 10 §1; the start-up it protects is described in docs/terminal.md.

use std::time::Instant;

use crate::tmux_support::{Tmux, focused_pane, numbers, selected_number};

/// Start-up, the first key (`j` moves the selection one row down), then `q` back to the shell.
fn first_frame_first_key_and_quit(cols: u16, rows: u16) {
    let tmux = Tmux::start(cols, rows);
    let launched = Instant::now();
    tmux.launch("--demo");
    let screen = tmux.wait_for_numbers();
    eprintln!(
        "{cols}×{rows}: numbers on screen {:?} after Enter",
        launched.elapsed()
    );
    let listed = numbers(&screen);
    let first = selected_number(&screen).expect("a number is selected once the list is in");
    let at = listed.iter().position(|n| *n == first).unwrap_or(0);

    // The very first key after start-up: it used to be swallowed by the graphics query.
    tmux.keys(&["j"]);
    let moved = tmux.wait_for("the selection to move down after the first j", |s| {
        selected_number(s).is_some_and(|n| n != first)
    });
    let now = selected_number(&moved).unwrap_or_default();
    let listed = numbers(&moved);
    assert_eq!(
        listed.iter().position(|n| *n == now),
        Some(at + 1),
        "j moved one row down, from {first} to {now}:\n{moved}"
    );

    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0", "q quits with status 0");
}

#[test]
fn at_120x40_the_first_key_after_start_up_moves_and_q_quits() {
    first_frame_first_key_and_quit(120, 40);
}

#[test]
fn at_80x24_the_first_key_after_start_up_moves_and_q_quits() {
    first_frame_first_key_and_quit(80, 24);
}

#[test]
fn at_160x50_the_first_key_after_start_up_moves_and_q_quits() {
    first_frame_first_key_and_quit(160, 50);
}

/// `q` typed right after Enter, before the program has even set up the terminal, still quits.
#[test]
fn q_typed_during_start_up_is_not_lost() {
    let tmux = Tmux::start(120, 40);
    tmux.type_line_then(&Tmux::command_line("--demo"), &["q"]);
    assert_eq!(tmux.wait_for_shell(), "0", "the early q quit the TUI");
    // It did start: the full-screen app logs its terminal set-up before reading any key.
    let log = std::fs::read_to_string(tmux.state.join("bloocard/bloocard.log")).unwrap_or_default();
    assert!(
        log.contains("terminal graphics at start"),
        "the TUI started before the q quit it; the log:\n{log}"
    );
}

/// A key typed together with the command line is applied once the app runs: Tab, typed ahead,
/// moves the focus exactly as it does when pressed after start-up.
#[test]
fn a_key_typed_during_start_up_is_applied() {
    // What Tab does after start-up, so this test does not hard-code the pane order.
    let reference = Tmux::start(120, 40);
    reference.launch("--demo");
    let quiet = reference.wait_for_numbers();
    let initial = focused_pane(&quiet).expect("a focused pane");
    reference.keys(&["Tab"]);
    let after = reference.wait_for("Tab to move the focus", |s| {
        focused_pane(s).is_some_and(|p| p != initial)
    });
    let target = focused_pane(&after).unwrap_or_default();
    // Ctrl-C quits from any pane; `q` might be text in the one Tab focused.
    reference.keys(&["C-c"]);
    assert_eq!(reference.wait_for_shell(), "0");

    let tmux = Tmux::start(120, 40);
    tmux.type_line_then(&Tmux::command_line("--demo"), &["Tab"]);
    tmux.wait_for("the typed-ahead Tab to move the focus", |s| {
        numbers(s).len() >= 2 && focused_pane(s).as_deref() == Some(target.as_str())
    });
    tmux.keys(&["C-c"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}

/// Every demo request waits this long, so the first list is still on its way when the keys below
/// arrive (the app is up in well under a second; the list takes at least this).
const SLOW_LIST: &str = "--demo --demo-latency-ms 2500";

/// Whether the second number listed is the selected one.
fn second_selected(screen: &str) -> bool {
    let listed = numbers(screen);
    listed.len() >= 2 && selected_number(screen).as_deref() == Some(listed[1].as_str())
}

/// `j` typed together with the command line, long before the list is in: the second number is
/// selected once it is listed, and its card is the one that loads.
#[test]
fn j_typed_with_the_command_line_selects_the_second_number_once_listed() {
    let tmux = Tmux::start(120, 40);
    tmux.type_line_then(&Tmux::command_line(SLOW_LIST), &["j"]);
    let screen = tmux.wait_for_numbers();
    assert!(
        second_selected(&screen),
        "the early j moved the selection to the second number:\n{screen}"
    );
    let second = numbers(&screen)[1].clone();
    tmux.wait_for("the second number's card to load", |s| {
        s.contains(&format!("Card {second}")) && !s.contains("Loading card")
    });
    tmux.keys(&["C-c"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}

/// `j` pressed on the first frame, while it still says the list is loading, is applied the same.
#[test]
fn j_pressed_while_the_list_loads_is_applied_when_it_lands() {
    let tmux = Tmux::start(80, 24);
    tmux.launch(SLOW_LIST);
    tmux.wait_for("the first frame, the list still loading", |s| {
        s.contains("Loading numbers") && tmux.alternate_on()
    });
    tmux.keys(&["j"]);
    let screen = tmux.wait_for_numbers();
    assert!(
        second_selected(&screen),
        "the j pressed while loading moved the selection to the second number:\n{screen}"
    );
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}
