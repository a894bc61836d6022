//! Issue 19's TUI bugs in a real terminal (tmux), `bloocard --demo` typed at a shell, the screen
//! polled: declining a number switch (bug 7), the photo button on a Shared number (bug 4), an unreadable card (bug 5), the message
//! being written seen whole (bug 8).

use crate::tmux_support::{Tmux, selected_number};

const DEDICATED: &str = "+14155550123";
const SHARED: &str = "+16465550172";

/// Bug 7: with unsaved edits on the first number, `j`, Enter, `n` puts the list's cursor back
/// on the number whose card is shown.
fn declined_switch(cols: u16, rows: u16) {
    let tmux = Tmux::start(cols, rows);
    tmux.launch("--demo");
    let screen = tmux.wait_for_numbers();
    assert_eq!(selected_number(&screen).as_deref(), Some(DEDICATED));
    tmux.wait_for_text(&format!("Card {DEDICATED}"));
    tmux.keys(&["Tab", "Enter"]);
    tmux.wait_for_text("Esc");
    tmux.keys(&["X", "Enter", "BTab"]);
    tmux.wait_for_text("*modified");
    tmux.keys(&["j"]);
    tmux.wait_for("the cursor on the second number", |s| {
        selected_number(s).is_some_and(|n| n != DEDICATED)
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("discard the card edits?");
    tmux.keys(&["n"]);
    let back = tmux.wait_gone("discard the card edits?");
    assert_eq!(
        selected_number(&back).as_deref(),
        Some(DEDICATED),
        "the cursor is back on the number shown:\n{back}"
    );
    assert!(back.contains(&format!("Card {DEDICATED}")), "{back}");
    assert!(back.contains("*modified"), "the edit is kept:\n{back}");
    tmux.keys(&["C-c"]);
    tmux.wait_for_text("Quit and lose them?");
    tmux.keys(&["y"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}

#[test]
fn declined_switch_at_120x40() {
    declined_switch(120, 40);
}

#[test]
fn declined_switch_at_80x24() {
    declined_switch(80, 24);
}

/// Bug 4: on a Shared number the photo button says "Dedicated only", and `p` says why.
#[test]
fn photo_button_on_a_shared_number() {
    let tmux = Tmux::start(120, 40);
    tmux.launch("--demo");
    tmux.wait_for_numbers();
    tmux.keys(&["j", "j"]);
    tmux.wait_for_text(&format!("Card {SHARED}"));
    tmux.keys(&["Tab"]);
    let card = tmux.wait_for_text("Set photo from file");
    let row = card
        .lines()
        .find(|l| l.contains("Set photo from file"))
        .unwrap_or_default();
    assert!(row.contains("] Dedicated only"), "{card}");
    tmux.keys(&["p"]);
    tmux.wait_for_text("✗ Name and photo can only be set on a Dedicated plan");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}

/// Bug 5: with `--demo --demo-numbers 12`, +12025550101's card cannot be read: what recipients
/// see is unknown, and sharing is `[?]`.
#[test]
fn unreadable_card() {
    let tmux = Tmux::start(120, 40);
    tmux.launch("--demo --demo-numbers 12");
    tmux.wait_for_numbers();
    tmux.keys(&["j", "j", "j", "j", "j", "j"]);
    let card = tmux.wait_for("the unreadable card", |s| {
        s.contains("Card +12025550101") && s.contains("could not be read")
    });
    assert!(
        card.contains("Recipients see: unknown (card not read)"),
        "{card}"
    );
    assert!(card.contains("[?] Share Name & Photo"), "{card}");
    assert!(!card.contains("just the number"), "{card}");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}

/// Bug 8: the message wraps in its field and rows scrolled out of it are counted.
fn message_seen_whole(cols: u16, rows: u16) {
    let tmux = Tmux::start(cols, rows);
    tmux.launch("--demo");
    tmux.wait_for_numbers();
    tmux.keys(&["Tab", "Tab"]);
    // Item 13: the composer names the number it sends from.
    tmux.wait_for_text("▶ Share in a chat · from +14155550123");
    tmux.keys(&["j", "Enter"]);
    tmux.wait_for_text("Esc done");
    let long = "a long first line that goes on well past the edge of the pane at any width \
                so it must wrap in the field, or be seen to go on, and end right here";
    // Typed, then Enter: a new line in the message.
    tmux.type_line(long);
    tmux.type_line("line two");
    let shown = tmux.wait_for_text("line two");
    let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    let seen_whole = flat.contains("end right here") && flat.contains("a long first line");
    let counted = shown.lines().any(|l| l.contains("↑") && l.contains("more"));
    assert!(
        seen_whole || counted,
        "wrapped, or the hidden rows counted:\n{shown}"
    );
    if cols >= 120 {
        assert!(
            seen_whole,
            "at {cols} columns the message fits whole:\n{shown}"
        );
    }
    // Esc then q at once would read as Alt-q: wait for the edit to end first.
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Esc done");
    tmux.keys(&["q"]);
    tmux.wait_for_text("an unsent message");
    tmux.keys(&["y"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}

#[test]
fn message_seen_whole_at_160x50() {
    message_seen_whole(160, 50);
}

#[test]
fn message_seen_whole_at_80x24() {
    message_seen_whole(80, 24);
}
