//! Launch → photo drawn: `bloocard --demo` typed at a shell prompt in a real graphical terminal
//! under Xvfb (xterm -ti vt340; tmux inside kitty), the clock started at Enter and stopped when
//! the avatar in a screenshot of the window is the first card's photo (the check of
//! `tests/it/emulators.rs`). The same runs also time when the numbers are first listed, so the
//! photo's own cost shows beside the first frame. Run by `benches/first_frame.sh`:
//!
//!   cargo bench --profile dev --bench photo_drawn -- RUNS BINARY
//!
//! A fresh terminal per launch (no image left over from the run before). The screen's text is
//! read until the avatar's box is known, then only screenshots are taken; the resolution is one
//! such look (a screenshot and the comparison, about 0.1–0.2 s here), printed with the figures.
#![cfg(unix)]

// Shared with the integration tests, of which this uses a small part (the binary, a state dir).
#[allow(dead_code, unused_imports, unused_macros)]
#[path = "../tests/it/common/mod.rs"]
mod common;
#[path = "../tests/it/emulator_support/mod.rs"]
mod emulator_support;

use std::time::{Duration, Instant};

use emulator_support::demo_cards;
use emulator_support::emulator::Kind;
use emulator_support::photo::Expected;
use emulator_support::{Desk, Inside};

/// A launch that has not drawn the photo by then counts as "not drawn".
const GIVE_UP: Duration = Duration::from_secs(30);

/// One launch's figures, in ms from Enter.
struct Launch {
    listed: Option<f64>,
    photo: Option<f64>,
    look_ms: f64,
}

fn launch(kind: Kind, inside: Inside, bin: &str, args: &str, expected: &Expected) -> Launch {
    let desk = Desk::start(kind, inside, (120, 40));
    desk.emulator.type_text(&format!("{bin} --demo {args}"));
    let start = Instant::now();
    desk.keys(&["Return"]);
    let ms = |t: Instant| t.duration_since(start).as_secs_f64() * 1000.0;
    let (mut listed, mut photo, mut looks) = (None, None, 0u32);
    // Read from the screen's text until the picture's box is known, then from screenshots only.
    let mut bounds = None;
    while photo.is_none() && start.elapsed() < GIVE_UP {
        looks += 1;
        if bounds.is_none() || listed.is_none() {
            let screen = desk.screen();
            if listed.is_none() && screen.matches("dedicated").count() >= 2 {
                listed = Some(ms(Instant::now()));
            }
            bounds = desk.avatar_bounds(&screen);
        }
        if let Some(bounds) = bounds {
            let verdict = expected.judge(&desk.emulator.screenshot(), bounds);
            if verdict.is_photo() {
                photo = Some(ms(Instant::now()));
            }
        }
    }
    let look_ms = ms(Instant::now()) / f64::from(looks.max(1));
    desk.keys(&["q"]);
    Launch {
        listed,
        photo,
        look_ms,
    }
}

/// "median / max" of the launches that got there, or why there is none.
fn stats(values: &[Option<f64>]) -> String {
    let mut got: Vec<f64> = values.iter().flatten().copied().collect();
    if got.is_empty() {
        return "not drawn".into();
    }
    got.sort_by(f64::total_cmp);
    let n = got.len();
    let median = if n % 2 == 1 {
        got[n / 2]
    } else {
        (got[n / 2 - 1] + got[n / 2]) / 2.0
    };
    let missed = values.len() - n;
    let missed = if missed > 0 {
        format!(" ({missed} not drawn)")
    } else {
        String::new()
    };
    format!("{median:7.0} / {:<6.0}{missed}", got[n - 1])
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let bin = args.next().unwrap_or_else(|| common::BIN.to_owned());
    let [first, second] = demo_cards::first_two();
    // At start the first number is selected: its photo is the one to wait for.
    let expected = Expected::new(&first.avatar, &second.avatar);
    let modes = [
        ("xterm -ti vt340, default", Kind::Xterm, Inside::Shell, ""),
        (
            "xterm, --image sixel",
            Kind::Xterm,
            Inside::Shell,
            "--image sixel",
        ),
        ("tmux in kitty, default", Kind::Kitty, Inside::Tmux, ""),
    ];
    println!(
        "launch → photo drawn, bloocard --demo at 120x40, {runs} launches each, ms from Enter \
         (median / max)\n{bin}"
    );
    println!(
        "{:<28} {:>16} {:>16} {:>8}",
        "", "numbers listed", "photo drawn", "look ms"
    );
    for (name, kind, inside, args) in modes {
        let mut launches = Vec::new();
        for _ in 0..runs {
            let l = launch(kind, inside, &bin, args, &expected);
            let never = l.photo.is_none();
            launches.push(l);
            // One launch that never drew is enough to say so; the rest would each wait GIVE_UP.
            if never {
                break;
            }
        }
        let listed: Vec<_> = launches.iter().map(|l| l.listed).collect();
        let photo: Vec<_> = launches.iter().map(|l| l.photo).collect();
        let look = launches.iter().map(|l| l.look_ms).sum::<f64>() / launches.len() as f64;
        println!(
            "{name:<28} {:>16} {:>16} {look:>8.0}",
            stats(&listed),
            stats(&photo)
        );
    }
}
