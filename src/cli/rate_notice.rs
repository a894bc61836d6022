//! The line the CLI prints when the server rate limits a run (fleet or share): at most one a
//! second, however many 429s a burst brings.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct RateNotices {
    last: Mutex<Option<Instant>>,
}

impl RateNotices {
    /// The line to print for this 429, or `None` when one was printed less than a second ago.
    pub fn due(&self, wait: Duration, per_second: f64) -> Option<String> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_some_and(|t| t.elapsed() < Duration::from_secs(1)) {
            return None;
        }
        *last = Some(Instant::now());
        Some(format!(
            "bloocard: rate limited (HTTP 429): every request waits {:.1} s, then at most {} a second",
            wait.as_secs_f64(),
            rate_words(per_second)
        ))
    }
}

/// `8.5`, `12`, `0.2`: enough digits to read, no more.
pub fn rate_words(per_second: f64) -> String {
    if per_second >= 10.0 {
        format!("{per_second:.0}")
    } else {
        format!("{per_second:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_notice_a_second() {
        let notices = RateNotices::default();
        let line = notices.due(Duration::from_millis(1500), 8.46).unwrap();
        assert_eq!(
            line,
            "bloocard: rate limited (HTTP 429): every request waits 1.5 s, then at most 8.5 a second"
        );
        assert_eq!(notices.due(Duration::from_secs(1), 8.0), None);
        assert_eq!(rate_words(12.4), "12");
    }
}
