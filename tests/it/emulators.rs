//! `bloocard --demo` in real graphical terminals under Xvfb, launched from a shell as a person
//! types it: `xterm -ti vt340`, Debian's kitty, and tmux (`allow-passthrough on`) inside each.
//! Issue 16 §4; the harness is `emulator_support/`.
//!
//! With default options each must: keep the `j` pressed while bloocard starts (the second
//! number's card loads), draw that card's avatar as a photo (a screenshot of the window, compared
//! with the avatar the demo serves), quit on `q` leaving nothing behind for the next program
//! (`cat` reads only what is typed after), and leave no graphics error in the terminal's log. And
//! with no key pressed, the first card's avatar, drawn before the terminal has answered, must
//! become the photo too: what a person who opens bloocard and looks sees.
//!
//! The calibration tests show the photo check tells a photo from a mosaic in the same terminals:
//! xterm's sixel (forced) and kitty's own `icat` pass it, half blocks fail it.

use crate::common::wait_until;
use crate::emulator_support::demo_cards::{self, DemoCard};
use crate::emulator_support::emulator::Kind;
use crate::emulator_support::photo::{Expected, PixelRect, Verdict};
use crate::emulator_support::{Desk, Inside};
use crate::tmux_support::selected_number;

/// The terminal size every test runs at.
const SIZE: (u16, u16) = (120, 40);
/// Typed into `cat` after bloocard quits.
const TYPED: &str = "typed-after-quit";

/// What the avatar box must show once the card is in.
enum Want {
    Photo,
    NoPhoto,
}

/// What is pressed while bloocard starts, and so which card must be on screen.
#[derive(Clone, Copy)]
enum Start {
    /// `j`: the second number's card must load.
    PressJ,
    /// Nothing: the first number's card, selected at start, stays.
    Untouched,
}

/// Launches bloocard with `args` (pressing `j` while it starts, or not), waits for the card that
/// must be shown, judges its avatar, quits with `q`, and checks the shell and the terminal's log
/// afterwards. Every check runs even when an earlier one failed, and the test fails with all of
/// them.
fn run(kind: Kind, inside: Inside, args: &str, start: Start, want: Want) -> Verdict {
    let [first, second] = demo_cards::first_two();
    let desk = Desk::start(kind, inside, SIZE);
    let place = match desk.tmux() {
        Some(tmux) => format!("{} inside {}", tmux.version(), kind.name()),
        None => kind.name().to_owned(),
    };
    let (shown, other, keys): (&DemoCard, &DemoCard, &[&str]) = match start {
        Start::PressJ => (second, first, &["j"]),
        Start::Untouched => (first, second, &[]),
    };
    desk.launch(args, keys);
    wait_for_card(&desk, shown);

    let mut failures = Vec::new();
    let expected = Expected::new(&shown.avatar, &other.avatar);
    let verdict = match want {
        Want::Photo => desk.wait_for_photo(&expected).unwrap_or_else(|why| {
            failures.push(why);
            Verdict::default()
        }),
        Want::NoPhoto => desk.settled_verdict(&expected, "settled"),
    };
    eprintln!("{place}, `{args}`: {verdict}");
    for line in desk.bloocard_log().lines() {
        if line.contains("terminal graphics") {
            eprintln!("  bloocard's log: {line}");
        }
    }

    desk.keys(&["q"]);
    let (status, read) = desk.status_and_what_cat_read(TYPED);
    if status != "0" {
        failures.push(format!("q quit with status {status}, not 0"));
    }
    if read != format!("{TYPED}\n") {
        failures.push(format!(
            "after bloocard quit, the next program read more than was typed (`cat -v`, so a \
             terminal answer shows as ^[…): {read:?}"
        ));
    }
    let errors = graphics_errors(&desk.emulator.log()).join("\n");
    if !errors.is_empty() {
        failures.push(format!(
            "the terminal's own log shows graphics errors:\n{errors}"
        ));
    }
    assert!(
        failures.is_empty(),
        "{place}, `{args}`:\n- {}",
        failures.join("\n- ")
    );
    verdict
}

/// Waits until `card`'s number is selected and its card is on screen (for the second card: the
/// `j` typed while bloocard started was kept and applied).
fn wait_for_card(desk: &Desk, card: &DemoCard) {
    let title = format!("Card {}", card.number);
    desk.wait_for(
        &format!("card of {} selected and shown", card.number),
        |s| {
            selected_number(s).as_deref() == Some(card.number.as_str())
                && s.contains(&title)
                && s.contains("First name")
        },
    );
}

/// The lines of a terminal's log that report a graphics sequence it could not take: kitty's
/// `[PARSE ERROR] Malformed GraphicsCommand …`, and anything naming graphics, sixel or a parse
/// error in xterm's.
fn graphics_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| {
            let l = l.to_lowercase();
            ["parse error", "graphics", "sixel"]
                .iter()
                .any(|w| l.contains(w))
        })
        .collect()
}

// ----- the acceptance tests: default options -----

#[test]
fn xterm_vt340_default_options_draw_the_photo_of_the_card_j_picked() {
    run(
        Kind::Xterm,
        Inside::Shell,
        "--demo",
        Start::PressJ,
        Want::Photo,
    );
}

#[test]
fn kitty_default_options_draw_the_photo_of_the_card_j_picked() {
    run(
        Kind::Kitty,
        Inside::Shell,
        "--demo",
        Start::PressJ,
        Want::Photo,
    );
}

#[test]
fn tmux_in_kitty_default_options_draw_the_photo_of_the_card_j_picked() {
    run(
        Kind::Kitty,
        Inside::Tmux,
        "--demo",
        Start::PressJ,
        Want::Photo,
    );
}

