//! The keymap is the single source of routing and of what the footer and help offer. This walks
//! the states the snapshot tests reach and checks, in each, that every key the footer offers does
//! something there, and that every key the router honours is offered (footer or help).

use crate::tui_support;

use crate::tui_support::*;
use bloocard::api::Chat;
use bloocard::tui::app::App;
use bloocard::tui::keymap::{self, Action};
use bloocard::tui::msg::{Cmd, DraftCmd, ErrorInfo, Msg, WorkerCmd};
use crossterm::event::KeyCode;

const SIZE: (u16, u16) = (120, 40);

fn with<I: Input>(mut app: App, keys: impl IntoIterator<Item = I>) -> App {
    feed(&mut app, keys);
    app
}

fn chats() -> Vec<Chat> {
    vec![Chat {
        id: Some("+15557654321".into()),
        ..Default::default()
    }]
}

/// Every state worth a snapshot, named.
fn states() -> Vec<(&'static str, App)> {
    let card = || app_with_card(SIZE);
    let tab = || key(KeyCode::Tab);
    let enter = || key(KeyCode::Enter);
    let down = || key(KeyCode::Down);
    let esc = || key(KeyCode::Esc);
    let mut loading = new_app();
    loading.size = SIZE;
    loading.init();
    let mut picker = with(card(), [key(KeyCode::BackTab)]);
    let id = match feed(&mut picker, [ctrl('p')]).as_slice() {
        [Cmd::Worker(WorkerCmd::LoadChats { id })] => *id,
        other => panic!("{other:?}"),
    };
    picker.update(Msg::Chats {
        id,
        result: Ok(chats()),
    });
    let mut failed = with(card(), [tab(), enter(), ch('x')]);
    let save = save_id(&feed(&mut failed, [ctrl('s')]));
    failed.update(Msg::Saved {
        id: save,
        result: Err(ErrorInfo::message("the request timed out")),
    });
    let details = with(failed.clone(), [ch('d')]);
    let dirty = || with(card(), [tab(), enter(), ch('x'), esc()]);
    let message = || with(card(), [key(KeyCode::BackTab), down(), enter()]);
    let (mut gated, id) = app_with_numbers(SIZE);
    gated.update(Msg::Card {
        id,
        result: Ok(tui_support::card("John", "Doe", None)),
    });
    let (id, _) = card_request(&feed(&mut gated, [down(), down(), enter()]));
    gated.update(Msg::Card {
        id,
        result: Ok(tui_support::card("Shared", "Line", None)),
    });
    let mut refresh_failed = card();
    fail_numbers_refresh(&mut refresh_failed);
    let (card_loading, _) = app_with_numbers(SIZE);
    let mut restore = App::new(
        bloocard::tui::app::AppConfig {
            drafts: true,
            ..Default::default()
        },
        now(),
    );
    restore.size = SIZE;
    let id = numbers_id(&restore.init());
    let (id, _) = card_request(&restore.update(Msg::Numbers {
        id,
        result: Ok(fixture_numbers()),
    }));
    let cmds = restore.update(Msg::Card {
        id,
        result: Ok(tui_support::card("John", "Doe", None)),
    });
    let draft_id = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Draft(DraftCmd::Load { id, .. }) => Some(*id),
            _ => None,
        })
        .expect("the draft is looked for");
    restore.update(Msg::Draft {
        id: draft_id,
        draft: Some(bloocard::tui::draft::Draft {
            number: "+15551230001".into(),
            saved_at_ms: now().timestamp_millis(),
            card: bloocard::tui::draft::CardDraft {
                first_name: Some("Jane".into()),
                ..Default::default()
            },
            composer: None,
        }),
    });
    assert!(matches!(
        restore.modal,
        Some(bloocard::tui::app::Modal::Restore(_))
    ));
    let (planned, plans) = tui_support::apply::planned_app(SIZE);
    let mut planning = tui_support::apply::marked_app(SIZE);
    tui_support::apply::open_apply(&mut planning);
    let mut running = planned.clone();
    let (job, _) = tui_support::apply::press_apply(&mut running);
    let stop_question = with(running.clone(), [esc()]);
    let mut done = running.clone();
    tui_support::apply::fleet(
        &mut done,
        job,
        bloocard::tui::msg::FleetEvent::Applied(Box::new(tui_support::apply::outcome(
            &plans[1],
            bloocard::fleet::ApplyStatus::Failed,
            Some("HTTP 503"),
        ))),
    );
    tui_support::apply::fleet(
        &mut done,
        job,
        bloocard::tui::msg::FleetEvent::ApplyDone { stopped: false },
    );
    let history = |size: (u16, u16), n: usize| {
        let mut app = with(
            app_with_card(size),
            [
                key(KeyCode::BackTab),
                enter(),
                ch('+'),
                ch('1'),
                ch('5'),
                ch('5'),
                ch('5'),
            ],
        );
        type_text(&mut app, "1234567");
        let id = match feed(&mut app, [enter()]).as_slice() {
            [Cmd::Worker(WorkerCmd::LoadHistory { id, .. })] => *id,
            other => panic!("{other:?}"),
        };
        let messages = (0..n)
            .map(|i| bloocard::api::Message {
                direction: Some(if i % 2 == 0 { "inbound" } else { "outbound" }.into()),
                text: Some(format!("message {i}")),
                status: Some("delivered".into()),
                ..Default::default()
            })
            .collect();
        app.update(Msg::History {
            id,
            result: Ok(messages),
        });
        app
    };
    let mut history_failed = history((80, 24), 3);
    let id = feed(
        &mut history_failed,
        [key(KeyCode::Up), enter(), ch('9'), enter()],
    )
    .iter()
    .find_map(|c| match c {
        Cmd::Worker(WorkerCmd::LoadHistory { id, .. }) => Some(*id),
        _ => None,
    })
    .expect("a new chat is loaded");
    history_failed.update(Msg::History {
        id,
        result: Err(ErrorInfo::message("the request timed out")),
    });
    vec![
        ("numbers marked", tui_support::apply::marked_app(SIZE)),
        (
            "card with marks",
            with(tui_support::apply::marked_app(SIZE), [tab()]),
        ),
        ("apply planning", planning),
        ("apply planned", planned),
        ("apply running", running),
        ("apply stop question", stop_question),
        ("apply done", done),
        ("history short", history(SIZE, 3)),
        ("history long", history(SIZE, 60)),
        (
            "history long, at the top",
            with(history(SIZE, 60), (0..30).map(|_| key(KeyCode::PageUp))),
        ),
        ("history long, editing", with(history(SIZE, 60), [enter()])),
        ("history long, 80x24", history((80, 24), 60)),
        ("history failed", history_failed),
        ("numbers loading", loading),
        ("numbers refresh failed", refresh_failed),
        ("card loading", card_loading),
        (
            "filter matches nothing",
            with(card(), [ch('/'), ch('9'), ch('9')]),
        ),
        ("restore draft", restore),
        ("numbers", card()),
        ("filter open", with(card(), [ch('/'), ch('d')])),
        (
            "filter kept",
            with(card(), [ch('/'), ch('d'), ch('e'), ch('d'), enter()]),
        ),
        ("card name", with(card(), [tab()])),
        ("card editing", with(card(), [tab(), enter()])),
        ("card toggle", with(card(), [tab(), down(), down()])),
        ("card radio", with(card(), [tab(), down(), down(), down()])),
        (
            "card button",
            with(
                card(),
                [
                    tab(),
                    ch('k'),
                    ch('j'),
                    down(),
                    down(),
                    down(),
                    down(),
                    down(),
                ],
            ),
        ),
        ("card dirty", with(dirty(), [down()])),
        ("card gated", with(gated, [tab()])),
        ("path input", with(card(), [tab(), ch('p')])),
        ("save failed", failed),
        ("details", details),
        ("composer chat", with(card(), [key(KeyCode::BackTab)])),
        (
            "composer editing chat",
            with(card(), [key(KeyCode::BackTab), enter()]),
        ),
        (
            "composer editing message",
            with(message(), [ch('h'), ch('i')]),
        ),
        (
            "composer editing attachment",
            with(card(), [key(KeyCode::BackTab), down(), down(), enter()]),
        ),
        ("composer share", with(message(), [esc(), down(), down()])),
        (
            "composer send button",
            with(message(), [esc(), down(), down(), down()]),
        ),
        ("picker", picker),
        ("help", with(card(), [ch('?')])),
        ("quit with card edits", with(dirty(), [ch('q')])),
        (
            "quit with a message",
            with(message(), [ch('h'), esc(), ch('q')]),
        ),
        (
            "revert card",
            with(dirty(), [down(), down(), ch(' '), ch('U')]),
        ),
        (
            "switch number",
            with(dirty(), [key(KeyCode::BackTab), down(), enter()]),
        ),
    ]
}

