//! Every CLI subcommand, run as a user would: the real binary against `bloocard demo-server
//! --faults` on loopback. Asserts stdout, stderr and exit codes, what reached the server, and that
//! the API key never appears in any output or in the log.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_bloocard");
const MAYA: &str = "+14155550123";
const SHARED: &str = "+16465550172";

/// A `bloocard demo-server --faults` child, killed on drop, and a private state dir for logs.
struct Demo {
    child: Child,
    base: String,
    key: String,
    state: tempfile::TempDir,
    http: reqwest::Client,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Demo {
    let mut child = Command::new(BIN)
        .args(["demo-server", "--faults"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = lines.next().unwrap().unwrap();
    let key = lines.next().unwrap().unwrap();
    Demo {
        child,
        base: base.strip_prefix("BLOOIO_BASE_URL=").unwrap().to_owned(),
        key: key.strip_prefix("BLOOIO_API_KEY=").unwrap().to_owned(),
        state: tempfile::tempdir().unwrap(),
        http: reqwest::Client::new(),
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Demo {
    fn run_with_key(&self, key: &str, args: &[&str]) -> Run {
        let out: Output = Command::new(BIN)
            .args(args)
            .env("BLOOIO_BASE_URL", &self.base)
            .env("BLOOIO_API_KEY", key)
            .env("XDG_STATE_HOME", self.state.path())
            .env("BLOOCARD_LOG", "debug")
            .env_remove("BLOOIO_FROM_NUMBER")
            .output()
            .unwrap();
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        };
        for text in [&run.stdout, &run.stderr] {
            assert!(!text.contains(key), "the key leaked into output: {text}");
        }
        run
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with_key(&self.key.clone(), args)
    }

    fn knob(&self, path: &str) -> String {
        self.base.replace("/v2/api", &format!("/__demo{path}"))
    }

    async fn fault(&self, fault: Value) {
        let r = self
            .http
            .post(self.knob("/faults"))
            .json(&fault)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }

    async fn requests(&self) -> Vec<Value> {
        let v: Value = self
            .http
            .get(self.knob("/requests"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        match v {
            Value::Array(a) => a,
            Value::Object(mut o) => match o.remove("requests") {
                Some(Value::Array(a)) => a,
                other => panic!("unexpected requests body: {other:?}"),
            },
            other => panic!("unexpected requests body: {other:?}"),
        }
    }

    fn log(&self) -> String {
        let path = self.state.path().join("bloocard/bloocard.log");
        std::fs::read_to_string(path).unwrap_or_default()
    }
}

#[test]
fn demo_server_prints_its_url_and_key_first() {
    let demo = start();
    assert!(demo.base.starts_with("http://127.0.0.1:") && demo.base.ends_with("/v2/api"));
    assert!(demo.key.starts_with("bl_demo_"));
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
    assert!(!demo.log().contains(&demo.key), "key in the log");
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

    let run = demo.run(&["card", "get", MAYA, "--show-avatar"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("stdout is not one"), "{}", run.stderr);
}

#[tokio::test]
async fn card_set_sends_only_given_fields_and_shows_the_card_after() {
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

    let puts: Vec<Value> = demo
        .requests()
        .await
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

#[tokio::test]
async fn share_then_send_carries_the_card_from_the_chosen_number() {
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

    let sends: Vec<Value> = demo
        .requests()
        .await
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
    assert!(run.stderr.contains("not an http(s) URL"));
}

#[test]
fn a_wrong_key_is_refused_without_being_shown() {
    let demo = start();
    let canary = "bl_live_CANARY_5f3a9d";
    let run = demo.run_with_key(canary, &["numbers"]);
    assert_eq!(run.code, 4);
    assert!(
        run.stderr
            .starts_with("bloocard: Blooio rejected the API key (HTTP 401"),
        "{}",
        run.stderr
    );
    assert!(!demo.log().contains(canary));
}

#[test]
fn configuration_errors_exit_3() {
    let out = Command::new(BIN)
        .args(["numbers"])
        .env_remove("BLOOIO_API_KEY")
        .env("XDG_STATE_HOME", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no API key"));

    let out = Command::new(BIN)
        .args(["numbers", "--base-url", "http://api.example.com/v2/api"])
        .env("BLOOIO_API_KEY", "bl_live_CANARY_5f3a9d")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refusing to send the API key over plain http"));
    assert!(!stderr.contains("CANARY"));
}

#[tokio::test]
async fn server_failures_exit_5_with_the_cause() {
    let demo = start();
    demo.fault(json!({"path": "/me/numbers", "times": 0,
        "action": {"kind": "status", "status": 500, "message": "database on fire"}}))
        .await;
    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 5);
    // The demo gives a forced 500 the code `server_error`, as Blooio's error body carries one.
    assert_eq!(
        run.stderr,
        "bloocard: Blooio had a server error (HTTP 500 server_error: \"database on fire\")\n"
    );

    let demo = start();
    demo.fault(json!({"path": "/me/numbers", "action": {"kind": "malformed_json"}}))
        .await;
    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 5);
    assert!(
        run.stderr
            .contains("cannot read (HTTP 200): the body is not JSON"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn rate_limits_are_waited_out_and_quotas_are_not() {
    let demo = start();
    demo.fault(json!({"path": "/me/numbers", "times": 1,
        "action": {"kind": "status", "status": 429, "retry_after": 1}}))
        .await;
    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    demo.fault(json!({"path": "/messages", "times": 1,
        "action": {"kind": "status", "status": 429, "code": "outbound_limit_reached", "message": "Org cap"}}))
        .await;
    let run = demo.run(&["send", "+14155550999", "--text", "x", "--from", MAYA]);
    assert_eq!(run.code, 4);
    assert!(
        run.stderr
            .contains("HTTP 429 outbound_limit_reached: \"Org cap\""),
        "{}",
        run.stderr
    );
    let posts = demo
        .requests()
        .await
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .count();
    assert_eq!(posts, 1, "a quota 429 is not retried");
}

#[test]
fn demo_flag_needs_no_key() {
    let out = Command::new(BIN)
        .args(["--demo", "card", "get", MAYA])
        .env_remove("BLOOIO_API_KEY")
        .env("XDG_STATE_HOME", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Maya Lindqvist"));
}

#[test]
fn key_file_is_read_and_must_be_private() {
    use std::os::unix::fs::PermissionsExt;
    let demo = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key");
    std::fs::write(&path, format!("{}\n", demo.key)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = |p: &Path| {
        Command::new(BIN)
            .args(["numbers", "--api-key-file", p.to_str().unwrap()])
            .env("BLOOIO_BASE_URL", &demo.base)
            .env_remove("BLOOIO_API_KEY")
            .output()
            .unwrap()
    };
    assert_eq!(run(&path).status.code(), Some(0));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(&path);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("can be read by other users"));
}

#[test]
fn avatar_prepare_works_locally_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jpg");
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-avatar-theo.jpg");
    let out = Command::new(BIN)
        .args([
            "avatar",
            "prepare",
            input,
            "-o",
            out_path.to_str().unwrap(),
            "--size",
            "512",
        ])
        .env_remove("BLOOIO_API_KEY")
        .env("XDG_STATE_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).unwrap();
    assert_eq!(line.lines().count(), 1);
    assert!(line.starts_with("input JPEG 640×640"), "{line}");
    assert!(line.contains("output 512×512 JPEG"), "{line}");
    let jpeg = std::fs::read(&out_path).unwrap();
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);

    let out = Command::new(BIN)
        .args([
            "avatar",
            "prepare",
            "/nonexistent.jpg",
            "-o",
            out_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "bloocard: /nonexistent.jpg does not exist\n"
    );
    let out = Command::new(BIN)
        .args(["avatar", "prepare", input, "-o", "x.jpg", "--size", "2000"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "size out of range is a usage error"
    );
}

#[tokio::test]
async fn card_set_avatar_uploads_the_prepared_jpeg() {
    let demo = start();
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-avatar-theo.jpg");
    let run = demo.run(&["card", "set", MAYA, "--avatar", input]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Avatar        JPEG 640×640"),
        "{}",
        run.stdout
    );
    let put = demo
        .requests()
        .await
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
