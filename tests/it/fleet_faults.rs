//! `bloocard fleet` when things go wrong: bad card files (refused with file:line:col before any
//! request), unusable photos, `--yes` without a terminal, a failing number, a 429 storm, the
//! concurrency bound seen from the server, and Ctrl-C in the middle of an apply.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use crate::fleet_support::*;
use serde_json::{Value, json};

const G2: &str = "+12025550102";
const G5: &str = "+12025550105";
const MAYA: &str = "+14155550123";

fn generated(from: usize, to: usize) -> Vec<String> {
    (from..to)
        .map(|g| format!("+1202555{:04}", 100 + g))
        .collect()
}

#[test]
fn bad_card_files_are_refused_with_file_line_and_column_before_any_request() {
    let demo = fleet_demo(6);
    let cases: &[(&str, &str, &str)] = &[
        (
            "version = 2\nnumbers = \"all\"\n",
            "cards.toml:1:11:",
            "version",
        ),
        ("numbers = \"all\"\n", "cards.toml:1:1:", "version"),
        (
            "version = 1\nnumbers = \"all\"\nnumber_list = 1\n",
            "cards.toml:3:1:",
            "number_list",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\nfrist_name = \"A\"\n",
            "cards.toml:4:1:",
            "frist_name",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\nsharing = \"yes\"\n",
            "cards.toml:4:11:",
            "sharing",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\naudience = \"everyone\"\n",
            "cards.toml:4:12:",
            "audience",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\nname_format = 1\n",
            "cards.toml:4:15:",
            "name_format",
        ),
        (
            "version = 1\nnumbers = [\"+14155550123\", \"4155550148\"]\n",
            "cards.toml:2:28:",
            "numbers",
        ),
        (
            "version = 1\nnumbers = \"some\"\n",
            "cards.toml:2:11:",
            "numbers",
        ),
        (
            "version = 1\n[number.\"555-0123\"]\nsharing = true\n",
            "cards.toml:2:9:",
            "number",
        ),
        (
            "version = 1\n[number.\"+14155550123\"]\ncolour = \"red\"\n",
            "cards.toml:3:1:",
            "colour",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\nfirst_name = \"Acme\n",
            "cards.toml:4:",
            "TOML",
        ),
        (
            "version = 1\nnumbers = \"all\"\n[card]\navatar = { path = \"logo.png\", exactly = true }\n",
            "cards.toml:4:",
            "exactly",
        ),
    ];
    for (body, at, key) in cases {
        let dir = workdir();
        let file = card_file(&dir, body);
        for command in ["plan", "apply"] {
            let args: &[&str] = if command == "apply" {
                &["fleet", "apply", "--yes"]
            } else {
                &["fleet", "plan"]
            };
            let run = run_file(&demo, args, &file);
            assert_eq!(run.code, 2, "{body}\n{}", run.stderr);
            assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
            let line = run.stderr.trim();
            assert!(
                line.contains(at) && line.contains(key),
                "{body}\nwanted {at} … {key}, got {line}"
            );
            assert!(run.stdout.is_empty());
        }
    }
    assert!(demo.requests().is_empty(), "nothing was sent");
}

#[test]
fn a_missing_or_broken_photo_exits_6_and_sends_nothing() {
    let demo = fleet_demo(6);
    let dir = workdir();
    let file = card_file(&dir, &ACME.replace("logo.png", "missing.png"));
    let run = run_file(&demo, &["fleet", "plan"], &file);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cards.toml:7:10: avatar \"missing.png\""),
        "{}",
        run.stderr
    );
    std::fs::write(dir.join("notes.png"), "not a picture").unwrap();
    let file = card_file(&dir, &ACME.replace("logo.png", "notes.png"));
    let run = run_file(&demo, &["fleet", "apply", "--yes"], &file);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(run.stderr.contains("not an image"), "{}", run.stderr);
    assert!(demo.requests().is_empty());
}

#[test]
fn apply_without_a_terminal_needs_yes_and_sends_nothing() {
    let demo = fleet_demo(6);
    let dir = workdir();
    let file = card_file(&dir, ACME);
    let run = run_file(&demo, &["fleet", "apply"], &file);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(demo.requests().is_empty());
}

#[test]
fn a_failed_number_exits_7_and_a_rerun_writes_only_that_one() {
    let demo = fleet_demo(12);
    let dir = workdir();
    let file = card_file(&dir, &listed(&[MAYA, G2, G5], ""));
    demo.fault(json!({"method": "PUT", "path": "12025550102", "times": 1,
        "action": {"kind": "status", "status": 503, "code": "no_active_number", "message": "Device offline"}}));
    let run = run_file(&demo, &["fleet", "apply", "--yes"], &file);
    assert_eq!(run.code, 7, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("✗ +12025550102") && l.contains("HTTP 503")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Apply: 2 applied, 0 in sync, 1 failed."),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("1 of 3 numbers failed"),
        "{}",
        run.stderr
    );

    demo.reset();
    let run = run_file(&demo, &["fleet", "apply", "--yes"], &file);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let requests = demo.requests();
    let puts: Vec<&str> = requests
        .iter()
        .filter(|r| r.method == "PUT")
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(puts.len(), 1, "{puts:?}");
    assert!(puts[0].contains("12025550102"));
}

