//! What a by-hand tryout of the TUI found (issue 10's loose ends), each pinned by a test: the
//! state driven by keys, then what the operator reads on screen.

use crate::tui_support::*;
use crossterm::event::KeyCode;

const SIZE: (u16, u16) = (100, 30);

fn screen_text(app: &bloocard::tui::app::App) -> String {
    render(app, SIZE.0, SIZE.1).to_string()
}

/// Sharing on and no name set: "Recipients see:" said nothing at all.
#[test]
fn recipients_see_says_just_the_number_when_no_name_is_set() {
    let (mut app, id) = app_with_numbers(SIZE);
    app.update(bloocard::tui::msg::Msg::Card {
        id,
        result: Ok(card("", "", None)),
    });
    assert_eq!(app.card.recipients_see(), "just the number");
    assert!(
        screen_text(&app).contains("Recipients see: just the number"),
        "{}",
        screen_text(&app)
    );
    // "First only" with just a last name shows no name either.
    let (mut app, id) = app_with_numbers(SIZE);
    let mut c = card("", "Doe", None);
    c.sharing.as_mut().unwrap().name_format = Some(1);
    app.update(bloocard::tui::msg::Msg::Card { id, result: Ok(c) });
    assert_eq!(app.card.recipients_see(), "just the number");
    // With a name, the name.
    assert_eq!(app_with_card(SIZE).card.recipients_see(), "John Doe");
}

/// The revert question and its answer list the fields as a sentence does ("a, b and c"), not
/// "the sharing, audience".
#[test]
fn reverting_several_fields_names_them_as_a_sentence() {
    let mut app = app_with_card(SIZE);
    let down = || key(KeyCode::Down);
    // First name edited; sharing and audience toggled.
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter), ch('x')]);
    feed(
        &mut app,
        [key(KeyCode::Esc), down(), down(), ch(' '), down(), ch(' ')],
    );
    assert_eq!(app.card.changed_names(), "first name, sharing and audience");
    feed(&mut app, [ch('U')]);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Revert the first name, sharing and audience to the card as"),
        "{screen}"
    );
    feed(&mut app, [ch('y')]);
    assert_eq!(
        app.toast.as_ref().map(|t| t.text.as_str()),
        Some("Reverted the first name, sharing and audience")
    );
    assert!(!app.card.is_dirty());
}

/// At 80×24 the path field has some 20 columns: a longer path was shown cut at the left with no
/// sign of it ("/demo-avatar-maya.jpg" for "assets/demo-avatar-maya.jpg").
#[test]
fn a_path_longer_than_its_field_shows_where_it_is_cut() {
    let mut app = app_with_card((80, 24));
    feed(&mut app, [key(KeyCode::Tab), ch('p')]);
    type_text(&mut app, "assets/some/deep/folder/avatar-photo-2024.jpg");
    let line = |app: &bloocard::tui::app::App| {
        render(app, 80, 24)
            .to_string()
            .lines()
            .find(|l| l.contains("Photo file:"))
            .unwrap_or_default()
            .to_owned()
    };
    let end = line(&app);
    assert!(end.contains("Photo file: …"), "{end}");
    assert!(end.contains("photo-2024.jpg"), "{end}");
    // The cursor at the start: the beginning shows, and the cut is at the right.
    feed(&mut app, [key(KeyCode::Home)]);
    let start = line(&app);
    assert!(start.contains("Photo file: assets/some/"), "{start}");
    let field = start.split("Photo file: ").nth(1).unwrap_or_default();
    assert!(!field.contains("2024.jpg"), "{start}");
    assert!(field.contains('…'), "{start}");
    // A path that fits is drawn as typed.
    let mut app = app_with_card((80, 24));
    feed(&mut app, [key(KeyCode::Tab), ch('p')]);
    type_text(&mut app, "a.jpg");
    assert!(!line(&app).contains('…'), "{}", line(&app));
}

/// The chat picker cut its rows mid-word at the popup's edge ("Your mug set is ready for pi").
#[test]
fn chat_picker_rows_too_long_for_the_popup_end_with_an_ellipsis() {
    use bloocard::api::{Chat, ChatContact, LastMessage};
    use bloocard::tui::msg::{Cmd, Msg, WorkerCmd};
    let mut app = app_with_card((80, 24));
    let id = match feed(&mut app, [key(KeyCode::BackTab), ctrl('p')]).as_slice() {
        [Cmd::Worker(WorkerCmd::LoadChats { id })] => *id,
        other => panic!("{other:?}"),
    };
    app.update(Msg::Chats {
        id,
        result: Ok(vec![Chat {
            id: Some("+16505550110".into()),
            contact: Some(ChatContact {
                name: Some("Marcus Bell".into()),
                ..Default::default()
            }),
            last_message: Some(LastMessage {
                text: Some("Your mug set is ready for pick-up at the Saturday market stall".into()),
                ..Default::default()
            }),
            ..Default::default()
        }]),
    });
    let screen = render(&app, 80, 24).to_string();
    let row = screen
        .lines()
        .find(|l| l.contains("Marcus Bell"))
        .unwrap_or_default();
    assert!(
        row.contains("Marcus Bell <+16505550110> — Your mug set is ready for…"),
        "{row}"
    );
}

/// At 80×24 the sent line lost its status to the cut ("…: deliver…") with a free row under it.
#[test]
fn the_sent_status_wraps_instead_of_being_cut_at_80x24() {
    use bloocard::api::SendResponse;
    use bloocard::tui::msg::{Cmd, Msg, WorkerCmd};
    let mut app = app_with_card((80, 24));
    feed(&mut app, [key(KeyCode::BackTab), key(KeyCode::Enter)]);
    type_text(&mut app, "+16505550134");
    feed(&mut app, [key(KeyCode::Enter), ch('i')]);
    type_text(&mut app, "hello");
    let id = match feed(&mut app, [ctrl('s')]).as_slice() {
        [Cmd::Worker(WorkerCmd::Send { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    app.update(Msg::Sent {
        id,
        result: Ok(SendResponse {
            message_id: Some("msg_lew3risnfnbu0hsc".into()),
            status: Some("delivered".into()),
            ..Default::default()
        }),
    });
    let screen = render(&app, 80, 24).to_string();
    // It names the number it went from too (issue 19 item 13), so it wraps before the chat.
    assert!(
        screen.contains("Sent msg_lew3risnfnbu0hsc from +15551230001 to"),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("││+16505550134: delivered")),
        "the chat and status on the next row, whole:\n{screen}"
    );
}
