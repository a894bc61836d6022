//! The interaction model in a real terminal emulator: `bloocard --demo --image halfblocks` typed
//! into a shell inside tmux (a private socket per test), keys sent one by one as a person types
//! them, the screen polled (never a fixed sleep) until it shows what it should.
//!
//! Skipped, with a note, where tmux is not installed (`.ci/run` installs it).

use std::process::Command;
use std::time::{Duration, Instant};

/// Generous: a loaded 2-core machine can take seconds to draw a debug build's first frame.
const LIMIT: Duration = Duration::from_secs(30);

struct Tmux {
    socket: String,
}

impl Tmux {
    /// A shell in a fresh tmux server of `width`×`height`, or `None` without tmux.
    fn start(name: &str, width: u16, height: u16) -> Option<Self> {
        let socket = format!("bloocard-model-{name}-{}", std::process::id());
        let ok = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", &width.to_string(), "-y", &height.to_string(), "sh"])
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("tmux is not available: skipped");
            return None;
        }
        Some(Self { socket })
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    /// Types `text` literally, as one burst (a command line).
    fn type_line(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
        self.tmux(&["send-keys", "Enter"]);
    }

    /// One key (tmux key name), then waits until the screen shows `until`.
    fn key(&self, key: &str, until: &str) {
        self.tmux(&["send-keys", key]);
        self.wait_for(until);
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return;
            }
            assert!(
                start.elapsed() < LIMIT,
                "waited {LIMIT:?} for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `text` is gone from the screen.
    fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        while self.screen().contains(text) {
            assert!(
                start.elapsed() < LIMIT,
                "waited {LIMIT:?} for {text:?} to go; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn launch(&self) {
        self.type_line(&format!(
            "{} --demo --image halfblocks",
            env!("CARGO_BIN_EXE_bloocard")
        ));
        self.wait_for("Enter load card");
        self.wait_for("Recipients see: Maya Lindqvist");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

#[test]
fn esc_keeps_the_typed_name_and_q_asks_then_s_saves_and_quits() {
    let Some(t) = Tmux::start("save", 100, 30) else {
        return;
    };
    t.launch();
    t.key("Tab", "Enter/i edit");
    // Not editing: letters are not text (`x` is bound to nothing in the card).
    t.key("x", "Enter/i edit");
    assert!(t.screen().contains("First name Maya "), "{}", t.screen());
    t.key("i", "Esc done (keeps text)");
    t.key("y", "First name Mayay");
    t.key("Escape", "Enter/i edit");
    assert!(t.screen().contains("*First name Mayay"), "{}", t.screen());
    t.key("q", "Quit and lose them?");
    t.key("n", "Enter/i edit");
    assert!(
        t.screen().contains("Mayay"),
        "n went back with the edit kept"
    );
    t.key("q", "s: save the card, then quit");
    t.tmux(&["send-keys", "s"]);
    t.wait_gone("Card +");
    t.wait_for("--demo --image halfblocks");
}

#[test]
fn u_reverts_a_field_and_capital_u_asks_for_more_at_80x24() {
    let Some(t) = Tmux::start("revert", 80, 24) else {
        return;
    };
    t.launch();
    t.key("Tab", "Enter/i edit");
    t.key("Enter", "Esc done (keeps text)");
    t.key("z", "Mayaz");
    t.key("Enter", "› Last name");
    t.key("j", "Space toggle");
    t.key("Space", "[ ] Share Name & Photo");
    t.key("u", "Reverted the sharing");
    t.key("k", "Enter/i edit");
    t.key("k", "›*First name Mayaz");
    t.key("j", "› Last name");
    t.key("j", "Space toggle");
    t.key("Space", "[ ] Share Name & Photo");
    t.key(
        "U",
        "Revert the first name and sharing to the card as loaded?",
    );
    t.key("y", "Reverted the first name and sharing");
    assert!(t.screen().contains("First name Maya "), "{}", t.screen());
    t.tmux(&["send-keys", "q"]);
    t.wait_gone("Card +");
}
