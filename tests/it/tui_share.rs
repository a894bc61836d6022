//! The chat picker's marks and the share overlay ("Stage your card in N marked chats"), driven
//! through `App::update` on a `TestBackend` with the share engine's answers fed by hand: marks and
//! the title, the plan before anything is sent (Esc sends nothing and returns to the picker),
//! the rows while staging, the stop question, the summary, `r`, and the early stops in the CLI's
//! words. Snapshots before, during and after. The engine itself runs in `tui_share_e2e`.

use bloocard::api::{Chat, ChatContact};
use bloocard::fleet::share::{ChatItem, ChatOutcome, ChatStatus, Selection, SharePlan, StopReason};
use bloocard::tui::app::{App, Modal};
use bloocard::tui::msg::{Cmd, FleetCmd, FleetJob, Msg, ReqId, ShareUpdate, WorkerCmd};
use bloocard::tui::state::share::{ChatState, SharePhase};
use crossterm::event::KeyCode;
use insta::assert_snapshot;

use crate::tui_support::*;

const SIZE: (u16, u16) = (100, 30);

fn chat(id: &str, name: Option<&str>) -> Chat {
    Chat {
        id: Some(id.into()),
        contact: name.map(|n| ChatContact {
            name: Some(n.into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

const IDS: [&str; 5] = [
    "+15557654321",
    "bob@example.com",
    "grp_team42",
    "+15550001111",
    "+15550002222",
];

/// The picker open on five chats.
fn picker_app() -> App {
    let mut app = app_with_card(SIZE);
    let id = match feed(&mut app, [ctrl('p')]).as_slice() {
        [Cmd::Worker(WorkerCmd::LoadChats { id })] => *id,
        other => panic!("{other:?}"),
    };
    let names = [
        Some("Alice"),
        Some("Bob"),
        Some("Team 42"),
        None,
        Some("Dana"),
    ];
    app.update(Msg::Chats {
        id,
        result: Ok(IDS.iter().zip(names).map(|(i, n)| chat(i, n)).collect()),
    });
    app
}

fn screen(app: &App) -> String {
    render(app, SIZE.0, SIZE.1).to_string()
}

fn item(id: &str) -> ChatItem {
    ChatItem::from_listed(chat(id, None)).unwrap()
}

/// The one fleet job a key started.
fn started(cmds: &[Cmd]) -> (ReqId, FleetJob) {
    match cmds {
        [Cmd::Fleet(FleetCmd::Run { id, job })] => (*id, job.clone()),
        other => panic!("one job expected: {other:?}"),
    }
}

fn share(app: &mut App, id: ReqId, update: ShareUpdate) {
    let cmds = app.update(Msg::Share { id, update });
    assert!(cmds.is_empty(), "{cmds:?}");
}

fn done(app: &mut App, id: ReqId, chat: &str, status: ChatStatus, error: Option<&str>) {
    let outcome = ChatOutcome {
        chat: item(chat),
        status,
        error: error.map(Into::into),
    };
    share(app, id, ShareUpdate::Done(Box::new(outcome)));
}

/// Marks the first three chats and opens the overlay on them, its plan in: all three to stage.
fn planned_app() -> (App, ReqId) {
    let mut app = picker_app();
    feed(
        &mut app,
        [
            ch(' '),
            key(KeyCode::Down),
            ch(' '),
            key(KeyCode::Down),
            ch(' '),
        ],
    );
    let (id, job) = started(&feed(&mut app, [ctrl('t')]));
    let FleetJob::SharePlan { selection, chats } = job else {
        panic!("{job:?}");
    };
    assert_eq!(
        selection,
        Selection::Listed(IDS[..3].iter().map(|s| s.to_string()).collect()),
        "the selection is the CLI's --chats of the marked ids: the same journal"
    );
    let chats = chats.expect("the marked chats are known, not listed again");
    assert_eq!(chats.len(), 3);
    assert_eq!(chats[0].name.as_deref(), Some("Alice"));
    let plan = SharePlan {
        to_stage: chats,
        skipped: Vec::new(),
    };
    share(&mut app, id, ShareUpdate::Planned(Ok(plan)));
    (app, id)
}

#[test]
fn space_marks_star_marks_all_shown_and_the_title_counts_them() {
    let mut app = picker_app();
    feed(&mut app, [ch(' '), key(KeyCode::Down), ch(' ')]);
    assert_eq!(app.picker().unwrap().marked.len(), 2);
    let s = screen(&app);
    assert!(s.contains("Pick a chat · 2 marked (type to filter"), "{s}");
    assert!(s.contains("✓ Alice <+15557654321>"), "{s}");
    assert!(
        s.contains("Space mark  * mark all shown  ^T stage card in chats"),
        "{s}"
    );
    // Space again unmarks the selected one.
    feed(&mut app, [ch(' ')]);
    assert_eq!(app.picker().unwrap().marked.len(), 1);
    // A filter, then `*`: the shown one is marked too, the hidden mark is counted.
    type_text(&mut app, "dana");
    feed(&mut app, [ch('*')]);
    let s = screen(&app);
    assert!(s.contains("Pick a chat · 2 marked (1 hidden)"), "{s}");
    // Every shown one is marked: `*` clears the marks, as in the numbers list.
    feed(&mut app, [ch('*')]);
    assert!(app.picker().unwrap().marked.is_empty());
    assert!(screen(&app).contains("Cleared 2 marks"));
}

#[test]
fn the_plan_comes_first_and_esc_sends_nothing() {
    let (mut app, _) = planned_app();
    let s = screen(&app);
    assert_snapshot!("share_planned", s);
    assert!(s.contains("Stage your card in 3 marked chats"), "{s}");
    assert!(
        s.contains("Stage your card in 3 chats (1 phone, 1 email, 1 group). Nothing is sent now:"),
        "{s}"
    );
    assert!(
        s.contains("Enter/y start staging  Esc close, send nothing"),
        "{s}"
    );
    let cmds = feed(&mut app, [key(KeyCode::Esc)]);
    assert!(cmds.is_empty(), "Esc sends nothing: {cmds:?}");
    let Some(Modal::Picker(picker)) = &app.modal else {
        panic!("back to the picker: {:?}", app.modal);
    };
    assert_eq!(picker.marked.len(), 3, "with its marks");
}

#[test]
fn enter_while_listing_starts_nothing() {
    let mut app = picker_app();
    let (id, job) = started(&feed(&mut app, [ctrl('t')]));
    let FleetJob::SharePlan { selection, chats } = job else {
        panic!("{job:?}");
    };
    assert!(
        chats.is_none() && matches!(selection, Selection::All(_)),
        "none marked: all chats"
    );
    share(
        &mut app,
        id,
        ShareUpdate::Listed {
            listed: 200,
            total: Some(450),
        },
    );
    let s = screen(&app);
    assert!(s.contains("Stage your card in all chats"), "{s}");
    assert!(s.contains("Listing the chats… 200 so far of 450"), "{s}");
    assert!(feed(&mut app, [key(KeyCode::Enter)]).is_empty());
    assert!(screen(&app).contains("Still listing the chats"));
    // Esc stops the listing and goes back.
    let cmds = feed(&mut app, [key(KeyCode::Esc)]);
    assert!(
        matches!(cmds.as_slice(), [Cmd::Fleet(FleetCmd::Stop { id: s })] if *s == id),
        "{cmds:?}"
    );
}

#[test]
fn the_filter_the_picker_shows_is_the_query_of_all_chats() {
    let mut app = picker_app();
    type_text(&mut app, "bob");
    let (id, job) = started(&feed(&mut app, [ctrl('t')]));
    let FleetJob::SharePlan {
        selection: Selection::All(filter),
        ..
    } = job
    else {
        panic!("{job:?}");
    };
    assert_eq!(
        filter.query.as_deref(),
        Some("bob"),
        "as share --all-chats --query bob"
    );
    let plan = SharePlan {
        to_stage: vec![item("bob@example.com")],
        skipped: vec![item("+15550001111")],
    };
    share(&mut app, id, ShareUpdate::Planned(Ok(plan)));
    let s = screen(&app);
    assert!(
        s.contains("Stage your card in all 2 chats matching 'bob'"),
        "{s}"
    );
    assert!(
        s.contains("1 chat is skipped: an earlier run of this selection staged your card there."),
        "{s}"
    );
}

#[test]
fn staging_shows_each_row_asks_before_stopping_and_r_retries_only_the_failed() {
    let (mut app, _) = planned_app();
    let (id, job) = started(&feed(&mut app, [key(KeyCode::Enter)]));
    assert!(
        matches!(&job, FleetJob::Stage { chats, .. } if chats.len() == 3),
        "{job:?}"
    );
    done(&mut app, id, IDS[0], ChatStatus::Staged, None);
    done(
        &mut app,
        id,
        IDS[1],
        ChatStatus::Failed,
        Some("Blooio could not be reached (timed out)"),
    );
    let during = screen(&app);
    assert_snapshot!("share_staging", during);
    assert!(during.contains("✓ +15557654321  Alice  staged"), "{during}");
    assert!(
        during.contains("✗ bob@example.com  Bob  Blooio could not be reached"),
        "{during}"
    );
    assert!(
        during.contains("Staging: 2 of 3 done · 1 staged · 1 failed"),
        "{during}"
    );

    // Esc asks; n goes on; Esc, y stops: requests in flight finish, nothing new starts.
    assert!(feed(&mut app, [key(KeyCode::Esc)]).is_empty());
    let asking = screen(&app);
    assert_snapshot!("share_stop_question", asking);
    assert!(
        asking.contains("Stop staging? In-flight requests finish, nothing new starts."),
        "{asking}"
    );
    assert!(
        asking.contains("y stop (requests in flight finish)  n/Esc keep staging"),
        "{asking}"
    );
    assert!(feed(&mut app, [ch('n')]).is_empty());
    assert!(!app.share().unwrap().asking_stop);
    feed(&mut app, [key(KeyCode::Esc)]);
    let cmds = feed(&mut app, [ch('y')]);
    assert!(
        matches!(cmds.as_slice(), [Cmd::Fleet(FleetCmd::Stop { id: s })] if *s == id),
        "{cmds:?}"
    );
    done(&mut app, id, IDS[2], ChatStatus::NotStarted, None);
    share(
        &mut app,
        id,
        ShareUpdate::Over {
            stop: Some(StopReason::Asked),
            journal_error: None,
        },
    );
    let after = screen(&app);
    assert_snapshot!("share_done", after);
    assert!(
        after.contains("Staged in 1 chat; 1 failed; 1 not started."),
        "{after}"
    );
    assert!(after.contains("r retry failed  Esc close"), "{after}");

    // r stages the failed and the not started, nothing else.
    let (retry, job) = started(&feed(&mut app, [ch('r')]));
    let FleetJob::Stage { chats, .. } = job else {
        panic!("{job:?}");
    };
    let ids: Vec<&str> = chats.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [IDS[1], IDS[2]]);
    assert_eq!(app.share().unwrap().rows[0].state, ChatState::Staged);
    done(&mut app, retry, IDS[1], ChatStatus::Staged, None);
    done(&mut app, retry, IDS[2], ChatStatus::Staged, None);
    share(
        &mut app,
        retry,
        ShareUpdate::Over {
            stop: None,
            journal_error: None,
        },
    );
    let s = screen(&app);
    assert!(s.contains("Retried 2 chats: 2 staged, 0 failed."), "{s}");
    assert!(s.contains("Staged in 3 chats; 0 failed."), "{s}");
    assert!(!s.contains("r retry failed"), "nothing left to retry: {s}");
    assert_eq!(app.share().unwrap().phase, SharePhase::Done);
    // Esc closes the summary: back to the picker.
    feed(&mut app, [key(KeyCode::Esc)]);
    assert!(app.picker().is_some());
}

#[test]
fn plan_gated_and_no_active_number_stops_are_said_as_the_cli_says_them() {
    let forbidden = "HTTP 403 plan_not_supported";
    let (mut app, _) = planned_app();
    let (id, _) = started(&feed(&mut app, [key(KeyCode::Enter)]));
    for chat in &IDS[..2] {
        done(
            &mut app,
            id,
            chat,
            ChatStatus::Failed,
            Some("Blooio refused this request"),
        );
    }
    done(&mut app, id, IDS[2], ChatStatus::NotStarted, None);
    share(
        &mut app,
        id,
        ShareUpdate::Over {
            stop: Some(StopReason::PlanGated(forbidden.into())),
            journal_error: None,
        },
    );
    let s = screen(&app);
    assert_snapshot!("share_plan_gated", s);
    let joined = overlay_text(&s);
    assert!(
        joined.contains(
            "Stopped: Blooio refused the first 2 chats (HTTP 403 plan_not_supported); sharing the \
             contact card needs a Dedicated plan (Commercial or Enterprise), so the other 1 were not tried"
        ),
        "{s}"
    );

    let (mut app, _) = planned_app();
    let (id, _) = started(&feed(&mut app, [key(KeyCode::Enter)]));
    done(&mut app, id, IDS[0], ChatStatus::Staged, None);
    done(
        &mut app,
        id,
        IDS[1],
        ChatStatus::Failed,
        Some("no active number"),
    );
    share(
        &mut app,
        id,
        ShareUpdate::Over {
            stop: Some(StopReason::NoActiveNumber(
                "HTTP 503 no_active_number".into(),
            )),
            journal_error: None,
        },
    );
    let s = screen(&app);
    let joined = overlay_text(&s);
    assert!(
        joined.contains(
            "Stopped: no active number to stage the card with (HTTP 503 no_active_number); 1 \
             staged, 1 not started: press r once a number is online"
        ),
        "{s}"
    );
}

#[test]
fn help_lists_the_share_keys_from_the_keymap() {
    let mut app = picker_app();
    feed(&mut app, [key(KeyCode::Esc), ch('?')]);
    // The help keeps a key and its words together with no-break spaces.
    let s = render(&app, 120, 50).to_string().replace('\u{a0}', " ");
    assert!(s.contains("Stage in many chats:"), "{s}");
    assert!(s.contains("^T stage your card in the marked chats"), "{s}");
}

#[test]
fn a_filter_no_listed_chat_matches_still_asks_the_server() {
    // The picker shows the newest chats only; the engine lists every page with the query.
    let mut app = picker_app();
    type_text(&mut app, "kiln");
    assert!(screen(&app).contains("No chat matches."));
    let (_, job) = started(&feed(&mut app, [ctrl('t')]));
    assert!(
        matches!(&job, FleetJob::SharePlan { selection: Selection::All(f), chats: None } if f.query.as_deref() == Some("kiln")),
        "{job:?}"
    );
}

#[test]
fn at_most_the_engine_s_concurrency_are_staging_the_rest_are_queued() {
    let mut app = picker_app();
    let (id, _) = started(&feed(&mut app, [ctrl('t')]));
    let plan = SharePlan {
        to_stage: IDS.iter().map(|i| item(i)).collect(),
        skipped: Vec::new(),
    };
    share(&mut app, id, ShareUpdate::Planned(Ok(plan)));
    let (run, _) = started(&feed(&mut app, [key(KeyCode::Enter)]));
    let s = screen(&app);
    assert_eq!(s.matches("staging…").count(), 4, "{s}");
    assert!(s.contains("· +15550002222  queued"), "{s}");
    done(&mut app, run, IDS[0], ChatStatus::Staged, None);
    let s = screen(&app);
    assert_eq!(
        s.matches("staging…").count(),
        4,
        "the queued one starts: {s}"
    );
    assert!(!s.contains("queued"), "{s}");
}
