//! `bloocard fleet apply` in a real terminal (tmux, a private socket per test), as a person runs
//! it: the plan, the question, `yes` typed, a line per number under the progress bar, the closing
//! line and the exit code; and a "no" that writes nothing. The screen is polled, never slept on.

use crate::common;

use std::process::Command;
use std::time::{Duration, Instant};

use crate::fleet_support::*;

const DEADLINE: Duration = Duration::from_secs(20);

/// A tmux server of this test's own, killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, command: &str) -> Tmux {
        let socket = format!("bloocard-fleet-{name}-{}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
                command,
            ])
            .status()
            .unwrap();
        assert!(status.success());
        Tmux { socket }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-J", "-S", "-200"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, text: &str) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "no {text:?} on screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn type_line(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", text, "Enter"])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// The shell line that runs `bloocard ARGS` against `demo` and then shows its exit code.
fn shell_line(demo: &common::Demo, args: &str) -> String {
    format!(
        "env BLOOIO_BASE_URL={} BLOOIO_API_KEY={} XDG_STATE_HOME={} {} {args}; echo EXIT=$?; sleep 60",
        demo.base,
        common::CANARY_KEY,
        demo.state.display(),
        common::BIN
    )
}

#[test]
fn apply_asks_on_a_terminal_and_prints_each_number_as_it_finishes() {
    let demo = fleet_demo(12);
    let dir = workdir();
    let file = card_file(
        &dir,
        &listed(&["+12025550102", "+12025550104", "+12025550100"], ""),
    );
    let tmux = Tmux::start(
        "yes",
        &shell_line(&demo, &format!("fleet apply {}", file.display())),
    );
    let screen = tmux.wait_for("Type yes to go ahead:");
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
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
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

#[test]
fn any_answer_but_yes_writes_nothing() {
    let demo = fleet_demo(12);
    let dir = workdir();
    let file = card_file(&dir, &listed(&["+12025550102"], ""));
    let tmux = Tmux::start(
        "no",
        &shell_line(&demo, &format!("fleet apply {}", file.display())),
    );
    tmux.wait_for("Type yes to go ahead:");
    tmux.type_line("n");
    let screen = tmux.wait_for("EXIT=");
    assert!(
        screen.contains("apply cancelled; nothing was written"),
        "{screen}"
    );
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert_eq!(count(&demo.requests(), "PUT"), 0);
}
