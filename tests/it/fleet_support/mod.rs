//! Shared by the fleet tests: a demo backend at fleet size, card files in a temp folder, and the
//! requests the backend saw, by method.

use std::path::{Path, PathBuf};

use bloocard::demo::RecordedRequest;

use crate::common::{Demo, Run};

pub const LOGO: &[u8] = include_bytes!("../../../assets/fleet/logo.png");

/// The demo backend grown to `numbers` numbers (the five usual ones first).
pub fn fleet_demo(numbers: usize) -> Demo {
    let demo = Demo::start();
    demo.ctl.seed_fleet(numbers);
    demo
}

/// A fresh folder for card files and exports.
pub fn workdir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fleet-tests");
    std::fs::create_dir_all(&root).unwrap();
    tempfile::Builder::new()
        .prefix("cards-")
        .tempdir_in(root)
        .unwrap()
        .keep()
}

/// Writes `cards.toml` (and the demo logo as `logo.png`) into `dir`.
pub fn card_file(dir: &Path, body: &str) -> PathBuf {
    std::fs::write(dir.join("logo.png"), LOGO).unwrap();
    let path = dir.join("cards.toml");
    std::fs::write(&path, body).unwrap();
    path
}

/// The card file the demo's fleet is seeded against.
pub const ACME: &str = r#"version = 1
numbers = "all"

[card]
first_name = "Acme"
last_name = "Support"
avatar = "logo.png"
sharing = true
audience = "always-ask"
name_format = "full"
"#;

pub fn count(requests: &[RecordedRequest], method: &str) -> usize {
    requests.iter().filter(|r| r.method == method).count()
}

/// Card requests (GET or PUT) for one number.
pub fn for_number<'a>(requests: &'a [RecordedRequest], number: &str) -> Vec<&'a RecordedRequest> {
    let encoded = number.replace('+', "%2B");
    requests
        .iter()
        .filter(|r| r.path.contains(&encoded) || r.path.contains(number))
        .collect()
}

/// Avatar sizes change with the avatar pipeline; snapshots keep the shape, not the bytes.
pub fn redact_sizes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut rest = line;
        while let Some(pos) = rest.find(" KB").or_else(|| rest.find(" B)")) {
            let head = &rest[..pos];
            let keep = head.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
            out.push_str(keep);
            out.push_str("[size]");
            rest = &rest[pos + if rest[pos..].starts_with(" KB") { 3 } else { 2 }..];
        }
        out.push_str(rest);
    }
    redact_json_bytes(&out)
}

fn redact_json_bytes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("\"bytes\": ") {
        let start = pos + "\"bytes\": ".len();
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        out.push_str("\"[size]\"");
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// The Acme card file with `numbers` listed instead of "all", and `extra` after it.
pub fn listed<S: AsRef<str>>(numbers: &[S], extra: &str) -> String {
    let list: Vec<String> = numbers
        .iter()
        .map(|n| format!("\"{}\"", n.as_ref()))
        .collect();
    ACME.replace(
        "numbers = \"all\"",
        &format!("numbers = [{}]", list.join(", ")),
    ) + extra
}

/// `bloocard ARGS FILE` against `demo`.
pub fn run_file(demo: &Demo, args: &[&str], file: &Path) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    all.push(file.to_str().unwrap());
    demo.run(&all)
}
