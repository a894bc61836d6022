//! Long lists: PgUp/PgDn/Home/End (and `g`/`G` in the numbers list) move by a page or to an end,
//! in the numbers list and in the chat picker.

use crate::tui_support::*;
use bloocard::api::Chat;
use bloocard::tui::app::{App, Modal};
use bloocard::tui::layout;
use bloocard::tui::msg::{Cmd, Msg, WorkerCmd};
use crossterm::event::KeyCode;

const SIZE: (u16, u16) = (120, 40);

fn app_with(count: usize) -> App {
    let mut app = new_app();
    app.size = SIZE;
    let id = numbers_id(&app.init());
    let numbers = (0..count)
        .map(|i| number(&format!("+1555{i:07}"), true, None, Some("dedicated")))
        .collect();
    app.update(Msg::Numbers {
        id,
        result: Ok(numbers),
    });
    app
}

fn cursor(app: &App) -> usize {
    app.numbers.cursor().expect("a selected number")
}

#[test]
fn numbers_list_pages_and_jumps_to_its_ends() {
    let mut app = app_with(300);
    let page = layout::panes_for(SIZE)
        .map(|p| layout::list_height(p.numbers, &app.numbers))
        .expect("panes at 120x40")
        - 1;
    assert!(page >= 10, "a page of {page} rows at 120x40");
    assert_eq!(cursor(&app), 0);
    let cmds = feed(&mut app, [key(KeyCode::PageDown)]);
    assert_eq!(cursor(&app), page);
    assert!(
        matches!(cmds.as_slice(), [Cmd::Worker(WorkerCmd::Debounce { .. })]),
        "the card of the number paged to loads once it rests: {cmds:?}"
    );
    feed(&mut app, [key(KeyCode::PageDown), key(KeyCode::PageUp)]);
    assert_eq!(cursor(&app), page);
    feed(&mut app, [key(KeyCode::End)]);
    assert_eq!(cursor(&app), 299);
    feed(&mut app, [key(KeyCode::PageDown)]);
    assert_eq!(cursor(&app), 299, "paging past the end stays on the last");
    feed(&mut app, [key(KeyCode::Home)]);
    assert_eq!(cursor(&app), 0);
    feed(&mut app, [ch('G')]);
    assert_eq!(cursor(&app), 299);
    feed(&mut app, [ch('g')]);
    assert_eq!(cursor(&app), 0);
    feed(&mut app, [key(KeyCode::PageUp)]);
    assert_eq!(
        cursor(&app),
        0,
        "paging before the start stays on the first"
    );
}

#[test]
fn the_list_scrolls_to_show_the_row_paged_to() {
    let mut app = app_with(300);
    feed(&mut app, [key(KeyCode::End)]);
    let screen = format!("{:?}", render(&app, SIZE.0, SIZE.1).buffer());
    assert!(screen.contains("+15550000299"), "{screen}");
    assert!(!screen.contains("● +15550000000 "), "{screen}");
}

fn picker_with(chats: usize) -> App {
    let mut app = app_with_card(SIZE);
    let id = match feed(&mut app, [ctrl('p')]).as_slice() {
        [Cmd::Worker(WorkerCmd::LoadChats { id })] => *id,
        other => panic!("{other:?}"),
    };
    let chat_list = (0..chats)
        .map(|i| Chat {
            id: Some(format!("+1666{i:07}")),
            ..Default::default()
        })
        .collect();
    app.update(Msg::Chats {
        id,
        result: Ok(chat_list),
    });
    app
}

fn picked(app: &App) -> usize {
    match &app.modal {
        Some(Modal::Picker(p)) => p.selected,
        other => panic!("the picker is open: {other:?}"),
    }
}

#[test]
fn chat_picker_pages_and_jumps_to_its_ends() {
    let mut app = picker_with(50);
    assert_eq!(picked(&app), 0);
    feed(&mut app, [key(KeyCode::PageDown)]);
    assert_eq!(picked(&app), layout::PICKER_PAGE);
    feed(&mut app, [key(KeyCode::End)]);
    assert_eq!(picked(&app), 49);
    feed(&mut app, [key(KeyCode::PageDown)]);
    assert_eq!(picked(&app), 49);
    feed(&mut app, [key(KeyCode::PageUp)]);
    assert_eq!(picked(&app), 49 - layout::PICKER_PAGE);
    feed(&mut app, [key(KeyCode::Home)]);
    assert_eq!(picked(&app), 0);
    // Letters filter the picker: `G` is typed, not "last".
    feed(&mut app, [ch('G')]);
    assert_eq!(picked(&app), 0);
}

fn top_row(app: &App, width: u16) -> String {
    let backend = render(app, width, 24);
    let buffer = backend.buffer();
    (0..width)
        .map(|x| buffer[(x, 0)].symbol().to_owned())
        .collect()
}

#[test]
fn the_numbers_title_counts_them_and_ends_with_an_ellipsis_when_cut() {
    let mut app = app_with(300);
    app.size = (80, 24);
    assert!(
        top_row(&app, 80).contains("Numbers · 300"),
        "{}",
        top_row(&app, 80)
    );
    feed(&mut app, [ch('/'), ch('2'), ch('9'), ch('9')]);
    let row = top_row(&app, 80);
    assert!(row.contains("Numbers · 1/300"), "{row}");
    let mut app = app_with(300);
    app.size = (80, 24);
    app.config.profile = Some("the-operations-team-profile".into());
    feed(&mut app, [ch('*')]);
    let row = top_row(&app, 80);
    assert!(row.contains("▶ Numbers · the-operatio…"), "{row}");
    assert!(row.contains("…"), "a title cut short ends with …: {row}");
}
