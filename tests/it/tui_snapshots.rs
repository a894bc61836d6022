//! Every TUI state the operator can meet, drawn on a fixed-size `TestBackend` and compared with
//! the committed snapshots. Times come from a fixed "now", spinners never tick, images are halfblocks.

use crate::tui_support::*;
use bloocard::api::{CardUpdateResponse, Chat, ChatContact, SendResponse};
use bloocard::tui::app::Pane;
use bloocard::tui::msg::{Cmd, ErrorInfo, Msg, PreparedPhoto, WorkerCmd};
use crossterm::event::KeyCode;
use insta::assert_snapshot;

const BIG: (u16, u16) = (100, 30);
const SMALL: (u16, u16) = (80, 24);

fn snap(app: &bloocard::tui::app::App, size: (u16, u16)) -> String {
    render(app, size.0, size.1).to_string()
}

fn forbidden() -> ErrorInfo {
    ErrorInfo {
        status: Some(403),
        code: Some("plan_required".into()),
        sentence:
            "Blooio refused this request (HTTP 403 plan_required: \"Dedicated plan required\")"
                .into(),
    }
}

#[test]
fn numbers_loading() {
    let mut app = new_app();
    app.init();
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn numbers_loaded_card_loading() {
    let (app, _) = app_with_numbers(BIG);
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn numbers_filtered() {
    let mut app = app_with_card(BIG);
    feed(&mut app, [ch('/')]);
    type_text(&mut app, "shared");
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn numbers_filter_matches_nothing() {
    let mut app = app_with_card(BIG);
    feed(&mut app, [ch('/')]);
    type_text(&mut app, "999");
    assert_snapshot!(snap(&app, SMALL));
}

#[test]
fn numbers_empty() {
    let mut app = new_app();
    let id = numbers_id(&app.init());
    let cmds = app.update(Msg::Numbers {
        id,
        result: Ok(vec![]),
    });
    assert!(cmds.is_empty(), "no number, no card to load");
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn numbers_error() {
    let mut app = new_app();
    let id = numbers_id(&app.init());
    app.update(Msg::Numbers {
        id,
        result: Err(ErrorInfo {
            status: Some(401),
            code: None,
            sentence:
                "Blooio rejected the API key (HTTP 401); check BLOOIO_API_KEY or --api-key-file"
                    .into(),
        }),
    });
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn numbers_refresh_failed_keeps_the_list() {
    let mut app = app_with_card(BIG);
    fail_numbers_refresh(&mut app);
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn card_loaded_placeholder_small() {
    let app = app_with_card(SMALL);
    assert_snapshot!(snap(&app, SMALL));
}

#[test]
fn card_loaded_halfblocks() {
    let (mut app, id) = app_with_numbers(BIG);
    let avatar = bloocard::avatar::encode_base64(&png_bytes());
    let cmds = app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", Some(avatar))),
    });
    let (decode, cells) = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Worker(WorkerCmd::DecodeAvatar { id, cells, .. }) => Some((*id, *cells)),
            _ => None,
        })
        .expect("the avatar is decoded off the UI thread");
    let before = snap(&app, BIG);
    assert!(before.contains("decoding…"));
    app.update(Msg::AvatarDecoded {
        id: decode,
        result: Ok(sized_preview(cells)),
    });
    assert_snapshot!(snap(&app, BIG));
}

fn sized_preview(cells: (u16, u16)) -> bloocard::tui::preview::Preview {
    let picker = bloocard::tui::capabilities::Graphics::halfblocks("test");
    bloocard::tui::preview::build_sized(Some(&picker), &png_bytes(), cells).unwrap()
}

/// The preview box grows with the card pane (16×8 cells is the least), and a resize draws the
/// avatar again for the new box.
#[test]
fn the_avatar_grows_with_the_pane() {
    let decode_cells = |cmds: &[Cmd]| {
        cmds.iter().find_map(|c| match c {
            Cmd::Worker(WorkerCmd::DecodeAvatar { id, cells, .. }) => Some((*id, *cells)),
            _ => None,
        })
    };
    let (mut app, id) = app_with_numbers((160, 45));
    let avatar = bloocard::avatar::encode_base64(&png_bytes());
    let cmds = app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", Some(avatar))),
    });
    let (id, cells) = decode_cells(&cmds).expect("decoded");
    assert!(
        cells.0 >= 32 && cells.1 >= 16,
        "twice the least at 160×45: {cells:?}"
    );
    app.update(Msg::AvatarDecoded {
        id,
        result: Ok(sized_preview(cells)),
    });
    assert_snapshot!(snap(&app, (160, 45)));

    let (_, small) = decode_cells(&app.update(Msg::Resize(80, 24))).expect("drawn again");
    assert_eq!(small, (16, 8));
    assert!(
        app.update(Msg::Resize(80, 24)).is_empty(),
        "same size: nothing to do"
    );
}

