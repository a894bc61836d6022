//! Bad input is refused before anything is sent: each case runs the real binary against the
//! demo backend and checks the exit code, that stderr is one line naming the rule, and on the
//! server side that no request arrived. Also: clap's errors trimmed, which help lists which
//! flags, and the exits for a missing terminal and a taken port.

use crate::common;

use std::process::Command;

use crate::common::{BIN, Demo};

const MAYA: &str = "+14155550123";

/// Runs `args`, expects `code` with one line on stderr containing `needle`, and no request.
fn refused(demo: &Demo, args: &[&str], env: &[(&str, &str)], code: i32, needle: &str) {
    let mut env = env.to_vec();
    env.push(("BLOOIO_API_KEY", common::CANARY_KEY));
    let run = demo.run_env(args, &env);
    assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
    assert!(run.stderr.starts_with("bloocard: "), "{}", run.stderr);
    assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    assert!(
        demo.requests().is_empty(),
        "{args:?} made a request: {:?}",
        demo.requests()
    );
}

#[test]
fn card_get_12345_is_refused_naming_the_e164_rule_and_nothing_is_sent() {
    let demo = Demo::start();
    refused(
        &demo,
        &["card", "get", "12345"],
        &[],
        2,
        "\"12345\" is not an E.164 phone number: + and 7 to 15 digits",
    );
    refused(
        &demo,
        &["card", "set", "+1 415 555 0123", "--first-name", "A"],
        &[],
        2,
        "E.164",
    );
    // The default number is checked too, and the error names the variable it came from.
    refused(
        &demo,
        &["card", "get"],
        &[("BLOOIO_FROM_NUMBER", "4155550123")],
        2,
        "BLOOIO_FROM_NUMBER (environment): \"4155550123\" is not an E.164 phone number",
    );
    refused(&demo, &["card", "get"], &[], 2, "which number?");
}

#[test]
fn a_name_over_the_limit_is_refused_naming_the_rule_and_nothing_is_sent() {
    let demo = Demo::start();
    let long = "A".repeat(bloocard::validate::NAME_MAX_CHARS + 16);
    refused(
        &demo,
        &["card", "set", MAYA, "--first-name", &long],
        &[],
        2,
        "--first-name \"AAAAAAAAAAAAAAAAAAAA…\" is not a name Blooio takes: 80 characters, more than the 64 allowed",
    );
    refused(
        &demo,
        &["card", "set", MAYA, "--last-name", "Ada\tLovelace"],
        &[],
        2,
        "--last-name \"Ada Lovelace\" is not a name Blooio takes: a control character",
    );
    // At the limit it goes through, and the demo (which checks the same number) stores it.
    let at_limit = "é".repeat(bloocard::validate::NAME_MAX_CHARS);
    let run = demo.run(&["card", "set", MAYA, "--first-name", &at_limit]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        demo.ctl.card(MAYA).unwrap()["first_name"].as_str(),
        Some(at_limit.as_str())
    );
}

#[test]
fn chats_urls_senders_and_idempotency_keys_follow_their_rules() {
    let demo = Demo::start();
    let send = |extra: &[&str]| {
        let mut args = vec!["send", "+14155550999", "--text", "hi"];
        args.extend_from_slice(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["share".into(), "415-555-0999".into()],
            "is not a chat: an E.164 phone",
        ),
        (
            vec!["send".into(), "grp_".into(), "--text".into(), "x".into()],
            "is not a chat",
        ),
        (
            send(&["--attach", "http://example.com/a.jpg"]),
            "--attach \"http://example.com/a.jpg\" is not an attachment URL: an https:// URL",
        ),
        (
            send(&["--attach", "file:///etc/passwd"]),
            "is not an attachment URL",
        ),
        (
            send(&["--from", "0123"]),
            "--from \"0123\" is not an E.164 phone number",
        ),
        (
            send(&["--idempotency-key", "has space"]),
            "--idempotency-key \"has space\" is not an idempotency key: 1 to 255 visible ASCII",
        ),
    ];
    for (args, needle) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&demo, &args, &[], 2, needle);
    }
}

