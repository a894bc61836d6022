//! Marks in the numbers list and "apply this card to N marked numbers": keys → Cmds → fleet
//! results → snapshots. The plans are made by the fleet engine's own comparison (`plan_number`)
//! from cards as a server would answer them.

use crate::tui_support::apply::*;
use crate::tui_support::*;
use bloocard::fleet::{ApplyStatus, Field, Plan, PlanStatus};
use bloocard::tui::app::{App, Confirm, Modal};
use bloocard::tui::msg::{Cmd, ErrorInfo, FleetCmd, FleetEvent, FleetJob, Msg};
use bloocard::tui::state::apply::{Phase, RowState};
use crossterm::event::KeyCode;
use insta::assert_snapshot;

const BIG: (u16, u16) = (100, 30);
const SMALL: (u16, u16) = (80, 24);

fn snap(app: &App, size: (u16, u16)) -> String {
    render(app, size.0, size.1).to_string()
}

fn title_line(app: &App, size: (u16, u16)) -> String {
    snap(app, size)
        .lines()
        .find(|l| l.contains("Numbers"))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn space_marks_and_unmarks_and_the_title_counts() {
    let mut app = app_with_card(BIG);
    feed(&mut app, [ch(' '), key(KeyCode::Down), ch(' ')]);
    assert_eq!(app.numbers.marked.len(), 2);
    assert!(
        title_line(&app, BIG).contains("2 marked"),
        "{}",
        title_line(&app, BIG)
    );
    assert_snapshot!("marks", snap(&app, BIG));
    feed(&mut app, [ch(' ')]);
    assert_eq!(
        app.numbers.marked_in_order(),
        vec!["+15551230001".to_owned()]
    );
    assert!(title_line(&app, BIG).contains("1 marked"));
}

#[test]
fn marks_are_text_without_colour_at_80x24() {
    let app = marked_app(SMALL);
    let screen = snap(&app, SMALL);
    let marked: Vec<&str> = screen.lines().filter(|l| l.contains('✓')).collect();
    assert_eq!(marked.len(), 3, "{screen}");
    assert_snapshot!("marks_80x24", screen);
}

#[test]
fn star_marks_every_shown_number_then_clears_all_marks() {
    let mut app = app_with_card(BIG);
    feed(&mut app, [ch('/')]);
    type_text(&mut app, "dedicated");
    feed(&mut app, [key(KeyCode::Down), ch('*')]);
    // The legacy allocation without a plan kind is dedicated too.
    assert_eq!(
        app.numbers.marked_in_order(),
        vec!["+15551230001", "+15551230002", "+15551230005"]
    );
    // The filter cleared, the marks stay; `*` now marks the rest, and again clears them all.
    feed(&mut app, [key(KeyCode::Esc)]);
    assert!(title_line(&app, BIG).contains("3 marked"));
    feed(&mut app, [ch('*')]);
    assert_eq!(app.numbers.marked.len(), 5);
    feed(&mut app, [ch('*')]);
    assert!(app.numbers.marked.is_empty());
    assert_eq!(
        app.toast.as_ref().map(|t| t.text.as_str()),
        Some("Cleared 5 marks")
    );
}

#[test]
fn marks_survive_filtering_and_a_refresh_drops_numbers_gone_from_the_key() {
    let mut app = marked_app(BIG);
    feed(&mut app, [ch('/')]);
    type_text(&mut app, "shared");
    assert!(
        title_line(&app, BIG).contains("3 marked (2 hidden)"),
        "{}",
        title_line(&app, BIG)
    );
    feed(&mut app, [key(KeyCode::Esc)]);
    let id = numbers_id(&feed(&mut app, [ch('r')]));
    let mut numbers = fixture_numbers();
    numbers.remove(1);
    app.update(Msg::Numbers {
        id,
        result: Ok(numbers),
    });
    assert_eq!(
        app.numbers.marked_in_order(),
        vec!["+15551230001".to_owned(), "+15551230003".to_owned()]
    );
}

#[test]
fn a_in_the_card_pane_plans_the_card_as_shown_for_the_marked_numbers() {
    let mut app = marked_app(BIG);
    // An unsaved edit: it is part of the card applied.
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "ny");
    feed(&mut app, [key(KeyCode::Esc), key(KeyCode::BackTab)]);
    let (_, numbers, want) = open_apply(&mut app);
    assert_eq!(
        numbers,
        vec!["+15551230001", "+15551230002", "+15551230003"]
    );
    assert_eq!(want.first_name.as_deref(), Some("Johnny"));
    assert_eq!(want.last_name.as_deref(), Some("Doe"));
    assert_eq!(want.sharing, Some(true));
    assert!(want.avatar.is_none(), "this card has no photo");
    let apply = app.apply().expect("the overlay is open");
    assert!(!apply.groups.photo, "no photo: the photo group is off");
}

