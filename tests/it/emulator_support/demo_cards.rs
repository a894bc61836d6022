//! The demo's first two numbers and their avatars, as the demo serves them: asked of the test
//! build's own binary (`bloocard --demo numbers`, `card get N --save-avatar`), once per test
//! process. The TUI selects the first number at start, and `j` moves to the second.

use std::process::Command;
use std::sync::OnceLock;

use crate::common;

pub struct DemoCard {
    pub number: String,
    /// The avatar file's bytes (a JPEG).
    pub avatar: Vec<u8>,
}

/// The first and the second number of the demo's list, with their avatars.
pub fn first_two() -> &'static [DemoCard; 2] {
    static CARDS: OnceLock<[DemoCard; 2]> = OnceLock::new();
    CARDS.get_or_init(|| {
        let listed = bloocard(&["--demo", "numbers"]);
        let mut numbers = listed
            .lines()
            .filter(|l| l.starts_with('+'))
            .filter_map(|l| l.split_whitespace().next());
        let mut card = || {
            let number = numbers
                .next()
                .expect("the demo lists two numbers")
                .to_owned();
            DemoCard {
                avatar: avatar_of(&number),
                number,
            }
        };
        [card(), card()]
    })
}

fn avatar_of(number: &str) -> Vec<u8> {
    let file = tempfile::Builder::new()
        .suffix(".jpg")
        .tempfile()
        .expect("a temporary file");
    let path = file.path().display().to_string();
    bloocard(&[
        "--demo",
        "card",
        "get",
        number,
        "--save-avatar",
        &path,
        "--force",
    ]);
    std::fs::read(file.path()).expect("card get --save-avatar wrote the avatar")
}

/// Runs the test build's binary with a private state dir; its stdout.
fn bloocard(args: &[&str]) -> String {
    let state = common::state_dir();
    let out = Command::new(common::BIN)
        .args(args)
        .env("XDG_STATE_HOME", &state)
        .env("XDG_CONFIG_HOME", &state)
        .env_remove("BLOOIO_API_KEY")
        .env_remove("BLOOCARD_PROFILE")
        .output()
        .expect("the test build of bloocard runs");
    assert!(
        out.status.success(),
        "bloocard {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
