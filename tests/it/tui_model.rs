//! The interaction model, key by key: moving between fields, Enter/`i` to edit, Esc keeps the
//! text, `u`/`U` revert on purpose, `q` asks with unsaved edits, and the list's filter keys.

use crate::tui_support::*;
use bloocard::api::{Audience, NameFormat};
use bloocard::tui::app::{App, Confirm, Exit, Modal, Pane};
use bloocard::tui::msg::{Cmd, ErrorInfo, Msg, WorkerCmd};
use bloocard::tui::state::card::CardField;
use crossterm::event::KeyCode;
use insta::assert_snapshot;

const SIZE: (u16, u16) = (100, 30);

fn screen(app: &App) -> String {
    render(app, SIZE.0, SIZE.1).to_string()
}

/// The card pane focused on the first name, John Doe loaded.
fn on_first_name() -> App {
    let mut app = app_with_card(SIZE);
    feed(&mut app, [key(KeyCode::Tab)]);
    assert_eq!((app.focus, app.card.field), (Pane::Card, CardField::First));
    app
}

#[test]
fn letters_do_not_type_until_enter_or_i_starts_editing() {
    let mut app = on_first_name();
    feed(&mut app, [ch('x'), ch('z')]);
    assert_eq!(
        app.card.first.text(),
        "John",
        "not editing: letters are not text"
    );
    feed(&mut app, [ch('j')]);
    assert_eq!(app.card.field, CardField::Last, "j moves between fields");
    feed(&mut app, [ch('k'), ch('i'), ch('!')]);
    assert!(app.card.editing);
    assert_eq!(
        app.card.first.text(),
        "John!",
        "the cursor starts at the end"
    );
    feed(&mut app, [ch('q'), ch('j'), ch('u')]);
    assert_eq!(
        app.card.first.text(),
        "John!qju",
        "while editing, keys type"
    );
    assert_eq!(app.exit, None);
}

#[test]
fn esc_ends_editing_and_keeps_the_text_marked_changed() {
    let mut app = on_first_name();
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "ny");
    feed(&mut app, [key(KeyCode::Esc)]);
    assert!(!app.card.editing);
    assert_eq!(app.card.first.text(), "Johnny");
    assert!(app.card.first_dirty());
    let screen = screen(&app);
    assert!(screen.contains("›*First name Johnny"), "{screen}");
    assert!(screen.contains("Card +15551230001 *modified"), "{screen}");
    assert_snapshot!(screen);
}

#[test]
fn enter_tab_and_down_end_editing_and_move_on() {
    for done in [KeyCode::Enter, KeyCode::Tab, KeyCode::Down] {
        let mut app = on_first_name();
        feed(&mut app, [key(KeyCode::Enter), ch('!'), key(done)]);
        assert!(!app.card.editing, "{done:?}");
        assert_eq!(app.card.field, CardField::Last, "{done:?}");
        assert_eq!(app.focus, Pane::Card, "{done:?} stays in the pane");
        assert_eq!(app.card.first.text(), "John!");
    }
}

#[test]
fn u_reverts_the_focused_field_only() {
    let mut app = on_first_name();
    feed(
        &mut app,
        [key(KeyCode::Enter), ch('!'), key(KeyCode::Enter)],
    );
    feed(&mut app, [key(KeyCode::Down), ch(' ')]);
    assert_eq!(app.card.field, CardField::Sharing);
    assert!(app.card.sharing_dirty() && app.card.first_dirty());
    feed(&mut app, [ch('u')]);
    assert!(!app.card.sharing_dirty());
    assert!(app.card.first_dirty(), "the other field keeps its edit");
    assert_eq!(app.toast.as_ref().unwrap().text, "Reverted the sharing");
    feed(&mut app, [ch('u')]);
    assert_eq!(
        app.toast.as_ref().unwrap().text,
        "This field has no unsaved change"
    );
}

