//! The composer's conversation in a real terminal (tmux), `bloocard --demo` with default options
//! launched from a shell: ^P picks a chat and its history shows above the message field, newest
//! at the bottom; PgUp (offered in the footer) scrolls to the oldest message; `q` quits. At 80×24
//! the composer still works and the history gets the row it has room for. Issue 12.

use crate::tmux_support::Tmux;

/// ^P, filter "jonah" (the seeded long conversation), Enter.
fn pick_jonah(tmux: &Tmux) -> String {
    tmux.keys(&["C-p"]);
    tmux.wait_for("the chat picker", |s| s.contains("Pick a chat"));
    tmux.keys(&["-l", "jonah"]);
    tmux.wait_for("the filter to show Jonah", |s| s.contains("Jonah Reyes"));
    tmux.keys(&["Enter"]);
    // The whole frame drawn: the picker gone, the conversation and the buttons there.
    tmux.wait_for("the conversation", |s| {
        s.contains("23 messages") && s.contains("[ Send ^S ]") && !s.contains("use chat")
    })
}

#[test]
fn at_120x40_a_picked_chat_shows_its_history_and_pgup_scrolls_it() {
    let tmux = Tmux::start(120, 40);
    tmux.launch("--demo");
    tmux.wait_for_numbers();
    let screen = pick_jonah(&tmux);
    assert!(screen.contains("it's heavy!"), "{screen}");
    assert!(screen.contains("Alder St.  ✓ delivered"), "{screen}");
    assert!(screen.contains("→ 1 h ago"), "{screen}");
    assert!(!screen.contains("a friend gave me your number"), "{screen}");

    // Out of the message field; the footer offers PgUp, and it works.
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("PgUp in the footer", |s| {
        s.lines().last().is_some_and(|l| l.contains("PgUp older"))
    });
    assert!(screen.contains("PgDn newer"), "{screen}");
    for _ in 0..6 {
        tmux.keys(&["PPage"]);
    }
    let top = tmux.wait_for("the first message", |s| {
        s.contains("a friend gave me your number")
    });
    assert!(!top.contains("it's heavy!"), "{top}");
    tmux.keys(&["NPage", "NPage", "NPage", "NPage", "NPage", "NPage"]);
    tmux.wait_for("the newest message again", |s| s.contains("it's heavy!"));

    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0", "q quits with status 0");
}

#[test]
fn at_80x24_the_composer_still_works_with_a_history() {
    let tmux = Tmux::start(80, 24);
    tmux.launch("--demo");
    tmux.wait_for_numbers();
    let screen = pick_jonah(&tmux);
    // The newest message sits just above the message field, the fields are all there.
    for needed in [
        "To",
        "Message",
        "Attach",
        "Share contact card",
        "[ Send ^S ]",
    ] {
        assert!(screen.contains(needed), "{needed} missing:\n{screen}");
    }
    assert!(screen.contains("→ 1 h ago"), "{screen}");
    // Edit the message (Enter), type and send; the conversation then shows it.
    tmux.keys(&["Enter"]);
    tmux.keys(&["-l", "See you Saturday"]);
    tmux.keys(&["C-s"]);
    tmux.wait_for("the sent message in the history", |s| {
        s.contains("See you Saturday") && s.contains("24 messages")
    });
    // Sending ended the editing: `q` quits (an Escape right before it would arrive as Alt-q).
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0", "q quits with status 0");
}
