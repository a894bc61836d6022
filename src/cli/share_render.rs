//! What `share` for many chats prints: the plan sentence, the chats of a dry run, a line per
//! failure, the summary, and the `--json` document. Every server string is cleaned here.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::fleet::share::words::summary_line;
pub use crate::fleet::share::words::{count, plan_text};
use crate::fleet::share::{ChatItem, ChatOutcome, ChatStatus, SharePlan, StageReport, StopReason};
use crate::sanitize::clean;
use crate::time_ago::time_ago;

fn last_active(chat: &ChatItem, now: DateTime<Utc>) -> String {
    chat.last_active_ms
        .and_then(DateTime::from_timestamp_millis)
        .map_or_else(|| "—".to_owned(), |t| time_ago(t, now))
}

/// The chats of a dry run, one a line: type, id, name, last message.
pub fn chat_rows(chats: &[ChatItem], now: DateTime<Utc>) -> String {
    let rows: Vec<Vec<String>> = chats
        .iter()
        .map(|c| {
            vec![
                c.kind.as_str().to_owned(),
                clean(&c.id).into_owned(),
                c.name
                    .as_deref()
                    .map_or_else(|| "—".to_owned(), |n| clean(n).into_owned()),
                last_active(c, now),
            ]
        })
        .collect();
    super::output::table(&["TYPE", "CHAT", "NAME", "LAST MESSAGE"], &rows)
}

/// Human output for stdout: on a terminal, each line word-wrapped to its width, the rows a line
/// goes on to indented `hang` more (the terminal would cut words: "30 d" / "ays" at 80 columns);
/// piped, as it is, one item a line for scripts. Prose hangs 0; a list of items, 2.
pub fn fitted(text: &str, hang: usize) -> String {
    use std::io::IsTerminal as _;
    fitted_if(std::io::stdout().is_terminal(), text, hang)
}

/// [`fitted`] for a line on stderr (the rate-limit notice, the final summary line): wrapped
/// when stderr is a terminal, as it is, one line, when it is piped.
pub fn fitted_stderr(text: &str, hang: usize) -> String {
    use std::io::IsTerminal as _;
    fitted_if(std::io::stderr().is_terminal(), text, hang)
}

/// The command's final line, which `main` prints after `bloocard: `: wrapped with that prefix
/// counted, so its first row fits too.
pub fn fitted_final(message: &str) -> String {
    const PREFIX: &str = "bloocard: ";
    let wrapped = fitted_stderr(&format!("{PREFIX}{message}"), 0);
    wrapped
        .strip_prefix(PREFIX)
        .map_or_else(|| message.to_owned(), str::to_owned)
}

fn fitted_if(terminal: bool, text: &str, hang: usize) -> String {
    match crossterm::terminal::size() {
        Ok((cols, _)) if cols > 0 && terminal => crate::word_wrap::lines(text, cols.into(), hang),
        _ => text.to_owned(),
    }
}

/// `✗ +16465550172  Ana Souza: Blooio refused …`
pub fn failure_line(outcome: &ChatOutcome) -> String {
    let name = outcome
        .chat
        .name
        .as_deref()
        .map(|n| format!("  {}", clean(n)))
        .unwrap_or_default();
    format!(
        "✗ {}{name}: {}\n",
        clean(&outcome.chat.id),
        clean(outcome.error.as_deref().unwrap_or("failed"))
    )
}

/// The end of a run: how many were staged, skipped, failed (with the reasons) and not started.
pub fn summary(report: &StageReport, skipped: usize) -> String {
    let mut out = summary_line(
        report.count(ChatStatus::Staged),
        skipped,
        report.count(ChatStatus::Failed),
        report.count(ChatStatus::NotStarted),
    );
    out.push('\n');
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for o in report
        .outcomes
        .iter()
        .filter(|o| o.status == ChatStatus::Failed)
    {
        *reasons
            .entry(o.error.as_deref().unwrap_or("failed"))
            .or_default() += 1;
    }
    let mut reasons: Vec<(&str, usize)> = reasons.into_iter().collect();
    reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (reason, n) in reasons.iter().take(5) {
        let _ = writeln!(out, "  {} × {}", count(*n), clean(reason));
    }
    if reasons.len() > 5 {
        let _ = writeln!(
            out,
            "  … and {} other reasons (see ✗ above)",
            reasons.len() - 5
        );
    }
    out
}