#[test]
fn card_dirty() {
    let mut app = app_with_card(BIG);
    feed(&mut app, [key(KeyCode::Tab)]);
    assert_eq!(app.focus, Pane::Card);
    feed(&mut app, [key(KeyCode::Enter)]);
    feed(&mut app, (0..4).map(|_| key(KeyCode::Backspace)));
    type_text(&mut app, "Jane");
    feed(
        &mut app,
        [
            key(KeyCode::Down),
            key(KeyCode::Down),
            key(KeyCode::Down),
            key(KeyCode::Down),
            ch(' '),
        ],
    );
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn card_saving() {
    let mut app = app_with_card(BIG);
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter), ch('!')]);
    let cmds = feed(&mut app, [ctrl('s')]);
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Worker(WorkerCmd::SaveCard { .. })]
    ));
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn card_save_failed_403_plan() {
    let mut app = app_with_card(BIG);
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter), ch('!')]);
    let id = save_id(&feed(&mut app, [ctrl('s')]));
    app.update(Msg::Saved {
        id,
        result: Err(forbidden()),
    });
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn card_read_disabled() {
    let (mut app, id) = app_with_numbers(BIG);
    app.update(Msg::Card {
        id,
        result: Err(ErrorInfo {
            status: Some(503),
            code: Some("feature_disabled".into()),
            sentence: "no active device is available for this number right now (HTTP 503 feature_disabled); try again later".into(),
        }),
    });
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "Ann");
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn card_plan_gated() {
    let mut app = app_with_card(BIG);
    // Third number is on the shared plan.
    feed(&mut app, [key(KeyCode::Down), key(KeyCode::Down)]);
    let (id, number) = card_request(&feed(&mut app, [key(KeyCode::Enter)]));
    assert_eq!(number, "+15551230003");
    app.update(Msg::Card {
        id,
        result: Ok(card("Shared", "Line", None)),
    });
    feed(&mut app, [key(KeyCode::Tab)]);
    type_text(&mut app, "zz");
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn photo_path_input() {
    let mut app = app_with_card(BIG);
    feed(
        &mut app,
        [
            key(KeyCode::Tab),
            key(KeyCode::Down),
            key(KeyCode::Down),
            ch('p'),
        ],
    );
    type_text(&mut app, "~/Pictures/me.png");
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn photo_prepared_preview() {
    let mut app = app_with_card(BIG);
    feed(
        &mut app,
        [
            key(KeyCode::Tab),
            key(KeyCode::Down),
            key(KeyCode::Down),
            ch('p'),
        ],
    );
    type_text(&mut app, "/tmp/me.png");
    let id = match feed(&mut app, [key(KeyCode::Enter)]).as_slice() {
        [Cmd::Worker(WorkerCmd::PreparePhoto { id, path, .. })] => {
            assert_eq!(path, &std::path::PathBuf::from("/tmp/me.png"));
            *id
        }
        other => panic!("{other:?}"),
    };
    app.update(Msg::PhotoPrepared {
        id,
        result: Ok(PreparedPhoto {
            source: "/tmp/me.png".into(),
            base64: "AAAA".into(),
            report: "PNG 64×64 → JPEG 512×512, 20 KB".into(),
            preview: halfblocks_preview(),
        }),
    });
    assert_snapshot!(snap(&app, BIG));
}

fn composer_app() -> bloocard::tui::app::App {
    let mut app = app_with_card(BIG);
    feed(&mut app, [key(KeyCode::BackTab)]);
    assert_eq!(app.focus, Pane::Composer);
    app
}

#[test]
fn composer_empty() {
    let app = composer_app();
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn composer_filled_share_checked() {
    let mut app = composer_app();
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "+15557654321");
    feed(&mut app, [key(KeyCode::Down), ch('i')]);
    type_text(&mut app, "Hi! Here is my card.");
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "Talk soon");
    feed(&mut app, [key(KeyCode::Down), key(KeyCode::Enter)]);
    type_text(&mut app, "https://example.com/menu.pdf");
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "http://insecure");
    feed(&mut app, [key(KeyCode::Down), ch(' ')]);
    assert!(app.composer.share);
    assert_eq!(app.composer.attachments, ["https://example.com/menu.pdf"]);
    assert!(!app.composer.sending.pending());
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn composer_invalid_chat_small() {
    let mut app = composer_app();
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "5551234");
    assert_snapshot!(snap(&app, SMALL));
}

