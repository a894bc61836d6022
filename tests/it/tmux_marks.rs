//! Marks and "apply this card to N marked numbers" in a real terminal: `bloocard --demo` with
//! default options in tmux, launched from a shell, driven by the keys the footer offers, the
//! screen polled (never a fixed sleep) — at 80×24, 120×40 and 160×50.

use crate::tmux_support::{Tmux, selected_number};

fn marked_rows(screen: &str) -> usize {
    screen
        .lines()
        .filter(|l| l.contains('✓') && l.contains('+'))
        .count()
}

fn mark_apply_and_quit(cols: u16, rows: u16) {
    let tmux = Tmux::start(cols, rows);
    tmux.launch("--demo");
    let screen = tmux.wait_for_numbers();
    let first = selected_number(&screen).expect("a number is selected");

    // Space marks the selected number: the row says so, and the title counts.
    tmux.keys(&["Space"]);
    let screen = tmux.wait_for("the first mark", |s| s.contains("1 marked"));
    assert_eq!(marked_rows(&screen), 1, "{screen}");
    // `*` marks every number shown; again, it clears them all.
    tmux.keys(&["*"]);
    tmux.wait_for("every number marked", |s| s.contains("5 marked"));
    tmux.keys(&["*"]);
    let screen = tmux.wait_for("the marks cleared", |s| !s.contains("marked"));
    assert_eq!(marked_rows(&screen), 0, "{screen}");

    // Mark the first two, then apply the card on screen (the first number's) to them.
    tmux.keys(&["Space", "j", "Space", "k"]);
    tmux.wait_for("two marks, back on the first number", |s| {
        s.contains("2 marked") && selected_number(s).as_deref() == Some(first.as_str())
    });
    tmux.keys(&["Tab"]);
    tmux.wait_for("the card pane offering A", |s| s.contains("A apply"));
    tmux.keys(&["A"]);
    tmux.wait_for("the plan", |s| {
        s.contains("Apply this card to 2 marked numbers") && s.contains("Plan:")
    });
    // Esc before applying closes and writes nothing.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the overlay closed", |s| !s.contains("Apply this card"));
    tmux.keys(&["A"]);
    tmux.wait_for("the plan again", |s| s.contains("Plan: 1 to change"));
    tmux.keys(&["y"]);
    let done = tmux.wait_for("the summary", |s| s.contains("Done:"));
    assert!(done.contains("1 applied"), "{done}");
    assert!(done.contains('✓') && done.contains('='), "{done}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the summary dismissed", |s| !s.contains("Done:"));
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0", "q quits");
}

#[test]
fn at_120x40_space_star_and_a_mark_and_apply() {
    mark_apply_and_quit(120, 40);
}

#[test]
fn at_80x24_space_star_and_a_mark_and_apply() {
    mark_apply_and_quit(80, 24);
}

#[test]
fn at_160x50_space_star_and_a_mark_and_apply() {
    mark_apply_and_quit(160, 50);
}
