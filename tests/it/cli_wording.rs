//! What the CLI says where a new user tripped (issue 19), run as a user runs it: the real binary,
//! against the demo backend over HTTP where a request is involved, and without a server where
//! nothing should be sent. Each refusal is one line, with the README's exit code, before any
//! request.

use std::process::{Command, Stdio};

use crate::common::{self, BIN, Demo};
use serde_json::json;

const MAYA: &str = "+14155550123";
const THEO_JPEG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-avatar-theo.jpg");

/// One line on stderr, starting `bloocard: `, holding `needle`; nothing on stdout.
fn one_line(run: &common::Run, code: i32, needle: &str) {
    assert_eq!(run.code, code, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("bloocard: "), "{}", run.stderr);
    assert!(
        run.stderr.contains(needle),
        "want {needle:?} in {}",
        run.stderr
    );
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

fn no_request(demo: &Demo) {
    assert!(demo.requests().is_empty(), "{:?}", demo.requests());
}

/// The binary with no server, no key and a private state dir; `env` on top.
fn local(args: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("BLOOIO_API_KEY")
        .env_remove("BLOOIO_BASE_URL")
        .env_remove("BLOOCARD_PROFILE")
        .env("XDG_STATE_HOME", common::state_dir());
    for (k, v) in env {
        cmd.env(k, v);
    }
    common::run(cmd)
}

#[test]
fn send_without_from_names_the_number_blooio_chose() {
    let demo = Demo::start();
    // The seeded long conversation is on Maya's number: the demo sends from the chat's own.
    let run = demo.run(&["send", "+14155550187", "--text", "hi"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .ends_with(" to +14155550187 from +14155550123 (chosen by Blooio: no --from)\n"),
        "{}",
        run.stdout
    );
    let sent = demo.requests();
    assert!(
        sent.iter().any(|r| r.method == "POST"
            && r.body
                .as_ref()
                .is_some_and(|b| b.get("from_number").is_none())),
        "sent without from_number: {sent:?}"
    );

    // When the messages cannot be read, the send still counts and says the sender is unknown.
    demo.reset();
    demo.fault(json!({"method": "GET", "path": "/messages", "times": 0,
        "action": {"kind": "status", "status": 500}}));
    let run = demo.run(&["send", "+14155550187", "--text", "again"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with(
            "; Blooio chose the number to send from (no --from) and did not say which\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_reused_idempotency_key_is_reported_as_a_replay_not_a_new_send() {
    let demo = Demo::start();
    let args = |text: &'static str| {
        vec![
            "send",
            "+15551112222",
            "--text",
            text,
            "--from",
            MAYA,
            "--idempotency-key",
            "abc123",
        ]
    };
    let first = demo.run(&args("hello"));
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.starts_with("Queued msg_"), "{}", first.stdout);
    let id = first.stdout.split_whitespace().nth(1).unwrap().to_owned();

    let again = demo.run(&args("a different text"));
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stdout,
        format!(
            "Not sent again: {id} to +15551112222 from {MAYA}; the idempotency key abc123 was \
             used before, so Blooio answered with that earlier send (HTTP 200) and sent nothing \
             new; use a new key for a new message\n"
        )
    );
    assert_eq!(demo.ctl.messages("+15551112222").len(), 1, "sent once");

    // --json keeps the server's answer exact; the replay is said on stderr.
    let mut json_args = args("third");
    json_args.push("--json");
    let run = demo.run(&json_args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&id), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("the idempotency key abc123 was used before"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_directory_as_an_output_file_is_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dir.jpg");
    std::fs::create_dir(&out).unwrap();
    let out = out.to_str().unwrap();
    for force in [false, true] {
        let mut args = vec!["avatar", "prepare", THEO_JPEG, "-o", out];
        if force {
            args.push("--force");
        }
        let run = local(&args, &[]);
        one_line(&run, 2, "dir.jpg is a directory; name a file to write");
    }

    let demo = Demo::start();
    for force in [false, true] {
        let mut args = vec!["card", "get", MAYA, "--save-avatar", out];
        if force {
            args.push("--force");
        }
        let run = demo.run(&args);
        one_line(&run, 2, "dir.jpg is a directory; name a file to write");
    }
    let run = demo.run(&["card", "get", MAYA, "--save-avatar", "-"]);
    one_line(
        &run,
        2,
        "--save-avatar - would mix the picture with the card's text",
    );
    no_request(&demo);
}

#[test]
fn avatar_prepare_to_stdout_writes_the_jpeg_for_a_pipe() {
    let out = Command::new(BIN)
        .args(["avatar", "prepare", THEO_JPEG, "-o", "-", "--size", "512"])
        .env("XDG_STATE_HOME", common::state_dir())
        .current_dir(tempfile::tempdir().unwrap().path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(&out.stdout[..3], &[0xFF, 0xD8, 0xFF], "a JPEG on stdout");
    let info = bloocard::avatar::inspect(&out.stdout).unwrap();
    assert_eq!((info.width, info.height), (512, 512));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("bloocard: input JPEG 640×640"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    let run = local(&["avatar", "prepare", THEO_JPEG, "-o", "-", "--json"], &[]);
    one_line(
        &run,
        2,
        "-o - writes the JPEG to stdout, so --json has nowhere to go",
    );
}

#[test]
fn a_photo_that_is_not_one_is_named_and_sizes_read_as_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("text.jpg");
    std::fs::write(&text, "hello, not a photo\n").unwrap();
    let text = text.to_str().unwrap();
    let demo = Demo::start();
    let run = demo.run(&["card", "set", MAYA, "--avatar", text]);
    one_line(
        &run,
        6,
        &format!("{text}: the data is not an image bloocard can read"),
    );
    no_request(&demo);

    // A 210 MB photo (sparse, so it costs no disk) is refused by its size, in the one format.
    let huge = dir.path().join("huge.jpg");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(210 * 1024 * 1024)
        .unwrap();
    let out = dir.path().join("x.jpg");
    let run = local(
        &[
            "avatar",
            "prepare",
            huge.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    one_line(
        &run,
        6,
        "the file is 210 MB, more than the 200 MB an input photo may be",
    );
}

#[test]
fn key_and_config_errors_name_the_real_file() {
    let config_home = tempfile::tempdir().unwrap();
    let home = config_home.path().to_str().unwrap();
    let run = local(&["numbers"], &[("XDG_CONFIG_HOME", home)]);
    one_line(
        &run,
        3,
        &format!("add a profile to {home}/bloocard/config.toml (see `bloocard config`)"),
    );

    let dir = tempfile::tempdir().unwrap();
    let key_dir = dir.path().join("dir.jpg");
    std::fs::create_dir(&key_dir).unwrap();
    let key_dir = key_dir.to_str().unwrap();
    let run = local(&["numbers", "--api-key-file", key_dir], &[]);
    one_line(
        &run,
        3,
        &format!("the API key file {key_dir} is a directory, not a file"),
    );
    assert!(!run.stderr.contains("chmod"), "{}", run.stderr);

    let empty = dir.path().join("empty.key");
    std::fs::write(&empty, "").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&empty, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let empty = empty.to_str().unwrap();
    let run = local(&["numbers", "--api-key-file", empty], &[]);
    one_line(&run, 3, &format!("the API key file {empty} is empty"));

    let missing = dir.path().join("missing.key");
    let run = local(
        &["numbers", "--api-key-file", missing.to_str().unwrap()],
        &[],
    );
    one_line(&run, 3, "missing.key: no such file or directory");
}

#[test]
fn a_refused_connection_says_nothing_was_sent() {
    let dead = common::faults::dead_base_url();
    let run = local(
        &["send", "+15559876543", "--text", "hi", "--from", MAYA],
        &[
            ("BLOOIO_BASE_URL", &dead),
            ("BLOOIO_API_KEY", common::CANARY_KEY),
        ],
    );
    one_line(
        &run,
        5,
        "the connection was refused (nothing is listening there); nothing was sent",
    );
    assert!(!run.stderr.contains("may have been sent"), "{}", run.stderr);
    assert!(!run.stderr.contains("--idempotency-key"), "{}", run.stderr);
}

#[test]
fn sharing_reads_in_words() {
    let demo = Demo::start();
    let run = demo.run(&["card", "set", MAYA, "--name-format", "first"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("  Sharing       on, always ask, first name only\n"),
        "{}",
        run.stdout
    );
}
