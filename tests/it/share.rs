//! `bloocard share --all-chats | --chats FILE` against the demo backend over real HTTP: paging,
//! filters, a plan that sends nothing, `--yes` without a terminal, the early stops (plan-gated
//! 403s, a 503), partial failure and a rerun that stages only the failed, Ctrl-C, the
//! concurrency bound and the rate of 429s seen from the server, and hostile chat names.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{self, Demo, Run};
use bloocard::demo::RecordedRequest;
use serde_json::{Value, json};

fn share(demo: &Demo, args: &[&str]) -> Run {
    let mut all = vec!["share"];
    all.extend_from_slice(args);
    demo.run(&all)
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr))
}

/// The chat ids of a `--json` document with this status.
fn with_status(doc: &Value, status: &str) -> BTreeSet<String> {
    doc["chats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == status)
        .map(|c| c["chat_id"].as_str().unwrap().to_owned())
        .collect()
}

fn stage_posts(requests: &[RecordedRequest]) -> Vec<&RecordedRequest> {
    requests
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/contact-card"))
        .collect()
}

fn chat_lists(requests: &[RecordedRequest]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/chats"))
        .map(|r| r.query.clone().unwrap_or_default())
        .collect()
}

/// A file of chat ids in a fresh folder.
fn chat_file(body: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("share-tests");
    std::fs::create_dir_all(&root).unwrap();
    let dir = tempfile::Builder::new()
        .prefix("chats-")
        .tempdir_in(root)
        .unwrap()
        .keep();
    let path = dir.join("chats.txt");
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn all_chats_pages_through_every_chat_and_a_dry_run_sends_no_post() {
    let demo = Demo::start();
    demo.ctl.seed_chats(650);
    let run = share(&demo, &["--all-chats", "--dry-run", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = json_of(&run);
    assert_eq!(with_status(&doc, "planned").len(), 650);
    assert_eq!(doc["summary"]["planned"], 650);
    let requests = demo.requests();
    assert_eq!(
        chat_lists(&requests),
        [0, 200, 400, 600].map(|o| format!("limit=200&offset={o}&sort=recent")),
        "pages of 200 until the short one"
    );
    assert!(stage_posts(&requests).is_empty(), "a plan sends no POST");
    assert_eq!(requests.len(), 4);

    // The human dry run lists the chats and says what would happen.
    let run = share(&demo, &["--all-chats", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("TYPE "), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 650 + 2);
    let last = run.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("Would stage your card in 650 chats ("),
        "{last}"
    );
    assert!(last.ends_with("Nothing was sent (--dry-run)."), "{last}");
}

#[test]
fn paging_stops_at_the_total_and_at_a_page_that_brings_nothing_new() {
    let demo = Demo::start();
    let chat = |i: usize| json!({"id": format!("+1415555{:04}", 100 + i), "type": "phone", "last_message_time": 1_764_000_000});
    // A full page of 200 whose total says there is no more.
    let page: Vec<Value> = (0..200).map(chat).collect();
    demo.fault(
        json!({"method": "GET", "path": "/chats", "times": 0, "action": {"kind": "respond",
        "body": {"chats": page, "pagination": {"limit": 200, "offset": 0, "total": 200}}}}),
    );
    let run = share(&demo, &["--all-chats", "--dry-run", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json_of(&run)["summary"]["planned"], 200);
    assert_eq!(chat_lists(&demo.requests()).len(), 1);
    // Without a total, a server that ignores `offset` answers the same page again: paging stops.
    demo.reset();
    demo.fault(
        json!({"method": "GET", "path": "/chats", "times": 0, "action": {"kind": "respond",
        "body": {"chats": (0..200).map(chat).collect::<Vec<_>>()}}}),
    );
    let run = share(&demo, &["--all-chats", "--dry-run", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json_of(&run)["summary"]["planned"], 200);
    assert_eq!(chat_lists(&demo.requests()).len(), 2);
}

#[test]
fn the_filters_pick_by_activity_type_query_and_exclusion() {
    let demo = Demo::start();
    let now_s = chrono::Utc::now().timestamp();
    let now_ms = now_s * 1000;
    // Times in seconds and in milliseconds, as the field may carry either.
    let chats = json!([
        {"id": "+14155550101", "type": "phone", "last_message_time": now_s - 3600},
        {"id": "+14155550102", "type": "phone", "last_message_time": now_ms - 2 * 86_400_000},
        {"id": "jo@example.com", "type": "email", "last_message_time": now_ms - 60_000},
        {"id": "grp_crew", "type": "group", "is_group": true, "group_name": "Crew", "last_message_time": now_s - 7200},
        {"id": "+14155550105", "last_message_time": now_s - 40 * 86_400},
        {"id": "+14155550106"},
    ]);
    demo.fault(
        json!({"method": "GET", "path": "/chats", "times": 0, "action": {"kind": "respond",
        "body": {"chats": chats, "pagination": {"total": 6}}}}),
    );
    let planned = |args: &[&str]| {
        let mut all = vec!["--all-chats", "--dry-run", "--json"];
        all.extend_from_slice(args);
        let run = share(&demo, &all);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        with_status(&json_of(&run), "planned")
    };
    let set = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
    assert_eq!(planned(&[]).len(), 6);
    assert_eq!(
        planned(&["--active-within", "1d"]),
        set(&["+14155550101", "jo@example.com", "grp_crew"])
    );
    assert_eq!(
        planned(&["--active-within", "90m"]),
        set(&["+14155550101", "jo@example.com"])
    );
    assert_eq!(
        planned(&["--active-within", "30d", "--type", "phone"]),
        set(&["+14155550101", "+14155550102"])
    );
    assert_eq!(
        planned(&["--type", "group", "--type", "email"]),
        set(&["jo@example.com", "grp_crew"])
    );
    let exclude = chat_file("# not these\n+14155550101\njo@example.com # Jo\n");
    assert_eq!(
        planned(&[
            "--active-within",
            "1d",
            "--exclude",
            exclude.to_str().unwrap()
        ]),
        set(&["grp_crew"])
    );
    demo.reset();
    let run = share(
        &demo,
        &["--all-chats", "--query", "priya", "--dry-run", "--json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        with_status(&json_of(&run), "planned"),
        set(&["+16505550134"])
    );
    assert_eq!(
        chat_lists(&demo.requests()),
        ["q=priya&limit=200&offset=0&sort=recent"]
    );
}

#[test]
fn bad_input_is_refused_in_one_line_before_any_request() {
    let demo = Demo::start();
    let bad = chat_file("+14155550123\n\n# fine so far\n4155550123\n");
    let good = chat_file("+14155550123\n");
    let missing = good.with_file_name("missing.txt");
    let cases: Vec<(Vec<&str>, i32, String)> = vec![
        (vec!["--chats", bad.to_str().unwrap(), "--yes"], 2, format!("{}:4: \"4155550123\" is not a chat", bad.display())),
        (vec!["--all-chats", "--exclude", bad.to_str().unwrap(), "--dry-run"], 2, format!("{}:4:", bad.display())),
        (vec!["--chats", missing.to_str().unwrap(), "--yes"], 6, "could not read".into()),
        (vec!["--all-chats", "--active-within", "30 days", "--dry-run"], 2, "is not a duration".into()),
        (vec!["--all-chats", "--type", "fax", "--dry-run"], 2, "fax".into()),
        (vec!["--all-chats", "--concurrency", "64", "--yes"], 2, "64 is not a number from 1 to 32".into()),
        (vec!["--all-chats", "--chats", good.to_str().unwrap()], 2, "cannot be used with".into()),
        (vec!["+14155550123", "--all-chats"], 2, "cannot be used with".into()),
        (vec!["--active-within", "1d", "--chats", good.to_str().unwrap()], 2, "narrow --all-chats".into()),
        (vec!["+14155550123", "--type", "phone"], 2, "--type".into()),
        (vec!["+14155550123", "--yes"], 2, "<--all-chats|--chats <FILE>>".into()),
        (vec![], 2, "required".into()),
        // No terminal to confirm on, and no --yes: nothing is sent, not even the listing.
        (vec!["--all-chats"], 2, "share stages your card in many chats: without a terminal to confirm on, pass --yes (nothing was sent)".into()),
        (vec!["--chats", good.to_str().unwrap()], 2, "pass --yes".into()),
    ];
    for (args, code, wanted) in cases {
        let run = share(&demo, &args);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&wanted),
            "{args:?}: wanted {wanted:?} in {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    assert!(demo.requests().is_empty(), "nothing was sent");
}

#[test]
fn chats_from_a_file_are_staged_in_their_order_and_json_says_how_each_went() {
    let demo = Demo::start();
    let file =
        chat_file("+16505550134\n+12065550155 # on the shared number: refused\njo@example.com\n");
    let run = share(
        &demo,
        &[
            "--chats",
            file.to_str().unwrap(),
            "--yes",
            "--json",
            "--concurrency",
            "1",
        ],
    );
    assert_eq!(run.code, 7, "{}", run.stderr);
    let doc = json_of(&run);
    let chats = doc["chats"].as_array().unwrap();
    let ids: Vec<&str> = chats
        .iter()
        .map(|c| c["chat_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["+16505550134", "+12065550155", "jo@example.com"]);
    assert_eq!(
        chats[0],
        json!({"chat_id": "+16505550134", "type": "phone", "status": "staged", "error": null})
    );
    assert_eq!(chats[1]["status"], "failed");
    assert!(
        chats[1]["error"]
            .as_str()
            .unwrap()
            .contains("HTTP 403 plan_not_supported"),
        "{doc}"
    );
    assert_eq!(chats[2]["type"], "email");
    assert_eq!(doc["summary"]["staged"], 2);
    assert_eq!(doc["summary"]["failed"], 1);
    assert_eq!(doc["summary"]["stopped"], Value::Null);
    assert_eq!(
        demo.ctl.staged_share("+16505550134").as_deref(),
        Some("+14155550123")
    );
    assert_eq!(
        demo.ctl.staged_share("jo@example.com").as_deref(),
        Some("+14155550123")
    );
    let requests = demo.requests();
    let paths: Vec<&str> = stage_posts(&requests)
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "/v2/api/chats/%2B16505550134/contact-card",
            "/v2/api/chats/%2B12065550155/contact-card",
            "/v2/api/chats/jo%40example.com/contact-card"
        ],
        "no GET /chats for a file: only the POSTs, in the file's order"
    );
}

#[test]
fn partial_failure_exits_7_and_a_rerun_stages_only_the_failed() {
    let demo = Demo::start();
    demo.ctl.seed_chats(60);
    // Two chats fail with a server error (each tried three times: the client's retry policy).
    for chat in ["%2B16505550134", "daniel.cho%40example.com"] {
        demo.fault(
            json!({"method": "POST", "path": format!("/chats/{chat}/contact-card"),
            "times": 0, "action": {"kind": "status", "status": 502, "code": "device_unreachable"}}),
        );
    }
    let phones_and_emails = ["--all-chats", "--type", "phone", "--type", "email", "--yes"];
    let run = share(&demo, &phones_and_emails);
    assert_eq!(run.code, 7, "{}\n{}", run.stdout, run.stderr);
    // The two, and the chats of the shared and inbound numbers (403: their plan cannot share).
    let failures: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with('✗')).collect();
    assert_eq!(failures.len(), 4, "a line for each failure: {}", run.stdout);
    let priya =
        "✗ +16505550134  Priya Raman: Blooio had a server error (HTTP 502 device_unreachable";
    assert!(
        failures.iter().any(|l| l.starts_with(priya)),
        "{failures:?}"
    );
    assert!(
        run.stdout.contains("Staged in 55 chats; 4 failed."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  2 × Blooio had a server error"),
        "{}",
        run.stdout
    );
    let stderr = run.stderr.trim();
    assert!(
        stderr.ends_with("4 of 59 chats failed (see ✗ above); the others are staged; rerunning stages only the failed"),
        "{stderr}"
    );
    assert_eq!(stage_posts(&demo.requests()).len(), 55 + 2 + 2 * 3);

    // The rerun stages the four again, nothing else; the two on other plans fail again.
    demo.reset();
    let run = share(&demo, &[&phones_and_emails[..], &["--json"]].concat());
    assert_eq!(run.code, 7, "{}", run.stderr);
    let doc = json_of(&run);
    assert_eq!(
        stage_posts(&demo.requests()).len(),
        4,
        "only the failed are staged again"
    );
    assert_eq!(with_status(&doc, "skipped").len(), 55);
    assert_eq!(with_status(&doc, "failed").len(), 2, "{doc}");
    assert!(
        run.stderr.trim().ends_with(
            "2 of 4 chats failed (their \"status\" is \"failed\" in the JSON); the others are \
             staged; rerunning stages only the failed"
        ),
        "no ✗ rows to point at in JSON: {}",
        run.stderr
    );
    let staged = with_status(&doc, "staged");
    assert!(
        staged.contains("+16505550134") && staged.contains("daniel.cho@example.com"),
        "{doc}"
    );
    // --again stages everything anew.
    demo.reset();
    let run = share(
        &demo,
        &[&phones_and_emails[..], &["--json", "--again"]].concat(),
    );
    assert_eq!(with_status(&json_of(&run), "skipped").len(), 0);
    assert_eq!(stage_posts(&demo.requests()).len(), 59);
}

#[test]
fn a_plan_that_cannot_share_stops_after_three_refusals() {
    let demo = Demo::start();
    demo.ctl.seed_chats(500);
    demo.fault(json!({"method": "POST", "path": "/contact-card", "times": 0, "action": {"kind": "status",
        "status": 403, "code": "plan_not_supported", "message": "Contact card sharing requires a Dedicated plan"}}));
    let run = share(&demo, &["--all-chats", "--yes", "--concurrency", "1"]);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        stage_posts(&demo.requests()).len(),
        3,
        "three refusals, then nothing more"
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("needs a Dedicated plan") && run.stderr.contains("497 were not tried"),
        "{}",
        run.stderr
    );
    // With more in flight, the ones already sent finish and nothing new starts.
    demo.ctl.clear_requests();
    let run = share(
        &demo,
        &["--all-chats", "--yes", "--concurrency", "4", "--json"],
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    let posts = stage_posts(&demo.requests()).len();
    assert!((3..=6).contains(&posts), "{posts} POSTs");
    let doc = json_of(&run);
    assert_eq!(doc["summary"]["stopped"], "plan_gated");
    assert_eq!(
        doc["summary"]["not_started"].as_u64().unwrap() as usize,
        500 - posts
    );
}

#[test]
fn a_rerun_left_with_the_chats_other_plans_refuse_goes_on_to_the_end() {
    let demo = Demo::start();
    demo.ctl.seed_chats(800);
    let run = share(&demo, &["--all-chats", "--yes", "--json"]);
    assert_eq!(run.code, 7, "{}", run.stderr);
    let refused = with_status(&json_of(&run), "failed");
    assert!(refused.len() >= 4, "{refused:?}");
    // Only refusals are left, one at a time; the journal shows the account can share, so these
    // are refusals of single chats (their number's plan), not of the account: no early stop.
    demo.reset();
    let run = share(
        &demo,
        &["--all-chats", "--yes", "--json", "--concurrency", "1"],
    );
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert_eq!(with_status(&json_of(&run), "failed"), refused);
    assert_eq!(stage_posts(&demo.requests()).len(), refused.len());
}

#[test]
fn no_active_number_stops_at_once_without_retrying() {
    let demo = Demo::start();
    demo.ctl.seed_chats(100);
    demo.fault(
        json!({"method": "POST", "path": "/contact-card", "times": 0, "action": {"kind": "status",
        "status": 503, "code": "no_active_number", "message": "No active number available"}}),
    );
    let run = share(&demo, &["--all-chats", "--yes", "--concurrency", "1"]);
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert_eq!(
        stage_posts(&demo.requests()).len(),
        1,
        "a 503 is not retried and ends the run"
    );
    assert!(
        run.stderr
            .contains("no active number to stage the card with (HTTP 503 no_active_number")
            && run.stderr.contains("99 not started"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("Staged in 0 chats; 1 failed; 99 not started."),
        "{}",
        run.stdout
    );
}

#[test]
fn the_concurrency_bound_holds_on_the_server_side() {
    let demo = Demo::start();
    demo.ctl.seed_chats(40);
    demo.ctl.set_latency(Duration::from_millis(100));
    demo.ctl.reset_peak_in_flight();
    let run = share(&demo, &["--all-chats", "--yes", "--concurrency", "3"]);
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert_eq!(
        demo.ctl.peak_in_flight(),
        3,
        "never more than 3, and 3 at once"
    );
}

#[test]
fn under_a_rate_limit_the_pace_is_learned_and_few_requests_meet_a_429() {
    let demo = Demo::start();
    demo.ctl.seed_chats(250);
    demo.ctl.set_rate_limit(Some(25.0));
    let started = Instant::now();
    let run = share(&demo, &["--all-chats", "--yes", "--json"]);
    let elapsed = started.elapsed();
    assert_eq!(
        run.code, 7,
        "only the demo's few plan failures: {}",
        run.stderr
    );
    let doc = json_of(&run);
    assert_eq!(doc["summary"]["not_started"], 0);
    let counts = demo.ctl.rate_counts();
    let all = counts.admitted + counts.refused;
    assert!(counts.refused >= 1, "the burst met the limit: {counts:?}");
    assert!(
        counts.refused * 100 <= all * 8,
        "at most 8 % of {all} requests were refused: {counts:?} in {elapsed:?}"
    );
    assert!(
        run.stderr.contains("rate limited (HTTP 429)"),
        "{}",
        run.stderr
    );
}

#[test]
fn ctrl_c_lets_requests_in_flight_finish_prints_what_was_done_and_exits_130() {
    let demo = Demo::start();
    demo.ctl.seed_chats(200);
    demo.ctl.set_latency(Duration::from_millis(150));
    let mut child = demo
        .command(&[
            "share",
            "--all-chats",
            "--type",
            "phone",
            "--yes",
            "--concurrency",
            "2",
        ])
        .env("BLOOIO_API_KEY", common::CANARY_KEY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let plan = lines.next().unwrap().unwrap();
    assert!(plan.starts_with("Stage your card in "), "{plan}");
    // Wait until a few chats are staged, seen from the server.
    let deadline = Instant::now() + Duration::from_secs(20);
    while stage_posts(&demo.requests()).len() < 4 {
        assert!(Instant::now() < deadline, "no staging started");
        std::thread::sleep(Duration::from_millis(20));
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out: Vec<String> = lines.map(Result::unwrap).collect();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(130), "{out:?}\n{stderr}");
    assert!(
        stderr.contains("interrupted;") && stderr.contains("rerun to finish"),
        "{stderr}"
    );
    let summary = out
        .iter()
        .find(|l| l.starts_with("Staged in "))
        .expect("a summary");
    assert!(summary.contains("not started."), "{summary}");
    let sent = stage_posts(&demo.requests()).len();
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        stage_posts(&demo.requests()).len(),
        sent,
        "nothing is sent after the exit"
    );
    assert!(sent < 150, "the run stopped early: {sent}");
    // A rerun goes on where it stopped.
    demo.reset();
    demo.ctl.set_latency(Duration::ZERO);
    let run = share(
        &demo,
        &[
            "--all-chats",
            "--type",
            "phone",
            "--yes",
            "--json",
            "--concurrency",
            "8",
        ],
    );
    let doc = json_of(&run);
    let skipped = with_status(&doc, "skipped").len();
    // Every chat staged before the stop is skipped now; the few the demo's other plans refuse
    // are not (they failed), so a handful of the POSTs sent may not show as skipped.
    assert!(skipped + 6 >= sent, "{skipped} skipped after {sent} sent");
    assert_eq!(
        stage_posts(&demo.requests()).len() + skipped,
        doc["summary"]["chats"].as_u64().unwrap() as usize
    );
}

#[test]
fn hostile_chat_names_are_cleaned() {
    let demo = Demo::start();
    let evil = "Eve\x1b]0;pwned\x07\x1b[2J\u{9b}31m\u{202e}";
    demo.fault(json!({"method": "GET", "path": "/chats", "times": 0, "action": {"kind": "respond", "body": {"chats": [
        {"id": "+14155550101", "type": "phone", "contact": {"name": evil}, "last_message_time": 1_764_000_000},
        {"id": "grp_evil", "type": "group", "group_name": evil},
    ]}}}));
    demo.fault(
        json!({"method": "POST", "path": "/contact-card", "times": 0, "action": {"kind": "status",
        "status": 502, "message": evil}}),
    );
    for args in [
        &["--all-chats", "--dry-run"][..],
        &["--all-chats", "--yes"][..],
    ] {
        let run = share(&demo, args);
        for text in [&run.stdout, &run.stderr] {
            assert!(
                !text
                    .chars()
                    .any(|c| c != '\n' && bloocard::sanitize::is_unsafe(c)),
                "{args:?}: {text:?}"
            );
        }
        assert!(run.stdout.contains("Eve"), "{}", run.stdout);
    }
}