#[test]
fn a_card_photo_goes_out_as_the_exact_bytes_the_card_holds() {
    let mut app = marked_app(BIG);
    let bytes = png_bytes();
    let b64 = bloocard::avatar::encode_base64(&bytes);
    let photo = bloocard::tui::state::card::Photo::from(b64.as_str());
    app.card.baseline.as_mut().expect("read").avatar = Some(photo.clone());
    app.card.edits.avatar = Some(photo);
    let (_, _, want) = open_apply(&mut app);
    let avatar = want.avatar.expect("the card's photo is applied");
    assert_eq!(avatar.bytes, bytes);
    assert_eq!(avatar.base64, b64);
}

#[test]
fn without_marks_a_says_how_to_mark() {
    let mut app = app_with_card(BIG);
    let cmds = feed(&mut app, [key(KeyCode::Tab), ch('A')]);
    assert!(cmds.is_empty());
    assert!(app.apply().is_none());
    let toast = app
        .toast
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default();
    assert!(toast.contains("Space"), "{toast}");
}

#[test]
fn the_overlay_shows_each_numbers_plan() {
    let (app, _) = planned_app(BIG);
    let screen = snap(&app, BIG);
    assert!(
        screen.contains("Apply this card to 3 marked numbers"),
        "{screen}"
    );
    assert!(screen.contains("needs a Dedicated plan"), "{screen}");
    assert_snapshot!("apply_plan", screen);
    // ↓ selects the next row: its changes in full, from → to.
    let mut app = app;
    feed(&mut app, [ch('j')]);
    let screen = snap(&app, SMALL);
    assert!(
        screen.contains("“Doe” → “Doe”") || screen.contains("→"),
        "{screen}"
    );
    assert_snapshot!("apply_plan_80x24", screen);
}

