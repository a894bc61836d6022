//! No keystroke is lost at start-up: `j`/`k`/↓/↑ typed while the first numbers list is still on
//! its way (nothing to move yet) are kept, applied in order when the list lands, and the card
//! that loads is the one of the number the selection ends on. Issue 10 §1.

use crate::tui_support::*;
use bloocard::tui::app::{App, AppConfig, SETTLE};
use bloocard::tui::keymap::{self, Action};
use bloocard::tui::msg::{Cmd, ErrorInfo, Msg, WorkerCmd};
use crossterm::event::KeyCode;
use insta::assert_snapshot;

const SIZE: (u16, u16) = (100, 30);

/// Started, the list asked for and not answered yet; returns its request id.
fn starting(app: &mut App) -> u64 {
    app.size = SIZE;
    numbers_id(&app.init())
}

#[test]
fn moves_typed_before_the_list_apply_when_it_lands_and_load_that_card() {
    let mut app = new_app();
    let id = starting(&mut app);
    // The footer offers the moves while loading: they are honoured, so they are announced.
    let footer: Vec<Action> = keymap::footer_for(&app.contexts())
        .iter()
        .map(|b| b.action)
        .collect();
    assert!(
        footer.contains(&Action::Down) && footer.contains(&Action::Up),
        "{footer:?}"
    );
    assert_snapshot!(render(&app, SIZE.0, SIZE.1));

    // Nothing to load yet: the moves ask for nothing.
    let cmds = feed(&mut app, [ch('j'), key(KeyCode::Down), ch('k'), ch('j')]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(app.numbers.selected, None);

    let cmds = app.update(Msg::Numbers {
        id,
        result: Ok(fixture_numbers()),
    });
    // j ↓ k j from the first row: the third number, and only its card is read (no debounce:
    // nothing was shown before).
    assert_eq!(app.numbers.selected.as_deref(), Some("+15551230003"));
    let (_, number) = card_request(&cmds);
    assert_eq!(number, "+15551230003");
    assert_eq!(cmds.len(), 1, "{cmds:?}");
    assert!(app.numbers.early_moves.is_empty());
}

#[test]
fn early_moves_apply_one_by_one_clamped_at_the_ends() {
    // `k` on the first row stays there; the `j` after it still moves one down (not the sum).
    let mut app = new_app();
    let id = starting(&mut app);
    feed(&mut app, [ch('k'), ch('k'), ch('j')]);
    let (_, number) = card_request(&app.update(Msg::Numbers {
        id,
        result: Ok(fixture_numbers()),
    }));
    assert_eq!(number, "+15551230002");

    // More moves than rows end on the last row.
    let mut app = new_app();
    let id = starting(&mut app);
    feed(&mut app, (0..9).map(|_| ch('j')));
    let (_, number) = card_request(&app.update(Msg::Numbers {
        id,
        result: Ok(fixture_numbers()),
    }));
    assert_eq!(number, "+15551230005");
}

#[test]
fn early_moves_start_from_the_preselected_number() {
    let mut app = App::new(
        AppConfig {
            from_number: Some("+15551230003".into()),
            ..Default::default()
        },
        now(),
    );
    let id = starting(&mut app);
    feed(&mut app, [ch('j')]);
    let (_, number) = card_request(&app.update(Msg::Numbers {
        id,
        result: Ok(fixture_numbers()),
    }));
    assert_eq!(number, "+15551230004");
}

#[test]
fn moves_typed_for_a_list_that_failed_are_dropped() {
    let mut app = new_app();
    let id = starting(&mut app);
    feed(&mut app, [ch('j'), ch('j')]);
    app.update(Msg::Numbers {
        id,
        result: Err(ErrorInfo::message("Blooio is unavailable (HTTP 503)")),
    });
    assert!(app.numbers.early_moves.is_empty());
    // Failed with nothing listed: moves are no longer offered (nothing is coming).
    let footer: Vec<Action> = keymap::footer_for(&app.contexts())
        .iter()
        .map(|b| b.action)
        .collect();
    assert!(!footer.contains(&Action::Down), "{footer:?}");
    // `r` asks again; the answer selects the first number as usual.
    let id = numbers_id(&feed(&mut app, [ch('r')]));
    let (_, number) = card_request(&app.update(Msg::Numbers {
        id,
        result: Ok(fixture_numbers()),
    }));
    assert_eq!(number, "+15551230001");
}

#[test]
fn once_listed_moves_are_immediate_and_debounced_as_before() {
    let (mut app, _) = app_with_numbers(SIZE);
    match feed(&mut app, [ch('j')]).as_slice() {
        [Cmd::Worker(WorkerCmd::Debounce { after, .. })] => assert_eq!(*after, SETTLE),
        other => panic!("expected one Debounce, got {other:?}"),
    }
    assert!(app.numbers.early_moves.is_empty());
    assert_eq!(app.numbers.selected.as_deref(), Some("+15551230002"));
}