/// One chat of the `--json` document. The fields are in alphabetical order, the order the
/// document has always had (serde_json's maps sort their keys).
#[derive(Serialize)]
struct ChatRow<'a> {
    chat_id: &'a str,
    error: Option<&'a str>,
    status: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}

impl<'a> ChatRow<'a> {
    fn new(chat: &'a ChatItem, status: ChatStatus, error: Option<&'a str>) -> Self {
        Self {
            chat_id: &chat.id,
            error,
            status: status.as_str(),
            kind: chat.kind.as_str(),
        }
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    chats: usize,
    failed: usize,
    journal: Option<&'a str>,
    not_started: usize,
    planned: usize,
    skipped: usize,
    staged: usize,
    stopped: Option<&'static str>,
}

/// The `--json` document, borrowing from the plan and the report: at 20,000 chats a tree of
/// `serde_json::Value`s would cost tens of megabytes more than the rows themselves.
#[derive(Serialize)]
pub struct JsonDocument<'a> {
    chats: Vec<ChatRow<'a>>,
    summary: Summary<'a>,
}

/// `{"chats": [{chat_id, type, status, error}], "summary": {…}}` for a dry run (`report` none)
/// or a run.
pub fn json_document<'a>(
    plan: &'a SharePlan,
    report: Option<&'a StageReport>,
    journal: Option<&'a str>,
) -> JsonDocument<'a> {
    let mut chats: Vec<ChatRow<'a>> = match report {
        Some(r) => r
            .outcomes
            .iter()
            .map(|o| ChatRow::new(&o.chat, o.status, o.error.as_deref()))
            .collect(),
        None => plan
            .to_stage
            .iter()
            .map(|c| ChatRow::new(c, ChatStatus::Planned, None))
            .collect(),
    };
    chats.extend(
        plan.skipped
            .iter()
            .map(|c| ChatRow::new(c, ChatStatus::Skipped, None)),
    );
    let counted = |s: ChatStatus| report.map_or(0, |r| r.count(s));
    let stopped = report.and_then(|r| r.stop.as_ref()).map(|s| match s {
        StopReason::PlanGated(_) => "plan_gated",
        StopReason::NoActiveNumber(_) => "no_active_number",
        StopReason::Asked => "interrupted",
    });
    JsonDocument {
        chats,
        summary: Summary {
            chats: plan.to_stage.len() + plan.skipped.len(),
            failed: counted(ChatStatus::Failed),
            journal,
            not_started: counted(ChatStatus::NotStarted),
            planned: if report.is_none() {
                plan.to_stage.len()
            } else {
                0
            },
            skipped: plan.skipped.len(),
            staged: counted(ChatStatus::Staged),
            stopped,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::share::words::tests::chat;

    #[test]
    fn hostile_names_are_cleaned() {
        let outcome = ChatOutcome {
            chat: chat("+14155550123", Some("Eve\x1b]0;pwned\x07\x1b[2J")),
            status: ChatStatus::Failed,
            error: Some("HTTP 502\x1b[31m".into()),
        };
        let line = failure_line(&outcome);
        assert!(!line.contains('\x1b') && !line.contains('\x07'), "{line:?}");
        assert!(line.starts_with("✗ +14155550123  Eve"), "{line:?}");
        let rows = chat_rows(&[outcome.chat], Utc::now());
        assert!(!rows.contains('\x1b'), "{rows:?}");
    }
}
