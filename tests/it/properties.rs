//! Property tests for every parser and encoder that sees untrusted input.

use bloocard::api::path::encode_segment;
use bloocard::api::{
    CardUpdateResponse, ChatsResponse, ContactCard, MessageStatus, MessagesResponse,
    NumbersResponse, SendResponse, ShareResponse,
};
use bloocard::sanitize::{clean, clean_multiline};
use proptest::prelude::*;
use serde_json::Value;

const RLO: char = '\u{202E}';

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("phone_number".to_owned()),
            Just("first_name".to_owned()),
            Just("avatar".to_owned()),
            Just("sharing".to_owned()),
            Just("audience".to_owned()),
            Just("numbers".to_owned()),
            Just("chats".to_owned()),
            Just("messages".to_owned()),
            Just("message_id".to_owned()),
            Just("status".to_owned()),
            "[a-z_]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn encoded_segments_hold_only_unreserved_bytes_and_round_trip(s in "\\PC{0,40}") {
        let encoded = encode_segment(&s);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{}", encoded);
        let decoded = percent_encoding::percent_decode_str(&encoded).decode_utf8().unwrap();
        prop_assert_eq!(decoded, s);
    }

    #[test]
    fn cleaned_text_has_no_control_characters(s in any::<String>()) {
        let out = clean(&s);
        prop_assert!(!out.chars().any(|c| c.is_control()));
        prop_assert!(!out.chars().any(|c| c == RLO), "bidi override kept");
        let multi = clean_multiline(&s);
        prop_assert!(!multi.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn printable_text_is_unchanged(s in "[\\p{L}\\p{N}\\p{P}\\p{S} ]{0,40}") {
        prop_assert_eq!(clean(&s), s.as_str());
    }

    #[test]
    fn response_models_never_panic_on_arbitrary_json(v in json_value()) {
        // Each either parses or reports an error; a panic fails the test.
        let _ = serde_json::from_value::<ContactCard>(v.clone());
        let _ = serde_json::from_value::<NumbersResponse>(v.clone());
        let _ = serde_json::from_value::<CardUpdateResponse>(v.clone());
        let _ = serde_json::from_value::<ShareResponse>(v.clone());
        let _ = serde_json::from_value::<SendResponse>(v.clone());
        let _ = serde_json::from_value::<ChatsResponse>(v.clone());
        let _ = serde_json::from_value::<MessagesResponse>(v.clone());
        let _ = serde_json::from_value::<MessageStatus>(v.clone());
        if let Ok(n) = serde_json::from_value::<NumbersResponse>(v.clone()) {
            for number in n.numbers() {
                let _ = number.plan().label().len();
            }
        }
        if let Ok(s) = serde_json::from_value::<SendResponse>(v) {
            let _ = s.ids();
        }
    }
}

/// One escape sequence as a terminal would read it, complete: CSI with parameters and
/// intermediates, OSC to BEL or ST, DCS/SOS/PM/APC to ST, ESC with intermediates, or an 8-bit form.
fn escape_sequence() -> impl Strategy<Value = String> {
    let st = prop_oneof![Just("\x1b\\".to_owned()), Just("\u{9c}".to_owned())];
    let payload = "[ -~\\p{L}]{0,12}".prop_map(|p: String| p.replace('\x1b', ""));
    prop_oneof![
        ("[0-9:;<=>?]{0,8}", "[ -/]{0,2}", "[@-~]").prop_map(|(p, i, f)| format!("\x1b[{p}{i}{f}")),
        ("[0-9:;<=>?]{0,8}", "[@-~]").prop_map(|(p, f)| format!("\u{9b}{p}{f}")),
        (
            payload.clone(),
            prop_oneof![Just("\x07".to_owned()), st.clone()]
        )
            .prop_map(|(p, end)| format!("\x1b]{p}{end}")),
        (
            prop_oneof![Just('P'), Just('X'), Just('^'), Just('_')],
            payload.clone(),
            st.clone()
        )
            .prop_map(|(k, p, end)| format!("\x1b{k}{p}{end}")),
        (
            prop_oneof![Just('\u{90}'), Just('\u{9d}'), Just('\u{9f}')],
            payload,
            st
        )
            .prop_map(|(k, p, end)| format!("{k}{p}{end}")),
        // ESC alone before [ ] P X ^ _ is the start of the longer kinds above.
        ("[ -/]{0,2}", "[0-~]")
            .prop_filter("a final, not an introducer", |(i, f)| !i.is_empty()
                || !"[]PX^_".contains(f.as_str()))
            .prop_map(|(i, f)| format!("\x1b{i}{f}")),
    ]
}

/// Characters that make up escape sequences, heavily weighted, so that arbitrary mixes of
/// introducers, parameters, terminators and text are tried.
fn sequence_soup() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        4 => Just('\x1b'),
        2 => prop::sample::select(vec!['[', ']', 'P', '_', '^', 'X', '\\', '(', '#', ';', '?', '0', '1', 'm', 'q']),
        2 => (0x80u32..=0x9f).prop_map(|u| char::from_u32(u).unwrap()),
        2 => (0u32..0x20).prop_map(|u| char::from_u32(u).unwrap()),
        1 => Just('\x7f'),
        2 => any::<char>(),
    ];
    prop::collection::vec(c, 0..40).prop_map(|v| v.into_iter().collect())
}

