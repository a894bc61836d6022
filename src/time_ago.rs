//! "3 h ago": how long ago a server timestamp was, for people. `now` is passed in so views and tests
//! stay pure functions of their input.

use chrono::{DateTime, Utc};

/// Parses the API's RFC 3339 date-time (`last_active`).
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Milliseconds since the epoch (message times) to a date-time.
pub fn from_millis(ms: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
}

/// A short relative time: "just now", "12 min ago", "3 h ago", "5 d ago", or the date for old ones.
pub fn time_ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = now.signed_duration_since(then).num_seconds();
    match secs {
        s if s < -60 => then.format("%Y-%m-%d").to_string(),
        s if s < 60 => "just now".to_owned(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        s if s < 30 * 86_400 => format!("{} d ago", s / 86_400),
        _ => then.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets() {
        let now = parse_timestamp("2026-11-26T12:00:00Z").unwrap();
        let ago = |s: &str| time_ago(parse_timestamp(s).unwrap(), now);
        assert_eq!(ago("2026-11-26T11:59:30Z"), "just now");
        assert_eq!(ago("2026-11-26T11:48:00Z"), "12 min ago");
        assert_eq!(ago("2026-11-26T09:00:00+00:00"), "3 h ago");
        assert_eq!(ago("2026-11-21T12:00:00Z"), "5 d ago");
        assert_eq!(ago("2026-01-02T00:00:00Z"), "2026-01-02");
        assert_eq!(ago("2027-01-02T00:00:00Z"), "2027-01-02");
    }

    #[test]
    fn bad_timestamps_are_none() {
        assert!(parse_timestamp("yesterday").is_none());
        assert!(parse_timestamp("").is_none());
    }
}
