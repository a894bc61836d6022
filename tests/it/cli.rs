//! Every CLI subcommand, run as a user would: the real binary against the embedded demo backend
//! on loopback (`demo-server --faults` itself is checked too). Asserts stdout, stderr and exit
//! codes, what reached the server, and that the API key never appears in any output or the log.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{BIN, CANARY_KEY, Demo};
use serde_json::{Value, json};

const MAYA: &str = "+14155550123";
const SHARED: &str = "+16465550172";

fn start() -> Demo {
    Demo::start()
}

fn requests(demo: &Demo) -> Vec<Value> {
    demo.requests()
        .into_iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect()
}

#[test]
fn demo_server_prints_its_url_and_key_first() {
    let mut child = Command::new(BIN)
        .args(["demo-server", "--faults"])
        .env("XDG_STATE_HOME", common::state_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = lines.next().unwrap().unwrap();
    let key = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let base = base.strip_prefix("BLOOIO_BASE_URL=").unwrap();
    assert!(base.starts_with("http://127.0.0.1:") && base.ends_with("/v2/api"));
    assert!(
        key.strip_prefix("BLOOIO_API_KEY=")
            .unwrap()
            .starts_with("bl_demo_")
    );
}

#[test]
fn numbers_as_a_table_and_as_json() {
    let demo = start();
    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("NUMBER") && lines[0].contains("LAST ACTIVE"));
    assert!(run.stdout.contains(MAYA) && run.stdout.contains("dedicated"));
    assert!(run.stdout.contains(SHARED) && run.stdout.contains("shared"));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("trial") && l.contains(" no "))
    );

    let run = demo.run(&["--json", "numbers"]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["numbers"].as_array().unwrap().len(), 5);
    // Global options may also come after the subcommand.
    assert_eq!(demo.run(&["numbers", "--json"]).stdout, run.stdout);
    assert!(demo.log().contains("response"), "the debug log was written");
    assert!(!demo.log().contains(CANARY_KEY), "key in the log");
}

#[test]
fn card_get_in_words_and_as_the_api_returned_it() {
    let demo = start();
    let run = demo.run(&["card", "get", MAYA]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Display name  Maya Lindqvist"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Sharing       on, always ask, first & last name")
    );
    assert!(run.stdout.contains("Wallpaper     set"));
    assert!(run.stdout.contains("Avatar        JPEG 640×640"));

    let run = demo.run(&["card", "get", MAYA, "--json"]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["first_name"], "Maya");
    assert_eq!(v["sharing"]["audience"], 1);
    assert!(v["avatar"].as_str().unwrap().len() > 1000);
}

