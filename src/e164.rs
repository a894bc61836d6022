//! Phone numbers as Blooio takes them: E.164, `+` then 7 to 15 digits, the first not 0. The fleet
//! card file is checked with it on the client side, and the demo backend with it on the server side.

pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_numbers() {
        for ok in ["+14155550123", "+1234567", "+123456789012345"] {
            assert!(is_e164(ok), "{ok}");
        }
        for bad in [
            "14155550123",
            "+0123456",
            "+123456",
            "+1234567890123456",
            "+1 415",
            "+1a",
            "",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }
}
