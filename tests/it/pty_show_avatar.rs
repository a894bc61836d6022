//! `bloocard card get N --show-avatar` in a pseudo-terminal that plays the terminal: it answers
//! the one-shot probe as xterm -ti vt340 does (sixel drawn), or not at all (half blocks after the
//! bounded wait). Nothing of the probe is printed, and the command ends with 0 either way.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common;
use crate::terminal_pty::{collect_output, open_pty};

/// Runs the command on a PTY; `answer` is written once the DA1 query is seen. The output.
fn show_avatar(answer: Option<&[u8]>) -> String {
    let (master, slave) = open_pty(100, 40);
    let stdio = || Stdio::from(slave.try_clone().unwrap());
    let home = common::temp_home();
    let mut cmd = Command::new(common::BIN);
    common::clean_env(&mut cmd, home.path(), &common::state_dir())
        .args(["--demo", "card", "get", "+14155550123", "--show-avatar"])
        .stdin(stdio())
        .stdout(stdio())
        .stderr(stdio());
    let mut child = cmd.spawn().unwrap();
    let output = collect_output(&master);
    let text = || String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
    common::wait_until("the probe's DA1 query", || {
        text().contains("\x1b[c").then_some(()).ok_or_else(text)
    });
    if let Some(answer) = answer {
        (&master).write_all(answer).unwrap();
    }
    let status = common::wait_until("exit", || child.try_wait().unwrap().ok_or_else(text));
    assert_eq!(status.code(), Some(0), "{status:?}: {}", text());
    // The PTY is drained once the child is gone and its output read.
    std::thread::sleep(std::time::Duration::from_millis(100));
    text()
}

#[test]
fn a_terminal_with_sixel_gets_the_photo_as_sixel() {
    let out = show_avatar(Some(
        b"\x1bP>|XTerm(388)\x1b\\\x1b[6;17;8t\x1b[?63;1;2;4;6c",
    ));
    assert!(out.contains("Maya Lindqvist"), "{out}");
    assert!(out.contains(";0q\"1;1;"), "a sixel picture: {out:?}");
    assert!(!out.contains('▄'), "no half blocks");
}

#[test]
fn a_terminal_that_answers_nothing_gets_half_blocks_after_the_wait() {
    let out = show_avatar(None);
    assert!(out.contains("Maya Lindqvist"), "{out}");
    assert!(out.contains('▄'), "half blocks: {out:?}");
    assert!(!out.contains(";0q\"1;1;"), "no sixel");
}