#[test]
fn card_get_saves_the_avatar_and_refuses_to_draw_into_a_pipe() {
    let demo = start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("maya.jpg");
    let run = demo.run(&["card", "get", MAYA, "--save-avatar", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");

    // The file now exists: refused before the card is fetched, the file untouched; --force replaces.
    std::fs::write(&file, b"mine").unwrap();
    demo.reset();
    let run = demo.run(&["card", "get", MAYA, "--save-avatar", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("already exists; pass --force"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(demo.requests().is_empty(), "{:?}", demo.requests());
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
    let path = file.to_str().unwrap();
    let run = demo.run(&["card", "get", MAYA, "--save-avatar", path, "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);

    let run = demo.run(&["card", "get", MAYA, "--show-avatar"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("stdout is not one"), "{}", run.stderr);
}

#[test]
fn card_set_sends_only_given_fields_and_shows_the_card_after() {
    let demo = start();
    let run = demo.run(&[
        "card",
        "set",
        MAYA,
        "--first-name",
        "Mia",
        "--audience",
        "contacts",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Updated.\n"));
    assert!(run.stdout.contains("First name    Mia"));
    assert!(
        run.stdout
            .contains("Sharing       on, contacts only, first & last name")
    );

    let puts: Vec<Value> = requests(&demo)
        .into_iter()
        .filter(|r| r["method"] == "PUT")
        .collect();
    assert_eq!(puts.len(), 1);
    assert_eq!(
        puts[0]["body"],
        json!({"first_name": "Mia", "sharing": {"audience": 0}})
    );
    assert!(puts[0]["path"].as_str().unwrap().contains("%2B14155550123"));

    let run = demo.run(&["card", "get", MAYA]);
    assert!(
        run.stdout.contains("Display name  Mia Lindqvist"),
        "{}",
        run.stdout
    );
}

#[test]
fn card_set_on_a_shared_number_explains_the_plan() {
    let demo = start();
    let run = demo.run(&["card", "set", SHARED, "--last-name", "X"]);
    assert_eq!(run.code, 4);
    assert!(
        run.stderr
            .starts_with("bloocard: Blooio refused this request (HTTP 403"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("needs a Dedicated plan, and +16465550172 is on the shared plan")
    );
    assert_eq!(run.stderr.lines().count(), 1);
    // Sharing settings still work there.
    let run = demo.run(&["card", "set", SHARED, "--sharing", "off"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Sharing       off"));
}

#[test]
fn card_set_with_nothing_to_change_is_a_usage_error() {
    let demo = start();
    let run = demo.run(&["card", "set", MAYA]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nothing to change"));
    let run = demo.run(&["card", "set", MAYA, "--audience", "sometimes"]);
    assert_eq!(run.code, 2);
}

#[test]
fn share_then_send_carries_the_card_from_the_chosen_number() {
    let demo = start();
    let chat = "+14155550999";
    let run = demo.run(&["share", chat]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!("Staged for {chat}")),
        "{}",
        run.stdout
    );

    let run = demo.run(&[
        "send",
        chat,
        "--text",
        "Hi there",
        "--from",
        MAYA,
        "--attach",
        "https://example.com/a.jpg",
        "--share-contact",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Queued msg_"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("from +14155550123, with your contact card")
    );

    let sends: Vec<Value> = requests(&demo)
        .into_iter()
        .filter(|r| r["method"] == "POST" && r["path"].as_str().unwrap().ends_with("/messages"))
        .collect();
    assert_eq!(sends.len(), 1);
    assert_eq!(
        sends[0]["body"],
        json!({"text": "Hi there", "attachments": ["https://example.com/a.jpg"],
               "share_contact": true, "from_number": MAYA})
    );
    assert!(
        sends[0]["path"]
            .as_str()
            .unwrap()
            .contains("%2B14155550999")
    );
    assert!(
        sends[0]["idempotency_key"]
            .as_str()
            .is_some_and(|k| k.len() >= 32)
    );
}

#[test]
fn send_json_and_usage_errors() {
    let demo = start();
    let run = demo.run(&[
        "send",
        "a@example.com",
        "--text",
        "hey",
        "--from",
        MAYA,
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["status"], "queued");
    assert!(v["message_id"].as_str().unwrap().starts_with("msg_"));

    let run = demo.run(&["send", "a@example.com"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nothing to send"));
    let run = demo.run(&["send", "a@example.com", "--attach", "file:///etc/passwd"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("is not an attachment URL: an https:// URL")
    );
}

#[test]
fn a_wrong_key_is_refused_without_being_shown() {
    let demo = start();
    let wrong = "bl_live_WRONG_4e8c1d";
    let run = demo.run_with_key(wrong, &["numbers"]);
    assert_eq!(run.code, 4);
    assert!(
        run.stderr
            .starts_with("bloocard: Blooio rejected the API key (HTTP 401"),
        "{}",
        run.stderr
    );
    assert!(!demo.log().contains(wrong));
}

#[test]
fn configuration_errors_exit_3() {
    let demo = start();
    let run = demo.run_env(&["numbers"], &[]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("no API key"));

    let run = demo.run(&["numbers", "--base-url", "http://api.example.com/v2/api"]);
    assert_eq!(run.code, 3);
    assert!(
        run.stderr
            .contains("refusing to send the API key over plain http")
    );
}

#[test]
fn server_failures_exit_5_with_the_cause() {
    let demo = start();
    demo.fault(json!({"path": "/me/numbers", "times": 0,
        "action": {"kind": "status", "status": 500, "message": "database on fire"}}));
    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 5);
    // The demo gives a forced 500 the code `server_error`, as Blooio's error body carries one.
    assert_eq!(
        run.stderr,
        "bloocard: Blooio had a server error (HTTP 500 server_error: \"database on fire\")\n"
    );

    let demo = start();
    demo.fault(json!({"path": "/me/numbers", "action": {"kind": "malformed_json"}}));
    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 5);
    assert!(
        run.stderr
            .contains("cannot read (HTTP 200): the body is not JSON"),
        "{}",
        run.stderr
    );
}

#[test]
fn rate_limits_are_waited_out_and_quotas_are_not() {
    let demo = start();
    demo.fault(json!({"path": "/me/numbers", "times": 1,
        "action": {"kind": "status", "status": 429, "retry_after": 1}}));
    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    demo.fault(json!({"path": "/messages", "times": 1,
        "action": {"kind": "status", "status": 429, "code": "outbound_limit_reached", "message": "Org cap"}}))
        ;
    let run = demo.run(&["send", "+14155550999", "--text", "x", "--from", MAYA]);
    assert_eq!(run.code, 4);
    assert!(
        run.stderr
            .contains("HTTP 429 outbound_limit_reached: \"Org cap\""),
        "{}",
        run.stderr
    );
    let posts = requests(&demo)
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .count();
    assert_eq!(posts, 1, "a quota 429 is not retried");
}

#[test]
fn demo_flag_needs_no_key() {
    let mut cmd = Command::new(BIN);
    cmd.args(["--demo", "card", "get", MAYA])
        .env_remove("BLOOIO_API_KEY")
        .env("XDG_STATE_HOME", common::state_dir());
    let run = common::run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Maya Lindqvist"));
}

#[test]
fn key_file_is_read_and_must_be_private() {
    use std::os::unix::fs::PermissionsExt;
    let demo = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key");
    std::fs::write(&path, format!("{CANARY_KEY}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = |p: &Path| demo.run_env(&["numbers", "--api-key-file", p.to_str().unwrap()], &[]);
    let ok = run(&path);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refused = run(&path);
    assert_eq!(refused.code, 3);
    assert!(refused.stderr.contains("can be read by other users"));
}

/// The binary with no key and no server, as for local-only commands.
fn run_local(args: &[&str]) -> common::Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("BLOOIO_API_KEY")
        .env_remove("BLOOIO_BASE_URL")
        .env("XDG_STATE_HOME", common::state_dir());
    common::run(cmd)
}

#[test]
fn avatar_prepare_works_locally_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jpg");
    let out = out_path.to_str().unwrap();
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-avatar-theo.jpg");
    let run = run_local(&["avatar", "prepare", input, "-o", out, "--size", "512"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(
        run.stdout.starts_with("input JPEG 640×640"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("output 512×512 JPEG"), "{}", run.stdout);
    let jpeg = std::fs::read(&out_path).unwrap();
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);

    let run = run_local(&["avatar", "prepare", "/nonexistent.jpg", "-o", out]);
    assert_eq!(run.code, 6);
    assert_eq!(run.stderr, "bloocard: /nonexistent.jpg does not exist\n");
    let run = run_local(&["avatar", "prepare", input, "-o", "x.jpg", "--size", "2000"]);
    assert_eq!(run.code, 2, "size out of range is a usage error");
}

#[test]
fn avatar_prepare_json_reports_what_was_done_as_one_object() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jpg");
    let out = out_path.to_str().unwrap();
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-avatar-theo.jpg");
    let run = run_local(&[
        "avatar", "prepare", input, "-o", out, "--size", "512", "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let jpeg = std::fs::read(&out_path).unwrap();
    assert_eq!(report["input"]["path"], input);
    assert_eq!(report["input"]["format"], "JPEG");
    assert_eq!(report["input"]["width"], 640);
    assert_eq!(report["input"]["height"], 640);
    assert_eq!(report["orientation"], 1);
    assert_eq!(
        report["crop"],
        serde_json::json!({"x": 0, "y": 0, "side": 640})
    );
    assert_eq!(report["output"]["path"], out);
    assert_eq!(report["output"]["width"], 512);
    assert_eq!(report["output"]["height"], 512);
    assert_eq!(report["output"]["bytes"], jpeg.len());
    assert_eq!(report["output"]["quality"], 85);
    assert_eq!(report["upscaled"], false);
    assert!(report["elapsed_ms"].is_u64());
}

#[test]
fn card_set_avatar_uploads_the_prepared_jpeg() {
    let demo = start();
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-avatar-theo.jpg");
    let run = demo.run(&["card", "set", MAYA, "--avatar", input]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Avatar        JPEG 640×640"),
        "{}",
        run.stdout
    );
    let put = requests(&demo)
        .into_iter()
        .find(|r| r["method"] == "PUT")
        .unwrap();
    let body = put["body"].as_object().unwrap();
    assert_eq!(body.keys().collect::<Vec<_>>(), ["avatar"]);
    let b64 = body["avatar"].as_str().unwrap();
    assert!(!b64.starts_with("data:"));
    let jpeg = bloocard::avatar::decode_base64(b64).unwrap();
    let info = bloocard::avatar::inspect(&jpeg).unwrap();
    assert_eq!((info.format, info.width, info.height), ("JPEG", 640, 640));
    assert!(jpeg.len() <= 1_000_000);
}
