//! The interaction model in a real terminal emulator: `bloocard --demo --image halfblocks` typed
//! into a shell inside tmux (a private socket per test), keys sent one by one as a person types
//! them, the screen polled (never a fixed sleep) until it shows what it should. Without tmux the
//! tests fail (`.ci/run` installs it).

use crate::tmux_support::Tmux;

/// `bloocard --demo --image halfblocks` at a shell prompt in a `cols`×`rows` tmux window, once
/// the first card is drawn.
fn launch(cols: u16, rows: u16) -> Tmux {
    let t = Tmux::start(cols, rows);
    t.launch("--demo --image halfblocks");
    t.wait_for_text("Enter load");
    t.wait_for_text("Recipients see: Maya Lindqvist");
    t
}

/// One key (tmux key name), then waits until the screen shows `until`.
fn key(t: &Tmux, key: &str, until: &str) {
    t.keys(&[key]);
    t.wait_for_text(until);
}

#[test]
fn esc_keeps_the_typed_name_and_q_asks_then_s_saves_and_quits() {
    let t = launch(100, 30);
    key(&t, "Tab", "Enter/i edit");
    // Not editing: letters are not text (`x` is bound to nothing in the card).
    key(&t, "x", "Enter/i edit");
    assert!(t.screen().contains("First name Maya "), "{}", t.screen());
    key(&t, "i", "Esc done (keeps text)");
    key(&t, "y", "First name Mayay");
    key(&t, "Escape", "Enter/i edit");
    assert!(t.screen().contains("*First name Mayay"), "{}", t.screen());
    key(&t, "q", "Quit and lose them?");
    key(&t, "n", "Enter/i edit");
    assert!(
        t.screen().contains("Mayay"),
        "n went back with the edit kept"
    );
    key(&t, "q", "s: save the card, then quit");
    t.keys(&["s"]);
    t.wait_gone("Card +");
    t.wait_for_text("--demo --image halfblocks");
    assert_eq!(t.wait_for_shell(), "0", "saved and quit");
}

#[test]
fn u_reverts_a_field_and_capital_u_asks_for_more_at_80x24() {
    let t = launch(80, 24);
    key(&t, "Tab", "Enter/i edit");
    key(&t, "Enter", "Esc done (keeps text)");
    key(&t, "z", "Mayaz");
    key(&t, "Enter", "› Last name");
    key(&t, "j", "Space toggle");
    key(&t, "Space", "[ ] Share Name & Photo");
    key(&t, "u", "Reverted the sharing");
    key(&t, "k", "Enter/i edit");
    key(&t, "k", "›*First name Mayaz");
    key(&t, "j", "› Last name");
    key(&t, "j", "Space toggle");
    key(&t, "Space", "[ ] Share Name & Photo");
    key(
        &t,
        "U",
        "Revert the first name and sharing to the card as loaded?",
    );
    key(&t, "y", "Reverted the first name and sharing");
    assert!(t.screen().contains("First name Maya "), "{}", t.screen());
    t.keys(&["q"]);
    t.wait_gone("Card +");
    assert_eq!(t.wait_for_shell(), "0", "q quits once nothing is unsaved");
}
