//! Flows through `App::update`: keys in, the exact commands out, results fed back, and what the
//! operator then sees. No terminal and no network: the worker's part is played by the test.

use crate::tui_support::*;
use bloocard::api::{CardUpdate, CardUpdateResponse, MessageText, SendResponse, SharingUpdate};
use bloocard::tui::app::{App, AppConfig, Confirm, Exit, Modal, Pane, SETTLE};
use bloocard::tui::msg::{Cmd, ErrorInfo, Msg, WorkerCmd};
use bloocard::tui::state::Load;
use bloocard::tui::state::card::CardField;
use crossterm::event::KeyCode;
use insta::assert_snapshot;

/// A name over the API's limit is refused on ^S with the rule, before any request (issue 19):
/// the server's 400 would have been cut on the status line.
#[test]
fn a_name_over_the_limit_is_refused_before_saving() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, &"x".repeat(bloocard::validate::NAME_MAX_CHARS));
    let cmds = feed(&mut app, [ctrl('s')]);
    assert!(cmds.is_empty(), "nothing is sent: {cmds:?}");
    let toast = app.toast.as_ref().expect("says why");
    assert_eq!(toast.tone, bloocard::tui::state::overlay::Tone::Error);
    assert_eq!(
        toast.text,
        "Not saved: the first name has 68 characters, more than the 64 allowed"
    );
    assert!(app.card.is_dirty(), "the edit is kept");
    // Back under the limit, ^S saves.
    feed(&mut app, (0..4).map(|_| key(KeyCode::Backspace)));
    let cmds = feed(&mut app, [ctrl('s')]);
    assert!(
        matches!(cmds.as_slice(), [Cmd::Worker(WorkerCmd::SaveCard { .. })]),
        "{cmds:?}"
    );
}

#[test]
fn edit_name_save_sends_only_the_change_then_rereads() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    feed(&mut app, (0..4).map(|_| key(KeyCode::Backspace)));
    type_text(&mut app, "Jane");
    assert!(app.card.is_dirty());

    let cmds = feed(&mut app, [ctrl('s')]);
    let id = match cmds.as_slice() {
        [Cmd::Worker(WorkerCmd::SaveCard { id, number, update })] => {
            assert_eq!(number, "+15551230001");
            assert_eq!(
                update,
                &CardUpdate {
                    first_name: Some("Jane".into()),
                    ..Default::default()
                }
            );
            *id
        }
        other => panic!("expected one SaveCard, got {other:?}"),
    };
    assert!(app.animating(), "a spinner runs while saving");

    let cmds = app.update(Msg::Saved {
        id,
        result: Ok(CardUpdateResponse {
            success: Some(true),
            first_name: Some("Jane".into()),
            last_name: Some("Doe".into()),
            ..Default::default()
        }),
    });
    let (reread, number) = card_request(&cmds);
    assert_eq!(number, "+15551230001");
    assert!(!app.card.is_dirty(), "what was saved is the new baseline");

    app.update(Msg::Card {
        id: reread,
        result: Ok(card("Jane", "Doe", None)),
    });
    assert!(!app.animating(), "idle again: no tick, no CPU");
    assert_eq!(app.card.first.text(), "Jane");
}

