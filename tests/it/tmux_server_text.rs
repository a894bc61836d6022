//! Issue 19 in a real terminal: a card whose name is `"\u001b[31mRED\u0007"` (the SGR that turns
//! text red, then BEL) showed `[31mRED` in the TUI and in `card get`. Typed at a shell in tmux,
//! against the demo backend over HTTP: the TUI and the CLI show `RED` and nothing of the
//! sequence, and nothing they print turns the terminal red. Also what a person types that must be
//! refused on a terminal: `avatar prepare … -o -` (a JPEG would garble it) and the TUI's `o`
//! given a directory.

use std::path::Path;

use crate::common::{self, BIN, Demo};
use crate::tmux_support::Tmux;
use serde_json::json;

const MAYA: &str = "+14155550123";
const THEO_JPEG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-avatar-theo.jpg");

/// The demo with Maya's card named as in the issue (the demo's own validation would refuse it,
/// so its `respond` fault answers the card read), and a key file for it (0600).
fn red_demo(dir: &Path) -> (Demo, String) {
    let demo = Demo::start();
    demo.fault(
        json!({"method": "GET", "path": "%2B14155550123/contact-card", "times": 0,
        "action": {"kind": "respond", "body": {
            "phone_number": MAYA, "first_name": "\u{1b}[31mRED\u{7}",
            "last_name": "\u{1b}]0;pwned\u{7}Lind", "has_wallpaper": false,
            "sharing": {"enabled": true, "audience": 1, "name_format": 0}}}}),
    );
    let key = dir.join("demo.key");
    std::fs::write(&key, format!("{}\n", common::CANARY_KEY)).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let line = format!(
        "BLOOIO_BASE_URL={} {BIN} --api-key-file {}",
        demo.base,
        key.display()
    );
    (demo, line)
}

/// The pane with its colours (`capture-pane -e`): no red foreground anywhere.
fn assert_not_red(tmux: &Tmux, when: &str) {
    let out = tmux.run(&["capture-pane", "-e", "-p"]);
    let styled = String::from_utf8_lossy(&out.stdout);
    for red in ["\x1b[31m", ";31m", "[31;"] {
        assert!(
            !styled.contains(red),
            "{when}: red text on screen:\n{styled}"
        );
    }
}

fn shows_red_only(tmux: &Tmux) {
    let dir = tempfile::tempdir().unwrap();
    let (_demo, line) = red_demo(dir.path());
    tmux.type_line(&format!("{line}; echo \"exit=$?\""));
    tmux.wait_for_numbers();
    let screen = tmux.wait_for("the card with its name", |s| s.contains("First name RED"));
    for trace in ["[31m", "31m", "pwned", "]0;"] {
        assert!(!screen.contains(trace), "{trace:?} on screen:\n{screen}");
    }
    assert!(screen.contains("Last name  Lind"), "{screen}");
    assert_not_red(tmux, "the TUI");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0");

    // The CLI, at the same prompt.
    tmux.type_line("clear");
    tmux.type_line(&format!("{line} card get {MAYA}"));
    let screen = tmux.wait_for("card get's view", |s| s.contains("Last name"));
    assert!(screen.contains("Display name  RED Lind"), "{screen}");
    assert!(screen.contains("First name    RED"), "{screen}");
    assert!(
        !screen.contains("[31m") && !screen.contains("pwned"),
        "{screen}"
    );
    assert_not_red(tmux, "card get");
}

#[test]
fn a_name_with_an_sgr_sequence_shows_as_its_text_at_120x40() {
    shows_red_only(&Tmux::start(120, 40));
}

#[test]
fn a_name_with_an_sgr_sequence_shows_as_its_text_at_80x24() {
    shows_red_only(&Tmux::start(80, 24));
}

#[test]
fn a_jpeg_for_stdout_is_refused_on_a_terminal_and_goes_through_a_pipe() {
    let tmux = Tmux::start(120, 40);
    let dir = tempfile::tempdir().unwrap();
    tmux.type_line(&format!("cd {}", dir.path().display()));
    tmux.type_line(&format!(
        "{BIN} avatar prepare {THEO_JPEG} -o -; echo \"exit=$?\""
    ));
    let screen = tmux.wait_for("the refusal", |s| s.lines().any(|l| l.starts_with("exit=")));
    assert!(
        screen.contains("bloocard: -o - writes the JPEG to stdout, and stdout is a terminal"),
        "{screen}"
    );
    assert!(screen.contains("exit=2"), "{screen}");
    assert!(!dir.path().join("-").exists(), "no file named -");

    tmux.type_line(&format!(
        "{BIN} avatar prepare {THEO_JPEG} -o - | wc -c; echo \"piped=$?\""
    ));
    let screen = tmux.wait_for("the pipe", |s| s.lines().any(|l| l.starts_with("piped=")));
    assert!(screen.contains("bloocard: input JPEG 640×640"), "{screen}");
    assert!(screen.contains("piped=0"), "{screen}");
}

#[test]
fn the_tuis_save_avatar_refuses_a_directory_without_asking_to_replace_it() {
    let tmux = Tmux::start(120, 40);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("dir.jpg");
    std::fs::create_dir(&target).unwrap();
    tmux.launch("--demo");
    tmux.wait_for_numbers();
    tmux.keys(&["Tab"]);
    tmux.wait_for("the card pane to take the focus", |s| s.contains("▶ Card"));
    tmux.wait_for("Maya's avatar", |s| s.contains("640×640"));
    tmux.keys(&["o"]);
    tmux.wait_for("the path line", |s| s.contains("Tab complete"));
    // The field offers a file name in the home folder: cleared first (start of line, cut to end).
    tmux.keys(&["C-a", "C-k"]);
    tmux.wait_for("the field to be empty", |s| {
        !s.contains("avatar-14155550123.jpg")
    });
    tmux.type_line(&target.display().to_string());
    let screen = tmux.wait_for("the refusal", |s| {
        s.contains("is a directory; name a file to write")
    });
    assert!(
        !screen.contains("replace"),
        "no replace question:\n{screen}"
    );
    assert!(target.is_dir(), "left as it was");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0");
}
