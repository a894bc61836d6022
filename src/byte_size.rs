//! The one way bloocard writes a byte count for people, in the CLI and the TUI alike: binary
//! units, one decimal below 10 of a unit and none above ("980 B", "1.5 KB", "29 KB", "1.2 MB"),
//! as `ls -h` and `du -h` do.

/// `bytes` in B, KB or MB (1 KB = 1024 bytes).
pub fn human(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let n = bytes as f64;
    let (value, unit) = if bytes < 1024 {
        return format!("{bytes} B");
    } else if n < KB * KB {
        (n / KB, "KB")
    } else {
        (n / (KB * KB), "MB")
    };
    // Rounded the way it is printed, so 9.96 KB reads "10 KB", not "10.0 KB".
    if (value * 10.0).round() < 100.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn one_format_for_every_size() {
        assert_eq!(human(0), "0 B");
        assert_eq!(human(1023), "1023 B");
        assert_eq!(human(1024), "1.0 KB");
        assert_eq!(human(1536), "1.5 KB");
        assert_eq!(human(10_199), "10 KB");
        assert_eq!(human(29 * 1024 + 300), "29 KB");
        assert_eq!(human(1023 * 1024), "1023 KB");
        assert_eq!(human(1024 * 1024), "1.0 MB");
        assert_eq!(human(1_300_000), "1.2 MB");
        assert_eq!(human(20 * 1024 * 1024), "20 MB");
    }
}