#[test]
fn sharing_toggles_send_only_sharing_and_revert_restores() {
    let mut app = app_with_card((100, 30));
    feed(
        &mut app,
        [key(KeyCode::Tab), key(KeyCode::Down), key(KeyCode::Down)],
    );
    assert_eq!(app.card.field, CardField::Sharing);
    feed(&mut app, [ch(' '), ch('j'), key(KeyCode::Enter)]);
    assert_eq!(app.card.recipients_see(), "nobody (sharing is off)");
    feed(&mut app, [ch('j'), ch(' ')]);
    let mut shared = app.clone();
    shared.card.edits.sharing = Some(true);
    assert_eq!(
        shared.card.recipients_see(),
        "John",
        "the line follows the name format"
    );
    let update = match feed(&mut app, [ctrl('s')]).as_slice() {
        [Cmd::Worker(WorkerCmd::SaveCard { update, .. })] => update.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        update,
        CardUpdate {
            sharing: Some(SharingUpdate {
                enabled: Some(false),
                audience: Some(1),
                name_format: Some(1),
            }),
            ..Default::default()
        }
    );

    // A second copy of the app, unsaved: Esc keeps the typed text, U reverts after a question.
    let mut other = app_with_card((100, 30));
    feed(
        &mut other,
        [
            key(KeyCode::Tab),
            key(KeyCode::Enter),
            ch('x'),
            key(KeyCode::Esc),
            key(KeyCode::Down),
            key(KeyCode::Down),
            ch(' '),
        ],
    );
    assert_eq!(other.card.first.text(), "Johnx", "Esc kept the text");
    assert!(other.card.is_dirty());
    feed(&mut other, [key(KeyCode::Esc)]);
    assert!(
        other.card.is_dirty(),
        "Esc outside editing throws nothing away"
    );
    feed(&mut other, [ch('U')]);
    assert_eq!(other.modal, Some(Modal::Confirm(Confirm::RevertCard)));
    feed(&mut other, [ch('y')]);
    assert!(!other.card.is_dirty());
    assert_eq!(other.card.first.text(), "John");
    let toast = other.toast.as_ref().expect("says what it reverted");
    assert_eq!(toast.text, "Reverted the first name and sharing");
}

#[test]
fn failed_save_keeps_edits_and_explains_the_plan() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "ny");
    let id = save_id(&feed(&mut app, [ctrl('s')]));
    let cmds = app.update(Msg::Saved {
        id,
        result: Err(ErrorInfo {
            status: Some(403),
            code: None,
            sentence: "Blooio refused this request (HTTP 403)".into(),
        }),
    });
    assert!(cmds.is_empty(), "no re-read after a failure");
    assert_eq!(app.card.first.text(), "Johnny", "the edit survives");
    let err = app
        .card
        .save_error
        .clone()
        .expect("error kept for the pane");
    assert!(err.sentence.contains("Dedicated plan"), "{}", err.sentence);
    feed(&mut app, [key(KeyCode::Down), key(KeyCode::Down), ch('d')]);
    assert!(matches!(app.modal, Some(Modal::Details(ref d)) if d.contains("HTTP status: 403")));
}