#[test]
fn capital_u_reverts_one_change_at_once_and_asks_before_more() {
    let mut app = on_first_name();
    feed(
        &mut app,
        [key(KeyCode::Enter), ch('!'), key(KeyCode::Esc), ch('U')],
    );
    assert_eq!(app.modal, None, "one change: no question");
    assert!(!app.card.is_dirty());
    assert_eq!(app.toast.as_ref().unwrap().text, "Reverted the first name");

    feed(
        &mut app,
        [
            key(KeyCode::Enter),
            ch('!'),
            key(KeyCode::Enter),
            key(KeyCode::Down),
            ch(' '),
            ch('U'),
        ],
    );
    assert_eq!(app.modal, Some(Modal::Confirm(Confirm::RevertCard)));
    assert_snapshot!(screen(&app));
    feed(&mut app, [key(KeyCode::Esc)]);
    assert!(
        app.card.first_dirty() && app.card.sharing_dirty(),
        "n/Esc keeps them"
    );
    feed(&mut app, [ch('U'), ch('y')]);
    assert!(!app.card.is_dirty());
    assert_eq!(
        app.toast.as_ref().unwrap().text,
        "Reverted the first name and sharing"
    );
}

#[test]
fn q_quits_only_outside_editing_and_asks_with_unsaved_edits() {
    let mut app = on_first_name();
    feed(&mut app, [key(KeyCode::Enter), ch('q')]);
    assert_eq!(app.exit, None);
    feed(&mut app, [key(KeyCode::Esc), ch('q')]);
    assert_eq!(app.modal, Some(Modal::Confirm(Confirm::Quit)));
    assert_snapshot!("quit_question_with_card_edits", screen(&app));
    for back in [ch('n'), key(KeyCode::Esc)] {
        feed(&mut app, [back]);
        assert_eq!((app.modal.clone(), app.exit), (None, None));
        feed(&mut app, [ch('q')]);
    }
    // `s` saves, and quits once the save went through.
    let id = save_id(&feed(&mut app, [ch('s')]));
    assert_eq!(app.exit, None, "not before the save is done");
    app.update(Msg::Saved {
        id,
        result: Ok(Default::default()),
    });
    assert_eq!(app.exit, Some(Exit::Quit));
}

#[test]
fn save_then_quit_stays_when_the_save_fails() {
    let mut app = on_first_name();
    feed(
        &mut app,
        [key(KeyCode::Enter), ch('!'), key(KeyCode::Esc), ch('q')],
    );
    let id = save_id(&feed(&mut app, [ch('s')]));
    app.update(Msg::Saved {
        id,
        result: Err(ErrorInfo::message("the request timed out")),
    });
    assert_eq!(app.exit, None);
    assert!(app.card.first_dirty(), "the edit is still there");
}

#[test]
fn composer_fields_follow_the_same_model() {
    let mut app = app_with_card(SIZE);
    feed(&mut app, [key(KeyCode::BackTab), ch('x')]);
    assert!(app.composer.chat.is_empty(), "not editing: x is not text");
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "+15557654321");
    feed(&mut app, [key(KeyCode::Esc)]);
    assert!(!app.composer.editing);
    assert_eq!(
        app.composer.chat.text(),
        "+15557654321",
        "Esc keeps the text"
    );
    feed(&mut app, [ch('j'), ch('i')]);
    type_text(&mut app, "see you");
    feed(&mut app, [key(KeyCode::Esc), ch('q')]);
    assert_eq!(
        app.modal,
        Some(Modal::Confirm(Confirm::Quit)),
        "an unsent message is unsaved work"
    );
    assert!(screen(&app).contains("n/Esc: no, go back"));
}

#[test]
fn filter_enter_on_a_single_match_loads_it() {
    let mut app = app_with_card(SIZE);
    feed(&mut app, [ch('/')]);
    type_text(&mut app, "shared");
    let (_, number) = card_request(&feed(&mut app, [key(KeyCode::Enter)]));
    assert_eq!(number, "+15551230003");
}

