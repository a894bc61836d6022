//! Percent-encoding of path values. Every byte but the unreserved set `A-Z a-z 0-9 - . _ ~` is
//! escaped, so `+` cannot arrive as a space and `@`/`,` are unambiguous. The `url` crate's
//! path-segment encoder leaves `+ @ ,` alone, so it is not used for this.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

const PATH_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes one path value (a phone number, chat id or message id) exactly once.
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_characters_are_escaped() {
        assert_eq!(encode_segment("+15551234567"), "%2B15551234567");
        assert_eq!(encode_segment("user@example.com"), "user%40example.com");
        assert_eq!(
            encode_segment("+15551234567,+15559876543"),
            "%2B15551234567%2C%2B15559876543"
        );
        assert_eq!(encode_segment("grp_abc-1.2~x"), "grp_abc-1.2~x");
        assert_eq!(encode_segment("a/b c%"), "a%2Fb%20c%25");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }

    #[test]
    fn encoding_is_not_applied_twice() {
        // A value that already looks encoded is still a value: its % is escaped.
        assert_eq!(encode_segment("%2B1"), "%252B1");
    }
}