#[test]
fn plan_gated_number_keeps_names_read_only_but_sharing_editable() {
    let (mut app, _) = app_with_numbers((100, 30));
    feed(&mut app, [key(KeyCode::Down), key(KeyCode::Down)]);
    let (id, number) = card_request(&feed(&mut app, [key(KeyCode::Enter)]));
    assert_eq!(number, "+15551230003");
    app.update(Msg::Card {
        id,
        result: Ok(card("Shared", "Line", None)),
    });
    feed(&mut app, [key(KeyCode::Tab)]);
    assert_eq!(
        app.card.field,
        CardField::Sharing,
        "focus skips the read-only names"
    );
    feed(&mut app, [key(KeyCode::Up), ch('a'), ch('b')]);
    assert_eq!(app.card.first.text(), "Shared");
    assert!(!app.card.is_dirty());
    let cmds = feed(&mut app, [ch('p')]);
    assert!(cmds.is_empty());
    assert!(app.card.path_input.is_none(), "no photo on a shared plan");
    feed(&mut app, [key(KeyCode::Down), ch(' ')]);
    match feed(&mut app, [ctrl('s')]).as_slice() {
        [Cmd::Worker(WorkerCmd::SaveCard { update, .. })] => {
            assert!(!update.touches_name_or_photo())
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn stale_card_results_are_dropped() {
    let (mut app, first_id) = app_with_numbers((100, 30));
    feed(&mut app, [key(KeyCode::Down)]);
    let (second_id, number) = card_request(&feed(&mut app, [key(KeyCode::Enter)]));
    assert_eq!(number, "+15551230002");
    // The first number's card arrives late: it must not land on the second number.
    app.update(Msg::Card {
        id: first_id,
        result: Ok(card("Old", "Card", None)),
    });
    assert!(app.card.load.is_loading());
    app.update(Msg::Card {
        id: second_id,
        result: Ok(card("New", "Card", None)),
    });
    assert_eq!(app.card.first.text(), "New");
    assert_eq!(app.card.number.as_deref(), Some("+15551230002"));
}

#[test]
fn moving_the_selection_loads_only_after_it_settles() {
    let (mut app, id) = app_with_numbers((100, 30));
    app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", None)),
    });
    let seq = |cmds: Vec<Cmd>| match cmds.as_slice() {
        [Cmd::Worker(WorkerCmd::Debounce { seq, after })] if *after == SETTLE => *seq,
        other => panic!("expected one Debounce, got {other:?}"),
    };
    let first = seq(feed(&mut app, [key(KeyCode::Down)]));
    let second = seq(feed(&mut app, [ch('j')]));
    assert_ne!(first, second);
    assert!(
        app.update(Msg::SelectionSettled { seq: first }).is_empty(),
        "superseded"
    );
    let (_, number) = card_request(&app.update(Msg::SelectionSettled { seq: second }));
    assert_eq!(number, "+15551230003");
}

#[test]
fn switching_number_with_unsaved_edits_asks_first() {
    let mut app = app_with_card((100, 30));
    feed(
        &mut app,
        [
            key(KeyCode::Tab),
            key(KeyCode::Enter),
            ch('!'),
            key(KeyCode::Esc),
            key(KeyCode::BackTab),
            key(KeyCode::Down),
        ],
    );
    assert!(feed(&mut app, [key(KeyCode::Enter)]).is_empty());
    assert!(matches!(app.modal, Some(Modal::Confirm(_))));
    assert!(feed(&mut app, [ch('n')]).is_empty());
    assert_eq!(
        app.card.first.text(),
        "John!",
        "still there after saying no"
    );
    // Declined: the cursor went back to the number shown (issue 19 bug 7).
    assert_eq!(app.numbers.selected.as_deref(), Some("+15551230001"));
    feed(&mut app, [key(KeyCode::Down), key(KeyCode::Enter)]);
    let (_, number) = card_request(&feed(&mut app, [ch('y')]));
    assert_eq!(number, "+15551230002");
}

#[test]
fn quit_asks_when_unsaved_and_not_otherwise() {
    let mut app = app_with_card((100, 30));
    assert!(feed(&mut app, [ch('q')]).is_empty());
    assert_eq!(app.exit, Some(Exit::Quit));

    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "q");
    assert_eq!(app.card.first.text(), "Johnq", "q types in a text field");
    assert_eq!(app.exit, None);
    assert!(feed(&mut app, [ctrl('c')]).is_empty());
    assert!(matches!(app.modal, Some(Modal::Confirm(_))));
    assert!(feed(&mut app, [ch('y')]).is_empty());
    assert_eq!(app.exit, Some(Exit::Quit));
}

