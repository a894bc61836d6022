//! What the lead checked by hand before the stop, in a real terminal emulator: `bloocard --demo`
//! with default options typed at a shell in tmux, at 120×40 and 80×24. Keys that mean nothing
//! change nothing; a photo path that does not exist and a chat that is not one are refused on
//! screen with the reason; `q` with an unsent message asks, and `y` gives the shell back.

use crate::tmux_support::{Tmux, selected_number};

fn wrong_keys_and_bad_input(cols: u16, rows: u16) {
    let tmux = Tmux::start(cols, rows);
    tmux.launch("--demo");
    let screen = tmux.wait_for_numbers();
    let first = selected_number(&screen).expect("a number is selected once the list is in");

    // Keys no context binds: nothing moves, nothing opens, the app keeps running.
    tmux.keys(&["x", "Z", "F5", "C-x", "%"]);
    // A key that does work, after them, proves they were read and dropped (not queued).
    tmux.keys(&["j"]);
    let moved = tmux.wait_for("j to move the selection after the unbound keys", |s| {
        selected_number(s).is_some_and(|n| n != first)
    });
    assert!(tmux.alternate_on(), "still running:\n{moved}");
    tmux.keys(&["k"]);
    tmux.wait_for("k to move back", |s| {
        selected_number(s).as_deref() == Some(first.as_str())
    });

    // A photo path that does not exist: refused with the reason, nothing else changes.
    tmux.keys(&["Tab"]);
    tmux.wait_for("the card pane to take the focus", |s| s.contains("▶ Card"));
    tmux.keys(&["p"]);
    tmux.wait_for("the photo path line", |s| s.contains("Tab complete"));
    tmux.type_line("/nope/missing.jpg");
    tmux.wait_for("the missing photo to be refused", |s| {
        s.contains("/nope/missing.jpg does not exist")
    });
    tmux.keys(&["Escape"]);

    // A chat that is not one: refused when sending, with the rule, and nothing is sent.
    tmux.keys(&["Tab"]);
    tmux.wait_for("the composer to take the focus", |s| s.contains("▶ Share"));
    tmux.keys(&["Enter"]);
    tmux.type_line("12345");
    tmux.keys(&["i"]);
    // Typed without Enter (Enter is a new line in the message); ^S sends from inside the field.
    assert!(tmux.run(&["send-keys", "-l", "hello"]).status.success());
    tmux.wait_for("the message to be typed", |s| s.contains("Message hello"));
    tmux.keys(&["C-s"]);
    tmux.wait_for("the send to be refused", |s| {
        s.contains("Not sent: \"12345\" is not a chat")
    });

    // In the field q would type a q: Esc leaves it (keeping the text) first.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the message field to be left", |s| s.contains("q quit"));
    // q with an unsent message asks first; y quits and the shell is back with status 0.
    tmux.keys(&["q"]);
    tmux.wait_for("the quit question", |s| s.contains("an unsent message"));
    tmux.keys(&["y"]);
    assert_eq!(tmux.wait_for_shell(), "0", "y quits with status 0");
}

#[test]
fn at_120x40_wrong_keys_change_nothing_and_bad_input_is_refused_on_screen() {
    wrong_keys_and_bad_input(120, 40);
}

#[test]
fn at_80x24_wrong_keys_change_nothing_and_bad_input_is_refused_on_screen() {
    wrong_keys_and_bad_input(80, 24);
}
