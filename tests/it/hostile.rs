//! Hostile strings from the server, through every CLI output: terminal escapes (CSI, OSC title
//! change, OSC 52 clipboard write), BEL, backspace, carriage return, bidi overrides, zero-width
//! and combining runs, 10 000-character names and emoji. Human output must print them harmlessly
//! with its layout intact, each escape sequence dropped whole (its parameters too); `--json` must
//! keep every value exact, with the dangerous characters escaped. Error bodies get the same
//! treatment on stderr.
//!
//! Names the demo's validation accepts arrive through a real PUT; the rest through the demo's
//! `respond` fault, which answers crafted JSON.

use crate::common::Demo;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

const MAYA: &str = "+14155550123";
const CHAT: &str = "+14155550999";

const CSI_CLEAR: &str = "\x1b[2J\x1b[H";
const OSC_TITLE: &str = "\x1b]0;pwned\x07";
const OSC_52: &str = "\x1b]52;c;cm0gLXJmIH4=\x07";
const RLO: &str = "\u{202E}";
const ZERO_WIDTH: &str = "\u{200B}\u{200C}\u{200D}\u{2060}";
const COMBINING: &str = "e\u{301}\u{301}\u{301}\u{301}\u{301}";
const FAMILY: &str = "👩\u{200D}👩\u{200D}👧\u{200D}👦";

