//! A share run in words, the same for `bloocard share` and the TUI's share overlay: the plan
//! sentence, the summary line and the sentences of a run that stopped early. Server strings are
//! cleaned here.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::chat::{ChatItem, ChatKind};
use super::engine::SharePlan;
use super::select::Selection;
use crate::sanitize::clean;

/// `1,234`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// `30 days`, `12 hours`, `90 minutes`.
fn duration_words(d: Duration) -> String {
    let minutes = (d.as_secs() / 60) as usize;
    if minutes.is_multiple_of(24 * 60) {
        plural(minutes / (24 * 60), "day", "days")
    } else if minutes.is_multiple_of(60) {
        plural(minutes / 60, "hour", "hours")
    } else {
        plural(minutes, "minute", "minutes")
    }
}

/// `1,100 phone, 120 email, 14 groups`.
fn kinds(chats: &[ChatItem]) -> String {
    let mut by_kind: BTreeMap<ChatKind, usize> = BTreeMap::new();
    for chat in chats {
        *by_kind.entry(chat.kind).or_default() += 1;
    }
    by_kind
        .iter()
        .map(|(kind, n)| match kind {
            ChatKind::Group => plural(*n, "group", "groups"),
            other => format!("{} {other}", count(*n)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the selection narrowed to, as words after "chats": ` active within 30 days matching "x"`.
fn narrowed(selection: &Selection) -> String {
    let Selection::All(filter) = selection else {
        return String::new();
    };
    let mut out = String::new();
    if let Some(within) = filter.active_within {
        let _ = write!(out, " active within {}", duration_words(within));
    }
    if let Some(q) = &filter.query {
        let _ = write!(out, " matching \"{}\"", clean(q));
    }
    out
}

/// The plan in a sentence or three, e.g. "Stage your card in 1,234 chats (1,100 phone, 120
/// email, 14 groups) active within 30 days. Nothing is sent now: …".
///
/// `again` names the way to stage the skipped chats anyway (`--again`), if there is one.
pub fn plan_text(
    plan: &SharePlan,
    selection: &Selection,
    dry_run: bool,
    again: Option<&str>,
) -> String {
    let mut out = String::new();
    let n = plan.to_stage.len();
    if n == 0 {
        out.push_str("Nothing to stage: no chat");
        out.push_str(&narrowed(selection));
        out.push_str(if plan.skipped.is_empty() {
            " was found.\n"
        } else {
            " is left that an earlier run did not stage.\n"
        });
    } else {
        let _ = write!(
            out,
            "{} your card in {} ({}){}. ",
            if dry_run { "Would stage" } else { "Stage" },
            plural(n, "chat", "chats"),
            kinds(&plan.to_stage),
            narrowed(selection)
        );
        out.push_str(if dry_run {
            "Nothing was sent (--dry-run).\n"
        } else {
            "Nothing is sent now: your card rides on the next message you send in each chat.\n"
        });
    }
    if !plan.skipped.is_empty() {
        let them = if plan.skipped.len() == 1 {
            "it"
        } else {
            "them"
        };
        let _ = writeln!(
            out,
            "{} skipped: an earlier run of this selection staged your card there{}.",
            plural(plan.skipped.len(), "chat is", "chats are"),
            again.map_or_else(String::new, |a| format!(" ({a} stages {them} too)"))
        );
    }
    out
}

/// "Staged in 6 chats; 3 skipped (staged by an earlier run); 2 failed; 1 not started." (no
/// newline).
pub fn summary_line(staged: usize, skipped: usize, failed: usize, not_started: usize) -> String {
    let mut parts = vec![format!("Staged in {}", plural(staged, "chat", "chats"))];
    if skipped > 0 {
        parts.push(format!(
            "{} skipped (staged by an earlier run)",
            count(skipped)
        ));
    }
    parts.push(format!("{} failed", count(failed)));
    if not_started > 0 {
        parts.push(format!("{} not started", count(not_started)));
    }
    format!("{}.", parts.join("; "))
}

/// A run stopped by plan-gated 403s: `failed` refused, `left` not tried; `server` is what the
/// server said of the last.
pub fn plan_gated(server: &str, failed: usize, left: usize) -> String {
    format!(
        "stopped: Blooio refused the first {failed} chats ({}); sharing the contact card needs a \
         Dedicated plan (Commercial or Enterprise), so the other {} were not tried",
        clean(server),
        count(left)
    )
}

/// A run stopped by a 503 (no active number). `rerun` says how to run it again ("rerun",
/// "r retries").
pub fn no_active_number(server: &str, staged: usize, left: usize, rerun: &str) -> String {
    format!(
        "stopped: no active number to stage the card with ({}); {} staged, {} not started: \
         {rerun} once a number is online (it stages only what is not done)",
        clean(server),
        count(staged),
        count(left)
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A listed chat for tests (the CLI's share_render tests use it too).
    pub(crate) fn chat(id: &str, name: Option<&str>) -> ChatItem {
        ChatItem {
            id: id.into(),
            kind: ChatKind::of_id(id),
            name: name.map(Into::into),
            last_active_ms: None,
        }
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1234), "1,234");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn the_plan_in_words() {
        let plan = SharePlan {
            to_stage: vec![
                chat("+14155550123", None),
                chat("+14155550124", None),
                chat("jo@example.com", None),
                chat("grp_a", None),
            ],
            skipped: vec![chat("+14155550125", None)],
        };
        let selection = Selection::All(crate::fleet::share::Filter {
            active_within: Some(Duration::from_secs(30 * 86_400)),
            ..Default::default()
        });
        assert_eq!(
            plan_text(&plan, &selection, false, Some("--again")),
            "Stage your card in 4 chats (2 phone, 1 email, 1 group) active within 30 days. \
             Nothing is sent now: your card rides on the next message you send in each chat.\n\
             1 chat is skipped: an earlier run of this selection staged your card there \
             (--again stages it too).\n"
        );
    }

    #[test]
    fn without_a_way_to_stage_again_the_skipped_sentence_names_none() {
        let plan = SharePlan {
            to_stage: vec![chat("+14155550123", None)],
            skipped: vec![chat("+14155550125", None), chat("+14155550126", None)],
        };
        let text = plan_text(&plan, &Selection::Listed(Vec::new()), false, None);
        assert!(
            text.ends_with(
                "2 chats are skipped: an earlier run of this selection staged your card there.\n"
            ),
            "{text}"
        );
    }
}
