//! The message being written is seen whole (issue 19 bug 8): it wraps in its field, the field
//! grows with it up to the rows the pane can spare, and rows scrolled out are counted beside it.

use crate::tui_support::*;
use bloocard::tui::app::App;
use crossterm::event::KeyCode;

const LONG: &str = "This is a long first line of the message that has to wrap inside the field \
                    rather than run off the pane's edge unseen, however wide the terminal is now";

/// The composer's message being edited, `lines` typed with Enter between them.
fn writing(size: (u16, u16), lines: &[&str]) -> App {
    let mut app = app_with_card(size);
    feed(
        &mut app,
        [
            key(KeyCode::Tab),
            key(KeyCode::Tab),
            ch('j'),
            key(KeyCode::Enter),
        ],
    );
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            feed(&mut app, [key(KeyCode::Enter)]);
        }
        type_text(&mut app, line);
    }
    assert_eq!(app.composer.message.text(), lines.join("\n"));
    app
}

/// Every word of `text` is on screen, in order (wrapping may put any of them on a new row).
fn all_words_shown(shown: &str, text: &str) -> bool {
    let flat: Vec<&str> = shown.split_whitespace().collect();
    let flat = flat.join(" ");
    text.split_whitespace()
        .try_fold(0, |at, w| flat[at..].find(w).map(|i| at + i + w.len()))
        .is_some()
}

#[test]
fn a_long_first_line_wraps_at_160x50_and_120x40() {
    for size in [(160, 50), (120, 40)] {
        let app = writing(size, &[LONG, "line two"]);
        let shown = screen_rows(&app);
        assert!(all_words_shown(&shown, LONG), "{shown}");
        assert!(shown.contains("line two"), "{shown}");
        assert!(!shown.contains("more"), "nothing is hidden: {shown}");
    }
}

#[test]
fn at_80x24_the_field_grows_and_counts_what_is_hidden() {
    let app = writing((80, 24), &[LONG, "line two"]);
    let shown = screen_rows(&app);
    let rows = bloocard::tui::layout::composer_rows_for(app.size, &app.composer)
        .expect("a layout")
        .message_height;
    assert!(rows >= 3, "the field grew past one row: {rows}\n{shown}");
    assert!(shown.contains("line two"), "{shown}");
    // Four more lines: the rows above the cursor are counted beside the field.
    let app = writing((80, 24), &[LONG, "two", "three", "four", "five"]);
    let shown = screen_rows(&app);
    assert!(shown.contains("five"), "{shown}");
    let counted = shown
        .lines()
        .any(|l| l.contains("↑") && l.contains(" more"));
    assert!(counted, "the rows above are counted:\n{shown}");
}