#[test]
fn send_uses_selected_number_one_key_and_follows_status() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::BackTab)]);
    assert_eq!(app.focus, Pane::Composer);
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "+15557654321");
    feed(&mut app, [key(KeyCode::Enter), ch('i')]);
    type_text(&mut app, "hello");
    feed(&mut app, [key(KeyCode::Down), key(KeyCode::Down), ch(' ')]);
    let (id, key1, body) = match feed(&mut app, [ctrl('s')]).as_slice() {
        [
            Cmd::Worker(WorkerCmd::Send {
                id,
                chat,
                body,
                idempotency_key,
            }),
        ] => {
            assert_eq!(chat, "+15557654321");
            (*id, idempotency_key.clone(), body.clone())
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(body.from_number.as_deref(), Some("+15551230001"));
    assert_eq!(body.share_contact, Some(true));
    assert_eq!(body.text, Some(MessageText::One("hello".into())));

    // No answer (timeout): retrying the same message reuses the key.
    app.update(Msg::Sent {
        id,
        result: Err(ErrorInfo::message(
            "the request timed out after 30 s without an answer",
        )),
    });
    assert_eq!(app.composer.message.text(), "hello", "nothing lost");
    let (id, key2) = match feed(&mut app, [ctrl('s')]).as_slice() {
        [
            Cmd::Worker(WorkerCmd::Send {
                id,
                idempotency_key,
                ..
            }),
        ] => (*id, idempotency_key.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(key1, key2);

    let cmds = app.update(Msg::Sent {
        id,
        result: Ok(SendResponse {
            message_id: Some("msg_1".into()),
            status: Some("queued".into()),
            ..Default::default()
        }),
    });
    // The conversation is read again (issue 12), and the sent message is followed.
    assert!(
        matches!(&cmds[0], Cmd::Worker(WorkerCmd::LoadHistory { chat, .. }) if chat == "+15557654321"),
        "{cmds:?}"
    );
    let mut poll = match &cmds[1..] {
        [
            Cmd::Worker(WorkerCmd::PollStatus {
                id,
                message_id,
                chat,
                ..
            }),
        ] => {
            assert_eq!(
                (message_id.as_str(), chat.as_str()),
                ("msg_1", "+15557654321")
            );
            *id
        }
        other => panic!("{other:?}"),
    };
    assert!(
        !app.composer.has_unsent(),
        "the composer is cleared after a send"
    );
    let status = |s: &str| bloocard::api::MessageStatus {
        status: Some(s.into()),
        ..Default::default()
    };
    let cmds = app.update(Msg::Status {
        id: poll,
        result: Ok(status("sent")),
    });
    match cmds.as_slice() {
        [Cmd::Worker(WorkerCmd::PollStatus { id, after, .. })] => {
            assert!(*after > std::time::Duration::from_secs(1), "backs off");
            poll = *id;
        }
        other => panic!("{other:?}"),
    }
    assert!(
        app.update(Msg::Status {
            id: poll,
            result: Ok(status("delivered"))
        })
        .is_empty()
    );
    assert_eq!(app.composer.sent.as_ref().unwrap().status, "delivered");
}

#[test]
fn following_a_status_stops_after_a_bounded_number_of_polls() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::BackTab), key(KeyCode::Enter)]);
    type_text(&mut app, "+15557654321");
    feed(&mut app, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    type_text(&mut app, "hi");
    let id = match feed(&mut app, [ctrl('s')]).as_slice() {
        [Cmd::Worker(WorkerCmd::Send { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    let mut cmds = app.update(Msg::Sent {
        id,
        result: Ok(SendResponse {
            message_id: Some("m".into()),
            ..Default::default()
        }),
    });
    // The conversation is read again (issue 12); answer it, then follow the polls.
    if let Some(Cmd::Worker(WorkerCmd::LoadHistory { id, .. })) = cmds.first() {
        let id = *id;
        cmds.remove(0);
        app.update(Msg::History {
            id,
            result: Ok(Vec::new()),
        });
    }
    let mut polls = 0;
    while let [Cmd::Worker(WorkerCmd::PollStatus { id, .. })] = cmds.as_slice() {
        polls += 1;
        assert!(polls <= 20, "never ends");
        let id = *id;
        cmds = app.update(Msg::Status {
            id,
            result: Ok(bloocard::api::MessageStatus {
                status: Some("queued".into()),
                ..Default::default()
            }),
        });
    }
    assert_eq!(polls, bloocard::tui::state::composer::MAX_POLLS);
    assert!(!app.animating());
}

#[test]
fn invalid_send_is_refused_with_a_reason() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::BackTab), ch('i')]);
    type_text(&mut app, "not-a-chat");
    assert!(feed(&mut app, [ctrl('s')]).is_empty());
    assert!(
        app.toast
            .as_ref()
            .unwrap()
            .text
            .contains("Not sent: \"not-a-chat\" is not a chat: an E.164 phone")
    );
}

#[test]
fn paste_into_a_name_drops_newlines() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::Tab)]);
    app.update(Msg::Paste("ny\nBoy\r\n".into()));
    assert_eq!(app.card.first.text(), "JohnnyBoy");
}

#[test]
fn from_number_preselects_the_operators_number() {
    let mut app = App::new(
        AppConfig {
            from_number: Some("+15551230004".into()),
            ..Default::default()
        },
        now(),
    );
    let id = numbers_id(&app.init());
    let (_, number) = card_request(&app.update(Msg::Numbers {
        id,
        result: Ok(fixture_numbers()),
    }));
    assert_eq!(number, "+15551230004");
}