#[test]
fn esc_before_applying_closes_and_sends_nothing() {
    let mut app = marked_app(BIG);
    let (id, _, _) = open_apply(&mut app);
    // Still reading: Esc drops the reads, writes nothing.
    let cmds = feed(&mut app, [key(KeyCode::Esc)]);
    assert_eq!(cmds, vec![Cmd::Fleet(FleetCmd::Stop { id })]);
    assert!(app.apply().is_none());
    let (mut app, _) = planned_app(BIG);
    let cmds = feed(&mut app, [key(KeyCode::Esc)]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(app.apply().is_none());
}

#[test]
fn field_groups_restrict_what_is_applied() {
    let (mut app, _) = planned_app(BIG);
    feed(&mut app, [ch('n')]);
    let screen = snap(&app, BIG);
    assert!(screen.contains("[ ] n names"), "{screen}");
    let (_, plan) = press_apply(&mut app);
    for p in &plan.numbers {
        assert!(
            p.writes().iter().all(|f| !f.needs_dedicated_plan()),
            "names are off: {p:?}"
        );
    }
    // +…0001 only differed in its names: nothing left to write there.
    assert_eq!(plan.numbers[0].status, PlanStatus::InSync);
    assert_eq!(plan.numbers[1].writes(), vec![Field::Sharing]);
}

#[test]
fn applying_shows_progress_then_a_summary_that_stays_and_r_retries_the_failed() {
    let (mut app, plans) = planned_app(BIG);
    let (id, plan) = press_apply(&mut app);
    assert_eq!(plan.numbers.len(), 3);
    assert_eq!(app.apply().map(|a| a.phase), Some(Phase::Applying));
    assert!(app.animating(), "the spinners turn");
    fleet(
        &mut app,
        id,
        FleetEvent::Applied(Box::new(outcome(&plans[0], ApplyStatus::InSync, None))),
    );
    assert_snapshot!("apply_in_progress", snap(&app, BIG));
    fleet(
        &mut app,
        id,
        FleetEvent::Applied(Box::new(outcome(
            &plans[1],
            ApplyStatus::Failed,
            Some("Blooio is unavailable (HTTP 503)"),
        ))),
    );
    fleet(
        &mut app,
        id,
        FleetEvent::Applied(Box::new(outcome(&plans[2], ApplyStatus::Applied, None))),
    );
    fleet(&mut app, id, FleetEvent::ApplyDone { stopped: false });
    let apply = app.apply().unwrap();
    assert_eq!(apply.phase, Phase::Done);
    assert!(!app.animating());
    assert_snapshot!("apply_done_with_failures", snap(&app, BIG));
    // A key that is not the overlay's does not dismiss it.
    feed(&mut app, [ch('x')]);
    assert!(app.apply().is_some());
    match feed(&mut app, [ch('r')]).as_slice() {
        [
            Cmd::Fleet(FleetCmd::Run {
                job: FleetJob::Retry { numbers, .. },
                ..
            }),
        ] => assert_eq!(numbers, &vec!["+15551230002".to_owned()]),
        other => panic!("expected a retry job, got {other:?}"),
    }
    assert_eq!(app.apply().unwrap().rows[1].state, RowState::Reading);
}

#[test]
fn closing_during_an_apply_asks_and_stopping_lets_the_rest_be() {
    let (mut app, plans) = planned_app(BIG);
    let (id, _) = press_apply(&mut app);
    assert!(feed(&mut app, [key(KeyCode::Esc)]).is_empty());
    assert!(app.apply().unwrap().asking_stop);
    assert_snapshot!("apply_stop_question", snap(&app, BIG));
    // n: keep applying.
    feed(&mut app, [ch('n')]);
    assert!(!app.apply().unwrap().asking_stop);
    let cmds = feed(&mut app, [key(KeyCode::Esc), ch('y')]);
    assert_eq!(cmds, vec![Cmd::Fleet(FleetCmd::Stop { id })]);
    fleet(
        &mut app,
        id,
        FleetEvent::Applied(Box::new(outcome(&plans[1], ApplyStatus::Applied, None))),
    );
    fleet(&mut app, id, FleetEvent::ApplyDone { stopped: true });
    let apply = app.apply().unwrap();
    assert_eq!(apply.phase, Phase::Done);
    assert_eq!(apply.rows[0].state, RowState::NotStarted);
    assert_eq!(apply.rows[2].state, RowState::NotStarted);
    // The summary stays until dismissed.
    feed(&mut app, [key(KeyCode::Esc)]);
    assert!(app.apply().is_none());
}

#[test]
fn ctrl_c_during_an_apply_asks_to_stop_first() {
    let (mut app, _) = planned_app(BIG);
    press_apply(&mut app);
    feed(&mut app, [ctrl('c')]);
    assert!(app.exit.is_none());
    assert!(app.apply().unwrap().asking_stop);
}

#[test]
fn the_quit_question_over_a_running_apply_gives_it_back_and_it_went_on_meanwhile() {
    let (mut app, plans) = planned_app(BIG);
    app.composer.message.set("not sent yet");
    let (id, _) = press_apply(&mut app);
    feed(&mut app, [key(KeyCode::Esc)]);
    assert!(app.apply().unwrap().asking_stop);
    // ^C with a message unsent asks first; the apply waits under the question.
    feed(&mut app, [ctrl('c')]);
    assert_eq!(app.modal, Some(Modal::Confirm(Confirm::Quit)));
    assert!(app.exit.is_none());
    fleet(
        &mut app,
        id,
        FleetEvent::Applied(Box::new(outcome(&plans[1], ApplyStatus::Applied, None))),
    );
    // n: back to the apply overlay as it was, with what arrived meanwhile.
    feed(&mut app, [ch('n')]);
    let apply = app.apply().expect("the apply overlay is back");
    assert!(apply.asking_stop);
    assert!(matches!(apply.rows[1].state, RowState::Done(_)));
    assert!(matches!(app.modal, Some(Modal::Apply(_))));
}

#[test]
fn the_current_number_when_marked_is_applied_and_its_edits_are_saved() {
    let mut app = marked_app(BIG);
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "ny");
    feed(&mut app, [key(KeyCode::Esc), key(KeyCode::BackTab)]);
    assert!(app.card.is_dirty());
    let (id, _, want) = open_apply(&mut app);
    let plans = plans(&want);
    fleet(
        &mut app,
        id,
        FleetEvent::PlanDone(Ok(Plan {
            numbers: plans.clone(),
        })),
    );
    let (id, _) = press_apply(&mut app);
    fleet(
        &mut app,
        id,
        FleetEvent::Applied(Box::new(outcome(&plans[0], ApplyStatus::Applied, None))),
    );
    assert!(!app.card.is_dirty(), "the first name was written");
    assert_eq!(app.card.first.text(), "Johnny");
}

