//! The composer shows the conversation: a chat picked (^P) or left in the chat field loads its
//! recent messages, drawn above the message field, newest at the bottom, with direction, time ago
//! and delivery status; a send reloads them; long ones scroll (PgUp/PgDn, the wheel with
//! --mouse); hostile text never reaches the screen; a failed load says why and sending still works.

use crate::tui_support::*;
use bloocard::api::{Chat, Message, SendResponse};
use bloocard::tui::app::{App, AppConfig};
use bloocard::tui::keymap::{self, Context};
use bloocard::tui::msg::{Cmd, DraftCmd, ErrorInfo, Msg, ReqId, WorkerCmd};
use crossterm::event::{KeyCode, KeyModifiers, MouseEvent, MouseEventKind};
use insta::assert_snapshot;

const CHAT: &str = "+15557654321";
const MID: (u16, u16) = (120, 40);
const WIDE: (u16, u16) = (160, 50);
const SMALL: (u16, u16) = (80, 24);

fn snap(app: &App, size: (u16, u16)) -> String {
    render(app, size.0, size.1).to_string()
}

/// `minutes` before the tests' fixed now, in ms since the epoch.
fn ago(minutes: i64) -> i64 {
    now().timestamp_millis() - minutes * 60_000
}

fn msg(id: &str, outbound: bool, minutes_ago: i64, text: &str, status: &str) -> Message {
    Message {
        message_id: Some(id.into()),
        direction: Some(if outbound { "outbound" } else { "inbound" }.into()),
        text: Some(text.into()),
        time_sent: Some(ago(minutes_ago)),
        status: Some(status.into()),
        ..Default::default()
    }
}

/// A short conversation, oldest first, with every kind of status.
fn few() -> Vec<Message> {
    vec![
        msg(
            "m1",
            false,
            2 * 24 * 60,
            "Is there still space in Thursday's class?",
            "delivered",
        ),
        msg(
            "m2",
            true,
            2 * 24 * 60 - 5,
            "Yes: two spots left at 6:30pm. Shall I hold one?",
            "delivered",
        ),
        msg("m3", false, 3 * 60, "Yes please, just me 🙂", "delivered"),
        Message {
            error: Some("the recipient's carrier rejected the message".into()),
            ..msg(
                "m4",
                true,
                40,
                "Reminder: class starts at 6:30 tomorrow.",
                "failed",
            )
        },
        msg("m5", true, 2, "Parking is behind the studio.", "sent"),
    ]
}

fn long() -> Vec<Message> {
    (0..40)
        .map(|i| {
            msg(
                &format!("m{i}"),
                i % 3 != 0,
                (40 - i) * 90,
                &format!("Message number {i}: the kiln is at cone {i}, glaze looks good."),
                "delivered",
            )
        })
        .collect()
}

/// The composer focused on the chat field, with the card loaded.
fn composer(size: (u16, u16)) -> App {
    let mut app = app_with_card(size);
    feed(&mut app, [key(KeyCode::BackTab)]);
    app
}