#[test]
fn server_strings_are_stripped_of_escapes_before_drawing() {
    let mut app = new_app();
    let id = numbers_id(&app.init());
    let mut numbers = fixture_numbers();
    numbers[0].plan_kind = Some("evil\x1b]0;pwned\x07".into());
    let cmds = app.update(Msg::Numbers {
        id,
        result: Ok(numbers),
    });
    let (id, _) = card_request(&cmds);
    app.update(Msg::Card {
        id,
        result: Ok(card("Jo\x1b[2Jhn", "D\u{202e}oe", None)),
    });
    let screen = render(&app, 100, 30).to_string();
    assert!(!screen.contains('\x1b') && !screen.contains('\u{202e}'));
    // Whole sequences go, parameters and payload too (issue 19: `[2J` used to stay).
    assert!(screen.contains("John"), "{screen}");
    assert!(screen.contains(" evil "), "{screen}");
    assert!(
        !screen.contains("[2J") && !screen.contains("pwned"),
        "{screen}"
    );
}

#[test]
fn idle_app_does_not_animate() {
    let mut app = new_app();
    app.init();
    assert!(app.animating());
    let app = app_with_card((100, 30));
    assert!(!app.animating(), "no tick when nothing moves");
}

#[test]
fn photo_flow_previews_then_saves_with_the_avatar() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::Tab)]);
    feed(&mut app, (0..5).map(|_| key(KeyCode::Down)));
    assert_eq!(app.card.field, CardField::SetPhoto);
    set_photo_from(&mut app, "/tmp/face.png");
    assert!(app.card.photo_dirty());
    match feed(&mut app, [ctrl('s')]).as_slice() {
        [Cmd::Worker(WorkerCmd::SaveCard { update, .. })] => {
            assert_eq!(update.avatar.as_deref(), Some("QUJD"));
            assert!(update.first_name.is_none());
        }
        other => panic!("{other:?}"),
    }
    assert_snapshot!(render(&app, 100, 30).to_string());
}

#[test]
fn ctrl_c_quits_from_the_help_overlay_too() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [ch('?')]);
    assert_eq!(app.modal, Some(Modal::Help));
    assert!(feed(&mut app, [ctrl('c')]).is_empty());
    assert_eq!(app.exit, Some(Exit::Quit));
}

#[test]
fn mouse_clicks_focus_select_and_toggle_only_with_mouse_enabled() {
    let mut app = app_with_card((100, 30));
    // Without --mouse, clicks do nothing.
    assert!(feed(&mut app, [click(5, 3)]).is_empty());
    assert_eq!(app.numbers.selected.as_deref(), Some("+15551230001"));

    app.config.mouse = true;
    // Row 3 of the screen is the second number (border, filter line, first number).
    let (_, number) = card_request(&feed(&mut app, [click(5, 3)]));
    assert_eq!(number, "+15551230002");
    let id = app.card.reading.current().expect("the card is being read");
    app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", None)),
    });
    // In the card pane (x ≥ 34 at 100 columns), row 3 inside the border is the sharing checkbox.
    feed(&mut app, [click(40, 3)]);
    assert_eq!(app.focus, Pane::Card);
    assert_eq!(app.card.field, CardField::Sharing);
    assert_eq!(app.card.edits.sharing, Some(false), "the click toggled it");
    // The composer sits under the card at this width.
    feed(&mut app, [click(60, 25)]);
    assert_eq!(app.focus, Pane::Composer);
}

