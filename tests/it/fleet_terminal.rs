//! `bloocard fleet apply` in a real terminal (tmux, a private socket per test), as a person runs
//! it: the plan, the question, `yes` typed, a line per number under the progress bar, the closing
//! line and the exit code; and a "no" that writes nothing. The screen is polled, never slept on.

use crate::common;

use crate::fleet_support::*;
use crate::tmux_support::Tmux;

/// A shell at 120×40 whose environment points bloocard at `demo`, with the canary key (in the
/// environment: the key never shows on the screen); `bloocard ARGS` typed at its prompt.
fn launch(demo: &common::Demo, args: &str) -> Tmux {
    let tmux = Tmux::start_with_env(
        120,
        40,
        &[
            ("BLOOIO_BASE_URL", &demo.base),
            ("BLOOIO_API_KEY", common::CANARY_KEY),
        ],
    );
    tmux.launch(args);
    tmux
}

#[test]
fn apply_asks_on_a_terminal_and_prints_each_number_as_it_finishes() {
    let demo = fleet_demo(12);
    let dir = workdir();
    let file = card_file(
        &dir,
        &listed(&["+12025550102", "+12025550104", "+12025550100"], ""),
    );
    let tmux = launch(&demo, &format!("fleet apply {}", file.display()));
    let screen = tmux.wait_for_text("Type yes to go ahead:");
    assert!(
        screen.contains("Plan: 2 to change, 1 in sync, 0 unknown, 0 errors."),
        "{screen}"
    );
    assert_eq!(
        count(&demo.requests(), "PUT"),
        0,
        "nothing is written before the answer"
    );
    tmux.type_line("yes");
    assert_eq!(tmux.wait_for_shell(), "0");
    let screen = tmux.history();
    assert!(
        screen.contains(
            "✓ +12025550102 dedicated  first_name, last_name, avatar, sharing written · verified"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("Apply: 2 applied, 1 in sync, 0 failed."),
        "{screen}"
    );
    assert!(!screen.contains(common::CANARY_KEY));
    assert_eq!(count(&demo.requests(), "PUT"), 2);
}

/// The question says "Type yes": a bare `y` is not taken for it (and is told so).
#[test]
fn a_y_is_not_a_yes() {
    let demo = fleet_demo(12);
    let dir = workdir();
    let file = card_file(&dir, &listed(&["+12025550102"], ""));
    let tmux = launch(&demo, &format!("fleet apply {}", file.display()));
    tmux.wait_for_text("Type yes to go ahead:");
    tmux.type_line("y");
    // Cancelled by the operator: exit 0, as for any other answer but yes.
    assert_eq!(tmux.wait_for_shell(), "0");
    let screen = tmux.history();
    assert!(
        screen.contains("the answer was \"y\"; only \"yes\" goes ahead"),
        "{screen}"
    );
    assert!(
        screen.contains("apply cancelled; nothing was written"),
        "{screen}"
    );
    assert_eq!(count(&demo.requests(), "PUT"), 0);
}

#[test]
fn any_answer_but_yes_writes_nothing() {
    let demo = fleet_demo(12);
    let dir = workdir();
    let file = card_file(&dir, &listed(&["+12025550102"], ""));
    let tmux = launch(&demo, &format!("fleet apply {}", file.display()));
    tmux.wait_for_text("Type yes to go ahead:");
    tmux.type_line("n");
    let status = tmux.wait_for_shell();
    let screen = tmux.history();
    assert!(
        screen.contains("apply cancelled; nothing was written"),
        "{screen}"
    );
    assert_eq!(status, "0", "{screen}");
    assert_eq!(count(&demo.requests(), "PUT"), 0);
}
