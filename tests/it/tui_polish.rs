//! Issue 19's TUI bugs on a `TestBackend`: the apply overlay with every field group off (bug 6),
//! declining a number switch (bug 7), the photo buttons on other plans (bug 4), an unreadable
//! card (bug 5).

use crate::tui_support::apply::planned_app;
use crate::tui_support::*;
use bloocard::tui::app::{App, Modal};
use bloocard::tui::state::card::CardField;
use crossterm::event::KeyCode;

/// The whole screen as text, one line per row.
fn screen(app: &App) -> String {
    let backend = render(app, app.size.0, app.size.1);
    let buf = backend.buffer();
    (0..app.size.1)
        .map(|y| {
            let row: String = (0..app.size.0)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect();
            row.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_group_off_says_so_and_y_writes_nothing() {
    let (mut app, _) = planned_app((120, 40));
    feed(&mut app, [ch('n'), ch('p'), ch('s')]);
    let shown = screen(&app);
    assert!(
        shown.contains("No field group is selected: n, p or s turns one on"),
        "{shown}"
    );
    assert!(!shown.contains("in sync"), "{shown}");
    assert!(shown.contains("no field group selected"), "{shown}");
    let cmds = feed(&mut app, [ch('y')]);
    assert!(
        cmds.is_empty(),
        "y with every group off starts nothing: {cmds:?}"
    );
    assert!(matches!(app.modal, Some(Modal::Apply(_))));
    let shown = screen(&app);
    assert!(shown.contains("turn a field group on first"), "{shown}");
    // One group back on: y applies again.
    feed(&mut app, [ch('n')]);
    let shown = screen(&app);
    assert!(!shown.contains("No field group is selected"), "{shown}");
    let (_, plan) = crate::tui_support::apply::press_apply(&mut app);
    assert!(plan.has_writes());
}

#[test]
fn declining_a_switch_puts_the_cursor_back_on_the_shown_number() {
    let mut app = app_with_card((120, 40));
    let shown = app.card.number.clone().expect("a card is shown");
    // An unsaved edit on the shown card, then back in the list: j, Enter, n.
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "X");
    feed(&mut app, [key(KeyCode::Enter), back_tab()]);
    assert!(app.has_unsaved());
    feed(&mut app, [ch('j')]);
    assert_ne!(app.numbers.selected.as_ref(), Some(&shown));
    let cmds = feed(&mut app, [key(KeyCode::Enter)]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(matches!(app.modal, Some(Modal::Confirm(_))));
    let cmds = feed(&mut app, [ch('n')]);
    assert!(cmds.is_empty(), "declining loads nothing: {cmds:?}");
    assert!(app.modal.is_none());
    assert_eq!(app.numbers.selected.as_ref(), Some(&shown));
    assert_eq!(app.card.number.as_ref(), Some(&shown));
    assert!(app.has_unsaved(), "the edits are kept");
    // Esc declines too.
    feed(&mut app, [ch('j'), key(KeyCode::Enter), key(KeyCode::Esc)]);
    assert_eq!(app.numbers.selected.as_ref(), Some(&shown));
}

/// The third fixture number (Shared) chosen with Enter, its card read with a photo.
fn shared_card_app() -> App {
    let mut app = app_with_card((120, 40));
    let cmds = feed(&mut app, [ch('j'), ch('j'), key(KeyCode::Enter)]);
    let (id, number) = card_request(&cmds);
    assert_eq!(number, "+15551230003");
    let photo = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, png_bytes());
    app.update(bloocard::tui::msg::Msg::Card {
        id,
        result: Ok(card("Acme", "Support", Some(photo))),
    });
    feed(&mut app, [key(KeyCode::Tab)]);
    app
}

#[test]
fn photo_button_on_a_shared_number_says_why_and_o_still_works() {
    let mut app = shared_card_app();
    let shown = screen(&app);
    let row = shown
        .lines()
        .find(|l| l.contains("Set photo from file"))
        .expect("the button is drawn");
    assert!(row.contains("] Dedicated only"), "{shown}");
    // p says why, and opens nothing.
    feed(&mut app, [ch('p')]);
    assert!(app.card.path_input.is_none());
    let shown = screen(&app);
    assert!(
        shown.contains("Name and photo can only be set on a Dedicated plan"),
        "{shown}"
    );
    // o reads only: it asks where to save the photo.
    feed(&mut app, [ch('o')]);
    assert!(app.card.path_input.is_some(), "o works on a Shared number");
}

#[test]
fn an_unreadable_card_says_what_recipients_see_is_unknown() {
    let (mut app, id) = app_with_numbers((120, 40));
    app.update(bloocard::tui::msg::Msg::Card {
        id,
        result: Err(bloocard::tui::msg::ErrorInfo {
            status: Some(501),
            code: None,
            sentence: "Card could not be read".into(),
        }),
    });
    let shown = screen(&app);
    assert!(
        shown.contains("Recipients see: unknown (card not read)"),
        "{shown}"
    );
    assert!(shown.contains("[?] Share Name & Photo"), "{shown}");
    assert!(!shown.contains("just the number"), "{shown}");
    // A name typed: that name, if sharing is on; sharing turned on by hand: the name.
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "Ann");
    feed(&mut app, [key(KeyCode::Enter)]);
    assert_eq!(app.card.recipients_see(), "Ann, if sharing is on");
    while app.card.field != CardField::Sharing {
        feed(&mut app, [ch('j')]);
    }
    feed(&mut app, [key(KeyCode::Enter)]);
    assert_eq!(app.card.edits.sharing, Some(true));
    assert_eq!(app.card.recipients_see(), "Ann");
}

#[test]
fn the_composer_always_names_its_from_number() {
    let mut app = new_app();
    app.size = (120, 40);
    app.init();
    let shown = screen(&app);
    assert!(
        shown.contains("Share in a chat · no number to send from yet"),
        "{shown}"
    );
    let app = app_with_card((120, 40));
    assert!(screen(&app).contains("Share in a chat · from +15551230001"));
}
