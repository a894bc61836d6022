use std::time::{Duration, Instant};

use super::*;

fn units(chunks: &[&[u8]]) -> Vec<Unit> {
    let mut framer = Framer::default();
    let mut out = Vec::new();
    let t0 = Instant::now();
    for (i, chunk) in chunks.iter().enumerate() {
        let now = t0 + Duration::from_millis(i as u64);
        framer.feed(chunk, now, &mut out);
    }
    framer.expire(t0 + Duration::from_secs(10), true, &mut out);
    out
}

fn keys(s: &[u8]) -> Unit {
    Unit::Keys(s.to_vec())
}

#[test]
fn plain_keys_and_key_sequences_pass_whole_and_in_order() {
    assert_eq!(units(&[b"jk"]), vec![keys(b"jk")]);
    assert_eq!(units(&[b"j\x1b[Ak"]), vec![keys(b"j\x1b[Ak")]);
    assert_eq!(units(&[b"\x1b[1;5C\x1bOP"]), vec![keys(b"\x1b[1;5C\x1bOP")]);
    assert_eq!(units(&["é".as_bytes()]), vec![keys("é".as_bytes())]);
    // SGR mouse.
    assert_eq!(units(&[b"\x1b[<0;10;5M"]), vec![keys(b"\x1b[<0;10;5M")]);
}

#[test]
fn answers_are_taken_out_wherever_they_fall_between_keys() {
    let got = units(&[b"j\x1bP>|kitty(0.26.5)\x1b\\\x1b_Gi=31;OK\x1b\\k\x1b[6;18;9t\x1b[?62;cq"]);
    assert_eq!(
        got,
        vec![
            keys(b"j"),
            Unit::Answer(Answer::XtVersion("kitty(0.26.5)".into())),
            Unit::Answer(Answer::Kitty { ok: true }),
            keys(b"k"),
            Unit::Answer(Answer::CellSize {
                width: 9,
                height: 18
            }),
            Unit::Answer(Answer::Da1(vec![62])),
            keys(b"q"),
        ]
    );
}

#[test]
fn an_answer_split_across_reads_is_still_an_answer() {
    let whole = b"\x1bP>|XTerm(379)\x1b\\\x1b[?63;1;2;4c";
    for cut in 1..whole.len() {
        let got = units(&[&whole[..cut], &whole[cut..]]);
        assert_eq!(
            got,
            vec![
                Unit::Answer(Answer::XtVersion("XTerm(379)".into())),
                Unit::Answer(Answer::Da1(vec![63, 1, 2, 4])),
            ],
            "cut at {cut}"
        );
    }
}

#[test]
fn a_lone_esc_is_the_esc_key_once_its_wait_is_over() {
    let mut framer = Framer::default();
    let mut out = Vec::new();
    let t0 = Instant::now();
    framer.feed(b"\x1b", t0, &mut out);
    assert!(out.is_empty());
    assert_eq!(framer.deadline(true), Some(t0 + ESC_WAIT));
    framer.expire(t0 + ESC_WAIT / 2, true, &mut out);
    assert!(out.is_empty());
    framer.expire(t0 + ESC_WAIT, true, &mut out);
    assert_eq!(out, vec![keys(b"\x1b")]);
    assert_eq!(framer.deadline(true), None);
    // Esc, Esc: two keys; Esc then a sequence: Esc, then the sequence.
    assert_eq!(units(&[b"\x1b\x1b"]), vec![keys(b"\x1b"), keys(b"\x1b")]);
    assert_eq!(
        units(&[b"\x1b\x1b[A"]),
        vec![keys(b"\x1b"), keys(b"\x1b[A")]
    );
}

#[test]
fn alt_keys_are_kept_even_when_they_look_like_the_start_of_a_string() {
    assert_eq!(units(&[b"\x1bj"]), vec![Unit::Alt(b"j".to_vec())]);
    // Alt+P then j; Alt+_ then x; Alt+] then a.
    assert_eq!(
        units(&[b"\x1bPj"]),
        vec![Unit::Alt(b"P".to_vec()), keys(b"j")]
    );
    assert_eq!(
        units(&[b"\x1b_x\x1b]a"]),
        vec![
            Unit::Alt(b"_".to_vec()),
            keys(b"x"),
            Unit::Alt(b"]".to_vec()),
            keys(b"a")
        ]
    );
    // Alt+P alone: after the short wait when no answer is owed, the long one when one is.
    let t0 = Instant::now();
    let mut framer = Framer::default();
    let mut out = Vec::new();
    framer.feed(b"\x1bP", t0, &mut out);
    assert_eq!(framer.deadline(false), Some(t0 + ESC_WAIT));
    assert_eq!(framer.deadline(true), Some(t0 + ANSWER_WAIT));
    framer.expire(t0 + ESC_WAIT, false, &mut out);
    assert_eq!(out, vec![Unit::Alt(b"P".to_vec())]);
    assert_eq!(
        units(&["\x1bé".as_bytes()]),
        vec![Unit::Alt("é".as_bytes().to_vec())]
    );
}

#[test]
fn pastes_pass_whole_with_whatever_they_hold() {
    assert_eq!(
        units(&[b"\x1b[200~a\x1b[?4c\x1bPb\x1b[201~j"]),
        vec![Unit::Paste("a\x1b[?4c\x1bPb".into()), keys(b"j")]
    );
    assert_eq!(
        units(&[b"\x1b[20", b"0~hel", b"lo\x1b[20", b"1~"]),
        vec![Unit::Paste("hello".into())]
    );
}

#[test]
fn garbage_never_becomes_keys_and_never_swallows_the_keys_after_it() {
    // Unknown strings are dropped whole; an unfinished one is dropped after its wait.
    assert_eq!(units(&[b"\x1bP1$r0m\x1b\\j"]), vec![keys(b"j")]);
    assert_eq!(units(&[b"\x1b]11;rgb:0/0/0\x07j"]), vec![keys(b"j")]);
    assert_eq!(units(&[b"\x1b_Gi=31;OK"]), vec![]);
    // A control byte ends a string that cannot be an answer: the byte is a key again.
    assert_eq!(units(&[b"\x1b_Gxx\rj"]), vec![keys(b"\rj")]);
    // A broken CSI is dropped, the control byte after it kept.
    assert_eq!(units(&[b"\x1b[12\x1b[B"]), vec![keys(b"\x1b[B")]);
    // An over-long CSI is dropped.
    let mut long = b"\x1b[".to_vec();
    long.extend(std::iter::repeat_n(b'1', 300));
    long.extend(b"mj");
    assert_eq!(units(&[&long]), vec![keys(b"j")]);
    // Stray continuation bytes are no keys.
    assert_eq!(units(&[b"\x80\xbfj"]), vec![keys(b"j")]);
    // Garbage DA1s still end the probe, as DA1.
    assert_eq!(
        units(&[b"\x1b[?;;99999999;c"]),
        vec![Unit::Answer(Answer::Da1(vec![]))]
    );
}

#[test]
fn an_unfinished_utf8_character_waits_then_goes() {
    let e_acute = "é".as_bytes();
    assert_eq!(units(&[&e_acute[..1], &e_acute[1..]]), vec![keys(e_acute)]);
    assert_eq!(units(&[&e_acute[..1]]), vec![]);
}
