//! The numbers list's paging and jumps, and the help overlay, in a real terminal (tmux):
//! `bloocard --demo --demo-numbers 300` typed at a shell, keys sent one at a time, the screen
//! polled. What the footer and `?` offer for a long list is pressed as a person would.

use crate::tmux_support::{Tmux, numbers, selected_number};

const FIRST: &str = "+14155550123";

fn long_list(cols: u16, rows: u16) {
    let tmux = Tmux::start(cols, rows);
    tmux.launch("--demo --demo-numbers 300");
    let screen = tmux.wait_for_numbers();
    assert!(
        screen.contains("Numbers · 300"),
        "the title counts:\n{screen}"
    );
    assert_eq!(selected_number(&screen).as_deref(), Some(FIRST));

    // End: the last number is selected and the list scrolled to it (the first is off screen).
    tmux.keys(&["End"]);
    let end = tmux.wait_for("the end of the list", |s| {
        selected_number(s).is_some_and(|n| n != FIRST) && !numbers(s).iter().any(|n| n == FIRST)
    });
    let last = selected_number(&end);
    assert_eq!(
        numbers(&end).last(),
        last.as_ref(),
        "the selected number is the last one shown:\n{end}"
    );

    // A key bound nowhere in the list changes nothing.
    tmux.keys(&["z"]);
    tmux.keys(&["Home"]);
    let home = tmux.wait_for("back at the start", |s| {
        selected_number(s).as_deref() == Some(FIRST)
    });
    assert!(
        !home.contains(" z"),
        "a stray z is not typed anywhere:\n{home}"
    );

    // PgDn moves a page: further than one row, and the first row scrolled off.
    tmux.keys(&["PageDown"]);
    let paged = tmux.wait_for("a page down", |s| {
        selected_number(s).is_some_and(|n| n != FIRST)
    });
    let shown = numbers(&paged);
    let at = selected_number(&paged);
    let row = shown.iter().position(|n| Some(n) == at.as_ref());
    assert!(
        row.is_some_and(|r| r >= 2),
        "a page is more than a row:\n{paged}"
    );

    // g is the first again.
    tmux.keys(&["g"]);
    tmux.wait_for("g: the first number", |s| {
        selected_number(s).as_deref() == Some(FIRST)
    });

    // ? opens the help with the list's keys, Esc closes it, q quits.
    tmux.keys(&["?"]);
    // A key and its words are joined by no-break spaces, so a line never parts them.
    // Polled whole: tmux may show the overlay's title before its last rows are drawn.
    tmux.wait_for("the help naming the list's keys", |s| {
        let help = s.replace('\u{a0}', " ");
        help.contains("Keys — Esc closes")
            && help.contains("PgDn a page down")
            && help.contains("End/G last")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Keys — Esc closes");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0", "q quits with status 0");
}

#[test]
fn at_120x40_a_long_list_pages_jumps_and_helps() {
    long_list(120, 40);
}

#[test]
fn at_80x24_a_long_list_pages_jumps_and_helps() {
    long_list(80, 24);
}