#[test]
fn clearing_a_filter_goes_back_to_the_number_shown() {
    let mut app = app_with_card(SIZE);
    feed(&mut app, [ch('/')]);
    type_text(&mut app, "inbound");
    assert_eq!(app.numbers.selected.as_deref(), Some("+15551230004"));
    feed(&mut app, [key(KeyCode::Esc)]);
    assert!(app.numbers.filter.is_empty());
    assert_eq!(app.numbers.selected.as_deref(), Some("+15551230001"));
}

#[test]
fn esc_in_the_list_clears_a_kept_filter() {
    let mut app = app_with_card(SIZE);
    feed(&mut app, [ch('/')]);
    type_text(&mut app, "dedicated");
    assert!(
        feed(&mut app, [key(KeyCode::Enter)]).is_empty(),
        "two matches: kept"
    );
    assert_eq!(app.numbers.filter, "dedicated");
    assert!(screen(&app).contains("filter: dedicated  Esc clears"));
    feed(&mut app, [key(KeyCode::Esc)]);
    assert!(app.numbers.filter.is_empty());
    assert_eq!(app.numbers.visible().len(), 5);
}

#[test]
fn the_star_in_the_list_means_changed_only() {
    let mut app = on_first_name();
    assert!(screen(&app).contains("›● +15551230001"));
    feed(&mut app, [key(KeyCode::Enter), ch('!')]);
    assert!(screen(&app).contains("›●*+15551230001"), "{}", screen(&app));
}

#[test]
fn with_sharing_off_nobody_sees_the_card() {
    let mut app = on_first_name();
    feed(&mut app, [key(KeyCode::Down), key(KeyCode::Down), ch(' ')]);
    assert!(
        screen(&app).contains("Recipients see: nobody (sharing is off)"),
        "{}",
        screen(&app)
    );
}

#[test]
fn the_details_overlay_says_close_details() {
    let mut app = on_first_name();
    feed(&mut app, [key(KeyCode::Enter), ch('!')]);
    let id = save_id(&feed(&mut app, [ctrl('s')]));
    app.update(Msg::Saved {
        id,
        result: Err(ErrorInfo::message("the request timed out")),
    });
    feed(&mut app, [key(KeyCode::Esc), ch('d')]);
    assert!(matches!(app.modal, Some(Modal::Details(_))));
    let footer = screen(&app).lines().last().unwrap_or_default().to_owned();
    assert!(footer.contains("Esc close details"), "{footer}");
}

#[test]
fn a_click_on_a_radio_option_selects_it_and_never_toggles_it_off() {
    let mut app = app_with_card(SIZE);
    app.config.mouse = true;
    // Card pane from x 34, border at 34, fields from 35; audience on screen row 4.
    let row = |app: &App| {
        let s = screen(app);
        s.lines().nth(4).unwrap_or_default().to_owned()
    };
    assert!(
        row(&app).contains("(•) Contacts only ( ) Always ask"),
        "{}",
        row(&app)
    );
    for _ in 0..2 {
        feed(&mut app, [click(58, 4)]);
        assert_eq!(app.card.edits.audience, Some(Audience::AlwaysAsk));
    }
    feed(&mut app, [click(40, 4)]);
    assert_eq!(app.card.edits.audience, Some(Audience::ContactsOnly));
    feed(&mut app, [click(40, 4)]);
    assert_eq!(
        app.card.edits.audience,
        Some(Audience::ContactsOnly),
        "still selected"
    );
    feed(&mut app, [click(57, 5)]);
    assert_eq!(app.card.edits.name_format, Some(NameFormat::FirstOnly));
}

