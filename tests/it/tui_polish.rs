//! Issue 19's TUI bugs on a `TestBackend`: the apply overlay with every field group off (bug 6),
//! declining a number switch (bug 7), the photo buttons on other plans (bug 4), an unreadable
//! card (bug 5).

use crate::tui_support::apply::planned_app;
use crate::tui_support::*;
use bloocard::tui::app::{App, Modal};
use bloocard::tui::msg::{Cmd, Msg, WorkerCmd};
use bloocard::tui::state::card::CardField;
use crossterm::event::KeyCode;

#[test]
fn every_group_off_says_so_and_y_writes_nothing() {
    let (mut app, _) = planned_app((120, 40));
    feed(&mut app, [ch('n'), ch('p'), ch('s')]);
    let shown = screen_rows(&app);
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
    let shown = screen_rows(&app);
    assert!(shown.contains("turn a field group on first"), "{shown}");
    // One group back on: y applies again.
    feed(&mut app, [ch('n')]);
    let shown = screen_rows(&app);
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
    let shown = screen_rows(&app);
    let row = shown
        .lines()
        .find(|l| l.contains("Set photo from file"))
        .expect("the button is drawn");
    assert!(row.contains("] Dedicated only"), "{shown}");
    // p says why, and opens nothing.
    feed(&mut app, [ch('p')]);
    assert!(app.card.path_input.is_none());
    let shown = screen_rows(&app);
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
    let shown = screen_rows(&app);
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
    let shown = screen_rows(&app);
    assert!(
        shown.contains("Share in a chat · no number to send from yet"),
        "{shown}"
    );
    let app = app_with_card((120, 40));
    assert!(screen_rows(&app).contains("Share in a chat · from +15551230001"));
}

/// The row of the screen that holds `label`.
fn row_with<'s>(shown: &'s str, label: &str) -> &'s str {
    shown
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no row with {label:?} in\n{shown}"))
}

#[test]
fn a_long_name_reads_from_its_start_once_editing_ends() {
    let mut app = app_with_card((80, 24));
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "AndAVeryLongMiddlePartThatRunsOnUntilTheVeryEnd");
    let editing = screen_rows(&app);
    assert!(
        row_with(&editing, "First").contains("TheVeryEnd"),
        "{editing}"
    );
    assert!(
        !row_with(&editing, "First").contains("JohnAnd"),
        "{editing}"
    );
    feed(&mut app, [key(KeyCode::Enter)]);
    assert!(!app.card.editing);
    let done = screen_rows(&app);
    let row = row_with(&done, "First");
    assert!(row.contains("JohnAndAVery"), "{done}");
    assert!(
        row.contains("JohnAndAVeryLongMidd… "),
        "the cut end is marked: {done}"
    );
    assert!(!row.contains("TheVeryEnd"), "{done}");
    // Editing again starts at the end, where typing goes on.
    feed(&mut app, [ch('k'), key(KeyCode::Enter)]);
    assert!(row_with(&screen_rows(&app), "First").contains("TheVeryEnd"));
}

#[test]
fn the_apply_source_has_no_trailing_space_when_the_last_name_is_empty() {
    use crate::tui_support::apply::{fleet, open_apply, plans};
    use bloocard::fleet::Plan;
    use bloocard::tui::msg::FleetEvent;
    let mut app = app_with_card((120, 40));
    // Last name emptied (^U), then this number and the next marked.
    feed(&mut app, [key(KeyCode::Tab), ch('j'), key(KeyCode::Enter)]);
    feed(&mut app, [ctrl('u'), key(KeyCode::Enter), back_tab()]);
    feed(
        &mut app,
        [ch(' '), key(KeyCode::Down), ch(' '), key(KeyCode::Up)],
    );
    let (id, _, want) = open_apply(&mut app);
    let numbers = plans(&want);
    fleet(&mut app, id, FleetEvent::PlanDone(Ok(Plan { numbers })));
    let shown = screen_rows(&app);
    assert!(shown.contains("“John” ·"), "{shown}");
    assert!(!shown.contains("“John ”"), "{shown}");
}

