//! The chat picker's marks and "stage your card in N chats" in a real terminal (tmux): the binary
//! typed at a shell, keys sent one at a time, the screen polled, never a fixed sleep. One run
//! against a demo backend in the test (so its recorder counts the POSTs: none before Enter), one
//! as a person tries it, `bloocard --demo --demo-chats 30`, whose two chats on plans that cannot
//! share fail and `r` retries.

use crate::common;
use crate::tmux_support::Tmux;

fn stage_posts(demo: &common::Demo) -> usize {
    demo.ctl
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/contact-card"))
        .count()
}

/// "Pick a chat · 38 marked": how many are marked, if any.
fn marked(screen: &str) -> Option<usize> {
    let (_, after) = screen.split_once("Pick a chat · ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    after[digits.len()..]
        .starts_with(" marked")
        .then(|| digits.parse().ok())?
}

/// ^P with the chats listed.
fn open_picker(tmux: &Tmux) {
    tmux.keys(&["C-p"]);
    tmux.wait_for("the picker with chats", |s| {
        s.contains("Pick a chat") && s.contains("Enter use chat") && s.contains(" — ")
    });
}

fn mark_three(tmux: &Tmux) {
    for key in ["Space", "Down", "Space", "Down", "Space"] {
        tmux.keys(&[key]);
    }
    tmux.wait_for("three marked", |s| marked(s) == Some(3));
}

fn marks_then_stage_sending_nothing_before_enter(cols: u16, rows: u16) {
    let demo = common::Demo::start();
    demo.ctl.seed_chats(30);
    let tmux = Tmux::start_with_env(
        cols,
        rows,
        &[
            ("BLOOIO_BASE_URL", &demo.base),
            ("BLOOIO_API_KEY", common::CANARY_KEY),
        ],
    );
    tmux.launch("");
    tmux.wait_for_numbers();
    open_picker(&tmux);
    let screen = tmux.screen();
    assert!(
        screen.contains("Space mark") && screen.contains("^T stage"),
        "the footer offers marking and staging: {screen}"
    );
    mark_three(&tmux);
    // `*` marks every chat shown; `*` again, with all marked, clears them.
    tmux.keys(&["*"]);
    let all = tmux.wait_for("all marked", |s| marked(s).is_some_and(|n| n > 3));
    assert!(marked(&all).unwrap() >= 30, "{all}");
    tmux.keys(&["*"]);
    tmux.wait_for("the marks cleared", |s| {
        marked(s).is_none() && s.contains("Cleared ")
    });
    mark_three(&tmux);

    tmux.keys(&["C-t"]);
    let plan = tmux.wait_for("the plan", |s| {
        s.contains("Stage your card in 3 marked chats") && s.contains("Enter/y start")
    });
    assert!(plan.contains("Nothing is sent now:"), "{plan}");
    // A key the overlay does not bind changes nothing.
    tmux.keys(&["x"]);
    tmux.keys(&["Escape"]);
    tmux.wait_for("back in the picker, marks kept", |s| {
        marked(s) == Some(3) && !s.contains("Stage your card")
    });
    assert_eq!(stage_posts(&demo), 0, "the plan and Esc send nothing");

    tmux.keys(&["C-t"]);
    tmux.wait_for_text("Enter/y start");
    tmux.keys(&["Enter"]);
    let done = tmux.wait_for("the summary", |s| {
        s.contains("Staged in 3 chats; 0 failed.")
    });
    assert_eq!(done.matches("✓ ").count(), 3, "a ✓ per chat: {done}");
    assert_eq!(stage_posts(&demo), 3);
    tmux.keys(&["Escape"]);
    tmux.wait_for("the picker", |s| marked(s) == Some(3));
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Pick a chat");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}

#[test]
fn marks_then_stage_in_tmux_at_120x40() {
    marks_then_stage_sending_nothing_before_enter(120, 40);
}

#[test]
fn marks_then_stage_in_tmux_at_80x24() {
    marks_then_stage_sending_nothing_before_enter(80, 24);
}

#[test]
fn all_chats_with_failures_then_r_retries_them_in_tmux() {
    let tmux = Tmux::start(120, 40);
    tmux.launch("--demo --demo-chats 30");
    tmux.wait_for_numbers();
    open_picker(&tmux);
    // Nothing marked: all the chats.
    tmux.keys(&["C-t"]);
    let plan = tmux.wait_for("the plan of all chats", |s| {
        s.contains("Stage your card in all ") && s.contains("Enter/y start")
    });
    assert!(plan.contains("Nothing is sent now:"), "{plan}");
    tmux.keys(&["Enter"]);
    let done = tmux.wait_for("the summary", |s| s.contains("; 2 failed."));
    assert!(
        done.contains("✗ +12065550155  Blooio refused this request"),
        "{done}"
    );
    assert!(
        done.contains("r retry failed"),
        "offered after failures: {done}"
    );
    tmux.keys(&["r"]);
    let retried = tmux.wait_for("the retry", |s| {
        s.contains("Retried 2 chats: 0 staged, 2 failed.")
    });
    assert!(retried.contains("; 2 failed."), "{retried}");
    tmux.keys(&["Escape"]);
    tmux.wait_for_text("Pick a chat");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Pick a chat");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}
