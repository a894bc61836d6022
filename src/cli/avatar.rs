//! The avatar side of the CLI: describing, showing and saving a card's photo, and preparing a
//! local photo for upload or for a file.

use std::io::IsTerminal;
use std::path::Path;

use super::args::{AvatarPrepareArgs, CardGetArgs};
use super::error::CliError;
use super::output;
use crate::api::ContactCard;
use crate::avatar::{self, AvatarError, PrepareOptions, PrepareReport};
use crate::safe_write::{self, WriteError, WriteOptions};

impl From<AvatarError> for CliError {
    fn from(e: AvatarError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// "JPEG 512×512, 48 KB", or why there is none.
pub fn describe_card_avatar(card: &ContactCard) -> String {
    match card.avatar.as_deref() {
        None => "none".to_owned(),
        Some(b64) if b64.trim().is_empty() => "none".to_owned(),
        Some(b64) => match avatar::decode_base64(b64).and_then(|bytes| avatar::inspect(&bytes)) {
            Ok(info) => format!(
                "{} {}×{}, {}",
                info.format,
                info.width,
                info.height,
                crate::byte_size::human(info.bytes)
            ),
            Err(e) => format!("unreadable ({e})"),
        },
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
    let bytes = avatar::decode_base64(b64)?;
    if let Some(path) = &args.save_avatar {
        let options = crate::safe_write::WriteOptions {
            replace: args.force,
            ..Default::default()
        };
        crate::safe_write::write(path, &bytes, options).map_err(|e| match e {
            crate::safe_write::WriteError::Exists(_) => {
                CliError::Usage(format!("{e}; pass --force to replace it"))
            }
            other => CliError::Input(other.to_string()),
        })?;
        eprintln!("bloocard: avatar written to {}", path.display());
    }
    Ok(CardAvatar {
        description,
        to_show: args.show_avatar.then_some(bytes),
    })
}

/// Draws the avatar with viuer (kitty, iTerm2, sixel or half blocks, whatever the terminal does).
pub fn show(bytes: &[u8]) -> Result<(), CliError> {
    // The preview decode is scaled: a terminal shows a few hundred pixels at most.
    let img = avatar::preview(bytes, 512)?;
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
    let prepared = avatar::prepare_file(path, &PrepareOptions::default())?;
    tracing::info!(report = %prepared.report, "avatar prepared for upload");
    Ok(avatar::encode_base64(&prepared.jpeg))
}

/// `avatar prepare IN -o OUT`: the pipeline, locally, with its one-line report (or, with
/// `json`, the same facts as one JSON object for scripts).
pub fn prepare(args: &AvatarPrepareArgs, json: bool) -> Result<String, CliError> {
    let options = PrepareOptions {
        size: args.size,
        quality: args.quality,
        ..PrepareOptions::default()
    };
    let write = WriteOptions {
        replace: args.force,
        private: false,
        never_over: Some(&args.input),
    };
    // Checked before the photo is decoded too, so a refusal is immediate (a missing input is
    // reported first, by the pipeline).
    if args.input.exists() {
        let refusal = if safe_write::same_file(&args.output, &args.input) {
            Some(WriteError::IsInput {
                path: args.output.clone(),
                input: args.input.clone(),
            })
        } else if !args.force && std::fs::symlink_metadata(&args.output).is_ok() {
            Some(WriteError::Exists(args.output.clone()))
        } else {
            None
        };
        if let Some(refusal) = refusal {
            return Err(write_error(refusal));
        }
    }
    let prepared = avatar::prepare_file(&args.input, &options)?;
    safe_write::write(&args.output, &prepared.jpeg, write).map_err(write_error)?;
    if json {
        return Ok(output::json(&report_json(&prepared.report, args)));
    }
    Ok(format!("{}\n", prepared.report))
}

/// Refusing to write over a file is about the arguments given (exit 2); failing to write is
/// about the file system (exit 6).
fn write_error(e: WriteError) -> CliError {
    match e {
        WriteError::Exists(_) => CliError::Usage(format!("{e}; pass --force to replace it")),
        WriteError::IsInput { .. } => CliError::Usage(e.to_string()),
        WriteError::Io { .. } => CliError::Input(e.to_string()),
    }
}

fn report_json(report: &PrepareReport, args: &AvatarPrepareArgs) -> serde_json::Value {
    serde_json::json!({
        "input": {
            "path": args.input.to_string_lossy(),
            "format": report.format,
            "bytes": report.input_bytes,
            "width": report.width,
            "height": report.height,
        },
        "orientation": report.orientation,
        "decoded": { "width": report.decoded_width, "height": report.decoded_height },
        "crop": { "x": report.crop.x, "y": report.crop.y, "side": report.crop.side },
        "output": {
            "path": args.output.to_string_lossy(),
            "format": "JPEG",
            "width": report.out_side,
            "height": report.out_side,
            "bytes": report.out_bytes,
            "quality": report.quality,
        },
        "upscaled": report.upscaled,
        "converted_to_srgb": report.converted_to_srgb,
        "elapsed_ms": report.elapsed.as_millis() as u64,
    })
}
