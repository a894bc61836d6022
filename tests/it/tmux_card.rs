//! The card editor's cursor and its `*` in a real terminal (tmux), `bloocard --demo` with default
//! options typed at a shell, keys sent one at a time, the screen polled.
//!
//! Issue 18 §7, "the card cursor": a Shared number's card starts on "Share Name & Photo" (its
//! names are read-only); going back to a Dedicated number kept the cursor there, so Tab then
//! Enter toggled sharing off instead of editing the first name.

use crate::tmux_support::{Tmux, selected_number};

const DEDICATED: &str = "+14155550123";
const SHARED: &str = "+16465550172";

/// The rows of the card editor, by the text that starts them.
const ROWS: [&str; 7] = [
    "First name",
    "Last name",
    "Share Name & Photo",
    "Contacts only",
    "First & Last",
    "Set photo",
    "Save avatar",
];

/// The card row the cursor (`›`) is on. The numbers list marks its selected row with `›` too,
/// but that row holds a number, never a row label.
fn card_cursor(screen: &str) -> Option<&'static str> {
    screen.lines().find_map(|l| {
        let (_, after) = l.split_once('›')?;
        // `*` marks an unsaved field; then a checkbox, a radio or a button may open the row.
        let rest = after.trim_start_matches(['*', ' ']);
        let rest = ["[x] ", "[ ] ", "(•) ", "( ) ", "[ "]
            .into_iter()
            .find_map(|open| rest.strip_prefix(open))
            .unwrap_or(rest);
        ROWS.into_iter().find(|row| rest.starts_with(row))
    })
}

/// The card of `number` is read and drawn (its fields are drawn only once it is).
fn card_shown(screen: &str, number: &str) -> bool {
    screen.contains(&format!("Card {number}")) && screen.contains("Share Name & Photo")
}

fn cursor_after_a_shared_card(cols: u16, rows: u16) {
    let tmux = Tmux::start(cols, rows);
    tmux.launch("--demo");
    let screen = tmux.wait_for_numbers();
    assert_eq!(selected_number(&screen).as_deref(), Some(DEDICATED));

    // Down to the Shared number: its card loads with the selection.
    tmux.keys(&["j"]);
    tmux.wait_for("the second number selected", |s| {
        selected_number(s).is_some_and(|n| n != DEDICATED)
    });
    tmux.keys(&["j"]);
    tmux.wait_for("the Shared number's card", |s| card_shown(s, SHARED));

    // Back up to the Dedicated one, then into its card.
    tmux.keys(&["k"]);
    tmux.wait_for("the second number selected again", |s| {
        selected_number(s).is_some_and(|n| n != SHARED)
    });
    tmux.keys(&["k"]);
    tmux.wait_for("the Dedicated number's card", |s| card_shown(s, DEDICATED));
    tmux.keys(&["Tab"]);
    let card = tmux.wait_for("the cursor in the card", |s| card_cursor(s).is_some());
    assert_eq!(
        card_cursor(&card),
        Some("First name"),
        "a loaded card starts on its first field:\n{card}"
    );

    // Enter edits the first name; sharing stays on.
    tmux.keys(&["Enter"]);
    let editing = tmux.wait_for("the first name being edited", |s| {
        s.contains("Esc done") || s.contains("Esc keep")
    });
    assert!(
        editing.contains("[x] Share Name & Photo") && !editing.contains("*modified"),
        "Enter changed nothing but the mode:\n{editing}"
    );

    // A space typed after the name is no change: the API trims names.
    tmux.keys(&["Space"]);
    tmux.keys(&["Escape"]);
    let after = tmux.wait_for("editing to end", |s| {
        !s.contains("Esc done") && !s.contains("Esc keep") && card_cursor(s).is_some()
    });
    assert!(
        !after.contains("*modified") && !after.contains("*First name"),
        "a stray space is no unsaved change:\n{after}"
    );

    // Nothing unsaved: q quits at once.
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0", "q quits with status 0");
}

#[test]
fn at_120x40_a_dedicated_card_after_a_shared_one_starts_on_the_first_name() {
    cursor_after_a_shared_card(120, 40);
}

#[test]
fn at_80x24_a_dedicated_card_after_a_shared_one_starts_on_the_first_name() {
    cursor_after_a_shared_card(80, 24);
}
