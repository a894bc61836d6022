//! Shared fixtures for the TUI tests: a fixed clock, fixture numbers and cards, key helpers, and
//! a renderer onto a fixed-size `TestBackend`.

pub mod apply;
pub mod keys;

pub use keys::{back_tab, ch, ctrl, key, typed};

use bloocard::api::{ContactCard, PhoneNumber, Sharing};
use bloocard::tui::app::{App, AppConfig};
use bloocard::tui::msg::{Cmd, ErrorInfo, Msg, PreparedPhoto, ReqId, WorkerCmd};
use bloocard::tui::preview::{self, Preview};
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-07-20T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn new_app() -> App {
    App::new(AppConfig::default(), now())
}

pub fn number(n: &str, active: bool, last: Option<&str>, plan: Option<&str>) -> PhoneNumber {
    PhoneNumber {
        phone_number: Some(n.into()),
        is_active: Some(active),
        last_active: last.map(Into::into),
        plan_kind: plan.map(Into::into),
    }
}

pub fn fixture_numbers() -> Vec<PhoneNumber> {
    vec![
        number(
            "+15551230001",
            true,
            Some("2026-07-20T09:00:00Z"),
            Some("dedicated"),
        ),
        number("+15551230002", true, Some("2026-07-20T11:58:00Z"), None),
        number(
            "+15551230003",
            true,
            Some("2026-07-18T12:00:00Z"),
            Some("shared"),
        ),
        number("+15551230004", true, None, Some("inbound")),
        number(
            "+15551230005",
            false,
            Some("2026-05-01T00:00:00Z"),
            Some("dedicated"),
        ),
    ]
}

pub fn card(first: &str, last: &str, avatar: Option<String>) -> ContactCard {
    ContactCard {
        phone_number: Some("+15551230001".into()),
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        name: Some(format!("{first} {last}")),
        avatar,
        has_wallpaper: Some(false),
        sharing: Some(Sharing {
            enabled: Some(true),
            audience: Some(0),
            name_format: Some(0),
        }),
    }
}

/// A 64×64 PNG with a gradient, so halfblocks have something to draw.
pub fn png_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 64, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 4) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn halfblocks_preview() -> Preview {
    preview::build(
        Some(&bloocard::tui::capabilities::Graphics::halfblocks("test")),
        &png_bytes(),
    )
    .unwrap()
}

/// From the card's photo button: Enter, the path pasted, Enter, and the worker's answer (a
/// prepared JPEG whose base64 is `QUJD`); the card then holds an unsaved photo.
pub fn set_photo_from(app: &mut App, path: &str) {
    feed(app, [key(KeyCode::Enter)]);
    app.update(Msg::Paste(path.into()));
    let id = match feed(app, [key(KeyCode::Enter)]).as_slice() {
        [Cmd::Worker(WorkerCmd::PreparePhoto { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    app.update(Msg::PhotoPrepared {
        id,
        result: Ok(PreparedPhoto {
            source: path.into(),
            base64: "QUJD".into(),
            report: "PNG 64×64 → JPEG 512×512, 3 KB".into(),
            preview: halfblocks_preview(),
        }),
    });
}

/// A left click at a screen cell (what `--mouse` turns on).
pub fn click(column: u16, row: u16) -> Msg {
    Msg::Mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// What [`feed`] takes: a message, or a key (as `Msg::Key`).
pub trait Input {
    fn into_msg(self) -> Msg;
}

impl Input for Msg {
    fn into_msg(self) -> Msg {
        self
    }
}

impl Input for KeyEvent {
    fn into_msg(self) -> Msg {
        Msg::Key(self)
    }
}

/// Feeds each message or key to `App::update`; returns every command produced, in order.
pub fn feed<I: Input>(app: &mut App, inputs: impl IntoIterator<Item = I>) -> Vec<Cmd> {
    inputs
        .into_iter()
        .flat_map(|i| app.update(i.into_msg()))
        .collect()
}

pub fn type_text(app: &mut App, text: &str) -> Vec<Cmd> {
    feed(app, text.chars().map(ch))
}

pub fn render(app: &App, width: u16, height: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| bloocard::tui::ui::render(app, f))
        .unwrap();
    terminal.backend().clone()
}

/// The whole screen at the app's size as text, one line per row, each without trailing blanks.
pub fn screen_rows(app: &App) -> String {
    let backend = render(app, app.size.0, app.size.1);
    let buf = backend.buffer();
    (0..app.size.1)
        .map(|y| {
            let row: String = (0..app.size.0)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect();
            row.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn numbers_id(cmds: &[Cmd]) -> ReqId {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Worker(WorkerCmd::LoadNumbers { id }) => Some(*id),
            _ => None,
        })
        .expect("a LoadNumbers command")
}

/// The request id of the one save a Ctrl-S must produce.
pub fn save_id(cmds: &[Cmd]) -> ReqId {
    match cmds {
        [Cmd::Worker(WorkerCmd::SaveCard { id, .. })] => *id,
        other => panic!("expected one SaveCard, got {other:?}"),
    }
}

/// Presses `r` in the number picker and answers the refresh with a 503.
pub fn fail_numbers_refresh(app: &mut App) {
    let id = numbers_id(&feed(app, [ch('r')]));
    app.update(Msg::Numbers {
        id,
        result: Err(ErrorInfo {
            status: Some(503),
            code: None,
            sentence: "Blooio is unavailable (HTTP 503)".into(),
        }),
    });
}

pub fn card_request(cmds: &[Cmd]) -> (ReqId, String) {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Worker(WorkerCmd::LoadCard { id, number }) => Some((*id, number.clone())),
            _ => None,
        })
        .expect("a LoadCard command")
}

/// An app with numbers listed and the first number's card requested, not yet answered.
pub fn app_with_numbers(size: (u16, u16)) -> (App, ReqId) {
    let mut app = new_app();
    app.size = size;
    let cmds = app.init();
    let id = numbers_id(&cmds);
    let cmds = app.update(Msg::Numbers {
        id,
        result: Ok(fixture_numbers()),
    });
    let (card_id, _) = card_request(&cmds);
    (app, card_id)
}

/// An app showing John Doe's card (no avatar) on the first, dedicated number.
pub fn app_with_card(size: (u16, u16)) -> App {
    let (mut app, id) = app_with_numbers(size);
    let cmds = app.update(Msg::Card {
        id,
        result: Ok(card("John", "Doe", None)),
    });
    assert!(cmds.is_empty());
    app
}

/// The overlay's rows (between its borders, inside the panes') as one line of words.
pub fn overlay_text(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|l| l.split('│').nth(2))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}