#[test]
fn saving_the_avatar_asks_before_replacing_a_file() {
    let (mut app, id) = app_with_numbers(SIZE);
    let avatar = bloocard::avatar::encode_base64(&png_bytes());
    app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", Some(avatar))),
    });
    feed(&mut app, [key(KeyCode::Tab), ch('o'), ctrl('u')]);
    type_text(&mut app, "/tmp/a.jpg");
    let cmds = feed(&mut app, [key(KeyCode::Enter)]);
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Worker(WorkerCmd::WriteAvatar {
            overwrite: false,
            ..
        })]
    ));
    // The worker found a file there and wrote nothing.
    app.update(Msg::AvatarFileExists {
        path: "/tmp/a.jpg".into(),
    });
    assert!(matches!(
        app.modal,
        Some(Modal::Confirm(Confirm::Overwrite(_)))
    ));
    assert_snapshot!(screen(&app));
    assert!(feed(&mut app, [ch('n')]).is_empty(), "no: nothing written");
    app.update(Msg::AvatarFileExists {
        path: "/tmp/a.jpg".into(),
    });
    let cmds = feed(&mut app, [ch('y')]);
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Worker(WorkerCmd::WriteAvatar {
            overwrite: true,
            ..
        })]
    ));
}

#[test]
fn tab_walks_the_completions_and_the_list_scrolls_along() {
    let mut app = on_first_name();
    feed(&mut app, [ch('p')]);
    type_text(&mut app, "~/p");
    let id = match feed(&mut app, [key(KeyCode::Tab)]).as_slice() {
        [Cmd::Worker(WorkerCmd::CompletePath { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    let names: Vec<String> = (0..12)
        .map(|i| format!("~/photo-{i:02}-of-the-team.jpg"))
        .collect();
    app.update(Msg::Completions {
        id,
        typed: "~/p".into(),
        result: Ok(names.clone()),
    });
    assert!(
        feed(&mut app, (0..9).map(|_| key(KeyCode::Tab))).is_empty(),
        "Tab walks, no request"
    );
    let input = app.card.path_input.as_ref().unwrap();
    assert_eq!(input.field.text(), names[8]);
    let screen = screen(&app);
    let lines: Vec<&str> = screen.lines().collect();
    let field = lines
        .iter()
        .position(|l| l.contains("Photo file: "))
        .unwrap_or_else(|| panic!("the path field is drawn:\n{screen}"));
    let hint = lines[field + 1];
    assert!(
        hint.contains("photo-08-of-the-team.jpg"),
        "the chosen one is in view: {hint}"
    );
    assert!(
        hint.contains("… photo-"),
        "scrolled, with more before: {hint}"
    );
    assert_snapshot!(screen);
}

#[test]
fn no_color_with_explicit_halfblocks_keeps_the_avatar_in_colour_only() {
    use ratatui::style::Color;
    let (mut app, id) = app_with_numbers(SIZE);
    app.config.no_color = true;
    app.config.avatar_colour = true;
    let avatar = bloocard::avatar::encode_base64(&png_bytes());
    let cmds = app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", Some(avatar))),
    });
    let (id, cells) = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Worker(WorkerCmd::DecodeAvatar { id, cells, .. }) => Some((*id, *cells)),
            _ => None,
        })
        .expect("decoded");
    let picker = bloocard::tui::capabilities::Graphics::halfblocks("test");
    let preview = bloocard::tui::preview::build_sized(Some(&picker), &png_bytes(), cells).unwrap();
    app.update(Msg::AvatarDecoded {
        id,
        result: Ok(preview),
    });
    let buffer = render(&app, SIZE.0, SIZE.1).buffer().clone();
    let coloured: Vec<(u16, u16)> = buffer
        .content
        .iter()
        .enumerate()
        .filter(|(_, c)| c.fg != Color::Reset || c.bg != Color::Reset)
        .map(|(i, _)| {
            (
                (i % usize::from(SIZE.0)) as u16,
                (i / usize::from(SIZE.0)) as u16,
            )
        })
        .collect();
    assert!(!coloured.is_empty(), "the picture keeps its colours");
    let panes = bloocard::tui::layout::panes_for(SIZE).unwrap();
    let avatar = bloocard::tui::layout::card_body(panes.card).1;
    assert!(
        coloured
            .iter()
            .all(|&(x, y)| avatar.contains(ratatui::layout::Position::new(x, y))),
        "nothing else is coloured"
    );
}