#[test]
fn a_click_in_a_scrolled_number_list_picks_the_number_drawn_there() {
    let mut app = new_app();
    app.size = (100, 30);
    app.config.mouse = true;
    let id = numbers_id(&app.init());
    // 40 numbers; 24 rows fit in the list at this size.
    let many: Vec<_> = (0..40)
        .map(|i| number(&format!("+1555123{i:04}"), true, None, Some("dedicated")))
        .collect();
    let (card_id, _) = card_request(&app.update(Msg::Numbers {
        id,
        result: Ok(many),
    }));
    app.update(Msg::Card {
        id: card_id,
        result: Ok(card("John", "Doe", None)),
    });
    feed(&mut app, (0..30).map(|_| key(KeyCode::Down)));
    assert_eq!(app.numbers.selected.as_deref(), Some("+15551230030"));

    // Screen row 2 is the first list row; scrolled, it shows number 7, not number 0.
    let screen = render(&app, 100, 30);
    let drawn: String = (1..33)
        .map(|x| screen.buffer()[(x, 2)].symbol().to_owned())
        .collect();
    assert!(drawn.contains("+15551230007"), "{drawn}");
    let (_, loaded) = card_request(&feed(&mut app, [click(5, 2)]));
    assert_eq!(loaded, "+15551230007");
    assert_eq!(app.numbers.selected.as_deref(), Some("+15551230007"));
    // The list does not jump: the clicked row stays where it was clicked.
    let screen = render(&app, 100, 30);
    let drawn: String = (1..33)
        .map(|x| screen.buffer()[(x, 2)].symbol().to_owned())
        .collect();
    assert!(drawn.contains("›● +15551230007"), "{drawn}");

    // The last row on screen is the selected one before the click.
    let mut app2 = app.clone();
    app2.numbers.selected = Some("+15551230030".into());
    let screen = render(&app2, 100, 30);
    let bottom: String = (1..33)
        .map(|x| screen.buffer()[(x, 25)].symbol().to_owned())
        .collect();
    assert!(bottom.contains("+15551230030"), "{bottom}");
    // Below the list (the details lines) a click selects nothing.
    app2.card.number = None;
    assert!(feed(&mut app2, [click(5, 26)]).is_empty());
    assert_eq!(app2.numbers.selected.as_deref(), Some("+15551230030"));
}

