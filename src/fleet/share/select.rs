//! Which chats a share run is for: every chat that passes the filters (`--all-chats`), or the
//! chats a file names (`--chats`). A selection also has a key, which names its journal.

use std::collections::BTreeSet;
use std::time::Duration;

use super::chat::{ChatItem, ChatKind};
use crate::sanitize::clean;

/// The filters of `--all-chats`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only chats whose last message is at most this old.
    pub active_within: Option<Duration>,
    /// Only these kinds; all when empty.
    pub kinds: BTreeSet<ChatKind>,
    /// Passed to the server as `q`.
    pub query: Option<String>,
    /// Never these chat ids.
    pub exclude: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All(Filter),
    /// In the order given, each once.
    Listed(Vec<String>),
}

impl Filter {
    /// Whether `chat` passes, at `now_ms`. A chat whose last message time is unknown does not
    /// pass an activity filter: nothing says it is active.
    pub fn admits(&self, chat: &ChatItem, now_ms: i64) -> bool {
        let recent = self.active_within.is_none_or(|within| {
            let oldest =
                now_ms.saturating_sub(i64::try_from(within.as_millis()).unwrap_or(i64::MAX));
            chat.last_active_ms.is_some_and(|t| t >= oldest)
        });
        recent
            && (self.kinds.is_empty() || self.kinds.contains(&chat.kind))
            && !self.exclude.contains(&chat.id)
    }
}

impl Selection {
    /// The same text for the same selection, whatever order its parts were given in; a rerun of
    /// the same command finds the same journal. (`--active-within` counts back from each run's
    /// start, so the chats it picks can change; the selection stays the same.)
    pub fn key(&self) -> String {
        match self {
            Selection::All(f) => {
                let kinds: Vec<&str> = f.kinds.iter().map(|k| k.as_str()).collect();
                let exclude: Vec<&str> = f.exclude.iter().map(String::as_str).collect();
                format!(
                    "all-chats\nactive_within={}\ntypes={}\nquery={}\nexclude={}",
                    f.active_within.map_or(0, |d| d.as_secs()),
                    kinds.join(","),
                    f.query.as_deref().unwrap_or_default(),
                    exclude.join(","),
                )
            }
            Selection::Listed(ids) => {
                let sorted: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
                let sorted: Vec<&str> = sorted.into_iter().collect();
                format!("chats\n{}", sorted.join(","))
            }
        }
    }
}

/// `30d`, `12h`, `90m`: a whole number of days, hours or minutes, at least one minute.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let rule = "a whole number of days, hours or minutes, like 30d, 12h or 90m";
    let unit = text.chars().last().unwrap_or(' ');
    let digits = &text[..text.len() - unit.len_utf8().min(text.len())];
    let minutes = match unit {
        'd' => 24 * 60,
        'h' => 60,
        'm' => 1,
        _ => return Err(format!("\"{}\" is not a duration: {rule}", clean(text))),
    };
    match digits.parse::<u64>() {
        Ok(n) if n > 0 && n <= 100 * 365 * 24 * 60 / minutes => {
            Ok(Duration::from_secs(n * minutes * 60))
        }
        _ => Err(format!(
            "\"{}\" is not a duration: {rule}, up to 100 years",
            clean(text)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(id: &str, kind: ChatKind, last: Option<i64>) -> ChatItem {
        ChatItem {
            id: id.into(),
            kind,
            name: None,
            last_active_ms: last,
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30d"), Ok(Duration::from_secs(30 * 86_400)));
        assert_eq!(parse_duration("12h"), Ok(Duration::from_secs(12 * 3600)));
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(90 * 60)));
        for bad in [
            "",
            "d",
            "30",
            "0d",
            "-1d",
            "1.5h",
            "30 days",
            "1w",
            "99999999d",
            "é",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn filters() {
        let now = 1_000 * 86_400_000;
        let filter = Filter {
            active_within: Some(Duration::from_secs(86_400)),
            kinds: [ChatKind::Phone, ChatKind::Group].into(),
            query: None,
            exclude: ["+15550100001".to_owned()].into(),
        };
        assert!(filter.admits(
            &chat("+15550100002", ChatKind::Phone, Some(now - 1000)),
            now
        ));
        assert!(!filter.admits(&chat("+15550100001", ChatKind::Phone, Some(now)), now));
        assert!(!filter.admits(&chat("a@b.co", ChatKind::Email, Some(now)), now));
        let day_and_more = now - 86_400_001;
        assert!(!filter.admits(&chat("grp_a", ChatKind::Group, Some(day_and_more)), now));
        assert!(!filter.admits(&chat("grp_a", ChatKind::Group, None), now));
        assert!(Filter::default().admits(&chat("grp_a", ChatKind::Group, None), now));
    }

    #[test]
    fn the_key_ignores_order() {
        let a = Selection::Listed(vec!["b".into(), "a".into()]);
        let b = Selection::Listed(vec!["a".into(), "b".into()]);
        assert_eq!(a.key(), b.key());
        let all = Selection::All(Filter {
            kinds: [ChatKind::Group, ChatKind::Phone].into(),
            ..Filter::default()
        });
        assert!(all.key().contains("types=phone,group"), "{}", all.key());
        assert_ne!(all.key(), Selection::All(Filter::default()).key());
    }
}