#[test]
fn tmux_in_xterm_default_options_draw_the_photo_of_the_card_j_picked() {
    run(
        Kind::Xterm,
        Inside::Tmux,
        "--demo",
        Start::PressJ,
        Want::Photo,
    );
}

#[test]
fn xterm_vt340_default_options_draw_the_first_cards_photo_with_no_key_pressed() {
    run(
        Kind::Xterm,
        Inside::Shell,
        "--demo",
        Start::Untouched,
        Want::Photo,
    );
}

#[test]
fn kitty_default_options_draw_the_first_cards_photo_with_no_key_pressed() {
    run(
        Kind::Kitty,
        Inside::Shell,
        "--demo",
        Start::Untouched,
        Want::Photo,
    );
}

#[test]
fn tmux_in_kitty_default_options_draw_the_first_cards_photo_with_no_key_pressed() {
    run(
        Kind::Kitty,
        Inside::Tmux,
        "--demo",
        Start::Untouched,
        Want::Photo,
    );
}

#[test]
fn tmux_in_xterm_default_options_draw_the_first_cards_photo_with_no_key_pressed() {
    run(
        Kind::Xterm,
        Inside::Tmux,
        "--demo",
        Start::Untouched,
        Want::Photo,
    );
}

// ----- calibration: the check tells a photo from a mosaic -----

#[test]
fn xterm_forced_sixel_passes_the_photo_check() {
    let verdict = run(
        Kind::Xterm,
        Inside::Shell,
        "--demo --image sixel",
        Start::PressJ,
        Want::Photo,
    );
    assert!(verdict.is_photo());
}

#[test]
fn xterm_half_blocks_fail_the_photo_check() {
    let verdict = run(
        Kind::Xterm,
        Inside::Shell,
        "--demo --image halfblocks",
        Start::PressJ,
        Want::NoPhoto,
    );
    assert!(!verdict.is_photo(), "a half-block mosaic passed: {verdict}");
}

#[test]
fn kitty_half_blocks_fail_the_photo_check() {
    let verdict = run(
        Kind::Kitty,
        Inside::Shell,
        "--demo --image halfblocks",
        Start::PressJ,
        Want::NoPhoto,
    );
    assert!(!verdict.is_photo(), "a half-block mosaic passed: {verdict}");
}

/// kitty's own image viewer draws the avatar (direct placement, which kitty 0.26 has) where the
/// TUI puts it: the screenshot sees kitty's software-rendered graphics and the check passes it,
/// and the other avatar drawn there does not pass as this one.
#[test]
fn a_photo_drawn_by_kittys_own_icat_passes_the_photo_check() {
    let [first, second] = demo_cards::first_two();
    let desk = Desk::start(Kind::Kitty, Inside::Shell, SIZE);
    let file = desk.scratch().join("avatar.jpg");
    std::fs::write(&file, &second.avatar).expect("the avatar file");
    let (cols, rows): (u16, u16) = (22, 11);
    let (x, y): (u16, u16) = (SIZE.0 - cols - 2, 1);
    desk.type_line(&format!(
        "clear; kitty +kitten icat --place {cols}x{rows}@{x}x{y} {}; echo icat=$?",
        file.display()
    ));
    desk.wait_for("icat's exit status", |s| s.contains("icat=0"));
    let (cw, ch) = desk.cell_px();
    let bounds = PixelRect {
        x: u32::from(x) * cw,
        y: u32::from(y) * ch,
        width: u32::from(cols) * cw,
        height: u32::from(rows) * ch,
    };
    let shot = desk.emulator.screenshot();
    desk.keep_screenshot(&shot, "icat");
    let verdict = Expected::new(&second.avatar, &first.avatar).judge(&shot, bounds);
    eprintln!("kitty icat: {verdict}");
    assert!(
        verdict.is_photo(),
        "kitty's own icat photo failed: {verdict}"
    );
    let swapped = Expected::new(&first.avatar, &second.avatar).judge(&shot, bounds);
    assert!(!swapped.is_photo(), "the other avatar passed: {swapped}");
}

/// The log check reads kitty's real log: a malformed graphics command (the `U=1` key that
/// kitty 0.26 does not know, as bloocard's placeholder images send it) is found there.
#[test]
fn the_log_check_finds_kittys_parse_error_for_a_malformed_graphics_command() {
    let desk = Desk::start(Kind::Kitty, Inside::Shell, SIZE);
    desk.type_line(r"printf '\033_Ga=p,U=1,i=7\033\\'; echo printed=$?");
    desk.wait_for("printf's exit status", |s| s.contains("printed=0"));
    wait_until("parse error in kitty's log", || {
        let log = desk.emulator.log();
        if graphics_errors(&log).is_empty() {
            Err(format!("kitty's log:\n{log}"))
        } else {
            Ok(())
        }
    });
    let log = desk.emulator.log();
    let errors = graphics_errors(&log);
    eprintln!("kitty's log: {errors:?}");
    assert!(
        errors.iter().any(|l| l.contains("[PARSE ERROR]")),
        "{errors:?}"
    );
}

/// The `cat` check sees what a terminal sends after a program quits: a program that asks
/// xterm for its attributes (DA1) and exits at once leaves the answer to whatever reads next.
#[test]
fn the_cat_check_catches_a_terminal_answer_that_arrives_after_a_program_quit() {
    let desk = Desk::start(Kind::Xterm, Inside::Shell, SIZE);
    desk.launch_program(r"printf '\033[c'", &[]);
    let (status, read) = desk.status_and_what_cat_read(TYPED);
    eprintln!("cat read {read:?}");
    assert_eq!(status, "0");
    assert!(
        read.starts_with("^[[?") && read.ends_with(&format!("{TYPED}\n")),
        "cat read the answer, then what was typed: {read:?}"
    );
}