#[test]
fn save_avatar_suggests_a_path_and_ctrl_u_clears_it() {
    let (mut app, id) = app_with_numbers((100, 30));
    let avatar = bloocard::avatar::encode_base64(&png_bytes());
    app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", Some(avatar.clone()))),
    });
    feed(&mut app, [key(KeyCode::Tab)]);
    feed(&mut app, (0..6).map(|_| key(KeyCode::Down)));
    feed(&mut app, [key(KeyCode::Enter)]);
    let input = app.card.path_input.as_ref().expect("path field open");
    assert_eq!(input.field.text(), "~/avatar-15551230001.jpg");
    feed(&mut app, [ctrl('u')]);
    type_text(&mut app, "/tmp/a.jpg");
    match feed(&mut app, [key(KeyCode::Enter)]).as_slice() {
        [
            Cmd::Worker(WorkerCmd::WriteAvatar {
                base64,
                path,
                overwrite: false,
            }),
        ] => {
            assert_eq!(base64, &avatar);
            assert_eq!(path, &std::path::PathBuf::from("/tmp/a.jpg"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn tab_in_a_path_field_completes_from_the_worker_answer() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::Tab)]);
    feed(&mut app, (0..5).map(|_| key(KeyCode::Down)));
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "~/Pic");
    let id = match feed(&mut app, [key(KeyCode::Tab)]).as_slice() {
        [Cmd::Worker(WorkerCmd::CompletePath { id, typed })] => {
            assert_eq!(typed, "~/Pic");
            *id
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        app.focus,
        Pane::Card,
        "Tab completes here instead of changing pane"
    );
    app.update(Msg::Completions {
        id,
        typed: "~/Pic".into(),
        result: Ok(vec!["~/Pictures/".into()]),
    });
    assert_eq!(
        app.card.path_input.as_ref().unwrap().field.text(),
        "~/Pictures/"
    );

    type_text(&mut app, "me");
    let id = match feed(&mut app, [key(KeyCode::Tab)]).as_slice() {
        [Cmd::Worker(WorkerCmd::CompletePath { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    app.update(Msg::Completions {
        id,
        typed: "~/Pictures/me".into(),
        result: Ok(vec![
            "~/Pictures/me-2024.png".into(),
            "~/Pictures/me-2025.jpg".into(),
        ]),
    });
    let input = app.card.path_input.as_ref().unwrap();
    assert_eq!(input.field.text(), "~/Pictures/me-202", "the common prefix");
    assert_eq!(input.candidates.len(), 2);
    assert_snapshot!(render(&app, 100, 30).to_string());
}

#[test]
fn attachments_are_validated_added_and_removed() {
    let mut app = app_with_card((100, 30));
    feed(
        &mut app,
        [
            key(KeyCode::BackTab),
            key(KeyCode::Down),
            key(KeyCode::Down),
        ],
    );
    assert_eq!(
        app.composer.field,
        bloocard::tui::state::composer::ComposerField::Attachment
    );
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "http://plain.example/a.png");
    feed(&mut app, [key(KeyCode::Enter)]);
    assert!(app.composer.attachments.is_empty(), "http is refused");
    assert!(
        app.toast
            .as_ref()
            .is_some_and(|t| t.tone == bloocard::tui::state::overlay::Tone::Error)
    );
    feed(&mut app, [ctrl('u')]);
    type_text(&mut app, "https://cdn.example/a.png");
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "https://cdn.example/b.pdf");
    feed(&mut app, [key(KeyCode::Enter)]);
    assert_eq!(app.composer.attachments.len(), 2);
    feed(&mut app, [key(KeyCode::Delete)]);
    assert_eq!(app.composer.attachments, ["https://cdn.example/a.png"]);
}

#[test]
fn stage_only_shares_the_card_without_a_message() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::BackTab), key(KeyCode::Enter)]);
    type_text(&mut app, "grp_team42");
    let id = match feed(&mut app, [ctrl('t')]).as_slice() {
        [Cmd::Worker(WorkerCmd::StageShare { id, chat })] => {
            assert_eq!(chat, "grp_team42");
            *id
        }
        other => panic!("{other:?}"),
    };
    app.update(Msg::Staged {
        id,
        result: Ok(bloocard::api::ShareResponse {
            success: Some(true),
            ..Default::default()
        }),
    });
    assert!(
        app.composer
            .notice
            .as_deref()
            .unwrap()
            .contains("rides on the next message")
    );
    // 503: no active device. Said, not retried.
    let id = match feed(&mut app, [ctrl('t')]).as_slice() {
        [Cmd::Worker(WorkerCmd::StageShare { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    let cmds = app.update(Msg::Staged {
        id,
        result: Err(ErrorInfo {
            status: Some(503),
            code: None,
            sentence: "no active device is available for this number right now (HTTP 503); try again later".into(),
        }),
    });
    assert!(cmds.is_empty());
    assert_eq!(
        app.composer.error.as_ref().and_then(|e| e.status),
        Some(503)
    );
}

#[test]
fn a_failed_refresh_keeps_the_list_and_draws_the_error_under_it() {
    let mut app = app_with_card((100, 30));
    let before = app.numbers.items.clone();
    assert!(!before.is_empty());
    fail_numbers_refresh(&mut app);
    assert_eq!(app.numbers.items, before, "the list stays");
    assert!(
        matches!(&app.numbers.load, Load::Failed(e) if e.status == Some(503)),
        "{:?}",
        app.numbers.load
    );
    let screen = render(&app, 100, 30).to_string();
    assert!(
        screen.contains("● +15551230001"),
        "the list is drawn:\n{screen}"
    );
    assert!(screen.contains("Could not load numbers:"), "{screen}");
}

#[test]
fn refreshing_numbers_keeps_the_selection() {
    let mut app = app_with_card((100, 30));
    feed(&mut app, [key(KeyCode::Down)]);
    let id = numbers_id(&feed(&mut app, [ch('r')]));
    let mut fresh = fixture_numbers();
    fresh.reverse();
    app.update(Msg::Numbers {
        id,
        result: Ok(fresh),
    });
    assert_eq!(app.numbers.selected.as_deref(), Some("+15551230002"));
    assert_eq!(
        app.card.number.as_deref(),
        Some("+15551230001"),
        "the open card stays"
    );
}