#[test]
fn the_current_number_when_not_marked_keeps_its_edits_unsaved() {
    let mut app = app_with_card(BIG);
    feed(&mut app, [key(KeyCode::Down), ch(' '), key(KeyCode::Up)]);
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "ny");
    feed(&mut app, [key(KeyCode::Esc), key(KeyCode::BackTab)]);
    let (id, numbers, want) = open_apply(&mut app);
    assert_eq!(numbers, vec!["+15551230002"]);
    let plan = plans(&want).remove(1);
    fleet(
        &mut app,
        id,
        FleetEvent::PlanDone(Ok(Plan {
            numbers: vec![plan.clone()],
        })),
    );
    let (id, _) = press_apply(&mut app);
    fleet(
        &mut app,
        id,
        FleetEvent::Applied(Box::new(outcome(&plan, ApplyStatus::Applied, None))),
    );
    fleet(&mut app, id, FleetEvent::ApplyDone { stopped: false });
    assert!(app.card.is_dirty(), "the edits on screen stay unsaved");
}

#[test]
fn a_failed_numbers_list_says_nothing_was_planned_and_y_applies_nothing() {
    let mut app = marked_app(BIG);
    let (id, _, _) = open_apply(&mut app);
    fleet(
        &mut app,
        id,
        FleetEvent::PlanDone(Err(ErrorInfo::message("Blooio is unavailable (HTTP 503)"))),
    );
    assert!(feed(&mut app, [ch('y')]).is_empty());
    let screen = snap(&app, BIG);
    assert!(screen.contains("Nothing could be planned"), "{screen}");
}

#[test]
fn stale_fleet_results_are_dropped() {
    let (mut app, plans) = planned_app(BIG);
    let before = format!("{:?}", app.apply());
    fleet(
        &mut app,
        9999,
        FleetEvent::Applied(Box::new(outcome(&plans[0], ApplyStatus::Failed, Some("x")))),
    );
    assert_eq!(format!("{:?}", app.apply()), before);
}

#[test]
fn a_rate_limit_met_during_the_apply_is_shown_while_it_runs() {
    let (mut app, _) = planned_app(BIG);
    let (id, _) = press_apply(&mut app);
    fleet(
        &mut app,
        id,
        FleetEvent::RateLimited {
            wait: std::time::Duration::from_secs(2),
            concurrency: 2,
        },
    );
    let screen = snap(&app, BIG);
    assert!(
        screen.contains("Rate limited: waiting 2.0 s, then 2 at a time"),
        "{screen}"
    );
}
