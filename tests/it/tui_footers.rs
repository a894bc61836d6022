//! The footer of every pane and overlay at 80, 120 and 160 columns: at 80 the low-value keys are
//! dropped and the labels shortened before anything is cut, and `q quit` and `? help` always stay.

use crate::tui_support::apply::{fleet, outcome, planned_app, press_apply};
use crate::tui_support::*;
use bloocard::fleet::ApplyStatus;
use bloocard::tui::app::App;
use bloocard::tui::msg::FleetEvent;
use crossterm::event::KeyCode;
use insta::assert_snapshot;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (160, 50)];

/// The bottom row of the screen at `size`.
fn footer(app: &mut App, size: (u16, u16)) -> String {
    app.size = size;
    let backend = render(app, size.0, size.1);
    let buf = backend.buffer();
    let y = size.1 - 1;
    let row: String = (0..size.0)
        .map(|x| buf[(x, y)].symbol().to_owned())
        .collect();
    row.trim_end().to_owned()
}

/// The footer at each width, one line each, as `80 │ …`.
fn footers(app: &mut App) -> String {
    SIZES
        .iter()
        .map(|&s| format!("{:>3} │{}", s.0, footer(app, s)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn card_app() -> App {
    let mut app = app_with_card((120, 40));
    feed(&mut app, [key(KeyCode::Tab)]);
    app
}

fn composer_app() -> App {
    let mut app = card_app();
    feed(&mut app, [key(KeyCode::Tab)]);
    app
}

#[test]
fn numbers_list() {
    let mut app = app_with_card((120, 40));
    assert_snapshot!(footers(&mut app));
}

#[test]
fn card_name() {
    let mut app = card_app();
    assert_snapshot!(footers(&mut app));
}

#[test]
fn card_toggle() {
    let mut app = card_app();
    feed(&mut app, [ch('j'), ch('j')]);
    assert_snapshot!(footers(&mut app));
}

#[test]
fn card_photo_button() {
    let mut app = card_app();
    feed(&mut app, [ch('j'), ch('j'), ch('j'), ch('j'), ch('j')]);
    assert_snapshot!(footers(&mut app));
}

#[test]
fn card_photo_button_with_a_new_photo_offers_u() {
    let mut app = card_app();
    feed(&mut app, (0..5).map(|_| ch('j')));
    set_photo_from(&mut app, "/tmp/face.png");
    let all = footers(&mut app);
    assert!(all.lines().all(|l| l.contains("u revert")), "{all}");
    assert_snapshot!(all);
}

#[test]
fn card_with_marks_offers_apply() {
    let mut app = crate::tui_support::apply::marked_app((120, 40));
    feed(&mut app, [key(KeyCode::Tab)]);
    assert_snapshot!(footers(&mut app));
}

#[test]
fn card_editing() {
    let mut app = card_app();
    feed(&mut app, [key(KeyCode::Enter)]);
    assert_snapshot!(footers(&mut app));
}

#[test]
fn composer_chat() {
    let mut app = composer_app();
    assert_snapshot!(footers(&mut app));
}

#[test]
fn composer_editing_message() {
    let mut app = composer_app();
    feed(&mut app, [ch('j'), key(KeyCode::Enter)]);
    assert_snapshot!(footers(&mut app));
}

#[test]
fn composer_attachment() {
    let mut app = composer_app();
    feed(&mut app, [ch('j'), ch('j')]);
    assert_snapshot!(footers(&mut app));
}

#[test]
fn composer_with_an_attachment_offers_x() {
    let mut app = composer_app();
    feed(&mut app, [ch('j'), ch('j'), key(KeyCode::Enter)]);
    type_text(&mut app, "https://example.com/a.png");
    feed(&mut app, [key(KeyCode::Enter)]);
    assert_eq!(app.composer.attachments.len(), 1);
    let editing = footers(&mut app);
    assert!(
        editing.lines().all(|l| l.contains("Del remove")),
        "{editing}"
    );
    feed(&mut app, [key(KeyCode::Esc)]);
    let all = footers(&mut app);
    assert!(all.lines().all(|l| l.contains("x remove")), "{all}");
    assert_snapshot!(format!("{editing}\n{all}"));
}

#[test]
fn composer_share_toggle() {
    let mut app = composer_app();
    feed(&mut app, [ch('j'), ch('j'), ch('j')]);
    assert_snapshot!(footers(&mut app));
}

#[test]
fn numbers_with_marks() {
    let mut app = crate::tui_support::apply::marked_app((120, 40));
    let all = footers(&mut app);
    assert!(
        all.lines().skip(1).all(|l| l.contains("* mark all")),
        "{all}"
    );
    assert_snapshot!(all);
}

#[test]
fn numbers_filtering() {
    let mut app = app_with_card((120, 40));
    feed(&mut app, [ch('/')]);
    type_text(&mut app, "555");
    let typing = footers(&mut app);
    feed(&mut app, [key(KeyCode::Enter)]);
    assert_snapshot!(format!("{typing}\n{}", footers(&mut app)));
}

#[test]
fn every_footer_keeps_quit_and_help_at_80_columns_and_is_never_cut() {
    let mut apps = vec![app_with_card((80, 24)), card_app(), composer_app()];
    apps.push(crate::tui_support::apply::marked_app((80, 24)));
    for app in &mut apps {
        let row = footer(app, (80, 24));
        assert!(row.contains("q quit") && row.ends_with("? help"), "{row}");
        assert!(!row.contains('…'), "cut: {row}");
    }
}

#[test]
fn apply_plan_with_every_group_off_offers_no_y() {
    let (mut app, _) = planned_app((120, 40));
    feed(&mut app, [ch('n'), ch('p'), ch('s')]);
    let all = footers(&mut app);
    assert!(!all.contains("y apply"), "{all}");
    assert_snapshot!(all);
}

#[test]
fn apply_done_with_failures_offers_r() {
    let (mut app, plans) = planned_app((120, 40));
    let (id, _) = press_apply(&mut app);
    let failed = outcome(&plans[1], ApplyStatus::Failed, Some("HTTP 503"));
    fleet(&mut app, id, FleetEvent::Applied(Box::new(failed)));
    fleet(&mut app, id, FleetEvent::ApplyDone { stopped: false });
    let all = footers(&mut app);
    assert!(all.lines().all(|l| l.contains("r retry failed")), "{all}");
    assert_snapshot!(all);
}

#[test]
fn apply_plan() {
    let (mut app, _) = planned_app((120, 40));
    assert_snapshot!(footers(&mut app));
}

#[test]
fn apply_done_without_failures() {
    let (mut app, plans) = planned_app((120, 40));
    let (id, _) = press_apply(&mut app);
    for p in &plans {
        fleet(
            &mut app,
            id,
            FleetEvent::Applied(Box::new(outcome(p, ApplyStatus::Applied, None))),
        );
    }
    fleet(&mut app, id, FleetEvent::ApplyDone { stopped: false });
    let all = footers(&mut app);
    assert!(!all.contains("retry"), "nothing failed: {all}");
    assert_snapshot!(all);
}