fn history_id(cmds: &[Cmd]) -> (ReqId, String) {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Worker(WorkerCmd::LoadHistory { id, chat }) => Some((*id, chat.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a LoadHistory command in {cmds:?}"))
}

/// Types `CHAT` into the chat field and leaves it (Enter): the history is requested.
fn typed_chat(size: (u16, u16)) -> (App, ReqId) {
    let mut app = composer(size);
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, CHAT);
    let cmds = feed(&mut app, [key(KeyCode::Enter)]);
    let (id, chat) = history_id(&cmds);
    assert_eq!(chat, CHAT);
    (app, id)
}

fn with_history(size: (u16, u16), messages: Vec<Message>) -> App {
    let (mut app, id) = typed_chat(size);
    assert!(
        app.update(Msg::History {
            id,
            result: Ok(messages)
        })
        .is_empty()
    );
    app
}

fn failed_load() -> ErrorInfo {
    ErrorInfo {
        status: Some(503),
        code: Some("unavailable".into()),
        sentence: "Blooio is unavailable (HTTP 503 unavailable: \"try again later\")".into(),
    }
}

#[test]
fn leaving_the_chat_field_with_a_valid_chat_loads_its_history_once() {
    let (mut app, id) = typed_chat(MID);
    assert!(app.composer.history.as_ref().unwrap().load.is_loading());
    app.update(Msg::History {
        id,
        result: Ok(few()),
    });
    // Back into the field and out again, unchanged: nothing new to load.
    let cmds = feed(
        &mut app,
        [key(KeyCode::Up), key(KeyCode::Enter), key(KeyCode::Enter)],
    );
    assert!(
        !cmds
            .iter()
            .any(|c| matches!(c, Cmd::Worker(WorkerCmd::LoadHistory { .. }))),
        "{cmds:?}"
    );
    // An invalid chat loads nothing, and the old history is no longer shown.
    let mut bad = composer(MID);
    feed(&mut bad, [key(KeyCode::Enter)]);
    type_text(&mut bad, "not a chat");
    let cmds = feed(&mut bad, [key(KeyCode::Enter)]);
    assert!(
        !cmds
            .iter()
            .any(|c| matches!(c, Cmd::Worker(WorkerCmd::LoadHistory { .. })))
    );
    assert!(bad.composer.shown_history().is_none());
}

#[test]
fn picking_a_chat_loads_its_history_and_a_stale_answer_is_dropped() {
    let mut app = composer(MID);
    let id = match feed(&mut app, [ctrl('p')]).as_slice() {
        [Cmd::Worker(WorkerCmd::LoadChats { id })] => *id,
        other => panic!("{other:?}"),
    };
    app.update(Msg::Chats {
        id,
        result: Ok(vec![
            Chat {
                id: Some(CHAT.into()),
                ..Default::default()
            },
            Chat {
                id: Some("+15550001111".into()),
                ..Default::default()
            },
        ]),
    });
    let (first, chat) = history_id(&feed(&mut app, [key(KeyCode::Enter)]));
    assert_eq!(chat, CHAT);
    // Pick the other chat before the first answer arrives: last one wins.
    feed(&mut app, [ctrl('p')]);
    let (second, chat) = history_id(&feed(&mut app, [key(KeyCode::Down), key(KeyCode::Enter)]));
    assert_eq!(chat, "+15550001111");
    app.update(Msg::History {
        id: first,
        result: Ok(few()),
    });
    assert!(app.composer.history.as_ref().unwrap().messages.is_empty());
    app.update(Msg::History {
        id: second,
        result: Ok(few()[..2].to_vec()),
    });
    assert_eq!(app.composer.shown_history().unwrap().messages.len(), 2);
}

#[test]
fn a_send_reloads_the_history_and_its_status_follows() {
    let mut app = with_history(MID, few());
    feed(&mut app, [key(KeyCode::Enter)]); // the message field
    type_text(&mut app, "See you then");
    let cmds = feed(&mut app, [ctrl('s')]);
    let id = match cmds.as_slice() {
        [Cmd::Worker(WorkerCmd::Send { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    let cmds = app.update(Msg::Sent {
        id,
        result: Ok(SendResponse {
            message_id: Some("m6".into()),
            status: Some("queued".into()),
            ..Default::default()
        }),
    });
    let (hid, chat) = history_id(&cmds);
    assert_eq!(chat, CHAT);
    let mut after = few();
    after.push(msg("m6", true, 0, "See you then", "queued"));
    app.update(Msg::History {
        id: hid,
        result: Ok(after),
    });
    let poll = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Worker(WorkerCmd::PollStatus { id, .. }) => Some(*id),
            _ => None,
        })
        .expect("the send is followed");
    app.update(Msg::Status {
        id: poll,
        result: Ok(bloocard::api::MessageStatus {
            status: Some("delivered".into()),
            ..Default::default()
        }),
    });
    let last = app
        .composer
        .shown_history()
        .unwrap()
        .messages
        .last()
        .unwrap();
    assert_eq!(last.status.as_deref(), Some("delivered"));
    let screen = snap(&app, MID);
    assert!(screen.contains("See you then  ✓ delivered"), "{screen}");
}

#[test]
fn a_failed_load_says_why_and_sending_still_works() {
    let (mut app, id) = typed_chat(SMALL);
    app.update(Msg::History {
        id,
        result: Err(failed_load()),
    });
    assert_snapshot!(snap(&app, SMALL));
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "hello");
    let cmds = feed(&mut app, [ctrl('s')]);
    assert!(
        matches!(cmds.as_slice(), [Cmd::Worker(WorkerCmd::Send { .. })]),
        "{cmds:?}"
    );
    // `r` (outside the field) tries again.
    let mut app = with_history(SMALL, few());
    app.update(Msg::History {
        id: 0,
        result: Err(failed_load()),
    });
    feed(&mut app, [key(KeyCode::Esc)]);
    let cmds = feed(&mut app, [ch('r')]);
    history_id(&cmds);
}

#[test]
fn snapshot_empty_history() {
    assert_snapshot!(snap(&with_history(MID, Vec::new()), MID));
}

#[test]
fn snapshot_a_few_messages() {
    assert_snapshot!(snap(&with_history(MID, few()), MID));
}

#[test]
fn snapshot_a_few_messages_at_80x24() {
    assert_snapshot!(snap(&with_history(SMALL, few()), SMALL));
}

#[test]
fn snapshot_a_few_messages_wide() {
    assert_snapshot!(snap(&with_history(WIDE, few()), WIDE));
}

#[test]
fn a_long_history_scrolls_with_page_keys_and_offers_them() {
    let mut app = with_history(WIDE, long());
    feed(&mut app, [key(KeyCode::Esc)]);
    let footer = |app: &App| snap(app, WIDE).lines().last().unwrap().to_owned();
    assert!(footer(&app).contains("PgUp older"), "{}", footer(&app));
    assert_eq!(app.composer.shown_history().unwrap().scroll, 0);
    feed(&mut app, [key(KeyCode::PageUp)]);
    let scrolled = app.composer.shown_history().unwrap().scroll;
    assert!(scrolled > 0);
    assert_snapshot!(snap(&app, WIDE));
    // As far as it goes, and no further.
    feed(&mut app, (0..40).map(|_| key(KeyCode::PageUp)));
    let top = snap(&app, WIDE);
    assert!(top.contains("Message number 0:"), "{top}");
    feed(&mut app, (0..40).map(|_| key(KeyCode::PageDown)));
    assert_eq!(app.composer.shown_history().unwrap().scroll, 0);
    assert!(snap(&app, WIDE).contains("Message number 39:"));
    // Scrolling works while typing the message too.
    feed(&mut app, [key(KeyCode::Enter)]);
    assert!(app.composer.editing);
    feed(&mut app, [key(KeyCode::PageUp)]);
    assert!(app.composer.shown_history().unwrap().scroll > 0);
}

#[test]
fn a_short_history_does_not_offer_scrolling() {
    let app = with_history(WIDE, few());
    assert!(!app.contexts().contains(&Context::History));
    assert!(!snap(&app, WIDE).contains("PgUp"));
}

fn wheel(app: &mut App, up: bool, column: u16, row: u16) {
    app.update(Msg::Mouse(MouseEvent {
        kind: if up {
            MouseEventKind::ScrollUp
        } else {
            MouseEventKind::ScrollDown
        },
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

#[test]
fn the_wheel_scrolls_the_history_with_mouse_on() {
    let build = |mouse| {
        let mut app = App::new(
            AppConfig {
                mouse,
                ..Default::default()
            },
            now(),
        );
        app.size = WIDE;
        let id = numbers_id(&app.init());
        let (id, _) = card_request(&app.update(Msg::Numbers {
            id,
            result: Ok(fixture_numbers()),
        }));
        app.update(Msg::Card {
            id,
            result: Ok(card("John", "Doe", None)),
        });
        feed(&mut app, [key(KeyCode::BackTab), key(KeyCode::Enter)]);
        type_text(&mut app, CHAT);
        let (id, _) = history_id(&feed(&mut app, [key(KeyCode::Enter)]));
        app.update(Msg::History {
            id,
            result: Ok(long()),
        });
        app
    };
    let rows = bloocard::tui::layout::composer_rows_for(WIDE, &build(true).composer).unwrap();
    let (x, y) = (rows.history.x + 5, rows.history.y + 2);
    let mut app = build(true);
    wheel(&mut app, true, x, y);
    assert_eq!(app.composer.shown_history().unwrap().scroll, 3);
    wheel(&mut app, false, x, y);
    assert_eq!(app.composer.shown_history().unwrap().scroll, 0);
    // Off the history, or without --mouse, the wheel does nothing.
    wheel(&mut app, true, 1, 1);
    assert_eq!(app.composer.shown_history().unwrap().scroll, 0);
    let mut off = build(false);
    wheel(&mut off, true, x, y);
    assert_eq!(off.composer.shown_history().unwrap().scroll, 0);
}

#[test]
fn hostile_history_text_never_reaches_the_screen() {
    let hostile = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\u{202E}evil\r\x08\x00";
    let messages = vec![Message {
        message_id: Some(format!("id{hostile}")),
        direction: Some("outbound".into()),
        text: Some(format!("hello {hostile} world")),
        sender: Some(hostile.into()),
        time_sent: Some(ago(5)),
        status: Some(format!("failed{hostile}")),
        error: Some(format!("carrier said {hostile}")),
        ..Default::default()
    }];
    for size in [SMALL, MID, WIDE] {
        let app = with_history(size, messages.clone());
        let buffer = render(&app, size.0, size.1);
        for cell in buffer.buffer().content() {
            assert!(
                !cell.symbol().chars().any(bloocard::sanitize::is_unsafe),
                "unsafe cell {:?} at {size:?}",
                cell.symbol()
            );
        }
        if size != SMALL {
            assert!(
                buffer.to_string().contains("world"),
                "{}",
                buffer.to_string()
            );
        }
    }
}

#[test]
fn the_help_overlay_lists_the_history_keys() {
    let mut app = composer(MID);
    feed(&mut app, [ch('?')]);
    // The help joins a key to its words with no-break spaces.
    let screen = snap(&app, MID).replace('\u{a0}', " ");
    assert!(screen.contains("PgUp"), "{screen}");
    assert!(screen.contains("reload chat"), "{screen}");
    assert_eq!(
        keymap::label(Context::History, keymap::Action::ScrollOlder),
        "PgUp"
    );
}

#[test]
fn a_restored_draft_loads_the_conversation_of_its_chat() {
    let mut app = App::new(
        AppConfig {
            drafts: true,
            ..Default::default()
        },
        now(),
    );
    app.size = MID;
    let id = numbers_id(&app.init());
    let (id, _) = card_request(&app.update(Msg::Numbers {
        id,
        result: Ok(fixture_numbers()),
    }));
    let draft_id = app
        .update(Msg::Card {
            id,
            result: Ok(card("John", "Doe", None)),
        })
        .iter()
        .find_map(|c| match c {
            Cmd::Draft(DraftCmd::Load { id, .. }) => Some(*id),
            _ => None,
        })
        .expect("the draft is looked for");
    app.update(Msg::Draft {
        id: draft_id,
        draft: Some(bloocard::tui::draft::Draft {
            number: "+15551230001".into(),
            saved_at_ms: now().timestamp_millis(),
            card: Default::default(),
            composer: Some(bloocard::tui::draft::ComposerDraft {
                chat: CHAT.into(),
                message: "half-written".into(),
                ..Default::default()
            }),
        }),
    });
    let cmds = feed(&mut app, [ch('y')]);
    let (id, chat) = history_id(&cmds);
    assert_eq!(chat, CHAT);
    app.update(Msg::History {
        id,
        result: Ok(few()),
    });
    assert!(snap(&app, MID).contains("Parking is behind the studio."));
}