/// Text a terminal prints and nothing more: no C0/C1 control but newline, no bidi control.
fn assert_terminal_safe(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|&c| c != '\n' && bloocard::sanitize::is_unsafe(c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    let start: String = text.chars().take(300).collect();
    assert!(bad.is_empty(), "{what} printed {bad:?}: {start:?}…");
}

/// `stdout` is `--json` of exactly `sent`, with nothing in it that acts on a terminal.
fn assert_exact_json(what: &str, stdout: &str, sent: &Value) {
    assert_terminal_safe(what, stdout);
    let parsed: Value = serde_json::from_str(stdout).unwrap();
    assert_eq!(&parsed, sent, "{what}: --json changed the values");
}

fn respond(demo: &Demo, method: &str, path: &str, status: u16, body: &Value) {
    demo.fault(json!({"method": method, "path": path, "times": 0,
        "action": {"kind": "respond", "status": status, "body": body}}));
}

/// The terminal column where `needle` starts on `line`.
fn column(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    line[..at].width()
}

#[test]
fn numbers_table_stays_aligned_and_inert() {
    let demo = Demo::start();
    let body = json!({"numbers": [
        {"phone_number": format!("+1415{CSI_CLEAR}5550123"), "is_active": true,
         "last_active": format!("yesterday{OSC_TITLE}"), "plan_kind": format!("dedicated{OSC_52}")},
        {"phone_number": format!("+1646555{RLO}0172"), "is_active": false, "last_active": null,
         "plan_kind": format!("{FAMILY} family")},
        {"phone_number": format!("+1212555{ZERO_WIDTH}0100"), "is_active": true,
         "last_active": format!("2026\r\n{COMBINING}\x08\x08\x08"), "plan_kind": format!("tr{COMBINING}al\x07")},
    ]});
    respond(&demo, "GET", "/me/numbers", 200, &body);

    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_terminal_safe("numbers", &run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "a carriage return or newline made a row: {lines:?}"
    );
    // Each column starts at the same terminal column on every line, emoji and accents included.
    let actives = ["ACTIVE", "yes", "no", "yes"];
    let plans = ["PLAN", "dedicated", "👩", "tr"];
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(
            column(line, actives[i]),
            column(lines[0], "ACTIVE"),
            "{line:?}"
        );
        assert_eq!(column(line, plans[i]), column(lines[0], "PLAN"), "{line:?}");
    }
    assert!(
        lines[1].starts_with("+14155550123  yes     yesterday "),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(" dedicated"),
        "the OSC 52 went whole: {}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("+16465550172"),
        "the bidi override is gone"
    );
    assert!(
        lines[2].ends_with(&format!("{FAMILY} family")),
        "emoji kept"
    );
    assert!(
        lines[3].ends_with(&format!("tr{COMBINING}al")),
        "accents kept"
    );

    let run = demo.run(&["numbers", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_exact_json("numbers --json", &run.stdout, &body);
}

/// Issue 19: a card named `"\u001b[31mRED\u0007"` printed `[31mRED` (the ESC dropped, the rest
/// of the sequence left). The whole sequence goes: `card get` shows `RED`.
#[test]
fn a_card_named_with_an_sgr_sequence_shows_only_its_text() {
    let demo = Demo::start();
    let card = json!({"phone_number": MAYA, "first_name": "\u{1b}[31mRED\u{7}", "last_name": "",
        "has_wallpaper": false, "sharing": {"enabled": true, "audience": 1, "name_format": 0}});
    respond(&demo, "GET", "/contact-card", 200, &card);
    let run = demo.run(&["card", "get", MAYA]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_terminal_safe("card get", &run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[1], "  Display name  RED");
    assert_eq!(lines[2], "  First name    RED");
    assert!(!run.stdout.contains("[31m"), "{}", run.stdout);
    let run = demo.run(&["card", "get", MAYA, "--json"]);
    assert_exact_json("card get --json", &run.stdout, &card);
}

/// Every line of the card view after the first is `  <label padded to 13> <value>`.
fn assert_card_layout(view: &str) {
    let labels = [
        "Display name",
        "First name",
        "Last name",
        "Sharing",
        "Wallpaper",
        "Avatar",
    ];
    let lines: Vec<&str> = view.lines().collect();
    assert_eq!(lines.len(), 1 + labels.len(), "{lines:?}");
    for (line, label) in lines[1..].iter().zip(labels) {
        assert!(
            line.starts_with(&format!("  {label:<13} ")),
            "misaligned: {line:?}"
        );
    }
}

#[test]
fn card_view_keeps_its_shape_with_a_10000_character_name() {
    let demo = Demo::start();
    let long = "W".repeat(10_000);
    let card = json!({
        "phone_number": format!("{OSC_TITLE}+14155550123"),
        "first_name": format!("{OSC_52}Maya\x08\x08\x08\x08Evil"),
        "last_name": format!("{RLO}gnp.exe\r\nAvatar        none"),
        "name": long,
        "has_wallpaper": false,
        "sharing": {"enabled": true, "audience": 7, "name_format": 1},
    });
    respond(&demo, "GET", "/contact-card", 200, &card);

    let run = demo.run(&["card", "get", MAYA]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_terminal_safe("card get", &run.stdout);
    assert_card_layout(&run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "+14155550123");
    assert_eq!(
        lines[1],
        format!("  Display name  {long}"),
        "long names are shown whole"
    );
    assert_eq!(lines[2], "  First name    MayaEvil");
    assert_eq!(lines[3], "  Last name     gnp.exe  Avatar        none");
    assert_eq!(lines[4], "  Sharing       on, audience 7, first name only");

    let run = demo.run(&["card", "get", MAYA, "--json"]);
    assert_exact_json("card get --json", &run.stdout, &card);
}

#[test]
fn names_put_through_the_api_come_back_exact_in_json_and_inert_in_text() {
    let demo = Demo::start();
    // What the demo's validation accepts (no C0 controls, at most 64 characters).
    let first = format!("{RLO}evil{ZERO_WIDTH}");
    let last = format!("{COMBINING} {FAMILY}");
    let run = demo.run(&[
        "card",
        "set",
        MAYA,
        "--first-name",
        &first,
        "--last-name",
        &last,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_terminal_safe("card set", &run.stdout);
    let puts: Vec<_> = demo
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect();
    assert_eq!(
        puts[0].body,
        Some(json!({"first_name": first, "last_name": last})),
        "the PUT carries exactly what was typed"
    );
    let view = run.stdout.strip_prefix("Updated.\n").unwrap();
    assert_card_layout(view);
    assert!(
        view.contains(&format!("  First name    evil{ZERO_WIDTH}\n")),
        "{view}"
    );
    assert!(
        view.contains(&format!("  Last name     {last}\n")),
        "{view}"
    );

    let run = demo.run(&["card", "get", MAYA, "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_exact_json(
        "card get --json",
        &run.stdout,
        &demo.ctl.card(MAYA).unwrap(),
    );
    assert!(
        run.stdout.contains(r#""first_name": "\u202eevil"#),
        "{}",
        run.stdout
    );
}

#[test]
fn share_and_send_results_are_one_clean_line() {
    let demo = Demo::start();
    let share = json!({"success": true, "chat_id": format!("{OSC_TITLE}{CHAT}"),
        "message": format!("Card \x1b[5mstaged\x1b[0m\r\nbloocard: {RLO}fake second line\x07")});
    respond(&demo, "POST", "/contact-card", 200, &share);
    let run = demo.run(&["share", CHAT]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_terminal_safe("share", &run.stdout);
    assert_eq!(
        run.stdout,
        "Staged for +14155550999: Card staged  bloocard: fake second line\n"
    );
    let run = demo.run(&["share", CHAT, "--json"]);
    assert_exact_json("share --json", &run.stdout, &share);

    let sent = json!({"message_id": format!("msg_{CSI_CLEAR}1"),
        "message_ids": [format!("msg_2{OSC_52}")], "status": format!("queued{RLO}\x08")});
    respond(&demo, "POST", "/messages", 202, &sent);
    let run = demo.run(&["send", CHAT, "--text", "hi", "--from", MAYA]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_terminal_safe("send", &run.stdout);
    assert_eq!(
        run.stdout,
        "Queued msg_1, msg_2 to +14155550999 from +14155550123 (status queued)\n"
    );
    let run = demo.run(&["send", CHAT, "--text", "hi", "--from", MAYA, "--json"]);
    assert_exact_json("send --json", &run.stdout, &sent);
}

#[test]
fn hostile_error_bodies_are_one_clean_line_on_stderr() {
    let demo = Demo::start();
    let message = format!("{OSC_52}Nope{CSI_CLEAR}\r\nbloocard: {RLO}all good\x07\x08");
    demo.fault(
        json!({"path": "/me/numbers", "action": {"kind": "status", "status": 400,
        "code": format!("bad{OSC_TITLE}_code"), "message": message}}),
    );
    let run = demo.run(&["numbers"]);
    assert_eq!(run.code, 4);
    assert_terminal_safe("error", &run.stderr);
    assert_eq!(
        run.stderr,
        "bloocard: Blooio rejected the request as invalid (HTTP 400 bad_code: \
         \"Nope  bloocard: all good\")\n"
    );

    // A `message` that is not a string at all falls back to the status's reason.
    respond(
        &demo,
        "GET",
        "/contact-card",
        403,
        &json!({"error": "ApiError", "message": {"text": "\x1b[2J"}, "code": 42}),
    );
    let run = demo.run(&["card", "get", MAYA]);
    assert_eq!(run.code, 4);
    assert_eq!(
        run.stderr,
        "bloocard: Blooio refused this request (HTTP 403: \"Forbidden\")\n"
    );

    // A 10 000-character message is still one line.
    let long = format!("{}\n{}", "x".repeat(5_000), "y".repeat(5_000));
    demo.fault(
        json!({"path": "/messages", "action": {"kind": "status", "status": 404,
        "code": "not_found", "message": long}}),
    );
    let run = demo.run(&["send", CHAT, "--text", "hi", "--from", MAYA]);
    assert_eq!(run.code, 4);
    assert_terminal_safe("error", &run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
    assert!(
        run.stderr
            .contains(&format!("{} {}", "x".repeat(5_000), "y".repeat(5_000)))
    );
}

#[test]
fn an_unreadable_avatar_is_described_harmlessly() {
    let demo = Demo::start();
    let escapes = format!("{OSC_52}{CSI_CLEAR}\x07");
    let not_an_image = base64_of(format!("GIF89a{escapes}").as_bytes());
    for avatar in [
        format!("data:image/png{escapes};base64,{not_an_image}"),
        not_an_image.clone(),
        format!("{escapes}!!not base64!!"),
    ] {
        demo.reset();
        let card = json!({"phone_number": MAYA, "first_name": "Maya", "avatar": avatar});
        respond(&demo, "GET", "/contact-card", 200, &card);
        let run = demo.run(&["card", "get", MAYA]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_terminal_safe("card get", &run.stdout);
        assert_card_layout(&run.stdout);
        let line = run.stdout.lines().last().unwrap();
        assert!(line.starts_with("  Avatar        unreadable ("), "{line:?}");
    }
}

#[test]
fn card_set_outputs_stay_clean_when_the_reread_fails_or_the_plan_is_hostile() {
    let demo = Demo::start();
    // The PUT's own answer is all that can be shown when the card cannot be re-read.
    let put = json!({"success": true, "phone_number": format!("{MAYA}{OSC_TITLE}"),
        "first_name": format!("Ada{CSI_CLEAR}"), "last_name": format!("{RLO}Lovelace\r\n")});
    respond(&demo, "PUT", "/contact-card", 200, &put);
    demo.fault(json!({"method": "GET", "path": "/contact-card", "times": 0,
        "action": {"kind": "status", "status": 500, "message": format!("db{OSC_52}down")}}));
    let run = demo.run(&["card", "set", MAYA, "--first-name", "Ada"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_terminal_safe("card set stdout", &run.stdout);
    assert_terminal_safe("card set stderr", &run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("server_error: \"dbdown\")"),
        "{}",
        run.stderr
    );
    let view = run.stdout.strip_prefix("Updated.\n").unwrap();
    assert_card_layout(view);
    assert!(view.starts_with("+14155550123\n"), "{view}");
    assert!(view.contains("  First name    Ada\n"), "{view}");
    // The trailing CR LF became two spaces, not a line break.
    assert!(view.contains("  Last name     Lovelace  \n"), "{view}");
    let run = demo.run(&["card", "set", MAYA, "--first-name", "Ada", "--json"]);
    assert_exact_json("card set --json", &run.stdout, &put);

    // A refused name change explains the plan, whose name came from the server.
    demo.reset();
    let plan = format!("shared{OSC_TITLE}{RLO}");
    respond(
        &demo,
        "GET",
        "/me/numbers",
        200,
        &json!({"numbers": [{"phone_number": MAYA, "plan_kind": plan}]}),
    );
    demo.fault(json!({"method": "PUT", "path": "/contact-card",
        "action": {"kind": "status", "status": 403, "code": "plan_not_supported"}}));
    let run = demo.run(&["card", "set", MAYA, "--first-name", "Ada"]);
    assert_eq!(run.code, 4);
    assert_terminal_safe("card set stderr", &run.stderr);
    assert!(
        run.stderr.ends_with(
            "needs a Dedicated plan, and +14155550123 is on the shared plan; \
             sharing settings can still be changed\n"
        ),
        "{}",
        run.stderr
    );
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