/// Whether pressing `key` in `app` changes anything: state, commands, or a message saying why not.
fn does_something(app: &App, spec: keymap::KeySpec) -> bool {
    let mut app = app.clone();
    app.toast = None;
    let before = format!("{app:?}");
    let cmds = app.update(Msg::Key(keymap::key_event(spec)));
    !cmds.is_empty() || app.exit.is_some() || format!("{app:?}") != before
}

#[test]
fn every_key_the_footer_offers_does_something() {
    let mut failures = Vec::new();
    for (name, app) in states() {
        let contexts = app.contexts();
        for b in keymap::footer_for(&contexts) {
            let ok = match b.action {
                // At the end of a list moving on is a no-op; one of the two directions works.
                Action::Up | Action::Down => keymap::footer_for(&contexts)
                    .iter()
                    .filter(|o| matches!(o.action, Action::Up | Action::Down))
                    .any(|o| does_something(&app, o.keys[0])),
                // At either end of the conversation, one of the two directions scrolls.
                Action::ScrollOlder | Action::ScrollNewer => keymap::footer_for(&contexts)
                    .iter()
                    .filter(|o| matches!(o.action, Action::ScrollOlder | Action::ScrollNewer))
                    .any(|o| does_something(&app, o.keys[0])),
                _ => does_something(&app, b.keys[0]),
            };
            if !ok {
                failures.push(format!(
                    "{name}: footer offers {} {} but it does nothing",
                    b.label, b.desc
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_key_the_router_honours_is_offered() {
    let help = bloocard::tui::ui::help::shown();
    let mut failures = Vec::new();
    for (name, app) in states() {
        let contexts = app.contexts();
        let footer = keymap::footer_for(&contexts);
        for spec in keymap::all().flat_map(|b| b.keys.iter().copied()) {
            let Some((context, action)) = keymap::route(&contexts, &keymap::key_event(spec)) else {
                continue;
            };
            let offered = footer
                .iter()
                .any(|b| b.context == context && b.action == action)
                || help.contains(&context);
            if !offered {
                failures.push(format!(
                    "{name}: {spec:?} does {action:?} ({context:?}) unannounced"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_footer_says_what_ctrl_s_does() {
    let card = app_with_card(SIZE);
    let composer = with(app_with_card(SIZE), [key(KeyCode::BackTab)]);
    let footer = |app: &App| {
        render(app, SIZE.0, SIZE.1)
            .to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(footer(&card).contains("^S save"), "{}", footer(&card));
    assert!(
        footer(&composer).contains("^S send"),
        "{}",
        footer(&composer)
    );
}
