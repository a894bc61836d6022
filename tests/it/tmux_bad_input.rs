//! What the lead checked by hand before the stop, in a real terminal emulator: `bloocard` with
//! default options typed at a shell in tmux, at 120×40 and 80×24, against the demo backend (in
//! the test, so its request record can be read; the URL and key are in the shell's environment).
//! Keys that mean nothing change nothing, on screen or on the server; a photo path that does not
//! exist and a chat that is not one are refused on screen with the reason; `q` with an unsent
//! message asks, and `y` gives the shell back.

use crate::common::{CANARY_KEY, Demo, wait_until};
use crate::tmux_support::{Tmux, selected_number};

/// Keys no context binds where the app starts (the numbers list).
const UNBOUND: [&str; 5] = ["x", "Z", "F5", "C-x", "%"];

fn wrong_keys_and_bad_input(cols: u16, rows: u16) {
    let demo = Demo::start();
    let tmux = Tmux::start_with_env(
        cols,
        rows,
        &[
            ("BLOOIO_BASE_URL", &demo.base),
            ("BLOOIO_API_KEY", CANARY_KEY),
        ],
    );
    tmux.launch("");
    let screen = tmux.wait_for_numbers();
    let first = selected_number(&screen).expect("a number is selected once the list is in");

    // Settled: the first card read, its avatar decoded and drawn (the facts under it), and the
    // same screen and request count three polls running.
    let card_read = |demo: &Demo| {
        demo.requests()
            .iter()
            .any(|r| r.method == "GET" && r.path.ends_with("/contact-card"))
    };
    let mut seen: Vec<(String, usize)> = Vec::new();
    let (before, requests) = wait_until("the first card read and a still screen", || {
        let now = (tmux.screen(), demo.requests().len());
        seen.push(now.clone());
        let still = seen.len() >= 3 && seen[seen.len() - 3..].iter().all(|s| *s == now);
        let drawn = now.0.contains(&first)
            && now.0.contains("· current")
            && !now.0.contains("decoding…")
            && !now.0.contains("Loading");
        if still && drawn && card_read(&demo) {
            Ok((now.0, demo.requests()))
        } else {
            Err(now.0)
        }
    });

    // Keys no context binds: nothing moves, nothing opens, nothing is sent. `?` and Esc after
    // them (the help, opened and closed: nothing either) prove they were read, not still queued.
    tmux.keys(&UNBOUND);
    tmux.keys(&["?"]);
    tmux.wait_for_text("Esc closes");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Esc closes");
    // (Should a minute turn in between, "2 min ago" would read "3 min ago": the seed's times
    // are minutes before the backend started, and this runs seconds after.)
    let after = wait_until("return to the screen from before the unbound keys", || {
        let now = tmux.screen();
        if now == before {
            Ok(now)
        } else {
            Err(format!("before:\n{before}\nnow:\n{now}"))
        }
    });
    assert!(tmux.alternate_on(), "still running:\n{after}");
    assert_eq!(
        demo.requests(),
        requests,
        "the unbound keys {UNBOUND:?} sent nothing"
    );

    // A key that does work, after them, still works.
    tmux.keys(&["j"]);
    tmux.wait_for("j to move the selection after the unbound keys", |s| {
        selected_number(s).is_some_and(|n| n != first)
    });
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
    // Esc dismisses the refusal. Waited for: an Esc that shares a read with the next key is Alt
    // and that key (here Alt-Tab, which moves nothing; this test failed so 1 run in 5 at load 20).
    tmux.keys(&["Escape"]);
    tmux.wait_gone("does not exist");

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
