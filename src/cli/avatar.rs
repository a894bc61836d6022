//! The avatar side of the CLI: describing, showing and saving a card's photo, and preparing a
//! local photo for upload.

use std::io::IsTerminal;
use std::path::Path;

use super::args::CardGetArgs;
use super::error::CliError;
use crate::api::ContactCard;

/// "JPEG 512×512, 48.2 KB", or why there is none.
pub fn describe_card_avatar(card: &ContactCard) -> String {
    match card.avatar.as_deref() {
        None => "none".to_owned(),
        Some(b64) if b64.trim().is_empty() => "none".to_owned(),
        Some(b64) => match decode(b64).and_then(|bytes| describe(&bytes)) {
            Ok(d) => d,
            Err(e) => format!("unreadable ({e})"),
        },
    }
}

// TEMPORARY until the avatar module lands: decode with base64 + image directly.
fn decode(b64: &str) -> Result<Vec<u8>, String> {
    use base64::Engine;
    let body = b64.split_once(";base64,").map_or(b64, |(_, b)| b);
    let cleaned: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(cleaned)
        .map_err(|e| format!("invalid base64: {e}"))
}

fn describe(bytes: &[u8]) -> Result<String, String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader
        .format()
        .map(|f| format!("{f:?}").to_uppercase())
        .ok_or("not an image")?;
    let (w, h) = reader.into_dimensions().map_err(|e| e.to_string())?;
    Ok(format!("{format} {w}×{h}, {}", human_bytes(bytes.len())))
}

pub fn human_bytes(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{:.2} MB", n as f64 / (1024.0 * 1024.0))
    }
}

/// The avatar part of `card get`: its description, and the image to draw when `--show-avatar`.
pub struct CardAvatar {
    pub description: String,
    pub to_show: Option<Vec<u8>>,
}

/// Handles `--save-avatar` and checks `--show-avatar` can work, before anything is printed.
pub fn card_avatar(card: &ContactCard, args: &CardGetArgs) -> Result<CardAvatar, CliError> {
    let description = describe_card_avatar(card);
    if !(args.show_avatar || args.save_avatar.is_some()) {
        return Ok(CardAvatar {
            description,
            to_show: None,
        });
    }
    if args.show_avatar && !std::io::stdout().is_terminal() {
        return Err(CliError::Usage(
            "--show-avatar draws in a terminal, and stdout is not one; use --save-avatar FILE"
                .into(),
        ));
    }
    let Some(b64) = card.avatar.as_deref().filter(|a| !a.trim().is_empty()) else {
        return Err(CliError::Input("this card has no avatar".into()));
    };
    let bytes = decode(b64).map_err(|e| CliError::Input(format!("the card's avatar is {e}")))?;
    if let Some(path) = &args.save_avatar {
        std::fs::write(path, &bytes)
            .map_err(|e| CliError::Input(format!("could not write {}: {e}", path.display())))?;
        eprintln!("bloocard: avatar written to {}", path.display());
    }
    Ok(CardAvatar {
        description,
        to_show: args.show_avatar.then_some(bytes),
    })
}

pub fn show(bytes: &[u8]) -> Result<(), CliError> {
    let img = image::load_from_memory(bytes)
        .map_err(|e| CliError::Input(format!("the card's avatar cannot be decoded: {e}")))?;
    let config = viuer::Config {
        width: Some(24),
        absolute_offset: false,
        ..Default::default()
    };
    viuer::print(&img, &config)
        .map(|_| ())
        .map_err(|e| CliError::Other(format!("could not print the avatar: {e}")))
}

/// Runs a local photo through the avatar pipeline and returns plain base64 for the PUT.
pub fn prepare_for_upload(path: &Path) -> Result<String, CliError> {
    Err(CliError::Input(format!(
        "cannot prepare {}: the avatar pipeline is not in this build yet",
        path.display()
    )))
}