#[test]
fn a_good_send_still_goes_through() {
    let demo = Demo::start();
    let run = demo.run(&[
        "send",
        "+14155550999, a@example.com",
        "--text",
        "hi",
        "--from",
        MAYA,
        "--attach",
        "https://example.com/a.jpg",
        "--idempotency-key",
        "retry-1",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sends = demo.requests();
    assert_eq!(sends.len(), 1);
    let sent = serde_json::to_value(&sends[0]).unwrap();
    // The list is sent without the space the user typed after the comma.
    assert!(
        sent["path"]
            .as_str()
            .unwrap()
            .contains("%2B14155550999%2Ca%40example.com"),
        "{sent}"
    );
    assert_eq!(sent["idempotency_key"], "retry-1");
}

#[test]
fn usage_errors_are_trimmed_to_three_lines_at_most() {
    let demo = Demo::start();
    let run = demo.run(&["numbers", "--jsn"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "bloocard: unexpected argument '--jsn' found\n  tip: a similar argument exists: '--json'\nTry 'bloocard numbers --help'.\n"
    );
    for args in [
        &["card"][..],
        &["card", "set", "--audience", "sometimes"],
        &["frobnicate"],
        &["numbers", "--mouse"],
    ] {
        let run = demo.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.lines().count() <= 3, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("--help"), "{args:?}: {}", run.stderr);
    }
    assert!(demo.requests().is_empty());
}

#[test]
fn help_lists_only_what_applies() {
    let demo = Demo::start();
    let top = demo.run(&["--help"]);
    assert_eq!(top.code, 0);
    assert!(top.stdout.contains("--image") && top.stdout.contains("--mouse"));
    for sub in [
        &["numbers", "--help"][..],
        &["card", "get", "--help"],
        &["send", "--help"],
    ] {
        let help = demo.run(sub).stdout;
        assert!(
            !help.contains("--image") && !help.contains("--mouse"),
            "{sub:?}: {help}"
        );
        assert!(help.contains("--profile"), "{sub:?}: {help}");
    }
    let set = demo.run(&["card", "set", "-h"]).stdout;
    let line = |flag: &str| {
        set.lines()
            .find(|l| l.trim_start().starts_with(flag))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        line("--first-name <NAME>").ends_with(
            "First name recipients see (Dedicated plans only; at most 64 characters; \"\" clears it)"
        ),
        "{set}"
    );
    assert!(
        line("--last-name <NAME>").ends_with(
            "Last name recipients see (Dedicated plans only; at most 64 characters; \"\" clears it)"
        ),
        "{set}"
    );
    let share = demo.run(&["share", "--help"]).stdout;
    assert!(
        share.contains("the card that arrives is that of the number"),
        "{share}"
    );
}

#[test]
fn the_tui_without_a_terminal_exits_7_with_a_sentence() {
    let mut cmd = Command::new(BIN);
    cmd.arg("--demo")
        .env("XDG_STATE_HOME", common::state_dir())
        .env_remove("BLOOIO_API_KEY");
    let run = common::run(cmd);
    assert_eq!(run.code, 9, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "bloocard: --demo opens the TUI, which needs a terminal, and stdin or stdout is not one; add a subcommand for a script (bloocard --demo numbers)\n"
    );
}

#[test]
fn demo_server_on_a_taken_port_exits_7_with_a_sentence() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut cmd = Command::new(BIN);
    cmd.args(["demo-server", "--port", &port])
        .env("XDG_STATE_HOME", common::state_dir());
    let run = common::run(cmd);
    assert_eq!(run.code, 9, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "bloocard: port {port} on 127.0.0.1 is already in use; pick another with --port (--port 0 takes a free one)\n"
        )
    );
    assert!(run.stdout.is_empty());
}

/// `avatar prepare IN -o OUT` with no key and no server.
fn prepare(dir: &std::path::Path, args: &[&str]) -> common::Run {
    let mut cmd = Command::new(BIN);
    cmd.args(["avatar", "prepare"])
        .args(args)
        .current_dir(dir)
        .env_remove("BLOOIO_API_KEY")
        .env("XDG_STATE_HOME", common::state_dir());
    common::run(cmd)
}

#[test]
fn avatar_prepare_never_overwrites_its_input_and_asks_for_force_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("p.jpg");
    let original = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo-avatar-theo.jpg"
    ))
    .unwrap();
    std::fs::write(&photo, &original).unwrap();
    std::os::unix::fs::symlink(&photo, dir.path().join("link.jpg")).unwrap();
    std::fs::hard_link(&photo, dir.path().join("hard.jpg")).unwrap();
    let abs = photo.to_str().unwrap().to_owned();
    let up = format!(
        "../{}/p.jpg",
        dir.path().file_name().unwrap().to_str().unwrap()
    );
    let names = [
        "p.jpg",
        "./p.jpg",
        "link.jpg",
        "hard.jpg",
        abs.as_str(),
        up.as_str(),
    ];
    for out in names {
        for force in [false, true] {
            let mut args = vec!["p.jpg", "-o", out];
            if force {
                args.push("--force");
            }
            let run = prepare(dir.path(), &args);
            assert_eq!(run.code, 2, "-o {out}: {}", run.stderr);
            assert_eq!(
                run.stderr,
                format!("bloocard: {out} is the input file p.jpg; choose another output\n")
            );
        }
    }
    assert_eq!(
        std::fs::read(&photo).unwrap(),
        original,
        "the photo is untouched"
    );

    std::fs::write(dir.path().join("other.jpg"), b"keep me").unwrap();
    let run = prepare(dir.path(), &["p.jpg", "-o", "other.jpg"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "bloocard: other.jpg already exists; pass --force to replace it\n"
    );
    assert_eq!(
        std::fs::read(dir.path().join("other.jpg")).unwrap(),
        b"keep me"
    );
    let run = prepare(
        dir.path(),
        &["p.jpg", "-o", "other.jpg", "--force", "--size", "512"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read(dir.path().join("other.jpg")).unwrap();
    assert_eq!(&written[..2], &[0xFF, 0xD8]);
    let run = prepare(dir.path(), &["p.jpg", "-o", "new.jpg", "--size", "512"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