#[test]
fn share_contact_card_says_it_needs_a_dedicated_plan_before_sending() {
    // A Dedicated number: nothing more to say.
    let mut app = app_with_card((80, 24));
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Tab)]);
    let dedicated = screen_rows(&app);
    assert!(
        !row_with(&dedicated, "Share contact card").contains("Dedicated"),
        "{dedicated}"
    );
    // A Shared number: the checkbox says so, and ticking it says why before any send.
    let mut app = shared_card_app();
    app.size = (80, 24);
    feed(&mut app, [key(KeyCode::Tab), ch('j'), ch('j'), ch('j')]);
    let shown = screen_rows(&app);
    let row = row_with(&shown, "Share contact card");
    assert!(
        row.contains("[ ] Share contact card · needs a Dedicated plan"),
        "{shown}"
    );
    let cmds = feed(&mut app, [ch(' ')]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(
        app.composer.share,
        "the box is still ticked: the server has the last word"
    );
    let shown = screen_rows(&app);
    assert!(
        shown.contains("Only a Dedicated number can share its card; this one is shared"),
        "{shown}"
    );
}

#[test]
fn too_small_a_screen_says_there_are_unsaved_edits_and_what_a_second_ctrl_c_does() {
    let mut app = app_with_card((120, 40));
    app.size = (50, 15);
    let clean = screen_rows(&app);
    assert!(clean.contains("Terminal too small: 50×15."), "{clean}");
    assert!(!clean.contains("unsaved"), "{clean}");
    // An edit made before the window shrank.
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "X");
    feed(&mut app, [key(KeyCode::Enter)]);
    let dirty = screen_rows(&app);
    let flat = dirty.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("You have unsaved card edits."), "{dirty}");
    assert!(
        flat.contains("Enlarge the window to see or save them."),
        "{dirty}"
    );
    assert!(flat.contains("^C twice quits and loses them."), "{dirty}");
    // ^C asks, unseen but said here: its answers, and that ^C again quits.
    feed(&mut app, [ctrl('c')]);
    assert!(app.exit.is_none());
    let asking = screen_rows(&app);
    let flat = asking.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("quit and lose them?"), "{asking}");
    assert!(flat.contains("y: "), "the answers are named: {asking}");
    assert!(flat.contains("^C again quits and loses them"), "{asking}");
    feed(&mut app, [ctrl('c')]);
    assert!(app.exit.is_some(), "a second ^C quits");
}

/// The conversation's `LoadHistory` in `cmds`, answered with `messages`.
fn answer_history(app: &mut App, cmds: &[Cmd], messages: Vec<bloocard::api::Message>) {
    let id = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Worker(WorkerCmd::LoadHistory { id, .. }) => Some(*id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a LoadHistory in {cmds:?}"));
    app.update(Msg::History {
        id,
        result: Ok(messages),
    });
}

#[test]
fn a_sent_message_shows_its_attachments_and_that_the_card_rode_along() {
    let mut app = app_with_card((120, 40));
    feed(
        &mut app,
        [key(KeyCode::Tab), key(KeyCode::Tab), key(KeyCode::Enter)],
    );
    type_text(&mut app, "+15557654321");
    let cmds = feed(&mut app, [key(KeyCode::Enter)]);
    answer_history(&mut app, &cmds, Vec::new());
    // The message, an attachment, the card ticked, ^S.
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "Here is the menu");
    feed(&mut app, [key(KeyCode::Esc), ch('j'), key(KeyCode::Enter)]);
    type_text(&mut app, "https://example.com/menu.pdf");
    feed(
        &mut app,
        [key(KeyCode::Enter), key(KeyCode::Esc), ch('j'), ch(' ')],
    );
    assert!(app.composer.share);
    let id = match feed(&mut app, [ctrl('s')]).as_slice() {
        [Cmd::Worker(WorkerCmd::Send { id, .. })] => *id,
        other => panic!("one send: {other:?}"),
    };
    let cmds = app.update(Msg::Sent {
        id,
        result: Ok(bloocard::api::SendResponse {
            message_id: Some("m9".into()),
            status: Some("queued".into()),
            ..Default::default()
        }),
    });
    // The server's history says only the text; the app remembers what rode along.
    let sent = bloocard::api::Message {
        message_id: Some("m9".into()),
        direction: Some("outbound".into()),
        text: Some("Here is the menu".into()),
        status: Some("queued".into()),
        ..Default::default()
    };
    answer_history(&mut app, &cmds, vec![sent]);
    let shown = screen_rows(&app);
    assert!(shown.contains("Here is the menu"), "{shown}");
    assert!(
        shown.contains("↳ attached https://example.com/menu.pdf"),
        "{shown}"
    );
    assert!(shown.contains("↳ contact card shared"), "{shown}");
}