fn terminal_safe(out: &str, newline_allowed: bool) -> bool {
    !out.chars()
        .any(|c| (c != '\n' || !newline_allowed) && bloocard::sanitize::is_unsafe(c))
}

proptest! {
    #[test]
    fn cleaned_text_never_holds_an_escape_or_control(s in sequence_soup()) {
        prop_assert!(terminal_safe(&clean(&s), false), "{:?} -> {:?}", s, clean(&s));
        prop_assert!(terminal_safe(&clean_multiline(&s), true), "{:?}", s);
        // Clean text is clean: a second pass changes nothing.
        let once = clean(&s).into_owned();
        prop_assert_eq!(clean(&once), once.as_str());
    }

    #[test]
    fn whole_sequences_are_dropped_and_the_text_around_them_kept(
        before in "[\\p{L}\\p{N} .,!-]{0,12}",
        seqs in prop::collection::vec(escape_sequence(), 1..4),
        after in "[\\p{L}\\p{N} .,!-]{0,12}",
    ) {
        let hostile = format!("{before}{}{after}", seqs.concat());
        prop_assert_eq!(clean(&hostile), format!("{before}{after}"), "{:?}", hostile);
    }
}

/// A small image of arbitrary size, content and alpha, encoded as PNG or JPEG.
fn small_image() -> impl Strategy<Value = Vec<u8>> {
    (
        1u32..48,
        1u32..48,
        any::<bool>(),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(w, h, alpha, as_png, seed)| {
            let mut rng = seed;
            let mut next = move || {
                // xorshift: cheap, deterministic pixels from the seed.
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                (rng & 0xFF) as u8
            };
            let img = if alpha && as_png {
                image::DynamicImage::ImageRgba8(image::RgbaImage::from_fn(w, h, |_, _| {
                    image::Rgba([next(), next(), next(), next()])
                }))
            } else {
                image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |_, _| {
                    image::Rgb([next(), next(), next()])
                }))
            };
            let mut out = std::io::Cursor::new(Vec::new());
            let format = if as_png {
                image::ImageFormat::Png
            } else {
                image::ImageFormat::Jpeg
            };
            img.write_to(&mut out, format).unwrap();
            out.into_inner()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_small_image_becomes_a_valid_avatar(input in small_image()) {
        let prepared = bloocard::avatar::prepare(&input, &bloocard::avatar::PrepareOptions::default()).unwrap();
        let info = bloocard::avatar::inspect(&prepared.jpeg).unwrap();
        prop_assert_eq!(info.format, "JPEG");
        prop_assert_eq!(info.width, info.height);
        prop_assert!((500..=1024).contains(&info.width));
        prop_assert!(prepared.jpeg.len() <= 1_000_000);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_pipeline(mut bytes in prop::collection::vec(any::<u8>(), 0..2048), magic in 0usize..3) {
        // Start some inputs with real magic numbers so the decoders, not just the sniffer, see them.
        let prefixes: [&[u8]; 3] = [b"", b"\xFF\xD8\xFF\xE0", b"\x89PNG\r\n\x1a\n"];
        let mut input = prefixes[magic].to_vec();
        input.append(&mut bytes);
        let _ = bloocard::avatar::inspect(&input);
        let _ = bloocard::avatar::preview(&input, 64);
        if let Ok(p) = bloocard::avatar::prepare(&input, &bloocard::avatar::PrepareOptions::default()) {
            prop_assert!(p.jpeg.len() <= 1_000_000);
        }
    }
}