#[test]
fn a_number_that_keeps_answering_503_fails_alone() {
    let demo = fleet_demo(12);
    let dir = workdir();
    let file = card_file(&dir, &listed(&generated(2, 7), ""));
    demo.fault(json!({"method": "PUT", "path": "12025550105", "times": 0,
        "action": {"kind": "status", "status": 503, "code": "no_active_number"}}));
    let run = run_file(&demo, &["fleet", "apply", "--yes", "--json"], &file);
    assert_eq!(run.code, 7, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    for n in v["numbers"].as_array().unwrap() {
        if n["number"] == G5 {
            assert_eq!(n["status"], "failed", "{n}");
            assert!(n["error"].as_str().unwrap().contains("HTTP 503"), "{n}");
        } else {
            assert_ne!(n["status"], "failed", "{n}");
        }
    }
    assert_eq!(v["summary"]["failed"], 1);
}

#[test]
fn a_429_storm_pauses_everyone_and_every_number_is_still_applied() {
    let demo = fleet_demo(20);
    let dir = workdir();
    let file = card_file(&dir, &listed(&generated(2, 15), ""));
    demo.fault(json!({"method": "PUT", "times": 5,
        "action": {"kind": "status", "status": 429, "code": "rate_limited", "message": "Slow down", "retry_after": 1}}));
    let run = run_file(
        &demo,
        &["fleet", "apply", "--yes", "--json", "--concurrency", "4"],
        &file,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("rate limited (HTTP 429)"),
        "{}",
        run.stderr
    );
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["summary"]["failed"], 0, "{}", run.stdout);
    assert!(demo.ctl.faults().is_empty(), "all five 429s were met");
    assert!(demo.ctl.peak_in_flight() <= 4);
}

/// What a new user met: `fleet apply` on 7 numbers against a server allowing 4 requests a second
/// drew 44 429s, more than its successes. One limiter now paces the whole run, plan and apply.
#[test]
fn under_a_rate_limit_plan_and_apply_keep_to_the_pace_the_limiter_learns() {
    let demo = fleet_demo(12);
    let dir = workdir();
    let file = card_file(&dir, &listed(&generated(0, 7), ""));
    demo.ctl.set_rate_limit(Some(4.0));
    let run = run_file(&demo, &["fleet", "apply", "--yes", "--json"], &file);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let counts = demo.ctl.rate_counts();
    eprintln!("rate counts: {counts:?}");
    assert!(counts.admitted >= 15, "{counts:?}");
    // Before the one limiter this run drew 44 429s. Learning the pace costs the requests in
    // flight when the first 429 comes back (4 at `--concurrency 4`), and no more: the rate is
    // measured over at least a second, so the first full bucket does not read as a fast rate.
    assert!(
        counts.refused <= 4,
        "at most a few 429s while the pace is learned: {counts:?}"
    );
}

#[test]
fn never_more_requests_in_flight_than_asked_as_the_server_counts_them() {
    let demo = fleet_demo(40);
    demo.ctl.set_latency(Duration::from_millis(25));
    let dir = workdir();
    let file = card_file(&dir, &listed(&generated(0, 35), ""));
    let run = run_file(&demo, &["fleet", "plan", "--concurrency", "5"], &file);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(demo.ctl.peak_in_flight(), 5, "plan reads run 5 at a time");
    demo.ctl.reset_peak_in_flight();
    let run = run_file(
        &demo,
        &["fleet", "apply", "--yes", "--concurrency", "3"],
        &file,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        demo.ctl.peak_in_flight(),
        3,
        "reads and writes together, 3 at a time"
    );
}

#[test]
fn ctrl_c_during_apply_prints_what_was_applied_and_exits_130() {
    let demo = fleet_demo(40);
    demo.ctl.set_latency(Duration::from_millis(150));
    let dir = workdir();
    let file = card_file(&dir, &listed(&generated(2, 35), ""));
    let mut child = demo
        .command(&[
            "fleet",
            "apply",
            "--yes",
            "--concurrency",
            "2",
            file.to_str().unwrap(),
        ])
        .env("BLOOIO_API_KEY", common::CANARY_KEY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut out = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        out.push_str(&line);
        out.push('\n');
        if line.starts_with('✓') {
            break;
        }
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    for line in lines {
        out.push_str(&line.unwrap());
        out.push('\n');
    }
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(130), "{out}\n{stderr}");
    assert!(out.contains("not started."), "{out}");
    // A write that finished after Ctrl-C is not read back, and its row says why (issue 19).
    for row in out.lines().filter(|l| l.starts_with('✓')) {
        assert!(
            row.ends_with("· verified")
                || row.ends_with("· not verified: stopped before the card was read back"),
            "{row}"
        );
    }
    assert!(stderr.contains("interrupted;"), "{stderr}");
    assert!(!out.contains(common::CANARY_KEY) && !stderr.contains(common::CANARY_KEY));
    // A rerun continues: it writes only the numbers not yet done.
    let applied = out.lines().filter(|l| l.starts_with('✓')).count();
    demo.reset();
    demo.ctl.set_latency(Duration::ZERO);
    let run = run_file(
        &demo,
        &["fleet", "apply", "--yes", "--concurrency", "8"],
        &file,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let in_sync_before = run.stdout.matches("in sync").count();
    assert!(in_sync_before >= applied, "{}", run.stdout);
}
