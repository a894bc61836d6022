//! `share --all-chats` on a real terminal: typed at a shell prompt in tmux, as a person runs it
//! (`bloocard --demo --demo-chats N share --all-chats`): the plan, the question on the terminal,
//! the progress bar while staging, a line per failure, the summary and the exit status; "no"
//! sends nothing; Ctrl-C stops with 130. The screen is polled, never a fixed sleep.
use crate::tmux_support::Tmux;

const ARGS: &str =
    "--demo --demo-chats 400 --demo-latency-ms 25 share --all-chats --active-within 30d";

fn asked(tmux: &Tmux) -> String {
    tmux.launch(ARGS);
    tmux.wait_for("the question", |s| s.contains("Type yes to go ahead:"))
}

/// The plan's lines, from "Stage your card in …" to the question.
fn the_plan(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .skip_while(|l| !l.starts_with("Stage your card in "))
        .take_while(|l| !l.contains("Type yes to go ahead:"))
        .collect()
}

fn stage_and_read_the_summary(cols: u16, rows: u16) {
    let tmux = Tmux::start(cols, rows);
    let screen = asked(&tmux);
    let plan = the_plan(&screen);
    assert!(
        plan.join(" ")
            .contains(") active within 30 days. Nothing is sent now: your card rides"),
        "{screen}"
    );
    assert!(
        plan.iter().all(|l| l.chars().count() <= cols as usize),
        "the plan is wrapped at words, never by the terminal mid-word: {screen}"
    );
    assert!(screen.contains("chats? Type yes to go ahead:"), "{screen}");
    tmux.type_line("yes");
    let bar = tmux.wait_for("the progress bar", |s| {
        // `exit=N` printed at the start of a line (the command line typed has `exit=$?` in it).
        s.contains("staging [") || s.lines().any(|l| l.starts_with("exit="))
    });
    assert!(bar.contains("staging ["), "a bar while staging: {bar}");
    let status = tmux.wait_for_shell();
    let screen = tmux.screen();
    assert_eq!(
        status, "7",
        "the demo's few chats on other plans fail: {screen}"
    );
    assert!(screen.contains("Staged in "), "{screen}");
    assert!(screen.contains("✗ "), "a line per failure: {screen}");
    assert!(
        !screen.contains("staging ["),
        "the bar is gone at the end: {screen}"
    );
    let summary = screen
        .lines()
        .find(|l| l.starts_with("Staged in "))
        .unwrap();
    assert!(summary.chars().count() <= cols as usize, "{summary}");
    // Between the question (when still on screen) and the summary: the failures, each `✗ …` and
    // the rows it goes on to indented, so a reason is never cut mid-word by the terminal.
    let failures: Vec<&str> = screen
        .lines()
        .take_while(|l| !l.starts_with("Staged in "))
        .collect();
    let after_question = failures
        .iter()
        .rposition(|l| l.contains("Type yes to go ahead:"))
        .map_or(0, |i| i + 1);
    for line in &failures[after_question..] {
        assert!(
            line.starts_with("✗ ") || line.starts_with("  "),
            "{line:?} in {screen}"
        );
    }
}

#[test]
fn staging_in_many_chats_asks_shows_a_bar_and_sums_up_at_120x40() {
    stage_and_read_the_summary(120, 40);
}

#[test]
fn staging_in_many_chats_asks_shows_a_bar_and_sums_up_at_80x24() {
    stage_and_read_the_summary(80, 24);
}

#[test]
fn no_sends_nothing_and_ctrl_c_stops_with_130() {
    let tmux = Tmux::start(120, 40);
    asked(&tmux);
    tmux.type_line("no");
    assert_eq!(tmux.wait_for_shell(), "0");
    let screen = tmux.screen();
    assert!(
        screen.contains("share cancelled; nothing was staged"),
        "{screen}"
    );

    let tmux = Tmux::start(120, 40);
    asked(&tmux);
    tmux.type_line("yes");
    tmux.wait_for("the progress bar", |s| s.contains("staging ["));
    tmux.keys(&["C-c"]);
    assert_eq!(tmux.wait_for_shell(), "130");
    let screen = tmux.screen();
    assert!(screen.contains("nothing new starts"), "{screen}");
    assert!(
        screen.contains("interrupted;") && screen.contains("not started"),
        "{screen}"
    );
}