#[test]
fn chat_picker() {
    let mut app = composer_app();
    let id = match feed(&mut app, [ctrl('p')]).as_slice() {
        [Cmd::Worker(WorkerCmd::LoadChats { id })] => *id,
        other => panic!("{other:?}"),
    };
    let chat = |id: &str, name: Option<&str>| Chat {
        id: Some(id.into()),
        contact: name.map(|n| ChatContact {
            name: Some(n.into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    app.update(Msg::Chats {
        id,
        result: Ok(vec![
            chat("+15557654321", Some("Alice\x1b[31m Red")),
            chat("bob@example.com", Some("Bob")),
            chat("grp_team42", None),
        ]),
    });
    type_text(&mut app, "b");
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn composer_sent_with_status() {
    let mut app = composer_app();
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "+15557654321");
    feed(&mut app, [key(KeyCode::Down), ch('i')]);
    type_text(&mut app, "hello");
    let id = match feed(&mut app, [ctrl('s')]).as_slice() {
        [Cmd::Worker(WorkerCmd::Send { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    let sending = snap(&app, BIG);
    assert!(sending.contains("Sending…"));
    let cmds = app.update(Msg::Sent {
        id,
        result: Ok(SendResponse {
            message_id: Some("msg_01HZX".into()),
            status: Some("queued".into()),
            ..Default::default()
        }),
    });
    // The conversation is read again (issue 12) while the sent message is followed.
    let poll = match cmds.as_slice() {
        [
            Cmd::Worker(WorkerCmd::LoadHistory { .. }),
            Cmd::Worker(WorkerCmd::PollStatus { id, .. }),
        ] => *id,
        other => panic!("{other:?}"),
    };
    app.update(Msg::Status {
        id: poll,
        result: Ok(bloocard::api::MessageStatus {
            status: Some("delivered".into()),
            ..Default::default()
        }),
    });
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn help_overlay() {
    let mut app = app_with_card(BIG);
    feed(&mut app, [ch('?')]);
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn quit_confirmation() {
    let mut app = app_with_card(SMALL);
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    type_text(&mut app, "ny");
    feed(
        &mut app,
        [key(KeyCode::Esc), key(KeyCode::Tab), key(KeyCode::Enter)],
    );
    type_text(&mut app, "+15557654321");
    feed(&mut app, [key(KeyCode::Down), ch('i')]);
    type_text(&mut app, "unsent");
    let cmds = feed(&mut app, [ctrl('c')]);
    assert!(cmds.is_empty(), "asks before quitting");
    assert_snapshot!(snap(&app, SMALL));
}

#[test]
fn terminal_too_small() {
    let app = app_with_card((50, 15));
    assert_snapshot!(snap(&app, (50, 15)));
}

#[test]
fn error_toast() {
    let mut app = composer_app();
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "+15557654321");
    feed(&mut app, [key(KeyCode::Down), ch('i')]);
    type_text(&mut app, "hello");
    let id = match feed(&mut app, [ctrl('s')]).as_slice() {
        [Cmd::Worker(WorkerCmd::Send { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    app.update(Msg::Sent {
        id,
        result: Err(ErrorInfo {
            status: Some(429),
            code: Some("outbound_limit_reached".into()),
            sentence: "a sending limit was reached (HTTP 429 outbound_limit_reached: \"Daily cap reached\"); it will not clear by retrying now".into(),
        }),
    });
    assert_snapshot!(snap(&app, BIG));
}

#[test]
fn saved_and_reread_wide() {
    let mut app = app_with_card((160, 40));
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter), ch('y')]);
    let id = save_id(&feed(&mut app, [ctrl('s')]));
    let cmds = app.update(Msg::Saved {
        id,
        result: Ok(CardUpdateResponse {
            success: Some(true),
            first_name: Some("Johny".into()),
            last_name: Some("Doe".into()),
            ..Default::default()
        }),
    });
    let (id, _) = card_request(&cmds);
    app.update(Msg::Card {
        id,
        result: Ok(card("Johny", "Doe", None)),
    });
    assert_snapshot!(snap(&app, (160, 40)));
}

/// Colour and emphasis, which the text snapshots cannot show: the buffer's Debug lists style runs.
#[test]
fn styles_of_a_failed_save_at_minimum_size() {
    let (w, h) = (
        bloocard::tui::layout::MIN_WIDTH,
        bloocard::tui::layout::MIN_HEIGHT,
    );
    let mut app = app_with_card((w, h));
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter), ch('!')]);
    let id = save_id(&feed(&mut app, [ctrl('s')]));
    app.update(Msg::Saved {
        id,
        result: Err(forbidden()),
    });
    let backend = render(&app, w, h);
    assert_snapshot!(format!("{:?}", backend.buffer()));
}

/// NO_COLOR: the same failed save with every colour gone, but bold and reverse kept, so focus,
/// the selected number and the labels still stand out.
#[test]
fn no_color_keeps_emphasis_and_drops_colour() {
    let (w, h) = (
        bloocard::tui::layout::MIN_WIDTH,
        bloocard::tui::layout::MIN_HEIGHT,
    );
    let mut app = app_with_card((w, h));
    app.config.no_color = true;
    feed(&mut app, [key(KeyCode::Tab), key(KeyCode::Enter), ch('!')]);
    let id = save_id(&feed(&mut app, [ctrl('s')]));
    app.update(Msg::Saved {
        id,
        result: Err(forbidden()),
    });
    let buffer = render(&app, w, h).buffer().clone();
    use ratatui::style::{Color, Modifier};
    assert!(
        buffer
            .content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "no colour anywhere"
    );
    for modifier in [Modifier::BOLD, Modifier::REVERSED] {
        assert!(
            buffer.content.iter().any(|c| c.modifier.contains(modifier)),
            "{modifier:?} is kept"
        );
    }
    assert_snapshot!(format!("{buffer:?}"));
}

#[test]
fn image_off_shows_the_facts_without_a_picture() {
    let (mut app, id) = app_with_numbers(SMALL);
    let avatar = bloocard::avatar::encode_base64(&png_bytes());
    let cmds = app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", Some(avatar))),
    });
    let decode = match cmds.as_slice() {
        [Cmd::Worker(WorkerCmd::DecodeAvatar { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    let preview = bloocard::tui::preview::build(None, &png_bytes()).unwrap();
    assert!(preview.image.is_none());
    app.update(Msg::AvatarDecoded {
        id: decode,
        result: Ok(preview),
    });
    assert_snapshot!(snap(&app, SMALL));
}

#[test]
fn switching_number_with_only_a_message_typed() {
    let mut app = composer_app();
    feed(&mut app, [key(KeyCode::Enter)]);
    type_text(&mut app, "+15557654321");
    feed(&mut app, [key(KeyCode::Down), ch('i')]);
    type_text(&mut app, "draft");
    feed(&mut app, [key(KeyCode::Esc)]);
    feed(
        &mut app,
        [key(KeyCode::Tab), key(KeyCode::Down), key(KeyCode::Enter)],
    );
    assert_snapshot!(snap(&app, SMALL));
}

#[test]
fn the_profile_in_use_is_in_the_numbers_title() {
    let (mut app, _) = app_with_numbers(SMALL);
    app.config.profile = Some("acme\u{1b}[31m".into());
    let screen = snap(&app, SMALL);
    let top = screen.lines().next().unwrap_or_default().to_string();
    // The whole escape sequence goes, not just its ESC (issue 19, bug 1).
    assert!(top.contains("Numbers · acme · 5─"), "{top}");
    assert!(!screen.contains("[31m"), "{screen}");
    assert!(
        !screen.contains('\u{1b}'),
        "escape reached the screen: {screen}"
    );
}
