//! Base64 as avatars travel in the API: plain standard base64 out; in, tolerant of a `data:` URL
//! prefix, line breaks and spaces that pasted or server-sent text may carry.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::error::AvatarError;

/// Decodes avatar text: optional `data:image/…;base64,` prefix, whitespace anywhere.
pub fn decode_base64(s: &str) -> Result<Vec<u8>, AvatarError> {
    let trimmed = s.trim();
    let payload = match trimmed.strip_prefix("data:") {
        Some(rest) => {
            let (header, data) = rest.split_once(',').ok_or_else(|| {
                AvatarError::Base64("the data: URL has no comma before the data".into())
            })?;
            if !header.ends_with(";base64") {
                return Err(AvatarError::Base64(
                    "the data: URL is not base64-encoded (no ;base64)".into(),
                ));
            }
            data
        }
        None => trimmed,
    };
    let compact: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(AvatarError::Base64("it is empty".into()));
    }
    let bytes = STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| AvatarError::Base64(e.to_string()))?;
    Ok(bytes)
}

/// Encodes bytes as the API wants them: standard alphabet, padded, no prefix, no line breaks.
pub fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_accepts_prefix_and_whitespace() {
        let data = b"\xff\xd8\xff\xe0 hello";
        let text = encode_base64(data);
        assert!(!text.contains('\n') && !text.starts_with("data:"));
        assert_eq!(decode_base64(&text).unwrap(), data);
        let wrapped = format!("data:image/jpeg;base64,{}\n{}\n", &text[..8], &text[8..]);
        assert_eq!(decode_base64(&wrapped).unwrap(), data);
    }

    #[test]
    fn rejects_bad_text_with_a_reason() {
        assert!(matches!(decode_base64("  "), Err(AvatarError::Base64(_))));
        assert!(matches!(
            decode_base64("not base64!!"),
            Err(AvatarError::Base64(_))
        ));
        assert!(matches!(
            decode_base64("data:image/png,abc"),
            Err(AvatarError::Base64(_))
        ));
        assert!(matches!(
            decode_base64("data:image/png;base64"),
            Err(AvatarError::Base64(_))
        ));
    }
}
